package io.mlctl.core.pointer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.mlctl.core.testing.Fuzzing;

/**
 * Directory manifests come from the cache or a remote: any bytes parse or are bad input, and a
 * manifest that parses writes back to bytes that parse to the same manifest.
 */
class ManifestFuzzTest {
  @FuzzTest(maxDuration = Fuzzing.LONG_RUN)
  void parse(byte[] bytes) {
    Fuzzing.parses(() -> {
      Manifest m = Manifest.parse(bytes, "manifest");
      byte[] canonical = m.toBytes();
      assertArrayEquals(canonical, Manifest.parse(canonical, "manifest").toBytes());
    });
  }
}
