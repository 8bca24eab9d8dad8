package io.mlctl.core.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import io.mlctl.core.BadInputException;
import io.mlctl.core.pointer.Output;
import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LockFileTest {
  private static final String H1 = "a1".repeat(32);
  private static final String H2 = "b2".repeat(32);

  @Test
  void write_sortsStagesAndPaths_andReadsBack() throws IOException {
    try (FileSystem fs = Jimfs.newFileSystem(Configuration.unix())) {
      Path root = Files.createDirectories(fs.getPath("/p"));
      LockFile lock = new LockFile(root);
      LockEntry b = new LockEntry("make b", List.of(Output.file("z.csv", H1, 1), Output.file("a.csv", H2, 2)),
          Map.of("params.yaml", Map.of("x.y", 0.5)), List.of(Output.directory("out", H1, 3, 2)));
      LockEntry a = new LockEntry("make a", List.of(), Map.of(), List.of());
      lock.write(Map.of("b", b, "a", a));
      assertEquals("schema: 1\nstages:\n  a:\n    cmd: make a\n  b:\n    cmd: make b\n    deps:\n"
          + "    - path: a.csv\n      sha256: " + H2 + "\n      size: 2\n"
          + "    - path: z.csv\n      sha256: " + H1 + "\n      size: 1\n"
          + "    params:\n      params.yaml:\n        x.y: 0.5\n"
          + "    outs:\n    - path: out\n      sha256: " + H1 + "\n      size: 3\n      kind: dir\n      nfiles: 2\n",
          Files.readString(root.resolve("mlctl.lock")));
      assertEquals(Map.of("a", a, "b", b), lock.read());
    }
  }

  @Test
  void read_whenSchemaUnknown_isBadInput() throws IOException {
    try (FileSystem fs = Jimfs.newFileSystem(Configuration.unix())) {
      Path root = Files.createDirectories(fs.getPath("/p"));
      Files.writeString(root.resolve("mlctl.lock"), "schema: 2\nstages: {}\n");
      BadInputException e = assertThrows(BadInputException.class, () -> new LockFile(root).read());
      assertTrue(e.getMessage().startsWith("mlctl.lock:1:1: unsupported schema 2"), e.getMessage());
    }
  }

  @Test
  void write_stageByStage_givesTheSameTextAsOneDumpOfTheWholeLock() throws IOException {
    try (FileSystem fs = Jimfs.newFileSystem(Configuration.unix())) {
      Path root = Files.createDirectories(fs.getPath("/p"));
      LockFile lock = new LockFile(root);
      java.util.Map<String, LockEntry> all = new java.util.TreeMap<>();
      String[] cmds = {"plain", "two\nlines\n\nwith a blank one", "  leading spaces", "key: value # not a comment",
          "quotes ' and \"", "unicode \u00e9\u4e2d", "tab\there", "- dash", "{braces}", "'", "", "trailing \n"};
      for (int i = 0; i < cmds.length; i++) {
        all.put("s" + i + (i % 2 == 0 ? "" : "@x-" + i), new LockEntry(cmds[i],
            List.of(Output.file("in " + i + ".csv", H1, i)), i % 3 == 0 ? Map.of() : Map.of("p.yaml", Map.of("k", i)),
            List.of(Output.directory("out/" + i, H2, i, 1))));
        // Written after every stage, as repro does: each write must equal the whole dump.
        lock.write(all, false);
        assertEquals(io.mlctl.core.yaml.YamlFiles.dump(LockFile.document(all)), Files.readString(root.resolve("mlctl.lock")));
      }
      all.put("s3@x-3", new LockEntry("changed", List.of(), Map.of(), List.of()));
      all.remove("s4");
      lock.write(all);
      assertEquals(io.mlctl.core.yaml.YamlFiles.dump(LockFile.document(all)), Files.readString(root.resolve("mlctl.lock")));
      assertEquals(all, new LockFile(root).read());
      lock.write(Map.of());
      assertEquals(Map.of(), new LockFile(root).read());
    }
  }
}
