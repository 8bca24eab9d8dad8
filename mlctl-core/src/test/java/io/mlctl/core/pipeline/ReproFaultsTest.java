package io.mlctl.core.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mlctl.core.StorageException;
import io.mlctl.core.data.Fsck;
import io.mlctl.core.data.Workspace;
import io.mlctl.core.repo.Init;
import io.mlctl.core.repo.Project;
import io.mlctl.core.testing.FaultyFileSystem;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code repro} on a disk that fills up, or with a read-only cache, while it stores a stage's
 * outputs: real stages run by {@code sh} in a temporary folder that mlctl sees through a {@link
 * FaultyFileSystem}. The run fails naming the output, records nothing about it ({@code
 * mlctl.lock} unchanged), leaves no temporary file, and the next repro once the fault is gone
 * completes.
 */
@Timeout(120)
class ReproFaultsTest {
  private static final String PIPELINE = """
      stages:
        make:
          cmd: yes 0123456789abcdef | head -c 300000 > out.bin
          outs: [out.bin]
      """;

  @TempDir
  Path tmp;

  private FaultyFileSystem fs;
  private Path root;

  @BeforeEach
  void setUp() throws IOException {
    fs = FaultyFileSystem.wrap(FileSystems.getDefault());
    root = fs.path(tmp.resolve("repo"));
    Files.createDirectories(root);
    new Init(root).noGit(true).call();
    Files.writeString(root.resolve("mlctl.yaml"), PIPELINE);
  }

  private ReproResult repro() {
    try (Project p = Project.open(root, Clock.systemUTC(), System.getenv())) {
      return new Repro(p).call(Repro.Options.defaults());
    }
  }

  private List<String> leftovers() throws IOException {
    try (Stream<Path> all = Files.walk(root)) {
      return all.filter(p -> p.getFileName().toString().contains(".mlctl-tmp-")
              || p.getParent().endsWith(".mlctl/tmp") && Files.isRegularFile(p) && !p.endsWith("lock"))
          .map(p -> root.relativize(p).toString()).toList();
    }
  }

  private void assertCacheIntact() {
    try (Project p = Project.open(root, Clock.systemUTC(), System.getenv())) {
      assertEquals(List.of(), new Fsck(new Workspace(p)).call().damaged());
    }
  }

  @Test
  void repro_whenTheCacheFillsUpStoringAnOutput_namesIt_recordsNothing_andTheNextReproCompletes() throws IOException {
    fs.fillUpAfter(root.resolve(".mlctl"), 100_000);

    StorageException e = assertThrows(StorageException.class, this::repro);

    assertTrue(e.getMessage().contains("out.bin"), e.getMessage());
    assertTrue(e.getMessage().endsWith("no space left on device"), e.getMessage());
    assertFalse(Files.exists(root.resolve("mlctl.lock")), "a lock that records an output the cache lacks");
    assertEquals(List.of(), leftovers());
    assertCacheIntact();

    fs.heal();
    ReproResult r = repro();
    assertEquals(ReproResult.Outcome.RAN, r.stages().get(0).outcome());
    assertTrue(Files.readString(root.resolve("mlctl.lock")).contains("path: out.bin"));
    assertEquals(List.of(), leftovers());
    assertCacheIntact();
  }

  @Test
  void repro_whenTheCacheIsReadOnly_saysPermissionDenied_andTheNextReproCompletes() throws IOException {
    Files.createDirectories(root.resolve(".mlctl/cache"));
    fs.deny(root.resolve(".mlctl/cache"));

    StorageException e = assertThrows(StorageException.class, this::repro);

    assertTrue(e.getMessage().endsWith("permission denied"), e.getMessage());
    assertTrue(e.getMessage().contains(root.toString()), e.getMessage());
    assertFalse(Files.exists(root.resolve("mlctl.lock")));
    assertEquals(List.of(), leftovers());

    fs.heal();
    assertEquals(ReproResult.Outcome.RAN, repro().stages().get(0).outcome());
    assertTrue(Files.exists(root.resolve("mlctl.lock")));
  }

  @Test
  void repro_whenTheDiskFillsUpWritingTheLock_keepsThePreviousLockWhole() throws IOException {
    repro();
    String before = Files.readString(root.resolve("mlctl.lock"));
    Files.writeString(root.resolve("mlctl.yaml"), PIPELINE.replace("0123456789abcdef", "fedcba9876543210"));
    // Room for the new output in the cache, none beside mlctl.lock.
    fs.fillUpAfter(p -> p.getFileName().toString().contains("mlctl.lock"), 0);

    StorageException e = assertThrows(StorageException.class, this::repro);

    assertEquals("cannot write " + root.resolve("mlctl.lock") + ": no space left on device", e.getMessage());
    assertEquals(before, Files.readString(root.resolve("mlctl.lock")), "the lock is the old one, whole");
    assertEquals(List.of(), leftovers());

    fs.heal();
    repro();
    assertFalse(before.equals(Files.readString(root.resolve("mlctl.lock"))));
  }
}
