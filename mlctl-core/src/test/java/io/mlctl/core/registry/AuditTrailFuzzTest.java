package io.mlctl.core.registry;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import io.mlctl.core.testing.Fuzzing;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The audit trail ({@code audit.jsonl}) is committed, so anyone can edit it: reading its entries
 * and extending it (which checks the hash chain first) either work or refuse it as bad input.
 */
class AuditTrailFuzzTest {
  private static final Path DIR = Jimfs.newFileSystem(Configuration.unix()).getPath("/registry");

  @FuzzTest(maxDuration = Fuzzing.LONG_RUN)
  void read(byte[] file) throws IOException {
    Files.createDirectories(DIR);
    Files.write(DIR.resolve(AuditTrail.FILE), file);
    AuditTrail trail = new AuditTrail(DIR);
    Fuzzing.parses(() -> AuditTrail.entries(trail.lines()));
    Fuzzing.parses(() -> trail.append(trail.lines(), "2026-01-01T00:00:00Z", "tester", "register", "m", Map.of("version", "v1")));
  }
}
