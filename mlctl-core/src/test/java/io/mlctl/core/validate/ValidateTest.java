package io.mlctl.core.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mlctl.core.table.TableReader;
import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;

class ValidateTest {
  static ValidationReport validate(String csv, String schemaYaml) {
    try (TableReader t = TableReader.csv(new StringReader(csv), "d.csv")) {
      return new Validate().call(t, SchemaFile.parse(schemaYaml, "s.yaml"));
    }
  }

  private static ValidationReport.Violation only(ValidationReport r) {
    assertEquals(1, r.violations().size(), r.violations().toString());
    return r.violations().get(0);
  }

  private static List<Integer> lines(ValidationReport.Violation v) {
    return v.examples().stream().map(ValidationReport.Example::line).toList();
  }

  @Test
  void type_integer_flagsDecimalsAndWords() {
    ValidationReport.Violation v = only(validate("a\n1\n2.5\nx\n-4\n\n", "columns: {a: {type: integer}}"));
    assertEquals("a", v.column());
    assertEquals("type", v.rule());
    assertEquals("integer", v.expected());
    assertEquals(2, v.count());
    assertEquals(4, v.checked());
    assertEquals(List.of(3, 4), lines(v));
    assertEquals("2.5", v.examples().get(0).value());
  }

  @Test
  void type_numericAndBoolean_acceptOnlyTheirValues() {
    assertEquals(1, only(validate("a\n1e3\n-0.5\nabc\n", "columns: {a: {type: numeric}}")).count());
    assertEquals(1, only(validate("b\ntrue\nFALSE\nyes\n", "columns: {b: {type: boolean}}")).count());
    assertTrue(validate("c\nanything\n12\n", "columns: {c: {type: string}}").valid());
  }

  @Test
  void nullable_false_countsEverySpellingOfMissing() {
    ValidationReport.Violation v = only(validate("a,b\n1,x\n,x\nNA,x\n4,x\n", "columns: {a: {nullable: false}, b: {nullable: false}}"));
    assertEquals("nullable", v.rule());
    assertEquals(2, v.count());
    assertEquals(4, v.checked());
    assertEquals(List.of(3, 4), lines(v));
  }

  @Test
  void minAndMax_flagValuesOutsideTheRange_andIgnoreWordsAndMissing() {
    ValidationReport r = validate("a\n0\n5\n11\n-1\nfoo\n\n10\n", "columns: {a: {min: 0, max: 10}}");
    assertEquals(2, r.violations().size());
    assertEquals("min", r.violations().get(0).rule());
    assertEquals(List.of(5), lines(r.violations().get(0)));
    assertEquals("max", r.violations().get(1).rule());
    assertEquals(10.0, r.violations().get(1).expected());
    assertEquals(List.of(4), lines(r.violations().get(1)));
  }

  @Test
  void allowed_flagsOtherValues_andTreatsEqualNumbersAsEqual() {
    ValidationReport.Violation v = only(validate("c\nred\nblue\npink\nred\n", "columns: {c: {allowed: [red, blue]}}"));
    assertEquals("allowed", v.rule());
    assertEquals(List.of("red", "blue"), v.expected());
    assertEquals("pink", v.examples().get(0).value());
    assertTrue(validate("n\n1\n1.0\n2\n", "columns: {n: {allowed: [1, 2]}}").valid());
  }

  @Test
  void unique_flagsEachRepeat() {
    ValidationReport.Violation v = only(validate("id\n1\n2\n1\n3\n2\n1\n", "columns: {id: {unique: true}}"));
    assertEquals("unique", v.rule());
    assertEquals(3, v.count());
    assertEquals(List.of(4, 6, 7), lines(v));
  }

  @Test
  void pattern_isFoundInEachValue_unlessAnchored() {
    ValidationReport.Violation v = only(validate("e\na@b.pt\nnope\nx@y\n", "columns: {e: {pattern: '^[^@]+@[^@]+\\.[a-z]+$'}}"));
    assertEquals("pattern", v.rule());
    assertEquals(2, v.count());
    assertTrue(validate("e\nxay\nab\n", "columns: {e: {pattern: 'a'}}").valid());
  }

  @Test
  void rows_outsideTheRange_isATableViolation() {
    ValidationReport.Violation v = only(validate("a\n1\n2\n", "rows: {min: 3, max: 10}\ncolumns: {a: {}}"));
    assertEquals(null, v.column());
    assertEquals("rows", v.rule());
    assertEquals(2, v.count());
    assertTrue(validate("a\n1\n2\n", "rows: {min: 2, max: 2}\ncolumns: {a: {}}").valid());
    assertFalse(validate("a\n1\n2\n", "rows: {max: 1}\ncolumns: {a: {}}").valid());
  }

  @Test
  void mostly_letsAShareOfValuesFail_perRuleOrPerColumn() {
    String csv = "a\n1\n2\n3\n4\n5\n6\n7\n8\n9\n100\n";
    assertFalse(validate(csv, "columns: {a: {max: 10}}").valid());
    assertTrue(validate(csv, "columns: {a: {max: {value: 10, mostly: 0.9}}}").valid());
    ValidationReport.Violation v = only(validate(csv, "columns: {a: {max: {value: 10, mostly: 0.95}}}"));
    assertEquals(0.95, v.mostly());
    assertEquals(1, v.count());
    assertTrue(validate(csv, "columns: {a: {max: 10, min: 2, mostly: 0.8}}").valid());
    assertEquals(2, validate(csv, "columns: {a: {max: 10, min: 2, mostly: 0.95}}").violations().size());
  }

  @Test
  void columns_missingFromTheData_orNotInTheSchema_areViolations() {
    ValidationReport r = validate("a,z\n1,2\n", "extra_columns: false\ncolumns: {a: {}, b: {type: integer}}");
    assertEquals(List.of("exists", "extra_column"), r.violations().stream().map(ValidationReport.Violation::rule).toList());
    assertEquals("b", r.violations().get(0).column());
    assertEquals("z", r.violations().get(1).column());
    assertTrue(validate("a,z\n1,2\n", "columns: {a: {}}").valid());
  }

  @Test
  void examples_stopAtFive_butTheCountGoesOn() {
    ValidationReport.Violation v = only(validate("a\n" + "x\n".repeat(8), "columns: {a: {type: integer}}"));
    assertEquals(8, v.count());
    assertEquals(List.of(2, 3, 4, 5, 6), lines(v));
  }
}
