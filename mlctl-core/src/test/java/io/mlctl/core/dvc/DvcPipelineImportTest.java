package io.mlctl.core.dvc;

import static io.mlctl.core.dvc.DvcFixture.md5;
import static io.mlctl.core.dvc.DvcImportTest.sha;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mlctl.core.BadInputException;
import io.mlctl.core.data.Workspace;
import io.mlctl.core.dvc.DvcImportResult.Converted;
import io.mlctl.core.dvc.DvcImportResult.Kind;
import io.mlctl.core.dvc.DvcImportResult.NotConverted;
import io.mlctl.core.dvc.DvcImportResult.State;
import io.mlctl.core.pipeline.LockEntry;
import io.mlctl.core.pipeline.LockFile;
import io.mlctl.core.pipeline.PathFingerprints;
import io.mlctl.core.pipeline.Pipeline;
import io.mlctl.core.pipeline.PipelineFile;
import io.mlctl.core.pipeline.Stage;
import io.mlctl.core.pipeline.Staleness;
import io.mlctl.core.pointer.Manifest;
import io.mlctl.core.pointer.Output;
import io.mlctl.core.store.Sha256;
import io.mlctl.core.testing.TestRepo;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** dvc.yaml into mlctl.yaml and dvc.lock into mlctl.lock: a params reference, a foreach stage, a directory output. */
class DvcPipelineImportTest {
  private static final String DVC_YAML = String.join("\n",
      "stages:",
      "  prepare:",
      "    cmd: python prepare.py --ratio ${split.ratio}",
      "    deps:",
      "    - data/raw.csv",
      "    - prepare.py",
      "    params:",
      "    - split.ratio",
      "    outs:",
      "    - data/prepared",
      "  train:",
      "    foreach:",
      "    - small",
      "    - large",
      "    do:",
      "      cmd: python train.py ${item}",
      "      deps:",
      "      - data/prepared",
      "      params:",
      "      - train.epochs",
      "      outs:",
      "      - models/${item}.bin",
      "      metrics:",
      "      - metrics/${item}.json:",
      "          cache: false",
      "");

  private TestRepo repo;
  private DvcFixture dvc;

  @BeforeEach
  void setUp() {
    repo = TestRepo.empty();
    dvc = new DvcFixture(repo);
    repo.write("params.yaml", "split:\n  ratio: 0.8\ntrain:\n  epochs: 3\n");
    repo.write("prepare.py", "print('prepare')\n");
    repo.write("train.py", "print('train')\n");
    repo.write("data/raw.csv", "x\n1\n2\n");
    dvc.dvcFile("data/raw.csv.dvc", "raw.csv", md5("x\n1\n2\n"), 6);
    repo.write("data/prepared/a.csv", "x\n1\n");
    repo.write("data/prepared/b.csv", "x\n2\n");
    for (String m : List.of("small", "large")) {
      repo.write("models/" + m + ".bin", "model " + m);
      repo.write("metrics/" + m + ".json", "{\"accuracy\": 0.9}");
    }
    repo.write("dvc.yaml", DVC_YAML);
    repo.write("dvc.lock", lock("print('prepare')\n"));
  }

  /** dvc.lock as DVC writes it after a run that saw {@code prepareScript}. */
  private String lock(String prepareScript) {
    String listing = dvc.cacheDir(Map.of("a.csv", "x\n1\n", "b.csv", "x\n2\n"));
    StringBuilder sb = new StringBuilder("schema: '2.0'\nstages:\n");
    sb.append("  prepare:\n    cmd: python prepare.py --ratio 0.8\n    deps:\n");
    sb.append(file("data/raw.csv", md5("x\n1\n2\n"), 6)).append(file("prepare.py", md5(prepareScript), prepareScript.length()));
    sb.append("    params:\n      params.yaml:\n        split.ratio: 0.8\n    outs:\n");
    sb.append("    - path: data/prepared\n      hash: md5\n      md5: ").append(listing).append("\n      size: 8\n      nfiles: 2\n");
    for (String m : List.of("small", "large")) {
      sb.append("  train@").append(m).append(":\n    cmd: python train.py ").append(m).append("\n    deps:\n");
      sb.append("    - path: data/prepared\n      hash: md5\n      md5: ").append(listing).append("\n      size: 8\n      nfiles: 2\n");
      sb.append("    params:\n      params.yaml:\n        train.epochs: 3\n    outs:\n");
      sb.append(file("metrics/" + m + ".json", md5("{\"accuracy\": 0.9}"), 17));
      sb.append(file("models/" + m + ".bin", md5("model " + m), ("model " + m).length()));
    }
    return sb.toString();
  }

