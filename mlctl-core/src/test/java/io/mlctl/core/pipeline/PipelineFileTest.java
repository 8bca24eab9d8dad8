package io.mlctl.core.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import io.mlctl.core.BadInputException;
import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PipelineFileTest {
  private FileSystem fs;
  private Path root;

  @BeforeEach
  void setUp() throws IOException {
    fs = Jimfs.newFileSystem(Configuration.unix());
    root = Files.createDirectories(fs.getPath("/p"));
    Files.writeString(root.resolve("params.yaml"), "split: {ratio: 0.2, seed: 7}\ntrain: {lr: 0.1}\nmodels: [a, b]\n");
    Files.createDirectories(root.resolve("data"));
    Files.writeString(root.resolve("data/iris.csv"), "x\n");
  }

  @AfterEach
  void tearDown() throws IOException {
    fs.close();
  }

  private Pipeline parse(String yaml) {
    return new PipelineFile(root).parse(yaml);
  }

  private static final String PARAMETRISED = """
      stages:
        train:
          cmd: train --lr ${train.lr}
          deps: [data/iris.csv]
      """;

  @Test
  void read_afterAPrefetch_givesThePrefetchedPipeline_whileBothFilesAreUnchanged() throws IOException {
    Files.writeString(root.resolve("mlctl.yaml"), PARAMETRISED);
    Pipeline ahead = PipelineFile.prefetch(root);
    assertEquals(List.of("train --lr 0.1"), ahead.stages().get(0).cmd());
    assertTrue(ahead == new PipelineFile(root).read(), "the prefetched pipeline itself");
    // Used once: the next read parses again.
    Pipeline again = new PipelineFile(root).read();
    assertFalse(ahead == again);
    assertEquals(ahead, again);
  }

  @Test
  void read_afterAPrefetch_whenAFileChangedSince_parsesItAgain() throws IOException {
    Files.writeString(root.resolve("mlctl.yaml"), PARAMETRISED);
    PipelineFile.prefetch(root);
    Files.writeString(root.resolve("params.yaml"), "train: {lr: 0.5}\n");
    assertEquals(List.of("train --lr 0.5"), new PipelineFile(root).read().stages().get(0).cmd());

    PipelineFile.prefetch(root);
    Files.writeString(root.resolve("mlctl.yaml"), PARAMETRISED.replace("train --lr", "fit --lr"));
    assertEquals(List.of("fit --lr 0.5"), new PipelineFile(root).read().stages().get(0).cmd());

    PipelineFile.prefetch(root);
    Files.delete(root.resolve("params.yaml"));
    BadInputException e = assertThrows(BadInputException.class, () -> new PipelineFile(root).read());
    assertTrue(e.getMessage().contains("train.lr"), e.getMessage());
  }

  @Test
  void read_afterAPrefetchOfAnotherProjectOrOfABrokenFile_parsesItsOwn() throws IOException {
    Path other = Files.createDirectories(fs.getPath("/other"));
    Files.writeString(other.resolve("mlctl.yaml"), PARAMETRISED.replace("${train.lr}", "0.9"));
    Files.writeString(root.resolve("mlctl.yaml"), PARAMETRISED);
    PipelineFile.prefetch(other);
    assertEquals(List.of("train --lr 0.1"), new PipelineFile(root).read().stages().get(0).cmd());

    Files.writeString(root.resolve("mlctl.yaml"), "stages:\n  train:\n    cmd: [unclosed\n");
    assertEquals(null, PipelineFile.prefetch(root));
    BadInputException e = assertThrows(BadInputException.class, () -> new PipelineFile(root).read());
    assertTrue(e.getMessage().startsWith("mlctl.yaml:"), e.getMessage());
  }

  @Test
  void parse_whenPlainStage_readsEveryKey() {
    Pipeline p = parse("""
        stages:
          split:
            cmd: [echo one, echo two]
            deps: [data/iris.csv]
            params: [split.ratio, {other.yaml: [a.b]}]
            outs: [data/train.csv, {data/test.csv: {cache: false, persist: true}}]
            metrics: [m.json]
            plots: p.csv
            frozen: true
            always_changed: true
        """);
    Stage s = p.stages().get(0);
    assertEquals("split", s.name());
    assertEquals(List.of("echo one", "echo two"), s.cmd());
    assertEquals(".", s.wdir());
    assertEquals(List.of("data/iris.csv"), s.deps());
    assertEquals(List.of(new Stage.Param("params.yaml", "split.ratio"), new Stage.Param("other.yaml", "a.b")), s.params());
    assertEquals(List.of(new Stage.Out("data/train.csv", Stage.OutKind.OUT, true, false),
        new Stage.Out("data/test.csv", Stage.OutKind.OUT, false, true),
        new Stage.Out("m.json", Stage.OutKind.METRIC, true, false),
        new Stage.Out("p.csv", Stage.OutKind.PLOT, true, false)), s.outs());
    assertTrue(s.frozen());
    assertTrue(s.alwaysChanged());
  }

  @Test
  void parse_interpolatesParamsAndVars() {
    Pipeline p = parse("""
        vars: {model: logistic, dir: out}
        stages:
          train:
            cmd: train --lr ${train.lr} --seed ${split.seed} --algo ${model}
            outs: ['${dir}/${model}.model']
        """);
    Stage s = p.stages().get(0);
    assertEquals("train --lr 0.1 --seed 7 --algo logistic", s.command());
    assertEquals("out/logistic.model", s.outs().get(0).path());
  }

  @Test
  void parse_foreachList_namesStagesByItem() {
    Pipeline p = parse("""
        stages:
          train:
            foreach: [logistic, cart]
            do:
              cmd: train ${item}
              outs: ['models/${item}.model']
          fit:
            foreach: '${models}'
            do:
              cmd: fit ${item}
        """);
    assertEquals(List.of("train@logistic", "train@cart", "fit@a", "fit@b"), p.stages().stream().map(Stage::name).toList());
    assertEquals("train cart", p.stages().get(1).command());
    assertEquals("models/cart.model", p.stages().get(1).outs().get(0).path());
  }

  @Test
  void parse_foreachMapping_namesStagesByKey() {
    Pipeline p = parse("""
        stages:
          train:
            foreach:
              small: {lr: 0.1}
              big: {lr: 0.01}
            do:
              cmd: train ${key} ${item.lr}
        """);
    assertEquals(List.of("train@small", "train@big"), p.stages().stream().map(Stage::name).toList());
    assertEquals("train big 0.01", p.stages().get(1).command());
  }

  @Test
  void parse_matrix_namesStagesByValues() {
    Pipeline p = parse("""
        stages:
          train:
            matrix: {algo: [lr, cart], seed: [1, 2]}
            cmd: train ${item.algo} ${item.seed}
        """);
    assertEquals(List.of("train@lr-1", "train@lr-2", "train@cart-1", "train@cart-2"),
        p.stages().stream().map(Stage::name).toList());
    assertEquals("train cart 2", p.stages().get(3).command());
    assertEquals(4, p.select("train").size());
  }

  @Test
  void parse_whenVariableUndefined_namesStageAndLine() {
    BadInputException e = assertThrows(BadInputException.class, () -> parse("""
        stages:
          a:
            cmd: echo ok
          b:
            cmd: echo ${nope.x}
        """));
    assertTrue(e.getMessage().startsWith("mlctl.yaml:4:3: stage 'b': undefined ${nope.x}"), e.getMessage());
  }

  @Test
  void parse_whenMalformed_namesLineAndColumn() {
    BadInputException e = assertThrows(BadInputException.class, () -> parse("stages:\n  a: [\n"));
    assertTrue(e.getMessage().matches("mlctl\\.yaml:\\d+:\\d+: malformed YAML.*"), e.getMessage());
  }

  @Test
  void parse_whenUnknownKey_rejects() {
    BadInputException e = assertThrows(BadInputException.class, () -> parse("stages:\n  a:\n    cmd: x\n    dep: [y]\n"));
    assertTrue(e.getMessage().contains("stage 'a': unknown key 'dep'"), e.getMessage());
  }

  @Test
  void read_whenNoFile_isEmpty() {
    assertTrue(new PipelineFile(root).read().stages().isEmpty());
  }

  @Test
  void params_readsKeysAndSections() throws IOException {
    Files.writeString(root.resolve("other.json"), "{\"a\": {\"b\": 3}}");
    Stage s = parse("""
        stages:
          a:
            cmd: x
            params: [train, split.seed, {other.json: [a.b]}]
        """).stages().get(0);
    var v = Params.values(root, s);
    assertEquals(7, v.get("params.yaml").get("split.seed"));
    assertEquals(java.util.Map.of("lr", 0.1), v.get("params.yaml").get("train"));
    assertEquals(3, v.get("other.json").get("a.b"));
  }

  @Test
  void dag_ordersStagesAfterTheirInputs() {
    Dag d = new Dag(parse("""
        stages:
          train:
            cmd: t
            deps: [data/prep/x.csv]
            outs: [model]
          prep:
            cmd: p
            deps: [data/iris.csv]
            outs: [data/prep]
        """), root);
    assertEquals(List.of("prep", "train"), d.order().stream().map(Stage::name).toList());
    assertEquals(java.util.Set.of("prep"), d.upstream("train"));
    assertFalse(d.withDownstream(java.util.Set.of("prep")).isEmpty());
  }

  @Test
  void dag_whenCycle_namesIt() {
    BadInputException e = assertThrows(BadInputException.class, () -> new Dag(parse("""
        stages:
          a: {cmd: x, deps: [b.out], outs: [a.out]}
          b: {cmd: x, deps: [a.out], outs: [b.out]}
        """), root));
    assertTrue(e.getMessage().contains("cycle: a -> b -> a") || e.getMessage().contains("cycle: b -> a -> b"), e.getMessage());
  }

  @Test
  void dag_whenTwoStagesShareAnOutput_rejects() {
    BadInputException e = assertThrows(BadInputException.class, () -> new Dag(parse("""
        stages:
          a: {cmd: x, outs: [o]}
          b: {cmd: x, outs: [o]}
        """), root));
    assertTrue(e.getMessage().startsWith("mlctl.yaml:3:3: stage 'b': output 'o' overlaps output 'o' of stage 'a'"), e.getMessage());
  }

  @Test
  void dag_whenDependencyMissing_rejects() {
    BadInputException e = assertThrows(BadInputException.class, () -> new Dag(parse("""
        stages:
          a: {cmd: x, deps: [nowhere.csv]}
        """), root));
    assertTrue(e.getMessage().startsWith("mlctl.yaml:2:3: stage 'a': dependency 'nowhere.csv' does not exist"), e.getMessage());
  }

  @Test
  void dag_whenOutputInsideMlctlOrGit_rejects() {
    for (String out : List.of(".mlctl/x", ".git/hooks/y", "../up", "/abs")) {
      BadInputException e = assertThrows(BadInputException.class, () -> new Dag(parse(
          "stages:\n  a: {cmd: x, outs: ['" + out + "']}\n"), root));
      assertTrue(e.getMessage().startsWith("mlctl.yaml:2:3: stage 'a': output '"), e.getMessage());
    }
  }

  @Test
  void parse_withWdir_takesPathsRelativeToIt() {
    Stage s = parse("""
        stages:
          a:
            cmd: x
            wdir: src/./
            deps: [../data/iris.csv, code.py]
            params: [{../conf.yaml: [k]}]
            outs: [../out/model]
        """).stages().get(0);
    assertEquals("src", s.wdir());
    assertEquals(List.of("data/iris.csv", "src/code.py"), s.deps());
    assertEquals(List.of(new Stage.Param("conf.yaml", "k")), s.params());
    assertEquals("out/model", s.outs().get(0).path());
  }

  @Test
  void parse_aWdirOutsideTheProject_orInItsOwnFolders_isRefusedNamingStageAndLine() {
    for (String[] c : new String[][] {
        {"..", "leaves its folder through '..'"},
        {"src/../..", "leaves its folder through '..'"},
        {"/tmp", "absolute path '/tmp'"},
        {".git/hooks", "names a Git folder ('.git')"},
        {".GIT.", "names a Git folder"},
        {".mlctl/cache", "inside mlctl's own folder"}}) {
      BadInputException e = assertThrows(BadInputException.class,
          () -> parse("stages:\n  a:\n    cmd: touch x\n    wdir: '" + c[0] + "'\n"), c[0]);
      assertTrue(e.getMessage().startsWith("mlctl.yaml:2:3: stage 'a': wdir: "), e.getMessage());
      assertTrue(e.getMessage().contains(c[1]), e.getMessage());
    }
  }

  @Test
  void parse_stageVars_asAListOfMappings_asDvcWritesThem() {
    Pipeline p = parse("stages:\n  a:\n    vars:\n      - {x: 1, y: 2}\n      - {y: 3}\n    cmd: echo ${x} ${y}\n");
    assertEquals("echo 1 3", p.stages().get(0).command());
    BadInputException e = assertThrows(BadInputException.class,
        () -> parse("stages:\n  a:\n    vars: [params.yaml]\n    cmd: echo\n"));
    assertTrue(e.getMessage().contains("stage 'a': 'vars' must be a mapping or a list of mappings"), e.getMessage());
  }

  @Test
  void parse_aWdirInsideTheProject_isKept_evenWhenItClimbsBackIn() {
    assertEquals("src", parse("stages:\n  a: {cmd: x, wdir: ./src/}\n").stages().get(0).wdir());
    assertEquals("b", parse("stages:\n  a: {cmd: x, wdir: a/../b}\n").stages().get(0).wdir());
    assertEquals(".", parse("stages:\n  a: {cmd: x, wdir: .}\n").stages().get(0).wdir());
  }

  @Test
  void dag_whenPathClimbsAboveRoot_rejects() {
    BadInputException e = assertThrows(BadInputException.class, () -> new Dag(parse(
        "stages:\n  a: {cmd: x, wdir: src, outs: [../../up]}\n"), root));
    assertTrue(e.getMessage().startsWith("mlctl.yaml:2:3: stage 'a': output 'src/../../up' may not contain '..'"), e.getMessage());
  }

  @Test
  void dag_whenAPathUnderAWdirIsOnAWindowsDrive_rejectsItInTheUsersSpelling() {
    // Joined to the wdir, 'C:/x' would read as the folder sub/C: inside the project.
    for (String[] c : new String[][] {
        {"deps: ['C:\\data.csv']", "dependency 'C:\\data.csv'"},
        {"deps: ['c:/data.csv']", "dependency 'c:/data.csv'"},
        {"outs: ['D:/model']", "output 'D:/model'"},
        {"outs: ['z:\\model']", "output 'z:\\model'"}}) {
      BadInputException e = assertThrows(BadInputException.class, () -> new Dag(parse(
          "stages:\n  a: {cmd: x, wdir: sub, " + c[0] + "}\n"), root), c[0]);
      assertEquals("mlctl.yaml:2:3: stage 'a': " + c[1] + " must be a path relative to the root", e.getMessage());
    }
  }

  @Test
  void parse_contractExample_withReferencesInFlowLists() {
    Pipeline p = parse("""
        vars: {model: logistic}
        stages:
          split:
            cmd: mlctl data split data/iris.csv --ratio ${split.ratio} --seed ${split.seed}
            deps: [data/iris.csv]
            params: [split.ratio, split.seed]
            outs: [data/train.csv, data/test.csv]
          train:
            foreach: [logistic, cart]
            do:
              cmd: mlctl train --algorithm ${item} --out models/${item}.model
              deps: [data/train.csv]
              outs: [models/${item}.model]
              metrics: [{metrics/${item}.json: {cache: false}}]
        """);
    assertEquals("mlctl data split data/iris.csv --ratio 0.2 --seed 7", p.stages().get(0).command());
    Stage cart = p.stage("train@cart").orElseThrow();
    assertEquals(List.of(new Stage.Out("models/cart.model", Stage.OutKind.OUT, true, false),
        new Stage.Out("metrics/cart.json", Stage.OutKind.METRIC, false, false)), cart.outs());
    assertEquals(List.of("split", "train@logistic", "train@cart"),
        new Dag(p, root).order().stream().map(Stage::name).toList());
  }

  // Found by PipelineFileFuzzTest: a null key threw NullPointerException (and a number key ClassCastException).
  @Test
  void parse_whenATopLevelKeyIsNullOrANumber_rejectsItAsUnknown() {
    BadInputException nul = assertThrows(BadInputException.class, () -> parse("NULL:\n  sit: 1\n"));
    BadInputException number = assertThrows(BadInputException.class, () -> parse("stages: {}\n1: x\n"));

    assertTrue(nul.getMessage().startsWith("mlctl.yaml:1:1: unknown key 'null'"), nul.getMessage());
    assertEquals("mlctl.yaml:2:1: unknown key '1'", number.getMessage());
  }

  // Found by PipelineFileFuzzTest: a null in the context threw NullPointerException.
  @Test
  void parse_whenAVarOrParameterIsNull_readsItAsUndefined() throws IOException {
    Files.writeString(root.resolve("params.yaml"), "seed: null\ntrain: {lr: 0.1}\n");

    Pipeline p = parse("vars: {model: }\nstages:\n  a:\n    cmd: train --lr ${train.lr}\n");
    BadInputException e = assertThrows(BadInputException.class, () -> parse("vars: {model: }\nstages:\n  a:\n    cmd: train ${model}\n"));

    assertEquals(List.of("train --lr 0.1"), p.stages().get(0).cmd());
    assertTrue(e.getMessage().startsWith("mlctl.yaml:3:3: stage 'a': undefined ${model}"), e.getMessage());
  }

  // Found by PipelineFileFuzzTest: an index past int threw NumberFormatException.
  @Test
  void parse_whenAReferenceIndexesAListPastIntRange_isUndefined() {
    BadInputException e = assertThrows(BadInputException.class, () -> parse("stages:\n  a:\n    cmd: echo ${models.99999999999}\n"));

    assertTrue(e.getMessage().startsWith("mlctl.yaml:2:3: stage 'a': undefined ${models.99999999999}"), e.getMessage());
  }
}
