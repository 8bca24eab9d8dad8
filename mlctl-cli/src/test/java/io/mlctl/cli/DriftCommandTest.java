package io.mlctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.commons.codec.digest.DigestUtils;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mlctl drift}, end to end. */
class DriftCommandTest {
  @TempDir
  Path tmp;

  Path repo;

  @BeforeEach
  void setUp() throws IOException {
    repo = Cli.project(tmp.resolve("repo"));
    Files.createDirectories(repo.resolve("data"));
    try (InputStream in = getClass().getResourceAsStream("/model/points.csv")) {
      Files.write(repo.resolve("data/points.csv"), in.readAllBytes());
    }
    // the same rows with x moved far to the right: x drifts, the rest does not
    List<String> lines = Files.readAllLines(repo.resolve("data/points.csv"));
    List<String> shifted = new ArrayList<>(List.of(lines.get(0)));
    for (String l : lines.subList(1, lines.size())) {
      String[] f = l.split(",", 2);
      shifted.add((Double.parseDouble(f[0]) + 50) + "," + f[1]);
    }
    Files.write(repo.resolve("data/shifted.csv"), shifted);
  }

  private Cli.Result run(String... args) {
    return Cli.in(repo, args);
  }

  @Test
  void json_hasTheDocumentedKeys_andFailOnDriftExitsOne() {
    Cli.Result r = run("drift", "--reference", "data/points.csv", "--current", "data/shifted.csv", "--json");
    assertEquals(0, r.code(), r::toString);
    JsonNode doc = r.json();
    assertTrue(doc.get("dataset_drift").isBoolean());
    assertTrue(doc.get("drift_share").isNumber());
    JsonNode cols = doc.get("columns");
    assertEquals(4, cols.size());
    JsonNode x = cols.get(0);
    assertEquals("x", x.get("name").asText(), "the most drifted column first");
    for (JsonNode c : cols) {
      List<String> keys = new ArrayList<>();
      c.fieldNames().forEachRemaining(keys::add);
      assertTrue(keys.containsAll(List.of("name", "type", "method", "statistic", "p_value", "threshold", "drifted", "psi")), keys::toString);
      assertTrue(Set.of("numeric", "categorical").contains(c.get("type").asText()));
    }
    assertEquals("numeric", x.get("type").asText());
    assertEquals("ks", x.get("method").asText(), "60 reference rows: KS");
    assertTrue(x.get("drifted").asBoolean());
    assertTrue(x.get("p_value").asDouble() < 0.05);
    assertEquals(0.05, x.get("threshold").asDouble());
    assertEquals(1.0 / 4, doc.get("drift_share").asDouble(), 1e-12, "x alone drifted");
    assertFalse(doc.get("dataset_drift").asBoolean());

    assertEquals(0, run("drift", "--reference", "data/points.csv", "--current", "data/shifted.csv", "--fail-on-drift", "-q").code());
    Cli.Result fail = run("drift", "--reference", "data/points.csv", "--current", "data/shifted.csv", "--fail-on-drift", "--drift-share", "0.25");
    assertEquals(1, fail.code(), fail::toString);
    assertTrue(fail.out().contains("Drift detected in 1 of 4 columns: the data set drifted."), fail.out());
    assertEquals("", fail.err());
  }

  @Test
  void terminalTable_sortedByDrift_andHtmlReportWritten() throws IOException {
    Cli.Result r = run("drift", "--reference", "data/points.csv", "--current", "data/shifted.csv", "--html", "reports/drift.html");
    assertEquals(0, r.code(), r::toString);
    String[] lines = r.out().split("\n");
    assertTrue(lines[0].startsWith("column"), r.out());
    assertTrue(lines[1].startsWith("x ") && lines[1].endsWith("yes"), lines[1]);
    assertTrue(r.out().contains("Wrote reports/drift.html."), r.out());
    String html = Files.readString(repo.resolve("reports/drift.html"));
    assertTrue(html.contains("Drift detected in 1 of 4 columns"));
  }

  @Test
  void missingColumn_exitsThreeNamingIt() throws IOException {
    Files.writeString(repo.resolve("data/narrow.csv"), "x,y\n1,2\n");
    Cli.Result r = run("drift", "--reference", "data/points.csv", "--current", "data/narrow.csv");
    assertEquals(3, r.code(), r::toString);
    assertEquals("mlctl: error: column 'region' is not in data/narrow.csv (compare the columns both files have with --columns)\n", r.err());
    Cli.Result picked = run("drift", "--reference", "data/points.csv", "--current", "data/narrow.csv", "--columns", "x,y", "--json");
    assertEquals(0, picked.code(), picked::toString);
    assertEquals(2, picked.json().get("columns").size());
  }

  @Test
  void badArguments_exitTwo() {
    assertEquals(2, run("drift", "--reference", "data/points.csv", "--current", "data/shifted.csv", "--method", "magic").code());
    Cli.Result ks = run("drift", "--reference", "data/points.csv", "--current", "data/shifted.csv", "--method", "ks");
    assertEquals(2, ks.code(), ks::toString);
    assertTrue(ks.err().contains("column 'region' is categorical"), ks.err());
    assertEquals(3, run("drift", "--reference", "data/nope.csv", "--current", "data/shifted.csv").code());
  }

