package io.mlctl.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.mlctl.core.validate.SchemaFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A schema file's rules applied to each request: the features the model reads, the first violation named. */
class RequestSchemaTest {
  @TempDir
  static Path tmp;

  static ServedModel points;

  @BeforeAll
  static void train() {
    points = ServedModel.of("points", "v1", "points@production", TrainedScorers.pointsModel(tmp));
  }

  private static Instance[] rows(String json) {
    return points.scorer().read(Tables.records(Json.parse(json.getBytes(StandardCharsets.UTF_8)), "instances"), false);
  }

  private static RequestSchema schema(String yaml) {
    return new RequestSchema(SchemaFile.parse(yaml, "schema.yaml"));
  }

  private static void assertViolation(String message, RequestSchema schema, String json) {
    ApiException e = assertThrows(ApiException.class, () -> schema.check(points, rows(json)));
    assertEquals(400, e.status());
    assertEquals("schema_violation", e.code());
    assertEquals(message, e.getMessage());
  }

  @Test
  void check_ofInstancesWithinTheRules_passes_andTheLabelsRuleIsLeftOut() {
    RequestSchema s = schema("columns: {x: {min: 0, max: 10}, region: {allowed: [north, south]}, label: {allowed: [lo]}}");

    s.check(points, rows("[{\"x\": 0, \"y\": 2, \"region\": \"north\"}, {\"x\": 10, \"y\": -5, \"region\": \"south\"}]"));
  }

  @Test
  void check_namesTheInstanceTheFeatureTheRuleAndTheValue() {
    RequestSchema s = schema("columns: {x: {min: 0, max: 10}, region: {allowed: [north, south]}}");

    assertViolation("instance 1: feature 'x' breaks the schema's rule 'max' (max: 10.0, got '12.5')", s,
        "[{\"x\": 1, \"y\": 2, \"region\": \"north\"}, {\"x\": 12.5, \"y\": 2, \"region\": \"north\"}]");
    assertViolation("instance 0: feature 'region' breaks the schema's rule 'allowed' (allowed: [north, south], got 'mars')", s,
        "[{\"x\": 1, \"y\": 2, \"region\": \"mars\"}]");
  }

  @Test
  void check_ofUnique_appliesWithinOneRequest_andNamesTheRepeatingInstance() {
    RequestSchema s = schema("columns: {region: {unique: true}}");

    s.check(points, rows("[{\"x\": 1, \"y\": 2, \"region\": \"north\"}, {\"x\": 1, \"y\": 2, \"region\": \"south\"}]"));
    assertViolation("instance 1: feature 'region' breaks the schema's rule 'unique' (unique: true, got 'north')", s,
        "[{\"x\": 1, \"y\": 2, \"region\": \"north\"}, {\"x\": 3, \"y\": 4, \"region\": \"north\"}]");
  }

  @Test
  void check_whenTheSchemaNamesNoFeatureOfTheModel_passesAnything() {
    RequestSchema s = schema("columns: {label: {allowed: [lo]}, other: {min: 0}}");

    s.check(points, rows("[{\"x\": -100, \"y\": 2, \"region\": \"anything\"}]"));
  }

  @Test
  void instanceRows_showTheRequestAsATable_oneLinePerInstance() {
    Instance[] in = rows("[{\"x\": 1.5, \"y\": 2, \"region\": \"north\"}, {\"x\": 3, \"y\": 4, \"region\": \"south\"}]");
    java.util.List<InstanceRows.Row> table = java.util.List.of(new InstanceRows.Row(points.scorer().features(), in[0]),
        new InstanceRows.Row(points.scorer().features(), in[1]));
    InstanceRows r = new InstanceRows(new String[] {"region", "x", "other"}, table, "request");

    assertEquals("request", r.shownAs());
    assertEquals(java.util.List.of("region", "x", "other"), java.util.List.of(r.header()));
    assertEquals(java.util.List.of("north", "1.5", ""), java.util.List.of(r.next()));
    assertEquals(1, r.line());
    assertEquals(1, r.rows());
    assertEquals(java.util.List.of("south", "3.0", ""), java.util.List.of(r.next()));
    assertEquals(2, r.line());
    assertNull(r.next());
    assertEquals(2, r.rows());
    assertEquals(0, InstanceRows.instance(1));
    r.pointAt(2);
    assertEquals("instance 1: not a number in feature 'x'", r.errorAt(1, "not a number", "a hint").getMessage());
  }
}
