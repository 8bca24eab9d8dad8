package io.mlctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mlctl serve} end to end: a real process, a promoted model, a prediction, SIGTERM, exit 0. */
class ServeCommandTest {
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
    ok("train", "--data", "data/points.csv", "--label", "label", "--algorithm", "logistic", "--out", "models/points.model", "-q");
    ok("models", "register", "points", "models/points.model", "-q");
    ok("models", "promote", "points", "v1", "--to", "production", "-q");
  }

  private Cli.Result ok(String... args) {
    Cli.Result r = Cli.in(repo, args);
    assertEquals(0, r.code(), r::toString);
    return r;
  }

  @Test
  void serve_answersPredictions_logsThem_andStopsWithExit0OnSigterm() throws Exception {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process p = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"), "io.mlctl.cli.Main",
        "-C", repo.toString(), "serve", "points@production", "--port", "0").redirectErrorStream(false).start();
    try {
      StringBuffer err = new StringBuffer();
      Thread drain = new Thread(() -> {
        try {
          err.append(new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
          err.append(e);
        }
      });
      drain.start();
      BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
      String line = out.readLine();
      assertTrue(line != null && line.startsWith("Serving points@v1 (points@production) at http://127.0.0.1:"), () -> line + "\n" + err);
      Matcher m = Pattern.compile("http://127\\.0\\.0\\.1:(\\d+)").matcher(line);
      assertTrue(m.find());
      String base = "http://127.0.0.1:" + m.group(1);
      HttpClient http = HttpClient.newHttpClient();
      HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(base + "/health")).timeout(Duration.ofSeconds(10)).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(200, health.statusCode());
      HttpResponse<String> pred = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/models/points:predict"))
          .header("Content-Type", "application/json").header("X-Request-Id", "e2e-1").timeout(Duration.ofSeconds(10))
          .POST(HttpRequest.BodyPublishers.ofString("{\"instances\": [{\"x\": 2.38, \"y\": 5.44, \"region\": \"south\"}]}")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(200, pred.statusCode(), pred.body());
      assertTrue(pred.body().contains("\"version\":\"v1\""), pred.body());
      // the instance is compared with the training data the card names
      HttpResponse<String> drift = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/models/points/drift"))
          .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(200, drift.statusCode(), drift.body());
      assertTrue(drift.body().contains("\"dataset_drift\":") && drift.body().contains("points@v1 training data (data/points.csv)"),
          drift.body());

      // SIGTERM through kill(1): Process.destroy would also close the pipes this test reads
      new ProcessBuilder("kill", "-TERM", Long.toString(p.pid())).start().waitFor();
      assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the server stops on SIGTERM");
      drain.join(10_000);
      assertEquals(0, p.exitValue(), err::toString);
      assertTrue(err.toString().contains("stopped"), err::toString);
      String log = Files.readString(repo.resolve(".mlctl/serve/requests.jsonl"));
      assertTrue(log.contains("\"request_id\":\"e2e-1\""), log);
    } finally {
      p.destroyForcibly();
    }
  }

  /** The token is a secret: it is never printed, never logged, never written under the project. */
  @Test
  void serve_withAToken_neverPrintsOrWritesIt_norAWrongOne() throws Exception {
    String secret = "s3cr3t-" + Long.toHexString(System.nanoTime());
    String wrong = "wr0ng-" + Long.toHexString(System.nanoTime());
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    ProcessBuilder pb = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"), "io.mlctl.cli.Main",
        "-C", repo.toString(), "-v", "serve", "points@production", "--port", "0", "--token-env", "MLCTL_TEST_TOKEN");
    pb.environment().put("MLCTL_TEST_TOKEN", secret);
    Process p = pb.start();
    try {
      StringBuffer err = new StringBuffer();
      Thread drain = new Thread(() -> {
        try {
          err.append(new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
          err.append(e);
        }
      });
      drain.start();
      BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
      String first = out.readLine();
      Matcher m = Pattern.compile("http://127\\.0\\.0\\.1:(\\d+)").matcher(String.valueOf(first));
      assertTrue(m.find(), () -> first + "\n" + err);
      String base = "http://127.0.0.1:" + m.group(1);
      HttpClient http = HttpClient.newHttpClient();
      String body = "{\"instances\": [{\"x\": 2.38, \"y\": 5.44, \"region\": \"south\"}]}";
      for (String[] c : new String[][] {{secret, "200"}, {wrong, "401"}}) {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/models/points:predict"))
            .header("Content-Type", "application/json").header("Authorization", "Bearer " + c[0])
            .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
            HttpResponse.BodyHandlers.ofString());
        assertEquals(Integer.parseInt(c[1]), r.statusCode(), r.body());
        assertTrue(!r.body().contains(c[0]), r.body());
      }
      new ProcessBuilder("kill", "-TERM", Long.toString(p.pid())).start().waitFor();
      assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the server stops on SIGTERM");
      String rest = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      drain.join(10_000);
      String printed = first + "\n" + rest + "\n" + err;
      for (String s : List.of(secret, wrong)) {
        assertTrue(!printed.contains(s), printed);
        try (var files = Files.walk(repo)) {
          for (Path f : files.filter(Files::isRegularFile).filter(f -> !f.toString().contains("/.git/")).toList()) {
            assertTrue(!Files.readString(f, StandardCharsets.ISO_8859_1).contains(s), f + " holds the token");
          }
        }
      }
      assertTrue(Files.exists(repo.resolve(".mlctl/serve/requests.jsonl")), "the request was logged, without the token");
    } finally {
      p.destroyForcibly();
    }
  }

  /** A bare NAME serves the latest version, as NAME@latest, like every command that takes a model. */
  @Test
  void serve_ofABareName_servesTheLatestVersion() throws Exception {
    ok("train", "--data", "data/points.csv", "--label", "label", "--algorithm", "cart", "--out", "models/cart.model", "-q");
    ok("models", "register", "points", "models/cart.model", "-q");
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process p = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"), "io.mlctl.cli.Main",
        "-C", repo.toString(), "serve", "points", "--port", "0").redirectError(ProcessBuilder.Redirect.DISCARD).start();
    try {
      String line = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)).readLine();
      assertTrue(line != null && line.startsWith("Serving points@v2 (points@latest) at http://127.0.0.1:"), String.valueOf(line));
    } finally {
      p.destroyForcibly();
      p.waitFor(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void serve_anUnknownModel_isExit3AndNoServerIsLeft() {
    Cli.Result r = Cli.in(repo, "serve", "nope@production", "--port", "0");
    assertEquals(3, r.code(), r::toString);
    assertTrue(r.err().startsWith("mlctl: error: unknown model 'nope'"), r::toString);
  }

  @Test
  void serve_aMissingSchemaOrReference_isExit3BeforeServing() throws IOException {
    Files.writeString(repo.resolve("bad.yaml"), "columns: {x: {maximum: 3}}\n");
    for (List<String> args : List.of(List.of("serve", "points@production", "--port", "0", "--schema", "nope.yaml"),
        List.of("serve", "points@production", "--port", "0", "--schema", "bad.yaml"),
        List.of("serve", "points@production", "--port", "0", "--reference", "nope.csv"),
        List.of("serve", "points@production", "--port", "0", "--follow", "upstream/main"))) {
      Cli.Result r = Cli.in(repo, args.toArray(new String[0]));
      assertEquals(3, r.code(), args + " " + r);
      assertTrue(r.err().startsWith("mlctl: error: ") && r.err().contains(args.get(args.size() - 1)), r::toString);
    }
  }

  @Test
  void serve_badOptions_areUsageErrors() {
    for (List<String> args : List.of(List.of("serve"), List.of("serve", "points@production", "--canary", "points@v1"),
        List.of("serve", "points@production", "--canary", "points@v1=150"), List.of("serve", "points@production", "--max-body", "lots"),
        List.of("serve", "points@production", "--token-env", "MLCTL_TEST_UNSET_TOKEN"),
        List.of("serve", "points@production", "--poll", "soon"), List.of("serve", "points@production", "--drift-window", "0"),
        List.of("serve", "points@production", "--follow", "main"))) {
      Cli.Result r = Cli.in(repo, args.toArray(new String[0]));
      assertEquals(2, r.code(), args + " " + r);
      assertTrue(r.err().startsWith("mlctl: error: "), r::toString);
    }
  }
}
