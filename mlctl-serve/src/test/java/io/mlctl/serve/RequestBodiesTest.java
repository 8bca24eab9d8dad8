package io.mlctl.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What each protocol makes of a request body, answered exactly: the status, the error code and the
 * whole message naming the key, the instance or the feature that is wrong, or the instances read.
 */
class RequestBodiesTest {
  @TempDir
  static Path tmp;

  static TestProject project;
  static Running server;

  private static final String ROW = "{\"x\": 2.38, \"y\": 5.44, \"region\": \"south\"}";
  private static final String KEYS = "dataframe_split, dataframe_records, instances, inputs";

  @BeforeAll
  static void start() {
    project = TestProject.create(tmp.resolve("p"));
    server = Running.start(project, ServeConfig.loopback(0).withMaxBody(4096), "points@production", "models/linear.model");
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static Client c() {
    return server.client;
  }

  private static void assertError(HttpResponse<String> r, int status, String code, String message) {
    assertEquals(status, r.statusCode(), r.body());
    JsonNode j = Client.json(r);
    assertEquals(code, j.at("/error/code").asText(), r.body());
    assertEquals(message, j.at("/error/message").asText(), r.body());
    assertEquals("application/json", r.headers().firstValue("Content-Type").orElse("").split(";")[0]);
  }

  private static void assertV2Error(HttpResponse<String> r, int status, String message) {
    assertEquals(status, r.statusCode(), r.body());
    assertEquals(message, Client.json(r).get("error").asText(), r.body());
  }

  private static HttpResponse<String> mlflow(String body) {
    return c().postJson("/invocations", body);
  }

  private static String label(HttpResponse<String> r) {
    assertEquals(200, r.statusCode(), r.body());
    return Client.json(r).at("/predictions/0").asText();
  }

  @Test
  void mlflow_aBodyThatIsNotOneOfItsForms_isA400NamingTheKeys() {
    assertError(mlflow("[1, 2]"), 400, "bad_request", "the body must be a JSON object with one of " + KEYS);
    assertError(mlflow("{\"rows\": []}"), 400, "bad_request", "the body has none of " + KEYS);
    assertError(mlflow("{\"dataframe_records\": [], \"instances\": []}"), 400, "bad_request",
        "the body has both 'dataframe_records' and 'instances'; send exactly one of " + KEYS);
    assertError(mlflow("{\"dataframe_split\": {}, \"inputs\": []}"), 400, "bad_request",
        "the body has both 'dataframe_split' and 'inputs'; send exactly one of " + KEYS);
    assertError(mlflow("{\"dataframe_records\": {\"x\": [1]}}"), 400, "bad_request", "dataframe_records must be a list of objects");
    assertError(mlflow("{\"instances\": 3}"), 400, "bad_request", "instances must be a list of instances or an object of columns");
    assertError(mlflow("{\"inputs\": \"x\"}"), 400, "bad_request", "inputs must be a list of instances or an object of columns");
    assertError(mlflow("{\"instances\": []}"), 400, "bad_request", "the request has no instances");
    assertError(mlflow("{\"inputs\": [" + ROW + ", [1, 2, \"s\"]]}"), 400, "bad_request",
        "inputs[1] is not an object of feature values");
    assertError(mlflow("{\"inputs\": [[1, 2, \"s\"], " + ROW + "]}"), 400, "bad_request", "inputs[1] is not a list of feature values");
    assertError(mlflow("{\"dataframe_split\": {\"columns\": [\"x\"]}}"), 400, "bad_request",
        "dataframe_split needs 'columns' (a list of names) and 'data' (a list of rows)");
  }

  @Test
  void mlflow_eachForm_readsTheSameInstance() {
    String want = Client.json(c().postJson("/v1/models/points:predict", "{\"instances\": [" + ROW + "]}"))
        .at("/predictions/0/label").asText();
    assertEquals(want, label(mlflow("{\"dataframe_records\": [" + ROW + "]}")));
    assertEquals(want, label(mlflow("{\"instances\": [" + ROW + "]}")));
    assertEquals(want, label(mlflow("{\"instances\": [[2.38, 5.44, \"south\"]]}")));
    assertEquals(want, label(mlflow("{\"instances\": {\"x\": [2.38], \"y\": [5.44], \"region\": [\"south\"]}}")));
    assertEquals(want, label(mlflow("{\"dataframe_split\": {\"columns\": [\"region\", \"y\", \"x\"], \"data\": [[\"south\", 5.44, 2.38]]}}")));
    assertEquals(want, label(c().post("/invocations", "text/csv; charset=utf-8", "y,x,region\n5.44,2.38,south\n")));
    assertEquals(want, label(c().post("/invocations", "TEXT/CSV", "y,x,region\n5.44,2.38,south\n")));
    assertEquals(want, label(c().send(c().request("/invocations")
        .POST(HttpRequest.BodyPublishers.ofString("{\"instances\": [" + ROW + "]}")).build())), "no Content-Type is JSON");
    assertError(c().post("/invocations", "text/csv", "x1,x2,kind\n2,5,p\n"), 400, "bad_request",
        "instance 0: feature 'x' is missing (the model reads x, y, region)");  // MLflow's protocol scores the first model
  }

  @Test
  void mlflow_csvThatCannotBeRead_isA400SayingWhere() {
    HttpResponse<String> r = c().post("/invocations", "text/csv", "x,y,region\n1,\"2,south\n");
    assertEquals(400, r.statusCode(), r.body());
    assertEquals("bad_request", Client.json(r).at("/error/code").asText());
    assertError(c().post("/invocations", "text/csv", "x,y,region\n1,2\n"), 400, "bad_request",
        "the CSV body:2:3: the row has 2 fields, the header has 3");
    assertError(c().post("/invocations", "text/csv", "x,y\n1,2\n"), 400, "bad_request",
        "instance 0: feature 'region' is missing (the model reads x, y, region)");
    assertError(c().post("/invocations", "application/xml", "<x/>"), 415, "unsupported_media_type",
        "Content-Type application/xml is not accepted here; send application/json or text/csv");
  }

  @Test
  void v1_aBodyWithoutInstances_isA400SayingWhatItNeeds() {
    String needs = "the body needs \"instances\": a list of objects of feature values";
    assertError(c().postJson("/v1/models/points:predict", "[1]"), 400, "bad_request", needs);
    assertError(c().postJson("/v1/models/points:predict", "{\"instances\": {}}"), 400, "bad_request", needs);
    assertError(c().postJson("/v1/models/points:predict", "{\"rows\": []}"), 400, "bad_request", needs);
    assertError(c().postJson("/v1/models/points:explain", "{\"instances\": 1}"), 400, "bad_request", needs);
    assertError(c().postJson("/v1/models/points:explain", "[]"), 400, "bad_request", needs);
    assertError(c().postJson("/v1/models/points:predict", "{\"instances\": [" + ROW + ", 1]}"), 400, "bad_request",
        "instances[1] is not an object of feature values");
    assertError(c().post("/v1/models/points:predict", "text/csv", "x\n1\n"), 415, "unsupported_media_type",
        "Content-Type text/csv is not accepted here; send application/json");
    assertEquals(200, c().post("/v1/models/points:predict", "Application/JSON; charset=utf-8", "{\"instances\": [" + ROW + "]}")
        .statusCode());
    assertError(c().postJson("/v1/models/points", "{}"), 404, "not_found",
        "no such endpoint: POST /v1/models/points (use /v1/models/NAME:predict or NAME:explain)");
  }

  @Test
  void v1Explain_takesTopAndSeedWithinTheirRanges() {
    String body = "{\"instances\": [" + ROW + "]}";
    String top = "?top= takes a whole number from 1 to 1000, not '";
    assertError(c().postJson("/v1/models/points:explain?top=0", body), 400, "bad_request", top + "0'");
    assertError(c().postJson("/v1/models/points:explain?top=1001", body), 400, "bad_request", top + "1001'");
    assertError(c().postJson("/v1/models/points:explain?seed=-1", body), 400, "bad_request",
        "?seed= takes a whole number from 0 to 2147483647, not '-1'");
    HttpResponse<String> one = c().postJson("/v1/models/points:explain?top=1&seed=0", body);
    assertEquals(200, one.statusCode(), one.body());
    assertEquals(1, Client.json(one).at("/explanations/0/features").size());
    assertEquals(0, Client.json(one).get("seed").asInt());
    HttpResponse<String> most = c().postJson("/v1/models/points:explain?top=1000&seed=2147483647", body);
    assertEquals(200, most.statusCode(), most.body());
    assertEquals(2147483647L, Client.json(most).get("seed").asLong());
    assertEquals(200, c().postJson("/v1/models/points:explain?top=%202%20", body).statusCode(), "spaces around the number");
    StringBuilder hundred = new StringBuilder("{\"instances\": [");
    for (int i = 0; i < V1Controller.MAX_EXPLAINED; i++) {
      hundred.append(i == 0 ? "" : ",").append("{\"x\":1,\"y\":2,\"region\":\"s\"}");
    }
    assertEquals(200, c().postJson("/v1/models/points:explain?top=1", hundred.append("]}").toString()).statusCode(),
        "exactly the most instances one request explains");
  }

  @Test
  void v2_aBodyWithoutInputs_isA400SayingWhatItNeeds() {
    String needs = "the body needs \"inputs\": a list of tensors, one per feature or one [N, F] FP64 tensor";
    assertV2Error(c().postJson("/v2/models/points/infer", "{\"inputs\": []}"), 400, needs);
    assertV2Error(c().postJson("/v2/models/points/infer", "{\"inputs\": {}}"), 400, needs);
    assertV2Error(c().postJson("/v2/models/points/infer", "{\"id\": \"a\"}"), 400, needs);
    assertV2Error(c().postJson("/v2/models/points/infer", "[{\"inputs\": []}]"), 400, needs);
    assertV2Error(c().postJson("/v2/models/points/infer", "{\"inputs\": [1]}"), 400, "inputs[0] is not a tensor object");
    HttpResponse<String> noId = c().postJson("/v2/models/points/infer",
        "{\"id\": 7, \"inputs\": [{\"name\": \"input-0\", \"datatype\": \"FP64\", \"shape\": [1, 2], \"data\": [1, 2]}]}");
    assertV2Error(noId, 400, "instance 0: feature 'region' is missing (the model reads x, y, region)");
  }

  @Test
  void v2_anIdThatIsNotText_isReplacedByTheRequestsId() {
    String inputs = "\"inputs\": [{\"name\": \"x\", \"datatype\": \"FP64\", \"shape\": [1], \"data\": [2.38]},"
        + "{\"name\": \"y\", \"datatype\": \"FP64\", \"shape\": [1], \"data\": [5.44]},"
        + "{\"name\": \"region\", \"datatype\": \"BYTES\", \"shape\": [1], \"data\": [\"south\"]}]";
    HttpResponse<String> r = c().send(c().request("/v2/models/points/infer").header("Content-Type", "application/json")
        .header("X-Request-Id", "req-42").POST(HttpRequest.BodyPublishers.ofString("{\"id\": 7, " + inputs + "}")).build());
    assertEquals(200, r.statusCode(), r.body());
    assertEquals("req-42", Client.json(r).get("id").asText());
    HttpResponse<String> named = c().postJson("/v2/models/points/infer", "{\"id\": \"mine\", " + inputs + "}");
    assertEquals("mine", Client.json(named).get("id").asText());
  }

  @Test
  void aBodyOfExactlyTheLimit_isRead_andOneByteMoreIs413() {
    String start = "{\"instances\": [" + ROW + "]";
    String exact = start + " ".repeat(4096 - start.length() - 1) + "}";
    assertEquals(4096, exact.getBytes(StandardCharsets.UTF_8).length);
    assertEquals(200, c().postJson("/v1/models/points:predict", exact).statusCode());
    assertError(c().postJson("/v1/models/points:predict", " " + exact), 413, "body_too_large",
        "the request body is over the limit of 4096 bytes (--max-body)");
  }

  @Test
  void aChunkedBodyOfExactlyTheLimit_isRead_andOneByteMoreIs413() throws Exception {
    String start = "{\"instances\": [" + ROW + "]";
    String exact = start + " ".repeat(4096 - start.length() - 1) + "}";
    assertEquals(true, chunked(exact).startsWith("HTTP/1.1 200"));
    String over = chunked(" " + exact);
    assertEquals(true, over.startsWith("HTTP/1.1 413"), over);
    assertEquals(true, over.contains("the request body is over the limit of 4096 bytes (--max-body)"), over);
  }

  /** The raw answer to a predict request whose body is sent in chunks of 1000 bytes, without a length. */
  private static String chunked(String body) throws java.io.IOException {
    StringBuilder req = new StringBuilder("POST /v1/models/points:predict HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n");
    for (int i = 0; i < body.length(); i += 1000) {
      String chunk = body.substring(i, Math.min(body.length(), i + 1000));
      req.append(Integer.toHexString(chunk.length())).append("\r\n").append(chunk).append("\r\n");
    }
    req.append("0\r\n\r\n");
    return c().raw(req.toString().getBytes(StandardCharsets.US_ASCII));
  }

  @Test
  void v1Explain_ofABodyThatIsNotJson_is415() {
    assertError(c().post("/v1/models/points:explain", "text/csv", "x,y,region\n1,2,s\n"), 415, "unsupported_media_type",
        "Content-Type text/csv is not accepted here; send application/json");
  }

  @Test
  void badJson_isA400SayingWhere() {
    HttpResponse<String> r = c().postJson("/v1/models/points:predict", "{\n  \"instances\": [}");
    assertEquals(400, r.statusCode(), r.body());
    assertEquals("bad_json", Client.json(r).at("/error/code").asText());
    String m = Client.json(r).at("/error/message").asText();
    assertEquals(true, m.startsWith("the body is not valid JSON at line 2, column 17: Unexpected close marker '}'"), m);
    assertError(c().postJson("/v1/models/points:predict", " "), 400, "bad_json", "the body is empty; send a JSON object");
  }
}
