package io.mlctl.core.dvc;

import static io.mlctl.core.dvc.DvcFixture.md5;
import static io.mlctl.core.dvc.DvcImportTest.sha;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mlctl.core.BadInputException;
import io.mlctl.core.pipeline.LockEntry;
import io.mlctl.core.pipeline.LockFile;
import io.mlctl.core.pipeline.PipelineFile;
import io.mlctl.core.pipeline.Stage;
import io.mlctl.core.pointer.Output;
import io.mlctl.core.testing.TestRepo;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Other forms DVC writes: matrix stages, lists of commands, DVC 1's lock, a cache elsewhere, symlinks. */
class DvcPipelineFormsTest {
  private TestRepo repo;
  private DvcFixture dvc;

  @BeforeEach
  void setUp() {
    repo = TestRepo.empty();
    dvc = new DvcFixture(repo);
  }

  @AfterEach
  void tearDown() throws Exception {
    repo.close();
  }

  private DvcImportResult importDvc() {
    return new DvcImport(repo.root(), repo.clock(), Map.of()).call();
  }

  @Test
  void importDvc_matrixStage_expandsAsDvcNamesItAndTakesItsLockEntries() {
    repo.write("dvc.yaml", "stages:\n  fit:\n    matrix:\n      algo: [lr, tree]\n      seed: [1]\n"
        + "    cmd: ./fit ${item.algo} ${item.seed}\n    outs:\n    - out/${item.algo}.txt\n");
    repo.write("out/lr.txt", "lr\n");
    repo.write("out/tree.txt", "tree\n");
    repo.write("dvc.lock", "schema: '2.0'\nstages:\n"
        + "  fit@lr-1:\n    cmd: ./fit lr 1\n    outs:\n    - path: out/lr.txt\n      hash: md5\n      md5: " + md5("lr\n") + "\n"
        + "  fit@tree-1:\n    cmd: ./fit tree 1\n    outs:\n    - path: out/tree.txt\n      hash: md5\n      md5: " + md5("tree\n") + "\n");

    assertTrue(importDvc().complete());

    assertEquals(List.of("fit@lr-1", "fit@tree-1"),
        new PipelineFile(repo.root()).read().stages().stream().map(Stage::name).toList());
    Map<String, LockEntry> lock = new LockFile(repo.root()).read();
    assertEquals(List.of(Output.file("out/tree.txt", sha("tree\n"), 5)), lock.get("fit@tree-1").outs());
  }

  @Test
  void importDvc_listOfCommandsAndDvc1Lock_recordTheCommandAsMlctlRunsIt() {
    repo.write("dvc.yaml", "stages:\n  two:\n    cmd:\n    - ./a\n    - ./b\n    outs:\n    - o.txt\n");
    repo.write("o.txt", "o\n");
    // DVC 1 wrote its lock without a schema, stages at the top.
    repo.write("dvc.lock", "two:\n  cmd:\n  - ./a\n  - ./b\n  outs:\n  - path: o.txt\n    md5: " + md5("o\n") + "\n");

    assertTrue(importDvc().complete());

    LockEntry e = new LockFile(repo.root()).read().get("two");
    assertEquals("./a && ./b", e.cmd());
    assertEquals(new PipelineFile(repo.root()).read().stage("two").orElseThrow().command(), e.cmd());
  }

  @Test
  void importDvc_cacheDirInDvcConfig_isWhereBytesAreFound() {
    repo.write(".dvc/config", "[cache]\n    dir = ../../shared-cache\n");
    String h = md5("far away\n");
    repo.write("/work/shared-cache/files/md5/" + h.substring(0, 2) + "/" + h.substring(2), "far away\n");
    dvc.dvcFile("f.txt.dvc", "f.txt", h, 9);

    assertTrue(importDvc().complete());

    assertTrue(repo.read("f.txt.mlctl").contains(sha("far away\n")));
  }

  @Test
  void importDvc_outputThroughSymlinkLeavingTheWorkTree_isRefused() throws Exception {
    Files.createDirectories(repo.root().getFileSystem().getPath("/elsewhere"));
    Files.createSymbolicLink(repo.path("link"), repo.root().getFileSystem().getPath("/elsewhere"));
    dvc.dvcFile("x.dvc", "link/x", md5("x"), 1);

    BadInputException e = assertThrows(BadInputException.class, this::importDvc);

    assertEquals("x.dvc: 'link/x' leaves the work tree through a symlink", e.getMessage());
  }

  @Test
  void importDvc_lockEntryMlctlRecordsOtherwise_isKept() {
    repo.write("dvc.yaml", "stages:\n  s:\n    cmd: ./s\n    outs:\n    - o.txt\n");
    repo.write("o.txt", "o\n");
    repo.write("dvc.lock", "schema: '2.0'\nstages:\n  s:\n    cmd: ./s\n    outs:\n    - path: o.txt\n      md5: " + md5("o\n") + "\n");
    LockEntry mine = new LockEntry("./s", List.of(), Map.of(), List.of(Output.file("o.txt", sha("newer\n"), 6)));
    new LockFile(repo.root()).write(Map.of("s", mine));

    DvcImportResult r = importDvc();

    assertEquals(DvcImportResult.State.KEPT, r.converted().get(r.converted().size() - 1).state(), r::toString);
    assertEquals(mine, new LockFile(repo.root()).read().get("s"));
  }
}
