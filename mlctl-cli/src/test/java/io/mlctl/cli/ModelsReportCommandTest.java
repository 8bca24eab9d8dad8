package io.mlctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mlctl models report}: the sections after Annex IV, and user data escaped in HTML and Markdown. */
class ModelsReportCommandTest {
  static final String EVIL = "<script>alert(1)</script>";
  static final List<String> SECTIONS = List.of(
      "1. General description and intended use", "2. Training data", "3. Method and design",
      "4. Evaluation and performance metrics", "5. Drift at the last check", "6. Lineage",
      "7. Changes through the life cycle: audit trail");

  @TempDir
  Path tmp;

  Path repo;

  @BeforeEach
  void setUp() throws IOException {
    repo = Cli.project(tmp.resolve("repo"));
    Files.createDirectories(repo.resolve("data"));
    String csv;
    try (InputStream in = getClass().getResourceAsStream("/model/points.csv")) {
      csv = new String(in.readAllBytes());
    }
    // A column whose name is markup: a report must show it as text.
    Files.writeString(repo.resolve("data/points.csv"), csv.replaceFirst("^x,", "\"" + EVIL + "\","));
    ok("data", "split", "data/points.csv", "--train", "data/train.csv", "--test", "data/test.csv", "--ratio", "0.75", "--seed", "3", "-q");
    ok("train", "--data", "data/train.csv", "--label", "label", "--algorithm", "cart", "--out", "models/m.model", "-q");
    ok("evaluate", "--model", "models/m.model", "--data", "data/test.csv", "--slice", "region", "--metrics", "metrics/eval.json", "-q");
    ObjectMapper json = new ObjectMapper();
    ObjectNode metrics = (ObjectNode) json.readTree(repo.resolve("metrics/eval.json").toFile());
    metrics.putObject("fairness").put("demographic_parity_difference", 0.125);
    json.writeValue(repo.resolve("metrics/eval.json").toFile(), metrics);
    ok("models", "register", "points", "models/m.model", "--metrics", "metrics/eval.json", "-q");
    ok("models", "promote", "points", "v1", "--to", "production", "-q");
    // A description and tags as 'models register --description/--tag' store them in the version.
    Path reg = repo.resolve(".mlctl/registry/points.yaml");
    Files.writeString(reg, Files.readString(reg).replaceFirst("(?m)^(\\s*)- version: 1\n",
        "$1- version: 1\n$1  description: 'Flags points for review. " + EVIL + "'\n$1  tags: {team: '" + EVIL + "'}\n"));
  }

  private Cli.Result ok(String... args) {
    Cli.Result r = Cli.in(repo, args);
    assertEquals(0, r.code(), r::toString);
    return r;
  }

  @Test
  void reportHtml_hasEverySectionAndEscapesUserData() throws IOException {
    Cli.Result r = ok("models", "report", "points@production", "-o", "out/report.html");
    assertEquals("Wrote the report of points@v1 to out/report.html.\n", r.out());
    String html = Files.readString(repo.resolve("out/report.html"));
    assertTrue(html.startsWith("<!DOCTYPE html>"), html);
    for (String s : SECTIONS) {
      assertTrue(html.contains("<h2>" + s), s);
    }
    assertTrue(html.contains("Intended use: Flags points for review. &lt;script&gt;alert(1)&lt;/script&gt;"), html);
    assertTrue(html.contains("<td>&lt;script&gt;alert(1)&lt;/script&gt;</td><td>numeric</td>"), html);
    assertTrue(html.contains("<td>team</td><td>&lt;script&gt;"), html);
    // Nothing executable, nothing fetched.
    assertFalse(html.contains("<script"), html);
    assertFalse(html.contains("src=") || html.contains("href=") || html.contains("@import"), html);
    assertTrue(html.contains("<td>accuracy</td>"), html);
    assertTrue(html.contains("<td>slice.south.accuracy</td>") || html.contains("<td>slice.min.accuracy</td>"), html);
    assertTrue(html.contains("<td>fairness.demographic_parity_difference</td><td>0.125</td>"), html);
    assertTrue(html.contains("No drift check recorded."), html);
    assertTrue(html.contains("The audit trail verifies"), html);
    assertTrue(html.contains("<td class=\"verified\">verified</td><td>artifact</td>"), html);
    assertTrue(html.contains("<td>cart</td>") || html.contains("Algorithm</td><td>cart"), html);
    assertTrue(html.contains("<td>promote</td>"), html);
  }

  @Test
  void reportMarkdown_toStdoutAndToAnMdFile_escapesUserData() throws IOException {
    Cli.Result r = ok("models", "report", "points", "--md");
    for (String s : SECTIONS) {
      assertTrue(r.out().contains("\n## " + s.replace("1.", "1.").replace("#", "\\#")), s + "\n" + r.out());
    }
    assertTrue(r.out().startsWith("# Technical documentation: points@v1\n"), r.out());
    assertTrue(r.out().contains("&lt;script&gt;alert(1)&lt;/script&gt;"), r.out());
    assertFalse(r.out().contains("<script"), r.out());
    assertTrue(r.out().contains("| Column | Type | Values |\n| --- | --- | --- |\n"), r.out());

    ok("models", "report", "points@v1", "-o", "report.md");
    assertEquals(r.out().replaceAll("Report generated \\| [^|]*\\|", ""),
        Files.readString(repo.resolve("report.md")).replaceAll("Report generated \\| [^|]*\\|", ""));
  }

  @Test
  void report_withDriftReport_showsItsColumns() throws IOException {
    Files.writeString(repo.resolve("drift.json"), "{\"dataset_drift\": true, \"drift_share\": 0.5, \"columns\": ["
        + "{\"name\": \"" + EVIL.replace("/", "\\/") + "\", \"type\": \"numeric\", \"method\": \"ks\", \"statistic\": 0.4, \"p_value\": 0.001,"
        + " \"threshold\": 0.05, \"drifted\": true, \"psi\": 0.3}]}");
    String html = ok("models", "report", "points@v1", "--drift", "drift.json").out();
    assertTrue(html.contains("<td>&lt;script&gt;alert(1)&lt;/script&gt;</td><td>numeric</td><td>ks</td><td>0.4</td><td>0.001</td>"), html);
    assertFalse(html.contains("No drift check recorded."));
    assertTrue(Cli.in(repo, "models", "report", "points@v1", "--drift", "nope.json").errorLine(3).contains("nope.json"));
  }

  @Test
  void report_artifactMissingFromCache_saysSoInTheLineage() throws IOException {
    String sha = Cli.in(repo, "models", "show", "points@v1", "--json").json().get("sha256").asText();
    Files.delete(repo.resolve(".mlctl/cache/sha256/" + sha.substring(0, 2) + "/" + sha.substring(2)));
    String html = ok("models", "report", "points@v1").out();
    assertTrue(html.contains("link(s) of the lineage failed or are missing"), html);
    assertTrue(html.contains("<td class=\"missing\">missing</td><td>artifact</td>"), html);
  }

  @Test
  void report_unknownModel_exits3() {
    assertTrue(Cli.in(repo, "models", "report", "nope@v1").errorLine(3).contains("unknown model 'nope'"));
    assertTrue(Cli.in(repo, "models", "report", "points@v9").errorLine(3).contains("no version v9"));
  }
}
