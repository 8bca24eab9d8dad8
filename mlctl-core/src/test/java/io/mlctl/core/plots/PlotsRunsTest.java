package io.mlctl.core.plots;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mlctl.core.exp.RunRecord;
import io.mlctl.core.exp.RunStore;
import io.mlctl.core.testing.TestRepo;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How the plots page names and marks runs, picks metrics and draws matrices. */
class PlotsRunsTest {
  private static RunRecord run(String id, String name, String status, double lr, double acc) {
    RunRecord.Builder b = RunRecord.empty(id, "2026-01-0" + id.charAt(id.length() - 1) + "T00:00:00Z").toBuilder();
    b.name = name;
    b.status = status;
    b.params.put("train.lr", lr);
    b.params.put("train.seed", 7);
    b.metrics.put("per_class.a.f1", 0.5);
    b.metrics.put("per_class.b.f1", 0.5);
    b.metrics.put("per_class.c.f1", 0.5);
    b.metrics.put("per_class.d.f1", 0.5);
    b.metrics.put("per_class.e.f1", 0.5);
    b.metrics.put("per_class.f.f1", 0.5);
    b.metrics.put("accuracy", acc);
    b.series.put("loss", List.of(new RunRecord.Point(0, 1, 1), new RunRecord.Point(1, lr, 2)));
    return b.build();
  }

  @Test
  void runsAreNamedByNameAndChangedParams_failedOnesMarked_andTopLevelMetricsComeFirst() throws Exception {
    try (TestRepo repo = TestRepo.gen(Map.of("mlctl.yaml", "stages:\n  s:\n    cmd: 'true'\n"))) {
      RunStore runs = new RunStore(repo.path(".mlctl/runs"));
      runs.put(run("r1", "brisk-lark", RunRecord.SUCCESS, 0.1, 0.9));
      runs.put(run("r2", "calm-heron", RunRecord.FAILED, 0.3, 0.4));

      String html = new Plots(repo.project()).show(List.of()).html();

      assertTrue(html.contains(">brisk-lark lr=0.1<"), "the legend names the run and its changed parameter");
      assertTrue(html.contains(">calm-heron lr=0.3 [failed]<"), "a failed run is marked");
      assertFalse(html.contains("seed=7"), "a parameter every run shares says nothing");
      assertFalse(html.contains(">r1<"), "not by id");
      assertTrue(html.contains("stroke-dasharray=\"" + Plots.UNFINISHED + "\" points="), "the failed run's line is dotted");
      assertTrue(html.contains("fill=\"" + Charts.MUTED + "\""), "the failed run's bar is grey");
      assertTrue(html.contains(">accuracy across runs<"), "the top-level metric is charted although it came last");
      assertTrue(html.indexOf(">accuracy across runs<") < html.indexOf(">per_class.a.f1 across runs<"));
    }
  }

  @Test
  void normalize_dividesEachRowOfAConfusionMatrixByItsSum() throws Exception {
    try (TestRepo repo = TestRepo.gen(Map.of(
        "mlctl.yaml", "stages:\n  s:\n    cmd: 'true'\n    metrics: [{m.json: {cache: false}}]\n",
        "m.json", "{\"accuracy\": 0.8, \"confusion_matrix\": {\"labels\": [\"a\", \"b\"], \"matrix\": [[3, 1], [0, 0]]}}"))) {
      String raw = new Plots(repo.project()).show(List.of()).html();
      String html = new Plots(repo.project(), true).show(List.of()).html();

      assertTrue(raw.contains("predicted a: 3<"), raw);
      assertTrue(html.contains("true a, predicted a: 0.75<"), html);
      assertTrue(html.contains("true a, predicted b: 0.25<"));
      assertTrue(html.contains("true b, predicted a: 0<"), "a row of zeros stays zeros");
      assertTrue(html.contains("(normalised over each true label)"));
    }
    assertEquals(List.of(List.of(0.5, 0.5), List.of(0.0, 0.0)),
        Plots.normalized(List.of(List.of(2.0, 2.0), List.of(0.0, 0.0))));
  }

  @Test
  void theGridOfCharts_hasEqualColumns_withoutRaggedGaps() throws Exception {
    try (TestRepo repo = TestRepo.gen(Map.of("mlctl.yaml", "stages:\n  s:\n    cmd: 'true'\n"))) {
      String html = new Plots(repo.project()).show(List.of()).html();
      assertTrue(html.contains("grid-template-columns: repeat(auto-fill, minmax(min(100%, 440px), 1fr))"), html);
      assertTrue(html.contains("figure svg { width: 100%; max-width: 760px;"));
    }
  }
}
