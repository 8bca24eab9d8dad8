package io.mlctl.core.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import io.mlctl.core.BadInputException;
import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * One entry of {@code stages:} read into stages: every key's forms, foreach and matrix names, and
 * for each mistake the one-line error that names the place in mlctl.yaml and the stage.
 */
class StageReaderTest {
  private FileSystem fs;
  private Path root;

  @BeforeEach
  void setUp() throws IOException {
    fs = Jimfs.newFileSystem(Configuration.unix());
    root = Files.createDirectories(fs.getPath("/p"));
    Files.writeString(root.resolve("params.yaml"), "train: {lr: 0.1, layers: [8, 16]}\nmodels: [a, b]\n'a.b': dotted\n");
  }

  @AfterEach
  void tearDown() throws IOException {
    fs.close();
  }

  private Pipeline parse(String yaml) {
    return new PipelineFile(root).parse(yaml);
  }

  private Stage only(String yaml) {
    List<Stage> stages = parse(yaml).stages();
    assertEquals(1, stages.size(), stages.toString());
    return stages.get(0);
  }

  private String error(String yaml) {
    return assertThrows(BadInputException.class, () -> parse(yaml)).getMessage();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      // a stage's name and shape
      "stages:\\n  'a@b': {cmd: x}\\n | mlctl.yaml:2:3: stage name 'a@b' may not be empty or hold '@', '/' or ':'",
      "stages:\\n  a/b: {cmd: x}\\n | mlctl.yaml:2:3: stage name 'a/b' may not be empty or hold '@', '/' or ':'",
      "stages:\\n  'a:b': {cmd: x}\\n | mlctl.yaml:2:3: stage name 'a:b' may not be empty or hold '@', '/' or ':'",
      "stages:\\n  '': {cmd: x}\\n | mlctl.yaml:2:3: stage name '' may not be empty or hold '@', '/' or ':'",
      "stages:\\n  a: [x]\\n | mlctl.yaml:2:3: stage 'a' must be a mapping",
      "stages: [a]\\n | mlctl.yaml:1:1: 'stages' must be a mapping of stage names",
      "stages:\\n  a: {deps: [x]}\\n | mlctl.yaml:2:3: stage 'a' has no cmd",
      "stages:\\n  a: {cmd: []}\\n | mlctl.yaml:2:3: stage 'a' has no cmd",
      "stages:\\n  a: {cmd: {x: y}}\\n | mlctl.yaml:2:3: stage 'a': cmd must be a string or a list of strings",
      "stages:\\n  a: {cmd: [x, [y]]}\\n | mlctl.yaml:2:3: stage 'a': cmd must be a string or a list of strings",
      "stages:\\n  a: {cmd: [x, null]}\\n | mlctl.yaml:2:3: stage 'a': cmd must be a string or a list of strings",
      "stages:\\n  a: {cmd: x, deps: [{y: z}]}\\n | mlctl.yaml:2:3: stage 'a': deps must be a string or a list of strings",
      // flags, params and outputs
      "stages:\\n  a: {cmd: x, frozen: 'yes'}\\n | mlctl.yaml:2:3: stage 'a': frozen must be true or false",
      "stages:\\n  a: {cmd: x, always_changed: 1}\\n | mlctl.yaml:2:3: stage 'a': always_changed must be true or false",
      "stages:\\n  a: {cmd: x, params: [[lr]]}\\n | mlctl.yaml:2:3: stage 'a': params must be keys or {file: [keys]}",
      "stages:\\n  a: {cmd: x, params: [null]}\\n | mlctl.yaml:2:3: stage 'a': params must be keys or {file: [keys]}",
      "stages:\\n  a: {cmd: x, params: [{p.yaml: [{k: v}]}]}\\n | mlctl.yaml:2:3: stage 'a': params.p.yaml must be a string or a list of strings",
      "stages:\\n  a: {cmd: x, outs: [{o: {cache: false, keep: true}}]}\\n | mlctl.yaml:2:3: stage 'a': unknown output option 'keep'",
      "stages:\\n  a: {cmd: x, outs: [{o: {cache: 'no'}}]}\\n | mlctl.yaml:2:3: stage 'a': cache must be true or false",
      "stages:\\n  a: {cmd: x, outs: [{o: {persist: 0}}]}\\n | mlctl.yaml:2:3: stage 'a': persist must be true or false",
      "stages:\\n  a: {cmd: x, outs: [{o: [cache]}]}\\n | mlctl.yaml:2:3: stage 'a': output options must be a mapping",
      "stages:\\n  a: {cmd: x, outs: [{o: {}, p: {}}]}\\n | mlctl.yaml:2:3: stage 'a': an output is a path or {path: {cache: false}}",
      "stages:\\n  a: {cmd: x, metrics: [[m]]}\\n | mlctl.yaml:2:3: stage 'a': an output is a path or {path: {cache: false}}",
      "stages:\\n  a: {cmd: x, plots: [null]}\\n | mlctl.yaml:2:3: stage 'a': an output is a path or {path: {cache: false}}",
      "stages:\\n  a: {cmd: x, outs: [{}]}\\n | mlctl.yaml:2:3: stage 'a': an output is a path or {path: {cache: false}}",
      // foreach and matrix
      "stages:\\n  a: {foreach: 3, do: {cmd: x}}\\n | mlctl.yaml:2:3: stage 'a': foreach must be a list or a mapping",
      "stages:\\n  a: {foreach: [1], cmd: x}\\n | mlctl.yaml:2:3: stage 'a': foreach needs a 'do' mapping",
      "stages:\\n  a: {foreach: [1], do: [x]}\\n | mlctl.yaml:2:3: stage 'a': foreach needs a 'do' mapping",
      "stages:\\n  a: {foreach: [1], do: {cmd: x}, deps: [y]}\\n | mlctl.yaml:2:3: stage 'a': 'deps' belongs inside 'do'",
      "stages:\\n  a: {foreach: [1, 1], do: {cmd: x}}\\n | mlctl.yaml:2:3: stage 'a@1' is defined twice",
      "stages:\\n  a: {foreach: [1], do: {cmd: x, wdir: y, dep: z}}\\n | mlctl.yaml:2:3: stage 'a@1': unknown key 'dep'",
      "stages:\\n  a: {matrix: [1, 2], cmd: x}\\n | mlctl.yaml:2:3: stage 'a': matrix must be a mapping of names to lists",
      "stages:\\n  a: {matrix: {}, cmd: x}\\n | mlctl.yaml:2:3: stage 'a': matrix must be a mapping of names to lists",
      "stages:\\n  a: {matrix: {s: 1}, cmd: x}\\n | mlctl.yaml:2:3: stage 'a': matrix.s must be a non-empty list",
      "stages:\\n  a: {matrix: {s: []}, cmd: x}\\n | mlctl.yaml:2:3: stage 'a': matrix.s must be a non-empty list",
      "stages:\\n  a: {matrix: {s: [1]}, do: {cmd: x}, outs: [o]}\\n | mlctl.yaml:2:3: stage 'a': 'outs' belongs inside 'do'",
      // vars and references
      "vars: [1]\\nstages:\\n  a: {cmd: x}\\n | mlctl.yaml:1:1: 'vars' must be a mapping (or a list of mappings)",
      "vars: {v: '${nope}'}\\nstages:\\n  a: {cmd: x}\\n | mlctl.yaml:1:1: vars: undefined ${nope}",
      "stages:\\n  a: {cmd: 'echo ${train.lr.x}'}\\n | mlctl.yaml:2:3: stage 'a': undefined ${train.lr.x}",
      "stages:\\n  a: {cmd: 'echo ${train.layers.2}'}\\n | mlctl.yaml:2:3: stage 'a': undefined ${train.layers.2}",
      "stages:\\n  a: {cmd: 'echo ${train.layers.-1}'}\\n | mlctl.yaml:2:3: stage 'a': undefined ${train.layers.-1}",
      "stages:\\n  a: {cmd: x, vars: {v: '${nope}'}}\\n | mlctl.yaml:2:3: stage 'a': undefined ${nope}",
      "stages:\\n  a: {cmd: x, wdir: /abs}\\n | mlctl.yaml:2:3: stage 'a': wdir: absolute path '/abs' is not allowed",
  })
  void aMistake_isOneLineNamingThePlaceAndTheStage(String yaml, String message) {
    assertEquals(message, error(yaml.replace("\\n", "\n")));
  }

  @Test
  void anEntryWithAHint_saysWhatToDo() {
    BadInputException e = assertThrows(BadInputException.class, () -> parse("stages:\n  a: {cmd: 'x ${nope}'}\n"));
    assertEquals("define it in vars or params.yaml", e.hint().orElseThrow());
    BadInputException opt = assertThrows(BadInputException.class, () -> parse("stages:\n  a: {cmd: x, outs: [{o: {k: 1}}]}\n"));
    assertEquals("an output may carry cache and persist", opt.hint().orElseThrow());
  }

  @Test
  void paramsAndOutputs_takeEveryFormDvcWrites() {
    Stage s = only("""
        stages:
          a:
            cmd: x
            params: [train.lr, {other.yaml: }, {third.yaml: k}, {fourth.yaml: [k1, k2]}]
            outs: o1
            metrics: [{m.json: }, {m2.json: {cache: false}}]
            plots: [{p.csv: {persist: true, cache: true}}]
            frozen: false
        """);
    assertEquals(List.of(new Stage.Param("params.yaml", "train.lr"), new Stage.Param("other.yaml", ""),
        new Stage.Param("third.yaml", "k"), new Stage.Param("fourth.yaml", "k1"), new Stage.Param("fourth.yaml", "k2")),
        s.params());
    assertEquals(List.of(new Stage.Out("o1", Stage.OutKind.OUT, true, false),
        new Stage.Out("m.json", Stage.OutKind.METRIC, true, false),
        new Stage.Out("m2.json", Stage.OutKind.METRIC, false, false),
        new Stage.Out("p.csv", Stage.OutKind.PLOT, true, true)), s.outs());
    assertEquals(false, s.frozen());
    assertEquals(false, s.alwaysChanged());
    assertEquals(List.of(), s.deps());
  }

  @Test
  void foreach_overMappingsOrLists_namesTheStagesByIndex_andAMatrixWithDo_takesItsBody() {
    Pipeline p = parse("""
        stages:
          fit:
            foreach: [{lr: 1}, {lr: 2}, [x, y]]
            do: {cmd: 'fit ${item}'}
          grid:
            matrix: {algo: [lr, cart], seed: [7]}
            do: {cmd: 'train ${item.algo} ${item.seed}', outs: ['m/${item.algo}-${item.seed}']}
        """);
    assertEquals(List.of("fit@0", "fit@1", "fit@2", "grid@lr-7", "grid@cart-7"), p.stages().stream().map(Stage::name).toList());
    assertEquals("fit {lr=2}", p.stages().get(1).command());
    assertEquals("train cart 7", p.stages().get(4).command());
    assertEquals("m/cart-7", p.stages().get(4).outs().get(0).path());
  }

  @Test
  void references_keepAWholeValuesType_readListItems_dottedKeys_andSpacesInside() {
    Pipeline p = parse("""
        vars:
          - {n: '${train.layers}'}
          - {first: '${ train.layers.0 }'}
        stages:
          a:
            foreach: ${n}
            do: {cmd: 'net ${item} ${first} ${train.layers.1} ${a.b}'}
          b:
            vars: [{x: 1}, {x: 2}]
            cmd: 'echo ${x}'
        """);
    assertEquals(List.of("a@8", "a@16", "b"), p.stages().stream().map(Stage::name).toList());
    assertEquals("net 16 8 16 dotted", p.stages().get(1).command());
    // The later mapping of a stage's vars wins; each is resolved against the file's context alone.
    BadInputException e = assertThrows(BadInputException.class,
        () -> parse("stages:\n  b:\n    vars: [{x: 1}, {y: '${x}'}]\n    cmd: echo ${y}\n"));
    assertEquals("mlctl.yaml:2:3: stage 'b': undefined ${x}", e.getMessage());
    assertEquals("echo 2", p.stages().get(2).command());
  }

  @Test
  void interpolation_findsValuesInNestedMapsAndLists() {
    Map<String, Object> ctx = Map.of("a", Map.of("b", List.of("x", Map.of("c", 3))), "d.e", "dotted");
    assertEquals(java.util.Optional.of(3), Interpolation.find(ctx, "a.b.1.c"));
    assertEquals(java.util.Optional.of("x"), Interpolation.find(ctx, "a.b.0"));
    assertEquals(java.util.Optional.of("dotted"), Interpolation.find(ctx, "d.e"));
    assertEquals(java.util.Optional.empty(), Interpolation.find(ctx, "a.b.2"));
    assertEquals(java.util.Optional.empty(), Interpolation.find(ctx, "a.b.x"));
    assertEquals(java.util.Optional.empty(), Interpolation.find(ctx, "a.z"));
    assertEquals(java.util.Optional.empty(), Interpolation.find(ctx, "a.b.1.c.d"));
    assertEquals(List.of("v", Map.of("k", "v-2")),
        new Interpolation(Map.of("x", "v", "n", 2)).apply(List.of("${x}", Map.of("k", "${x}-${n}"))));
    assertEquals(2, new Interpolation(Map.of("n", 2)).apply("${n}"));
    assertEquals(5L, new Interpolation(Map.of()).apply(5L));
  }
}
