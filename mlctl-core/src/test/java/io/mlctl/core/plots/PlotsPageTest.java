package io.mlctl.core.plots;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mlctl.core.BadInputException;
import io.mlctl.core.exp.RunRecord;
import io.mlctl.core.exp.RunStore;
import io.mlctl.core.testing.TestRepo;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The plots page, built on Jimfs from plot files, a metrics file and run records. */
class PlotsPageTest {
  private static final String EVIL = "<script>alert(1)</script>";

  private static int count(String html, String what) {
    Matcher m = Pattern.compile(Pattern.quote(what)).matcher(html);
    int n = 0;
    while (m.find()) {
      n++;
    }
    return n;
  }

  @Test
  void show_drawsPlotFilesMatricesSeriesAndBars_asInlineSvg() throws Exception {
    try (TestRepo repo = TestRepo.gen(Map.of(
        "mlctl.yaml", """
            stages:
              train:
                cmd: 'true'
                metrics: [{metrics.json: {cache: false}}]
                plots: [{loss.csv: {cache: false}}, {roc.json: {cache: false}}]
            """,
        "loss.csv", "epoch,train_loss,val_loss\n0,1.0,1.1\n1,0.5,0.7\n2,0.25,0.6\n",
        "roc.json", "{\"roc\": [{\"fpr\": 0, \"tpr\": 0}, {\"fpr\": 0.5, \"tpr\": 0.9}, {\"fpr\": 1, \"tpr\": 1}]}",
        "metrics.json", "{\"accuracy\": 0.9, \"confusion_matrix\": {\"labels\": [\"cat\", \"dog\"], \"matrix\": [[5, 1], [0, 4]]}}"))) {
      RunStore runs = new RunStore(repo.path(".mlctl/runs"));
      runs.put(RunRecord.empty("run-a", "2026-01-01T00:00:00Z")
          .withPoint("loss", new RunRecord.Point(0, 1.0, 1)).withPoint("loss", new RunRecord.Point(1, 0.4, 2))
          .finished("2026-01-01T00:01:00Z", RunRecord.SUCCESS, List.of(), Map.of(), Map.of("accuracy", 0.8), Map.of(), Map.of(), Map.of(), null));
      runs.put(RunRecord.empty("run-b", "2026-01-02T00:00:00Z")
          .finished("2026-01-02T00:01:00Z", RunRecord.SUCCESS, List.of(), Map.of(), Map.of("accuracy", 0.9), Map.of(), Map.of(), Map.of(), null));

      PlotsPage page = new Plots(repo.project()).show(List.of());
      String html = page.html();
      // loss.csv, roc.json, the matrix, the logged series, and bars for accuracy and loss.
      assertEquals(6, page.charts());
      assertEquals(6, count(html, "<svg xmlns=\"http://www.w3.org/2000/svg\""));
      assertEquals(2 + 1 + 1, count(html, "<polyline class=\"series\""), "two columns of loss.csv, roc, one run's series");
      assertEquals(4, count(html, "<rect class=\"cell\""));
      assertEquals(3, count(html, "<rect class=\"bar\""), "accuracy for two runs, loss for one");
      assertTrue(html.contains(">val_loss<"), "legend names the column");
      assertTrue(html.contains(">epoch</text>"), "the x axis is the epoch column");
      assertTrue(html.contains("class=\"tick\""));
      assertTrue(html.contains("class=\"axis-label\""));
      assertTrue(html.contains("<g class=\"legend\">"));
      // Self-contained: no script, no style sheet or image fetched from anywhere.
      assertFalse(html.contains("<script"));
      assertFalse(html.contains("src="));
      assertFalse(html.contains("href="));
      assertEquals(count(html, "http"), count(html, "http://www.w3.org/2000/svg"));
    }
  }

  @Test
  void namesTakenFromFiles_areEscaped() throws Exception {
    try (TestRepo repo = TestRepo.gen(Map.of(
        "mlctl.yaml", "stages:\n  s:\n    cmd: 'true'\n    metrics: [m.json]\n    plots: [p.csv]\n",
        "p.csv", "step,\"" + EVIL.replace("\"", "\"\"") + "\"\n0,1\n1,2\n",
        "m.json", "{\"a\": 1, \"confusion_matrix\": {\"labels\": [\"" + EVIL.replace("/", "\\/") + "\", \"b&c\"], \"matrix\": [[1, 0], [0, 1]]}}"))) {
      new RunStore(repo.path(".mlctl/runs")).put(RunRecord.empty("r", "2026-01-01T00:00:00Z")
          .withPoint("x\"><script>", new RunRecord.Point(0, 1, 1)));
      String html = new Plots(repo.project()).show(List.of()).html();
      assertFalse(html.contains("<script"), html);
      assertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
      assertTrue(html.contains("b&amp;c"));
      assertTrue(html.contains("x&quot;&gt;&lt;script&gt;"));
    }
  }

  @Test
  void aPlotFileWithNoNumbers_isBadInputNamingIt() throws Exception {
    try (TestRepo repo = TestRepo.gen(Map.of(
        "mlctl.yaml", "stages:\n  s:\n    cmd: 'true'\n    plots: [p.csv]\n",
        "p.csv", "name,kind\na,b\n"))) {
      Plots plots = new Plots(repo.project());
      BadInputException e = assertThrows(BadInputException.class, () -> plots.show(List.of()));
      assertEquals("p.csv: holds no numeric column to plot", e.getMessage());
    }
  }

  @Test
  void aRaggedCsvRow_isBadInputWithItsLine() {
    BadInputException e = assertThrows(BadInputException.class, () -> PlotData.read("a,b\n1,2\n3\n", "p.csv", "p.csv"));
    assertEquals("p.csv:3:1: expected 2 fields, found 1", e.getMessage());
  }

  @Test
  void csvFields_mayBeQuoted() {
    assertEquals(List.of("a,b", "say \"hi\"", "c"), PlotData.split("\"a,b\",\"say \"\"hi\"\"\",c", ','));
  }

  @Test
  void axisTicks_areRoundNumbersCoveringTheData() {
    Charts.Axis a = Charts.Axis.of(0.13, 0.97);
    assertEquals(List.of(0.0, 0.2, 0.4, 0.6000000000000001, 0.8, 1.0), a.ticks());
    assertEquals("0.6", Charts.Axis.label(0.6000000000000001));
    assertEquals("1500", Charts.Axis.label(1500));
  }

  @Test
  void anEmptyPage_saysWhatToDo() throws Exception {
    try (TestRepo repo = TestRepo.empty()) {
      PlotsPage page = new Plots(repo.project()).show(List.of());
      assertEquals(0, page.charts());
      assertTrue(page.html().contains("Nothing to plot"));
    }
  }
}
