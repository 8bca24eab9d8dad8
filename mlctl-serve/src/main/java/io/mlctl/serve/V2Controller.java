package io.mlctl.serve;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.mlctl.core.Version;
import io.mlctl.core.model.Feature;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Open Inference Protocol (KServe V2). Inputs are one tensor per feature (shape {@code [N]} or
 * {@code [N, 1]}; {@code BYTES} for a categorical feature, a numeric datatype otherwise) or a
 * single {@code [N, F]} numeric tensor whose columns are the features in the card's order.
 * Outputs: {@code label} ({@code BYTES}, {@code [N]}) and {@code scores} ({@code FP64},
 * {@code [N, C]}, classes in the card's order); a regression model answers with {@code output-0}
 * ({@code FP64}, {@code [N]}), the name KServe's own servers give a single output. Errors are
 * {@code {"error": "…"}}.
 */
final class V2Controller {
  private static final Set<String> NUMERIC = Set.of("FP64", "FP32", "FP16", "INT64", "INT32", "INT16", "INT8", "UINT64", "UINT32",
      "UINT16", "UINT8");

  private final Deployment deployment;
  private final ServeConfig config;

  V2Controller(Deployment deployment, ServeConfig config) {
    this.deployment = deployment;
    this.config = config;
  }

  void server(Context ctx) {
    Http.json(ctx, Json.write(g -> {
      g.writeStartObject();
      g.writeStringField("name", "mlctl");
      g.writeStringField("version", Version.get());
      g.writeArrayFieldStart("extensions");
      g.writeEndArray();
      g.writeEndObject();
    }));
  }

  void live(Context ctx) {
    Http.json(ctx, "{\"live\":true}".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
  }

  void ready(Context ctx) {
    boolean r = deployment.ready();
    ctx.status(r ? 200 : 503);
    Http.json(ctx, (r ? "{\"ready\":true}" : "{\"ready\":false}").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
  }

  void modelReady(Context ctx) {
    Slot s = deployment.slot(ctx.pathParam("name"));
    boolean r = s.loaded();
    if (r) {
      Http.answeredBy(ctx, s.current());
    }
    ctx.status(r ? 200 : 503);
    Http.json(ctx, Json.write(g -> {
      g.writeStartObject();
      g.writeStringField("name", s.name());
      g.writeBooleanField("ready", r);
      g.writeEndObject();
    }));
  }

  void metadata(Context ctx) {
    Slot s = deployment.slot(ctx.pathParam("name"));
    ServedModel m = s.current();
    if (m == null) {
      throw ApiException.notReady("model '" + s.name() + "' is still loading");
    }
    Http.answeredBy(ctx, m);
    boolean classes = m.scorer().card().task() == io.mlctl.core.model.Task.CLASSIFICATION;
    Http.json(ctx, Json.write(g -> {
      g.writeStartObject();
      g.writeStringField("name", s.name());
      g.writeArrayFieldStart("versions");
      g.writeString(m.version());
      g.writeEndArray();
      g.writeStringField("platform", "mlctl-tribuo");
      g.writeArrayFieldStart("inputs");
      for (Feature f : m.scorer().features()) {
        tensor(g, f.name(), f.type() == Feature.Kind.NUMERIC ? "FP64" : "BYTES", -1);
      }
      g.writeEndArray();
      g.writeArrayFieldStart("outputs");
      if (classes) {
        tensor(g, "label", "BYTES", -1);
        tensor(g, "scores", "FP64", m.scorer().card().labels().size());
      } else {
        tensor(g, "output-0", "FP64", -1);
      }
      g.writeEndArray();
      g.writeEndObject();
    }));
  }

  private static void tensor(com.fasterxml.jackson.core.JsonGenerator g, String name, String type, int columns) throws java.io.IOException {
    g.writeStartObject();
    g.writeStringField("name", name);
    g.writeStringField("datatype", type);
    g.writeArrayFieldStart("shape");
    g.writeNumber(-1);
    if (columns >= 0) {
      g.writeNumber(columns);
    }
    g.writeEndArray();
    g.writeEndObject();
  }

  void infer(Context ctx) {
    Slot slot = deployment.slot(ctx.pathParam("name"));
    Http.addressed(ctx, slot);
    Http.requireJson(ctx);
    JsonNode body = Json.parse(Http.body(ctx, config.maxBodyBytes()));
    JsonNode inputs = body.get("inputs");
    if (!body.isObject() || inputs == null || !inputs.isArray() || inputs.isEmpty()) {
      throw ApiException.badRequest("the body needs \"inputs\": a list of tensors, one per feature or one [N, F] FP64 tensor");
    }
    Deployment.Answer a = deployment.score(slot, table(inputs), config.strict(), Http.id(ctx), Http.start(ctx));
    Http.answeredBy(ctx, a.model());
    Scores s = a.scores();
    JsonNode given = body.get("id");
    String id = given != null && given.isTextual() ? given.asText() : Http.id(ctx);
    Http.json(ctx, Json.write(g -> {
      g.writeStartObject();
      g.writeStringField("model_name", a.model().name());
      g.writeStringField("model_version", a.model().version());
      g.writeStringField("id", id);
      g.writeArrayFieldStart("outputs");
      int n = s.size();
      if (s.classification()) {
        g.writeStartObject();
        g.writeStringField("name", "label");
        g.writeStringField("datatype", "BYTES");
        g.writeArrayFieldStart("shape");
        g.writeNumber(n);
        g.writeEndArray();
        g.writeArrayFieldStart("data");
        for (String l : s.labels()) {
          g.writeString(l);
        }
        g.writeEndArray();
        g.writeEndObject();
        g.writeStartObject();
        g.writeStringField("name", "scores");
        g.writeStringField("datatype", "FP64");
        g.writeArrayFieldStart("shape");
        g.writeNumber(n);
        g.writeNumber(s.classes().size());
        g.writeEndArray();
        g.writeArrayFieldStart("data");
        for (double[] row : s.scores()) {
          for (double v : row) {
            g.writeNumber(v);
          }
        }
        g.writeEndArray();
        g.writeEndObject();
      } else {
        g.writeStartObject();
        g.writeStringField("name", "output-0");
        g.writeStringField("datatype", "FP64");
        g.writeArrayFieldStart("shape");
        g.writeNumber(n);
        g.writeEndArray();
        g.writeArrayFieldStart("data");
        for (double v : s.values()) {
          g.writeNumber(v);
        }
        g.writeEndArray();
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
    }));
  }

  /** A tensor checked for shape and datatype, its data flattened in row-major order. */
  private record Tensor(String name, String datatype, int rows, int columns, List<JsonNode> data) {}

  static Table table(JsonNode inputs) {
    Map<String, Tensor> byName = new HashMap<>();
    List<Tensor> all = new ArrayList<>();
    for (int i = 0; i < inputs.size(); i++) {
      Tensor t = tensor(inputs.get(i), i);
      if (byName.put(t.name(), t) != null) {
        throw ApiException.badRequest("two inputs are named '" + t.name() + "'");
      }
      all.add(t);
    }
    Tensor only = all.size() == 1 ? all.get(0) : null;
    return new Table() {
      @Override
      public int rows() {
        int n = -1;
        for (Tensor t : all) {
          if (n >= 0 && t.rows() != n) {
            throw ApiException.badRequest("the inputs have different lengths (" + n + " and " + t.rows() + " for '" + t.name() + "')");
          }
          n = t.rows();
        }
        return Math.max(n, 0);
      }

      @Override
      public Object value(int row, int position, String name) {
        Tensor t = byName.get(name);
        if (t != null && t.columns() == 1) {
          return checked(t, t.data().get(row), row, name);
        }
        if (only != null) {
          // The one tensor is a matrix whose columns are the features in the card's order.
          return position < only.columns() ? checked(only, only.data().get(row * only.columns() + position), row, name) : MISSING;
        }
        if (t != null) {
          throw ApiException.badRequest("input '" + name + "' has " + t.columns() + " columns; a feature's input has shape [N] or [N, 1]");
        }
        return MISSING;
      }

      @Override
      public String unknown(int row, Scorer scorer) {
        if (only != null && (only.columns() > 1 || !scorer.knows(only.name()))) {
          return only.columns() > scorer.width()
              ? "#" + (scorer.width() + 1) + " (the tensor '" + only.name() + "' has " + only.columns() + " columns)" : null;
        }
        return Tables.firstUnknown(byName.keySet().iterator(), scorer);
      }
    };
  }

  private static Object checked(Tensor t, JsonNode v, int row, String feature) {
    boolean bytes = t.datatype().equals("BYTES");
    if (bytes && !v.isTextual()) {
      throw ApiException.badRequest("instance " + row + ": feature '" + feature + "' in BYTES input '" + t.name() + "' is not a string");
    }
    if (!bytes && !v.isNumber()) {
      throw ApiException.badRequest("instance " + row + ": feature '" + feature + "' needs a number, input '" + t.name() + "' holds "
          + v);
    }
    // A number from a numeric tensor: never taken for a category, which only BYTES carries.
    return bytes ? v : (Object) v.doubleValue();
  }

  private static Tensor tensor(JsonNode in, int i) {
    if (!in.isObject()) {
      throw ApiException.badRequest("inputs[" + i + "] is not a tensor object");
    }
    JsonNode name = in.get("name");
    JsonNode type = in.get("datatype");
    JsonNode shape = in.get("shape");
    JsonNode data = in.get("data");
    if (name == null || !name.isTextual() || type == null || !type.isTextual() || shape == null || !shape.isArray() || data == null
        || !data.isArray()) {
      throw ApiException.badRequest("inputs[" + i + "] needs name, datatype, shape and data");
    }
    String dt = type.asText();
    if (!dt.equals("BYTES") && !NUMERIC.contains(dt)) {
      throw ApiException.badRequest("input '" + name.asText() + "' has datatype " + dt + "; use FP64 (or another numeric type) or BYTES");
    }
    if (shape.size() < 1 || shape.size() > 2) {
      throw ApiException.badRequest("input '" + name.asText() + "' has shape " + shape + "; use [N] or [N, F]");
    }
    long rows = shape.get(0).asLong(-1);
    long columns = shape.size() == 2 ? shape.get(1).asLong(-1) : 1;
    // rows > MAX / columns, not rows * columns > MAX: the product of two large sizes overflows.
    if (rows < 0 || columns < 1 || rows > Integer.MAX_VALUE / columns) {
      throw ApiException.badRequest("input '" + name.asText() + "' has shape " + shape
          + "; the sizes must be positive, with at most " + Integer.MAX_VALUE + " values in all");
    }
    // Sized by the data sent, not by the shape claimed: [2000000000] would ask for gigabytes.
    List<JsonNode> flat = new ArrayList<>(Math.min((int) (rows * columns), data.size()));
    flatten(data, flat);
    if (flat.size() != rows * columns) {
      throw ApiException.badRequest("input '" + name.asText() + "' has shape " + shape + " but " + flat.size() + " values");
    }
    return new Tensor(name.asText(), dt, (int) rows, (int) columns, flat);
  }

  private static void flatten(JsonNode data, List<JsonNode> out) {
    for (JsonNode v : data) {
      if (v.isArray()) {
        flatten(v, out);
      } else {
        out.add(v);
      }
    }
  }
}
