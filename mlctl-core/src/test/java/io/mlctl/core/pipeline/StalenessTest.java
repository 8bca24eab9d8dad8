package io.mlctl.core.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.mlctl.core.data.Workspace;
import io.mlctl.core.pointer.Output;
import io.mlctl.core.repo.Init;
import io.mlctl.core.repo.Project;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Why a stage runs again: each difference between the work tree and its lock entry is named, in
 * the words status prints and in a fixed order, and a stage that matches its entry has none.
 */
class StalenessTest {
  @TempDir
  Path root;
  private Project project;
  private Workspace ws;
  private Staleness staleness;

  private static final String STAGE = """
      stages:
        train:
          cmd: [prep, fit]
          deps: [./in.txt, dir]
          params: [lr]
          outs: [out.txt]
      """;

  @BeforeEach
  void setUp() throws IOException {
    new Init(root).noGit(true).call();
    write("in.txt", "in\n");
    write("dir/a.txt", "a\n");
    write("params.yaml", "lr: 0.1\nepochs: 3\n");
    write("out.txt", "out\n");
    project = Project.open(root, Clock.systemUTC(), System.getenv());
    ws = new Workspace(project);
    staleness = new Staleness(ws, new PathFingerprints(ws));
  }

  @AfterEach
  void tearDown() {
    project.close();
  }

  private void write(String rel, String text) throws IOException {
    Path p = root.resolve(rel);
    Files.createDirectories(p.getParent());
    Files.writeString(p, text);
  }

  private Stage stage(String yaml) {
    return new PipelineFile(root).parse(yaml).stages().get(0);
  }

  private Output hash(String rel) {
    return new Hasher(ws, new PathFingerprints(ws)).hash(rel).orElseThrow();
  }

  /** The entry a run of the stage would record now. */
  private LockEntry current() {
    return new LockEntry("prep && fit", List.of(hash("in.txt"), hash("dir")), Map.of("params.yaml", Map.of("lr", 0.1)),
        List.of(hash("out.txt")));
  }

  private List<String> reasons(LockEntry lock) {
    return staleness.reasons(stage(STAGE), lock);
  }

  @Test
  void aStageThatMatchesItsEntry_isFresh() {
    assertEquals(List.of(), reasons(current()));
  }

  @Test
  void aStageWithoutAnEntry_hasNeverRun_andAFrozenOneIsFreshWhatever() throws IOException {
    assertEquals(List.of("never run"), reasons(null));
    Stage frozen = stage(STAGE.replace("outs:", "frozen: true\n    outs:"));
    assertEquals(List.of(), staleness.reasons(frozen, null));
    Files.delete(root.resolve("in.txt"));
    assertEquals(List.of(), staleness.reasons(frozen, new LockEntry("old", List.of(), Map.of(), List.of())));
  }

  @Test
  void eachDifference_isNamed_inTheOrderCommandDependenciesParametersOutputs() throws IOException {
    LockEntry then = current();
    write("in.txt", "changed\n");
    Files.delete(root.resolve("dir/a.txt"));
    write("dir/b.txt", "b\n");
    write("params.yaml", "lr: 0.2\nepochs: 3\n");
    write("out.txt", "edited\n");
    LockEntry old = new LockEntry("prep", then.deps(), then.params(), then.outs());
    assertEquals(List.of("changed command", "changed deps: dir", "changed deps: in.txt",
        "changed params: params.yaml: lr", "changed outs: out.txt"), reasons(old));
  }

  @Test
  void anAlwaysChangedStage_runsEvenWhenNothingChanged() {
    Stage always = stage(STAGE.replace("outs:", "always_changed: true\n    outs:"));
    assertEquals(List.of("always changed"), staleness.reasons(always, current()));
  }

  @Test
  void aDependencyOrOutputDeleted_isNamedSo() throws IOException {
    LockEntry then = current();
    Files.delete(root.resolve("in.txt"));
    Files.delete(root.resolve("out.txt"));
    assertEquals(List.of("deleted deps: in.txt", "deleted outs: out.txt"), reasons(then));
  }

  @Test
  void aDependencyParameterOrOutputTheEntryLacks_isNew() {
    LockEntry none = new LockEntry("prep && fit", List.of(hash("dir")), Map.of(), List.of());
    assertEquals(List.of("new deps: in.txt", "new params: params.yaml: lr", "new outs: out.txt"), reasons(none));
    // A file the entry has, without the key.
    LockEntry otherKey = new LockEntry("prep && fit", current().deps(), Map.of("params.yaml", Map.of("epochs", 3)),
        current().outs());
    assertEquals(List.of("new params: params.yaml: lr"), reasons(otherKey));
  }

  @Test
  void aParameterIsComparedByValue_notByHowYamlTypedIt() {
    LockEntry asText = new LockEntry("prep && fit", current().deps(), Map.of("params.yaml", Map.of("lr", "0.1")),
        current().outs());
    assertEquals(List.of(), reasons(asText));
  }

  @Test
  void paths_andOutputs_areTheStagesPathsRelativeToTheRoot() {
    Stage s = stage(STAGE);
    assertEquals(Set.of("in.txt", "dir", "out.txt"), Staleness.paths(List.of(s)));
    assertEquals(List.of("out.txt"), Staleness.outputs(s));
    assertEquals(List.of("in.txt", "dir"), Staleness.normalized(s));
  }
}
