package io.mlctl.serve;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.mlctl.core.explain.Explain;
import io.mlctl.core.drift.DriftPage;
import io.mlctl.core.drift.DriftReport;
import io.mlctl.core.drift.SliceRates;
import java.io.IOException;
import java.util.List;

/** KServe's V1 protocol: the model list, a model's card, {@code :predict} and {@code :explain}. */
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
   * --json} prints it, or with {@code ?format=html} the page of {@code mlctl drift --html}; with
   * {@code ?slice=COL} the predicted-label rates per group as {@code mlctl drift --slice} adds them.
   */
  void drift(Context ctx) {
    Slot s = deployment.slot(ctx.pathParam("name"));
    String format = ctx.queryParam("format");
    if (format != null && !format.equals("json") && !format.equals("html")) {
      throw ApiException.badRequest("format '" + format + "' is not json or html");
    }
    DriftReport r = deployment.drift(s);
    String slice = ctx.queryParam("slice");
    SliceRates slices = slice == null || slice.isBlank() ? null : deployment.slices(s, slice.strip());
    if ("html".equals(format)) {
      ctx.contentType("text/html; charset=utf-8");
      ctx.result(DriftPage.html(r, slices));
      return;
    }
    java.util.Map<String, Object> json = r.toJson();
    if (slices != null) {
      json.put("slices", slices.toJson());
    }
    Http.json(ctx, Json.write(g -> Json.MAPPER.writeValue(g, json)));
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
    switch (verb) {
      case "predict" -> predict(ctx, name);
      case "explain" -> explain(ctx, name);
      default -> throw new ApiException(404, "not_found",
          "no such endpoint: POST /v1/models/" + spec + " (use /v1/models/NAME:predict or NAME:explain)");
    }
  }

  /** The most instances one {@code :explain} explains: each costs {@link Explain#SAMPLES} model calls. */
  static final int MAX_EXPLAINED = 100;

  /**
   * {@code POST /v1/models/NAME:explain}: LIME explanations of the instances by the primary version
   * (never the canary: an explanation answers for the version the alias names), seeded so the
   * same instance explains the same way. {@code ?top=K} and {@code ?seed=S} as {@code mlctl explain}.
   */
  private void explain(Context ctx, String name) {
    Slot slot = deployment.slot(name);
    Http.addressed(ctx, slot);
    Http.requireJson(ctx);
    ServedModel m = slot.current();
    if (m == null) {
      throw ApiException.notReady("model '" + slot.name() + "' is still loading");
    }
    Http.answeredBy(ctx, m);
    java.util.Optional<String> why = Explain.unsupported(m.model());
    if (why.isPresent()) {
      throw new ApiException(501, "not_implemented", why.get());
    }
    int top = queryInt(ctx, "top", Explain.DEFAULT_TOP, 1, 1000);
    long seed = queryInt(ctx, "seed", (int) Explain.DEFAULT_SEED, 0, Integer.MAX_VALUE);
    JsonNode body = Json.parse(Http.body(ctx, config.maxBodyBytes()));
    JsonNode instances = body.get("instances");
    if (!body.isObject() || instances == null || !instances.isArray()) {
      throw ApiException.badRequest("the body needs \"instances\": a list of objects of feature values");
    }
    if (instances.size() > MAX_EXPLAINED) {
      throw ApiException.badRequest("at most " + MAX_EXPLAINED + " instances are explained in one request; this one has "
          + instances.size());
    }
    Instance[] rows = m.scorer().read(Tables.records(instances, "instances"), config.strict());
    List<Explain.Explained> explained = Explain.explain(m.model(), m.scorer().labelExamples(rows), seed, top);
    Http.json(ctx, Json.write(g -> {
      g.writeStartObject();
      g.writeStringField("model", m.name());
      g.writeStringField("version", m.version());
      g.writeNumberField("seed", seed);
      g.writeArrayFieldStart("explanations");
      for (Explain.Explained e : explained) {
        g.writeStartObject();
        g.writeStringField("label", e.label());
        g.writeObjectFieldStart("scores");
        for (java.util.Map.Entry<String, Double> sc : e.scores().entrySet()) {
          g.writeNumberField(sc.getKey(), sc.getValue());
        }
        g.writeEndObject();
        g.writeArrayFieldStart("features");
        for (Explain.Weight w : e.features()) {
          g.writeStartObject();
          g.writeStringField("feature", w.feature());
          g.writeNumberField("weight", w.weight());
          g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
    }));
  }

  private static int queryInt(Context ctx, String key, int fallback, int min, int max) {
    String v = ctx.queryParam(key);
    if (v == null) {
      return fallback;
    }
    try {
      int n = Integer.parseInt(v.strip());
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException ignored) {
      // answered below
    }
    throw ApiException.badRequest("?" + key + "= takes a whole number from " + min + " to " + max + ", not '" + v + "'");
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
