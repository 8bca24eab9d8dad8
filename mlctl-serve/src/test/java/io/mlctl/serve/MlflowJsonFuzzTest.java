package io.mlctl.serve;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** MLflow's scoring protocol in JSON: {@code dataframe_split}, {@code dataframe_records}, {@code instances}, {@code inputs} (records, rows or columns). Any body is answered with a 200 or a 4xx of the contract's shape (see {@link PayloadFuzzing}). */
class MlflowJsonFuzzTest {
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
  void invocations(byte[] body) {
    PayloadFuzzing.post(server, "/invocations", "application/json", body, false);
  }
}
