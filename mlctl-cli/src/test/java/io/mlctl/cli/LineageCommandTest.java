package io.mlctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mlctl lineage} on a repository built once: a tracked CSV, a split stage and a training
 * stage run by {@code exp run}, the model registered and promoted, and a line of the server's
 * request log naming it. Each test works on its own copy, so each can break one link.
 */
class LineageCommandTest {
  static final String COMMIT_MESSAGE = "pipeline \"quoted\" <b>#1</b> | x";

  @TempDir
  static Path shared;

  static Path built;
  static final Map<String, String> ENV = new HashMap<>();

  @TempDir
  Path tmp;

  Path repo;

  @BeforeAll
  static void build() throws Exception {
    assumeTrue(Cli.hasGit(), "git is not installed");
    built = Cli.project(shared.resolve("repo"));
    git(built, "config", "user.email", "ada@example.com");
    git(built, "config", "user.name", "Ada Tester");
    // Stages call `mlctl`: a launcher for this very build, found through MLCTL_HOME as the real one is.
    Path home = shared.resolve("home");
    Path bin = Files.createDirectories(home.resolve("bin")).resolve("mlctl");
    Files.writeString(bin, "#!/bin/sh\nexec '" + Path.of(System.getProperty("java.home"), "bin", "java")
        + "' -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto -cp '" + System.getProperty("java.class.path")
        + "' io.mlctl.cli.Main \"$@\"\n");
    Files.setPosixFilePermissions(bin, PosixFilePermissions.fromString("rwxr-xr-x"));
    ENV.put("MLCTL_HOME", home.toString());
    ENV.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
    ENV.put("CI", "true");

    Files.createDirectories(built.resolve("data"));
    try (InputStream in = LineageCommandTest.class.getResourceAsStream("/model/points.csv")) {
      Files.write(built.resolve("data/points.csv"), in.readAllBytes());
    }
    ok(built, "add", "data/points.csv", "-q");
    Files.writeString(built.resolve("params.yaml"), "split:\n  seed: 3\n");
    Files.writeString(built.resolve("mlctl.yaml"), """
        stages:
          split:
            cmd: mlctl data split data/points.csv --train data/train.csv --test data/test.csv --ratio 0.75 --seed ${split.seed} -q
            deps: [data/points.csv]
            params: [split.seed]
            outs: [data/train.csv, data/test.csv]
          train:
            cmd: mlctl train --data data/train.csv --label label --algorithm cart --seed 1 --out models/m.model -q
            deps: [data/train.csv]
            outs: [models/m.model]
        """);
    git(built, "add", "-A");
    git(built, "commit", "-q", "-m", COMMIT_MESSAGE);
    ok(built, "exp", "run", "-q");
    ok(built, "models", "register", "points", "models/m.model", "-q");
    ok(built, "models", "promote", "points", "v1", "--to", "production", "-q");
    Files.createDirectories(built.resolve(".mlctl/serve"));
    Files.writeString(built.resolve(".mlctl/serve/requests.1.jsonl"),
        "{\"request_id\":\"req-old\",\"time\":\"2026-12-01T10:00:00Z\",\"model\":\"points\",\"version\":\"v1\",\"role\":\"primary\","
            + "\"inputs\":[{\"x\":1}],\"outputs\":[{\"label\":\"lo\"}],\"latency_ms\":2.5}\n");
    Files.writeString(built.resolve(".mlctl/serve/requests.jsonl"),
        "not json at all\n"
            + "{\"request_id\":\"req-42\",\"time\":\"2026-12-06T10:00:00Z\",\"model\":\"points\",\"version\":\"v1\",\"role\":\"primary\","
            + "\"inputs\":[{\"x\":2.38,\"y\":5.44,\"region\":\"south\"}],\"outputs\":[{\"label\":\"lo\"}],\"latency_ms\":1.25}\n"
            // A line the server was still writing when it stopped: no newline, and never read.
            + "{\"request_id\":\"req-torn\",\"time\":\"2026-12-06T10:00:01Z\",\"model\":\"points\",\"vers");
  }

