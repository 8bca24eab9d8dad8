package io.mlctl.core.plots;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mlctl.core.exp.RunRecord;
import io.mlctl.core.exp.RunStore;
import io.mlctl.core.testing.GitTestRepo;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code plots diff}: two revisions' plot files overlaid, and only the runs started from them. */
class PlotsDiffTest {
  @TempDir
  Path tmp;

  @Test
  void diff_overlaysBothRevisions_andKeepsTheRunsOfTheirCommits() {
    try (GitTestRepo repo = GitTestRepo.init(tmp)) {
      repo.write("mlctl.yaml", "stages:\n  s:\n    cmd: 'true'\n    plots: [{loss.csv: {cache: false}}]\n");
      repo.write("loss.csv", "step,loss\n0,1.0\n1,0.5\n");
      String first = repo.commit("first", "mlctl.yaml", "loss.csv");
      repo.write("loss.csv", "step,loss\n0,0.8\n1,0.3\n2,0.2\n");
      String second = repo.commit("second", "loss.csv");
      RunStore runs = new RunStore(tmp.resolve(".mlctl/runs"));
      runs.put(started("from-first", first, 0.9));
      runs.put(started("from-second", second, 0.95));
      runs.put(started("from-elsewhere", "0000000000000000000000000000000000000000", 0.5));

      String html = new Plots(repo.project()).diff(first, "HEAD", List.of()).html();
      assertTrue(html.contains(">" + first + ": loss<"), "the first revision's line is in the legend");
      assertTrue(html.contains(">HEAD: loss<"));
      assertEquals(1, html.split("stroke-dasharray=\"" + Plots.SECOND_REVISION + "\" points=", -1).length - 1,
          "the second revision's line is dashed, the first solid");
      assertEquals(2, html.split("<polyline class=\"series\"", -1).length - 1);
      assertTrue(html.contains("from-first") && html.contains("from-second"));
      assertFalse(html.contains("from-elsewhere"), "a run from another commit is left out");
    }
  }

  private static RunRecord started(String id, String commit, double acc) {
    RunRecord.Builder b = new RunRecord.Builder();
    b.id = id;
    b.started = "2026-01-01T00:00:00Z";
    b.ended = "2026-01-01T00:01:00Z";
    b.commit = commit;
    b.status = RunRecord.SUCCESS;
    b.metrics.put("acc", acc);
    return b.build();
  }
}
