package io.mlctl.serve;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mlctl.core.Version;

/**
 * The OpenAPI 3 description of the server's endpoints, built once as a JSON tree. Every endpoint
 * the server routes is described here; a test checks the two lists agree.
 */
final class OpenApi {
  private OpenApi() {}

  static byte[] document(boolean secured) {
    ObjectNode doc = Json.MAPPER.createObjectNode();
    doc.put("openapi", "3.0.3");
    ObjectNode info = doc.putObject("info");
    info.put("title", "mlctl model server");
    info.put("version", Version.get());
    info.put("description", "KServe V1, MLflow scoring and Open Inference Protocol (V2) endpoints over models served by mlctl serve.");
    ObjectNode paths = doc.putObject("paths");
    ObjectNode components = doc.putObject("components");
    schemas(components.putObject("schemas"));
    if (secured) {
      components.putObject("securitySchemes").putObject("bearer").put("type", "http").put("scheme", "bearer");
      doc.putArray("security").addObject().putArray("bearer");
    }

    open(get(paths, "/health", "Liveness and readiness: 200 once every model is loaded, 503 before", "Status"));
    open(get(paths, "/ping", "The same as /health (SageMaker's name)", "Status"));
    get(paths, "/version", "mlctl's version", "Version");
    get(paths, "/v1/models", "The served models, their versions, canary and shadow", "ModelList");
    named(get(paths, "/v1/models/{name}", "A served model with its card", "Model"));
    ObjectNode drift = get(paths, "/v1/models/{name}/drift", "Drift of the recently served instances against the model's"
        + " training data (409 when there is none or no traffic yet); ?format=html for a page", "DriftReport");
    named(drift);
    ObjectNode format = ((com.fasterxml.jackson.databind.node.ArrayNode) drift.get("parameters")).addObject();
    format.put("name", "format");
    format.put("in", "query");
    format.put("required", false);
    format.putObject("schema").put("type", "string").putArray("enum").add("json").add("html");
    named(post(paths, "/v1/models/{name}:predict", "KServe V1 prediction", "V1Request", "V1Response", "application/json"));
    ObjectNode explain = post(paths, "/v1/models/{name}:explain", "KServe V1 explanation: the features that moved each "
        + "prediction most (LIME, seeded; at most " + V1Controller.MAX_EXPLAINED + " instances; 501 for models LIME cannot explain)",
        "V1Request", "V1Explanation", "application/json");
    named(explain);
    ArrayNode params = (ArrayNode) explain.get("parameters");
    params.addObject().put("name", "top").put("in", "query").put("description", "features per explanation (default 5)")
        .putObject("schema").put("type", "integer");
    params.addObject().put("name", "seed").put("in", "query").put("description", "LIME's seed (default 42)")
        .putObject("schema").put("type", "integer");
    ObjectNode inv = post(paths, "/invocations", "MLflow scoring protocol: exactly one of dataframe_split, dataframe_records, instances, "
        + "inputs; or text/csv with a header row", "MlflowRequest", "MlflowResponse", "application/json");
    ((ObjectNode) inv.get("requestBody").get("content")).putObject("text/csv").putObject("schema").put("type", "string");
    get(paths, "/v2", "Open Inference Protocol server metadata", "V2Server");
    open(get(paths, "/v2/health/live", "Open Inference Protocol liveness", "V2Live"));
    open(get(paths, "/v2/health/ready", "Open Inference Protocol readiness (503 before the models are loaded)", "V2Ready"));
    named(get(paths, "/v2/models/{name}", "Open Inference Protocol model metadata: inputs and outputs", "V2Model"));
    named(get(paths, "/v2/models/{name}/ready", "Open Inference Protocol model readiness", "V2Ready"));
    named(post(paths, "/v2/models/{name}/infer", "Open Inference Protocol inference: one tensor per feature or one [N, F] FP64 tensor",
        "V2Request", "V2Response", "application/json"));
    ObjectNode metrics = get(paths, "/metrics", "Prometheus metrics (text exposition format)", null);
    ((ObjectNode) metrics.get("responses").get("200")).putObject("content").putObject("text/plain").putObject("schema").put("type", "string");
    post(paths, "/admin/reload", "Look at the registry now and load the versions whose aliases moved", null, "Reload", null);
    get(paths, "/openapi.json", "This document", null);
    return Json.write(doc);
  }

