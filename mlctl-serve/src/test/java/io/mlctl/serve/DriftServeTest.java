package io.mlctl.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The drift of served traffic ({@code GET /v1/models/NAME/drift}, the gauge, the warning) and {@code --schema}. */
class DriftServeTest {
  @TempDir
  static Path tmp;

  static TestProject project;
  static List<String[]> training;

  /** A refresh far longer than a test: reports are computed when the endpoint asks. */
  private static final DriftSettings ON_DEMAND = new DriftSettings(1000, null, Duration.ofMinutes(10));

  @BeforeAll
  static void setUp() throws IOException {
    project = TestProject.create(tmp.resolve("p"));
    training = new ArrayList<>();
    List<String> lines = Files.readAllLines(project.root.resolve("data/points.csv"));
    for (String l : lines.subList(1, lines.size())) {
      if (!l.isBlank()) {
        training.add(l.split(","));
      }
    }
  }

  /** The training rows as one request, each x and y moved by {@code shift}. */
  private static String instances(double shift) {
    StringBuilder b = new StringBuilder("{\"instances\": [");
    for (int i = 0; i < training.size(); i++) {
      String[] r = training.get(i);
      b.append(i == 0 ? "" : ",").append(String.format(Locale.ROOT, "{\"x\": %s, \"y\": %s, \"region\": \"%s\"}",
          Double.parseDouble(r[0]) + shift, Double.parseDouble(r[1]) + shift, r[2]));
    }
    return b.append("]}").toString();
  }

  private static void predict(Running r, String body) {
    HttpResponse<String> resp = r.client.postJson("/v1/models/points:predict", body);
    assertEquals(200, resp.statusCode(), resp.body());
  }

