package io.mlctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Fairness metrics, verified gates, promote --evaluate, register's description/tags/run and explain, end to end. */
class GovernanceCommandsTest {
  @TempDir
  Path tmp;

  Path repo;

  @BeforeEach
  void setUp() throws IOException {
    repo = Cli.project(tmp.resolve("repo"));
    try (InputStream in = getClass().getResourceAsStream("/model/points.csv")) {
      Files.createDirectories(repo.resolve("data"));
      Files.write(repo.resolve("data/points.csv"), in.readAllBytes());
    }
    // every label swapped: a model fitted to points.csv is always wrong here
    Files.write(repo.resolve("data/flipped.csv"), Files.readAllLines(repo.resolve("data/points.csv")).stream()
        .map(l -> l.endsWith(",hi") ? l.replace(",hi", ",lo") : l.endsWith(",lo") ? l.replace(",lo", ",hi") : l).toList());
    ok("train", "--data", "data/points.csv", "--label", "label", "--algorithm", "logistic", "--out", "models/m.model", "-q");
  }

  private Cli.Result ok(String... args) {
    Cli.Result r = Cli.in(repo, args);
    assertEquals(0, r.code(), r::toString);
    return r;
  }

  private Cli.Result run(String... args) {
    return Cli.in(repo, args);
  }

  @Test
  void evaluateSlice_writesFairnessMetrics_andGatesOnThem() throws IOException {
    JsonNode m = run("evaluate", "--model", "models/m.model", "--data", "data/points.csv", "--slice", "region",
        "--metrics", "metrics/eval.json", "--json").json().get("metrics");
    JsonNode f = m.get("fairness");
    for (String k : List.of("demographic_parity_difference", "demographic_parity_ratio", "equalized_odds_difference")) {
      assertTrue(f.get(k).isNumber(), k);
    }
    assertTrue(f.get("selection_rate").get("north").isNumber());
    assertTrue(f.get("true_positive_rate").has("south"));
    assertTrue(f.get("false_positive_rate").has("south"));
    assertEquals("lo", f.get("positive_label").asText());
    assertEquals(64, m.get("model_sha256").asText().length());
    JsonNode file = new ObjectMapper().readTree(repo.resolve("metrics/eval.json").toFile());
    assertEquals(m.get("model_sha256"), file.get("model_sha256"));
    assertEquals(m.get("data_sha256"), file.get("data_sha256"));

    ok("models", "register", "points", "models/m.model", "--metrics", "metrics/eval.json", "-q");
    double dpd = f.get("demographic_parity_difference").asDouble();
    Cli.Result refused = run("models", "promote", "points", "v1", "--to", "production", "--require",
        "fairness.demographic_parity_difference<=" + (dpd / 2));
    assertTrue(refused.errorLine(1).contains("fairness.demographic_parity_difference is " + dpd), refused.err());
    ok("models", "promote", "points", "v1", "--to", "production", "--require", "fairness.demographic_parity_difference<=" + dpd);
  }

  @Test
  void evaluateSlice_badInput_exitCodes() throws IOException {
    assertEquals("mlctl: error: data/points.csv:1: the slice column 'country' is missing (the header has x, y, region, label)",
        run("evaluate", "--model", "models/m.model", "--data", "data/points.csv", "--slice", "country").errorLine(3));
    Files.write(repo.resolve("data/one.csv"), Files.readAllLines(repo.resolve("data/points.csv")).stream()
        .map(l -> l.replace(",south,", ",north,")).toList());
    assertTrue(run("evaluate", "--model", "models/m.model", "--data", "data/one.csv", "--slice", "region").errorLine(3)
        .contains("the slice column 'region' holds a single group ('north')"));
    assertTrue(run("evaluate", "--model", "models/m.model", "--data", "data/points.csv", "--slice", "region", "--positive", "maybe")
        .errorLine(2).contains("--positive 'maybe' is not a class of the model"));
  }

