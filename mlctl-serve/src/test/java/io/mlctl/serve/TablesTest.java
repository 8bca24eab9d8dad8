package io.mlctl.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each payload shape read as a table: its rows, a value by name or position, an unknown feature, a 400 naming what is wrong. */
class TablesTest {
  @TempDir
  static Path tmp;

  /** Reads x, y, region; knows the label column too. */
  static Scorer points;

  @BeforeAll
  static void train() {
    points = TrainedScorers.points(tmp);
  }

  private static JsonNode json(String s) {
    return Json.parse(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  private static void assertBadRequest(String message, org.junit.jupiter.api.function.Executable read) {
    ApiException e = assertThrows(ApiException.class, read);
    assertEquals(400, e.status());
    assertEquals("bad_request", e.code());
    assertEquals(message, e.getMessage());
  }

  @Test
  void records_findValuesByName_andTheFirstUnknownFeature() {
    Table t = Tables.records(json("[{\"x\": 1.5, \"region\": \"south\"}, {\"y\": 2, \"label\": \"lo\", \"z\": 3, \"w\": 4}]"), "instances");

    assertEquals(2, t.rows());
    assertEquals(json("1.5"), t.value(0, 0, "x"));
    assertEquals(json("\"south\""), t.value(0, 2, "region"));
    assertSame(Table.MISSING, t.value(0, 1, "y"));
    assertEquals(json("2"), t.value(1, 1, "y"));
    assertNull(t.unknown(0, points));
    assertEquals("z", t.unknown(1, points), "the label is known; z is the first unknown");
  }

  @Test
  void records_whoseElementIsNotAnObject_isA400NamingIt() {
    assertBadRequest("instances[1] is not an object of feature values", () -> Tables.records(json("[{}, [1, 2]]"), "instances"));
    assertBadRequest("dataframe_records[0] is not an object of feature values", () -> Tables.records(json("[3]"), "dataframe_records"));
    assertEquals(0, Tables.records(json("[]"), "instances").rows());
  }

  @Test
  void rows_takeValuesByPosition_andCountValuesPastTheCardsFeatures() {
    Table t = Tables.rows(json("[[1, 2, \"south\"], [3, 4], [5, 6, \"north\", 7]]"), "inputs");

    assertEquals(3, t.rows());
    assertEquals(json("2"), t.value(0, 1, "y"));
    assertEquals(json("\"south\""), t.value(0, 2, "region"));
    assertSame(Table.MISSING, t.value(1, 2, "region"), "a short row lacks the last feature");
    assertEquals(json("\"north\""), t.value(2, 2, "region"));
    assertNull(t.unknown(0, points), "as many values as features");
    assertNull(t.unknown(1, points));
    assertEquals("#4 (the instance has 4 values)", t.unknown(2, points));
  }

  @Test
  void rows_whoseElementIsNotAList_isA400NamingIt() {
    assertBadRequest("inputs[2] is not a list of feature values", () -> Tables.rows(json("[[1], [2], {\"x\": 3}]"), "inputs"));
  }

  @Test
  void columns_holdOneListPerFeature() {
    Table t = Tables.columns(json("{\"x\": [1, 2], \"y\": [3, 4], \"region\": [\"a\", \"b\"]}"), "inputs");

    assertEquals(2, t.rows());
    assertEquals(json("2"), t.value(1, 0, "x"));
    assertEquals(json("\"a\""), t.value(0, 2, "region"));
    assertSame(Table.MISSING, t.value(0, 0, "nope"));
    assertNull(t.unknown(0, points));
    assertEquals("z", Tables.columns(json("{\"x\": [1], \"z\": [2]}"), "inputs").unknown(0, points));
    assertEquals(0, Tables.columns(json("{}"), "inputs").rows(), "no columns, no instances");
    assertEquals(0, Tables.columns(json("{\"x\": []}"), "inputs").rows());
  }

  @Test
  void columns_thatAreNotListsOrDifferInLength_areA400() {
    assertBadRequest("instances.y is not a list of values", () -> Tables.columns(json("{\"x\": [1], \"y\": 2}"), "instances"));
    assertBadRequest("inputs: the columns have different lengths (2 and 3)",
        () -> Tables.columns(json("{\"x\": [1, 2], \"y\": [1, 2, 3]}"), "inputs"));
    assertBadRequest("inputs: the columns have different lengths (1 and 0)",
        () -> Tables.columns(json("{\"x\": [1], \"y\": []}"), "inputs"));
  }

  @Test
  void split_findsValuesByColumnName() {
    Table t = Tables.split(json("{\"columns\": [\"region\", \"x\", \"q\"], \"data\": [[\"south\", 1, 0], [\"north\", 2, 0]]}"));

    assertEquals(2, t.rows());
    assertEquals(json("2"), t.value(1, 0, "x"));
    assertEquals(json("\"south\""), t.value(0, 2, "region"));
    assertSame(Table.MISSING, t.value(0, 1, "y"));
    assertEquals("q", t.unknown(0, points));
    assertNull(Tables.split(json("{\"columns\": [\"x\", \"label\"], \"data\": []}")).unknown(0, points));
    assertEquals(0, Tables.split(json("{\"columns\": [], \"data\": []}")).rows());
  }

  @Test
  void split_withoutColumnsAndData_orWithARowOfAnotherWidth_isA400() {
    String needs = "dataframe_split needs 'columns' (a list of names) and 'data' (a list of rows)";
    assertBadRequest(needs, () -> Tables.split(json("[]")));
    assertBadRequest(needs, () -> Tables.split(json("{\"data\": []}")));
    assertBadRequest(needs, () -> Tables.split(json("{\"columns\": \"x\", \"data\": []}")));
    assertBadRequest(needs, () -> Tables.split(json("{\"columns\": [\"x\"]}")));
    assertBadRequest(needs, () -> Tables.split(json("{\"columns\": [\"x\"], \"data\": {}}")));
    assertBadRequest("dataframe_split.data[1] is not a row of 2 values",
        () -> Tables.split(json("{\"columns\": [\"x\", \"y\"], \"data\": [[1, 2], [1, 2, 3]]}")));
    assertBadRequest("dataframe_split.data[0] is not a row of 2 values",
        () -> Tables.split(json("{\"columns\": [\"x\", \"y\"], \"data\": [{\"x\": 1, \"y\": 2}]}")));
    assertBadRequest("dataframe_split.data[0] is not a row of 2 values",
        () -> Tables.split(json("{\"columns\": [\"x\", \"y\"], \"data\": [[1]]}")));
  }

  @Test
  void csv_findsTextByHeaderName_andAShortRowLacksItsLastValues() {
    Table t = Tables.csv(new String[] {"region", "x", "y"}, List.of(new String[] {"south", "1", "2"}, new String[] {"north", "3"}));

    assertEquals(2, t.rows());
    assertEquals("1", t.value(0, 0, "x"));
    assertEquals("2", t.value(0, 1, "y"));
    assertEquals("south", t.value(0, 2, "region"));
    assertSame(Table.MISSING, t.value(1, 1, "y"));
    assertEquals("3", t.value(1, 0, "x"));
    assertSame(Table.MISSING, t.value(0, 0, "nope"));
    assertNull(t.unknown(0, points));
    assertEquals("extra", Tables.csv(new String[] {"x", "extra"}, List.of()).unknown(0, points));
  }
}