  @BeforeEach
  void copy() throws IOException {
    repo = tmp.resolve("repo");
    copyTree(built, repo);
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> s = Files.walk(from)) {
      for (Path p : (Iterable<Path>) s::iterator) {
        Path t = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(t);
        } else {
          Files.copy(p, t);
        }
      }
    }
  }

  static void git(Path dir, String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of("git", "-C", dir.toString()));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String said = new String(p.getInputStream().readAllBytes());
    assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "git " + args[0] + " failed: " + said);
  }

  static Cli.Result mlctl(Path dir, String... args) {
    List<String> all = new ArrayList<>(List.of("-C", dir.toString()));
    all.addAll(List.of(args));
    return Cli.run(ENV, all.toArray(String[]::new));
  }

  static Cli.Result ok(Path dir, String... args) {
    Cli.Result r = mlctl(dir, args);
    assertEquals(0, r.code(), r::toString);
    return r;
  }

  private JsonNode lineage(String target) {
    return mlctl(repo, "lineage", target, "--json").json();
  }

  /** Status by node key. */
  private static Map<String, String> statuses(JsonNode doc) {
    Map<String, String> out = new TreeMap<>();
    doc.get("nodes").forEach(n -> out.put(n.get("key").asText(), n.get("status").asText()));
    return out;
  }

  private static JsonNode node(JsonNode doc, String kind) {
    for (JsonNode n : doc.get("nodes")) {
      if (n.get("kind").asText().equals(kind)) {
        return n;
      }
    }
    throw new AssertionError("no " + kind + " node in " + doc.toPrettyString());
  }

  private static String sha(Path repo, String field) throws IOException {
    JsonNode v = Cli.in(repo, "models", "show", "points@v1", "--json").json();
    return v.get(field).asText();
  }

  /** Every kind of link a model trained by a stage has, every one verified. */
  private static final List<String> WHOLE_CHAIN = List.of("model_version", "audit_entry", "artifact", "card", "stage", "data", "commit", "run");

  @Test
  void lineage_ofRegisteredModel_verifiesEveryLink() throws IOException {
    JsonNode doc = lineage("points@production");
    assertEquals("model_version:points@v1", doc.get("root").asText());
    assertTrue(doc.get("ok").asBoolean(), doc::toPrettyString);
    for (String kind : WHOLE_CHAIN) {
      assertEquals("verified", node(doc, kind).get("status").asText(), kind + " in " + doc.toPrettyString());
    }
    assertEquals(List.of("verified"), statuses(doc).values().stream().distinct().toList(), doc::toPrettyString);
    Map<String, String> s = statuses(doc);
    String model = sha(repo, "sha256");
    assertTrue(s.containsKey("artifact:" + model), s::toString);
    assertTrue(s.containsKey("stage:train") && s.containsKey("stage:split"), s::toString);
    assertTrue(s.keySet().stream().anyMatch(k -> k.startsWith("data:data/train.csv@")), s::toString);
    assertTrue(s.keySet().stream().anyMatch(k -> k.startsWith("data:data/points.csv@")), s::toString);
    // Two audit entries: the registration and the promotion, each with who and when.
    List<String> actions = new ArrayList<>();
    doc.get("nodes").forEach(n -> {
      if (n.get("kind").asText().equals("audit_entry")) {
        actions.add(n.get("details").get("action").asText());
        assertTrue(n.get("details").get("actor").asText().startsWith("Ada Tester"), n::toString);
      }
    });
    assertEquals(List.of("register", "promote"), actions);
    JsonNode stage = doc.get("nodes").findParents("kind").stream().filter(n -> n.get("key").asText().equals("stage:train")).findFirst().orElseThrow();
    assertTrue(stage.get("details").get("cmd").asText().startsWith("mlctl train"), stage::toString);
    assertTrue(stage.get("details").get("deps").has("data/train.csv"), stage::toString);
    JsonNode run = node(doc, "run");
    assertEquals("success", run.get("details").get("status").asText());
    assertTrue(run.get("details").get("metrics").isObject());
    JsonNode commit = node(doc, "commit");
    assertEquals(COMMIT_MESSAGE, commit.get("details").get("summary").asText());
    // Edges go from a thing to what it came from.
    boolean trained = false;
    for (JsonNode e : doc.get("edges")) {
      if (e.get("relation").asText().equals("trained_on") && e.get("to").asText().startsWith("data:data/train.csv@")) {
        trained = true;
      }
    }
    assertTrue(trained, doc.get("edges")::toPrettyString);

    Cli.Result verify = mlctl(repo, "lineage", "points@v1", "--verify");
    assertEquals(0, verify.code(), verify::toString);
    assertTrue(verify.out().startsWith("[verified] model version points@v1 (production), registered by Ada Tester"), verify.out());
    assertTrue(verify.out().contains("└── ") && verify.out().contains("stage train: mlctl train"), verify.out());
    assertTrue(verify.out().strip().endsWith("0 failed, 0 missing"), verify.out());
  }

  @Test
  void lineage_ofRequestId_startsAtTheRequestAndWalksToTheData() {
    JsonNode doc = lineage("req-42");
    assertEquals("request:req-42", doc.get("root").asText());
    JsonNode req = node(doc, "request");
    assertEquals("recorded", req.get("status").asText());
    assertEquals("points", req.get("details").get("model").asText());
    assertEquals(1.25, req.get("details").get("latency_ms").asDouble());
    assertEquals("south", req.get("details").get("inputs").get(0).get("region").asText());
    assertTrue(doc.get("ok").asBoolean(), doc::toPrettyString);
    for (String kind : WHOLE_CHAIN) {
      assertEquals("verified", node(doc, kind).get("status").asText(), kind);
    }
    assertEquals("request:req-42", doc.get("edges").get(0).get("from").asText());
    assertEquals("model_version:points@v1", doc.get("edges").get(0).get("to").asText());
    // Rotated files are read too.
    assertEquals("request:req-old", lineage("req-old").get("root").asText());
  }

  /**
   * The whole way an auditor asks it: a prediction the real server answered (trained in a stage,
   * registered, promoted, served) traced by its request id back to the data, every link verified.
   */
  @Test
  void lineage_ofARequestTheServerAnswered_verifiesEveryLinkBackToTheData() throws Exception {
    Files.delete(repo.resolve(".mlctl/serve/requests.jsonl"));
    Files.delete(repo.resolve(".mlctl/serve/requests.1.jsonl"));
    Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
        System.getProperty("java.class.path"), "io.mlctl.cli.Main", "-C", repo.toString(), "serve", "points@production", "--port", "0")
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    try {
      String line = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream(), java.nio.charset.StandardCharsets.UTF_8))
          .readLine();
      java.util.regex.Matcher m = java.util.regex.Pattern.compile("http://127\\.0\\.0\\.1:(\\d+)").matcher(String.valueOf(line));
      assertTrue(m.find(), line);
      java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(
          java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + m.group(1) + "/v1/models/points:predict"))
              .header("Content-Type", "application/json").header("X-Request-Id", "served-7")
              .timeout(java.time.Duration.ofSeconds(30))
              .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"instances\": [{\"x\": 2.38, \"y\": 5.44, \"region\": \"south\"}]}"))
              .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
      assertEquals(200, r.statusCode(), r.body());
      // SIGTERM: the server finishes, flushes its request log and exits 0.
      new ProcessBuilder("kill", "-TERM", Long.toString(p.pid())).start().waitFor();
      assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the server stops on SIGTERM");
    } finally {
      p.destroyForcibly();
    }

    Cli.Result verified = mlctl(repo, "lineage", "served-7", "--verify", "--json");

    assertEquals(0, verified.code(), verified::toString);
    JsonNode doc = verified.json();
    assertEquals("request:served-7", doc.get("root").asText());
    assertEquals("south", node(doc, "request").get("details").get("inputs").get(0).get("region").asText());
    assertEquals("model_version:points@v1", doc.get("edges").get(0).get("to").asText());
    for (String kind : WHOLE_CHAIN) {
      assertEquals("verified", node(doc, kind).get("status").asText(), kind);
    }
  }

  @Test
  void lineage_ofRequestNamingAVersionTheRegistryLacks_failsThatLink() throws IOException {
    Files.writeString(repo.resolve(".mlctl/serve/requests.jsonl"),
        "{\"request_id\":\"req-v9\",\"time\":\"2026-12-06T11:00:00Z\",\"model\":\"points\",\"version\":\"v9\"}\n");
    assertOnlyBroken("req-v9", "model_version:points@v9", "failed", "the request names points@v9, which the registry does not hold");
  }

  @Test
  void lineage_unknownRequestId_exits3NamingIt() {
    assertTrue(mlctl(repo, "lineage", "req-nope").errorLine(3).contains("unknown request id 'req-nope'"));
    // A torn last line is not a request the log holds.
    assertTrue(mlctl(repo, "lineage", "req-torn").errorLine(3).contains("'req-torn'"));
  }

  @Test
  void lineage_unknownModel_exits3() {
    assertTrue(mlctl(repo, "lineage", "nomodel@v1").errorLine(3).contains("unknown model 'nomodel'"));
    assertTrue(mlctl(repo, "lineage", "points@v7").errorLine(3).contains("no version v7"));
  }

  private void assertOnlyBroken(String target, String wantKeyPrefix, String wantStatus, String reasonPart) {
    JsonNode doc = lineage(target);
    assertFalse(doc.get("ok").asBoolean());
    List<String> broken = new ArrayList<>();
    doc.get("nodes").forEach(n -> {
      String st = n.get("status").asText();
      if (st.equals("failed") || st.equals("missing")) {
        broken.add(n.get("key").asText());
        assertEquals(wantStatus, st, n::toString);
        assertTrue(n.get("reason").asText().contains(reasonPart), n::toString);
      }
    });
    assertEquals(1, broken.size(), () -> "want only " + wantKeyPrefix + " broken: " + broken);
    assertTrue(broken.get(0).startsWith(wantKeyPrefix), broken::toString);
    Cli.Result v = mlctl(repo, "lineage", target, "--verify");
    assertEquals(1, v.code(), v::toString);
    assertTrue(v.err().startsWith("mlctl: error: lineage of " + target + ": "), v.err());
    assertTrue(v.out().contains("[" + wantStatus + "]"), v.out());
  }

  @Test
  void lineage_artifactRemovedFromCache_isMissing() throws IOException {
    String model = sha(repo, "sha256");
    Path obj = repo.resolve(".mlctl/cache/sha256/" + model.substring(0, 2) + "/" + model.substring(2));
    Files.delete(obj);
    assertOnlyBroken("points@v1", "artifact:" + model, "missing", "not in the cache");
    // Through a request, too.
    assertEquals(1, mlctl(repo, "lineage", "req-42", "--verify").code());
  }

  @Test
  void lineage_cachedArtifactDamaged_fails() throws IOException {
    String model = sha(repo, "sha256");
    Path obj = repo.resolve(".mlctl/cache/sha256/" + model.substring(0, 2) + "/" + model.substring(2));
    obj.toFile().setWritable(true);
    Files.write(obj, new byte[] {1, 2, 3}, java.nio.file.StandardOpenOption.APPEND);
    assertOnlyBroken("points@v1", "artifact:" + model, "failed", "no longer hashes");
  }

  @Test
  void lineage_pointerHashChanged_failsTheDataLink() throws IOException {
    Path ptr = repo.resolve("data/points.csv.mlctl");
    String text = Files.readString(ptr);
    String hash = text.replaceAll("(?s).*sha256: ([0-9a-f]{64}).*", "$1");
    Files.writeString(ptr, text.replace(hash, "b".repeat(64)));
    assertOnlyBroken("points@v1", "data:data/points.csv@", "failed", "the pointer data/points.csv.mlctl records bbbbbbbbbbbb");
  }

  @Test
  void lineage_commitNotInRepository_failsTheCommitLink() throws Exception {
    JsonNode doc = lineage("points@v1");
    String commit = node(doc, "commit").get("id").asText();
    Path loose = repo.resolve(".git/objects/" + commit.substring(0, 2) + "/" + commit.substring(2));
    assumeTrue(Files.exists(loose), "the commit is packed");
    Files.delete(loose);
    assertOnlyBroken("points@v1", "commit:" + commit, "failed", "is not in the Git repository");
  }

  @Test
  void lineage_auditEntryEdited_failsThatEntryOnly() throws IOException {
    Path trail = repo.resolve(".mlctl/registry/audit.jsonl");
    List<String> lines = new ArrayList<>(Files.readAllLines(trail));
    lines.set(0, lines.get(0).replace("Ada Tester", "Eve Forger"));
    Files.writeString(trail, String.join("\n", lines) + "\n");
    assertOnlyBroken("points@v1", "audit_entry:1", "failed", "audit.jsonl:1");
    // The promotion, the last entry, edited: the registry file's audit head no longer names it.
    copyBack();
    lines = new ArrayList<>(Files.readAllLines(trail));
    lines.set(1, lines.get(1).replace("\"production\"", "\"prod\""));
    Files.writeString(trail, String.join("\n", lines) + "\n");
    assertOnlyBroken("points@v1", "audit_entry:2", "failed", "names another entry as its last");
  }

  private void copyBack() throws IOException {
    Files.copy(built.resolve(".mlctl/registry/audit.jsonl"), repo.resolve(".mlctl/registry/audit.jsonl"),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
  }

  @Test
  void lineage_lockEntryChanged_failsTheStageLink() throws IOException {
    String model = sha(repo, "sha256");
    Path lock = repo.resolve("mlctl.lock");
    Files.writeString(lock, Files.readString(lock).replace(model, "a".repeat(64)));
    assertOnlyBroken("points@v1", "stage:train", "failed", "mlctl.lock records aaaaaaaaaaaa for models/m.model");
  }

  @Test
  void lineage_ofModelFileAndOfStageOutput() {
    JsonNode file = lineage("models/m.model");
    assertEquals("model_file:models/m.model", file.get("root").asText());
    assertTrue(file.get("ok").asBoolean(), file::toPrettyString);
    assertEquals("points@v1", node(file, "model_file").get("details").get("registered_as").get(0).asText());
    assertEquals("verified", node(file, "stage").get("status").asText());

    JsonNode out = lineage("data/test.csv");
    assertTrue(out.get("root").asText().startsWith("data:data/test.csv@"), out::toPrettyString);
    assertTrue(out.get("ok").asBoolean(), out::toPrettyString);
    assertTrue(statuses(out).containsKey("stage:split"));

    JsonNode ptr = lineage("data/points.csv.mlctl");
    assertTrue(ptr.get("root").asText().startsWith("data:data/points.csv@"), ptr::toPrettyString);
    assertEquals("data/points.csv.mlctl", node(ptr, "data").get("details").get("pointer").asText());

    assertTrue(mlctl(repo, "lineage", "params.yaml").errorLine(3).contains("params.yaml is not tracked"));
  }

  @Test
  void lineage_dotAndMermaid_escapeLabels() {
    Cli.Result dot = ok(repo, "lineage", "points@v1", "--dot");
    assertTrue(dot.out().startsWith("digraph lineage {"), dot.out());
    assertTrue(dot.out().contains("pipeline \\\"quoted\\\" <b>#1</b> | x"), dot.out());
    assertFalse(dot.out().contains("\"quoted\""), dot.out());
    assertTrue(dot.out().contains("\"model_version:points@v1\" -> \"artifact:"), dot.out());

    Cli.Result mm = ok(repo, "lineage", "points@v1", "--mermaid");
    assertTrue(mm.out().startsWith("graph LR\n"), mm.out());
    assertTrue(mm.out().contains("pipeline #quot;quoted#quot; #lt;b#gt;#35;1#lt;/b#gt; #124; x"), mm.out());
    for (String line : mm.out().split("\n")) {
      // Inside a label, only the quotes that open and close it.
      if (line.contains("[\"")) {
        String label = line.substring(line.indexOf("[\"") + 2, line.lastIndexOf("\"]"));
        assertFalse(label.contains("\"") || label.contains("<b>"), line);
      }
    }
    assertEquals(2, mlctl(repo, "lineage", "points@v1", "--dot", "--mermaid").code());
  }
}