  private static String file(String path, String md5, long size) {
    return "    - path: " + path + "\n      hash: md5\n      md5: " + md5 + "\n      size: " + size + "\n";
  }

  @AfterEach
  void tearDown() throws Exception {
    repo.close();
  }

  private DvcImportResult importDvc() {
    return new DvcImport(repo.root(), repo.clock(), Map.of()).call();
  }

  private boolean hasObject(String hash) {
    return repo.exists(".mlctl/cache/sha256/" + hash.substring(0, 2) + "/" + hash.substring(2));
  }

  /** Why each stage of mlctl.yaml would run again, by stage; empty lists when all are fresh. */
  private Map<String, List<String>> staleness() {
    Workspace ws = repo.workspace();
    Staleness st = new Staleness(ws, new PathFingerprints(ws));
    Map<String, LockEntry> lock = new LockFile(repo.root()).read();
    Map<String, List<String>> out = new java.util.TreeMap<>();
    for (Stage s : new PipelineFile(repo.root()).read().stages()) {
      out.put(s.name(), st.reasons(s, lock.get(s.name())));
    }
    return out;
  }

  @Test
  void importDvc_pipeline_convertsStagesAndLockSoEveryStageIsFresh() {
    DvcImportResult r = importDvc();

    assertTrue(r.complete(), r::toString);
    Pipeline p = new PipelineFile(repo.root()).read();
    assertEquals(List.of("prepare", "train@small", "train@large"), p.stages().stream().map(Stage::name).toList());
    assertEquals(List.of("python train.py small"), p.stage("train@small").orElseThrow().cmd());
    assertEquals(Map.of("prepare", List.of(), "train@large", List.of(), "train@small", List.of()), staleness());
    assertTrue(r.converted().contains(new Converted(Kind.STAGE, "dvc.yaml: stage 'train'", "mlctl.yaml", State.CONVERTED,
        "expands to train@small, train@large")), r::toString);
    assertTrue(r.converted().contains(new Converted(Kind.LOCK_ENTRY, "dvc.lock: stage 'prepare'", "mlctl.lock",
        State.CONVERTED, null)), r::toString);
  }

  @Test
  void importDvc_lock_recordsSha256OfEveryFileAndParamValues() {
    importDvc();

    Map<String, LockEntry> lock = new LockFile(repo.root()).read();
    Manifest prepared = Manifest.of(List.of(new Manifest.Entry("a.csv", sha("x\n1\n"), 4), new Manifest.Entry("b.csv", sha("x\n2\n"), 4)));
    Output dir = Output.directory("data/prepared", Sha256.of(prepared.toBytes()), 8, 2);
    assertEquals(new LockEntry("python prepare.py --ratio 0.8",
        List.of(Output.file("data/raw.csv", sha("x\n1\n2\n"), 6), Output.file("prepare.py", sha("print('prepare')\n"), 17)),
        Map.of("params.yaml", Map.of("split.ratio", 0.8)), List.of(dir)), lock.get("prepare"));
    assertEquals(new LockEntry("python train.py small", List.of(dir), Map.of("params.yaml", Map.of("train.epochs", 3)),
        List.of(Output.file("metrics/small.json", sha("{\"accuracy\": 0.9}"), 17), Output.file("models/small.bin", sha("model small"), 11))),
        lock.get("train@small"));
    assertTrue(hasObject(sha("model small")), "a cached output goes to the cache");
    assertTrue(hasObject(dir.sha256()), "a directory output's manifest goes to the cache");
    assertTrue(hasObject(sha("x\n1\n")));
    assertFalse(hasObject(sha("{\"accuracy\": 0.9}")), "a 'cache: false' output stays out of the cache");
    assertFalse(hasObject(sha("print('prepare')\n")), "dependencies are hashed, not cached");
    assertTrue(repo.read("models/.gitignore").contains("/small.bin\n"));
  }

