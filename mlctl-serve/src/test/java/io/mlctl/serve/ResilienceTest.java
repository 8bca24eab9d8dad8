package io.mlctl.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlctl.core.model.TrainedModel;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server under hostile or broken traffic: slow-loris clients, clients that hang up in the
 * middle of a body, a hundred near-limit bodies at once, and a model whose predictions throw. It
 * keeps answering everyone else, holds memory and threads within bounds, closes idle connections,
 * and every error it sends has the contract's JSON shape, never a stack trace.
 */
@Timeout(120)
class ResilienceTest {
  @TempDir
  static Path tmp;

  static TestProject project;

  private static final String ROW = "{\"x\": 2.38, \"y\": 5.44, \"region\": \"south\"}";
  private static final String PREDICT = "/v1/models/points:predict";
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  @BeforeAll
  static void setUp() {
    project = TestProject.create(tmp.resolve("p"));
  }

  @AfterAll
  static void tearDown() {
    project = null;
  }

  private static Running start(ServeConfig config) {
    return Running.start(project, config, "points@production");
  }

  private static String body(int rows) {
    StringBuilder b = new StringBuilder("{\"instances\": [");
    for (int i = 0; i < rows; i++) {
      b.append(i == 0 ? "" : ",").append(ROW);
    }
    return b.append("]}").toString();
  }

  /** Opens a connection and sends the start of a request, without finishing its headers. */
  private static Socket startRequest(int port, String head) throws IOException {
    Socket s = new Socket("127.0.0.1", port);
    s.setSoTimeout(20_000);
    s.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
    s.getOutputStream().flush();
    return s;
  }

  /** True once the server has closed {@code s}, reading (and dropping) whatever it sent before. */
  private static boolean closedByServer(Socket s) {
    try {
      InputStream in = s.getInputStream();
      byte[] buf = new byte[4096];
      while (in.read(buf) >= 0) {
        // a 408 or 400 it may send before closing
      }
      return true;
    } catch (SocketTimeoutException stillOpen) {
      return false;
    } catch (IOException reset) {
      return true;
    }
  }

  private static void assertJsonError(HttpResponse<String> r, int status, String code) {
    assertEquals(status, r.statusCode(), r.body());
    JsonNode j = Client.json(r);
    assertEquals(code, j.at("/error/code").asText(), r.body());
    assertFalse(j.at("/error/message").asText().isEmpty(), r.body());
    assertFalse(r.body().contains("\tat ") || r.body().contains("at io.mlctl") || r.body().contains("at org."),
        "a stack trace: " + r.body());
  }

