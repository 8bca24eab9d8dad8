package io.mlctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example projects under {@code examples/}, each run as its README tells a user: copied into a
 * new Git repository, {@code mlctl init}, {@code mlctl repro}, then the metric the README promises
 * (the floors here are the ones the READMEs state). The monitoring example's {@code run.sh} runs
 * whole, as a user's shell would run it, and the registry it leaves behind is checked.
 *
 * <p>Stages and the script call {@code mlctl}: a launcher for this very build, found through
 * {@code MLCTL_HOME} and {@code PATH} as the installed one is.
 */
class ExampleProjectsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** What {@code gen/GenerateRents.java --rows 1000 --seed 1 --noise 60} writes. */
  private static final String RENTS_SHA256 = "d2555623175627aaaf5159a79b069ac5e4d10dd8dce50bdb0c351f5eb15590c6";

  @TempDir
  static Path home;

  @TempDir
  Path tmp;

  private static Map<String, String> env;

  @BeforeAll
  static void launcher() throws IOException {
    Path bin = Files.createDirectories(home.resolve("bin")).resolve("mlctl");
    Files.writeString(bin, "#!/bin/sh\nexec '" + Path.of(System.getProperty("java.home"), "bin", "java")
        + "' -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto -cp '" + System.getProperty("java.class.path")
        + "' io.mlctl.cli.Main \"$@\"\n");
    Files.setPosixFilePermissions(bin, PosixFilePermissions.fromString("rwxr-xr-x"));
    env = Map.of(
        "MLCTL_HOME", home.toString(),
        "PATH", home.resolve("bin") + ":" + System.getenv().getOrDefault("PATH", "/usr/bin:/bin"),
        "CI", "true",
        "NO_COLOR", "1");
  }

  @Test
  void breastCancer_repro_classifiesHeldOutRowsAboveFloor() throws IOException {
    Path repo = fromExample("breast-cancer");
    ok(repo, "repro");
    JsonNode eval = json(repo.resolve("metrics/eval.json"));
    assertEquals(113, eval.get("rows").asInt());
    double accuracy = eval.get("accuracy").asDouble();
    assertTrue(accuracy >= 0.94, "accuracy " + accuracy + " below the README's floor of 0.94");
    assertUpToDate(repo);
  }

  @Test
  void rents_repro_generatesDataAndFitsAboveFloor() throws IOException {
    Path repo = fromExample("rents");
    ok(repo, "repro");
    // The README's numbers hold for these bytes: java.util.Random's sequence and Locale.ROOT
    // formatting are the same on every JDK, so a change here is a change of the generator.
    assertEquals(RENTS_SHA256, sha256(repo.resolve("data/rents.csv")), "data/rents.csv");
    JsonNode eval = json(repo.resolve("metrics/eval.json"));
    assertEquals(200, eval.get("rows").asInt());
    double r2 = eval.get("r2").asDouble();
    assertTrue(r2 >= 0.9, "r2 " + r2 + " below the README's floor of 0.9");
    assertUpToDate(repo);
  }

  @Test
  void monitoring_repro_showsTheShiftAndTheRetrainedModel() throws IOException {
    Path repo = fromExample("monitoring");
    ok(repo, "repro");
    assertPipelineResults(repo);
    assertUpToDate(repo);
  }

  /**
   * {@code run.sh}: train, register, promote behind a gate, serve, shifted traffic, drift,
   * retrain, promote again, roll back. It checks its own steps as it goes (a missed drift or a
   * server that never moves exits non-zero); this checks what it leaves in the registry, and the
   * pipeline's metrics the README promises.
   */
  @Test
  void monitoring_runScript_tellsTheWholeStory() throws Exception {
    assumeTrue(Cli.hasGit(), "git is not installed");
    Path example = CompletionsUpToDateTest.repositoryRoot().resolve("examples/monitoring");
    Path work = tmp.resolve("pumps");
    Path log = tmp.resolve("run.log");
    ProcessBuilder pb = new ProcessBuilder("bash", example.resolve("run.sh").toString(), work.toString())
        .redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().putAll(env);
    Process p = pb.start();
    try {
      assertTrue(p.waitFor(5, TimeUnit.MINUTES), "run.sh did not finish");
    } finally {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
    }
    String said = Files.readString(log, StandardCharsets.UTF_8);
    assertEquals(0, p.exitValue(), "run.sh failed:\n" + said);
    assertTrue(said.contains("(exit 1, as expected)"), "mlctl drift --fail-on-drift did not report drift:\n" + said);

    assertPipelineResults(work);
    assertTrue(json(work.resolve("served/drift.json")).get("dataset_drift").asBoolean(), "the server saw no drift");

    // the registry: two versions, production rolled back to v1, the trail intact
    assertEquals("v1", ok(work, "--json", "models", "show", "pumps@production").json().get("version").asText());
    JsonNode pumps = ok(work, "--json", "models", "list").json().get(0);
    assertEquals("v2", pumps.get("latest").asText(), pumps::toString);
    assertEquals("v1", pumps.get("aliases").get("production").asText(), pumps::toString);
    ok(work, "models", "audit", "--verify");
    assertTrue(said.contains("Rolled 'production' of pumps back from v2 to v1."), said);
  }

  @Test
  void monitoring_runScript_refusesAFolderThatIsNotEmpty() throws Exception {
    Path example = CompletionsUpToDateTest.repositoryRoot().resolve("examples/monitoring");
    Path work = Files.createDirectories(tmp.resolve("taken"));
    Files.writeString(work.resolve("notes.txt"), "mine\n");
    ProcessBuilder pb = new ProcessBuilder("bash", example.resolve("run.sh").toString(), work.toString())
        .redirectErrorStream(true);
    pb.environment().putAll(env);
    Process p = pb.start();
    String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(1, TimeUnit.MINUTES), "run.sh did not finish");
    assertEquals(2, p.exitValue(), said);
    assertEquals("run.sh: " + work + " is not empty; name a new or empty folder\n", said);
    try (Stream<Path> left = Files.list(work)) {
      assertEquals(List.of(work.resolve("notes.txt")), left.toList(), "run.sh touched the folder");
    }
  }

  /** The README's promises: the week-1 model fails on week 2, the retrained one does not. */
  private static void assertPipelineResults(Path repo) throws IOException {
    assertAccuracy(repo, "metrics/model1-week1.json", 0.95, 1.0);
    assertAccuracy(repo, "metrics/model1-week2.json", 0.0, 0.75);
    assertAccuracy(repo, "metrics/model2-week2.json", 0.95, 1.0);
    JsonNode drift = json(repo.resolve("metrics/drift.json"));
    assertTrue(drift.get("dataset_drift").asBoolean(), drift::toString);
  }

  private static void assertAccuracy(Path repo, String file, double low, double high) throws IOException {
    double a = json(repo.resolve(file)).get("accuracy").asDouble();
    assertTrue(a >= low && a <= high, file + ": accuracy " + a + " is not between " + low + " and " + high);
  }

  /** A second {@code repro} runs nothing. */
  private static void assertUpToDate(Path repo) {
    for (JsonNode s : ok(repo, "--json", "repro").json().get("stages")) {
      assertEquals("skipped_up_to_date", s.get("outcome").asText(), s::toString);
    }
  }

  /** The example's files in a new Git repository with an mlctl project, as its README says. */
  private Path fromExample(String name) throws IOException {
    assumeTrue(Cli.hasGit(), "git is not installed");
    Path from = CompletionsUpToDateTest.repositoryRoot().resolve("examples").resolve(name);
    for (String required : List.of("README.md", "mlctl.yaml", "params.yaml")) {
      assertTrue(Files.isRegularFile(from.resolve(required)), name + " has no " + required);
    }
    Path repo = tmp.resolve(name);
    try (Stream<Path> files = Files.walk(from)) {
      for (Path f : files.toList()) {
        Path to = repo.resolve(from.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(to);
        } else {
          Files.copy(f, to);
        }
      }
    }
    Cli.gitInit(repo);
    ok(repo, "init");
    return repo;
  }

  private static Cli.Result ok(Path repo, String... args) {
    List<String> all = new ArrayList<>(List.of("-C", repo.toString()));
    all.addAll(List.of(args));
    Cli.Result r = Cli.run(env, all.toArray(String[]::new));
    assertEquals(0, r.code(), () -> "mlctl " + String.join(" ", args) + ":\n" + r);
    return r;
  }

  private static String sha256(Path file) throws IOException {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  private static JsonNode json(Path file) throws IOException {
    return JSON.readTree(file.toFile());
  }
}
