package io.mlctl.cli.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code push --run-cache}, {@code pull --run-cache} and {@code fetch --run-cache} through the
 * command line with a folder remote: a clone that pulls the run cache restores a stage instead
 * of running it. The stage appends to ran.log, which is no output, so a real run shows there.
 */
final class RunCachePushPullEndToEndTest {
  static final String PIPELINE = """
      stages:
        prep:
          cmd: [tr a-z A-Z < in.txt > out.txt, echo ran >> ran.log]
          deps: [in.txt]
          outs: [out.txt]
      """;

  @TempDir
  Path tmp;

  CliProject a;

  @BeforeEach
  void project() {
    a = CliProject.init(tmp.resolve("a"));
    a.write("in.txt", "hello\n");
    a.write("mlctl.yaml", PIPELINE);
    a.ok("repro");
    a.ok("remote", "add", "origin", tmp.resolve("remote").toString());
  }

  private CliProject secondMachine() {
    CliProject b = a.cloneTo(tmp.resolve("b"));
    b.write("in.txt", "hello\n");
    b.write("mlctl.yaml", PIPELINE);
    return b;
  }

  private List<String> remoteRuns() throws IOException {
    Path runs = tmp.resolve("remote/runs");
    if (!Files.exists(runs)) {
      return List.of();
    }
    try (Stream<Path> all = Files.walk(runs)) {
      return all.filter(Files::isRegularFile).map(p -> runs.relativize(p).toString()).toList();
    }
  }

  @Test
  void pushRunCache_thenPullRunCacheInAClone_letsReproRestoreWithoutRunning() throws IOException {
    // Nothing is tracked by a pointer: with --run-cache that is not a mistake.
    JsonNode pushed = a.json("push", "--run-cache");
    assertEquals(1, pushed.get("run_cache_entries").asLong(), pushed.toString());
    assertEquals(1, pushed.get("transferred").asLong(), pushed.toString());
    assertEquals(1, remoteRuns().size());
    CliProject b = secondMachine();

    JsonNode pulled = b.json("pull", "--run-cache", "-j", "2");
    CliProject.Run repro = b.ok("repro");

    assertEquals(1, pulled.get("run_cache_entries").asLong(), pulled.toString());
    assertEquals(1, pulled.get("transferred").asLong(), pulled.toString());
    assertTrue(repro.out().contains("restored from the run cache"), repro.toString());
    assertEquals("HELLO\n", b.read("out.txt"));
    assertFalse(Files.exists(b.path("ran.log")), "the stage's command did not run in the clone");
    assertEquals("ran\n", a.read("ran.log"));
  }

  @Test
  void fetchRunCache_fillsTheRunCache_andSaysSoInText() {
    a.ok("push", "--run-cache");
    CliProject b = secondMachine();

    CliProject.Run r = b.ok("fetch", "--run-cache");

    assertTrue(r.out().contains("Fetched 1 run-cache entry; 0 already there."), r.toString());
    assertTrue(b.ok("repro").out().contains("restored from the run cache"));
    assertFalse(Files.exists(b.path("ran.log")));
  }

  @Test
  void pushRunCache_again_movesNothing() {
    a.ok("push", "--run-cache");

    JsonNode again = a.json("push", "--run-cache");

    assertEquals(0, again.get("run_cache_entries").asLong());
    assertEquals(0, again.get("transferred").asLong());
  }

  @Test
  void push_withoutRunCache_sendsNoEntries_andReportsNone() throws IOException {
    a.write("data.csv", "a\n1\n");
    a.ok("add", "data.csv");

    JsonNode pushed = a.json("push");

    assertEquals(0, pushed.get("run_cache_entries").asLong());
    assertEquals(List.of(), remoteRuns());
  }

  @Test
  void pullRunCache_whenAnEntryOnTheRemoteIsDamaged_notesIt_skipsIt_andWritesNothingOfIt() throws IOException {
    a.ok("push", "--run-cache");
    String bad = "ab" + "c".repeat(62);
    Path onRemote = tmp.resolve("remote/runs/ab/" + bad.substring(2));
    Files.createDirectories(onRemote.getParent());
    Files.writeString(onRemote, "[{\"path\": \"out.txt\"");
    CliProject b = secondMachine();

    CliProject.Run r = b.run("pull", "--run-cache");

    assertEquals(0, r.code(), r.toString());
    assertTrue(r.err().contains("run-cache entry runs/ab/" + bad.substring(2) + " on remote 'origin' is damaged (not JSON"),
        r.toString());
    assertFalse(Files.exists(b.path(".mlctl/cache/runs/ab/" + bad.substring(2))));
    assertTrue(b.ok("repro").out().contains("restored from the run cache"), "the intact entry still arrived");
  }

  @Test
  void pull_withoutRunCache_leavesTheRunCacheAlone() {
    a.write("data.csv", "a\n1\n");
    a.ok("add", "data.csv");
    a.ok("push", "--run-cache");
    CliProject b = secondMachine();

    JsonNode pulled = b.json("pull");

    assertEquals(0, pulled.get("run_cache_entries").asLong());
    assertFalse(Files.exists(b.path(".mlctl/cache/runs")));
  }

  private Path localEntry(CliProject p) throws IOException {
    try (Stream<Path> all = Files.walk(p.path(".mlctl/cache/runs"))) {
      return all.filter(Files::isRegularFile).findFirst().orElseThrow();
    }
  }

  @Test
  void pushRunCache_ofADamagedLocalEntry_notesIt_andSendsNothingOfIt() throws IOException {
    Path entry = localEntry(a);
    String name = a.path(".mlctl/cache").relativize(entry).toString();
    Files.writeString(entry, "[{\"path\": 1}]");
    // Without the lock only the run cache speaks for out.txt (a plain push sends what the lock records).
    Files.delete(a.path("mlctl.lock"));

    CliProject.Run r = a.run("push", "--run-cache", "--json");

    assertEquals(0, r.code(), r.toString());
    assertEquals(0, r.json().get("run_cache_entries").asLong());
    assertEquals(0, r.json().get("transferred").asLong(), "its objects stay home too");
    assertTrue(r.err().contains("run-cache entry " + name + " is damaged; not pushed"), r.toString());
    assertEquals(List.of(), remoteRuns());
  }

  @Test
  void pushRunCache_ofAnEntryWhoseObjectIsGone_notesIt_andSendsNothingOfIt() throws IOException {
    Path entry = localEntry(a);
    String name = a.path(".mlctl/cache").relativize(entry).toString();
    String out = a.read("out.txt");
    String hash = io.mlctl.core.store.Sha256.of(out.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    Files.delete(a.object(hash));
    // Without the lock only the run cache speaks for out.txt (a plain push sends what the lock records).
    Files.delete(a.path("mlctl.lock"));

    CliProject.Run r = a.run("push", "--run-cache");

    assertEquals(0, r.code(), r.toString());
    assertTrue(r.out().contains("Pushed 0 run-cache entries; 0 already there."), r.toString());
    assertTrue(r.err().contains("run-cache entry " + name + " names objects the cache no longer holds; not pushed"),
        r.toString());
    assertEquals(List.of(), remoteRuns());
  }
}
