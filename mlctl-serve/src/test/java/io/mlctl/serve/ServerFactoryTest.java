package io.mlctl.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.javalin.Javalin;
import io.mlctl.core.Version;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ServerFactoryTest {
  private final AtomicBoolean ready = new AtomicBoolean(false);
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private Javalin app;

  @BeforeEach
  void start() {
    app = ServerFactory.create(ServeConfig.loopback(0), ready::get).start();
  }

  @AfterEach
  void stop() {
    app.stop();
  }

  private HttpResponse<String> get(String path) throws Exception {
    HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path))
        .timeout(Duration.ofSeconds(5)).build();
    return http.send(req, HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void health_beforeTheModelIsLoaded_is503WithTheJsonErrorShape() throws Exception {
    HttpResponse<String> r = get("/health");

    assertEquals(503, r.statusCode());
    assertTrue(r.body().startsWith("{\"error\":{\"code\":"), r.body());
  }

  @Test
  void healthAndPing_onceReady_are200Ok() throws Exception {
    ready.set(true);

    assertEquals("{\"status\":\"ok\"}", get("/health").body());
    assertEquals(200, get("/ping").statusCode());
  }

  @Test
  void version_isMlctlsOwn() throws Exception {
    assertEquals("{\"version\":\"" + Version.get() + "\"}", get("/version").body());
  }

  @Test
  void server_bindsToLoopbackByDefault() {
    assertEquals("127.0.0.1", ServeConfig.loopback(0).host());
  }
}
