package io.mlctl.core.table;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import io.mlctl.core.testing.Fuzzing;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The server's request log ({@code requests.jsonl}), read as a table by drift, validate and lineage. */
class RequestLogFuzzTest {
  private static final Path DIR = Jimfs.newFileSystem(Configuration.unix()).getPath("/serve");

  @FuzzTest(maxDuration = Fuzzing.LONG_RUN)
  void read(byte[] file) throws IOException {
    Files.createDirectories(DIR);
    Files.write(DIR.resolve("requests.jsonl"), file);
    Fuzzing.parses(() -> {
      try (TableReader log = TableReader.open(DIR, ".mlctl/serve")) {
        int width = log.header().length;
        for (String[] row = log.next(); row != null; row = log.next()) {
          assertEquals(width, row.length, "a row of " + log.shownAs() + ":" + log.line());
        }
      }
    });
  }
}