  private static JsonNode drift(Running r) {
    HttpResponse<String> resp = r.client.get("/v1/models/points/drift");
    assertEquals(200, resp.statusCode(), resp.body());
    assertTrue(resp.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
    return Client.json(resp);
  }

  private static long warnings(Running r) {
    synchronized (r.notices) {
      return r.notices.stream().filter(n -> n.contains("warning") && n.contains("drift")).count();
    }
  }

  private static JsonNode column(JsonNode report, String name) {
    for (JsonNode c : report.get("columns")) {
      if (c.get("name").asText().equals(name)) {
        return c;
      }
    }
    throw new AssertionError("no column " + name + " in " + report);
  }

  private static double gauge(String metrics, String feature) {
    Matcher m = Pattern.compile("mlctl_drift_score\\{feature=\"" + feature + "\",model=\"points\"} (\\S+)").matcher(metrics);
    assertTrue(m.find(), metrics);
    return Double.parseDouble(m.group(1));
  }

  /** The training rows as one request, x and y moved by {@code shift} in the south only. */
  private static String southShifted(double shift) {
    StringBuilder b = new StringBuilder("{\"instances\": [");
    for (int i = 0; i < training.size(); i++) {
      String[] r = training.get(i);
      double d = r[2].equals("south") ? shift : 0;
      b.append(i == 0 ? "" : ",").append(String.format(Locale.ROOT, "{\"x\": %s, \"y\": %s, \"region\": \"%s\"}",
          Double.parseDouble(r[0]) + d, Double.parseDouble(r[1]) + d, r[2]));
    }
    return b.append("]}").toString();
  }

  @Test
  void slice_reportsPredictedLabelRatesPerGroup_andFlagsOnlyTheGroupWhoseAnswersMoved() {
    try (Running r = Running.start(project.source(false), Deployment.Plan.of("points@production"), ServeConfig.loopback(0), null,
        d -> d.monitorDrift(ON_DEMAND))) {
      predict(r, southShifted(50));

      HttpResponse<String> resp = r.client.get("/v1/models/points/drift?slice=region");

      assertEquals(200, resp.statusCode(), resp.body());
      JsonNode s = Client.json(resp).get("slices");
      assertEquals("region", s.get("column").asText());
      assertEquals("points@v1", s.get("model").asText());
      assertEquals("north", s.at("/groups/0/value").asText());
      assertEquals(0.0, s.at("/groups/0/rate_change").asDouble(), 1e-12, "the north's rows are the training rows");
      assertFalse(s.at("/groups/0/drifted").asBoolean());
      assertEquals("south", s.at("/groups/1/value").asText());
      assertTrue(s.at("/groups/1/drifted").asBoolean(), s.toString());
      assertEquals(1.0, s.at("/groups/1/current_rates/hi").asDouble(), 1e-12, "moved far up and right, every south point is hi");
      assertTrue(r.client.get("/v1/models/points/drift?slice=region&format=html").body().contains("Predicted labels by region"));

      HttpResponse<String> unknown = r.client.get("/v1/models/points/drift?slice=nope");
      assertEquals(400, unknown.statusCode(), unknown.body());
      assertTrue(unknown.body().contains("not a feature"), unknown.body());
    }
  }

  @Test
  void unshiftedTraffic_doesNotDrift_thenShiftedTrafficDoes_withTheGaugeAndOneWarning() {
    try (Running r = Running.start(project.source(false), Deployment.Plan.of("points@production"), ServeConfig.loopback(0), null,
        d -> d.monitorDrift(ON_DEMAND))) {
      // the training data itself, sent back: the same distribution
      predict(r, instances(0));
      JsonNode same = drift(r);
      assertFalse(same.get("dataset_drift").asBoolean(), same.toString());
      assertEquals(80, same.get("current_rows").asInt());
      assertEquals(3, same.get("columns").size());
      assertFalse(column(same, "x").get("drifted").asBoolean());
      assertEquals("ks", column(same, "x").get("method").asText());
      assertTrue(same.get("reference").asText().contains("points@v1 training data (data/points.csv)"), same.toString());
      assertEquals(0, warnings(r), r.notices.toString());
      assertTrue(gauge(r.client.get("/metrics").body(), "x") < 1);

      // x and y moved far: two of the three columns drift, and so does the data set
      predict(r, instances(50));
      predict(r, instances(50));
      JsonNode shifted = drift(r);
      assertTrue(shifted.get("dataset_drift").asBoolean(), shifted.toString());
      assertEquals(240, shifted.get("current_rows").asInt());
      assertTrue(column(shifted, "x").get("drifted").asBoolean());
      assertTrue(column(shifted, "y").get("drifted").asBoolean());
      assertFalse(column(shifted, "region").get("drifted").asBoolean());
      assertEquals(1, warnings(r), r.notices.toString());
      String metrics = r.client.get("/metrics").body();
      assertTrue(gauge(metrics, "x") >= 1, metrics);
      assertTrue(gauge(metrics, "y") >= 1, metrics);

      // 80 more instances, under a tenth of the window: the last report is still good enough
      predict(r, instances(50));
      assertEquals(240, drift(r).get("current_rows").asInt());
      // 160 since the last report: computed again, still drifting, and no second warning
      predict(r, instances(50));
      JsonNode again = drift(r);
      assertEquals(400, again.get("current_rows").asInt());
      assertTrue(again.get("dataset_drift").asBoolean());
      assertEquals(1, warnings(r), r.notices.toString());
    }
  }

  @Test
  void theBackgroundThread_setsTheGaugeAndWarns_withoutAnyoneAsking() throws InterruptedException {
    try (Running r = Running.start(project.source(false), Deployment.Plan.of("points@production"), ServeConfig.loopback(0), null,
        d -> d.monitorDrift(new DriftSettings(1000, null, Duration.ofMillis(100))))) {
      predict(r, instances(50));
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (warnings(r) == 0) {
        assertTrue(System.nanoTime() < deadline, "no warning after 20 s: " + r.notices);
        Thread.sleep(50);
      }
      assertTrue(gauge(r.client.get("/metrics").body(), "x") >= 1);
      // nothing new arrives: no new computation, no second warning
      Thread.sleep(500);
      assertEquals(1, warnings(r), r.notices.toString());
    }
  }

  @Test
  void html_isTheDriftPage() {
    try (Running r = Running.start(project.source(false), Deployment.Plan.of("points@production"), ServeConfig.loopback(0), null,
        d -> d.monitorDrift(ON_DEMAND))) {
      predict(r, instances(50));
      HttpResponse<String> resp = r.client.get("/v1/models/points/drift?format=html");
      assertEquals(200, resp.statusCode(), resp.body());
      assertTrue(resp.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
      assertTrue(resp.body().contains("Drift detected in 2 of 3 columns"), resp.body());
      assertTrue(resp.body().contains("<svg"), resp.body());
      assertEquals(400, r.client.get("/v1/models/points/drift?format=pdf").statusCode());
    }
  }

  @Test
  void windowKeepsTheLastInstancesOnly() {
    try (Running r = Running.start(project.source(false), Deployment.Plan.of("points@production"), ServeConfig.loopback(0), null,
        d -> d.monitorDrift(new DriftSettings(80, null, Duration.ofMinutes(10))))) {
      predict(r, instances(50));
      assertTrue(drift(r).get("dataset_drift").asBoolean());
      // the shifted instances leave the window as new ones arrive
      predict(r, instances(0));
      JsonNode back = drift(r);
      assertEquals(80, back.get("current_rows").asInt());
      assertFalse(back.get("dataset_drift").asBoolean(), back.toString());
      assertTrue(r.notices.stream().anyMatch(n -> n.contains("no longer drifts")), r.notices.toString());
    }
  }

  @Test
  void noTrafficYet_is409_andUnknownModel404() {
    try (Running r = Running.start(project.source(false), Deployment.Plan.of("points@production"), ServeConfig.loopback(0), null,
        d -> d.monitorDrift(ON_DEMAND))) {
      HttpResponse<String> resp = r.client.get("/v1/models/points/drift");
      assertEquals(409, resp.statusCode(), resp.body());
      assertEquals("no_data", Client.json(resp).get("error").get("code").asText());
      // the first instances make a report at once, however few
      predict(r, "{\"instances\": [{\"x\": 1, \"y\": 2, \"region\": \"north\"}]}");
      HttpResponse<String> one = r.client.get("/v1/models/points/drift");
      assertEquals(200, one.statusCode(), one.body());
      assertEquals(1, Client.json(one).get("current_rows").asInt());
      assertEquals(404, r.client.get("/v1/models/nope/drift").statusCode());
    }
  }

  @Test
  void modelFileWithoutReference_is409SayingWhy_andPredictionsGoOn() {
    String file = project.root.resolve("models/xy.model").toString();
    try (Running r = Running.start(project.source(false), Deployment.Plan.of(file), ServeConfig.loopback(0), null,
        d -> d.monitorDrift(ON_DEMAND))) {
      HttpResponse<String> ok = r.client.postJson("/v1/models/xy:predict", "{\"instances\": [{\"x\": 1, \"y\": 2}]}");
      assertEquals(200, ok.statusCode(), ok.body());
      HttpResponse<String> resp = r.client.get("/v1/models/xy/drift");
      assertEquals(409, resp.statusCode(), resp.body());
      JsonNode err = Client.json(resp).get("error");
      assertEquals("no_reference", err.get("code").asText());
      assertTrue(err.get("message").asText().contains("--reference"), err.toString());
      assertEquals(200, r.client.postJson("/v1/models/xy:predict", "{\"instances\": [{\"x\": 1, \"y\": 2}]}").statusCode());
    }
  }

  @Test
  void referenceCsv_isComparedInsteadOfTrainingData() {
    String file = project.root.resolve("models/xy.model").toString();
    Path reference = project.root.resolve("data/points.csv");
    try (Running r = Running.start(project.source(false), Deployment.Plan.of(file), ServeConfig.loopback(0), null,
        d -> d.monitorDrift(new DriftSettings(1000, reference, Duration.ofMinutes(10))))) {
      HttpResponse<String> ok = r.client.postJson("/v1/models/xy:predict", instances(50));
      assertEquals(200, ok.statusCode(), ok.body());
      HttpResponse<String> resp = r.client.get("/v1/models/xy/drift");
      assertEquals(200, resp.statusCode(), resp.body());
      JsonNode report = Client.json(resp);
      assertTrue(report.get("dataset_drift").asBoolean(), report.toString());
      assertEquals(reference.toString(), report.get("reference").asText());
      assertEquals(2, report.get("columns").size());
    }
  }

  @Test
  void withoutDriftMonitoring_theEndpointSaysSo() {
    try (Running r = Running.start(project, ServeConfig.loopback(0), "points@production")) {
      HttpResponse<String> resp = r.client.get("/v1/models/points/drift");
      assertEquals(409, resp.statusCode(), resp.body());
    }
  }

  @Test
  void schema_refusesAViolatingInstanceWith400NamingInstanceFeatureAndRule() {
    io.mlctl.core.validate.Schema schema = io.mlctl.core.validate.SchemaFile.parse(
        "columns: {x: {min: 0, max: 10}, region: {allowed: [north, south, east, west]}, label: {allowed: [lo, hi]}}", "schema.yaml");
    try (Running r = Running.start(project.source(false), Deployment.Plan.of("points@production"), ServeConfig.loopback(0), null,
        d -> d.requireSchema(schema))) {
      // the label rule does not apply to requests, which never carry the label
      predict(r, "{\"instances\": [{\"x\": 1, \"y\": 2, \"region\": \"north\"}]}");
      HttpResponse<String> big = r.client.postJson("/v1/models/points:predict",
          "{\"instances\": [{\"x\": 1, \"y\": 2, \"region\": \"north\"}, {\"x\": 12.5, \"y\": 2, \"region\": \"north\"}]}");
      assertEquals(400, big.statusCode(), big.body());
      JsonNode err = Client.json(big).get("error");
      assertEquals("schema_violation", err.get("code").asText());
      String m = err.get("message").asText();
      assertTrue(m.startsWith("instance 1: feature 'x'"), m);
      assertTrue(m.contains("'max'") && m.contains("12.5"), m);
      HttpResponse<String> region = r.client.postJson("/v1/models/points:predict",
          "{\"instances\": [{\"x\": 1, \"y\": 2, \"region\": \"mars\"}]}");
      assertEquals(400, region.statusCode(), region.body());
      String rm = Client.json(region).get("error").get("message").asText();
      assertTrue(rm.startsWith("instance 0: feature 'region'") && rm.contains("'allowed'") && rm.contains("mars"), rm);
      // the other protocols go through the same check
      HttpResponse<String> mlflow = r.client.postJson("/invocations",
          "{\"dataframe_split\": {\"columns\": [\"x\", \"y\", \"region\"], \"data\": [[11, 2, \"north\"]]}}");
      assertEquals(400, mlflow.statusCode(), mlflow.body());
      assertTrue(mlflow.body().contains("'max'"), mlflow.body());
    }
  }
}
