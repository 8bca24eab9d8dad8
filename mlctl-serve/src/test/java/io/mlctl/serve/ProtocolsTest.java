package io.mlctl.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The three wire protocols answer the same prediction, in each payload form they accept. */
class ProtocolsTest {
  @TempDir
  static Path tmp;

  static TestProject project;
  static Running server;

  private static final String ROW = "{\"x\": 2.38, \"y\": 5.44, \"region\": \"south\"}";
  private static final String ROW2 = "{\"x\": 9.16, \"y\": 4.74, \"region\": \"north\"}";

  @BeforeAll
  static void start() {
    project = TestProject.create(tmp.resolve("p"));
    server = Running.start(project, ServeConfig.loopback(0), "points@production", "models/linear.model", "models/xy.model");
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static Client c() {
    return server.client;
  }

  private static String v1Label(String row) {
    JsonNode j = Client.json(c().postJson("/v1/models/points:predict", "{\"instances\": [" + row + "]}"));
    return j.at("/predictions/0/label").asText();
  }

  @Test
  void v1Predict_answersLabelAndEveryClassScore_withModelAndVersion() {
    HttpResponse<String> r = c().postJson("/v1/models/points:predict", "{\"instances\": [" + ROW + ", " + ROW2 + "]}");
    assertEquals(200, r.statusCode(), r.body());
    JsonNode j = Client.json(r);
    assertEquals("points", j.get("model").asText());
    assertEquals("v1", j.get("version").asText());
    assertEquals(2, j.get("predictions").size());
    assertEquals("lo", j.at("/predictions/0/label").asText());
    assertEquals("hi", j.at("/predictions/1/label").asText());
    JsonNode scores = j.at("/predictions/0/scores");
    assertTrue(scores.has("lo") && scores.has("hi"), scores.toString());
    assertEquals("v1", r.headers().firstValue("X-Model-Version").orElseThrow());
  }

  @Test
  void v1Explain_answersSeededExplanationsOfThePrimaryVersion() {
    String body = "{\"instances\": [" + ROW + ", " + ROW2 + "]}";
    HttpResponse<String> r = c().postJson("/v1/models/points:explain?top=2", body);
    assertEquals(200, r.statusCode(), r.body());
    JsonNode j = Client.json(r);
    assertEquals("points", j.get("model").asText());
    assertEquals("v1", j.get("version").asText());
    assertEquals(2, j.get("explanations").size());
    assertEquals(v1Label(ROW), j.at("/explanations/0/label").asText());
    assertEquals(v1Label(ROW2), j.at("/explanations/1/label").asText());
    JsonNode features = j.at("/explanations/0/features");
    assertEquals(2, features.size(), r.body());
    assertTrue(features.get(0).get("feature").isTextual() && features.get(0).get("weight").isNumber(), r.body());
    assertTrue(Math.abs(features.get(0).get("weight").asDouble()) >= Math.abs(features.get(1).get("weight").asDouble()),
        "largest weight first: " + features);
    // Seeded: the same instances explain the same way; another seed may differ but still answers.
    assertEquals(j, Client.json(c().postJson("/v1/models/points:explain?top=2", body)));
    assertEquals(200, c().postJson("/v1/models/points:explain?seed=7", body).statusCode());
  }

  @Test
  void v1Explain_badInput_isTheContractsJsonError() {
    HttpResponse<String> regression = c().postJson("/v1/models/linear:explain", "{\"instances\": [{\"x1\": 2, \"x2\": 5, \"kind\": \"p\"}]}");
    assertEquals(501, regression.statusCode(), regression.body());
    assertEquals("not_implemented", Client.json(regression).at("/error/code").asText());

    HttpResponse<String> missing = c().postJson("/v1/models/points:explain", "{\"instances\": [{\"x\": 1, \"region\": \"south\"}]}");
    assertEquals(400, missing.statusCode(), missing.body());
    assertTrue(missing.body().contains("'y'") && missing.body().contains("instance 0"), missing.body());

    StringBuilder many = new StringBuilder("{\"instances\": [");
    for (int i = 0; i <= V1Controller.MAX_EXPLAINED; i++) {
      many.append(i == 0 ? "" : ",").append(ROW);
    }
    HttpResponse<String> tooMany = c().postJson("/v1/models/points:explain", many.append("]}").toString());
    assertEquals(400, tooMany.statusCode(), tooMany.body());
    assertTrue(tooMany.body().contains("at most 100 instances"), tooMany.body());

    HttpResponse<String> badTop = c().postJson("/v1/models/points:explain?top=lots", "{\"instances\": [" + ROW + "]}");
    assertEquals(400, badTop.statusCode(), badTop.body());
    assertTrue(badTop.body().contains("?top="), badTop.body());

    assertEquals(404, c().postJson("/v1/models/nope:explain", "{\"instances\": [" + ROW + "]}").statusCode());
  }

  @Test
  void v1Predict_regression_answersValues() {
    HttpResponse<String> r = c().postJson("/v1/models/linear:predict", "{\"instances\": [{\"x1\": 2, \"x2\": 5, \"kind\": \"p\"}]}");
    assertEquals(200, r.statusCode(), r.body());
    JsonNode p = Client.json(r).at("/predictions/0");
    assertTrue(p.get("value").isNumber(), r.body());
    assertEquals(-6.0, p.get("value").asDouble(), 1.5);
    assertEquals(12, Client.json(r).get("version").asText().length(), "a model file's version is its hash's first 12 digits");
  }

  @Test
  void mlflow_everyJsonForm_givesTheSameLabels() {
    String want = "[\"" + v1Label(ROW) + "\",\"" + v1Label(ROW2) + "\"]";
    String[] bodies = {
        "{\"dataframe_split\": {\"columns\": [\"x\", \"y\", \"region\"], \"data\": [[2.38, 5.44, \"south\"], [9.16, 4.74, \"north\"]]}}",
        "{\"dataframe_records\": [" + ROW + ", " + ROW2 + "]}",
        "{\"instances\": [" + ROW + ", " + ROW2 + "]}",
        "{\"inputs\": [[2.38, 5.44, \"south\"], [9.16, 4.74, \"north\"]]}",
        "{\"inputs\": {\"x\": [2.38, 9.16], \"y\": [5.44, 4.74], \"region\": [\"south\", \"north\"]}}",
    };
    for (String b : bodies) {
      HttpResponse<String> r = c().postJson("/invocations", b);
      assertEquals(200, r.statusCode(), b + " -> " + r.body());
      assertEquals(want, Client.json(r).get("predictions").toString(), b);
    }
  }

  @Test
  void mlflow_csvWithHeader_isScored() {
    HttpResponse<String> r = c().post("/invocations", "text/csv", "region,x,y\nsouth,2.38,5.44\nnorth,9.16,4.74\n");
    assertEquals(200, r.statusCode(), r.body());
    assertEquals("[\"" + v1Label(ROW) + "\",\"" + v1Label(ROW2) + "\"]", Client.json(r).get("predictions").toString());
  }

  @Test
  void mlflow_twoForms_isBadRequestNamingThem() {
    HttpResponse<String> r = c().postJson("/invocations", "{\"instances\": [" + ROW + "], \"inputs\": [" + ROW + "]}");
    assertEquals(400, r.statusCode());
    assertTrue(Client.json(r).at("/error/message").asText().contains("exactly one"), r.body());
  }

  @Test
  void v2Infer_oneTensorPerFeature_answersLabelAndScores() {
    String body = "{\"id\": \"abc\", \"inputs\": ["
        + "{\"name\": \"x\", \"datatype\": \"FP64\", \"shape\": [2], \"data\": [2.38, 9.16]},"
        + "{\"name\": \"y\", \"datatype\": \"FP64\", \"shape\": [2, 1], \"data\": [[5.44], [4.74]]},"
        + "{\"name\": \"region\", \"datatype\": \"BYTES\", \"shape\": [2], \"data\": [\"south\", \"north\"]}]}";
    HttpResponse<String> r = c().postJson("/v2/models/points/infer", body);
    assertEquals(200, r.statusCode(), r.body());
    JsonNode j = Client.json(r);
    assertEquals("points", j.get("model_name").asText());
    assertEquals("v1", j.get("model_version").asText());
    assertEquals("abc", j.get("id").asText());
    assertEquals("label", j.at("/outputs/0/name").asText());
    assertEquals("BYTES", j.at("/outputs/0/datatype").asText());
    assertEquals("[\"" + v1Label(ROW) + "\",\"" + v1Label(ROW2) + "\"]", j.at("/outputs/0/data").toString());
    assertEquals("scores", j.at("/outputs/1/name").asText());
    assertEquals("FP64", j.at("/outputs/1/datatype").asText());
    assertEquals("[2,2]", j.at("/outputs/1/shape").toString());
    assertEquals(4, j.at("/outputs/1/data").size());
  }

  @Test
  void v2Infer_oneMatrixInCardOrder_answersAsPerFeatureTensorsDo() {
    String matrix = "{\"inputs\": [{\"name\": \"input-0\", \"datatype\": \"FP64\", \"shape\": [2, 2], \"data\": [[2.38, 5.44], [9.16, 4.74]]}]}";
    String perFeature = "{\"inputs\": [{\"name\": \"x\", \"datatype\": \"FP64\", \"shape\": [2], \"data\": [2.38, 9.16]},"
        + "{\"name\": \"y\", \"datatype\": \"FP64\", \"shape\": [2], \"data\": [5.44, 4.74]}]}";
    HttpResponse<String> m = c().postJson("/v2/models/xy/infer", matrix);
    HttpResponse<String> f = c().postJson("/v2/models/xy/infer", perFeature);
    assertEquals(200, m.statusCode(), m.body());
    assertEquals(Client.json(f).get("outputs"), Client.json(m).get("outputs"));
  }

  @Test
  void v2Infer_aCategoricalFeatureInANumericTensor_isRefusedNamingIt() {
    String body = "{\"inputs\": [{\"name\": \"input-0\", \"datatype\": \"FP64\", \"shape\": [2, 3], \"data\": [-3, -1, 0, 2, 5, 0]}]}";
    HttpResponse<String> r = c().postJson("/v2/models/linear/infer", body);
    assertEquals(400, r.statusCode(), r.body());
    assertTrue(Client.json(r).get("error").asText().contains("instance 0: feature 'kind'"), r.body());
  }

  @Test
  void v2Infer_regression_answersOutput0() {
    String body = "{\"inputs\": [{\"name\": \"x1\", \"datatype\": \"FP64\", \"shape\": [1], \"data\": [2]},"
        + "{\"name\": \"x2\", \"datatype\": \"INT64\", \"shape\": [1], \"data\": [5]},"
        + "{\"name\": \"kind\", \"datatype\": \"BYTES\", \"shape\": [1], \"data\": [\"p\"]}]}";
    HttpResponse<String> r = c().postJson("/v2/models/linear/infer", body);
    assertEquals(200, r.statusCode(), r.body());
    assertEquals("output-0", Client.json(r).at("/outputs/0/name").asText());
    assertEquals("[1]", Client.json(r).at("/outputs/0/shape").toString());
  }

  @Test
  void v2Metadata_listsInputsByFeatureAndTheOutputs() {
    JsonNode j = Client.json(c().get("/v2/models/points"));
    assertEquals("[\"v1\"]", j.get("versions").toString());
    assertEquals("x", j.at("/inputs/0/name").asText());
    assertEquals("FP64", j.at("/inputs/0/datatype").asText());
    assertEquals("BYTES", j.at("/inputs/2/datatype").asText());
    assertEquals("scores", j.at("/outputs/1/name").asText());
    assertEquals("{\"name\":\"points\",\"ready\":true}", c().get("/v2/models/points/ready").body());
    assertEquals("{\"live\":true}", c().get("/v2/health/live").body());
    assertEquals("{\"ready\":true}", c().get("/v2/health/ready").body());
    assertEquals("mlctl", Client.json(c().get("/v2")).get("name").asText());
  }

  @Test
  void v1Models_listsEveryServedModel_andOneModelHasItsCard() {
    JsonNode list = Client.json(c().get("/v1/models"));
    assertEquals("points", list.at("/models/0/name").asText());
    assertEquals("points@production", list.at("/models/0/ref").asText());
    assertEquals("v1", list.at("/models/0/version").asText());
    assertEquals("linear", list.at("/models/1/name").asText());
    JsonNode one = Client.json(c().get("/v1/models/points"));
    assertEquals("logistic", one.at("/card/algorithm").asText());
    assertEquals("x", one.at("/card/features/0/name").asText());
  }
}
