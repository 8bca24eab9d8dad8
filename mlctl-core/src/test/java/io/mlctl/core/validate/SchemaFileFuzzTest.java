package io.mlctl.core.validate;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.mlctl.core.testing.Fuzzing;

/**
 * A data schema ({@code mlctl validate --schema}): it parses or is bad input, and a schema that
 * parses writes back to text that parses to the same schema.
 */
class SchemaFileFuzzTest {
  @FuzzTest(maxDuration = Fuzzing.LONG_RUN)
  void parse(byte[] file) {
    Fuzzing.parses(() -> {
      Schema s = SchemaFile.parse(Fuzzing.text(file), "schema.yaml");
      String text = SchemaFile.text(s);
      org.junit.jupiter.api.Assertions.assertEquals(text, SchemaFile.text(SchemaFile.parse(text, "schema.yaml")));
    });
  }
}
