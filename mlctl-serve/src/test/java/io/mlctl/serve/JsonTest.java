package io.mlctl.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JsonTest {
  // Found by V1PredictFuzzTest, MlflowJsonFuzzTest and V2InferFuzzTest: a 500 (UncheckedIOException).
  @Test
  void parse_ofABodyJacksonTakesForUtf32_isA400BadJson() {
    byte[] json = "{\"instances\": []}".getBytes(StandardCharsets.UTF_8);
    byte[] body = new byte[8 + json.length];
    body[0] = 1;
    System.arraycopy(json, 0, body, 8, json.length);

    ApiException e = assertThrows(ApiException.class, () -> Json.parse(body));

    assertEquals(400, e.status());
    assertEquals("bad_json", e.code());
    assertTrue(e.getMessage().startsWith("the body is not valid JSON: "), e.getMessage());
  }
}
