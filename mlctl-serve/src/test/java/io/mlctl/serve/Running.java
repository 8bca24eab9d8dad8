package io.mlctl.serve;

import io.javalin.Javalin;
import io.mlctl.serve.log.RequestLog;
import io.mlctl.serve.metrics.ServeMetrics;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** A started server on an ephemeral loopback port, its models loaded; closing stops it. */
final class Running implements AutoCloseable {
  final Deployment deployment;
  final Javalin app;
  final Client client;
  final List<String> notices;

  private Running(Deployment deployment, Javalin app, List<String> notices) {
    this.deployment = deployment;
    this.notices = notices;
    this.app = app;
    this.client = new Client(app.port());
  }

  static Running start(ModelSource source, Deployment.Plan plan, ServeConfig config, Path logDir) {
    return start(source, plan, config, logDir, d -> { });
  }

  /** With {@code configure} applied to the deployment before it loads (drift, a schema). */
  static Running start(ModelSource source, Deployment.Plan plan, ServeConfig config, Path logDir,
      java.util.function.Consumer<Deployment> configure) {
    ServeMetrics metrics = ServeMetrics.create();
    RequestLog log = logDir == null ? null : RequestLog.open(logDir, RequestLog.Limits.defaults(), metrics);
    List<String> notices = Collections.synchronizedList(new ArrayList<>());
    Deployment d = new Deployment(source, plan, metrics, log, notices::add);
    configure.accept(d);
    d.load();
    return new Running(d, ServerFactory.create(d, config).start(), notices);
  }

  static Running start(TestProject p, ServeConfig config, String... refs) {
    return start(p.source(false), Deployment.Plan.of(refs), config, null);
  }

  @Override
  public void close() {
    app.stop();
    deployment.close();
  }
}
