package io.mlctl.serve;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import io.javalin.config.Key;
import org.eclipse.jetty.server.NetworkConnector;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.component.LifeCycle;

/**
 * Builds the mlctl model server, unstarted, from the models it serves and its configuration:
 * routes to controllers, request ids, bearer auth, CORS, the body limit, timeouts, metrics, and one
 * mapping of every failure to the JSON error shape ({@code {"error": {"code", "message"}}}, or
 * {@code {"error": "…"}} under {@code /v2/}). No stack trace ever reaches a client.
 */
public final class ServerFactory {
  /** Paths a load balancer probes: answered without the token. */
  private static final Set<String> OPEN = Set.of("/health", "/ping", "/v2/health/live", "/v2/health/ready");

  /** Requests being answered now: a graceful stop waits for them. */
  private static final Key<AtomicInteger> IN_FLIGHT = new Key<>("mlctl.inFlight");

  private ServerFactory() {}

  public static Javalin create(Deployment deployment, ServeConfig config) {
    V1Controller v1 = new V1Controller(deployment, config);
    MlflowController mlflow = new MlflowController(deployment, config);
    V2Controller v2 = new V2Controller(deployment, config);
    OpsController ops = new OpsController(deployment, OpenApi.document(config.token() != null));
    byte[] token = config.token() == null ? null : config.token().getBytes(StandardCharsets.UTF_8);
    AtomicInteger inFlight = new AtomicInteger();
    return Javalin.create(c -> {
      c.appData(IN_FLIGHT, inFlight);
      c.startup.showJavalinBanner = false;
      c.startup.showOldJavalinVersionWarning = false;
      // Javalin's start-up watcher is a non-daemon thread that delays every exit by seconds.
      c.startup.startupWatcherEnabled = false;
      c.jetty.host = config.host();
      c.jetty.port = config.port();
      c.http.maxRequestSize = config.maxBodyBytes();
      c.jetty.modifyServer(server -> {
        idleTimeout(server, config.idleTimeout().toMillis());
        server.setErrorHandler(new JsonErrorHandler());
      });
      c.jetty.modifyHttpConfiguration(h -> {
        h.setSendServerVersion(false);
        h.setIdleTimeout(config.idleTimeout().toMillis());
      });

      c.routes.before(ctx -> {
        inFlight.incrementAndGet();
        before(ctx, config, token);
      });
      c.routes.after(ctx -> {
        try {
          after(ctx, deployment);
        } finally {
          inFlight.decrementAndGet();
        }
      });
      c.routes.get("/health", ops::health);
      c.routes.get("/ping", ops::health);
      c.routes.get("/version", ops::version);
      c.routes.get("/metrics", ops::metrics);
      c.routes.post("/admin/reload", ops::reload);
      c.routes.get("/openapi.json", ops::openApi);
      c.routes.get("/v1/models", v1::list);
      c.routes.get("/v1/models/{name}", v1::get);
      c.routes.get("/v1/models/{name}/drift", v1::drift);
      c.routes.post("/v1/models/{call}", v1::call);
      c.routes.post("/invocations", mlflow::invocations);
      c.routes.get("/v2", v2::server);
      c.routes.get("/v2/health/live", v2::live);
      c.routes.get("/v2/health/ready", v2::ready);
      c.routes.get("/v2/models/{name}", v2::metadata);
      c.routes.get("/v2/models/{name}/ready", v2::modelReady);
      c.routes.post("/v2/models/{name}/infer", v2::infer);
      if (config.corsOrigin() != null) {
        c.routes.options("/*", ctx -> ctx.status(204));
      }

      c.routes.exception(ApiException.class, (e, ctx) -> error(ctx, e.status(), e.code(), e.getMessage()));
      c.routes.exception(HttpResponseException.class, (e, ctx) -> error(ctx, e.getStatus(),
          e.getStatus() == 404 ? "not_found" : "http_" + e.getStatus(),
          e.getStatus() == 404 ? "no such endpoint: " + ctx.method() + " " + ctx.path() : e.getMessage()));
      c.routes.exception(Exception.class, (e, ctx) -> {
        // A bug, not the client's fault: one line to the server's log, no stack trace to the client.
        System.err.println("mlctl serve: error: " + ctx.method() + " " + ctx.path() + ": " + e);
        error(ctx, 500, "internal", "the server failed to answer: " + e.getClass().getSimpleName());
      });
    });
  }

