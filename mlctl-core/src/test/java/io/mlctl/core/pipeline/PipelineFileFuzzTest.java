package io.mlctl.core.pipeline;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import io.mlctl.core.testing.Fuzzing;
import java.nio.file.Path;

/** {@code mlctl.yaml}: stages, foreach and matrix expansion, {@code ${}} references. */
class PipelineFileFuzzTest {
  private static final Path ROOT = Jimfs.newFileSystem(Configuration.unix()).getPath("/repo");

  @FuzzTest(maxDuration = Fuzzing.LONG_RUN)
  void parse(byte[] file) {
    Fuzzing.parses(() -> new PipelineFile(ROOT).parse(Fuzzing.text(file)));
  }
}
