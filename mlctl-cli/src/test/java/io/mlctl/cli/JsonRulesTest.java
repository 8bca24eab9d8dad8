package io.mlctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rules every {@code --json} output keeps (docs/json.md), checked across the commands rather
 * than command by command: one small project with tracked data, a pipeline, a run, a remote and a
 * model in the registry, every command run with {@code --json}, every document walked.
 */
class JsonRulesTest {
  /** Keys whose string values come from a fixed set: they must be snake_case. */
  private static final Set<String> ENUMERATED = Set.of("state", "status", "kind", "type", "action", "outcome", "result",
      "task", "metrics", "link", "method", "change", "verdict", "reason_kind");
  /** Keys that hold a model version. */
  private static final Set<String> VERSION_KEYS = Set.of("version", "previous", "latest", "from", "to");
  /** Keys that hold a point in time. */
  private static final Pattern TIME_KEY = Pattern.compile("time|started|ended|modified|created|.*_at");
  private static final Pattern SNAKE = Pattern.compile("[a-z0-9]+(_[a-z0-9]+)*");
  private static final Pattern VERSION = Pattern.compile("v[0-9]+");

  @TempDir
  Path tmp;

  Path repo;
  final Map<String, String> env = new HashMap<>();

  @Test
  void everyCommandsJson_keepsTheRules() throws Exception {
    assumeTrue(Cli.hasGit(), "git is not installed");
    buildProject();
    List<String> broken = new ArrayList<>();
    Map<String, JsonNode> docs = new LinkedHashMap<>();
    for (List<String> argv : commandLines()) {
      String name = String.join(" ", argv);
      Cli.Result r = mlctl(argv);
      if (r.code() > 1) {
        broken.add(name + ": exit " + r.code() + ": " + r.err().strip());
        continue;
      }
      JsonNode doc;
      try {
        doc = Cli.Result.parse(r.out());
      } catch (AssertionError e) {
        broken.add(name + ": stdout is not one JSON document: " + r.out());
        continue;
      }
      docs.put(name, doc);
      if (!doc.isObject() && !doc.isArray()) {
        broken.add(name + ": the document is " + doc.getNodeType() + ", not an object or an array");
      }
      walk(name, "", null, doc, broken);
    }
    assertTrue(broken.isEmpty(), () -> "JSON rules broken:\n" + String.join("\n", broken));

    // The status shows each state, not_in_cache included, so the snake_case rule saw them.
    assertEquals("not_in_cache", docs.get("status --json").get("changed").findValuesAsText("state").stream()
        .filter(s -> s.startsWith("not")).findFirst().orElse("none"));
    // A failed gate is data as well as a sentence.
    JsonNode failure = docs.get("models promote points v1 --to staging --require accuracy>=1.5 --json").get("failures").get(0);
    assertEquals("accuracy", failure.get("metric").asText());
    assertEquals(1.5, failure.get("bound").asDouble());
    assertTrue(failure.get("value").isNumber(), failure.toString());
    assertEquals(">=", failure.get("op").asText());
    assertTrue(failure.get("message").asText().startsWith("accuracy is "), failure.toString());
    // Versions are "vN" in the registry's views and the audit trail.
    JsonNode show = docs.get("models show points --json");
    assertEquals("v2", show.get("aliases").get("production").asText());
    assertEquals("[\"v1\",\"v2\"]", show.get("alias_history").get("production").toString());
    JsonNode audit = docs.get("models audit --json");
    assertEquals("v1", audit.get(0).get("details").get("version").asText());
    assertEquals("v1", audit.get(3).get("details").get("previous").asText());
    JsonNode version = docs.get("--version --json");
    assertTrue(version.get("version").asText().matches("[0-9].*"), version.toString());
  }

