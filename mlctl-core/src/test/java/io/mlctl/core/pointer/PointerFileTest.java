package io.mlctl.core.pointer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mlctl.core.BadInputException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PointerFileTest {
  private static final String H = "5f2b" + "0".repeat(60);
  private static final String M = "ab" + "1".repeat(62);

  @Test
  void text_ofAFile_isTheContractsYaml() {
    String text = PointerFile.text(List.of(Output.file("raw.csv", H, 104857)));

    assertEquals("outs:\n- path: raw.csv\n  sha256: " + H + "\n  size: 104857\n", text);
  }

  @Test
  void text_ofADirectory_hasKindAndNfiles() {
    String text = PointerFile.text(List.of(Output.directory("images", M, 2048, 3)));

    assertEquals("outs:\n- path: images\n  kind: dir\n  sha256: " + M + "\n  size: 2048\n  nfiles: 3\n", text);
  }

  @Test
  void parse_ofText_roundTrips() {
    List<Output> outs = List.of(Output.directory("images", M, 2048, 3), Output.file("raw.csv", H, 104857),
        Output.file("odd name: 'x' #1.csv", H, 0));

    List<Output> back = PointerFile.parse(PointerFile.text(outs), "data/x.mlctl");

    assertEquals(outs, back);
    assertEquals(PointerFile.text(outs), PointerFile.text(back));
  }

  @Test
  void parse_acceptsHandWrittenYaml() {
    String text = "# a comment\nouts:\n  - path: raw.csv   # relative\n    sha256: " + H + "\n    size: 7\n    kind: file\n";

    assertEquals(List.of(Output.file("raw.csv", H, 7)), PointerFile.parse(text, "raw.csv.mlctl"));
  }

  @Test
  void parse_ofMalformedYaml_namesFileLineAndColumn() {
    // A tab cannot start a YAML token: the scanner stops at line 3, column 1.
    String text = "outs:\n- path: raw.csv\n\tsha256: " + H + "\n";

    BadInputException e = assertThrows(BadInputException.class, () -> PointerFile.parse(text, "data/raw.csv.mlctl"));

    assertTrue(e.getMessage().startsWith("data/raw.csv.mlctl:3:1: "), e.getMessage());
  }

  @Test
  void parse_ofUnclosedFlowList_namesFileLineAndColumn() {
    String text = "outs: [\n  {path: a, sha256: " + H + ", size: 1}\n";

    BadInputException e = assertThrows(BadInputException.class, () -> PointerFile.parse(text, "a.mlctl"));

    assertTrue(e.getMessage().matches("a\\.mlctl:\\d+:\\d+: malformed YAML: .*"), e.getMessage());
  }

  @Test
  void parse_ofBadHash_pointsAtTheValue() {
    String text = "outs:\n- path: raw.csv\n  sha256: ABC\n  size: 1\n";

    BadInputException e = assertThrows(BadInputException.class, () -> PointerFile.parse(text, "raw.csv.mlctl"));

    assertTrue(e.getMessage().startsWith("raw.csv.mlctl:3:11: "), e.getMessage());
  }

  @Test
  void parse_ofNegativeSize_pointsAtTheValue() {
    String text = "outs:\n- path: raw.csv\n  sha256: " + H + "\n  size: -1\n";

    BadInputException e = assertThrows(BadInputException.class, () -> PointerFile.parse(text, "raw.csv.mlctl"));

    assertTrue(e.getMessage().startsWith("raw.csv.mlctl:4:9: "), e.getMessage());
  }

  @Test
  void parse_withoutOuts_isRejected() {
    assertThrows(BadInputException.class, () -> PointerFile.parse("outs: []\n", "x.mlctl"));
    assertThrows(BadInputException.class, () -> PointerFile.parse("- a\n", "x.mlctl"));
    assertThrows(BadInputException.class, () -> PointerFile.parse("", "x.mlctl"));
  }

  @Test
  void parse_ofDuplicateKey_isRejectedWithItsPlace() {
    String text = "outs:\n- path: a\n  sha256: " + H + "\n  size: 1\n  sha256: " + "1".repeat(64) + "\n";

    BadInputException e = assertThrows(BadInputException.class, () -> PointerFile.parse(text, "x.mlctl"));

    assertEquals("x.mlctl:5:3: duplicate key 'sha256'", e.getMessage());
  }

  @Test
  void parse_ofDuplicateOuts_isRejected() {
    String text = "outs:\n- path: a\n  sha256: " + H + "\n  size: 1\nouts: []\n";

    BadInputException e = assertThrows(BadInputException.class, () -> PointerFile.parse(text, "x.mlctl"));

    assertTrue(e.getMessage().startsWith("x.mlctl:5:1: "), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"/etc/passwd", "../x", "a/../../x", "a/..", "..", "C:/x", "a\\\\..\\\\b", "./a", "a//b"})
  void parse_ofUnsafePath_isRejectedWithItsPlace(String path) {
    String text = "outs:\n- path: \"" + path + "\"\n  sha256: " + H + "\n  size: 1\n";

    BadInputException e = assertThrows(BadInputException.class, () -> PointerFile.parse(text, "data/x.mlctl"));

    assertTrue(e.getMessage().startsWith("data/x.mlctl:2:9: "), e.getMessage());
  }

  @Test
  void parse_ofAnEmptyOrScalarOuts_saysOutsMustBeANonEmptyList() {
    for (String text : new String[] {"outs: []\n", "outs: data.csv\n"}) {
      BadInputException e = assertThrows(BadInputException.class, () -> PointerFile.parse(text, "x.mlctl"));

      assertEquals("x.mlctl:1:7: 'outs' must be a non-empty list", e.getMessage());
    }
  }

  @Test
  void parse_ofAnEmptyOrMissingValue_namesTheKey() {
    String empty = "outs:\n- path: ''\n  sha256: " + H + "\n  size: 1\n";
    String missing = "outs:\n- path: a\n  size: 1\n";

    BadInputException e1 = assertThrows(BadInputException.class, () -> PointerFile.parse(empty, "x.mlctl"));
    BadInputException e2 = assertThrows(BadInputException.class, () -> PointerFile.parse(missing, "x.mlctl"));

    assertEquals("x.mlctl:2:9: 'path' is missing or not a value", e1.getMessage());
    assertEquals("x.mlctl:2:3: 'sha256' is missing or not a value", e2.getMessage());
  }
}