  @Test
  void fakeMetrics_cannotPromoteAModelWhoseRealAccuracyIsLower() throws IOException {
    Files.writeString(repo.resolve("fake.json"), "{\"accuracy\":0.99}\n");
    Cli.Result reg = ok("models", "register", "churn", "models/m.model", "--metrics", "fake.json");
    assertTrue(reg.out().contains("unverified"), reg.out());
    String line = run("models", "promote", "churn", "v1", "--to", "production", "--require", "accuracy>=0.95").errorLine(1);
    assertTrue(line.contains("the metric 'accuracy' is recorded but unverified"), line);
    assertEquals("{}", run("models", "list", "--json").json().get(0).get("aliases").toString());

    // Gating on fresh numbers: its real accuracy on this data is 0, whatever the file said.
    assertEquals("mlctl: error: churn@v1 not promoted to 'production': accuracy is 0 (needs >= 0.95)",
        run("models", "promote", "churn", "v1", "--to", "production", "--require", "accuracy>=0.95", "--allow-unverified",
            "--evaluate", "data/flipped.csv").errorLine(1));
    JsonNode p = run("models", "promote", "churn", "v1", "--to", "staging", "--require", "accuracy>=0.95", "--allow-unverified",
        "--json").json();
    assertTrue(p.get("promoted").asBoolean());
    assertEquals("unverified", p.get("metrics").asText());
    JsonNode audit = run("models", "audit", "churn", "--json").json();
    assertEquals("unverified", audit.get(audit.size() - 1).get("details").get("metrics").asText());
    ok("models", "audit", "--verify");
  }

  @Test
  void trainMetrics_areBoundToTheirModel_andRegisterAsVerified() throws IOException {
    ok("train", "--data", "data/points.csv", "--label", "label", "--algorithm", "cart", "--out", "models/cart.model",
        "--metrics", "metrics/train.json", "-q");
    JsonNode file = new ObjectMapper().readTree(repo.resolve("metrics/train.json").toFile());
    assertEquals(64, file.get("model_sha256").asText().length());
    assertEquals(64, file.get("data_sha256").asText().length());
    JsonNode v = run("models", "register", "points", "models/cart.model", "--metrics", "metrics/train.json", "--json").json();
    assertTrue(v.get("metrics_verified").asBoolean());
    assertEquals(file.get("data_sha256").asText(), v.get("metrics_data_sha256").asText());
    assertFalse(v.get("metrics").has("model_sha256"));
  }

  @Test
  void register_refusesTheMetricsOfAnotherModel() {
    ok("train", "--data", "data/points.csv", "--label", "label", "--algorithm", "cart", "--out", "models/cart.model", "-q");
    ok("evaluate", "--model", "models/cart.model", "--data", "data/points.csv", "--metrics", "cart.json", "-q");
    String line = run("models", "register", "churn", "models/m.model", "--metrics", "cart.json").errorLine(3);
    assertTrue(line.matches("mlctl: error: cart\\.json: its metrics were computed for the model with sha256 [0-9a-f]{64}, "
        + "not for models/m\\.model \\(sha256 [0-9a-f]{64}\\) .*"), line);
  }

  @Test
  void promoteEvaluate_gatesOnFreshNumbers_andRecordsThem() {
    ok("models", "register", "points", "models/m.model", "-q");
    JsonNode p = run("models", "promote", "points", "v1", "--to", "production", "--evaluate", "data/points.csv", "--slice", "region",
        "--require", "accuracy>=0.9", "--require", "fairness.equalized_odds_difference<=0.5", "--json").json();
    assertTrue(p.get("promoted").asBoolean());
    assertEquals("evaluated", p.get("metrics").asText());
    assertEquals(80, p.get("evaluated").get("rows").asInt());
    JsonNode audit = run("models", "audit", "points", "--json").json();
    JsonNode details = audit.get(audit.size() - 1).get("details");
    assertEquals("data/points.csv", details.get("evaluation").get("data").asText());
    assertEquals(64, details.get("evaluation").get("data_sha256").asText().length());
    assertTrue(details.get("values").has("fairness.equalized_odds_difference"));
    assertEquals(2, run("models", "promote", "points", "v1", "--to", "x", "--slice", "region").code(), "--slice needs --evaluate");
    assertEquals(3, run("models", "promote", "points", "v1", "--to", "x", "--evaluate", "data/nope.csv").code());
  }

