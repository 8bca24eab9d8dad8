package io.mlctl.core.pointer;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.mlctl.core.testing.Fuzzing;

/** Pointer files ({@code NAME.mlctl}) come from Git: any text parses or is bad input with a place. */
class PointerFileFuzzTest {
  @FuzzTest(maxDuration = Fuzzing.LONG_RUN)
  void parse(byte[] file) {
    Fuzzing.parses(() -> PointerFile.parse(Fuzzing.text(file), "data/raw.csv.mlctl"));
  }
}
