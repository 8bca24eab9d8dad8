package io.mlctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The registry as used every day: latest by default, tables, diffs, duplicates, a readable audit. */
class ModelsDailyUseTest {
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
    ok("train", "--data", "data/points.csv", "--label", "label", "--algorithm", "cart", "-o", "models/cart.model", "-q");
    ok("train", "--data", "data/points.csv", "--label", "label", "--algorithm", "logistic", "-o", "models/logistic.model", "-q");
    ok("models", "register", "points", "models/cart.model", "-q");
    ok("models", "register", "points", "models/logistic.model", "-q");
  }

  private Cli.Result ok(String... args) {
    Cli.Result r = Cli.in(repo, args);
    assertEquals(0, r.code(), r::toString);
    return r;
  }

  @Test
  void latestAndABareName_meanTheNewestVersion_everywhere() {
    assertEquals("points@v2", Cli.in(repo, "evaluate", "--model", "points", "--data", "data/points.csv", "--json").json().get("model").asText());
    assertEquals("points@v2", Cli.in(repo, "evaluate", "--model", "points@latest", "--data", "data/points.csv", "--json").json().get("model").asText());
    ok("predict", "--model", "points", "--input", "data/points.csv", "-o", "out/p.csv", "-q");
    assertEquals("points@v2", Cli.in(repo, "models", "get", "points", "-o", "out/got.model", "--json").json().get("ref").asText());
    assertEquals("v2", Cli.in(repo, "models", "show", "points@latest", "--json").json().get("version").asText());
    assertEquals("points@v2 training data (data/points.csv)",
        Cli.in(repo, "drift", "--reference", "points", "--current", "data/points.csv", "--json").json().get("reference").asText());
    assertEquals("points@v2 training data (data/points.csv)",
        Cli.in(repo, "drift", "--reference", "points@latest", "--current", "data/points.csv", "--json").json().get("reference").asText());
    assertEquals("model_version:points@v2", Cli.in(repo, "lineage", "points@latest", "--json").json().get("root").asText());
    JsonNode p = Cli.in(repo, "models", "promote", "points", "latest", "--to", "production", "--json").json();
    assertEquals("v2", p.get("version").asText());
    assertEquals("mlctl: error: 'latest' always names the newest version and cannot be an alias (pick a name such as production or staging)",
        Cli.in(repo, "models", "promote", "points", "v1", "--to", "latest").errorLine(2));
    assertEquals("mlctl: error: nosuch: no such model file or registered model (name a model file, NAME, NAME@ALIAS or NAME@vN)",
        Cli.in(repo, "predict", "--model", "nosuch", "--input", "data/points.csv", "-o", "out/q.csv").errorLine(3));
  }

  @Test
  void listAndShow_printAlignedColumnsWithMetricsAndAliases() {
    ok("models", "promote", "points", "v1", "--to", "production", "-q");
    String list = ok("models", "list").out();
    String[] lines = list.split("\n");
    assertEquals(2, lines.length, list);
    assertTrue(lines[0].matches("NAME +VERSIONS +LATEST +ALIASES +ACCURACY +F1_MACRO( +ROC_AUC +LOG_LOSS)?"), list);
    assertTrue(lines[1].matches("points +2 +v2 +production=v1 +[0-9.]+ +[0-9.]+( +[0-9.]+ +[0-9.]+)?"), list);
    assertTrue(lines[1].substring(lines[0].indexOf("ACCURACY")).matches("[0-9.]+ +[0-9.]+( +[0-9.]+ +[0-9.]+)?"), "aligned: " + list);

    String show = ok("models", "show", "points").out();
    String[] rows = show.split("\n");
    assertEquals("points", rows[0]);
    assertTrue(rows[1].matches("VERSION +SHA256 +ALGORITHM +REGISTERED +BY +ALIASES +ACCURACY +F1_MACRO( +ROC_AUC +LOG_LOSS)?"), show);
    assertTrue(rows[2].matches("v1 +[0-9a-f]{12} +cart +\\S+ +.+ +production +[0-9.]+ +[0-9.]+( +\\S+ +\\S+)?"), show);
    assertTrue(rows[3].matches("v2 +[0-9a-f]{12} +logistic +\\S+ +.+ +- +[0-9.]+ +[0-9.]+( +\\S+ +\\S+)?"), show);
    assertEquals(rows[1].indexOf("ALIASES"), rows[2].indexOf("production"), "aligned: " + show);
    assertTrue(ok("models", "show", "points@v1").out().contains("\n  aliases:     production\n"));
  }

  @Test
  void diff_comparesCardsAndMetrics() {
    JsonNode d = Cli.in(repo, "models", "diff", "points@v1", "points", "--json").json();
    assertEquals("points@v1", d.get("a").asText());
    assertEquals("points@v2", d.get("b").asText());
    assertFalse(d.get("same_artifact").asBoolean());
    assertEquals("cart", d.get("card").get("algorithm").get("old").asText());
    assertEquals("logistic", d.get("card").get("algorithm").get("new").asText());
    JsonNode acc = d.get("metrics").get("accuracy");
    if (acc != null) {
      assertEquals(acc.get("new").asDouble() - acc.get("old").asDouble(), acc.get("diff").asDouble(), 1e-12);
    }
    String text = ok("models", "diff", "points@v1", "points@v2").out();
    assertTrue(text.startsWith("points@v1 -> points@v2\nKEY "), text);
    assertTrue(text.contains("\nalgorithm "), text);
    assertEquals("points@v1 and points@v1 are the same model with the same metrics.\n", ok("models", "diff", "points@v1", "points@v1").out());
    assertEquals(3, Cli.in(repo, "models", "diff", "points@v1", "points@v9").code());
    assertEquals(2, Cli.in(repo, "models", "diff", "points@v1").code());
  }

  @Test
  void registeringTheSameArtifactAgain_saysSo_unlessForced() {
    Cli.Result again = Cli.in(repo, "models", "register", "points", "models/cart.model");
    assertEquals("mlctl: error: models/cart.model is already registered as points@v1 (register it again as a new version with --force)",
        again.errorLine(1));
    assertEquals(2, Cli.in(repo, "models", "list", "--json").json().get(0).get("versions").asInt(), "nothing registered");
    Cli.Result json = Cli.in(repo, "models", "register", "points", "models/cart.model", "--json");
    assertEquals(1, json.code());
    assertTrue(json.out().contains("\"already_registered_as\":\"v1\""), json.out());
    String forced = ok("models", "register", "points", "models/cart.model", "--force").out();
    assertTrue(forced.startsWith("Registered models/cart.model as points@v3 ("), forced);
    assertTrue(forced.contains(", the same bytes as v1)."), forced);
  }

  @Test
  void auditText_printsDetailsAsKeyValue() {
    ok("models", "promote", "points", "v1", "--to", "production", "-q");
    String audit = ok("models", "audit").out();
    assertFalse(audit.contains("{"), audit);
    assertFalse(audit.contains("="), audit);
    assertTrue(audit.contains("version: v1, sha256: "), audit);
    assertTrue(audit.contains("version: v1, alias: production, previous: none, requirements: [], metrics: none"), audit);
  }
}