  /** Checks one value against the rules, and everything inside it; {@code key} is the field that holds it. */
  private void walk(String command, String where, String key, JsonNode node, List<String> broken) {
    String at = command + " " + (where.isEmpty() ? "/" : where);
    if (node.isObject()) {
      Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> f = fields.next();
        walk(command, where + "/" + f.getKey(), f.getKey(), f.getValue(), broken);
      }
      if ("aliases".equals(key)) {
        node.forEach(v -> {
          if (!VERSION.matcher(v.asText()).matches() || !v.isTextual()) {
            broken.add(at + ": an alias names " + v + ", not \"vN\"");
          }
        });
      }
      return;
    }
    if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        walk(command, where + "/" + i, key, node.get(i), broken);
      }
      return;
    }
    if (key == null) {
      return;
    }
    if (VERSION_KEYS.contains(key) && node.isIntegralNumber()) {
      broken.add(at + ": the version " + node + " is a number, not \"v" + node + "\"");
    }
    if (key.equals("alias_history") && !(node.isTextual() && VERSION.matcher(node.asText()).matches())) {
      broken.add(at + ": an alias held " + node + ", not \"vN\"");
    }
    if (ENUMERATED.contains(key) && node.isTextual() && !SNAKE.matcher(node.asText()).matches()) {
      broken.add(at + ": the value '" + node.asText() + "' is not snake_case");
    }
    if (node.isTextual() && node.asText().startsWith(repo.toString()) && !key.equals("root")) {
      broken.add(at + ": the path '" + node.asText() + "' is absolute, not relative to the project");
    }
    if ((TIME_KEY.matcher(key).matches() || key.equals("timestamp")) && !node.isNull() && !isIsoTime(node)) {
      broken.add(at + ": the time " + node + " is not ISO 8601");
    }
  }

  private static boolean isIsoTime(JsonNode node) {
    if (!node.isTextual()) {
      return false;
    }
    try {
      DateTimeFormatter.ISO_DATE_TIME.parse(node.asText());
      return true;
    } catch (DateTimeParseException e) {
      return false;
    }
  }

  /** Every command that prints an answer, each with --json, run in this order on the project. */
  private List<List<String>> commandLines() {
    List<List<String>> all = new ArrayList<>();
    for (String line : List.of(
        "status", "ls", "diff", "fsck", "gc --dry-run", "checkout", "push data/raw.csv data/points.csv", "fetch data/points.csv", "pull data/points.csv",
        "config list", "config set core.autostage false", "remote list", "remote default store",
        "dag", "stage list", "repro", "metrics show", "metrics diff", "params show", "params diff",
        "exp show", "log metric loss 0.25", "plots show -o reports/plots.html",
        "data split data/points.csv --train data/tr.csv --test data/te.csv --seed 1",
        "train --data data/train.csv --label label -o models/other.model",
        "evaluate --model points@production --data data/test.csv",
        "predict --model points@v2 --input data/test.csv -o out/pred.csv",
        "models list", "models show points", "models show points@v1", "models audit", "models audit --verify",
        "models get points@production -o out/got.model", "models promote points v1 --to staging --require accuracy>=1.5",
        "models rollback points --alias production", "models report points@v1 -o reports/card.html", "models diff points@v1 points",
        "models register points models/other.model",
        "drift --reference data/train.csv --current data/test.csv", "schema infer data/points.csv -o schema.yaml",
        "validate data/points.csv --schema schema.yaml", "lineage points@v1", "explain --model points@v1 --input data/test.csv --rows 1",
        "doctor", "fsmonitor status", "unprotect data/raw.csv")) {
      List<String> argv = new ArrayList<>(List.of(line.split(" ")));
      argv.add("--json");
      all.add(argv);
    }
    all.add(List.of("--version", "--json"));
    // Not walked: serve runs until stopped (ServeCommandTest checks its JSON), completion prints a
    // script, import-dvc needs a DVC project (ImportDvcCommandTest), init is run by the set-up.
    return all;
  }

  private void buildProject() throws IOException, InterruptedException {
    repo = Cli.project(tmp.resolve("repo"));
    git("config", "user.email", "ada@example.com");
    git("config", "user.name", "Ada Tester");
    Path home = tmp.resolve("home");
    Path bin = Files.createDirectories(home.resolve("bin")).resolve("mlctl");
    Files.writeString(bin, "#!/bin/sh\nexec '" + Path.of(System.getProperty("java.home"), "bin", "java")
        + "' -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto -cp '" + System.getProperty("java.class.path")
        + "' io.mlctl.cli.Main \"$@\"\n");
    Files.setPosixFilePermissions(bin, PosixFilePermissions.fromString("rwxr-xr-x"));
    env.put("MLCTL_HOME", home.toString());
    env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
    env.put("CI", "true");
    try (InputStream in = getClass().getResourceAsStream("/model/points.csv")) {
      write("data/points.csv", new String(in.readAllBytes()));
    }
    write("data/raw.csv", "a,b\n1,2\n3,4\n");
    write("params.yaml", "train:\n  seed: 3\n");
    write("mlctl.yaml", """
        stages:
          prepare:
            cmd: mlctl data split data/points.csv --train data/train.csv --test data/test.csv --seed ${train.seed} -q
            deps: [data/points.csv]
            params: [train.seed]
            outs: [data/train.csv, data/test.csv]
          train:
            cmd: mlctl train --data data/train.csv --label label --algorithm logistic -o models/points.model --metrics metrics/train.json -q && mlctl log metric loss 0.5
            deps: [data/train.csv]
            outs: [models/points.model]
            metrics: [{metrics/train.json: {cache: false}}]
        """);
    ok("add", "data/raw.csv", "data/points.csv");
    ok("remote", "add", "store", tmp.resolve("remote").toString());
    ok("exp", "run");
    ok("evaluate", "--model", "models/points.model", "--data", "data/test.csv", "--metrics", "metrics/eval.json");
    ok("models", "register", "points", "models/points.model", "--metrics", "metrics/eval.json");
    ok("train", "--data", "data/train.csv", "--label", "label", "--algorithm", "cart", "-o", "models/cart.model");
    ok("models", "register", "points", "models/cart.model");
    ok("models", "promote", "points", "v1", "--to", "production");
    ok("models", "promote", "points", "v2", "--to", "production");
    git("add", "-A");
    git("commit", "-q", "-m", "project");
    write("params.yaml", "train:\n  seed: 4\n");
    write("data/raw.csv", "a,b\n1,2\n3,5\n");
    // A tracked file whose object has gone from the cache.
    write("data/extra.csv", "c\n1\n");
    String sha = ok("add", "data/extra.csv", "--json").json().get("added").get(0).get("sha256").asText();
    Files.delete(repo.resolve(".mlctl/cache/sha256/" + sha.substring(0, 2) + "/" + sha.substring(2)));
    // 'log' appends to a run, as a stage inside 'exp run' does.
    env.put("MLCTL_RUN_ID", ok("exp", "show", "--json").json().get(0).get("id").asText());
  }

  private Cli.Result mlctl(List<String> args) {
    List<String> all = new ArrayList<>(List.of("-C", repo.toString()));
    all.addAll(args);
    return Cli.run(env, all.toArray(String[]::new));
  }

  private Cli.Result ok(String... args) {
    Cli.Result r = mlctl(List.of(args));
    assertEquals(0, r.code(), r::toString);
    return r;
  }

  private void git(String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of("git", "-C", repo.toString()));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String said = new String(p.getInputStream().readAllBytes());
    assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "git " + args[0] + " failed: " + said);
  }

  private void write(String rel, String text) throws IOException {
    Files.createDirectories(repo.resolve(rel).getParent());
    Files.writeString(repo.resolve(rel), text);
  }
}
