package io.mlctl.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mlctl.core.BadArgumentException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Fairness metrics against golden values: src/test/resources/fairness/golden.json was computed
 * from fairlearn's definitions with numpy by golden.py in the same folder (the command is in its
 * docstring), on predictions.csv, three groups of a three-class problem with "yes" as the positive
 * class and a group with no positive rows.
 */
class FairnessTest {
  private static String resource(String name) throws IOException {
    try (InputStream in = FairnessTest.class.getResourceAsStream("/fairness/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void metrics_matchTheGoldenValuesFromFairlearnsDefinitions() throws IOException {
    Fairness f = new Fairness("group", "yes");
    List<String> lines = resource("predictions.csv").lines().skip(1).toList();
    for (String line : lines) {
      String[] c = line.split(",");
      f.add(c[0], c[1], c[2]);
    }
    Map<String, Object> m = f.metrics();
    JsonNode golden = new ObjectMapper().readTree(resource("golden.json"));
    assertEquals("group", m.get("column"));
    assertEquals(golden.get("positive_label").asText(), m.get("positive_label"));
    for (String key : List.of("demographic_parity_difference", "demographic_parity_ratio", "equalized_odds_difference")) {
      assertEquals(golden.get(key).asDouble(), (double) m.get(key), 1e-12, key);
    }
    for (String per : List.of("selection_rate", "true_positive_rate", "false_positive_rate")) {
      @SuppressWarnings("unchecked")
      Map<String, Double> got = (Map<String, Double>) m.get(per);
      assertEquals(3, got.size(), per);
      golden.get(per).fields().forEachRemaining(e -> assertEquals(e.getValue().asDouble(), got.get(e.getKey()), 1e-12, per + "." + e.getKey()));
    }
  }

  @Test
  void ratio_isNullWhenNoGroupIsEverSelected() {
    Fairness f = new Fairness("g", "yes");
    f.add("a", "yes", "no");
    f.add("b", "no", "no");
    Map<String, Object> m = f.metrics();
    assertNull(m.get("demographic_parity_ratio"));
    assertEquals(0.0, m.get("demographic_parity_difference"));
  }

  @Test
  void positiveClass_isTheSecondOfTwoSortedClasses_orTheOneNamed() {
    assertEquals("yes", Fairness.positiveClass(List.of("no", "yes"), null));
    assertEquals("1", Fairness.positiveClass(List.of("0", "1"), null));
    assertEquals("no", Fairness.positiveClass(List.of("no", "yes"), "no"));
    assertEquals("b", Fairness.positiveClass(List.of("a", "b", "c"), "b"));
  }

  @Test
  void positiveClass_multiClassWithoutOne_orAnUnknownOne_isAUsageError() {
    BadArgumentException multi = assertThrows(BadArgumentException.class, () -> Fairness.positiveClass(List.of("a", "b", "c"), null));
    assertTrue(multi.getMessage().contains("3 classes (a, b, c)"), multi.getMessage());
    assertTrue(multi.hint().orElse("").contains("--positive"));
    BadArgumentException unknown = assertThrows(BadArgumentException.class, () -> Fairness.positiveClass(List.of("no", "yes"), "maybe"));
    assertTrue(unknown.getMessage().contains("'maybe'"), unknown.getMessage());
  }
}