  @Test
  void importDvc_dependencyChangedSinceDvcRan_leavesTheStageStale() {
    repo.write("dvc.lock", lock("print('older script')\n"));

    DvcImportResult r = importDvc();

    assertTrue(r.complete(), r::toString);
    assertTrue(r.converted().contains(new Converted(Kind.LOCK_ENTRY, "dvc.lock: stage 'prepare'", "mlctl.lock",
        State.CONVERTED, "runs again: dependency prepare.py changed since DVC ran the stage")), r::toString);
    assertEquals(List.of("new deps: prepare.py"), staleness().get("prepare"));
  }

  @Test
  void importDvc_runTwice_changesNoFile() throws Exception {
    importDvc();
    byte[] yaml = Files.readAllBytes(repo.path("mlctl.yaml"));
    byte[] lock = Files.readAllBytes(repo.path("mlctl.lock"));

    DvcImportResult again = importDvc();

    assertTrue(again.converted().stream().allMatch(c -> c.state() == State.UNCHANGED), again::toString);
    assertArrayEquals(yaml, Files.readAllBytes(repo.path("mlctl.yaml")));
    assertArrayEquals(lock, Files.readAllBytes(repo.path("mlctl.lock")));
  }

  @Test
  void importDvc_stageMlctlDefinesOtherwise_isKeptWithItsLockEntry() {
    repo.write("mlctl.yaml", "stages:\n  prepare:\n    cmd: ./my-own-prepare\n");

    DvcImportResult r = importDvc();

    assertTrue(r.converted().contains(new Converted(Kind.STAGE, "dvc.yaml: stage 'prepare'", "mlctl.yaml", State.KEPT,
        "mlctl.yaml defines this stage otherwise")), r::toString);
    assertEquals(List.of("./my-own-prepare"), new PipelineFile(repo.root()).read().stage("prepare").orElseThrow().cmd());
    assertFalse(new LockFile(repo.root()).read().containsKey("prepare"), "DVC's run of its prepare says nothing of mlctl's");
    assertTrue(new LockFile(repo.root()).read().containsKey("train@small"));
  }

  @Test
  void importDvc_wdirStage_recordsPathsFromTheRoot() {
    repo.write("dvc.yaml", "stages:\n  build:\n    wdir: src\n    cmd: ./build\n    deps:\n    - ../data/raw.csv\n    outs:\n    - out.txt\n");
    repo.write("src/out.txt", "built\n");
    repo.write("dvc.lock", "schema: '2.0'\nstages:\n  build:\n    cmd: ./build\n    deps:\n"
        + file("../data/raw.csv", md5("x\n1\n2\n"), 6) + "    outs:\n" + file("out.txt", md5("built\n"), 6));

    assertTrue(importDvc().complete());

    LockEntry e = new LockFile(repo.root()).read().get("build");
    assertEquals(List.of(Output.file("data/raw.csv", sha("x\n1\n2\n"), 6)), e.deps());
    assertEquals(List.of(Output.file("src/out.txt", sha("built\n"), 6)), e.outs());
    assertEquals(List.of(), staleness().get("build"));
  }

