package io.mlctl.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mlctl.core.BadArgumentException;
import io.mlctl.core.BadInputException;
import io.mlctl.core.store.Sha256;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code evaluate --slice}: fairness metrics, the binding hashes, and the slice errors. */
class EvaluateFairnessTest {
  @TempDir
  Path tmp;

  private Path data;
  private TrainedModel cart;

  @BeforeEach
  void setUp() {
    data = Fixtures.copy("points.csv", tmp);
    // CART fits the 80 training points exactly, so its predictions are the labels and the
    // expected rates follow from counting the file.
    Train.Result r = Fixtures.train(null, data, "label", Task.CLASSIFICATION, Algorithm.CART, Map.of(), tmp.resolve("cart.model"));
    cart = TrainedModel.load(r.model(), "cart.model");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> fairness(Map<String, Object> m) {
    return (Map<String, Object>) m.get("fairness");
  }

  @Test
  void slice_addsFairnessUnderTheContractsKeys_withTheSecondClassPositive() throws IOException {
    Map<String, Object> m = new Evaluate().call(cart, data, "points.csv", "region", null);
    assertEquals(1.0, m.get("accuracy"));
    Map<String, Object> f = fairness(m);
    assertEquals("lo", f.get("positive_label"), "hi < lo: the second of the two sorted classes");
    long[] lo = new long[2];
    long[] all = new long[2];
    for (String line : Files.readAllLines(data).subList(1, 81)) {
      String[] c = line.split(",");
      int g = c[2].equals("north") ? 0 : 1;
      all[g]++;
      if (c[3].equals("lo")) {
        lo[g]++;
      }
    }
    Map<?, ?> sel = (Map<?, ?>) f.get("selection_rate");
    assertEquals((double) lo[0] / all[0], (double) sel.get("north"), 1e-12);
    assertEquals((double) lo[1] / all[1], (double) sel.get("south"), 1e-12);
    assertEquals(Math.abs((double) lo[0] / all[0] - (double) lo[1] / all[1]), (double) f.get("demographic_parity_difference"), 1e-12);
    assertEquals(0.0, f.get("equalized_odds_difference"), "perfect predictions: every group's TPR is 1 and FPR 0");
    assertEquals(Map.of("north", 1.0, "south", 1.0), f.get("true_positive_rate"));
    assertEquals(Map.of("north", 0.0, "south", 0.0), f.get("false_positive_rate"));
    assertTrue(io.mlctl.core.registry.Flatten.numbers(m).containsKey("fairness.selection_rate.north"));
  }

  @Test
  void positive_choosesTheClass() {
    Map<String, Object> m = new Evaluate().call(cart, data, "points.csv", "region", "hi");
    assertEquals("hi", fairness(m).get("positive_label"));
  }

  @Test
  void metrics_nameTheModelAndTheDataTheyWereComputedOn() throws IOException {
    Map<String, Object> m = new Evaluate().call(cart, data, "points.csv", null, null);
    assertEquals(cart.sha256(), m.get("model_sha256"));
    assertEquals(Sha256.of(data), m.get("data_sha256"));
    assertFalse(m.containsKey("fairness"), "no slice, no fairness");
  }

  @Test
  void train_metricsNameTheModelAndItsTrainingData() throws IOException {
    Train.Result r = Fixtures.train(null, data, "label", Task.CLASSIFICATION, Algorithm.LOGISTIC, Map.of(), tmp.resolve("l.model"));
    assertEquals(Sha256.of(r.model()), r.metrics().get("model_sha256"));
    assertEquals(Sha256.of(data), r.metrics().get("data_sha256"));
    assertFalse(r.card().metrics().containsKey("model_sha256"), "the card names its model in its own field");
  }

  @Test
  void slice_missingColumn_isBadInputNamingIt() {
    BadInputException e = assertThrows(BadInputException.class, () -> new Evaluate().call(cart, data, "points.csv", "country", null));
    assertTrue(e.getMessage().contains("'country'"), e.getMessage());
    assertTrue(e.getMessage().contains("points.csv"), e.getMessage());
  }

  @Test
  void slice_withASingleGroup_isBadInput() throws IOException {
    Path one = tmp.resolve("north.csv");
    List<String> lines = Files.readAllLines(data).stream().map(l -> l.replace(",south,", ",north,")).toList();
    Files.write(one, lines);
    BadInputException e = assertThrows(BadInputException.class, () -> new Evaluate().call(cart, one, "north.csv", "region", null));
    assertEquals("north.csv: the slice column 'region' holds a single group ('north')", e.getMessage());
  }

  @Test
  void multiClassWithoutPositive_isAUsageError_andPositiveWithoutSlice_too() throws IOException {
    Path three = tmp.resolve("three.csv");
    StringBuilder sb = new StringBuilder("x,g,label\n");
    for (int i = 0; i < 30; i++) {
      sb.append(i).append(',').append(i % 2 == 0 ? "a" : "b").append(',').append(i < 10 ? "p" : i < 20 ? "q" : "r").append('\n');
    }
    Files.writeString(three, sb);
    Train.Result r = Fixtures.train(null, three, "label", Task.CLASSIFICATION, Algorithm.CART, Map.of(), tmp.resolve("three.model"));
    TrainedModel tm = TrainedModel.load(r.model(), "three.model");
    BadArgumentException e = assertThrows(BadArgumentException.class, () -> new Evaluate().call(tm, three, "three.csv", "g", null));
    assertTrue(e.getMessage().contains("3 classes (p, q, r)"), e.getMessage());
    assertEquals("q", fairness(new Evaluate().call(tm, three, "three.csv", "g", "q")).get("positive_label"));
    assertThrows(BadArgumentException.class, () -> new Evaluate().call(tm, three, "three.csv", null, "q"));
  }
}
