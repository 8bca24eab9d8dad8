package io.mlctl.core.exp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mlctl.core.BadArgumentException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Column choice of {@code exp show}, run names and times. */
class RunColumnsTest {
  private static RunRecord run(String id, double lr, double acc) {
    RunRecord.Builder b = RunRecord.empty(id, "2026-01-01T00:00:00Z").toBuilder();
    b.params.put("train.lr", lr);
    b.params.put("train.seed", 1);
    b.params.put("model.tree.depth", 3);
    b.metrics.put("per_class.a.f1", 0.5);
    b.metrics.put("accuracy", acc);
    return b.build();
  }

  private static RunColumns.Selection sel(int width) {
    return new RunColumns.Selection(List.of(), List.of(), null, null, false, width, RunRecord.SeriesSummary.LAST);
  }

  private static List<String> headers(RunColumns.Chosen c) {
    return c.columns().stream().map(RunColumns.Column::header).toList();
  }

  @Test
  void aNarrowTable_takesTopLevelMetricsFirst_thenParameters_andKeepsTableOrder() {
    List<RunRecord> runs = List.of(run("a", 0.1, 0.9), run("b", 0.2, 0.8));
    // accuracy (8) fits, then train.lr (8) and train.seed (10); nothing nested beyond.
    RunColumns.Chosen c = RunColumns.choose(runs, sel(10 + 2 + 8 + 2 + 8 + 2 + 10), 10, String::valueOf);
    assertEquals(List.of("train.lr", "train.seed", "accuracy"), headers(c));
    assertEquals(2, c.hidden());
    assertEquals(5, RunColumns.choose(runs, sel(0), 10, String::valueOf).columns().size());
  }

  @Test
  void keepDropOnlyChangedAndNames_narrowTheColumns() {
    List<RunRecord> runs = List.of(run("a", 0.1, 0.9), run("b", 0.2, 0.8));
    RunColumns.Selection keep = new RunColumns.Selection(List.of(), List.of(), Pattern.compile("^train"),
        Pattern.compile("seed"), false, 0, RunRecord.SeriesSummary.LAST);
    assertEquals(List.of("train.lr"), headers(RunColumns.choose(runs, keep, 0, String::valueOf)));
    RunColumns.Selection changed = new RunColumns.Selection(List.of(), List.of(), null, null, true, 0,
        RunRecord.SeriesSummary.LAST);
    assertEquals(List.of("train.lr", "accuracy"), headers(RunColumns.choose(runs, changed, 0, String::valueOf)));
    RunColumns.Selection named = new RunColumns.Selection(List.of("train.seed"), List.of("per_class.a.f1"), null, null,
        false, 20, RunRecord.SeriesSummary.LAST);
    assertEquals(List.of("train.seed", "per_class.a.f1"), headers(RunColumns.choose(runs, named, 0, String::valueOf)));
  }

  @Test
  void aSeriesIsSummedUpAsAsked_andNamedApartFromAFileKey() {
    RunRecord r = RunRecord.empty("r", "t").withPoint("loss", new RunRecord.Point(0, 0.9, 1))
        .withPoint("loss", new RunRecord.Point(1, 0.2, 2)).withPoint("loss", new RunRecord.Point(2, 0.4, 3))
        .withPoint("acc", new RunRecord.Point(0, 0.7, 1))
        .finished("t2", RunRecord.SUCCESS, List.of(), java.util.Map.of(), java.util.Map.of("acc", 0.8),
            java.util.Map.of(), java.util.Map.of(), java.util.Map.of(), null);
    assertEquals(0.4, r.metrics().get("loss"));
    assertEquals(0.8, r.metrics().get("acc"));
    assertEquals(0.7, r.metrics().get("series:acc"));
    assertEquals(0.2, r.metrics(RunRecord.SeriesSummary.MIN).get("loss"));
    assertEquals(0.9, r.metrics(RunRecord.SeriesSummary.MAX).get("loss"));
    assertEquals(0.8, r.metrics(RunRecord.SeriesSummary.MAX).get("acc"), "the file's key stays");
  }

  @Test
  void generatedNames_areReadableAndUnique_andAGivenNameMustBeFree() {
    List<RunRecord> runs = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      RunRecord.Builder b = RunRecord.empty("id" + i, "t").toBuilder();
      b.name = RunNames.generate(runs);
      assertTrue(b.name.matches("[a-z]+-[a-z]+(-[0-9]+)?"), b.name);
      runs.add(b.build());
    }
    assertEquals(300, runs.stream().map(RunRecord::name).distinct().count());
    String taken = runs.get(0).name();
    assertThrows(BadArgumentException.class, () -> RunNames.check(taken, runs));
    assertThrows(BadArgumentException.class, () -> RunNames.check("id3", runs), "an id is taken too");
    assertThrows(BadArgumentException.class, () -> RunNames.check("../x", runs));
    assertNotEquals(taken, RunNames.check("my-run", runs));
  }

  @Test
  void durations_readAtAGlance() {
    assertEquals("4.2s", RunTimes.shown(Duration.ofMillis(4200)));
    assertEquals("3m 05s", RunTimes.shown(Duration.ofSeconds(185)));
    assertEquals("2h 01m", RunTimes.shown(Duration.ofMinutes(121)));
  }
}