  @Test
  void requestLogFolder_isTheCurrentData() throws IOException {
    Path serve = repo.resolve(".mlctl/serve");
    Files.createDirectories(serve);
    StringBuilder log = new StringBuilder();
    for (int i = 0; i < 30; i++) {
      String inst = "{\"x\":" + (60 + i) + ",\"y\":" + (i % 10) + ",\"region\":\"" + (i % 2 == 0 ? "north" : "south") + "\"}";
      for (String role : List.of("primary", "shadow")) {
        log.append("{\"request_id\":\"r").append(i).append("\",\"model\":\"points\",\"version\":\"v1\",\"role\":\"").append(role)
            .append("\",\"inputs\":[").append(inst).append("],\"outputs\":[],\"latency_ms\":1}\n");
      }
    }
    Files.writeString(serve.resolve("requests.1.jsonl"), log.toString());
    Files.writeString(serve.resolve("requests.jsonl"), "{\"request_id\":\"torn\",\"inp");
    Cli.Result r = run("drift", "--reference", "data/points.csv", "--current", ".mlctl/serve/", "--json");
    assertEquals(0, r.code(), r::toString);
    JsonNode doc = r.json();
    assertEquals(30, doc.get("current_rows").asInt(), "primary rows only; the torn line skipped");
    assertEquals(".mlctl/serve", doc.get("current").asText());
    List<String> names = new ArrayList<>();
    doc.get("columns").forEach(c -> names.add(c.get("name").asText()));
    assertEquals(Set.of("x", "y", "region"), Set.copyOf(names), "the logged features, not the label");
    assertTrue(doc.get("columns").get(0).get("drifted").asBoolean());
  }

  @Test
  void modelReference_readsTheTrainingDataFromTheWorkTreeCacheOrRemote() throws IOException {
    assertEquals(0, run("train", "--data", "data/points.csv", "--label", "label", "--algorithm", "cart", "--out", "models/m.model", "-q").code());
    assertEquals(0, run("models", "register", "points", "models/m.model", "-q").code());
    // in the work tree, unchanged since training
    JsonNode doc = run("drift", "--reference", "points@v1", "--current", "data/shifted.csv", "--json").json();
    assertEquals("points@v1 training data (data/points.csv)", doc.get("reference").asText());
    List<String> names = new ArrayList<>();
    doc.get("columns").forEach(c -> names.add(c.get("name").asText()));
    assertEquals(Set.of("x", "y", "region"), Set.copyOf(names), "the model's features");

    // in the cache, and then only on the default remote
    assertEquals(0, run("add", "data/points.csv", "-q").code());
    assertEquals(0, run("remote", "add", "origin", tmp.resolve("remote").toString(), "-q").code());
    assertEquals(0, run("push", "-q").code());
    String sha = DigestUtils.sha256Hex(Files.readAllBytes(repo.resolve("data/points.csv")));
    Path object = repo.resolve(".mlctl/cache/sha256/" + sha.substring(0, 2) + "/" + sha.substring(2));
    Files.delete(repo.resolve("data/points.csv"));
    assertEquals(0, run("drift", "--reference", "points@v1", "--current", "data/shifted.csv", "-q").code(), "from the cache");
    Files.delete(object);
    assertEquals(0, run("models", "promote", "points", "v1", "--to", "prod", "-q").code());
    Cli.Result pulled = run("drift", "--reference", "points@prod", "--current", "data/shifted.csv", "--json");
    assertEquals(0, pulled.code(), pulled::toString);
    assertTrue(Files.exists(object), "fetched from the remote into the cache");

    Cli.Result unknown = run("drift", "--reference", "nosuch@v1", "--current", "data/shifted.csv");
    assertEquals(3, unknown.code(), unknown::toString);
  }

  /** The points with x moved far right in the south only: the model's answers change there, not in the north. */
  private void writeSouthShifted() throws IOException {
    List<String> lines = Files.readAllLines(repo.resolve("data/points.csv"));
    List<String> out = new ArrayList<>(List.of(lines.get(0)));
    for (String l : lines.subList(1, lines.size())) {
      String[] f = l.split(",");
      out.add(f[2].equals("south") ? (Double.parseDouble(f[0]) + 50) + "," + f[1] + "," + f[2] + "," + f[3] : l);
    }
    Files.write(repo.resolve("data/south.csv"), out);
  }

  /** Per region, the share of rows predict labels "hi", counted from predict's own output. */
  private java.util.Map<String, Double> hiShareByRegion(String data) throws IOException {
    assertEquals(0, run("predict", "--model", "points@v1", "--input", data, "-o", "preds.csv", "-q").code());
    List<String> rows = Files.readAllLines(repo.resolve(data));
    List<String> preds = Files.readAllLines(repo.resolve("preds.csv"));
    java.util.Map<String, int[]> n = new java.util.TreeMap<>();
    for (int i = 1; i < rows.size(); i++) {
      int[] c = n.computeIfAbsent(rows.get(i).split(",")[2], k -> new int[2]);
      c[0]++;
      c[1] += preds.get(i).equals("hi") ? 1 : 0;
    }
    java.util.Map<String, Double> share = new java.util.TreeMap<>();
    n.forEach((k, c) -> share.put(k, (double) c[1] / c[0]));
    return share;
  }