  @Test
  void importDvc_whatMlctlCannotExpress_isReportedAndTheRestConverted() {
    repo.write("params.yaml", "opts:\n  lr: 0.1\n  depth: 3\n");
    repo.write("dvc.yaml", String.join("\n",
        "vars:",
        "- config.json:model",
        "- n: 2",
        "stages:",
        "  unpack:",
        "    cmd: python train.py ${opts}",
        "  literal:",
        "    cmd: echo \\${not_a_reference}",
        "  tomlish:",
        "    cmd: ./x",
        "    params:",
        "    - config.toml:",
        "      - a",
        "  plotted:",
        "    cmd: ./plot ${n} ${opts.lr}",
        "    plots:",
        "    - roc.csv:",
        "        x: fpr",
        "        y: tpr",
        "        cache: false",
        "plots:",
        "- roc.csv",
        ""));
    repo.delete("dvc.lock");

    DvcImportResult r = importDvc();

    assertEquals(List.of(
        new NotConverted(Kind.SECTION, "dvc.yaml", "top-level 'plots'",
            "mlctl plots the plots files that stages declare, without DVC's plot settings"),
        new NotConverted(Kind.VARS, "dvc.yaml", "top-level vars: file 'config.json:model'",
            "mlctl takes ${} values from params.yaml and inline vars only"),
        new NotConverted(Kind.STAGE, "dvc.yaml", "stage 'unpack'",
            "its cmd unpacks ${opts} (a mapping or list) into options, which mlctl does not do"),
        new NotConverted(Kind.STAGE, "dvc.yaml", "stage 'literal'",
            "it escapes a reference as \\${…}, which mlctl.yaml cannot write literally"),
        new NotConverted(Kind.STAGE, "dvc.yaml", "stage 'tomlish'",
            "its parameters file 'config.toml' is TOML or Python; mlctl reads YAML and JSON"),
        new NotConverted(Kind.OPTION, "dvc.yaml", "stage 'plotted': plots file 'roc.csv': option 'x'",
            "mlctl draws a plots file's series without DVC's plot settings"),
        new NotConverted(Kind.OPTION, "dvc.yaml", "stage 'plotted': plots file 'roc.csv': option 'y'",
            "mlctl draws a plots file's series without DVC's plot settings")), r.notConverted());
    Pipeline p = new PipelineFile(repo.root()).read();
    assertEquals(List.of("./plot 2 0.1"), p.stage("plotted").orElseThrow().cmd());
    assertFalse(p.stage("plotted").orElseThrow().outs().get(0).cache());
  }

  @Test
  void importDvc_listIndexReference_becomesMlctlsDottedForm() {
    repo.write("params.yaml", "sizes: [10, 20]\n");
    repo.write("dvc.yaml", "stages:\n  s:\n    cmd: ./run ${sizes[1]}\n");
    repo.delete("dvc.lock");

    assertTrue(importDvc().complete());

    assertTrue(repo.read("mlctl.yaml").contains("./run ${sizes.1}"), repo.read("mlctl.yaml"));
    assertEquals(List.of("./run 20"), new PipelineFile(repo.root()).read().stage("s").orElseThrow().cmd());
  }

  @Test
  void importDvc_stagePathLeavingTheWorkTree_isRefusedBeforeAnythingIsWritten() {
    repo.write("dvc.yaml", "stages:\n  evil:\n    cmd: ./x\n    deps:\n    - ../../etc/passwd\n");

    BadInputException e = assertThrows(BadInputException.class, this::importDvc);

    assertEquals("dvc.yaml: stage 'evil': path '../../etc/passwd' leaves the work tree through '..'", e.getMessage());
    assertFalse(repo.exists("mlctl.yaml"));
    assertFalse(repo.exists("data/raw.csv.mlctl"), "nothing written");
  }

  @Test
  void importDvc_lockPathIntoGit_isRefused() {
    repo.write("dvc.lock", "schema: '2.0'\nstages:\n  prepare:\n    cmd: x\n    outs:\n"
        + file(".git/hooks/post-checkout", md5("x"), 1));

    BadInputException e = assertThrows(BadInputException.class, this::importDvc);

    assertEquals("dvc.lock: stage 'prepare': path '.git/hooks/post-checkout' names a Git folder ('.git')", e.getMessage());
    assertFalse(repo.exists("mlctl.lock"));
  }

  @Test
  void importDvc_nestedPipeline_isReported() {
    repo.write("sub/dvc.yaml", "stages:\n  a:\n    cmd: ./a\n");

    DvcImportResult r = importDvc();

    assertEquals(List.of(new NotConverted(Kind.FILE, "sub/dvc.yaml", "pipeline",
        "mlctl reads one mlctl.yaml at the root: move these stages there with 'wdir: sub'")), r.notConverted());
  }
}