  /**
   * Stops {@code app} gracefully: it stops accepting connections at once, lets the requests being
   * answered finish (up to {@code grace}), then stops. The caller closes the deployment after, so
   * the request log gets every answered request.
   */
  public static void shutdown(Javalin app, Duration grace) {
    Server server = app.jettyServer().server();
    for (Connector c : server.getConnectors()) {
      if (c instanceof NetworkConnector n) {
        n.close();
      }
    }
    long deadline = System.nanoTime() + grace.toNanos();
    while (inFlight(app) > 0 && System.nanoTime() < deadline) {
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    app.stop();
  }

  /** Requests the server has begun to handle and not yet answered. */
  static int inFlight(Javalin app) {
    return app.unsafe.appDataManager.get(IN_FLIGHT).get();
  }

  /** Whether the server still takes new connections: false once {@link #shutdown} has begun. */
  static boolean accepting(Javalin app) {
    for (Connector c : app.jettyServer().server().getConnectors()) {
      if (c instanceof NetworkConnector n && n.isOpen()) {
        return true;
      }
    }
    return false;
  }

  private static void idleTimeout(Server server, long millis) {
    // The connectors exist only once Javalin starts the server: set their timeout as it starts.
    server.addEventListener(new LifeCycle.Listener() {
      @Override
      public void lifeCycleStarting(LifeCycle event) {
        for (Connector c : server.getConnectors()) {
          if (c instanceof org.eclipse.jetty.server.AbstractConnector a) {
            a.setIdleTimeout(millis);
          }
        }
      }
    });
  }

  private static void before(Context ctx, ServeConfig config, byte[] token) {
    ctx.attribute(Http.ATTR_START, System.nanoTime());
    String id = Http.requestId(ctx);
    ctx.attribute(Http.ATTR_ID, id);
    ctx.header(Http.REQUEST_ID, id);
    if (config.corsOrigin() != null) {
      cors(ctx, config.corsOrigin());
      if (ctx.method().name().equals("OPTIONS")) {
        return;
      }
    }
    if (token != null && !OPEN.contains(ctx.path()) && !authorized(ctx.header("Authorization"), token)) {
      ctx.header("WWW-Authenticate", "Bearer");
      throw new ApiException(401, "unauthorized", "this server needs 'Authorization: Bearer TOKEN'");
    }
    // Refused from the declared length, before a byte of the body is read.
    if (ctx.req().getContentLengthLong() > config.maxBodyBytes()) {
      throw Http.tooLarge(config.maxBodyBytes());
    }
  }

  /** Compares in time independent of where the token differs, so timing does not leak it. */
  static boolean authorized(String header, byte[] token) {
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return false;
    }
    return MessageDigest.isEqual(header.substring(7).strip().getBytes(StandardCharsets.UTF_8), token);
  }

  private static void cors(Context ctx, String allowed) {
    String origin = ctx.header("Origin");
    if (origin == null || !(allowed.equals("*") || allowed.equals(origin))) {
      return;
    }
    ctx.header("Access-Control-Allow-Origin", allowed.equals("*") ? "*" : origin);
    ctx.header("Vary", "Origin");
    ctx.header("Access-Control-Expose-Headers", Http.REQUEST_ID + ", " + Http.MODEL_VERSION);
    if (ctx.method().name().equals("OPTIONS")) {
      ctx.header("Access-Control-Allow-Methods", "GET, POST, OPTIONS");
      ctx.header("Access-Control-Allow-Headers", "Authorization, Content-Type, " + Http.REQUEST_ID);
      ctx.header("Access-Control-Max-Age", "600");
    }
  }

  private static void after(Context ctx, Deployment deployment) {
    String model = ctx.attribute(Http.ATTR_MODEL);
    String version = ctx.attribute(Http.ATTR_VERSION);
    if (model != null) {
      deployment.metrics().request(model, version == null ? "" : version, ctx.statusCode(),
          (System.nanoTime() - Http.start(ctx)) / 1e9);
    }
    if (version == null) {
      // One model served: every response can name its version.
      ServedModel only = deployment.only();
      if (only != null) {
        ctx.header(Http.MODEL_VERSION, only.version());
      }
    }
  }

  private static void error(Context ctx, int status, String code, String message) {
    ctx.status(status);
    Http.json(ctx, Json.error(code, message, ctx.path().startsWith("/v2/")));
  }
}
