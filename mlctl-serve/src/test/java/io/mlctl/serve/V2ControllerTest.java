package io.mlctl.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** The Open Inference Protocol's tensors, read without a server. */
class V2ControllerTest {
  private static JsonNode inputs(String json) throws Exception {
    return Json.MAPPER.readTree(json);
  }

  // A shape is the client's claim: only the data sent may decide what is allocated.
  @Test
  void table_whenTheShapeClaimsBillionsOfValuesTheDataLacks_isA400() throws Exception {
    JsonNode in = inputs("[{\"name\": \"x\", \"datatype\": \"FP64\", \"shape\": [2147483647], \"data\": [1.5]}]");

    ApiException e = assertThrows(ApiException.class, () -> V2Controller.table(in));

    assertEquals(400, e.status());
    assertEquals("input 'x' has shape [2147483647] but 1 values", e.getMessage());
  }

  @Test
  void table_whenTheShapesProductOverflows_isA400() throws Exception {
    JsonNode in = inputs("[{\"name\": \"x\", \"datatype\": \"FP64\", \"shape\": [4294967296, 4294967296], \"data\": []}]");

    ApiException e = assertThrows(ApiException.class, () -> V2Controller.table(in));

    assertEquals(400, e.status());
    assertEquals("input 'x' has shape [4294967296,4294967296]; the sizes must be positive, with at most 2147483647 values in all", e.getMessage());
  }
}
