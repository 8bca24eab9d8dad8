package io.mlctl.core.pipeline;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.mlctl.core.testing.Fuzzing;

/** {@code mlctl.lock}, read from the work tree or a Git revision. */
class LockFileFuzzTest {
  @FuzzTest(maxDuration = Fuzzing.LONG_RUN)
  void parse(byte[] file) {
    Fuzzing.parses(() -> LockFile.parse(Fuzzing.text(file), LockFile.NAME));
  }
}
