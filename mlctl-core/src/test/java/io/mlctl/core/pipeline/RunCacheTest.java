package io.mlctl.core.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mlctl.core.data.Workspace;
import io.mlctl.core.pointer.Manifest;
import io.mlctl.core.pointer.Output;
import io.mlctl.core.repo.Init;
import io.mlctl.core.repo.Project;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The run cache: which runs it remembers, what a key depends on, and that a restore puts back
 * exactly the outputs a past run made, or nothing at all when the entry cannot be trusted whole.
 */
class RunCacheTest {
  private static final String H1 = "a1".repeat(32);
  private static final String H2 = "b2".repeat(32);

  @TempDir
  Path root;
  private Project project;
  private Workspace ws;
  private RunCache cache;

  private static final String STAGE = "stages:\n  make: {cmd: make, deps: [in.txt], outs: [out.txt, d]}\n";

  @BeforeEach
  void setUp() throws IOException {
    new Init(root).noGit(true).call();
    write("in.txt", "in\n");
    project = Project.open(root, Clock.systemUTC(), System.getenv());
    ws = new Workspace(project);
    cache = new RunCache(ws);
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

  private String read(String rel) throws IOException {
    return Files.readString(root.resolve(rel));
  }

  private Stage stage(String yaml) {
    return new PipelineFile(root).parse(yaml).stages().get(0);
  }

  /** Runs "make" by hand: writes its outputs, stores their objects as a repro does, and returns them. */
  private List<Output> made(String out, String a, String b) throws IOException {
    write("out.txt", out);
    write("d/a.txt", a);
    write("d/sub/b.txt", b);
    Hasher hasher = new Hasher(ws, new PathFingerprints(ws));
    Hasher.Hashed file = hasher.hashWith("out.txt").orElseThrow();
    Hasher.Hashed dir = hasher.hashWith("d").orElseThrow();
    ws.store().insert(root.resolve("out.txt"));
    for (Manifest.Entry e : dir.manifest().entries()) {
      ws.store().insert(root.resolve("d").resolve(e.path()));
    }
    ws.store().insert(dir.manifest().toBytes());
    return List.of(file.output(), dir.output());
  }

  private Path entryFile(String key) {
    return root.resolve(".mlctl/cache/runs/" + key.substring(0, 2) + "/" + key.substring(2));
  }

  @Test
  void key_isTheSameForTheSameRun_whateverTheOrderOfItsDependencies() {
    List<Output> deps = List.of(Output.file("a.csv", H1, 1), Output.file("b.csv", H2, 2));
    String key = RunCache.key("train", deps, Map.of());
    assertTrue(RunCache.isKey(key), key);
    assertEquals(key, RunCache.key("train", List.of(deps.get(1), deps.get(0)), Map.of()));
  }

  @Test
  void key_changesWithTheCommand_aDependencysPathOrHash_orAParameter() {
    List<Output> deps = List.of(Output.file("a.csv", H1, 1));
    Map<String, Map<String, Object>> params = Map.of("params.yaml", Map.of("lr", 0.1));
    String key = RunCache.key("train", deps, params);
    assertNotEquals(key, RunCache.key("train --fast", deps, params));
    assertNotEquals(key, RunCache.key("train", List.of(Output.file("b.csv", H1, 1)), params));
    assertNotEquals(key, RunCache.key("train", List.of(Output.file("a.csv", H2, 1)), params));
    assertNotEquals(key, RunCache.key("train", deps, Map.of("params.yaml", Map.of("lr", 0.2))));
    assertNotEquals(key, RunCache.key("train", deps, Map.of("other.yaml", Map.of("lr", 0.1))));
    assertNotEquals(key, RunCache.key("train", deps, Map.of()));
    // Only the bytes count: a size is part of them.
    assertEquals(key, RunCache.key("train", List.of(Output.file("a.csv", H1, 99)), params));
  }

  @Test
  void eligible_onlyARunWithCommandDependenciesAndCachedOutputsThatDoNotDependOnTheirPast() {
    assertTrue(RunCache.eligible(stage(STAGE)));
    assertFalse(RunCache.eligible(stage("stages:\n  s: {cmd: x, outs: [o]}\n")), "no dependencies");
    assertFalse(RunCache.eligible(stage("stages:\n  s: {cmd: x, deps: [in.txt]}\n")), "no outputs");
    assertFalse(RunCache.eligible(stage("stages:\n  s: {cmd: x, deps: [in.txt], outs: [o], always_changed: true}\n")));
    assertFalse(RunCache.eligible(stage("stages:\n  s: {cmd: x, deps: [in.txt], outs: [o, {p: {persist: true}}]}\n")));
    assertFalse(RunCache.eligible(stage("stages:\n  s: {cmd: x, deps: [in.txt], outs: [o, {m.json: {cache: false}}]}\n")));
  }

  @Test
  void restore_putsBackTheOutputsOfThePastRun_exactly() throws IOException {
    List<Output> outs = made("old out\n", "old a\n", "old b\n");
    String key = RunCache.key("make", List.of(), Map.of());
    cache.save(key, outs);
    // A later run left other bytes, and a file the past run did not make.
    made("new out\n", "new a\n", "new b\n");
    write("d/stray.txt", "stray\n");

    assertEquals(Optional.of(outs), cache.restore(stage(STAGE), key));

    assertEquals("old out\n", read("out.txt"));
    assertEquals("old a\n", read("d/a.txt"));
    assertEquals("old b\n", read("d/sub/b.txt"));
    assertFalse(Files.exists(root.resolve("d/stray.txt")), "the folder is the past run's, whole");
    assertTrue(cache.contains(key));
    assertEquals(List.of(key), cache.keys());
    assertEquals(outs, cache.read(key).orElseThrow().outputs());
  }

  @Test
  void restore_ofNoEntry_aDamagedOne_orOneForOtherOutputs_isAMiss_thatLeavesTheWorkTreeAlone() throws IOException {
    List<Output> outs = made("o\n", "a\n", "b\n");
    String key = RunCache.key("make", List.of(), Map.of());
    assertEquals(Optional.empty(), cache.restore(stage(STAGE), key), "no entry");

    Files.createDirectories(entryFile(key).getParent());
    Files.writeString(entryFile(key), "[{\"path\":\"out.txt\"");
    assertEquals(Optional.empty(), cache.restore(stage(STAGE), key), "damaged");
    assertEquals(Optional.empty(), cache.read(key));
    assertTrue(cache.contains(key), "held, though not well-formed");

    cache.save(key, List.of(outs.get(0)));
    assertEquals(Optional.empty(), cache.restore(stage(STAGE), key), "made out.txt only, the stage makes d too");
    cache.save(key, outs);
    Stage renamed = stage("stages:\n  make: {cmd: make, deps: [in.txt], outs: [out.txt, e]}\n");
    assertEquals(Optional.empty(), cache.restore(renamed, key), "the stage's outputs are out.txt and e");
    assertEquals("o\n", read("out.txt"));
    assertEquals("a\n", read("d/a.txt"));
  }

  @Test
  void restore_whenAnObjectItNamesIsGone_isAMiss_thatLeavesTheWorkTreeAlone() throws IOException {
    List<Output> outs = made("o\n", "a\n", "b\n");
    String key = RunCache.key("make", List.of(), Map.of());
    cache.save(key, outs);
    write("out.txt", "now\n");
    String fileInDir = Manifest.parse(ws.store().readVerified(outs.get(1).sha256()), "d").entries().get(0).sha256();

    ws.store().delete(fileInDir);
    assertFalse(cache.objectsPresent(outs));
    assertEquals(Optional.empty(), cache.restore(stage(STAGE), key));
    assertEquals("now\n", read("out.txt"));

    ws.store().insert(root.resolve("d/a.txt"));
    assertTrue(cache.objectsPresent(outs));
    ws.store().delete(outs.get(0).sha256());
    assertFalse(cache.objectsPresent(outs));
    assertEquals(Optional.empty(), cache.restore(stage(STAGE), key));
    assertEquals("now\n", read("out.txt"));
  }

  @Test
  void prune_dropsEntriesThatCouldNeverBeRestored_andKeepsTheRest() throws IOException {
    List<Output> outs = made("o\n", "a\n", "b\n");
    String good = RunCache.key("good", List.of(), Map.of());
    String goingAway = RunCache.key("going away", List.of(), Map.of());
    String fileGone = RunCache.key("file gone", List.of(), Map.of());
    String damaged = RunCache.key("damaged", List.of(), Map.of());
    cache.save(good, List.of(outs.get(0)));
    Output other = Output.file("other.txt", H1, 1);
    cache.save(goingAway, List.of(outs.get(0), outs.get(1)));
    cache.save(fileGone, List.of(other));
    Files.createDirectories(entryFile(damaged).getParent());
    Files.writeString(entryFile(damaged), "not json");
    String dirFile = Manifest.parse(ws.store().readVerified(outs.get(1).sha256()), "d").entries().get(1).sha256();
    Set<String> going = Set.of(dirFile);
    List<String> expected = java.util.stream.Stream.of(goingAway, fileGone, damaged)
        .map(k -> k.substring(0, 2) + "/" + k.substring(2)).sorted().toList();

    assertEquals(expected, cache.prune(going, true));
    assertEquals(java.util.stream.Stream.of(good, goingAway, fileGone, damaged).sorted().toList(), cache.keys(), "a dry run removes nothing");

    assertEquals(expected, cache.prune(going, false));
    assertEquals(List.of(good), cache.keys());
    assertEquals(List.of(), cache.prune(Set.of(), false));
  }

  @Test
  void keys_areTheWellFormedEntryNames_sorted() throws IOException {
    String k1 = "0".repeat(64);
    String k2 = "f".repeat(64);
    String stray = "1".repeat(64);
    assertEquals(List.of(), cache.keys(), "no run cache folder yet");
    write(".mlctl/cache/runs/ff/" + k2.substring(2), "[]");
    write(".mlctl/cache/runs/00/" + k1.substring(2), "[]");
    write(".mlctl/cache/runs/00/." + k1.substring(2) + ".mlctl-tmp-1", "[]");
    write(".mlctl/cache/runs/00/short", "[]");
    write(".mlctl/cache/runs/" + stray, "[]");
    write(".mlctl/cache/runs/11/" + stray.substring(2) + "/deeper", "[]");
    assertEquals(List.of(k1, k2), cache.keys());
  }

  @Test
  void put_storesAWellFormedEntryOnce_andRefusesAMalformedOne() throws IOException {
    List<Output> outs = made("o\n", "a\n", "b\n");
    String key = RunCache.key("make", List.of(), Map.of());
    byte[] bytes = ("[{\"path\":\"out.txt\",\"sha256\":\"" + outs.get(0).sha256() + "\",\"size\":2}]")
        .getBytes(StandardCharsets.UTF_8);
    cache.put(new RunCache.Entry(key, bytes, List.of(outs.get(0))));
    assertEquals(List.of(outs.get(0)), cache.read(key).orElseThrow().outputs());
    assertEquals(new String(bytes, StandardCharsets.UTF_8), Files.readString(entryFile(key)));

    // The same key means the same inputs: an entry held already stays as it is.
    cache.put(new RunCache.Entry(key, "[{\"path\":\"x\",\"sha256\":\"".concat(H1).concat("\",\"size\":1}]")
        .getBytes(StandardCharsets.UTF_8), List.of()));
    assertEquals(new String(bytes, StandardCharsets.UTF_8), Files.readString(entryFile(key)));

    String other = RunCache.key("other", List.of(), Map.of());
    assertThrows(IllegalArgumentException.class,
        () -> cache.put(new RunCache.Entry(other, "[]".getBytes(StandardCharsets.UTF_8), List.of())));
    assertFalse(cache.contains(other));
  }
}
