package io.mlctl.core.scm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.mlctl.core.testing.GitTestRepo;
import java.nio.file.Path;
import java.util.Map;
import org.eclipse.jgit.util.FS;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GitSystemConfigTest {
  @TempDir
  Path dir;

  @Test
  void systemConfig_withoutEnvironment_isGitsDefault() {
    assertEquals(Path.of("/etc/gitconfig"), GitRepo.systemConfig(Map.of()));
    assertEquals(Path.of("/etc/gitconfig"), GitRepo.systemConfig(Map.of("GIT_CONFIG_SYSTEM", "")));
  }

  @Test
  void systemConfig_followsGitConfigSystem() {
    assertEquals(Path.of("/opt/git/etc/gitconfig"), GitRepo.systemConfig(Map.of("GIT_CONFIG_SYSTEM", "/opt/git/etc/gitconfig")));
  }

  @Test
  void open_givesJGitTheSystemConfigSoItStartsNoGitProcess() {
    try (GitTestRepo repo = GitTestRepo.init(dir)) {
      GitRepo.open(repo.project().root()).orElseThrow().close();
      // With the file set, JGit never runs `git config --system --show-origin` to find it.
      assertEquals(GitRepo.systemConfig(System.getenv()).toFile(), FS.DETECTED.getGitSystemConfig());
    }
  }
}
