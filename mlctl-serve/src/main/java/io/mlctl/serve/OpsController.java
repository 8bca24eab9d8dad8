package io.mlctl.serve;

import io.javalin.http.Context;
import io.mlctl.core.Version;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** What operators call: health, version, metrics, a forced reload, the OpenAPI description. */
final class OpsController {
  private static final byte[] OK = "{\"status\":\"ok\"}".getBytes(StandardCharsets.US_ASCII);

  private final Deployment deployment;
  private final byte[] version;
  private final byte[] openApi;

  OpsController(Deployment deployment, byte[] openApi) {
    this.deployment = deployment;
    this.version = Json.write(g -> {
      g.writeStartObject();
      g.writeStringField("version", Version.get());
      g.writeEndObject();
    });
    this.openApi = openApi;
  }

  void health(Context ctx) {
    if (!deployment.ready()) {
      throw ApiException.notReady("the model is still loading");
    }
    Http.json(ctx, OK);
  }

  void version(Context ctx) {
    Http.json(ctx, version);
  }

  void metrics(Context ctx) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
    try {
      deployment.metrics().scrape(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ctx.contentType(deployment.metrics().contentType()).result(out.toByteArray());
  }

  void reload(Context ctx) {
    List<Deployment.Change> changes = deployment.reload(true);
    Http.json(ctx, Json.write(g -> {
      g.writeStartObject();
      g.writeArrayFieldStart("models");
      for (Deployment.Change c : changes) {
        g.writeStartObject();
        g.writeStringField("name", c.name());
        g.writeStringField("ref", c.ref());
        g.writeStringField("from", c.from());
        g.writeStringField("to", c.to());
        g.writeBooleanField("changed", c.changed());
        if (c.error() != null) {
          g.writeStringField("error", c.error());
        }
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
    }));
  }

  void openApi(Context ctx) {
    Http.json(ctx, openApi);
  }
}
