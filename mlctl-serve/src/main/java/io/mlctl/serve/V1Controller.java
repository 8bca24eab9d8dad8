package io.mlctl.serve;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.mlctl.core.drift.DriftPage;
import io.mlctl.core.drift.DriftReport;
import java.io.IOException;

/** KServe's V1 protocol: the model list, a model's card, and {@code :predict}. */
final class V1Controller {
  private final Deployment deployment;
  private final ServeConfig config;

  V1Controller(Deployment deployment, ServeConfig config) {
    this.deployment = deployment;
    this.config = config;
  }

  void list(Context ctx) {
    Http.json(ctx, Json.write(g -> {
      g.writeStartObject();
      g.writeArrayFieldStart("models");
      for (Slot s : deployment.slots()) {
        summary(g, s);
      }
      g.writeEndArray();
      g.writeEndObject();
    }));
  }

  private static void summary(JsonGenerator g, Slot s) throws IOException {
    ServedModel m = s.current();
    g.writeStartObject();
    g.writeStringField("name", s.name());
    g.writeStringField("ref", s.primary().ref());
    g.writeStringField("version", m == null ? null : m.version());
    g.writeBooleanField("ready", s.loaded());
    if (m != null) {
      g.writeStringField("task", m.scorer().card().task().id());
    }
    if (s.canary() != null) {
      ServedModel c = s.canary().get();
      g.writeObjectFieldStart("canary");
      g.writeStringField("ref", s.canary().ref());
      g.writeStringField("version", c == null ? null : c.version());
      g.writeNumberField("percent", s.canaryPercent());
      g.writeEndObject();
    }
    if (s.shadow() != null) {
      ServedModel sh = s.shadow().get();
      g.writeObjectFieldStart("shadow");
      g.writeStringField("ref", s.shadow().ref());
      g.writeStringField("version", sh == null ? null : sh.version());
      g.writeEndObject();
    }
    g.writeEndObject();
  }

  void get(Context ctx) {
    Slot s = deployment.slot(ctx.pathParam("name"));
    ServedModel m = s.current();
    if (m == null) {
      throw ApiException.notReady("model '" + s.name() + "' is still loading");
    }
    Http.answeredBy(ctx, m);
    Http.json(ctx, Json.write(g -> {
      g.writeStartObject();
      g.writeStringField("name", s.name());
      g.writeStringField("ref", s.primary().ref());
      g.writeStringField("version", m.version());
      g.writeBooleanField("ready", s.loaded());
      g.writeFieldName("card");
      Json.MAPPER.writeValue(g, m.scorer().card().toJson());
      g.writeEndObject();
    }));
  }

  /**
   * {@code GET /v1/models/NAME/drift}: the recent traffic's drift report as {@code mlctl drift
   * --json} prints it, or with {@code ?format=html} the page of {@code mlctl drift --html}.
   */
  void drift(Context ctx) {
    Slot s = deployment.slot(ctx.pathParam("name"));
    String format = ctx.queryParam("format");
    if (format != null && !format.equals("json") && !format.equals("html")) {
      throw ApiException.badRequest("format '" + format + "' is not json or html");
    }
    DriftReport r = deployment.drift(s);
    if ("html".equals(format)) {
      ctx.contentType("text/html; charset=utf-8");
      ctx.result(DriftPage.html(r));
      return;
    }
    Http.json(ctx, Json.write(g -> Json.MAPPER.writeValue(g, r.toJson())));
  }

  /**
   * {@code POST /v1/models/NAME:VERB}. The verb is taken apart here rather than in the route so
   * further verbs (explanations) join beside {@code predict}.
   */
  void call(Context ctx) {
    String spec = ctx.pathParam("call");
    int colon = spec.lastIndexOf(':');
    String verb = colon < 0 ? "" : spec.substring(colon + 1);
    String name = colon < 0 ? spec : spec.substring(0, colon);
    if (!verb.equals("predict")) {
      throw new ApiException(404, "not_found", "no such endpoint: POST /v1/models/" + spec + " (use /v1/models/NAME:predict)");
    }
    predict(ctx, name);
  }

  private void predict(Context ctx, String name) {
    Slot slot = deployment.slot(name);
    Http.addressed(ctx, slot);
    Http.requireJson(ctx);
    JsonNode body = Json.parse(Http.body(ctx, config.maxBodyBytes()));
    JsonNode instances = body.get("instances");
    if (!body.isObject() || instances == null || !instances.isArray()) {
      throw ApiException.badRequest("the body needs \"instances\": a list of objects of feature values");
    }
    Deployment.Answer a = deployment.score(slot, Tables.records(instances, "instances"), config.strict(), Http.id(ctx), Http.start(ctx));
    Http.answeredBy(ctx, a.model());
    Scores s = a.scores();
    Http.json(ctx, Json.write(g -> {
      g.writeStartObject();
      g.writeStringField("model", a.model().name());
      g.writeStringField("version", a.model().version());
      g.writeArrayFieldStart("predictions");
      for (int i = 0; i < s.size(); i++) {
        g.writeStartObject();
        if (s.classification()) {
          g.writeStringField("label", s.labels()[i]);
          g.writeObjectFieldStart("scores");
          double[] row = s.scores()[i];
          for (int c = 0; c < row.length; c++) {
            g.writeNumberField(s.classes().get(c), row[c]);
          }
          g.writeEndObject();
        } else {
          g.writeNumberField("value", s.values()[i]);
        }
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
    }));
  }
}
