package io.mlctl.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * ROC AUC and log-loss against scikit-learn: the data sets and expected.json under
 * {@code model/probability/} were written by {@code probability_scores_golden.py} beside this test
 * (Debian's /usr/bin/python3 with scikit-learn 1.2.1).
 */
class ProbabilityScoresTest {
  private static JsonNode expected() throws IOException {
    try (InputStream in = ProbabilityScoresTest.class.getResourceAsStream("/model/probability/expected.json")) {
      return new ObjectMapper().readTree(in);
    }
  }

  private static Map<String, Double> scored(String name) throws IOException {
    try (BufferedReader r = new BufferedReader(new InputStreamReader(
        ProbabilityScoresTest.class.getResourceAsStream("/model/probability/" + name + ".csv"), StandardCharsets.UTF_8))) {
      List<String> header = Arrays.asList(r.readLine().split(","));
      List<String> labels = header.subList(1, header.size());
      ProbabilityScores s = new ProbabilityScores(labels);
      for (String line; (line = r.readLine()) != null; ) {
        String[] cells = line.split(",");
        Map<String, Double> p = new HashMap<>();
        for (int i = 0; i < labels.size(); i++) {
          p.put(labels.get(i), Double.parseDouble(cells[i + 1]));
        }
        s.add(cells[0], p);
      }
      return s.metrics();
    }
  }

  @Test
  void binary_matchesScikitLearn() throws IOException {
    Map<String, Double> m = scored("binary");
    JsonNode want = expected().get("binary");
    assertEquals(want.get("roc_auc").asDouble(), m.get("roc_auc"), 1e-12);
    assertEquals(want.get("log_loss").asDouble(), m.get("log_loss"), 1e-12);
  }

  @Test
  void multiclassOneVsRest_matchesScikitLearn() throws IOException {
    Map<String, Double> m = scored("multiclass");
    JsonNode want = expected().get("multiclass");
    assertEquals(want.get("roc_auc").asDouble(), m.get("roc_auc"), 1e-12);
    assertEquals(want.get("log_loss").asDouble(), m.get("log_loss"), 1e-12);
  }

  @Test
  void aClassMissingFromTheData_leavesRocAucUndefined_butLogLossStands() {
    ProbabilityScores s = new ProbabilityScores(List.of("a", "b", "c"));
    s.add("a", Map.of("a", 0.7, "b", 0.2, "c", 0.1));
    s.add("b", Map.of("a", 0.2, "b", 0.7, "c", 0.1));
    Map<String, Double> m = s.metrics();
    assertFalse(m.containsKey("roc_auc"), m.toString());
    assertEquals(-Math.log(0.7), m.get("log_loss"), 1e-12);
  }

  @Test
  void aClassTheModelNeverSaw_leavesBothUndefined() {
    ProbabilityScores s = new ProbabilityScores(List.of("a", "b"));
    s.add("a", Map.of("a", 0.9, "b", 0.1));
    s.add("z", Map.of("a", 0.5, "b", 0.5));
    assertTrue(s.metrics().isEmpty());
  }
}
