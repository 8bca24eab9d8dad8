package io.mlctl.core.exp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mlctl.core.BadArgumentException;
import io.mlctl.core.BadInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunStoreTest {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC);

  @TempDir
  Path tmp;

  @Test
  void log_appendsASeries_withAutomaticSteps_andTheRecordIsPlainJson() throws Exception {
    RunStore store = new RunStore(tmp.resolve("runs"));
    store.put(RunRecord.empty("r1", "2026-01-02T03:04:05Z"));
    RunLog log = new RunLog(store, "r1", CLOCK);
    log.metric("loss", "0.9", Optional.empty());
    log.metric("loss", "0.5", Optional.empty());
    log.metric("loss", "0.25", Optional.of(10L));
    log.metric("loss", "0.2", Optional.empty());
    log.param("optimizer", "adam");
    RunRecord r = store.get("r1");
    assertEquals(List.of(new RunRecord.Point(0, 0.9, CLOCK.millis()), new RunRecord.Point(1, 0.5, CLOCK.millis()),
        new RunRecord.Point(10, 0.25, CLOCK.millis()), new RunRecord.Point(11, 0.2, CLOCK.millis())), r.series().get("loss"));
    assertEquals("adam", r.params().get("optimizer"));
    String json = Files.readString(tmp.resolve("runs/r1.json"));
    assertTrue(json.contains("\"step\" : 10"), json);
    assertTrue(json.contains("\"timestamp\" : \"" + java.time.Instant.ofEpochMilli(CLOCK.millis()) + "\""), json);
  }

  /** Older records hold a point's time as epoch milliseconds: they read the same. */
  @Test
  void aPointsTimeInMilliseconds_asOlderRecordsWriteIt_readsAsTheSameInstant() throws Exception {
    RunStore store = new RunStore(tmp.resolve("runs"));
    store.put(RunRecord.empty("r2", "2026-01-02T03:04:05Z"));
    new RunLog(store, "r2", CLOCK).metric("loss", "0.5", Optional.empty());
    Path file = tmp.resolve("runs/r2.json");
    String iso = "\"" + java.time.Instant.ofEpochMilli(CLOCK.millis()) + "\"";
    Files.writeString(file, Files.readString(file).replace(iso, Long.toString(CLOCK.millis())));
    assertFalse(Files.readString(file).contains(iso));
    assertEquals(List.of(new RunRecord.Point(0, 0.5, CLOCK.millis())), store.get("r2").series().get("loss"));
  }

  @Test
  void log_withoutARun_orWithANonNumber_isRefused() {
    RunStore store = new RunStore(tmp.resolve("runs"));
    BadInputException e = assertThrows(BadInputException.class, () -> new RunLog(store, null, CLOCK));
    assertEquals("no current run: MLCTL_RUN_ID is not set", e.getMessage());
    assertThrows(BadInputException.class, () -> new RunLog(store, "../escape", CLOCK));
    BadArgumentException nan = assertThrows(BadArgumentException.class,
        () -> new RunLog(store, "r1", CLOCK).metric("loss", "low", Optional.empty()));
    assertEquals("metric loss: 'low' is not a number", nan.getMessage());
    assertTrue(store.all().isEmpty());
  }

  @Test
  void get_anUnknownRun_isBadInput_andAUniquePrefixFindsTheRun() {
    RunStore store = new RunStore(tmp.resolve("runs"));
    store.put(RunRecord.empty("20260101T000000-aaaaaa", "2026-01-01T00:00:00Z"));
    store.put(RunRecord.empty("20260101T000000-bbbbbb", "2026-01-01T00:00:01Z"));
    assertEquals("20260101T000000-bbbbbb", store.get("20260101T000000-b").id());
    BadInputException e = assertThrows(BadInputException.class, () -> store.get("nope"));
    assertEquals("unknown run 'nope'", e.getMessage());
    BadInputException both = assertThrows(BadInputException.class, () -> store.get("20260101"));
    assertTrue(both.getMessage().startsWith("run id '20260101' is ambiguous"), both.getMessage());
    assertTrue(store.remove("20260101T000000-aaaaaa"));
    assertEquals(1, store.all().size());
  }

  @Test
  void aDamagedRecord_isBadInputNamingTheFile() throws Exception {
    Files.createDirectories(tmp.resolve("runs"));
    Files.writeString(tmp.resolve("runs/x.json"), "{\"id\": \"x\",");
    BadInputException e = assertThrows(BadInputException.class, () -> new RunStore(tmp.resolve("runs")).all());
    assertTrue(e.getMessage().startsWith(".mlctl/runs/x.json:1:"), e.getMessage());
  }

  // Found by RunRecordFuzzTest: a record that is JSON's null threw NullPointerException.
  @Test
  void aRecordThatIsNull_isBadInputNamingTheFile() throws Exception {
    Files.createDirectories(tmp.resolve("runs"));
    Files.writeString(tmp.resolve("runs/x.json"), "null\n");

    BadInputException e = assertThrows(BadInputException.class, () -> new RunStore(tmp.resolve("runs")).read("x"));

    assertEquals(".mlctl/runs/x.json: no run id", e.getMessage());
  }

  // Found by RunRecordFuzzTest: bytes Jackson took for UTF-32 were reported as an I/O failure (exit 5).
  @Test
  void aRecordThatIsNotUtf8Json_isBadInputNamingTheFile() throws Exception {
    Files.createDirectories(tmp.resolve("runs"));
    byte[] json = "{\"id\":\"x\",\"status\":\"running\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    byte[] bytes = new byte[8 + json.length];
    bytes[0] = 1;
    System.arraycopy(json, 0, bytes, 8, json.length);
    Files.write(tmp.resolve("runs/x.json"), bytes);

    BadInputException e = assertThrows(BadInputException.class, () -> new RunStore(tmp.resolve("runs")).read("x"));

    assertTrue(e.getMessage().startsWith(".mlctl/runs/x.json: malformed run record: "), e.getMessage());
  }

  @Test
  void threadsLoggingAtOnce_loseNoPoint() throws Exception {
    RunStore store = new RunStore(tmp.resolve("runs"));
    store.put(RunRecord.empty("r", "2026-01-02T03:04:05Z"));
    int threads = 8;
    int points = 25;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        String name = "m" + (t % 2);
        int base = t * 1000;
        done.add(pool.submit(() -> {
          RunLog log = new RunLog(store, "r", CLOCK);
          for (int i = 0; i < points; i++) {
            log.metric(name, Integer.toString(base + i), Optional.of((long) (base + i)));
          }
        }));
      }
      for (Future<?> f : done) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    RunRecord r = store.get("r");
    assertEquals(threads / 2 * points, r.series().get("m0").size());
    assertEquals(threads / 2 * points, r.series().get("m1").size());
    for (int t = 0; t < threads; t++) {
      for (int i = 0; i < points; i++) {
        long step = t * 1000L + i;
        assertTrue(r.series().get("m" + (t % 2)).stream().anyMatch(p -> p.step() == step && p.value() == step), "lost " + step);
      }
    }
  }

  @Test
  void processesLoggingAtOnce_loseNoPoint() throws Exception {
    Path runs = tmp.resolve("runs");
    new RunStore(runs).put(RunRecord.empty("r", "2026-01-02T03:04:05Z"));
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<Process> procs = new ArrayList<>();
    int count = 30;
    for (int i = 0; i < 3; i++) {
      procs.add(new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), "-XX:+UseSerialGC",
          "-XX:TieredStopAtLevel=1", LogPoints.class.getName(), runs.toString(), "r", "p" + i, Integer.toString(count))
          .redirectErrorStream(true).start());
    }
    for (Process p : procs) {
      String said = new String(p.getInputStream().readAllBytes());
      assertTrue(p.waitFor(120, TimeUnit.SECONDS), "a logging process hung");
      assertEquals(0, p.exitValue(), said);
    }
    RunRecord r = new RunStore(runs).get("r");
    for (int i = 0; i < 3; i++) {
      List<RunRecord.Point> s = r.series().get("p" + i);
      assertEquals(count, s.size(), "series p" + i);
      for (int k = 0; k < count; k++) {
        assertEquals(k, s.get(k).step());
      }
    }
  }
}
