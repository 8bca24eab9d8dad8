package io.mlctl.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Open Inference Protocol's tensors, read without a server. */
class V2ControllerTest {
  @TempDir
  static Path tmp;

  /** Reads x, y (numbers) and region (a category). */
  static Scorer points;

  @BeforeAll
  static void train() {
    points = TrainedScorers.points(tmp);
  }

  private static JsonNode inputs(String json) throws Exception {
    return Json.MAPPER.readTree(json);
  }

  private static String tensor(String name, String type, String shape, String data) {
    return "{\"name\": \"" + name + "\", \"datatype\": \"" + type + "\", \"shape\": " + shape + ", \"data\": " + data + "}";
  }

  private static Table table(String... tensors) throws Exception {
    return V2Controller.table(inputs("[" + String.join(", ", tensors) + "]"));
  }

  private static void assertBadRequest(String message, org.junit.jupiter.api.function.Executable read) {
    ApiException e = assertThrows(ApiException.class, read);
    assertEquals(400, e.status());
    assertEquals("bad_request", e.code());
    assertEquals(message, e.getMessage());
  }

  @Test
  void table_ofOneTensorPerFeature_givesNumbersAsDoubles_andBytesAsText() throws Exception {
    Table t = table(tensor("x", "FP64", "[2]", "[1.5, 2]"), tensor("y", "INT32", "[2, 1]", "[[3], [4]]"),
        tensor("region", "BYTES", "[2]", "[\"south\", \"north\"]"));

    assertEquals(2, t.rows());
    assertEquals(2.0, t.value(1, 0, "x"));
    assertEquals(3.0, t.value(0, 1, "y"));
    assertEquals(inputs("\"north\""), t.value(1, 2, "region"));
    assertSame(Table.MISSING, t.value(0, 3, "other"));
    assertNull(t.unknown(0, points));
    Instance[] rows = points.read(t, true);
    assertEquals(4.0, rows[1].number(1));
    assertEquals("south", rows[0].category(2));
  }

  @Test
  void table_ofOneMatrix_takesItsColumnsAsTheFeaturesInTheCardsOrder() throws Exception {
    Table t = table(tensor("input-0", "FP64", "[2, 2]", "[[1, 2], [3, 4]]"));

    assertEquals(2, t.rows());
    assertEquals(1.0, t.value(0, 0, "x"));
    assertEquals(2.0, t.value(0, 1, "y"));
    assertEquals(3.0, t.value(1, 0, "x"));
    assertEquals(4.0, t.value(1, 1, "y"));
    assertSame(Table.MISSING, t.value(0, 2, "region"), "past the matrix's columns");
    assertNull(t.unknown(0, points), "two columns for three features: none is unknown");
    assertEquals("#4 (the tensor 'input-0' has 4 columns)",
        table(tensor("input-0", "FP64", "[1, 4]", "[1, 2, 3, 4]")).unknown(0, points));
    assertNull(table(tensor("input-0", "FP64", "[1, 3]", "[1, 2, 3]")).unknown(0, points), "as many columns as features");
    assertEquals(5.0, table(tensor("x", "FP64", "[1]", "[5]")).value(0, 0, "x"), "one tensor named for a feature is that feature");
    assertSame(Table.MISSING, table(tensor("x", "FP64", "[1]", "[5]")).value(0, 1, "y"));
    assertNull(table(tensor("q", "FP64", "[1]", "[5]")).unknown(0, points), "one [N] tensor of any name is the first feature");
  }

  @Test
  void table_ofSeveralTensors_namesTheUnknownOne_andRefusesAMatrixAmongThem() throws Exception {
    Table t = table(tensor("x", "FP64", "[1]", "[1]"), tensor("q", "FP64", "[1]", "[2]"), tensor("y", "FP64", "[1, 2]", "[1, 2]"));

    assertEquals("q", t.unknown(0, points));
    assertBadRequest("input 'y' has 2 columns; a feature's input has shape [N] or [N, 1]", () -> t.value(0, 1, "y"));
  }

