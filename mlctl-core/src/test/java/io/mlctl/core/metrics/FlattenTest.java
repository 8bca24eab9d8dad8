package io.mlctl.core.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FlattenTest {
  private static final String MODEL_METRICS = """
      {"accuracy": 0.93, "rows": 150, "per_class": {"setosa": {"f1": 1.0, "precision": 0.98}},
       "confusion_matrix": {"labels": ["setosa", "versicolor"], "matrix": [[50, 0], [2, 48]]},
       "algorithm": "logistic", "history": [{"step": 0}], "thresholds": [0.1, 0.5], "ok": true}
      """;

  @Test
  void all_joinsNestedKeysWithDots_andSkipsTheConfusionMatrixAndListsOfObjects() {
    Map<String, Object> flat = Flatten.all(DataFiles.parseMap(MODEL_METRICS, "m.json", "m.json"));
    assertEquals(List.of("accuracy", "rows", "per_class.setosa.f1", "per_class.setosa.precision", "algorithm",
        "thresholds", "ok"), List.copyOf(flat.keySet()));
    assertEquals(0.93, flat.get("accuracy"));
    assertEquals(150, flat.get("rows"));
    assertEquals(List.of(0.1, 0.5), flat.get("thresholds"));
  }

  @Test
  void nanAsPythonWritesIt_isANumber() {
    Map<String, Object> flat = Flatten.numbers(DataFiles.parseMap("{\"precision\": NaN, \"acc\": 1}", "m.json", "m.json"));
    assertTrue(Double.isNaN((Double) flat.get("precision")));
  }

  @Test
  void numbers_keepsOnlyNumbers() {
    Map<String, Object> flat = Flatten.numbers(DataFiles.parseMap(MODEL_METRICS, "m.json", "m.json"));
    assertEquals(List.of("accuracy", "rows", "per_class.setosa.f1", "per_class.setosa.precision"), List.copyOf(flat.keySet()));
  }

  @Test
  void yamlAndJsonFlattenAlike() {
    Map<String, Object> yaml = Flatten.all(DataFiles.parseMap("train:\n  lr: 0.1\n  layers: [2, 3]\nseed: 7\n", "p.yaml", "p.yaml"));
    assertEquals(Map.of("train.lr", 0.1, "train.layers", List.of(2, 3), "seed", 7), yaml);
  }

  @Test
  void diff_listsOnlyChangedKeys_unlessAll_andSubtractsNumbers() {
    Map<String, Object> a = new LinkedHashMap<>(Map.of("acc", 0.91, "rows", 100, "name", "x"));
    Map<String, Object> b = new LinkedHashMap<>(Map.of("acc", 0.95, "rows", 100, "name", "y", "new", 1));
    Map<String, Change> changed = Changes.of(a, b, false);
    assertEquals(3, changed.size(), changed::toString);
    assertEquals(0.04, changed.get("acc").diff().doubleValue(), 1e-12);
    assertNull(changed.get("name").diff());
    assertNull(changed.get("new").old());
    assertEquals(1, changed.get("new").now());
    assertFalse(changed.containsKey("rows"));
    Map<String, Change> all = Changes.of(a, b, true);
    assertEquals(4, all.size());
    assertEquals(0L, all.get("rows").diff());
    assertTrue(all.get("rows").unchanged());
  }

  @Test
  void diff_ofIntegersIsAnInteger_andOneEqualsOnePointZero() {
    assertEquals(5L, Change.of(10, 15).diff());
    assertTrue(Change.of(1, 1.0).unchanged());
  }

  @Test
  void between_leavesOutFilesWithNothingToList() {
    Map<String, Map<String, Object>> a = Map.of("a.json", Map.of("x", 1), "b.json", Map.of("y", 2));
    Map<String, Map<String, Object>> b = Map.of("a.json", Map.of("x", 1), "b.json", Map.of("y", 3));
    assertEquals(List.of("b.json"), List.copyOf(Changes.between(a, b, false).keySet()));
  }
}
