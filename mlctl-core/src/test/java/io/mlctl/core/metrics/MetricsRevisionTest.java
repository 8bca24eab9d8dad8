package io.mlctl.core.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.mlctl.core.BadInputException;
import io.mlctl.core.pipeline.Repro;
import io.mlctl.core.testing.GitTestRepo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Metrics and params at Git revisions, read through JGit and, for cached outputs, the cache. */
class MetricsRevisionTest {
  @TempDir
  Path tmp;

  @Test
  void diff_betweenACommitAndTheWorkTree_andBetweenTwoCommits() {
    try (GitTestRepo repo = GitTestRepo.init(tmp)) {
      repo.write("mlctl.yaml", "stages:\n  s:\n    cmd: 'true'\n    metrics: [{m.json: {cache: false}}]\n");
      repo.write("m.json", "{\"acc\": 0.91, \"loss\": {\"train\": 0.5}}");
      String first = repo.commit("first", "mlctl.yaml", "m.json");
      repo.write("m.json", "{\"acc\": 0.95, \"loss\": {\"train\": 0.5}}");
      MetricsDiff d = new MetricsDiff(repo.project());
      MetricsDiff.Result r = d.call(MetricsDiff.Kind.METRICS, Optional.empty(), Optional.empty(), List.of(), false);
      assertEquals("HEAD", r.a());
      assertEquals("workspace", r.b());
      Change c = r.changes().get("m.json").get("acc");
      assertEquals(0.91, c.old());
      assertEquals(0.95, c.now());
      assertEquals(0.04, c.diff().doubleValue(), 1e-12);
      assertEquals(List.of("acc"), List.copyOf(r.changes().get("m.json").keySet()));
      repo.commit("second", "m.json");
      MetricsDiff.Result between = d.call(MetricsDiff.Kind.METRICS, Optional.of(first), Optional.of("HEAD"), List.of(), true);
      assertEquals(List.of("acc", "loss.train"), List.copyOf(between.changes().get("m.json").keySet()));
      assertEquals(0.95, d.show(MetricsDiff.Kind.METRICS, Optional.of("HEAD"), List.of()).files().get("m.json").get("acc"));
    }
  }

  @Test
  void aCachedMetricsOutputAtARevision_isReadFromTheCacheByItsLockHash() throws Exception {
    try (GitTestRepo repo = GitTestRepo.init(tmp)) {
      repo.write("params.yaml", "acc: 0.8\n");
      repo.write("mlctl.yaml", """
          stages:
            s:
              cmd: >-
                echo '{"acc": ${acc}}' > m.json
              params: [acc]
              metrics: [m.json]
          """);
      new Repro(repo.project()).call(Repro.Options.defaults());
      repo.commit("run", "mlctl.yaml", "mlctl.lock", "params.yaml", ".gitignore");
      repo.write("params.yaml", "acc: 0.9\n");
      new Repro(repo.project()).call(Repro.Options.defaults());
      MetricsDiff.Result r = new MetricsDiff(repo.project())
          .call(MetricsDiff.Kind.METRICS, Optional.empty(), Optional.empty(), List.of(), false);
      assertEquals(0.8, r.changes().get("m.json").get("acc").old());
      assertEquals(0.9, r.changes().get("m.json").get("acc").now());
      assertEquals(List.of(), r.notes());
      MetricsDiff.Result params = new MetricsDiff(repo.project())
          .call(MetricsDiff.Kind.PARAMS, Optional.empty(), Optional.empty(), List.of(), false);
      assertEquals(Map.of("acc", Change.of(0.8, 0.9)), params.changes().get("params.yaml"));

      // With the cache emptied, the revision's file is noted as not in the cache, not an error.
      try (var files = Files.walk(tmp.resolve(".mlctl/cache/sha256"))) {
        for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
          if (Files.isRegularFile(p)) {
            Files.delete(p);
          }
        }
      }
      MetricsDiff.Result gone = new MetricsDiff(repo.project())
          .call(MetricsDiff.Kind.METRICS, Optional.empty(), Optional.empty(), List.of(), false);
      assertEquals(List.of("HEAD:m.json: not in the cache (mlctl pull fetches it)"), gone.notes());
      assertEquals(Map.of("acc", Change.of(null, 0.9)), gone.changes().get("m.json"));
    }
  }

  @Test
  void anUnknownRevision_isBadInput() {
    try (GitTestRepo repo = GitTestRepo.init(tmp)) {
      MetricsDiff d = new MetricsDiff(repo.project());
      BadInputException e = assertThrows(BadInputException.class,
          () -> d.call(MetricsDiff.Kind.METRICS, Optional.of("no-such-branch"), Optional.empty(), List.of(), false));
      assertEquals("unknown revision 'no-such-branch'", e.getMessage());
    }
  }
}
