package io.mlctl.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Golden values from scikit-learn 1.x (Debian python3-sklearn):
 * accuracy_score, f1/precision/recall_score(average='macro'), precision_recall_fscore_support,
 * confusion_matrix for t=[a,a,b,b,c,c,c], p=[a,b,b,b,a,c,b]; mean_squared_error**0.5,
 * mean_absolute_error, r2_score for yt=[3,-0.5,2,7,4.2], yp=[2.5,0,2,8,4].
 */
class MetricsTest {
  @Test
  @SuppressWarnings("unchecked")
  void classification_matchesScikitLearn() {
    ClassTally t = new ClassTally(List.of("a", "b", "c"));
    String[] truth = {"a", "a", "b", "b", "c", "c", "c"};
    String[] pred = {"a", "b", "b", "b", "a", "c", "b"};
    for (int i = 0; i < truth.length; i++) {
      t.add(truth[i], pred[i]);
    }
    Map<String, Object> m = t.metrics();
    assertEquals(0.5714285714285714, (double) m.get("accuracy"), 1e-12);
    assertEquals(0.5555555555555555, (double) m.get("f1_macro"), 1e-12);
    assertEquals(0.6666666666666666, (double) m.get("precision_macro"), 1e-12);
    assertEquals(0.611111111111111, (double) m.get("recall_macro"), 1e-12);
    Map<String, Map<String, Double>> pc = (Map<String, Map<String, Double>>) m.get("per_class");
    assertEquals(1.0, pc.get("c").get("precision"), 1e-12);
    assertEquals(0.3333333333333333, pc.get("c").get("recall"), 1e-12);
    assertEquals(0.6666666666666666, pc.get("b").get("f1"), 1e-12);
    Map<String, Object> cm = (Map<String, Object>) m.get("confusion_matrix");
    assertEquals(List.of("a", "b", "c"), cm.get("labels"));
    assertEquals(List.of(List.of(1L, 1L, 0L), List.of(0L, 2L, 0L), List.of(1L, 1L, 1L)), cm.get("matrix"));
    assertEquals(7L, m.get("rows"));
  }

  @Test
  void regression_matchesScikitLearn() {
    RegressionTally t = new RegressionTally();
    double[] yt = {3.0, -0.5, 2.0, 7.0, 4.2};
    double[] yp = {2.5, 0.0, 2.0, 8.0, 4.0};
    for (int i = 0; i < yt.length; i++) {
      t.add(yt[i], yp[i]);
    }
    Map<String, Object> m = t.metrics();
    assertEquals(0.5549774770204643, (double) m.get("rmse"), 1e-12);
    assertEquals(0.44000000000000006, (double) m.get("mae"), 1e-12);
    assertEquals(0.9496600418410042, (double) m.get("r2"), 1e-12);
  }
}