  @Test
  void table_whoseInputsDifferInLength_isA400NamingTheInput() throws Exception {
    Table t = table(tensor("x", "FP64", "[2]", "[1, 2]"), tensor("y", "FP64", "[3]", "[1, 2, 3]"));

    assertBadRequest("the inputs have different lengths (2 and 3 for 'y')", t::rows);
  }

  @Test
  void table_checksEachValueAgainstItsTensorsDatatype() throws Exception {
    Table t = table(tensor("x", "FP64", "[2]", "[1, \"2\"]"), tensor("region", "BYTES", "[2]", "[\"s\", 3]"));

    assertEquals(1.0, t.value(0, 0, "x"));
    assertBadRequest("instance 1: feature 'x' needs a number, input 'x' holds \"2\"", () -> t.value(1, 0, "x"));
    assertBadRequest("instance 1: feature 'region' in BYTES input 'region' is not a string", () -> t.value(1, 2, "region"));
  }

  @Test
  void table_ofMalformedTensors_isA400NamingTheInput() throws Exception {
    assertBadRequest("inputs[1] is not a tensor object", () -> table(tensor("x", "FP64", "[1]", "[1]"), "[1]"));
    String needs = "inputs[0] needs name, datatype, shape and data";
    assertBadRequest(needs, () -> table("{\"datatype\": \"FP64\", \"shape\": [1], \"data\": [1]}"));
    assertBadRequest(needs, () -> table("{\"name\": 1, \"datatype\": \"FP64\", \"shape\": [1], \"data\": [1]}"));
    assertBadRequest(needs, () -> table("{\"name\": \"x\", \"shape\": [1], \"data\": [1]}"));
    assertBadRequest(needs, () -> table("{\"name\": \"x\", \"datatype\": 64, \"shape\": [1], \"data\": [1]}"));
    assertBadRequest(needs, () -> table("{\"name\": \"x\", \"datatype\": \"FP64\", \"data\": [1]}"));
    assertBadRequest(needs, () -> table("{\"name\": \"x\", \"datatype\": \"FP64\", \"shape\": 1, \"data\": [1]}"));
    assertBadRequest(needs, () -> table("{\"name\": \"x\", \"datatype\": \"FP64\", \"shape\": [1]}"));
    assertBadRequest(needs, () -> table("{\"name\": \"x\", \"datatype\": \"FP64\", \"shape\": [1], \"data\": 1}"));
    assertBadRequest("input 'x' has datatype FP128; use FP64 (or another numeric type) or BYTES",
        () -> table(tensor("x", "FP128", "[1]", "[1]")));
    assertBadRequest("input 'x' has shape []; use [N] or [N, F]", () -> table(tensor("x", "FP64", "[]", "[1]")));
    assertBadRequest("input 'x' has shape [1,1,1]; use [N] or [N, F]", () -> table(tensor("x", "FP64", "[1, 1, 1]", "[1]")));
    assertBadRequest("input 'x' has shape [-1]; the sizes must be positive, with at most 2147483647 values in all",
        () -> table(tensor("x", "FP64", "[-1]", "[1]")));
    assertBadRequest("input 'x' has shape [1,0]; the sizes must be positive, with at most 2147483647 values in all",
        () -> table(tensor("x", "FP64", "[1, 0]", "[]")));
    assertBadRequest("input 'x' has shape [2] but 3 values", () -> table(tensor("x", "FP64", "[2]", "[1, 2, 3]")));
    assertBadRequest("input 'x' has shape [2,2] but 3 values", () -> table(tensor("x", "FP64", "[2, 2]", "[[1, 2], [3]]")));
    assertBadRequest("two inputs are named 'x'", () -> table(tensor("x", "FP64", "[1]", "[1]"), tensor("x", "FP64", "[1]", "[2]")));
    assertEquals(0, table(tensor("x", "FP64", "[0]", "[]")).rows(), "an empty tensor is no instances");
    for (String type : new String[] {"FP32", "FP16", "INT64", "INT16", "INT8", "UINT64", "UINT32", "UINT16", "UINT8"}) {
      assertEquals(7.0, table(tensor("x", type, "[1]", "[7]")).value(0, 0, "x"), type);
    }
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
