package io.mlctl.serve;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.mlctl.core.BadInputException;
import io.mlctl.core.table.TableReader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * MLflow's scoring protocol, {@code POST /invocations}: a JSON object with exactly one of
 * {@code dataframe_split}, {@code dataframe_records}, {@code instances} or {@code inputs}, or CSV
 * with a header row. Answers {@code {"predictions": [...]}}, a label per instance (a number for
 * regression), as an MLflow scikit-learn model does. It scores the first model the server was
 * given, MLflow serving one model per server.
 */
final class MlflowController {
  private static final List<String> KEYS = List.of("dataframe_split", "dataframe_records", "instances", "inputs");

  private final Deployment deployment;
  private final ServeConfig config;

  MlflowController(Deployment deployment, ServeConfig config) {
    this.deployment = deployment;
    this.config = config;
  }

  void invocations(Context ctx) {
    Slot slot = deployment.first();
    Http.addressed(ctx, slot);
    String type = Http.mediaType(ctx);
    Table table;
    if (type.equals("text/csv")) {
      table = csv(Http.body(ctx, config.maxBodyBytes()));
    } else if (type.isEmpty() || type.equals(Http.JSON)) {
      table = json(Json.parse(Http.body(ctx, config.maxBodyBytes())));
    } else {
      throw Http.unsupported(type, "application/json or text/csv");
    }
    Deployment.Answer a = deployment.score(slot, table, config.strict(), Http.id(ctx), Http.start(ctx));
    Http.answeredBy(ctx, a.model());
    Scores s = a.scores();
    Http.json(ctx, Json.write(g -> {
      g.writeStartObject();
      g.writeArrayFieldStart("predictions");
      for (int i = 0; i < s.size(); i++) {
        if (s.classification()) {
          g.writeString(s.labels()[i]);
        } else {
          g.writeNumber(s.values()[i]);
        }
      }
      g.writeEndArray();
      g.writeEndObject();
    }));
  }

  private static Table json(JsonNode body) {
    if (!body.isObject()) {
      throw ApiException.badRequest("the body must be a JSON object with one of " + String.join(", ", KEYS));
    }
    String key = null;
    for (String k : KEYS) {
      if (body.has(k)) {
        if (key != null) {
          throw ApiException.badRequest("the body has both '" + key + "' and '" + k + "'; send exactly one of " + String.join(", ", KEYS));
        }
        key = k;
      }
    }
    if (key == null) {
      throw ApiException.badRequest("the body has none of " + String.join(", ", KEYS));
    }
    JsonNode v = body.get(key);
    switch (key) {
      case "dataframe_split":
        return Tables.split(v);
      case "dataframe_records":
        if (!v.isArray()) {
          throw ApiException.badRequest("dataframe_records must be a list of objects");
        }
        return Tables.records(v, key);
      default:
        // instances and inputs: records, rows in the card's feature order, or named columns
        if (v.isObject()) {
          return Tables.columns(v, key);
        }
        if (!v.isArray()) {
          throw ApiException.badRequest(key + " must be a list of instances or an object of columns");
        }
        return v.size() > 0 && v.get(0).isArray() ? Tables.rows(v, key) : Tables.records(v, key);
    }
  }

  private static Table csv(byte[] body) {
    try (TableReader csv = TableReader.csv(new StringReader(new String(body, StandardCharsets.UTF_8)), "the CSV body")) {
      List<String[]> rows = new ArrayList<>();
      for (String[] r = csv.next(); r != null; r = csv.next()) {
        rows.add(r);
      }
      return Tables.csv(csv.header(), rows);
    } catch (BadInputException e) {
      throw ApiException.badRequest(e.getMessage());
    }
  }
}
