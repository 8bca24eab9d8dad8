package io.mlctl.core.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mlctl.core.BadArgumentException;
import io.mlctl.core.BadInputException;
import io.mlctl.core.model.Algorithm;
import io.mlctl.core.model.Fixtures;
import io.mlctl.core.model.InputRows;
import io.mlctl.core.model.Task;
import io.mlctl.core.model.TrainedModel;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExplainTest {
  @TempDir
  Path tmp;

  private Path data;
  private TrainedModel logistic;

  @BeforeEach
  void setUp() {
    data = Fixtures.copy("points.csv", tmp);
    logistic = TrainedModel.load(Fixtures.train(null, data, "label", Task.CLASSIFICATION, Algorithm.LOGISTIC, Map.of(),
        tmp.resolve("l.model")).model(), "l.model");
  }

  private static TreeSet<Integer> rows(Integer... r) {
    return new TreeSet<>(List.of(r));
  }

  @Test
  void sameSeed_sameExplanation_whateverElseIsExplained() {
    Explain.Result a = Explain.call(logistic, data, "points.csv", rows(1, 3, 5), 7L, 3);
    Explain.Result b = Explain.call(logistic, data, "points.csv", rows(1, 3, 5), 7L, 3);
    assertEquals(a, b);
    Explain.Result alone = Explain.call(logistic, data, "points.csv", rows(3), 7L, 3);
    assertEquals(a.rows().get(1), alone.rows().get(0));
    assertEquals(List.of(1, 3, 5), a.rows().stream().map(Explain.Explained::row).toList());
  }

  @Test
  void explanation_namesThePrediction_itsScores_andTheTopFeaturesByWeight() {
    Explain.Explained e = Explain.call(logistic, data, "points.csv", rows(2), 42L, 2).rows().get(0);
    assertEquals("hi", e.label(), "row 2 of points.csv is 9.16,4.74 -> hi");
    assertEquals(List.of("hi", "lo"), List.copyOf(e.scores().keySet()));
    assertEquals(1.0, e.scores().values().stream().mapToDouble(Double::doubleValue).sum(), 1e-9);
    assertTrue(e.features().size() <= 2 && !e.features().isEmpty(), e.features().toString());
    for (int i = 1; i < e.features().size(); i++) {
      assertTrue(Math.abs(e.features().get(i - 1).weight()) >= Math.abs(e.features().get(i).weight()));
    }
    assertTrue(e.features().stream().anyMatch(f -> f.feature().equals("x")), "x decides the class here: " + e.features());
  }

  @Test
  void anotherSeed_samplesDifferently() {
    Explain.Explained a = Explain.call(logistic, data, "points.csv", rows(1), 1L, 3).rows().get(0);
    Explain.Explained b = Explain.call(logistic, data, "points.csv", rows(1), 2L, 3).rows().get(0);
    assertEquals(a.label(), b.label());
    assertNotEquals(a.features(), b.features());
  }

  @Test
  void explain_onExamples_isTheApiTheServerCalls() {
    List<InputRows.Row> read = InputRows.read(logistic, data, "points.csv", rows(1, 3));
    List<Explain.Explained> out = Explain.explain(logistic, read.stream().map(InputRows.Row::example).toList(), 7L, 3);
    Explain.Result viaFile = Explain.call(logistic, data, "points.csv", rows(1, 3), 7L, 3);
    assertEquals(List.of(1, 2), out.stream().map(Explain.Explained::row).toList(), "positions in the list, from 1");
    assertEquals(viaFile.rows().get(1).features(), out.get(1).features());
    assertEquals(viaFile.rows().get(1).label(), out.get(1).label());
  }

  @Test
  void rowsOutOfRange_areBadInputNamingTheRow() {
    BadInputException e = assertThrows(BadInputException.class, () -> Explain.call(logistic, data, "points.csv", rows(2, 81), 1L, 3));
    assertEquals("points.csv: row 81 is out of range (the file has 80 data rows)", e.getMessage());
    BadInputException zero = assertThrows(BadInputException.class, () -> Explain.call(logistic, data, "points.csv", rows(0), 1L, 3));
    assertTrue(zero.getMessage().contains("row 0 is out of range"), zero.getMessage());
  }

  @Test
  void regression_isNotSupported_andNeitherIsAModelWithoutProbabilities() {
    Path linear = Fixtures.copy("linear.csv", tmp);
    TrainedModel reg = TrainedModel.load(Fixtures.train(null, linear, "target", Task.REGRESSION, Algorithm.CART, Map.of(),
        tmp.resolve("r.model")).model(), "r.model");
    BadArgumentException e = assertThrows(BadArgumentException.class, () -> Explain.call(reg, linear, "linear.csv", rows(1), 1L, 3));
    assertTrue(e.getMessage().startsWith("explanations are not supported for regression models"), e.getMessage());
    TrainedModel svm = TrainedModel.load(Fixtures.train(null, data, "label", Task.CLASSIFICATION, Algorithm.LINEAR_SVM, Map.of(),
        tmp.resolve("s.model")).model(), "s.model");
    assertFalse(svm.model().generatesProbabilities());
    assertTrue(Explain.unsupported(svm).isPresent());
    assertTrue(Explain.unsupported(reg).orElseThrow().contains("Tribuo's LIME explains classifiers only"));
    assertTrue(Explain.unsupported(logistic).isEmpty());
    assertThrows(BadArgumentException.class, () -> Explain.call(svm, data, "points.csv", rows(1), 1L, 3));
    assertThrows(BadArgumentException.class, () -> Explain.call(logistic, data, "points.csv", rows(1), 1L, 0), "--top 0");
  }
}
