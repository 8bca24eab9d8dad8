package io.mlctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.mlctl.core.repo.Project;
import io.mlctl.serve.Deployment;
import io.mlctl.serve.ModelSource;
import io.mlctl.serve.ServeConfig;
import io.mlctl.serve.ServerFactory;
import io.mlctl.serve.metrics.ServeMetrics;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;
import software.amazon.awssdk.core.SdkSystemSetting;

/**
 * The {@code Dockerfile} and the Kubernetes manifests under {@code deploy/kubernetes/}: no Docker or
 * cluster runs here, so this reads them and checks what a deployment stands on: the image's entry
 * point is a command line mlctl accepts, it listens on all interfaces on the port the image exposes
 * and the manifests name, the user is not root, the probe paths answer on a real server, and the
 * S3 credentials reach mlctl under the names it reads.
 */
class DeployFilesTest {
  private static Path root;
  private static Map<String, List<String>> docker;
  private static Map<String, Map<String, Object>> manifests;

  @BeforeAll
  static void read() throws IOException {
    root = CompletionsUpToDateTest.repositoryRoot();
    docker = dockerfile(root.resolve("Dockerfile"));
    manifests = new LinkedHashMap<>();
    try (Stream<Path> files = Files.list(root.resolve("deploy/kubernetes"))) {
      for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
        for (Object doc : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(Files.readString(f))) {
          Map<String, Object> m = map(doc);
          // a Kustomization has no name: it is the folder's index, checked on its own below
          String name = m.get("metadata") == null ? "" : "/" + map(m.get("metadata")).get("name");
          manifests.put(m.get("kind") + name, m);
        }
      }
    }
  }

  // ---- the Dockerfile

  /** Instructions by keyword, in order; continuation lines joined, comments dropped. */
  static Map<String, List<String>> dockerfile(Path file) throws IOException {
    Map<String, List<String>> out = new LinkedHashMap<>();
    StringBuilder line = new StringBuilder();
    for (String raw : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      String t = raw.strip();
      if (t.startsWith("#") || (t.isEmpty() && line.length() == 0)) {
        continue;
      }
      if (t.endsWith("\\")) {
        line.append(t, 0, t.length() - 1).append(' ');
        continue;
      }
      line.append(t);
      String whole = line.toString().strip();
      line.setLength(0);
      int sp = whole.indexOf(' ');
      out.computeIfAbsent(whole.substring(0, sp).toUpperCase(java.util.Locale.ROOT), k -> new ArrayList<>())
          .add(whole.substring(sp + 1).strip());
    }
    return out;
  }

  private static String one(String instruction) {
    List<String> all = docker.get(instruction);
    assertNotNull(all, "the Dockerfile has no " + instruction);
    return all.get(all.size() - 1);
  }

  private static List<String> entryPoint() throws IOException {
    List<String> exec = List.of(new ObjectMapper().readValue(one("ENTRYPOINT"), String[].class));
    assertEquals("mlctl", exec.get(0), "the entry point runs mlctl from PATH: " + exec);
    return exec.subList(1, exec.size());
  }

  @Test
  void dockerfile_buildsWithMavenInOneStage_andRunsOnASlimJreInAnother() {
    List<String> from = docker.get("FROM");
    assertEquals(2, from.size(), from::toString);
    assertTrue(from.get(0).startsWith("maven:") && from.get(0).endsWith(" AS build"), from.get(0));
    assertTrue(docker.get("RUN").stream().anyMatch(r -> r.contains("mvn -B") && r.contains("package")), "a Maven build");
    assertTrue(from.get(1).matches("eclipse-temurin:17-jre\\S*"), "a JRE image, no JDK or Maven: " + from.get(1));
    assertTrue(docker.get("COPY").stream().anyMatch(c -> c.startsWith("--from=build ")), "only the build's output is copied");
  }

  @Test
  void dockerfile_runsAsANumericUserThatIsNotRoot() {
    String user = one("USER");
    String uid = user.split(":")[0];
    assertTrue(uid.matches("\\d+"), "numeric, so runAsNonRoot can check it: " + user);
    assertNotEquals("0", uid);
  }

  @Test
  void entryPoint_isServePullOnAllInterfaces_andMlctlAcceptsIt() throws IOException {
    List<String> args = new ArrayList<>(entryPoint());
    args.add("iris@production");

    ParseResult serve = parse(args).subcommand();

    assertEquals("serve", serve.commandSpec().name());
    assertTrue(serve.hasMatchedOption("--pull"));
    assertEquals("0.0.0.0", serve.commandSpec().findOption("--host").getValue());
    assertEquals(String.valueOf(port()), one("EXPOSE"));
    // loopback stays the default everywhere but in the container
    assertEquals(ServeConfig.LOOPBACK, parse(List.of("serve", "iris@production")).subcommand().commandSpec()
        .findOption("--host").getValue());
  }

  @Test
  void healthCheck_asksTheExposedPortForHealth() throws IOException {
    String check = one("HEALTHCHECK");
    assertTrue(check.contains(" CMD curl -fsS http://127.0.0.1:" + port() + "/health "), check);
    assertTrue(docker.get("RUN").stream().anyMatch(r -> r.contains("apt-get install") && r.contains(" curl")),
        "the runtime image installs the curl the check runs");
  }

  private static int port() throws IOException {
    return (Integer) parse(concat(entryPoint(), "m")).subcommand().commandSpec().findOption("--port").getValue();
  }

  // ---- the Kubernetes manifests

  private static Map<String, Object> deployment() {
    Map<String, Object> d = manifests.get("Deployment/mlctl-serve");
    assertNotNull(d, "deploy/kubernetes has Deployment mlctl-serve: " + manifests.keySet());
    return d;
  }

  private static Map<String, Object> podSpec() {
    return map(map(map(deployment().get("spec")).get("template")).get("spec"));
  }

  private static Map<String, Object> container() {
    List<Object> containers = list(podSpec().get("containers"));
    assertEquals(1, containers.size());
    return map(containers.get(0));
  }

  @Test
  void deployment_runsSeveralReplicas_withLimits() {
    assertTrue((Integer) map(deployment().get("spec")).get("replicas") >= 2);
    Map<String, Object> limits = map(map(container().get("resources")).get("limits"));
    assertTrue(limits.containsKey("cpu") && limits.containsKey("memory"), limits::toString);
    assertTrue(map(container().get("resources")).containsKey("requests"));
  }

  @Test
  void deployment_argsAfterTheEntryPoint_areAServeCommandMlctlAccepts_followingMain() throws IOException {
    List<String> args = new ArrayList<>(entryPoint());
    for (Object a : list(container().get("args"))) {
      args.add((String) a);
    }

    ParseResult serve = parse(args).subcommand();

    assertEquals("origin/main", serve.matchedOptionValue("--follow", ""));
    assertEquals(List.of("iris@production"), serve.matchedPositionalValue(0, List.<String>of()));
    assertEquals("/project", container().get("workingDir"));
  }

  @Test
  void deployment_portAndProbes_matchTheImage_andTheServiceTargetsThePort() throws IOException {
    Map<String, Object> port = map(list(container().get("ports")).get(0));
    assertEquals(port(), port.get("containerPort"));
    assertEquals("/v2/health/ready", probe("readinessProbe").get("path"));
    assertEquals("/v2/health/live", probe("livenessProbe").get("path"));
    for (String p : List.of("readinessProbe", "livenessProbe", "startupProbe")) {
      assertEquals(port.get("name"), probe(p).get("port"), p);
    }
    Map<String, Object> service = map(manifests.get("Service/mlctl-serve").get("spec"));
    assertEquals(port.get("name"), map(list(service.get("ports")).get(0)).get("targetPort"));
    Map<String, Object> podLabels = map(map(map(map(deployment().get("spec")).get("template")).get("metadata")).get("labels"));
    map(service.get("selector")).forEach((k, v) -> assertEquals(v, podLabels.get(k), "the Service selects the pods by " + k));
  }

  private static Map<String, Object> probe(String name) {
    return map(map(container().get(name)).get("httpGet"));
  }

  @Test
  void deployment_runsAsTheImagesNonRootUser() {
    Map<String, Object> security = map(podSpec().get("securityContext"));
    assertEquals(Boolean.TRUE, security.get("runAsNonRoot"));
    assertEquals(Integer.parseInt(one("USER").split(":")[0]), security.get("runAsUser"));
    assertEquals(Boolean.FALSE, map(container().get("securityContext")).get("allowPrivilegeEscalation"));
  }

  @Test
  void s3Credentials_comeFromTheSecret_underTheNamesMlctlReads() {
    // S3 remotes take their keys from the AWS SDK's environment provider
    List<String> names = List.of(SdkSystemSetting.AWS_ACCESS_KEY_ID.environmentVariable(),
        SdkSystemSetting.AWS_SECRET_ACCESS_KEY.environmentVariable());
    Map<String, Object> secret = manifests.get("Secret/mlctl-s3");
    assertNotNull(secret, manifests.keySet()::toString);
    Map<String, Object> data = map(secret.get("stringData"));
    for (String name : names) {
      Map<String, Object> env = list(container().get("env")).stream().map(DeployFilesTest::map)
          .filter(e -> name.equals(e.get("name"))).findFirst().orElseThrow(() -> new AssertionError("no env " + name));
      Map<String, Object> ref = map(map(env.get("valueFrom")).get("secretKeyRef"));
      assertEquals("mlctl-s3", ref.get("name"), name);
      assertTrue(data.containsKey((String) ref.get("key")), "the Secret holds " + ref.get("key"));
    }
  }

  @Test
  void kustomization_listsEveryManifest() throws IOException {
    Map<String, Object> k = map(new Yaml(new SafeConstructor(new LoaderOptions()))
        .load(Files.readString(root.resolve("deploy/kubernetes/kustomization.yaml"))));
    List<String> files;
    try (Stream<Path> s = Files.list(root.resolve("deploy/kubernetes"))) {
      files = s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml") && !n.equals("kustomization.yaml"))
          .sorted().toList();
    }
    assertEquals(files, list(k.get("resources")).stream().map(String.class::cast).sorted().toList());
  }

  // ---- the probe paths on a real server

  @TempDir
  Path tmp;

  @Test
  void probeAndHealthCheckPaths_answerOnTheServer_readyOnlyOnceTheModelIsLoaded() throws Exception {
    Path repo = Cli.project(tmp.resolve("repo"));
    try (InputStream in = getClass().getResourceAsStream("/model/points.csv")) {
      Files.createDirectories(repo.resolve("data"));
      Files.write(repo.resolve("data/points.csv"), in.readAllBytes());
    }
    for (String[] args : List.of(new String[] {"train", "--data", "data/points.csv", "--label", "label", "--out", "models/p.model", "-q"},
        new String[] {"models", "register", "points", "models/p.model", "-q"},
        new String[] {"models", "promote", "points", "v1", "--to", "production", "-q"})) {
      assertEquals(0, Cli.in(repo, args).code(), String.join(" ", args));
    }
    String ready = (String) probe("readinessProbe").get("path");
    String live = (String) probe("livenessProbe").get("path");
    Matcher health = Pattern.compile("http://127\\.0\\.0\\.1:\\d+(/\\S+)").matcher(one("HEALTHCHECK"));
    assertTrue(health.find());

    Deployment d = new Deployment(new ModelSource(repo, () -> Project.open(repo), false),
        Deployment.Plan.of("points@production"), ServeMetrics.create(), null, s -> { });
    Javalin app = ServerFactory.create(d, ServeConfig.loopback(0)).start();
    try {
      assertEquals(200, get(app, live), "alive while loading");
      assertEquals(503, get(app, ready), "not ready before the model is loaded");
      assertEquals(503, get(app, health.group(1)));
      d.load();
      assertEquals(200, get(app, live));
      assertEquals(200, get(app, ready));
      assertEquals(200, get(app, health.group(1)));
      assertEquals(404, get(app, "/v2/health/nowhere"), "a path the server lacks is 404, so the 200s above are real");
    } finally {
      app.stop();
      d.close();
    }
  }

  private static int get(Javalin app, String path) throws IOException, InterruptedException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path))
        .timeout(Duration.ofSeconds(30)).build();
    return http.send(req, HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  // ---- helpers

  /** Parses an mlctl command line (no mlctl) as mlctl would, running nothing. */
  static ParseResult parse(List<String> args) {
    return CommandTree.full().setCaseInsensitiveEnumValuesAllowed(true).parseArgs(args.toArray(String[]::new));
  }

  private static List<String> concat(List<String> a, String b) {
    List<String> out = new ArrayList<>(a);
    out.add(b);
    return out;
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object o) {
    assertTrue(o instanceof Map, () -> "want a mapping, got " + o);
    return (Map<String, Object>) o;
  }

  @SuppressWarnings("unchecked")
  static List<Object> list(Object o) {
    assertTrue(o instanceof List, () -> "want a list, got " + o);
    return (List<Object>) o;
  }

  @Test
  void aWrongEntryPointOption_wouldFailTheParse() {
    assertFalse(parses(List.of("serve", "--pul", "iris@production")));
    assertTrue(parses(List.of("serve", "--pull", "iris@production")));
  }

  private static boolean parses(List<String> args) {
    try {
      parse(args);
      return true;
    } catch (CommandLine.ParameterException e) {
      return false;
    }
  }
}
