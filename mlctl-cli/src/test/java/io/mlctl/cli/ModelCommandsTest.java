package io.mlctl.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code data split}, {@code train}, {@code evaluate}, {@code predict} and {@code models}, end to end. */
class ModelCommandsTest {
  @TempDir
  Path tmp;

  Path repo;

  @BeforeEach
  void setUp() throws IOException {
    repo = Cli.project(tmp.resolve("repo"));
    for (String f : List.of("points.csv", "bad-number.csv", "garbage.model")) {
      try (InputStream in = getClass().getResourceAsStream("/model/" + f)) {
        Files.createDirectories(repo.resolve("data"));
        Files.write(repo.resolve("data").resolve(f), in.readAllBytes());
      }
    }
    if (Cli.hasGit()) {
      git("config", "user.name", "Ada Tester");
      git("config", "user.email", "ada@example.com");
    }
  }

  private void git(String... args) throws IOException {
    String[] all = new String[args.length + 3];
    all[0] = "git";
    all[1] = "-C";
    all[2] = repo.toString();
    System.arraycopy(args, 0, all, 3, args.length);
    try {
      Process p = new ProcessBuilder(all).redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      assertEquals(0, p.waitFor());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private Cli.Result ok(String... args) {
    Cli.Result r = Cli.in(repo, args);
    assertEquals(0, r.code(), r::toString);
    return r;
  }

  private void trainAndSplit() {
    ok("data", "split", "data/points.csv", "--train", "data/train.csv", "--test", "data/test.csv", "--ratio", "0.75", "--seed", "3",
        "--stratify", "label", "-q");
    ok("train", "--data", "data/train.csv", "--label", "label", "--algorithm", "cart", "--out", "models/cart.model", "-q");
  }

  /** The output file is -o/--out on every command, train's model included. */
  @Test
  void train_takesTheShortOutputOption() {
    ok("data", "split", "data/points.csv", "--train", "data/train.csv", "--test", "data/test.csv", "--seed", "3", "-q");
    ok("train", "--data", "data/train.csv", "--label", "label", "-o", "models/short.model", "-q");
    assertTrue(java.nio.file.Files.isRegularFile(repo.resolve("models/short.model")));
    assertTrue(java.nio.file.Files.isRegularFile(repo.resolve("models/short.model.card.json")));
  }

  @Test
  void quickPath_splitTrainEvaluateRegisterPromote() throws IOException {
    JsonNode split = Cli.in(repo, "data", "split", "data/points.csv", "--train", "data/train.csv", "--test", "data/test.csv",
        "--ratio", "0.75", "--seed", "3", "--json").json();
    assertEquals("data/train.csv", split.get("train").get("path").asText());
    assertEquals(60, split.get("train").get("rows").asInt());

    JsonNode t = Cli.in(repo, "train", "--data", "data/train.csv", "--label", "label", "--algorithm", "random-forest",
        "--param", "trees=10", "--param", "max_depth=8", "--out", "models/rf.model", "--metrics", "metrics/train.json", "--json").json();
    assertEquals("models/rf.model", t.get("model").asText());
    assertEquals(10, t.get("params").get("trees").asInt());
    JsonNode trainMetrics = new ObjectMapper().readTree(repo.resolve("metrics/train.json").toFile());
    assertTrue(trainMetrics.has("train_seconds"));
    assertEquals(60, trainMetrics.get("rows").asInt());

    JsonNode e = Cli.in(repo, "evaluate", "--model", "models/rf.model", "--data", "data/test.csv", "--metrics", "metrics/eval.json",
        "--slice", "region", "--json").json();
    JsonNode m = e.get("metrics");
    for (String key : List.of("accuracy", "f1_macro", "precision_macro", "recall_macro", "per_class", "confusion_matrix", "rows", "eval_seconds")) {
      assertTrue(m.has(key), key);
    }
    assertTrue(m.get("per_class").get("hi").has("f1"));
    assertEquals(List.of("hi", "lo"), List.of(m.get("confusion_matrix").get("labels").get(0).asText(), m.get("confusion_matrix").get("labels").get(1).asText()));
    assertTrue(m.get("slice").get("min").has("accuracy"));

    JsonNode reg = Cli.in(repo, "models", "register", "points", "models/rf.model", "--metrics", "metrics/eval.json", "--json").json();
    assertEquals("v1", reg.get("version").asText());
    double acc = m.get("accuracy").asDouble();

    Cli.Result gate = Cli.in(repo, "models", "promote", "points", "v1", "--to", "production", "--require", "accuracy>=1.5");
    assertEquals("mlctl: error: points@v1 not promoted to 'production': accuracy is " + (acc == Math.rint(acc) ? String.valueOf((long) acc) : String.valueOf(acc)) + " (needs >= 1.5)", gate.errorLine(1));
    assertEquals("{}", Cli.in(repo, "models", "list", "--json").json().get(0).get("aliases").toString());

    ok("models", "promote", "points", "v1", "--to", "production", "--require", "accuracy>=0.5", "--require", "slice.min.accuracy>=0.5");
    JsonNode list = Cli.in(repo, "models", "list", "--json").json();
    assertEquals("v1", list.get(0).get("aliases").get("production").asText());
    assertTrue(ok("models", "list").out().matches("NAME +VERSIONS +LATEST +ALIASES +ACCURACY +F1_MACRO( +ROC_AUC +LOG_LOSS)?\npoints +1 +v1 +production=v1 +[0-9.]+ +[0-9.]+( +[0-9.]+ +[0-9.]+)?\n"),
        () -> ok("models", "list").out());

    // The alias works wherever a model is named.
    ok("predict", "--model", "points@production", "--input", "data/test.csv", "--output", "out/pred.csv", "--proba");
    List<String> pred = Files.readAllLines(repo.resolve("out/pred.csv"));
    assertEquals("prediction,proba_hi,proba_lo", pred.get(0));
    assertEquals(Files.readAllLines(repo.resolve("data/test.csv")).size(), pred.size());
    JsonNode again = Cli.in(repo, "evaluate", "--model", "points@v1", "--data", "data/test.csv", "--json").json();
    assertEquals(acc, again.get("metrics").get("accuracy").asDouble());

    ok("models", "get", "points@production", "-o", "out/prod.model");
    assertEquals(Files.readString(repo.resolve("models/rf.model.card.json")), Files.readString(repo.resolve("out/prod.model.card.json")));

    JsonNode audit = Cli.in(repo, "models", "audit", "points", "--json").json();
    assertEquals(2, audit.size());
    assertEquals("promote", audit.get(1).get("action").asText());
    if (Cli.hasGit()) {
      assertEquals("Ada Tester <ada@example.com>", audit.get(1).get("actor").asText());
    }
    assertEquals(audit.get(0).get("hash").asText(), audit.get(1).get("prev").asText());
    assertTrue(Cli.in(repo, "models", "audit", "--verify").out().startsWith("The audit trail verifies: 2 entries"));
    // The registry is for Git to commit: nothing under .mlctl/registry is ignored.
    assertFalse(Files.readString(repo.resolve(".mlctl/.gitignore")).contains("registry"));
  }

  @Test
  void rollbackAndShow() {
    trainAndSplit();
    ok("train", "--data", "data/train.csv", "--label", "label", "--out", "models/logistic.model", "-q");
    ok("models", "register", "points", "models/cart.model", "-q");
    ok("models", "register", "points", "models/logistic.model", "-q");
    ok("models", "promote", "points", "v1", "--to", "production", "-q");
    ok("models", "promote", "points", "v2", "--to", "production", "-q");
    assertEquals("Rolled 'production' of points back from v2 to v1.\n", ok("models", "rollback", "points", "--alias", "production").out());
    JsonNode show = Cli.in(repo, "models", "show", "points", "--json").json();
    assertEquals("[\"v1\"]", show.get("alias_history").get("production").toString());
    assertEquals("v1", show.get("aliases").get("production").asText());
    JsonNode v = Cli.in(repo, "models", "show", "points@production", "--json").json();
    assertEquals("v1", v.get("version").asText());
    assertEquals("cart", v.get("card").get("algorithm").asText());
    assertEquals(0, Cli.in(repo, "models", "audit", "--verify", "-q").code());
  }

  @Test
  void auditVerify_exit1_whenAnEntryIsEdited() throws IOException {
    trainAndSplit();
    ok("models", "register", "points", "models/cart.model", "-q");
    ok("models", "promote", "points", "v1", "--to", "staging", "-q");
    ok("models", "promote", "points", "v1", "--to", "production", "-q");
    Path trail = repo.resolve(".mlctl/registry/audit.jsonl");
    List<String> lines = Files.readAllLines(trail);
    lines.set(1, lines.get(1).replace("staging", "qa"));
    Files.write(trail, lines);
    Cli.Result r = Cli.in(repo, "models", "audit", "--verify");
    assertEquals(1, r.code(), r::toString);
    assertTrue(r.err().contains("mlctl: error: .mlctl/registry/audit.jsonl:3: entry 3 does not hold the hash of the entry before it"), r.err());
  }

  @Test
  void promote_refusesToExtendATrailThatDoesNotParse_andChangesNothing() throws IOException {
    trainAndSplit();
    ok("models", "register", "points", "models/cart.model", "-q");
    Path trail = repo.resolve(".mlctl/registry/audit.jsonl");
    Files.writeString(trail, "this is not JSON\n", java.nio.file.StandardOpenOption.APPEND);
    byte[] trailBefore = Files.readAllBytes(trail);
    byte[] modelBefore = Files.readAllBytes(repo.resolve(".mlctl/registry/points.yaml"));

    for (String[] args : List.of(new String[] {"models", "promote", "points", "v1", "--to", "production"},
        new String[] {"models", "register", "points", "models/cart.model", "--force"})) {
      Cli.Result r = Cli.in(repo, args);
      assertEquals(3, r.code(), r::toString);
      assertTrue(r.errorLine(3).startsWith("mlctl: error: .mlctl/registry/audit.jsonl:2: the audit trail is damaged (malformed JSON);"
          + " nothing was changed"), r.err());
    }
    assertArrayEquals(trailBefore, Files.readAllBytes(trail));
    assertArrayEquals(modelBefore, Files.readAllBytes(repo.resolve(".mlctl/registry/points.yaml")));
  }

  @Test
  void promote_refusesToExtendATrailWhoseChainIsBroken() throws IOException {
    trainAndSplit();
    ok("models", "register", "points", "models/cart.model", "-q");
    ok("models", "promote", "points", "v1", "--to", "staging", "-q");
    Path trail = repo.resolve(".mlctl/registry/audit.jsonl");
    List<String> lines = Files.readAllLines(trail);
    Files.write(trail, List.of(lines.get(1)));

    Cli.Result r = Cli.in(repo, "models", "promote", "points", "v1", "--to", "production");

    assertEquals(3, r.code(), r::toString);
    assertTrue(r.errorLine(3).contains("audit.jsonl:1: the audit trail is damaged (entry 2 where entry 1 should be)"), r.err());
    assertEquals(1, Files.readAllLines(trail).size());
  }

  @Test
  void registryFileThatIsNotUtf8_exit3NamingTheFile() throws IOException {
    trainAndSplit();
    ok("models", "register", "points", "models/cart.model", "-q");
    Files.write(repo.resolve(".mlctl/registry/points.yaml"), new byte[] {'n', 'a', 'm', 'e', ':', ' ', (byte) 0xc3, (byte) 0x28, '\n'});

    Cli.Result r = Cli.in(repo, "models", "show", "points");

    assertEquals(3, r.code(), r::toString);
    String line = r.errorLine(3);
    assertTrue(line.contains(".mlctl/registry/points.yaml") && line.contains("not valid UTF-8"), line);
    assertFalse(line.contains("java."), line);
  }

  @Test
  void badInput_exit3_withOneLine() throws IOException {
    trainAndSplit();
    assertEquals("mlctl: error: data/bad-number.csv:5:2: 'abc' is not a number in column 'y' (a numeric column needs a number in every row;"
        + " train with --categorical COLUMN if it holds categories)",
        Cli.in(repo, "train", "--data", "data/bad-number.csv", "--label", "label", "--out", "models/bad.model").errorLine(3));
    assertFalse(Files.exists(repo.resolve("models/bad.model")));
    assertEquals("mlctl: error: data/train.csv:1: the label column 'nope' is missing (the header has x, y, region, label)",
        Cli.in(repo, "train", "--data", "data/train.csv", "--label", "nope", "--out", "models/bad.model").errorLine(3));
    Files.writeString(repo.resolve("data/empty.csv"), "");
    assertEquals("mlctl: error: data/empty.csv:1: the CSV file is empty (it needs a header row and data rows)",
        Cli.in(repo, "train", "--data", "data/empty.csv", "--label", "label", "--out", "models/bad.model").errorLine(3));
    Files.copy(repo.resolve("models/cart.model.card.json"), repo.resolve("data/garbage.model.card.json"));
    assertTrue(Cli.in(repo, "evaluate", "--model", "data/garbage.model", "--data", "data/test.csv").errorLine(3)
        .startsWith("mlctl: error: data/garbage.model: not a Tribuo model ("));
    assertEquals("mlctl: error: unknown model 'nope' (no model is registered yet; use 'mlctl models register')",
        Cli.in(repo, "predict", "--model", "nope@production", "--input", "data/test.csv", "--output", "p.csv").errorLine(3));
    ok("models", "register", "points", "models/cart.model", "-q");
    assertEquals("mlctl: error: model 'points' has no alias 'production' (promote a version with 'mlctl models promote')",
        Cli.in(repo, "evaluate", "--model", "points@production", "--data", "data/test.csv").errorLine(3));
    assertEquals("mlctl: error: unknown model 'other' (registered: points)", Cli.in(repo, "models", "show", "other").errorLine(3));
    assertFalse(Files.exists(repo.resolve("p.csv")));
    // a card that does not match its model
    ok("train", "--data", "data/train.csv", "--label", "label", "--out", "models/logistic.model", "-q");
    Files.copy(repo.resolve("models/logistic.model.card.json"), repo.resolve("models/cart.model.card.json"),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    assertTrue(Cli.in(repo, "evaluate", "--model", "models/cart.model", "--data", "data/test.csv").errorLine(3)
        .startsWith("mlctl: error: models/cart.model: the card does not match its model"));
  }

  @Test
  void badArguments_exit2() {
    trainAndSplit();
    assertEquals("mlctl: error: the algorithm 'cart' takes no parameter 'epochs' (it takes max_depth, bins, min_child_weight, "
        + "min_impurity_decrease, feature_fraction; see 'mlctl train --help')",
        Cli.in(repo, "train", "--data", "data/train.csv", "--label", "label", "--algorithm", "cart", "--param", "epochs=3",
            "--out", "m.model").errorLine(2));
    assertEquals("mlctl: error: the parameter 'c' of 'logistic' must be a number above 0, got '-1' (see 'mlctl train --help')",
        Cli.in(repo, "train", "--data", "data/train.csv", "--label", "label", "--param", "c=-1", "--out", "m.model").errorLine(2));
    assertEquals("mlctl: error: the parameter 'max_iterations' of 'logistic' must be a whole number >= 1, got '0' (see 'mlctl train --help')",
        Cli.in(repo, "train", "--data", "data/train.csv", "--label", "label", "--param", "max_iterations=0", "--out", "m.model").errorLine(2));
    assertEquals("mlctl: error: the parameter 'min_child_weight' of 'cart' must be a number above 0, got '0' (see 'mlctl train --help')",
        Cli.in(repo, "train", "--data", "data/train.csv", "--label", "label", "--algorithm", "cart", "--param", "min_child_weight=0",
            "--out", "m.model").errorLine(2));
    assertEquals("mlctl: error: --param needs NAME=VALUE, got 'depth' (e.g. --param max_depth=5)",
        Cli.in(repo, "train", "--data", "data/train.csv", "--label", "label", "--param", "depth", "--out", "m.model").errorLine(2));
    assertFalse(Files.exists(repo.resolve("m.model")));
    assertFalse(Files.exists(repo.resolve("m.model.card.json")));
    assertEquals("mlctl: error: unknown algorithm 'boosting' (use one of logistic, linear-svm, linear, cart, random-forest)",
        Cli.in(repo, "train", "--data", "data/train.csv", "--label", "label", "--algorithm", "boosting", "--out", "m.model").errorLine(2));
    assertEquals("mlctl: error: cannot read the requirement 'accuracy' (write it as METRIC>=NUMBER, e.g. 'accuracy>=0.9')",
        Cli.in(repo, "models", "promote", "points", "v1", "--to", "production", "--require", "accuracy").errorLine(2));
  }

  @Test
  void trainLogistic_json_givesTheLiblinearParameters_inNameOrder() {
    trainAndSplit();
    JsonNode t = Cli.in(repo, "train", "--data", "data/train.csv", "--label", "label", "--param", "c=0.5", "--param", "tol=0.001",
        "--out", "models/lr.model", "--json").json();
    assertEquals("logistic", t.get("algorithm").asText());
    List<String> names = new java.util.ArrayList<>();
    t.get("params").fieldNames().forEachRemaining(names::add);
    assertEquals(List.of("c", "max_iterations", "standardize", "tol"), names);
    assertEquals(0.5, t.get("params").get("c").asDouble());
    assertEquals(0.001, t.get("params").get("tol").asDouble());
    assertEquals(1000, t.get("params").get("max_iterations").asInt());
    assertFalse(t.get("params").get("standardize").asBoolean());
  }

  @Test
  void trainHelp_listsEveryParameterOfEveryAlgorithm() {
    String help = Cli.run("train", "--help").out();
    for (io.mlctl.core.model.Algorithm a : io.mlctl.core.model.Algorithm.values()) {
      assertTrue(help.contains("  " + a.id() + " ("), a.id());
      for (io.mlctl.core.model.Param p : a.params()) {
        assertTrue(help.contains(p.name() + " [" + p.defaultValue() + "]"), a.id() + " " + p.name());
      }
    }
  }

  @Test
  void trainAndPredict_workOutsideAProject() throws IOException {
    Path plain = tmp.resolve("plain");
    Files.createDirectories(plain);
    Files.copy(repo.resolve("data/points.csv"), plain.resolve("points.csv"));
    assertEquals(0, Cli.in(plain, "train", "--data", "points.csv", "--label", "label", "--algorithm", "cart", "--out", "m.model", "-q").code());
    JsonNode card = new ObjectMapper().readTree(plain.resolve("m.model.card.json").toFile());
    assertTrue(card.get("git_commit").isNull());
    assertEquals("points.csv", card.get("training_data").get("path").asText());
    assertEquals(0, Cli.in(plain, "predict", "--model", "m.model", "--input", "points.csv", "--output", "p.csv", "-q").code());
  }

  @Test
  void card_namesThePointerAndCommit_andPushCarriesRegisteredModels() throws IOException {
    org.junit.jupiter.api.Assumptions.assumeTrue(Cli.hasGit(), "needs git");
    ok("add", "data/points.csv", "-q");
    git("add", "-A");
    git("commit", "-q", "-m", "data");
    ok("train", "--data", "data/points.csv", "--label", "label", "--algorithm", "cart", "--out", "models/m.model", "-q");
    JsonNode card = new ObjectMapper().readTree(repo.resolve("models/m.model.card.json").toFile());
    assertEquals("data/points.csv.mlctl", card.get("training_data").get("pointer").asText());
    assertEquals(40, card.get("git_commit").asText().length());

    JsonNode reg = Cli.in(repo, "models", "register", "points", "models/m.model", "--json").json();
    ok("remote", "add", "origin", tmp.resolve("remote").toString(), "-q");
    ok("push", "-q");
    String sha = reg.get("sha256").asText();
    assertTrue(Files.isRegularFile(tmp.resolve("remote/sha256/" + sha.substring(0, 2) + "/" + sha.substring(2))));
    String card2 = reg.get("card_sha256").asText();
    assertTrue(Files.isRegularFile(tmp.resolve("remote/sha256/" + card2.substring(0, 2) + "/" + card2.substring(2))));
    // gc keeps them; a fresh cache gets them back with pull.
    ok("gc", "-q");
    assertEquals(0, Cli.in(repo, "evaluate", "--model", "points@v1", "--data", "data/points.csv", "-q").code());
  }
}
