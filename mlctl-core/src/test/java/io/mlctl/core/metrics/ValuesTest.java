package io.mlctl.core.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.mlctl.core.BadInputException;
import io.mlctl.core.repo.Project;
import io.mlctl.core.testing.TestRepo;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Metrics and params of the work tree, on Jimfs. */
class ValuesTest {
  private static final String PIPELINE = """
      stages:
        train:
          cmd: echo
          params: [train.lr, {other.yaml: [depth]}]
          metrics: [{metrics/train.json: {cache: false}}, metrics/eval.yaml]
      """;

  @Test
  void metricsShow_readsTheDeclaredFiles_flattened() throws Exception {
    try (TestRepo repo = TestRepo.gen(Map.of("mlctl.yaml", PIPELINE,
        "metrics/train.json", "{\"accuracy\": 0.9, \"per_class\": {\"a\": {\"f1\": 0.8}}}",
        "metrics/eval.yaml", "rmse: 1.5\nnote: text is left out\n"))) {
      Values v = new MetricsDiff(repo.project()).show(MetricsDiff.Kind.METRICS, Optional.empty(), List.of());
      assertEquals(Map.of("metrics/train.json", Map.of("accuracy", 0.9, "per_class.a.f1", 0.8),
          "metrics/eval.yaml", Map.of("rmse", 1.5)), v.files());
      assertEquals(List.of(), v.notes());
    }
  }

  @Test
  void metricsShow_notesADeclaredFileThatIsMissing() throws Exception {
    try (TestRepo repo = TestRepo.gen(Map.of("mlctl.yaml", PIPELINE, "metrics/eval.yaml", "rmse: 1\n"))) {
      Values v = new MetricsDiff(repo.project()).show(MetricsDiff.Kind.METRICS, Optional.empty(), List.of());
      assertEquals(List.of("metrics/eval.yaml"), List.copyOf(v.files().keySet()));
      assertEquals(List.of("metrics/train.json: missing"), v.notes());
    }
  }

  @Test
  void aMetricsFileWithNoNumbers_isBadInputNamingIt() throws Exception {
    try (TestRepo repo = TestRepo.gen(Map.of("mlctl.yaml", PIPELINE, "metrics/train.json", "{\"name\": \"x\"}",
        "metrics/eval.yaml", "rmse: 1\n"))) {
      Project p = repo.project();
      BadInputException e = assertThrows(BadInputException.class,
          () -> new MetricsDiff(p).show(MetricsDiff.Kind.METRICS, Optional.empty(), List.of()));
      assertEquals("metrics/train.json: holds no numbers", e.getMessage());
    }
  }

  @Test
  void aMetricsFileThatIsNotJson_isBadInputWithLineAndColumn() throws Exception {
    try (TestRepo repo = TestRepo.gen(Map.of("m.json", "{\n  \"acc\": 0.9,\n  oops\n}\n"))) {
      Project p = repo.project();
      BadInputException e = assertThrows(BadInputException.class,
          () -> new MetricsDiff(p).show(MetricsDiff.Kind.METRICS, Optional.empty(), List.of("m.json")));
      assertEquals(true, e.getMessage().startsWith("m.json:3:3: malformed JSON: "), e.getMessage());
    }
  }

  @Test
  void aMetricsFileThatIsATopLevelList_isBadInput() throws Exception {
    try (TestRepo repo = TestRepo.gen(Map.of("m.yaml", "- 1\n- 2\n"))) {
      Project p = repo.project();
      BadInputException e = assertThrows(BadInputException.class,
          () -> new MetricsDiff(p).show(MetricsDiff.Kind.METRICS, Optional.empty(), List.of("m.yaml")));
      assertEquals("m.yaml:1:1: expected a JSON or YAML mapping of names to values", e.getMessage());
    }
  }

  @Test
  void aNamedTargetThatDoesNotExist_isBadInput() throws Exception {
    try (TestRepo repo = TestRepo.empty()) {
      Project p = repo.project();
      BadInputException e = assertThrows(BadInputException.class,
          () -> new MetricsDiff(p).show(MetricsDiff.Kind.METRICS, Optional.empty(), List.of("nope.json")));
      assertEquals("nope.json: no such file", e.getMessage());
    }
  }

  @Test
  void paramsShow_readsParamsYamlAndTheFilesStagesName_everyKey() throws Exception {
    try (TestRepo repo = TestRepo.gen(Map.of("mlctl.yaml", PIPELINE, "params.yaml", "train:\n  lr: 0.1\n  epochs: 3\n",
        "other.yaml", "depth: 4\n"))) {
      Values v = new MetricsDiff(repo.project()).show(MetricsDiff.Kind.PARAMS, Optional.empty(), List.of());
      assertEquals(Map.of("params.yaml", Map.of("train.lr", 0.1, "train.epochs", 3), "other.yaml", Map.of("depth", 4)),
          v.files());
      assertEquals(List.of("params.yaml", "other.yaml"), List.copyOf(v.files().keySet()));
    }
  }

  @Test
  void merged_qualifiesAKeyTwoFilesShare() {
    Values v = new Values(Map.of("a.json", Map.of("acc", 1, "x", 2), "b.json", Map.of("acc", 3)), List.of());
    Map<String, Object> m = v.merged();
    assertEquals(Map.of("a.json:acc", 1, "b.json:acc", 3, "x", 2), m);
  }
}
