package io.mlctl.core.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import io.mlctl.core.StorageException;
import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AtomicFilesTest {
  private final FileSystem fs = Jimfs.newFileSystem(Configuration.unix());
  private final Path dir = fs.getPath("/repo/.mlctl");

  @AfterEach
  void closeFs() throws IOException {
    fs.close();
  }

  private List<String> names() throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void write_whenTargetMissing_createsItAndItsFolders() throws IOException {
    Path target = dir.resolve("config.yaml");
    AtomicFiles.writeString(target, "core:\n  autostage: false\n");
    assertEquals("core:\n  autostage: false\n", Files.readString(target));
  }

  @Test
  void write_bytes_writesExactBytes() throws IOException {
    byte[] bytes = {0, 1, 2, (byte) 0xff, '\n'};
    Path target = dir.resolve("blob");
    AtomicFiles.write(target, bytes);
    assertArrayEquals(bytes, Files.readAllBytes(target));
  }

  @Test
  void write_whenTargetExists_replacesContent() throws IOException {
    Path target = dir.resolve("config.yaml");
    AtomicFiles.writeString(target, "a long old content that is longer than the new one\n");
    AtomicFiles.writeString(target, "new\n");
    assertEquals("new\n", Files.readString(target));
  }

  @Test
  void write_emptyContent_givesEmptyFile() throws IOException {
    Path target = dir.resolve("empty");
    AtomicFiles.writeString(target, "");
    assertEquals(0, Files.size(target));
  }

  @Test
  void write_leavesNoTemporaryFiles() throws IOException {
    AtomicFiles.writeString(dir.resolve("a"), "1");
    AtomicFiles.writeString(dir.resolve("a"), "2");
    AtomicFiles.writeString(dir.resolve("b"), "3");
    assertEquals(List.of("a", "b"), names());
  }

  @Test
  void write_whenStaleTempSiblingLeftByKilledWrite_removesIt() throws IOException {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve(".config.yaml.mlctl-tmp-1f2e3d"), "half");
    Files.writeString(dir.resolve(".other.mlctl-tmp-4c5b6a"), "someone else's");
    AtomicFiles.writeString(dir.resolve("config.yaml"), "whole\n");
    assertEquals(List.of(".other.mlctl-tmp-4c5b6a", "config.yaml"), names());
  }

  /**
   * Cache writers take no lock (two `status` runs at once), and each write clears the file's
   * temporary siblings first: a write whose temporary file a concurrent clean-up took starts over.
   */
  @Test
  void concurrentWritersOfOneFile_allSucceed_andTheFileIsOneWholeWrite() throws Exception {
    Path target = dir.resolve("state/pipeline-fresh");
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(6);
    try {
      List<java.util.concurrent.Future<?>> writes = new java.util.ArrayList<>();
      for (int w = 0; w < 6; w++) {
        String text = ("writer " + w + "\n").repeat(500);
        writes.add(pool.submit(() -> {
          for (int i = 0; i < 150; i++) {
            AtomicFiles.writeStringUnforced(target, text);
          }
          return null;
        }));
      }
      for (java.util.concurrent.Future<?> f : writes) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    String last = Files.readString(target);
    assertTrue(last.matches("(writer \\d\n){500}") && last.lines().distinct().count() == 1, last);
  }

  @Test
  void write_whenTargetIsNonEmptyFolder_throwsStorageAndLeavesNoTemp() throws IOException {
    Path target = dir.resolve("taken");
    Files.createDirectories(target.resolve("child"));
    StorageException e = assertThrows(StorageException.class, () -> AtomicFiles.writeString(target, "x"));
    assertEquals("cannot write /repo/.mlctl/taken: the folder is not empty", e.getMessage());
    assertEquals(List.of("taken"), names());
    assertTrue(Files.isDirectory(target.resolve("child")));
  }

  @Test
  void write_relativeTarget_resolvesAgainstWorkingDirectory() throws IOException {
    AtomicFiles.writeString(fs.getPath("rel.txt"), "x");
    assertEquals("x", Files.readString(fs.getPath("/work/rel.txt")));
  }

  @Test
  void isTemp_recognisesOnlyTemporarySiblings() {
    assertTrue(AtomicFiles.isTemp(".config.yaml.mlctl-tmp-00ff"));
    assertFalse(AtomicFiles.isTemp("config.yaml"));
    assertFalse(AtomicFiles.isTemp(".gitignore"));
    assertFalse(AtomicFiles.isTemp("x.mlctl-tmp-00ff"));
  }

  @Test
  void removeStaleTemps_removesOnlyThatFilesLeftovers_includingAFolderLeftByAKilledCheckout() throws IOException {
    Path target = dir.resolve("model.bin");
    Files.createDirectories(dir);
    Files.writeString(dir.resolve(".model.bin.mlctl-tmp-01"), "half");
    Path folder = Files.createDirectories(dir.resolve(".model.bin.mlctl-tmp-02/deep/er"));
    Files.writeString(folder.resolve("part"), "bytes");
    Files.writeString(dir.resolve(".model.bin.mlctl-tmp-02/top"), "bytes");
    Path outside = Files.writeString(fs.getPath("/keep.txt"), "not a leftover");
    Files.createSymbolicLink(dir.resolve(".model.bin.mlctl-tmp-02/link"), outside);
    Files.writeString(dir.resolve(".other.mlctl-tmp-03"), "someone else's");
    Files.writeString(target, "whole");

    AtomicFiles.removeStaleTemps(target);

    assertEquals(List.of(".other.mlctl-tmp-03", "model.bin"), names());
    assertEquals("not a leftover", Files.readString(outside), "a link inside a leftover is removed, not followed");
    assertEquals("whole", Files.readString(target));
  }

  @Test
  void removeStaleTemps_whenTheFolderIsMissing_doesNothing() {
    AtomicFiles.removeStaleTemps(fs.getPath("/nowhere/file"));
    assertFalse(Files.exists(fs.getPath("/nowhere")));
  }

  @Test
  void removeLeftover_ofAFile_removesIt() throws IOException {
    Path tmp = Files.writeString(Files.createDirectories(dir).resolve(".a.mlctl-tmp-9"), "x");
    AtomicFiles.removeLeftover(tmp);
    assertEquals(List.of(), names());
  }

  @Test
  void tempSibling_isAFreshTemporaryNameBesideTheTarget_notCreated() {
    Path target = dir.resolve("data.csv");
    Path a = AtomicFiles.tempSibling(target);
    Path b = AtomicFiles.tempSibling(target);

    assertEquals(dir, a.getParent());
    assertTrue(a.getFileName().toString().startsWith(".data.csv.mlctl-tmp-"), a.toString());
    assertTrue(AtomicFiles.isTemp(a.getFileName().toString()));
    assertFalse(a.equals(b), "two calls give two names");
    assertFalse(Files.exists(a));
  }
}
