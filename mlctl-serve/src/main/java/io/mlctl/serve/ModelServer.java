package io.mlctl.serve;

import io.javalin.Javalin;
import io.mlctl.core.MlctlException;
import io.mlctl.core.StorageException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;

/**
 * A running model server, as {@code mlctl serve} runs it: the HTTP server starts while the models
 * load (so {@code /health} says 503 until they are in, and start-up costs the longer of the two
 * rather than their sum), aliases are followed, and SIGTERM or SIGINT stop it gracefully: no new
 * connections, the requests in flight answered, the request log drained and closed.
 */
public final class ModelServer implements AutoCloseable {
  /** How long a stop waits for the requests in flight. */
  public static final Duration GRACE = Duration.ofSeconds(30);

  private final Javalin app;
  private final Deployment deployment;
  private final ServeConfig config;
  private final CountDownLatch stopRequested = new CountDownLatch(1);
  private volatile boolean stopped;

  private ModelServer(Javalin app, Deployment deployment, ServeConfig config) {
    this.app = app;
    this.deployment = deployment;
    this.config = config;
  }

  /**
   * Starts serving {@code deployment}; returns once every model is loaded.
   *
   * @param poll how often to look for moved aliases
   * @throws MlctlException when a model cannot be loaded or the address cannot be bound (the server is stopped then)
   */
  public static ModelServer start(Deployment deployment, ServeConfig config, Duration poll) {
    CompletableFuture<Void> loading = CompletableFuture.runAsync(deployment::load);
    Javalin app = ServerFactory.create(deployment, config);
    try {
      app.start();
    } catch (RuntimeException e) {
      loading.cancel(true);
      deployment.close();
      throw new StorageException("cannot listen on " + config.host() + ":" + config.port() + ": " + rootMessage(e),
          "pick another --port, or stop what uses it", e);
    }
    try {
      loading.join();
    } catch (CompletionException e) {
      app.stop();
      deployment.close();
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw e;
    }
    deployment.follow(poll);
    return new ModelServer(app, deployment, config);
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null) {
      t = t.getCause();
    }
    return t.getMessage() == null ? t.toString() : t.getMessage();
  }

  public int port() {
    return app.port();
  }

  /** The address clients use: {@code http://HOST:PORT}. */
  public String url() {
    String host = config.host().contains(":") ? "[" + config.host() + "]" : config.host();
    return "http://" + host + ":" + port();
  }

  public Deployment deployment() {
    return deployment;
  }

  /** Blocks until SIGTERM or SIGINT arrives (or {@link #requestStop()} is called), then stops gracefully. */
  public void awaitSignal() {
    // Handled rather than left to the JVM's shutdown, so the process ends with 0 after a clean stop.
    Signals.onTermination(this::requestStop);
    try {
      stopRequested.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    close();
  }

  public void requestStop() {
    stopRequested.countDown();
  }

  @Override
  public synchronized void close() {
    if (stopped) {
      return;
    }
    stopped = true;
    ServerFactory.shutdown(app, GRACE);
    deployment.close();
  }
}
