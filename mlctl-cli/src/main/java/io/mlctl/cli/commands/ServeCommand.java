package io.mlctl.cli.commands;

import io.mlctl.cli.ExitCodes;
import io.mlctl.cli.GlobalOptions;
import io.mlctl.cli.Output;
import io.mlctl.core.BadArgumentException;
import io.mlctl.core.BadInputException;
import io.mlctl.core.repo.ProjectLayout;
import io.mlctl.core.validate.Schema;
import io.mlctl.core.validate.SchemaFile;
import io.mlctl.serve.Deployment;
import io.mlctl.serve.DriftSettings;
import io.mlctl.serve.ModelServer;
import io.mlctl.serve.ModelSource;
import io.mlctl.serve.ServeConfig;
import io.mlctl.serve.ServedModel;
import io.mlctl.serve.log.RequestLog;
import io.mlctl.serve.metrics.ServeMetrics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mlctl serve}. */
@Command(name = "serve", mixinStandardHelpOptions = true,
    description = {"Serve models over HTTP: KServe V1, MLflow's /invocations and the Open Inference Protocol (V2).",
        "Runs until SIGTERM or Ctrl-C, then finishes the requests in flight and exits 0."})
public final class ServeCommand implements Callable<Integer> {
  @Mixin
  GlobalOptions global;