  @Test
  void register_descriptionTagsAndRun_areShown() {
    Cli.Result r = Cli.run(Map.of("MLCTL_RUN_ID", "run-42"), "-C", repo.toString(), "models", "register", "points", "models/m.model",
        "--description", "Flags high points for review", "--tag", "team=risk", "--tag", "tier=1", "-q");
    assertEquals(0, r.code(), r::toString);
    JsonNode v = run("models", "show", "points@v1", "--json").json();
    assertEquals("Flags high points for review", v.get("description").asText());
    assertEquals("risk", v.get("tags").get("team").asText());
    assertEquals("1", v.get("tags").get("tier").asText());
    assertEquals("run-42", v.get("run").asText());
    assertTrue(v.get("metrics_verified").asBoolean());
    String text = ok("models", "show", "points@v1").out();
    assertTrue(text.contains("  description: Flags high points for review\n"), text);
    assertTrue(text.contains("  tags:        team=risk tier=1\n"), text);
    assertTrue(text.contains("(run run-42)"), text);
    JsonNode all = run("models", "show", "points", "--json").json();
    assertEquals("Flags high points for review", all.get("versions").get(0).get("description").asText());

    assertEquals("mlctl: error: unknown run 'nosuch' (mlctl exp show lists the runs)",
        run("models", "register", "points", "models/m.model", "--run", "nosuch").errorLine(3));
    assertEquals(2, run("models", "register", "points", "models/m.model", "--tag", "novalue").code());
  }

  @Test
  void explain_printsTopFeatures_deterministically() {
    JsonNode a = run("explain", "--model", "models/m.model", "--input", "data/points.csv", "--rows", "1,3", "--top", "2", "--json").json();
    JsonNode b = run("explain", "--model", "models/m.model", "--input", "data/points.csv", "--rows", "3,1", "--top", "2", "--json").json();
    assertEquals(a, b);
    assertEquals("lime", a.get("method").asText());
    JsonNode row = a.get("explanations").get(1);
    assertEquals(3, row.get("row").asInt());
    assertEquals("hi", row.get("prediction").asText());
    assertTrue(row.get("scores").has("lo"));
    assertTrue(row.get("features").size() <= 2);
    assertTrue(row.get("features").get(0).get("weight").isNumber());
    String text = ok("explain", "--model", "models/m.model", "--input", "data/points.csv", "--rows", "3", "--top", "2").out();
    assertTrue(text.startsWith("row 3: hi (score "), text);
  }

  @Test
  void explain_badInput_exitCodes() {
    assertEquals("mlctl: error: data/points.csv: row 99 is out of range (the file has 80 data rows) "
        + "(rows are numbered from 1, the first line after the header)",
        run("explain", "--model", "models/m.model", "--input", "data/points.csv", "--rows", "1,99").errorLine(3));
    assertEquals(2, run("explain", "--model", "models/m.model", "--input", "data/points.csv", "--rows", "one").code());
    assertEquals(3, run("explain", "--model", "models/none.model", "--input", "data/points.csv").code());
    ok("train", "--data", "data/points.csv", "--label", "x", "--task", "regression", "--algorithm", "cart", "--out", "models/r.model", "-q");
    assertTrue(run("explain", "--model", "models/r.model", "--input", "data/points.csv", "--rows", "1").errorLine(2)
        .contains("explanations are not supported for regression models"));
  }
}
