package io.mlctl.cli.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mlctl.cli.e2e.CliRepo.Run;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StatusEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  private CliRepo repo;

  @BeforeEach
  void setUp() {
    repo = CliRepo.init(dir.resolve("repo"));
    repo.write("data/raw.csv", "1,2\n");
    repo.write("images/a.png", "a");
    repo.write("images/b.png", "b");
    repo.ok("add", "data/raw.csv", "images");
  }

  @AfterEach
  void tearDown() {
    repo.close();
  }

  private static Set<String> keys(JsonNode n) {
    Set<String> out = new TreeSet<>();
    n.fieldNames().forEachRemaining(out::add);
    return out;
  }

  @Test
  void statusCheck_whenClean_exits0() {
    Run r = repo.run("status", "--check");

    assertEquals(0, r.code(), r.toString());
    assertEquals("Data and pipelines are up to date.\n", r.out());
  }

  @Test
  void statusCheck_onChanges_exits1() {
    repo.write("data/raw.csv", "changed\n");

    Run r = repo.run("status", "--check");

    assertEquals(1, r.code(), r.toString());
    assertTrue(r.out().contains("modified:     data/raw.csv"), r.out());
  }

  @Test
  void status_withoutCheck_exits0EvenOnChanges() {
    repo.delete("images/a.png");

    Run r = repo.run("status");

    assertEquals(0, r.code(), r.toString());
    assertTrue(r.out().contains("deleted:      images/a.png"), r.out());
  }

  @Test
  void statusJson_hasExactlyTheContractsKeys() throws Exception {
    repo.write("data/raw.csv", "changed\n");
    repo.delete("images/a.png");
    repo.write("images/new.png", "n");

    Run r = repo.run("--json", "status", "--check");

    assertEquals(1, r.code(), r.toString());
    JsonNode doc = JSON.readTree(r.out());
    assertEquals(Set.of("changed", "stages"), keys(doc));
    assertTrue(doc.get("stages").isArray());
    assertEquals(0, doc.get("stages").size());
    List<String> rows = new ArrayList<>();
    for (JsonNode c : doc.get("changed")) {
      assertEquals(Set.of("path", "state"), keys(c));
      rows.add(c.get("path").asText() + "=" + c.get("state").asText());
    }
    assertEquals(List.of("data/raw.csv=modified", "images/a.png=deleted", "images/new.png=new"), rows);
  }

  @Test
  void statusJson_whenClean_isEmptyLists() throws Exception {
    Run r = repo.run("status", "--json");

    assertEquals(0, r.code(), r.toString());
    assertEquals(JSON.readTree("{\"changed\":[],\"stages\":[]}"), JSON.readTree(r.out()));
    assertEquals("", r.err());
  }

  @Test
  void statusJson_ofAnObjectNotInTheCache_saysNotInCache() throws Exception {
    repo.write("model.bin", "m");
    repo.ok("add", "model.bin");
    String h = repo.read("model.bin.mlctl").lines().filter(l -> l.startsWith("  sha256: ")).findFirst()
        .orElseThrow().substring(10);
    java.nio.file.Files.delete(repo.object(h));

    Run r = repo.run("status", "--json", "model.bin");

    assertEquals(JSON.readTree("{\"changed\":[{\"path\":\"model.bin\",\"state\":\"not_in_cache\"}],\"stages\":[]}"),
        JSON.readTree(r.out()));
  }

  @Test
  void status_ofTargets_looksOnlyAtThem() {
    repo.write("data/raw.csv", "changed\n");
    repo.write("images/b.png", "B!");

    Run inDir = repo.run("status", "--check", "images/a.png");
    Run pointer = repo.run("status", "--check", "data/raw.csv.mlctl");

    assertEquals(0, inDir.code(), inDir.toString());
    assertEquals(1, pointer.code(), pointer.toString());
    assertTrue(pointer.out().contains("data/raw.csv"), pointer.out());
    assertTrue(!pointer.out().contains("images"), pointer.out());
  }

  @Test
  void status_ofAnUntrackedTarget_exits3() {
    repo.write("notes.txt", "n");

    assertEquals(3, repo.run("status", "notes.txt").code());
  }

  @Test
  void status_runConcurrently_alwaysSucceeds() throws Exception {
    // status takes no lock, so several may run at once (an editor plugin beside a shell). Each
    // flushes the hash cache; none may fail because of another. Threads stand in for processes:
    // status shares no state in a JVM.
    for (int i = 0; i < 50; i++) {
      repo.write("images/f" + i + ".png", "x" + i);
    }
    repo.ok("add", "images");
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
    try {
      List<java.util.concurrent.Future<Run>> runs = new ArrayList<>();
      for (int i = 0; i < 24; i++) {
        runs.add(pool.submit(() -> repo.run("status", "--check")));
      }
      for (java.util.concurrent.Future<Run> f : runs) {
        Run r = f.get();
        assertEquals(0, r.code(), r.toString());
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