  @Spec
  CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "REF", description = "Models to serve: a model file, NAME@ALIAS or NAME@vN.")
  List<String> refs;

  @Option(names = "--host", paramLabel = "ADDR", description = "The address to listen on (default: ${DEFAULT-VALUE}, this machine only).")
  String host = ServeConfig.LOOPBACK;

  @Option(names = "--port", paramLabel = "PORT", description = "The port (default: ${DEFAULT-VALUE}; 0 for any free one).")
  int port = 8080;

  @Option(names = "--token-env", paramLabel = "VAR", description = "Require 'Authorization: Bearer TOKEN', TOKEN being this environment variable's value.")
  String tokenEnv;

  @Option(names = "--canary", paramLabel = "REF=PCT", description = "Answer PCT percent of the requests with this other version.")
  String canary;

  @Option(names = "--shadow", paramLabel = "REF", description = "Also score every request with this version, off the request path; its answers go to the request log only.")
  String shadow;

  @Option(names = "--max-body", paramLabel = "BYTES", description = "The largest request body (default: 8MiB); suffixes K, M, G (or KiB, MiB, GiB).")
  String maxBody = "8MiB";

  @Option(names = "--pull", description = "Fetch a registered model missing from the local cache from the default remote first.")
  boolean pull;

  @Option(names = "--strict", description = "Refuse instances that carry a feature the model does not read.")
  boolean strict;

  @Option(names = "--cors", paramLabel = "ORIGIN", description = "Let browser pages from ORIGIN ('*' for any) call the server.")
  String cors;

  @Option(names = "--poll", paramLabel = "DURATION", description = "How often to look for moved aliases (default: 1s; 30s with --follow).")
  String poll;

  @Option(names = "--follow", paramLabel = "REMOTE/BRANCH", description = "Take the versions aliases name from this Git branch, fetched every --poll; the checkout is left alone.")
  String follow;

  @Option(names = "--reference", paramLabel = "CSV", description = "Compare served traffic with this file rather than each model's training data.")
  Path reference;

  @Option(names = "--drift-window", paramLabel = "N", description = "The last N instances of each model compared for drift (default: ${DEFAULT-VALUE}).")
  int driftWindow = DriftSettings.DEFAULT_WINDOW;

  @Option(names = "--schema", paramLabel = "FILE", description = "Refuse requests that break this schema's rules (as 'mlctl validate' checks them).")
  Path schema;

  @Option(names = "--idle-timeout", paramLabel = "DURATION", description = "Close a connection silent this long, reading or writing (default: ${DEFAULT-VALUE}).")
  String idleTimeout = "30s";

  @Override
  public Integer call() {
    // Jetty and Javalin narrate their start and stop at INFO; the one start-up line says it all.
    quiet("org.eclipse.jetty");
    quiet("io.javalin");
    Output out = Output.of(spec, global.globals());
    Where w = Where.of(out);
    ServeConfig config = new ServeConfig(host, port, bytes(maxBody), token(out), cors, strict, duration(idleTimeout, "--idle-timeout"));
    String canaryRef = null;
    int canaryPercent = 0;
    if (canary != null) {
      int eq = canary.lastIndexOf('=');
      if (eq <= 0) {
        throw new BadArgumentException("--canary needs REF=PCT, not '" + canary + "'", "for example --canary iris@v4=10");
      }
      canaryRef = canary.substring(0, eq);
      canaryPercent = percent(canary.substring(eq + 1));
    }
    Deployment.Plan plan = new Deployment.Plan(refs.stream().map(r -> latestIfBare(out, w, r)).toList(),
        canaryRef == null ? null : latestIfBare(out, w, canaryRef), canaryPercent, shadow == null ? null : latestIfBare(out, w, shadow));
    // both read before anything starts: a typo in the schema or a missing file fails at once
    Schema rules = schema == null ? null : SchemaFile.read(w.cwd.resolve(schema), schema.toString());
    Path referenceFile = reference == null ? null : w.cwd.resolve(reference);
    if (referenceFile != null && !Files.isRegularFile(referenceFile)) {
      throw new BadInputException("--reference " + reference + ": no such file", "give the CSV file served traffic is compared with");
    }
    DriftSettings drift = new DriftSettings(driftWindow, referenceFile, DriftSettings.DEFAULT_REFRESH);
    ServeMetrics metrics = ServeMetrics.create();
    // Served requests are logged in the project; a model file served outside one is not.
    RequestLog log = w.root == null ? null : RequestLog.open(new ProjectLayout(w.root).serveLogs(), RequestLog.Limits.defaults(), metrics);
    ModelSource source = new ModelSource(w.cwd, out::openProject, pull);
    if (follow != null) {
      int slash = follow.indexOf('/');
      if (slash <= 0 || slash == follow.length() - 1) {
        throw new BadArgumentException("--follow needs REMOTE/BRANCH, not '" + follow + "'", "for example --follow origin/main");
      }
      source.follow(follow.substring(0, slash), follow.substring(slash + 1));
    }
    Deployment deployment;
    try {
      deployment = new Deployment(source, plan, metrics, log, out::note);
    } catch (RuntimeException e) {
      if (log != null) {
        log.close();
      }
      throw e;
    }
    deployment.monitorDrift(drift);
    if (rules != null) {
      deployment.requireSchema(rules);
    }
    ModelServer server = ModelServer.start(deployment, config, duration(poll != null ? poll : follow != null ? "30s" : "1s", "--poll"));
    announce(out, server, log != null);
    server.awaitSignal();
    out.note("mlctl serve: stopped");
    return ExitCodes.OK;
  }

  private static void quiet(String logger) {
    String key = "org.slf4j.simpleLogger.log." + logger;
    if (System.getProperty(key) == null) {
      System.setProperty(key, "warn");
    }
  }

  private static void announce(Output out, ModelServer server, boolean logging) {
    List<ServedModel> served = server.deployment().served();
    if (out.json()) {
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("url", server.url());
      List<Map<String, Object>> models = new ArrayList<>();
      for (ServedModel m : served) {
        models.add(Map.of("name", m.name(), "version", m.version(), "ref", m.ref()));
      }
      doc.put("models", models);
      out.json(doc);
    } else {
      List<String> shown = new ArrayList<>();
      for (ServedModel m : served) {
        shown.add(m.shown() + (m.ref().equals(m.shown()) ? "" : " (" + m.ref() + ")"));
      }
      out.println("Serving " + String.join(", ", shown) + " at " + server.url() + (logging ? "" : " (no request log outside a project)"));
    }
    out.out().flush();
  }

  private String token(Output out) {
    if (tokenEnv == null) {
      return null;
    }
    String t = out.globals().env().get(tokenEnv);
    if (t == null || t.isBlank()) {
      throw new BadArgumentException("--token-env " + tokenEnv + ": the environment variable is not set or empty",
          "export " + tokenEnv + "=... before 'mlctl serve'");
    }
    return t.strip();
  }

  static long bytes(String text) {
    String t = text.strip().toUpperCase(java.util.Locale.ROOT).replace("IB", "").replace("B", "");
    long unit = 1;
    if (!t.isEmpty() && "KMG".indexOf(t.charAt(t.length() - 1)) >= 0) {
      unit = 1L << (10 * ("KMG".indexOf(t.charAt(t.length() - 1)) + 1));
      t = t.substring(0, t.length() - 1);
    }
    try {
      long n = Long.parseLong(t.strip());
      if (n > 0 && n <= Long.MAX_VALUE / unit) {
        return n * unit;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new BadArgumentException("--max-body " + text + " is not a size", "use a number of bytes, or 512K, 8M, 1G");
  }

  static Duration duration(String text, String option) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+)(ms|s|m)?").matcher(text.strip());
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      String unit = m.group(2) == null ? "s" : m.group(2);
      Duration d = unit.equals("ms") ? Duration.ofMillis(n) : unit.equals("m") ? Duration.ofMinutes(n) : Duration.ofSeconds(n);
      if (!d.isZero()) {
        return d;
      }
    }
    throw new BadArgumentException(option + " " + text + " is not a duration", "use for example 500ms, 1s or 2m");
  }

  private static int percent(String text) {
    try {
      int p = Integer.parseInt(text.strip().replace("%", ""));
      if (p >= 0 && p <= 100) {
        return p;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new BadArgumentException("--canary share '" + text + "' is not a percentage", "use REF=PCT with PCT from 0 to 100");
  }

  /**
   * A bare NAME means the model's latest version, as everywhere a model is named: {@code NAME@latest},
   * which the server follows as new versions are registered. A file of that name wins.
   */
  private static String latestIfBare(Output out, Where w, String ref) {
    if (ref.indexOf('@') >= 0 || Files.exists(w.cwd.resolve(ref)) || ref.contains("/")) {
      return ref;
    }
    try (io.mlctl.core.repo.Project p = out.openProject()) {
      return Files.isRegularFile(p.layout().registry().resolve(ref + ".yaml")) ? ref + "@latest" : ref;
    } catch (io.mlctl.core.NotAProjectException notInAProject) {
      return ref;
    }
  }
}
