package io.mlctl.core.exp;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import io.mlctl.core.testing.Fuzzing;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Run records ({@code .mlctl/runs/ID.json}) arrive from other machines with {@code exp pull}. */
class RunRecordFuzzTest {
  private static final Path DIR = Jimfs.newFileSystem(Configuration.unix()).getPath("/runs");

  @FuzzTest(maxDuration = Fuzzing.LONG_RUN)
  void read(byte[] file) throws IOException {
    Files.createDirectories(DIR);
    Files.write(DIR.resolve("r1.json"), file);
    RunStore store = new RunStore(DIR);
    Fuzzing.parses(() -> store.read("r1").ifPresent(r -> {
      // what mlctl log does with a record read back
      r.series().keySet().forEach(r::nextStep);
      r.withParam("lr", 0.1);
    }));
  }
}
