package io.mlctl.serve;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.mlctl.core.Version;

/**
 * Builds the mlctl HTTP server, unstarted, from its configuration. The model endpoints of the
 * contract grow here; this holds the parts every server has: health, readiness and version.
 * The returned app binds to {@link ServeConfig#host()} when started.
 */
public final class ServerFactory {
  private ServerFactory() {}

  public static Javalin create(ServeConfig config, Readiness readiness) {
    return Javalin.create(c -> {
      c.startup.showJavalinBanner = false;
      // Javalin's start-up watcher is a non-daemon thread that delays every exit by seconds.
      c.startup.startupWatcherEnabled = false;
      c.jetty.host = config.host();
      c.jetty.port = config.port();
      c.routes.get("/health", ctx -> health(ctx, readiness));
      c.routes.get("/ping", ctx -> health(ctx, readiness));
      c.routes.get("/version", ctx -> ctx.contentType("application/json")
          .result("{\"version\":\"" + Version.get() + "\"}"));
    });
  }

  private static void health(Context ctx, Readiness readiness) {
    ctx.contentType("application/json");
    if (readiness.ready()) {
      ctx.result("{\"status\":\"ok\"}");
    } else {
      ctx.status(503).result("{\"error\":{\"code\":\"not_ready\",\"message\":\"the model is still loading\"}}");
    }
  }
}
