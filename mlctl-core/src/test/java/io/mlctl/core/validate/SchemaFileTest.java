package io.mlctl.core.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mlctl.core.BadInputException;
import io.mlctl.core.table.TableReader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SchemaFileTest {
  @TempDir
  Path dir;

  private static Schema infer(String csv) {
    try (TableReader t = TableReader.csv(new StringReader(csv), "d.csv")) {
      return new InferSchema().call(t);
    }
  }

  private static String error(String yaml) {
    return assertThrows(BadInputException.class, () -> SchemaFile.parse(yaml, "s.yaml")).getMessage();
  }

  @Test
  void infer_findsTypesNullsRangesCategoriesAndUniqueness() {
    Schema s = infer("id,age,score,city,ok,note,empty\n1,30,0.5,Porto,true,hello there,\n2,,1.5,Faro,false,b,\n3,41,-2,Porto,TRUE,c,NA\n");
    assertEquals(new Schema.RowRange(1L, 6L), s.rows());
    Schema.Column id = s.columns().get(0);
    assertEquals(ColumnType.INTEGER, id.type().value());
    assertEquals(false, id.nullable().value());
    assertEquals(true, id.unique().value());
    assertEquals(1.0, id.min().value());
    assertEquals(3.0, id.max().value());
    Schema.Column age = s.columns().get(1);
    assertEquals(true, age.nullable().value());
    assertEquals(30.0, age.min().value());
    Schema.Column score = s.columns().get(2);
    assertEquals(ColumnType.NUMERIC, score.type().value());
    assertNull(score.unique());
    Schema.Column city = s.columns().get(3);
    assertEquals(ColumnType.CATEGORICAL, city.type().value());
    assertEquals(List.of("Porto", "Faro"), city.allowed().value());
    assertNull(city.min());
    assertEquals(ColumnType.BOOLEAN, s.columns().get(4).type().value());
    assertEquals(ColumnType.CATEGORICAL, s.columns().get(5).type().value());
    Schema.Column empty = s.columns().get(6);
    assertEquals(ColumnType.STRING, empty.type().value());
    assertEquals(true, empty.nullable().value());
  }

  @Test
  void infer_manyDistinctWords_isAStringWithoutAllowedValues() {
    StringBuilder csv = new StringBuilder("w\n");
    for (int i = 0; i < InferSchema.MAX_CATEGORIES + 1; i++) {
      csv.append("word").append(i).append('\n');
    }
    Schema.Column w = infer(csv.toString()).columns().get(0);
    assertEquals(ColumnType.STRING, w.type().value());
    assertNull(w.allowed());
    assertEquals(true, w.unique().value());
  }

  @Test
  void write_thenRead_givesTheSameSchema_andTheInferredFileValidates() throws IOException {
    String csv = "id,x,c,e\n1,0.25,a,x@y\n2,NA,b,z@w\n3,7,a,q@r\n";
    Schema s = infer(csv);
    Path f = dir.resolve("schema.yaml");
    SchemaFile.write(f, s);
    String text = Files.readString(f);
    assertTrue(text.startsWith("# What mlctl validate expects"), text);
    Schema back = SchemaFile.read(f, "schema.yaml");
    assertEquals(s.toString(), back.toString());
    try (TableReader t = TableReader.csv(new StringReader(csv), "d.csv")) {
      assertTrue(new Validate().call(t, back).valid());
    }
  }

  @Test
  void write_keepsMostlyAndPatterns() {
    Schema s = new Schema(null, true, List.of(new Schema.Column("e", null, null, null, new Schema.Check<>(9.5, 0.9), null, null,
        Schema.Check.of(java.util.regex.Pattern.compile("^a+$")))));
    Schema back = SchemaFile.parse(SchemaFile.text(s), "s.yaml");
    assertEquals(0.9, back.columns().get(0).max().mostly());
    assertEquals(9.5, back.columns().get(0).max().value());
    assertEquals("^a+$", back.columns().get(0).pattern().value().pattern());
  }

  @Test
  void read_malformedSchemas_nameFileLineAndColumn() {
    assertEquals("s.yaml:3:5: unknown key 'maximum'", error("columns:\n  a:\n    maximum: 3\n"));
    assertEquals("s.yaml:3:11: unknown type 'float'", error("columns:\n  a:\n    type: float\n"));
    assertEquals("s.yaml:1:23: mostly must be between 0 and 1", error("columns: {a: {mostly: 1.5}}"));
    assertTrue(error("columns: {a: {pattern: '(' }}").startsWith("s.yaml:1:24: the pattern '(' is not a regular expression"));
    assertEquals("s.yaml:1:20: min must be a number, not 'low'", error("columns: {a: {min: low}}"));
    assertEquals("s.yaml:1:24: allowed must be a list", error("columns: {a: {allowed: red}}"));
    assertEquals("s.yaml:1:1: unknown key 'colums'", error("colums: {}"));
    assertEquals("s.yaml:1:1: the schema has no 'columns'", error("rows: {min: 1}"));
    assertEquals("s.yaml:1:1: schema version 2 is not one this mlctl reads", error("schema: 2\ncolumns: {}"));
    assertTrue(error("columns: [").startsWith("s.yaml:"));
  }

  @Test
  void read_missingFile_saysHowToMakeOne() {
    BadInputException e = assertThrows(BadInputException.class, () -> SchemaFile.read(dir.resolve("no.yaml"), "no.yaml"));
    assertEquals("no.yaml: no such file", e.getMessage());
  }
}
