package io.mlctl.core.lineage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServedRequestsTest {
  @TempDir
  Path dir;

  private static String line(String id, String version, double latency) {
    return "{\"request_id\":\"" + id + "\",\"time\":\"2026-12-06T10:00:00Z\",\"model\":\"m\",\"version\":\"" + version
        + "\",\"role\":\"primary\",\"inputs\":[],\"outputs\":[],\"latency_ms\":" + latency + "}\n";
  }

  @Test
  void find_readsCurrentThenRotatedNewestFirst() throws IOException {
    Files.writeString(dir.resolve("requests.2.jsonl"), line("a", "v1", 1) + line("old", "v1", 1));
    Files.writeString(dir.resolve("requests.1.jsonl"), line("a", "v2", 2));
    Files.writeString(dir.resolve("requests.jsonl"), line("b", "v3", 3));
    ServedRequests log = new ServedRequests(dir);
    assertEquals("v2", log.find("a").orElseThrow().version(), "requests.1 is newer than requests.2");
    assertEquals("requests.1.jsonl", log.find("a").orElseThrow().file());
    assertEquals("v3", log.find("b").orElseThrow().version());
    assertEquals(3.0, log.find("b").orElseThrow().latencyMs());
    assertEquals("v1", log.find("old").orElseThrow().version());
    assertTrue(log.find("nope").isEmpty());
  }

  @Test
  void find_skipsTornLastLineAndLinesThatAreNotJson() throws IOException {
    Files.writeString(dir.resolve("requests.jsonl"), "garbage mentioning x\n" + line("x", "v1", 1) + line("x", "v2", 1).strip());
    ServedRequests log = new ServedRequests(dir);
    assertEquals("v1", log.find("x").orElseThrow().version(), "the torn v2 line was never finished");
  }

  @Test
  void find_inAProjectThatNeverServed_isEmpty() {
    assertTrue(new ServedRequests(dir.resolve("serve")).find("x").isEmpty());
  }

  @Test
  void find_matchesTheWholeId() throws IOException {
    Files.writeString(dir.resolve("requests.jsonl"), line("abc", "v1", 1));
    assertTrue(new ServedRequests(dir).find("ab").isEmpty());
  }
}