  @Test
  void slice_comparesPredictedLabelRatesPerGroup_andFlagsTheGroupWhoseRatesMoved() throws IOException {
    assertEquals(0, run("train", "--data", "data/points.csv", "--label", "label", "--algorithm", "cart", "--out", "models/m.model", "-q").code());
    assertEquals(0, run("models", "register", "points", "models/m.model", "-q").code());
    writeSouthShifted();
    java.util.Map<String, Double> before = hiShareByRegion("data/points.csv");
    java.util.Map<String, Double> after = hiShareByRegion("data/south.csv");

    Cli.Result r = run("drift", "--reference", "points@v1", "--current", "data/south.csv", "--slice", "region", "--json",
        "--html", "drift.html");

    assertEquals(0, r.code(), r::toString);
    JsonNode s = r.json().get("slices");
    assertEquals("region", s.get("column").asText());
    assertEquals("points@v1", s.get("model").asText());
    JsonNode north = s.at("/groups/0");
    JsonNode south = s.at("/groups/1");
    assertEquals("north", north.get("value").asText());
    assertEquals("south", south.get("value").asText());
    assertEquals(before.get("north"), north.at("/reference_rates/hi").asDouble(), 1e-12);
    assertEquals(after.get("north"), north.at("/current_rates/hi").asDouble(), 1e-12);
    assertEquals(before.get("south"), south.at("/reference_rates/hi").asDouble(), 1e-12);
    assertEquals(after.get("south"), south.at("/current_rates/hi").asDouble(), 1e-12);
    assertEquals(0.0, north.get("rate_change").asDouble(), 1e-12, "the north's rows did not change");
    assertFalse(north.get("drifted").asBoolean());
    assertEquals(Math.abs(after.get("south") - before.get("south")), south.get("rate_change").asDouble(), 1e-12);
    assertTrue(south.get("drifted").asBoolean(), south.toString());
    assertEquals(1, run("drift", "--reference", "points@v1", "--current", "data/south.csv", "--slice", "region", "--columns", "y",
        "--fail-on-drift", "-q").code(), "y did not drift, but the south's answers did");
    assertTrue(Files.readString(repo.resolve("drift.html")).contains("Predicted labels by region"));
    String text = run("drift", "--reference", "points@v1", "--current", "data/south.csv", "--slice", "region").out();
    assertTrue(text.contains("Predicted labels by region (points@v1):") && text.contains("1 of 2 groups changed"), text);
  }

  @Test
  void slice_badInput_namesTheProblem() throws IOException {
    assertEquals(0, run("train", "--data", "data/points.csv", "--label", "label", "--algorithm", "cart", "--out", "models/m.model", "-q").code());
    Cli.Result noModel = run("drift", "--reference", "data/points.csv", "--current", "data/shifted.csv", "--slice", "region");
    assertEquals(2, noModel.code(), noModel::toString);
    assertTrue(noModel.err().contains("--model REF"), noModel.err());
    Cli.Result modelAlone = run("drift", "--reference", "data/points.csv", "--current", "data/shifted.csv", "--model", "models/m.model");
    assertEquals(2, modelAlone.code(), modelAlone::toString);
    Cli.Result noColumn = run("drift", "--reference", "data/points.csv", "--current", "data/shifted.csv", "--slice", "nope",
        "--model", "models/m.model");
    assertEquals(3, noColumn.code(), noColumn::toString);
    assertTrue(noColumn.err().contains("'nope'"), noColumn.err());
    Cli.Result ok = run("drift", "--reference", "data/points.csv", "--current", "data/shifted.csv", "--slice", "region",
        "--model", "models/m.model", "--json");
    assertEquals(0, ok.code(), ok::toString);
    assertEquals("models/m.model", ok.json().at("/slices/model").asText());
  }

  @Test
  void checkAgainstAModelVersion_isKeptAsItsLastCheck_andTheReportShowsIt() throws IOException {
    assertEquals(0, run("train", "--data", "data/points.csv", "--label", "label", "--algorithm", "cart", "--out", "models/m.model", "-q").code());
    assertEquals(0, run("models", "register", "points", "models/m.model", "-q").code());
    assertTrue(run("models", "report", "points@v1", "--md").out().contains("No drift check recorded."));

    assertEquals(0, run("drift", "--reference", "points@v1", "--current", "data/shifted.csv", "-q").code());

    Path kept = repo.resolve(".mlctl/state/drift/points/v1.json");
    assertTrue(Files.isRegularFile(kept));
    assertTrue(new com.fasterxml.jackson.databind.ObjectMapper().readTree(kept.toFile()).get("dataset_drift").isBoolean());
    String md = run("models", "report", "points@v1", "--md").out();
    assertTrue(md.contains(".mlctl/state/drift/points/v1.json") && !md.contains("No drift check recorded."), md);
  }
}
