package io.mlctl.serve;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** The Open Inference Protocol's {@code infer}: one tensor per feature, or one {@code [N, F]} tensor. Any body is answered with a 200 or a 4xx of the contract's shape (see {@link PayloadFuzzing}). */
class V2InferFuzzTest {
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
  void infer(byte[] body) {
    PayloadFuzzing.post(server, "/v2/models/points/infer", "application/json", body, true);
  }
}
