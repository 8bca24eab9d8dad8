package io.mlctl.serve;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** KServe V1 {@code :predict}: {@code {"instances": [{feature: value}, …]}}. Any body is answered with a 200 or a 4xx of the contract's shape (see {@link PayloadFuzzing}). */
class V1PredictFuzzTest {
  @TempDir
  static Path tmp;

  static Running server;

  @BeforeAll
  static void start() {
    server = PayloadFuzzing.start(tmp);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @FuzzTest(maxDuration = PayloadFuzzing.LONG_RUN)
  void predict(byte[] body) {
    PayloadFuzzing.post(server, "/v1/models/points:predict", "application/json", body, false);
  }
}
