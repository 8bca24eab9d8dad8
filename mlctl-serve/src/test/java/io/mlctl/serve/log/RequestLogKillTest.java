package io.mlctl.serve.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mlctl.serve.metrics.ServeMetrics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGKILLs a process writing the request log while it rotates every few lines, at points a seeded
 * schedule draws (the crash suite's {@code -Dmlctl.crash.seed} and {@code -Dmlctl.crash.scale}
 * apply). After each kill: at most {@code maxFiles} files; every rotated file is a complete
 * generation (it ends with a newline and each of its lines parses); the current file holds whole
 * lines but for at most one torn last line; the request numbers rise from file to file in the
 * order {@link RequestLog#files} gives. Opening the log again cuts the torn line off and goes on
 * writing lines that parse, after the old ones.
 */
class RequestLogKillTest {
  private static final long MAX_BYTES = 700;
  private static final int MAX_FILES = 4;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long SEED = seed(System.getProperty("mlctl.crash.seed", ""));
  private static final int SCALE = Math.max(1, Integer.getInteger("mlctl.crash.scale", 1));

  @TempDir
  Path tmp;

  private static long seed(String p) {
    return p.isBlank() ? 0x6d6c63746cL : p.equals("random") ? new Random().nextLong() & Long.MAX_VALUE : Long.decode(p.trim());
  }

  /** A kill point: once generation {@code generation} exists, after {@code lines} more lines went to the current file. */
  private record Point(int generation, int lines) {
    @Override
    public String toString() {
      return "requests." + generation + ".jsonl made, then " + lines + " lines later (seed " + SEED + ")";
    }
  }

  @TestFactory
  Stream<DynamicTest> killedWhileRotating_leavesWholeGenerations() {
    Random r = new Random(SEED * 31 + "serve log rotation".hashCode());
    List<DynamicTest> tests = new ArrayList<>();
    for (int i = 0; i < 6 * SCALE; i++) {
      Point p = new Point(1 + r.nextInt(MAX_FILES - 1), r.nextInt(200));
      int n = i;
      tests.add(DynamicTest.dynamicTest("kill at " + p, () -> {
        try {
          killAt(tmp.resolve("log-" + n), p);
        } catch (AssertionError e) {
          throw new AssertionError("killed at " + p + "; replay with -Dmlctl.crash.seed=" + SEED + "\n" + e.getMessage(), e);
        }
      }));
    }
    return tests.stream();
  }

  private void killAt(Path dir, Point p) throws Exception {
    Process child = child(dir, 0);
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      long seenAt = -1;
      while (true) {
        if (!child.isAlive()) {
          fail("the log's process ended (exit " + child.exitValue() + ") before the kill:\n"
              + new String(child.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
        }
        if (System.nanoTime() > deadline) {
          fail(p + " did not happen within 60 s");
        }
        if (seenAt < 0 && Files.exists(LogFiles.rotated(dir, p.generation()))) {
          seenAt = lastNumber(dir);
        }
        if (seenAt >= 0 && lastNumber(dir) >= seenAt + p.lines()) {
          break;
        }
        Thread.sleep(1);
      }
    } finally {
      child.destroyForcibly();
      assertTrue(child.waitFor(30, TimeUnit.SECONDS), "the killed process did not end");
    }
    assertEquals(137, child.exitValue(), "the log's process was not the kill's to end");

    long last = assertWholeGenerations(dir, true);

    // Opened again (a restarted server): the torn line goes, new lines follow the old ones.
    try (RequestLog log = RequestLog.open(dir, new RequestLog.Limits(MAX_BYTES, MAX_FILES, 256), ServeMetrics.create())) {
      for (long n = last + 1; n <= last + 30; n++) {
        log.append(new RequestLogEntry("req-" + n, Instant.now(), "iris", "v2", "primary",
            List.of(Map.of("petal_length", (double) n)), List.of(Map.of("label", "setosa")), 0.25));
      }
    }
    assertEquals(last + 30, assertWholeGenerations(dir, false));
  }

  /**
   * Checks the files as a reader finds them and returns the last request number; a torn last
   * line of the current file is allowed only when {@code tornAllowed}.
   */
  private static long assertWholeGenerations(Path dir, boolean tornAllowed) throws IOException {
    List<Path> files = RequestLog.files(dir);
    assertTrue(files.size() <= MAX_FILES, "more files than the limit: " + files);
    long previous = -1;
    for (Path f : files) {
      byte[] bytes = Files.readAllBytes(f);
      String text = new String(bytes, StandardCharsets.UTF_8);
      boolean current = f.getFileName().toString().equals(LogFiles.CURRENT);
      String[] lines = text.split("\n", -1);
      String tail = lines[lines.length - 1];
      if (!tail.isEmpty()) {
        assertTrue(current && tornAllowed, f.getFileName() + " ends without a newline: not a complete generation");
      }
      for (int i = 0; i < lines.length - 1; i++) {
        JsonNode n;
        try {
          n = JSON.readTree(lines[i]);
        } catch (IOException e) {
          throw new AssertionError(f.getFileName() + ":" + (i + 1) + " does not parse: " + lines[i], e);
        }
        long number = Long.parseLong(n.get("request_id").asText().substring(4));
        assertTrue(number > previous, f.getFileName() + ":" + (i + 1) + ": request " + number + " after " + previous);
        previous = number;
      }
    }
    return previous;
  }

  /** The highest request number in the current file, or -1. */
  private static long lastNumber(Path dir) {
    try {
      String text = Files.readString(LogFiles.current(dir), StandardCharsets.UTF_8);
      int end = text.lastIndexOf('\n');
      int start = text.lastIndexOf('\n', end - 1) + 1;
      if (end <= 0) {
        return -1;
      }
      JsonNode n = JSON.readTree(text.substring(start, end));
      return Long.parseLong(n.get("request_id").asText().substring(4));
    } catch (IOException | RuntimeException rotatedMeanwhile) {
      return -1;
    }
  }

  private static Process child(Path dir, long first) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), "-XX:+UseSerialGC", RequestLogChild.class.getName(),
        dir.toString(), Long.toString(MAX_BYTES), Integer.toString(MAX_FILES), Long.toString(first)));
    return new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
  }
}
