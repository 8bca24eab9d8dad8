package io.mlctl.serve.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import io.mlctl.core.StorageException;
import io.mlctl.serve.metrics.ServeMetrics;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RequestLogTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant TIME = Instant.parse("2026-12-06T05:53:00.123Z");

  private final FileSystem fs = Jimfs.newFileSystem(Configuration.unix());
  private final Path dir = fs.getPath("/repo/.mlctl/serve");
  private final ServeMetrics metrics = ServeMetrics.create();

  @AfterEach
  void closeFs() throws IOException {
    fs.close();
  }

  private static RequestLogEntry entry(int i) {
    Map<String, Object> instance = new LinkedHashMap<>();
    instance.put("sepal_length", 5.1);
    instance.put("colour", "red");
    Map<String, Object> output = new LinkedHashMap<>();
    output.put("label", "setosa");
    output.put("scores", Map.of("setosa", 0.9));
    return new RequestLogEntry("req-" + i, TIME, "iris", "v2", "primary",
        List.of(instance), List.of(output), 0.25);
  }

  /** Every line of every log file, oldest first, each checked to be one JSON object. */
  private static List<JsonNode> readAll(Path dir) throws IOException {
    List<JsonNode> all = new ArrayList<>();
    for (Path f : RequestLog.files(dir)) {
      String text = Files.readString(f);
      assertTrue(text.isEmpty() || text.endsWith("\n"), f + " ends in a torn line");
      for (String line : text.split("\n", -1)) {
        if (!line.isEmpty()) {
          all.add(JSON.readTree(line));
        }
      }
    }
    return all;
  }

  private static List<String> ids(List<JsonNode> lines) {
    List<String> ids = new ArrayList<>();
    lines.forEach(l -> ids.add(l.get("request_id").asText()));
    return ids;
  }

  private String scrape() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    metrics.scrape(out);
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void append_thenClose_writesOneJsonLinePerRequestWithTheDocumentedKeys() throws Exception {
    try (RequestLog log = RequestLog.open(dir, RequestLog.Limits.defaults(), metrics)) {
      log.append(entry(1));
    }

    String text = Files.readString(dir.resolve("requests.jsonl"));
    assertEquals("{\"request_id\":\"req-1\",\"time\":\"2026-12-06T05:53:00.123Z\",\"model\":\"iris\","
        + "\"version\":\"v2\",\"role\":\"primary\","
        + "\"inputs\":[{\"sepal_length\":5.1,\"colour\":\"red\"}],"
        + "\"outputs\":[{\"label\":\"setosa\",\"scores\":{\"setosa\":0.9}}],\"latency_ms\":0.25}\n", text);
  }

  @Test
  void append_writesEveryKindOfValueARequestHolds() throws Exception {
    Map<String, Object> instance = new LinkedHashMap<>();
    instance.put("d", 1.5);
    instance.put("l", 7L);
    instance.put("i", 3);
    instance.put("b", true);
    instance.put("n", null);
    instance.put("s", "x\"y");
    instance.put("big", new java.math.BigDecimal("1.25"));
    instance.put("nan", Double.NaN);
    try (RequestLog log = RequestLog.open(dir, RequestLog.Limits.defaults(), metrics)) {
      log.append(new RequestLogEntry("r", TIME, "m", "v1", "canary", List.of(instance),
          List.of(List.of(1.0, "a"), 2.0), 1));
    }

    JsonNode line = readAll(dir).get(0);
    assertEquals("{\"d\":1.5,\"l\":7,\"i\":3,\"b\":true,\"n\":null,\"s\":\"x\\\"y\",\"big\":1.25,\"nan\":\"NaN\"}",
        line.get("inputs").get(0).toString());
    assertEquals("[[1.0,\"a\"],2.0]", line.get("outputs").toString());
    assertEquals("canary", line.get("role").asText());
  }

  @Test
  void close_flushesEveryQueuedLine() throws Exception {
    RequestLog log = RequestLog.open(dir, RequestLog.Limits.defaults(), metrics);
    for (int i = 0; i < 5_000; i++) {
      log.append(entry(i));
    }
    log.close();

    List<JsonNode> lines = readAll(dir);
    assertEquals(5_000, lines.size());
    assertEquals("req-0", lines.get(0).get("request_id").asText());
    assertEquals("req-4999", lines.get(4_999).get("request_id").asText());
    assertEquals(0, log.dropped());
  }

  @Test
  void rotation_keepsAtMostMaxFilesEachUnderTheLimitWithTheNewestLinesInOrder() throws Exception {
    RequestLog.Limits limits = new RequestLog.Limits(2_000, 3, 10_000);
    try (RequestLog log = RequestLog.open(dir, limits, metrics)) {
      for (int i = 0; i < 500; i++) {
        log.append(entry(i));
      }
    }

    List<Path> files = RequestLog.files(dir);
    assertEquals(List.of(dir.resolve("requests.2.jsonl"), dir.resolve("requests.1.jsonl"),
        dir.resolve("requests.jsonl")), files);
    for (Path f : files) {
      assertTrue(Files.size(f) <= 2_000, f + " has " + Files.size(f) + " bytes");
    }
    try (var all = Files.list(dir)) {
      assertEquals(3, all.count());
    }
    List<String> ids = ids(readAll(dir));
    for (int k = 0; k < ids.size(); k++) {
      assertEquals("req-" + (500 - ids.size() + k), ids.get(k));
    }
    // a rotated file is full: one more line would have passed the limit
    long lineBytes = Files.readAllLines(files.get(2)).get(0).length() + 1;
    assertTrue(Files.size(files.get(0)) > 2_000 - lineBytes);
    assertTrue(Files.size(files.get(1)) > 2_000 - lineBytes);
  }

  @Test
  void rotation_withOneFile_keepsOnlyTheCurrentFile() throws Exception {
    try (RequestLog log = RequestLog.open(dir, new RequestLog.Limits(1_000, 1, 10_000), metrics)) {
      for (int i = 0; i < 100; i++) {
        log.append(entry(i));
      }
    }

    assertEquals(List.of(dir.resolve("requests.jsonl")), RequestLog.files(dir));
    assertTrue(Files.size(dir.resolve("requests.jsonl")) <= 1_000);
    List<String> ids = ids(readAll(dir));
    assertEquals("req-99", ids.get(ids.size() - 1));
  }

  @Test
  void rotation_aLineLongerThanTheLimit_getsAFileOfItsOwn() throws Exception {
    try (RequestLog log = RequestLog.open(dir, new RequestLog.Limits(50, 4, 10_000), metrics)) {
      log.append(entry(1));
      log.append(entry(2));
    }

    assertEquals(List.of("req-1", "req-2"), ids(readAll(dir)));
    assertEquals(2, RequestLog.files(dir).size());
  }

  @Test
  void open_onRealFiles_rotatesAndReadsBackInOrder(@TempDir Path tmp) throws Exception {
    Path real = tmp.resolve(".mlctl/serve");
    try (RequestLog log = RequestLog.open(real, new RequestLog.Limits(4_096, 4, 10_000), metrics)) {
      for (int i = 0; i < 300; i++) {
        log.append(entry(i));
      }
    }

    List<Path> files = RequestLog.files(real);
    assertEquals(4, files.size());
    List<String> ids = ids(readAll(real));
    assertEquals("req-299", ids.get(ids.size() - 1));
    for (int k = 1; k < ids.size(); k++) {
      assertEquals(Integer.parseInt(ids.get(k - 1).substring(4)) + 1, Integer.parseInt(ids.get(k).substring(4)));
    }
  }

  @Test
  void open_again_appendsAfterTheLinesOfTheLastRun() throws Exception {
    try (RequestLog log = RequestLog.open(dir, RequestLog.Limits.defaults(), metrics)) {
      log.append(entry(1));
    }
    try (RequestLog log = RequestLog.open(dir, RequestLog.Limits.defaults(), metrics)) {
      log.append(entry(2));
    }

    assertEquals(List.of("req-1", "req-2"), ids(readAll(dir)));
  }

  @Test
  void open_afterAKillMidLine_cutsTheTornLineAndStartsOnANewLine() throws Exception {
    Files.createDirectories(dir);
    String whole = JSON.writeValueAsString(Map.of("request_id", "req-0")) + "\n";
    Files.writeString(dir.resolve("requests.jsonl"), whole + "{\"request_id\":\"req-torn\",\"ti");

    try (RequestLog log = RequestLog.open(dir, RequestLog.Limits.defaults(), metrics)) {
      log.append(entry(1));
    }

    assertEquals(List.of("req-0", "req-1"), ids(readAll(dir)));
  }

  @Test
  void open_afterAKillMidFirstLine_startsTheFileAgain() throws Exception {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("requests.jsonl"), "{\"request_id\":\"req-t");

    try (RequestLog log = RequestLog.open(dir, RequestLog.Limits.defaults(), metrics)) {
      log.append(entry(1));
    }

    assertEquals(List.of("req-1"), ids(readAll(dir)));
  }

  @Test
  void open_removesRotatedFilesBeyondTheBound() throws Exception {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("requests.2.jsonl"), "{}\n");
    Files.writeString(dir.resolve("requests.7.jsonl"), "{}\n");
    Files.writeString(dir.resolve("other.jsonl"), "{}\n");

    RequestLog.open(dir, new RequestLog.Limits(1_000, 3, 10), metrics).close();

    assertTrue(Files.exists(dir.resolve("requests.2.jsonl")));
    assertTrue(Files.notExists(dir.resolve("requests.7.jsonl")));
    assertTrue(Files.exists(dir.resolve("other.jsonl")));
  }

  @Test
  void open_whereAFileBlocksTheDirectory_isAStorageErrorNamingIt() throws Exception {
    Files.createDirectories(dir.getParent());
    Files.writeString(dir, "not a directory");

    StorageException e = assertThrows(StorageException.class,
        () -> RequestLog.open(dir, RequestLog.Limits.defaults(), metrics));
    assertTrue(e.getMessage().contains(dir.toString()), e.getMessage());
  }

  @Test
  void append_whenTheQueueIsFull_dropsWithoutBlockingAndCountsIt() throws Exception {
    CountDownLatch writerHolding = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    RequestLog log = RequestLog.open(dir, new RequestLog.Limits(1 << 20, 2, 3), metrics, batch -> {
      writerHolding.countDown();
      await(release);
    });
    log.append(entry(0));
    assertTrue(writerHolding.await(10, TimeUnit.SECONDS));
    // the writer holds entry 0; three more fill the queue, the next five find it full
    for (int i = 1; i <= 8; i++) {
      log.append(entry(i));
    }

    assertEquals(5, log.dropped());
    release.countDown();
    log.close();
    assertEquals(List.of("req-0", "req-1", "req-2", "req-3"), ids(readAll(dir)));
    assertTrue(scrape().contains("\nmlctl_request_log_dropped_total 5.0\n"));
  }

  @Test
  void append_afterClose_isDroppedAndCounted() throws Exception {
    RequestLog log = RequestLog.open(dir, RequestLog.Limits.defaults(), metrics);
    log.close();
    log.append(entry(1));
    log.close();

    assertEquals(1, log.dropped());
    assertTrue(ids(readAll(dir)).isEmpty());
  }

  @Test
  void append_anEntryJsonCannotWrite_isDroppedAndTheOthersStillWritten() throws Exception {
    Map<String, Object> bad = new LinkedHashMap<>();
    bad.put("x", new Object() {});
    try (RequestLog log = RequestLog.open(dir, RequestLog.Limits.defaults(), metrics)) {
      log.append(entry(1));
      log.append(new RequestLogEntry("req-bad", TIME, "iris", "v2", "shadow", List.of(bad), List.of(), 1));
      log.append(entry(2));
      log.close();
      assertEquals(1, log.dropped());
    }

    assertEquals(List.of("req-1", "req-2"), ids(readAll(dir)));
  }

  @Test
  void append_fromManyThreads_writesEveryLineWhole() throws Exception {
    Thread[] threads = new Thread[4];
    try (RequestLog log = RequestLog.open(dir, new RequestLog.Limits(64 * 1024, 64, 20_000), metrics)) {
      for (int t = 0; t < threads.length; t++) {
        int base = t * 2_500;
        threads[t] = new Thread(() -> {
          for (int i = 0; i < 2_500; i++) {
            log.append(entry(base + i));
          }
        });
        threads[t].start();
      }
      for (Thread t : threads) {
        t.join();
      }
    }

    List<String> ids = ids(readAll(dir));
    assertEquals(10_000, ids.size());
    assertEquals(10_000, new java.util.HashSet<>(ids).size());
  }

  @Test
  void files_ofAMissingDirectory_isEmpty() {
    assertTrue(RequestLog.files(dir).isEmpty());
  }

  @Test
  void files_toleratesAGapLeftByACrashDuringRotation() throws Exception {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("requests.3.jsonl"), "{\"request_id\":\"a\"}\n");
    Files.writeString(dir.resolve("requests.1.jsonl"), "{\"request_id\":\"b\"}\n");
    Files.writeString(dir.resolve("requests.jsonl"), "{\"request_id\":\"c\"}\n");
    Files.writeString(dir.resolve("requests.x.jsonl"), "not ours\n");

    assertEquals(List.of("a", "b", "c"), ids(readAll(dir)));
  }

  @Test
  void limits_mustBePositive() {
    assertThrows(IllegalArgumentException.class, () -> new RequestLog.Limits(0, 8, 10));
    assertThrows(IllegalArgumentException.class, () -> new RequestLog.Limits(1, 0, 10));
    assertThrows(IllegalArgumentException.class, () -> new RequestLog.Limits(1, 8, 0));
  }

  @Test
  void limits_defaults_are64MiBTimesEightFilesAndTenThousandQueued() {
    assertEquals(new RequestLog.Limits(64L * 1024 * 1024, 8, 10_000), RequestLog.Limits.defaults());
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