  private static long heapAfterGc() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  @Test
  void slowLoris_400ConnectionsDrippingHeaders_doNotStopOtherClients_andAreClosedOnceIdle() throws Exception {
    int loris = 400;
    int requests = 300;
    try (Running r = start(ServeConfig.loopback(0).withIdleTimeout(Duration.ofSeconds(2)))) {
      int threadsBefore = THREADS.getThreadCount();
      List<Socket> slow = new ArrayList<>();
      for (int i = 0; i < loris; i++) {
        slow.add(startRequest(r.app.port(), "POST " + PREDICT + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"));
      }
      // Each slow client sends one more header byte every 100 ms: never idle, never done.
      AtomicBoolean dripping = new AtomicBoolean(true);
      Thread drip = new Thread(() -> {
        while (dripping.get()) {
          for (Socket s : slow) {
            try {
              s.getOutputStream().write('X');
              s.getOutputStream().flush();
            } catch (IOException closed) {
              // the server gave up on it
            }
          }
          sleep(100);
        }
      }, "slow-loris");
      drip.start();
      int peakThreads = 0;
      try {
        for (int i = 0; i < requests; i++) {
          HttpResponse<String> resp = r.client.postJson(PREDICT, body(1));
          assertEquals(200, resp.statusCode(), resp.body());
          peakThreads = Math.max(peakThreads, THREADS.getThreadCount());
        }
      } finally {
        dripping.set(false);
        drip.join();
      }
      // Slow clients hold no thread each: the server's threads stay within its pool's maximum.
      int max = maxThreads(r);
      assertTrue(peakThreads - threadsBefore <= max,
          "threads grew from " + threadsBefore + " to " + peakThreads + " with " + loris + " slow clients (pool max " + max + ")");

      // Silent now: the idle timeout closes every one of them.
      int closed = 0;
      for (Socket s : slow) {
        if (closedByServer(s)) {
          closed++;
        }
        s.close();
      }
      assertEquals(loris, closed, "slow connections the server closed once they went idle");
      assertEquals(200, r.client.get("/health").statusCode());
    }
  }

  @Test
  void clientsHangingUpMidBody_areForgotten_andEveryoneElseIsAnswered() throws Exception {
    try (Running r = start(ServeConfig.loopback(0))) {
      String full = body(2000);
      byte[] half = full.substring(0, full.length() / 2).getBytes(StandardCharsets.US_ASCII);
      int threadsBefore = THREADS.getThreadCount();
      for (int i = 0; i < 200; i++) {
        Socket s = startRequest(r.app.port(), "POST " + PREDICT + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            + "Content-Type: application/json\r\nContent-Length: " + full.length() + "\r\n\r\n");
        s.getOutputStream().write(half);
        s.getOutputStream().flush();
        if (i % 2 == 0) {
          s.setSoLinger(true, 0);
        }
        // Half of them reset the connection, half close it politely: both abandon the request.
        s.close();
        if (i % 20 == 0) {
          assertEquals(200, r.client.postJson(PREDICT, body(1)).statusCode());
        }
      }
      for (int i = 0; i < 50; i++) {
        assertEquals(200, r.client.postJson(PREDICT, body(1)).statusCode());
      }
      String metrics = r.client.get("/metrics").body();
      assertFalse(metrics.contains("status=\"500\""), metrics);
      assertTrue(THREADS.getThreadCount() - threadsBefore <= maxThreads(r), "threads left behind");
    }
  }

  @Test
  void hundredConcurrentNearLimitBodies_areAllAnswered_withinBoundedMemoryAndThreads() throws Exception {
    long limit = 1 << 20;
    try (Running r = start(ServeConfig.loopback(0).withMaxBody(limit))) {
      String rows = body(4000);
      // Padding after the JSON value is whitespace: the body is just under the limit.
      String near = rows + " ".repeat((int) (limit - rows.length() - 16));
      String over = near + " ".repeat(64);
      // One round first, so the heap baseline includes what every request leaves warm (buffers, JIT).
      assertEquals(200, send(r, near).status());
      long heapBefore = heapAfterGc();
      int threadsBefore = THREADS.getThreadCount();
      int peakThreads = burst(r, near, over);
      // The test's own 100 client threads and the HTTP client's are in the count; the server's
      // pool adds at most its maximum on top.
      assertTrue(peakThreads - threadsBefore <= 100 + maxThreads(r), "threads grew from " + threadsBefore + " to " + peakThreads);
      long grown = heapAfterGc() - heapBefore;
      assertTrue(grown < 64L << 20, "the heap kept " + (grown >> 20) + " MiB after 100 bodies of 1 MiB");
      assertEquals(200, r.client.get("/health").statusCode());
    }
  }

  /**
   * Sends 100 near-limit bodies and 20 over-limit ones at once, each on a connection of its own,
   * and checks every answer; returns the most threads seen. Raw sockets closed after each answer:
   * no client-side pool keeps buffers, so the heap measured after holds only what the server kept.
   */
  private static int burst(Running r, String near, String over) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(120);
    try {
      List<CompletableFuture<Answer>> calls = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        calls.add(CompletableFuture.supplyAsync(() -> send(r, near), pool));
      }
      List<CompletableFuture<Answer>> refused = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        refused.add(CompletableFuture.supplyAsync(() -> sendHead(r, over.length()), pool));
      }
      int peakThreads = 0;
      for (CompletableFuture<Answer> c : calls) {
        Answer a = c.get(90, TimeUnit.SECONDS);
        peakThreads = Math.max(peakThreads, THREADS.getThreadCount());
        assertEquals(200, a.status(), a.body());
        assertEquals(4000, Json.MAPPER.readTree(a.body()).get("predictions").size());
      }
      for (CompletableFuture<Answer> c : refused) {
        Answer a = c.get(90, TimeUnit.SECONDS);
        assertEquals(413, a.status(), a.body());
        assertEquals("body_too_large", Json.MAPPER.readTree(a.body()).at("/error/code").asText(), a.body());
      }
      return peakThreads;
    } finally {
      pool.shutdownNow();
    }
  }

  private record Answer(int status, String body) {}

  /** POSTs {@code body} to the predict endpoint on a new connection, which closes after the answer. */
  private static Answer send(Running r, String body) {
    return exchange(r, body.length(), body.getBytes(StandardCharsets.US_ASCII));
  }

  /**
   * Sends only the headers of a POST declaring {@code length} bytes and reads the answer, as a
   * client waiting for "100 Continue" does: a body over the limit is refused from its declared
   * length, and writing it to a connection the server has closed would only reset it.
   */
  private static Answer sendHead(Running r, long length) {
    return exchange(r, length, new byte[0]);
  }

  private static Answer exchange(Running r, long length, byte[] body) {
    byte[] head = ("POST " + PREDICT + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
        + "Content-Type: application/json\r\nContent-Length: " + length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    try (Socket s = new Socket("127.0.0.1", r.app.port())) {
      s.setSoTimeout(90_000);
      OutputStream out = s.getOutputStream();
      out.write(head);
      out.write(body);
      out.flush();
      String text = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      int status = Integer.parseInt(text.substring(9, 12));
      String payload = text.substring(text.indexOf("\r\n\r\n") + 4);
      if (text.toLowerCase(java.util.Locale.ROOT).contains("transfer-encoding: chunked")) {
        payload = unchunk(payload);
      }
      return new Answer(status, payload);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static String unchunk(String chunked) {
    StringBuilder out = new StringBuilder();
    int at = 0;
    while (true) {
      int eol = chunked.indexOf("\r\n", at);
      int size = Integer.parseInt(chunked.substring(at, eol).strip(), 16);
      if (size == 0) {
        return out.toString();
      }
      out.append(chunked, eol + 2, eol + 2 + size);
      at = eol + 2 + size + 2;
    }
  }

  @Test
  void aModelThatThrows_isA500InTheErrorShape_withoutAStackTrace_andTheServerKeepsServing() throws Exception {
    try (Running r = start(ServeConfig.loopback(0))) {
      Binding b = r.deployment.slots().iterator().next().primary();
      ServedModel good = b.get();
      TrainedModel tm = good.model();
      b.swap(ServedModel.of(good.name(), good.version(), good.ref(),
          new TrainedModel(ThrowingModel.of(tm.model()), tm.card(), tm.sha256(), tm.shownAs())));

      for (int i = 0; i < 50; i++) {
        assertJsonError(r.client.postJson(PREDICT, body(1 + i % 3)), 500, "internal");
      }
      HttpResponse<String> v2 = r.client.postJson("/v2/models/points/infer", "{\"inputs\": ["
          + "{\"name\": \"x\", \"shape\": [1], \"datatype\": \"FP64\", \"data\": [2.38]},"
          + "{\"name\": \"y\", \"shape\": [1], \"datatype\": \"FP64\", \"data\": [5.44]},"
          + "{\"name\": \"region\", \"shape\": [1], \"datatype\": \"BYTES\", \"data\": [\"south\"]}]}");
      assertEquals(500, v2.statusCode(), v2.body());
      assertTrue(Client.json(v2).get("error").isTextual(), v2.body());
      assertFalse(v2.body().contains("at io.mlctl"), v2.body());
      HttpResponse<String> mlflow = r.client.postJson("/invocations", "{\"dataframe_records\": [" + ROW + "]}");
      assertJsonError(mlflow, 500, "internal");
      assertEquals(200, r.client.get("/health").statusCode());

      b.swap(good);
      assertEquals(200, r.client.postJson(PREDICT, body(1)).statusCode());
      String metrics = r.client.get("/metrics").body();
      assertTrue(metrics.contains("status=\"500\""), metrics);
    }
  }

  /** Status, content type and body of a raw response. */
  private static Answer parse(String raw) {
    int head = raw.indexOf("\r\n\r\n");
    assertTrue(head > 0, "no answer: " + raw);
    assertTrue(raw.substring(0, head).toLowerCase(java.util.Locale.ROOT).contains("content-type: application/json"), raw);
    return new Answer(Integer.parseInt(raw.substring(9, 12)), raw.substring(head + 4));
  }

  private static void assertJsonError(Answer a, int status, String code) throws IOException {
    assertEquals(status, a.status(), a.body());
    JsonNode j = Json.MAPPER.readTree(a.body());
    assertEquals(code, j.at("/error/code").asText(), a.body());
    String message = j.at("/error/message").asText();
    assertFalse(message.isEmpty(), a.body());
    assertFalse(message.contains("java.") || message.contains("Exception") || a.body().contains("\tat "), a.body());
  }

  @Test
  void requestsRefusedBeforeTheRoutes_andABodyCutShortByTheIdleTimeout_answerInTheJsonErrorShape() throws Exception {
    try (Running r = start(ServeConfig.loopback(0).withIdleTimeout(Duration.ofSeconds(1)))) {
      byte[] badHeader = "GET /health HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
      assertJsonError(parse(r.client.raw(badHeader)), 400, "bad_request");
      byte[] bigHeaders = ("GET /health HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(20_000) + "\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII);
      assertJsonError(parse(r.client.raw(bigHeaders)), 431, "headers_too_large");
      assertJsonError(parse(r.client.raw("GARBAGE\r\n\r\n".getBytes(StandardCharsets.US_ASCII))), 400, "bad_request");

      try (Socket s = startRequest(r.app.port(), "POST " + PREDICT + " HTTP/1.1\r\nHost: x\r\n"
          + "Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"inst")) {
        // Nothing more is sent: the idle timeout ends the body.
        Answer a = parse(new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        assertJsonError(a, 400, "bad_request");
        assertTrue(a.body().contains("idle timeout"), a.body());
      }
      assertEquals(200, r.client.postJson(PREDICT, body(1)).statusCode());
    }
  }

  /** The most threads the server's pool may start: the bound on what any traffic can cost. */
  private static int maxThreads(Running r) {
    return ((org.eclipse.jetty.util.thread.QueuedThreadPool) r.app.jettyServer().server().getThreadPool()).getMaxThreads();
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
