package io.mlctl.core.repo;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import io.mlctl.core.testing.Fuzzing;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code .mlctl/config.yaml} is committed: it reads as settings or is bad input, and every setting
 * read has its key's type when a command asks for it.
 */
class ConfigFuzzTest {
  private static final Path ROOT = Jimfs.newFileSystem(Configuration.unix()).getPath("/repo");

  @FuzzTest(maxDuration = Fuzzing.LONG_RUN)
  void read(byte[] file) throws IOException {
    ProjectLayout layout = new ProjectLayout(ROOT);
    Files.createDirectories(layout.config().getParent());
    Files.write(layout.config(), file);
    Fuzzing.parses(() -> {
      Config c = new ConfigStore(layout).read();
      for (ConfigKey k : ConfigKey.values()) {
        if (k.pattern().contains("*")) {
          continue;
        }
        switch (k.type()) {
          case BOOLEAN -> c.getBoolean(k);
          case INTEGER -> c.getLong(k);
          case LINK_LIST -> c.getList(k).forEach(String::length);
          case STRING -> c.get(k.pattern()).map(String.class::cast);
        }
      }
      for (String remote : c.remoteNames()) {
        c.get("remote." + remote + ".url").map(String.class::cast);
        c.get("remote." + remote + ".path_style").map(Boolean.class::cast);
        c.get("remote." + remote + ".jobs").map(Number.class::cast);
      }
    });
  }
}
