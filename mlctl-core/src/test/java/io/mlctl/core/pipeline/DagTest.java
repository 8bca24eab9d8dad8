package io.mlctl.core.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import io.mlctl.core.BadInputException;
import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The graph repro walks: which stage waits for which (an output that is, holds or lies inside a
 * dependency), the order, the closures a target selects, and the pipelines it refuses.
 */
class DagTest {
  private FileSystem fs;
  private Path root;

  @BeforeEach
  void setUp() throws IOException {
    fs = Jimfs.newFileSystem(Configuration.unix());
    root = Files.createDirectories(fs.getPath("/p"));
    Files.createDirectories(root.resolve("raw"));
    Files.writeString(root.resolve("raw/in.csv"), "x\n");
  }

  @AfterEach
  void tearDown() throws IOException {
    fs.close();
  }

  private Dag dag(String yaml) {
    return new Dag(new PipelineFile(root).parse(yaml), root);
  }

  private static List<String> names(List<Stage> stages) {
    return stages.stream().map(Stage::name).toList();
  }

  /** d is declared first but reads c's output; a and e stand alone; b and c both read a's folder. */
  private static final String GRAPH = """
      stages:
        d: {cmd: x, deps: [c.txt, b/model], outs: [d.txt]}
        a: {cmd: x, deps: [raw/in.csv], outs: [data]}
        b: {cmd: x, deps: [data/part1], outs: [b]}
        c: {cmd: x, deps: [data], outs: [c.txt]}
        e: {cmd: x, deps: [raw], outs: [data2]}
      """;

  @Test
  void order_putsEachStageAfterWhatItDependsOn_otherwiseInDeclarationOrder() {
    Dag d = dag(GRAPH);
    assertEquals(List.of("a", "c", "b", "d", "e"), names(d.order()));
  }

  @Test
  void edges_joinAnOutputToDependenciesThatAreIt_lieInsideIt_orHoldIt_butNotToANameThatOnlyStartsTheSame() {
    Dag d = dag(GRAPH);
    assertEquals(Set.of(), d.upstream("a"));
    assertEquals(Set.of("a"), d.upstream("b"), "data/part1 lies inside a's output folder");
    assertEquals(Set.of("a"), d.upstream("c"), "data is a's output");
    assertEquals(Set.of("b", "c"), d.upstream("d"), "b/model lies inside b's output");
    assertEquals(Set.of(), d.upstream("e"), "raw is no stage's output; data2 is not inside data");
    assertEquals(Set.of("b", "c"), d.downstream("a"));
    assertEquals(Set.of("d"), d.downstream("b"));
    assertEquals(Set.of(), d.downstream("d"));
    assertEquals(Set.of(), d.downstream("e"));

    Dag holding = dag("""
        stages:
          make: {cmd: x, outs: [out/model.bin]}
          ship: {cmd: x, deps: [out], outs: [shipped]}
        """);
    assertEquals(Set.of("make"), holding.upstream("ship"), "the folder out holds make's output");
  }

  @Test
  void closures_followTheEdgesAllTheWay_eachWay() {
    Dag d = dag(GRAPH);
    assertEquals(Set.of("d", "c", "b", "a"), d.withUpstream(Set.of("d")));
    assertEquals(Set.of("c", "a"), d.withUpstream(Set.of("c")));
    assertEquals(Set.of("a", "b", "c", "d"), d.withDownstream(Set.of("a")));
    assertEquals(Set.of("b", "d"), d.withDownstream(Set.of("b")));
    assertEquals(Set.of("e"), d.withDownstream(Set.of("e")));
    assertEquals(Set.of("e", "c", "a"), d.withUpstream(Set.of("e", "c")));
  }

  @Test
  void stage_findsAStageByName() {
    Dag d = dag(GRAPH);
    assertEquals(List.of("raw/in.csv"), d.stage("a").deps());
    assertNull(d.stage("z"));
  }

  @Test
  void anOutputInsideAnotherStagesOutput_orHoldingIt_isRefusedNamingBothStages() {
    BadInputException inside = assertThrows(BadInputException.class, () -> dag("""
        stages:
          a: {cmd: x, outs: [data]}
          b: {cmd: x, outs: [data/part]}
        """));
    assertEquals("mlctl.yaml:3:3: stage 'b': output 'data/part' overlaps output 'data' of stage 'a'", inside.getMessage());
    BadInputException holding = assertThrows(BadInputException.class, () -> dag("""
        stages:
          a: {cmd: x, outs: [data/part]}
          b: {cmd: x, outs: [./data/]}
        """));
    assertEquals("mlctl.yaml:3:3: stage 'b': output 'data' overlaps output 'data/part' of stage 'a'", holding.getMessage());
    // Beside it, not in it.
    assertEquals(List.of("a", "b"), names(dag("stages:\n  a: {cmd: x, outs: [data]}\n  b: {cmd: x, outs: [data2]}\n").order()));
  }

  @Test
  void aCycle_isRefusedSpellingItOut() {
    BadInputException e = assertThrows(BadInputException.class, () -> dag("""
        stages:
          a: {cmd: x, deps: [c.out], outs: [a.out]}
          b: {cmd: x, deps: [a.out], outs: [b.out]}
          c: {cmd: x, deps: [b.out], outs: [c.out]}
        """));
    // Met first at a, and spelled in the direction the data flows: b's output feeds c, c's feeds a.
    assertEquals("mlctl.yaml:2:3: stage 'a' is in a cycle: b -> c -> a -> b", e.getMessage());
    BadInputException self = assertThrows(BadInputException.class, () -> dag("""
        stages:
          loop: {cmd: x, deps: [out/x], outs: [out]}
        """));
    assertEquals("mlctl.yaml:2:3: stage 'loop' is in a cycle: loop -> loop", self.getMessage());
  }

  @Test
  void aDependencyNoStageProduces_mustExist_butOneAStageProducesNeedNot() {
    BadInputException e = assertThrows(BadInputException.class, () -> dag("""
        stages:
          a: {cmd: x, deps: [raw/in.csv, raw/missing.csv]}
        """));
    assertEquals("mlctl.yaml:2:3: stage 'a': dependency 'raw/missing.csv' does not exist and no stage produces it",
        e.getMessage());
    assertEquals(List.of("make", "use"), names(dag("""
        stages:
          use: {cmd: x, deps: [made/later.txt]}
          make: {cmd: x, outs: [made]}
        """).order()));
  }

  @Test
  void select_namesAStage_orEveryItemOfAForeach_butNotAStageWhoseNameOnlyStartsTheSame() {
    Pipeline p = new PipelineFile(root).parse("""
        stages:
          make:
            foreach: [a, b]
            do: {cmd: echo ${item}}
          maker: {cmd: x}
        """);
    assertEquals(List.of("make@a", "make@b"), names(p.select("make")));
    assertEquals(List.of("maker"), names(p.select("maker")));
    assertEquals(List.of("make@b"), names(p.select("make@b")));
    BadInputException e = assertThrows(BadInputException.class, () -> p.select("mak"));
    assertEquals("unknown stage 'mak'", e.getMessage());
  }
}
