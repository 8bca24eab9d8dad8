package io.mlctl.core.registry;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.mlctl.core.testing.Fuzzing;

/** A model's registry file ({@code .mlctl/registry/NAME.yaml}), as the registry and gc read it. */
class RegistryFileFuzzTest {
  @FuzzTest(maxDuration = Fuzzing.LONG_RUN)
  void parse(byte[] file) {
    String text = Fuzzing.text(file);
    Fuzzing.parses(() -> RegisteredModel.parse(text, ".mlctl/registry/m.yaml"));
    Fuzzing.parses(() -> ModelRegistry.objectsIn(text, ".mlctl/registry/m.yaml"));
  }
}