  private static ObjectNode get(ObjectNode paths, String path, String summary, String response) {
    ObjectNode op = paths.putObject(path).putObject("get");
    op.put("summary", summary);
    responses(op, response, path.startsWith("/v2"));
    return op;
  }

  private static ObjectNode post(ObjectNode paths, String path, String summary, String request, String response, String type) {
    ObjectNode op = paths.putObject(path).putObject("post");
    op.put("summary", summary);
    if (request != null) {
      ObjectNode body = op.putObject("requestBody");
      body.put("required", true);
      body.putObject("content").putObject(type).putObject("schema").put("$ref", "#/components/schemas/" + request);
    }
    responses(op, response, path.startsWith("/v2"));
    return op;
  }

  private static void responses(ObjectNode op, String response, boolean v2) {
    ObjectNode rs = op.putObject("responses");
    ObjectNode ok = rs.putObject("200");
    ok.put("description", "OK");
    if (response != null) {
      ok.putObject("content").putObject("application/json").putObject("schema").put("$ref", "#/components/schemas/" + response);
    }
    String error = v2 ? "#/components/schemas/V2Error" : "#/components/schemas/Error";
    for (String[] e : new String[][] {{"400", "Bad JSON, or a missing, mistyped or (with --strict) unknown feature"},
        {"401", "No valid bearer token (when the server has one)"}, {"404", "Unknown model"},
        {"413", "Body over --max-body"}, {"415", "Wrong Content-Type"}, {"503", "Not ready"}}) {
      ObjectNode r = rs.putObject(e[0]);
      r.put("description", e[1]);
      r.putObject("content").putObject("application/json").putObject("schema").put("$ref", error);
    }
  }

  private static void open(ObjectNode op) {
    op.putArray("security");
  }

  private static void named(ObjectNode op) {
    ObjectNode p = op.putArray("parameters").addObject();
    p.put("name", "name");
    p.put("in", "path");
    p.put("required", true);
    p.putObject("schema").put("type", "string");
  }

  private static ObjectNode object(ObjectNode schemas, String name) {
    ObjectNode s = schemas.putObject(name);
    s.put("type", "object");
    return s;
  }

