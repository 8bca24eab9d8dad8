package io.mlctl.serve.log;

import io.mlctl.serve.metrics.ServeMetrics;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Run in a child JVM by {@link RequestLogKillTest}: the server's request log with small files, so
 * it rotates every few lines, fed requests numbered from {@code args[3]} until it is killed.
 * Arguments: the log's folder, the file size limit, the number of files, the first number.
 */
public final class RequestLogChild {
  private RequestLogChild() {}

  public static void main(String[] args) throws InterruptedException {
    RequestLog log = RequestLog.open(Path.of(args[0]),
        new RequestLog.Limits(Long.parseLong(args[1]), Integer.parseInt(args[2]), 256), ServeMetrics.create());
    for (long n = Long.parseLong(args[3]); ; n++) {
      log.append(new RequestLogEntry("req-" + n, Instant.now(), "iris", "v2", "primary",
          List.of(Map.of("petal_length", (double) n, "species_hint", "x".repeat((int) (n % 40)))),
          List.of(Map.of("label", "setosa")), 0.25));
      if (n % 8 == 0) {
        // About as fast as the writer keeps up: a few dropped lines are fine, a full queue is not the point.
        Thread.sleep(1);
      }
    }
  }
}
