package io.mlctl.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The card as the schema of a request: the values read for each instance, and the 400 for the first one that is wrong. */
class ScorerTest {
  @TempDir
  static Path tmp;

  static Scorer points;

  @BeforeAll
  static void train() {
    points = TrainedScorers.points(tmp);
  }

  private static JsonNode json(String s) {
    return Json.parse(s.getBytes(StandardCharsets.UTF_8));
  }

  private static Instance[] records(String json, boolean strict) {
    return points.read(Tables.records(json(json), "instances"), strict);
  }

  private static Instance[] csv(String... row) {
    return points.read(Tables.csv(new String[] {"x", "y", "region"}, List.<String[]>of(row)), false);
  }

  private static void assertBadRequest(String message, org.junit.jupiter.api.function.Executable read) {
    ApiException e = assertThrows(ApiException.class, read);
    assertEquals(400, e.status());
    assertEquals("bad_request", e.code());
    assertEquals(message, e.getMessage());
  }

  @Test
  void theCard_namesTheFeaturesInItsOrder_andKnowsTheLabel() {
    assertEquals("x, y, region", points.featureNames());
    assertEquals(3, points.width());
    assertTrue(points.knows("x") && points.knows("region") && points.knows("label"));
    assertEquals(false, points.knows("z"));
  }

  @Test
  void read_givesEachInstancesNumbersAndCategories_inTheCardsOrder() {
    Instance[] rows = records("[{\"region\": \"south\", \"y\": 5.44, \"x\": 2.38}, {\"x\": -1, \"y\": 0, \"region\": 7}]", false);

    assertEquals(2, rows.length);
    assertEquals(2.38, rows[0].number(0));
    assertEquals(5.44, rows[0].number(1));
    assertEquals("south", rows[0].category(2));
    assertEquals(-1.0, rows[1].number(0));
    assertEquals(0.0, rows[1].number(1));
    assertEquals("7", rows[1].category(2), "a number sent for a category is its text");
    assertEquals(java.util.Map.of("x", 2.38, "y", 5.44, "region", "south"), rows[0].asMap(points.features()));
  }

  @Test
  void read_ofCsvText_parsesNumbersAsPredictDoes() {
    Instance[] rows = csv(" 2.5 ", "1e3", "north");

    assertEquals(2.5, rows[0].number(0));
    assertEquals(1000.0, rows[0].number(1));
    assertEquals("north", rows[0].category(2));
  }

  @Test
  void read_ofATensorsDoubles_takesThemAsNumbers_butNeverAsACategory() {
    Table numeric = new Table() {
      @Override
      public int rows() {
        return 1;
      }

      @Override
      public Object value(int row, int position, String name) {
        return position < 2 ? (Object) (double) (position + 1) : "south";
      }

      @Override
      public String unknown(int row, Scorer scorer) {
        return null;
      }
    };
    Instance[] rows = points.read(numeric, true);
    assertEquals(1.0, rows[0].number(0));
    assertEquals(2.0, rows[0].number(1));
    assertEquals("south", rows[0].category(2));

    Table allDoubles = new Table() {
      @Override
      public int rows() {
        return 1;
      }

      @Override
      public Object value(int row, int position, String name) {
        return 3.0;
      }

      @Override
      public String unknown(int row, Scorer scorer) {
        return null;
      }
    };
    assertBadRequest("instance 0: feature 'region' needs a category (a string, in a BYTES tensor), got the number 3.0",
        () -> points.read(allDoubles, false));
  }

  @Test
  void read_ofNoInstances_isA400() {
    assertBadRequest("the request has no instances", () -> records("[]", false));
  }

  @Test
  void read_ofAMissingFeature_namesTheInstanceAndTheFeature() {
    assertBadRequest("instance 1: feature 'y' is missing (the model reads x, y, region)",
        () -> records("[{\"x\": 1, \"y\": 2, \"region\": \"s\"}, {\"x\": 1, \"region\": \"s\"}]", false));
  }

  @Test
  void read_ofAWrongType_saysWhatWasSentInstead() {
    assertBadRequest("instance 0: feature 'x' needs a number, got the string \"2.38\"",
        () -> records("[{\"x\": \"2.38\", \"y\": 2, \"region\": \"s\"}]", false));
    assertBadRequest("instance 0: feature 'y' needs a number, got null",
        () -> records("[{\"x\": 1, \"y\": null, \"region\": \"s\"}]", false));
    assertBadRequest("instance 0: feature 'x' needs a number, got boolean",
        () -> records("[{\"x\": true, \"y\": 2, \"region\": \"s\"}]", false));
    assertBadRequest("instance 0: feature 'region' needs a category (a string), got object",
        () -> records("[{\"x\": 1, \"y\": 2, \"region\": {}}]", false));
    assertBadRequest("instance 0: feature 'region' needs a category (a string), got array",
        () -> records("[{\"x\": 1, \"y\": 2, \"region\": []}]", false));
    assertEquals("true", records("[{\"x\": 1, \"y\": 2, \"region\": true}]", false)[0].category(2));
    assertBadRequest("instance 0: feature 'x' needs a number, got 'abc'", () -> csv("abc", "1", "s"));
    assertBadRequest("instance 0: feature 'y' needs a number, got an empty value", () -> csv("1", " ", "s"));
  }

  @Test
  void read_ofANumberThatIsNotFinite_isA400() {
    assertBadRequest("instance 0: feature 'x' is Infinity; a feature needs a finite number",
        () -> records("[{\"x\": 1e999, \"y\": 2, \"region\": \"s\"}]", false));
    assertBadRequest("instance 0: feature 'y' is -Infinity; a feature needs a finite number",
        () -> records("[{\"x\": 1, \"y\": -1e999, \"region\": \"s\"}]", false));
    assertBadRequest("instance 0: feature 'x' is NaN; a feature needs a finite number", () -> csv("NaN", "1", "s"));
    assertBadRequest("instance 0: feature 'x' is NaN; a feature needs a finite number", () -> csv(" nan ", "1", "s"));
  }

  @Test
  void read_underStrict_refusesAFeatureTheModelDoesNotRead_butNotTheLabel() {
    String extra = "[{\"x\": 1, \"y\": 2, \"region\": \"s\", \"label\": \"lo\"}, {\"x\": 1, \"y\": 2, \"region\": \"s\", \"z\": 0}]";
    assertEquals(2, records(extra, false).length, "ignored unless strict");
    assertBadRequest("instance 1: unknown feature 'z' (the model reads x, y, region)", () -> records(extra, true));
    assertEquals(1, records("[{\"x\": 1, \"y\": 2, \"region\": \"s\", \"label\": \"lo\"}]", true).length);
  }

  @Test
  void score_answersALabelAndEveryClassesScore_perInstance() {
    Instance[] rows = records("[{\"x\": 2.38, \"y\": 5.44, \"region\": \"south\"}, {\"x\": 9.16, \"y\": 4.74, \"region\": \"north\"}]", false);

    Scores one = points.score(new Instance[] {rows[0]});
    Scores both = points.score(rows);

    assertTrue(both.classification());
    assertEquals(2, both.size());
    assertEquals(List.of("hi", "lo"), java.util.stream.Stream.of(both.classes().toArray(String[]::new)).sorted().toList());
    assertEquals(one.labels()[0], both.labels()[0], "one instance alone is scored as in a batch");
    assertEquals(1.0, both.scores()[0][0] + both.scores()[0][1], 1e-9);
    assertNull(both.values());
  }
}