  private static void schemas(ObjectNode s) {
    ObjectNode err = object(s, "Error").putObject("properties").putObject("error");
    err.put("type", "object");
    ObjectNode ep = err.putObject("properties");
    ep.putObject("code").put("type", "string");
    ep.putObject("message").put("type", "string");
    object(s, "V2Error").putObject("properties").putObject("error").put("type", "string");
    object(s, "Status").putObject("properties").putObject("status").put("type", "string");
    object(s, "Version").putObject("properties").putObject("version").put("type", "string");
    object(s, "ModelList").putObject("properties").putObject("models").put("type", "array").putObject("items").put("type", "object");
    ObjectNode model = object(s, "Model").putObject("properties");
    model.putObject("name").put("type", "string");
    model.putObject("version").put("type", "string");
    model.putObject("card").put("type", "object");
    ObjectNode drift = object(s, "DriftReport").putObject("properties");
    drift.putObject("dataset_drift").put("type", "boolean");
    drift.putObject("drift_share").put("type", "number");
    drift.putObject("columns").put("type", "array").putObject("items").put("type", "object");
    ObjectNode instance = Json.MAPPER.createObjectNode().put("type", "object")
        .put("description", "feature name to value: a number for a numeric feature, a string for a categorical one");
    ObjectNode v1 = object(s, "V1Request");
    v1.putArray("required").add("instances");
    v1.putObject("properties").putObject("instances").put("type", "array").set("items", instance.deepCopy());
    ObjectNode pred = Json.MAPPER.createObjectNode().put("type", "object");
    ObjectNode pp = pred.putObject("properties");
    pp.putObject("label").put("type", "string");
    pp.putObject("scores").put("type", "object").putObject("additionalProperties").put("type", "number");
    pp.putObject("value").put("type", "number").put("description", "regression models");
    ObjectNode v1r = object(s, "V1Response").putObject("properties");
    v1r.putObject("model").put("type", "string");
    v1r.putObject("version").put("type", "string");
    v1r.putObject("predictions").put("type", "array").set("items", pred);
    ObjectNode weight = Json.MAPPER.createObjectNode().put("type", "object");
    weight.putObject("properties").putObject("feature").put("type", "string");
    ((ObjectNode) weight.get("properties")).putObject("weight").put("type", "number");
    ObjectNode expl = Json.MAPPER.createObjectNode().put("type", "object");
    ObjectNode explProps = expl.putObject("properties");
    explProps.putObject("label").put("type", "string");
    explProps.putObject("scores").put("type", "object").putObject("additionalProperties").put("type", "number");
    explProps.putObject("features").put("type", "array").set("items", weight);
    ObjectNode v1e = object(s, "V1Explanation").putObject("properties");
    v1e.putObject("model").put("type", "string");
    v1e.putObject("version").put("type", "string");
    v1e.putObject("seed").put("type", "integer");
    v1e.putObject("explanations").put("type", "array").set("items", expl);
    ObjectNode ml = object(s, "MlflowRequest");
    ml.put("description", "exactly one of the four keys");
    ObjectNode mp = ml.putObject("properties");
    ObjectNode split = mp.putObject("dataframe_split").put("type", "object");
    split.putObject("properties").putObject("columns").put("type", "array").putObject("items").put("type", "string");
    ((ObjectNode) split.get("properties")).putObject("data").put("type", "array").putObject("items").put("type", "array");
    mp.putObject("dataframe_records").put("type", "array").set("items", instance.deepCopy());
    mp.putObject("instances").put("description", "records, rows in the card's feature order, or an object of columns");
    mp.putObject("inputs").put("description", "as instances");
    object(s, "MlflowResponse").putObject("properties").putObject("predictions").put("type", "array")
        .put("description", "a label per instance (a number for regression)");
    ObjectNode tensor = object(s, "Tensor");
    tensor.putArray("required").add("name").add("datatype").add("shape").add("data");
    ObjectNode tp = tensor.putObject("properties");
    tp.putObject("name").put("type", "string");
    tp.putObject("datatype").put("type", "string").putArray("enum").add("FP64").add("FP32").add("INT64").add("INT32").add("BYTES");
    tp.putObject("shape").put("type", "array").putObject("items").put("type", "integer");
    tp.putObject("data").put("type", "array");
    ObjectNode v2 = object(s, "V2Request");
    v2.putArray("required").add("inputs");
    ObjectNode v2p = v2.putObject("properties");
    v2p.putObject("id").put("type", "string");
    v2p.putObject("inputs").put("type", "array").putObject("items").put("$ref", "#/components/schemas/Tensor");
    ObjectNode v2r = object(s, "V2Response").putObject("properties");
    v2r.putObject("model_name").put("type", "string");
    v2r.putObject("model_version").put("type", "string");
    v2r.putObject("id").put("type", "string");
    v2r.putObject("outputs").put("type", "array").put("description",
        "label (BYTES, [N]) and scores (FP64, [N, C]); regression: output-0 (FP64, [N])")
        .putObject("items").put("$ref", "#/components/schemas/Tensor");
    ObjectNode server = object(s, "V2Server").putObject("properties");
    server.putObject("name").put("type", "string");
    server.putObject("version").put("type", "string");
    server.putObject("extensions").put("type", "array").putObject("items").put("type", "string");
    object(s, "V2Live").putObject("properties").putObject("live").put("type", "boolean");
    object(s, "V2Ready").putObject("properties").putObject("ready").put("type", "boolean");
    ObjectNode v2m = object(s, "V2Model").putObject("properties");
    v2m.putObject("name").put("type", "string");
    v2m.putObject("versions").put("type", "array").putObject("items").put("type", "string");
    v2m.putObject("platform").put("type", "string");
    v2m.putObject("inputs").put("type", "array").putObject("items").put("type", "object");
    v2m.putObject("outputs").put("type", "array").putObject("items").put("type", "object");
    object(s, "Reload").putObject("properties").putObject("models").put("type", "array").putObject("items").put("type", "object");
  }
}
