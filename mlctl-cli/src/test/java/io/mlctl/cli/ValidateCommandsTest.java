package io.mlctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code schema infer} and {@code validate}, end to end: exit codes, text and JSON. */
class ValidateCommandsTest {
  @TempDir
  Path dir;

  @BeforeEach
  void setUp() throws IOException {
    Files.writeString(dir.resolve("good.csv"), "id,age,city\n1,30,Porto\n2,41,Faro\n3,,Porto\n4,25,Faro\n");
    Files.writeString(dir.resolve("bad.csv"), "id,age,city\n1,30,Porto\n1,200,Madrid\n3,x,Porto\n4,-5,Faro\n");
  }

  @Test
  void inferThenValidate_cleanFile_exitsZero() throws IOException {
    Cli.Result inferred = Cli.in(dir, "schema", "infer", "good.csv", "-o", "schema.yaml");
    assertEquals(0, inferred.code(), inferred::toString);
    assertEquals("Wrote schema.yaml: 3 columns of good.csv.\n", inferred.out());
    String yaml = Files.readString(dir.resolve("schema.yaml"));
    assertTrue(yaml.contains("  age:\n    type: integer\n    nullable: true\n    min: 25\n    max: 41\n"), yaml);
    Cli.Result r = Cli.in(dir, "validate", "good.csv", "--schema", "schema.yaml");
    assertEquals(0, r.code(), r::toString);
    assertEquals("good.csv: valid (4 rows).\n", r.out());
  }

  @Test
  void infer_withoutOutput_printsTheYaml() {
    Cli.Result r = Cli.in(dir, "schema", "infer", "good.csv");
    assertEquals(0, r.code(), r::toString);
    assertTrue(r.out().startsWith("# What mlctl validate expects"), r.out());
    assertTrue(r.out().contains("    allowed:\n    - Porto\n    - Faro\n"), r.out());
  }

  @Test
  void validate_violations_exitOneAndListEachRuleWithLines() {
    assertEquals(0, Cli.in(dir, "schema", "infer", "good.csv", "-o", "schema.yaml").code());
    Cli.Result r = Cli.in(dir, "validate", "bad.csv", "--schema", "schema.yaml");
    assertEquals(1, r.code(), r::toString);
    assertEquals("bad.csv: 5 rules fail in 4 rows\n"
        + "  column 'id': unique true: 1 of 4 values fail; lines 3: '1'\n"
        + "  column 'age': type integer: 1 of 4 values fail; lines 4: 'x'\n"
        + "  column 'age': min 25: 1 of 4 values fail; lines 5: '-5'\n"
        + "  column 'age': max 41: 1 of 4 values fail; lines 3: '200'\n"
        + "  column 'city': allowed [Porto, Faro]: 1 of 4 values fail; lines 3: 'Madrid'\n", r.out());
    assertEquals("", r.err());
  }

  @Test
  void validate_json_reportsViolationsWithSnakeCaseKeys() throws IOException {
    assertEquals(0, Cli.in(dir, "schema", "infer", "good.csv", "-o", "schema.yaml").code());
    Cli.Result r = Cli.in(dir, "validate", "bad.csv", "--schema", "schema.yaml", "--json");
    assertEquals(1, r.code(), r::toString);
    JsonNode doc = new ObjectMapper().readTree(r.out());
    assertEquals(false, doc.get("valid").asBoolean());
    assertEquals("bad.csv", doc.get("data").asText());
    assertEquals(4, doc.get("rows").asLong());
    JsonNode first = doc.get("violations").get(0);
    assertEquals("id", first.get("column").asText());
    assertEquals("unique", first.get("rule").asText());
    assertEquals(1, first.get("count").asLong());
    assertEquals(4, first.get("checked").asLong());
    assertEquals(1.0, first.get("mostly").asDouble());
    assertEquals(3, first.get("examples").get(0).get("line").asInt());
    assertEquals("1", first.get("examples").get(0).get("value").asText());
    JsonNode allowed = doc.get("violations").get(4);
    assertEquals("allowed", allowed.get("rule").asText());
    assertEquals("[\"Porto\",\"Faro\"]", allowed.get("expected").toString());
    JsonNode ok = Cli.in(dir, "validate", "good.csv", "--schema", "schema.yaml", "--json").json();
    assertEquals("{\"valid\":true,\"data\":\"good.csv\",\"rows\":4,\"violations\":[]}", ok.toString());
  }

  @Test
  void validate_malformedSchema_exitsThreeNamingLineAndColumn() throws IOException {
    Files.writeString(dir.resolve("schema.yaml"), "columns:\n  age:\n    typ: integer\n");
    String line = Cli.in(dir, "validate", "good.csv", "--schema", "schema.yaml").errorLine(3);
    assertEquals("mlctl: error: schema.yaml:3:5: unknown key 'typ' (a column's rules are type, nullable, min, max, allowed, unique, "
        + "pattern, mostly)", line);
  }

  @Test
  void validate_raggedData_exitsThreeNamingLineAndColumn() throws IOException {
    Files.writeString(dir.resolve("schema.yaml"), "columns: {a: {}}\n");
    Files.writeString(dir.resolve("ragged.csv"), "a,b\n1,2\n3\n");
    String line = Cli.in(dir, "validate", "ragged.csv", "--schema", "schema.yaml").errorLine(3);
    assertTrue(line.startsWith("mlctl: error: ragged.csv:3:2: the row has 1 fields, the header has 2"), line);
  }

  @Test
  void validate_missingSchemaOption_isUsage() {
    assertEquals(2, Cli.in(dir, "validate", "good.csv").code());
  }

  @Test
  void validate_requestLogFolder_checksServedInstances() throws IOException {
    Path serve = Files.createDirectories(dir.resolve(".mlctl/serve"));
    Files.writeString(serve.resolve("requests.jsonl"),
        "{\"model\":\"m\",\"role\":\"primary\",\"inputs\":[{\"age\":30},{\"age\":300}]}\n"
            + "{\"model\":\"m\",\"role\":\"shadow\",\"inputs\":[{\"age\":999}]}\n");
    Files.writeString(dir.resolve("schema.yaml"), "columns: {age: {type: integer, max: 120}}\n");
    Cli.Result r = Cli.in(dir, "validate", ".mlctl/serve/", "--schema", "schema.yaml", "--json");
    assertEquals(1, r.code(), r::toString);
    JsonNode v = new ObjectMapper().readTree(r.out()).get("violations");
    assertEquals(1, v.size());
    assertEquals("max", v.get(0).get("rule").asText());
    assertEquals(1, v.get(0).get("count").asLong());
    assertEquals(".mlctl/serve/requests.jsonl", new ObjectMapper().readTree(r.out()).get("data").asText());
  }
}
