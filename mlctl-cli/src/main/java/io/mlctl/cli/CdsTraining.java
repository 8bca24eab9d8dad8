package io.mlctl.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Run once at build time under {@code -XX:ArchiveClassesAtExit}: exercises the short commands so
 * the classes they load go into the class-data sharing archive the launcher then maps, which
 * saves most of the class loading and verification of a short mlctl run.
 */
public final class CdsTraining {
  private CdsTraining() {}

  /**
   * A small pipeline run from scratch, then again with nothing to do (the common case in CI),
   * then inspected: the classes and lambdas of repro, status, dag and stage go into the archive.
   */
  private static void pipeline(Path p, PrintWriter sink, Map<String, String> env) throws IOException {
    Files.createDirectories(p.resolve("data"));
    Files.writeString(p.resolve("data/in.txt"), "training data\n");
    Files.writeString(p.resolve("params.yaml"), "train:\n  lr: 0.1\n  epochs: 2\n");
    Files.writeString(p.resolve("mlctl.yaml"), """
        vars: {suffix: txt}
        stages:
          prepare:
            cmd: cp data/in.txt prepared.${suffix}
            deps: [data]
            outs: [prepared.${suffix}]
          train:
            cmd:
              - cat prepared.txt > model.bin
              - echo 1 > metrics.json
            deps: [prepared.txt]
            params: [train.lr, train.epochs]
            outs: [model.bin]
            metrics: [{metrics.json: {cache: false}}]
          report:
            foreach: [a, b]
            do:
              cmd: echo ${item} > report-${item}.txt
              deps: [model.bin]
              outs: [report-${item}.txt]
        """);
    String d = p.toString();
    Main.run(sink, sink, env, "-C", d, "init", "--no-git");
    Main.run(sink, sink, env, "-C", d, "repro");
    // Files an hour old, as in a checkout: the no-op check then records and uses its verdict.
    java.nio.file.attribute.FileTime old = java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() - 3_600_000);
    try (Stream<Path> files = Files.walk(p)) {
      for (Path f : files.filter(f -> !f.equals(p) && !f.startsWith(p.resolve(".mlctl"))).toList()) {
        Files.setLastModifiedTime(f, old);
      }
    }
    Main.run(sink, sink, env, "-C", d, "repro", "-q");
    Main.run(sink, sink, env, "-C", d, "repro", "-q");
    Main.run(sink, sink, env, "-C", d, "repro", "--json");
    Main.run(sink, sink, env, "-C", d, "repro", "--dry");
    Main.run(sink, sink, env, "-C", d, "status");
    Main.run(sink, sink, env, "-C", d, "status", "--json");
    Main.run(sink, sink, env, "-C", d, "dag");
    Main.run(sink, sink, env, "-C", d, "stage", "list");
    Files.writeString(p.resolve("params.yaml"), "train:\n  lr: 0.2\n  epochs: 2\n");
    Main.run(sink, sink, env, "-C", d, "status");
    Main.run(sink, sink, env, "-C", d, "repro", "-j", "2");
    // Experiments: a stage's `mlctl log` is a JVM of its own, started once per logged value.
    Map<String, String> inRun = Map.of("MLCTL_RUN_ID", io.mlctl.core.pipeline.RunIds.next(java.time.Clock.systemUTC()));
    for (int step = 0; step < 3; step++) {
      Main.run(sink, sink, inRun, "-C", d, "log", "metric", "loss", String.valueOf(1.0 / (step + 1)), "--step",
          String.valueOf(step));
    }
    Main.run(sink, sink, inRun, "-C", d, "log", "param", "optimizer", "sgd");
    Main.run(sink, sink, env, "-C", d, "exp", "run", "-q", "-S", "train.lr=0.3");
    Main.run(sink, sink, env, "-C", d, "exp", "show");
    Main.run(sink, sink, env, "-C", d, "metrics", "show");
    Main.run(sink, sink, env, "-C", d, "params", "diff");
    Main.run(sink, sink, env, "-C", d, "plots", "show", "-o", p.resolve("plots.html").toString());
  }

  /**
   * status and add answered by a file-system monitor (run in this JVM), and its own commands:
   * the classes of both ends of its requests go into the archive.
   */
  private static void monitored(Path p, PrintWriter sink, Map<String, String> env) {
    String d = p.toString();
    java.util.Optional<io.mlctl.core.watch.MonitorDaemon> monitor =
        io.mlctl.core.watch.MonitorDaemon.open(p, java.time.Duration.ofMinutes(1));
    if (monitor.isEmpty()) {
      return;
    }
    Thread loop = new Thread(monitor.get()::run, "cds-fsmonitor");
    loop.start();
    try {
      Main.run(sink, sink, env, "-C", d, "status");
      Main.run(sink, sink, env, "-C", d, "status");
      Main.run(sink, sink, env, "-C", d, "add", "data");
      Main.run(sink, sink, env, "-C", d, "add", "data");
      Main.run(sink, sink, env, "-C", d, "fsmonitor", "status");
    } finally {
      monitor.get().stop();
      try {
        loop.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * Data commands in a Git repository: add (a folder, and a file big enough to stream), status,
   * diff and ls at a commit, checkout, a folder remote's push, fetch and pull, gc and fsck. JGit's
   * classes go into the archive with them.
   */
  private static void data(Path p, PrintWriter sink, Map<String, String> env) throws IOException {
    String d = p.toString();
    Files.createDirectories(p.resolve("data/sub"));
    Files.writeString(p.resolve("data/a.txt"), "a\n");
    Files.writeString(p.resolve("data/sub/b.txt"), "b\n");
    Files.write(p.resolve("big.bin"), new byte[3 << 20]);
    try (org.eclipse.jgit.api.Git git = org.eclipse.jgit.api.Git.init().setDirectory(p.toFile()).setInitialBranch("main").call()) {
      Main.run(sink, sink, env, "-C", d, "init");
      Main.run(sink, sink, env, "-C", d, "add", "data", "big.bin");
      Main.run(sink, sink, env, "-C", d, "add", "data");
      Main.run(sink, sink, env, "-C", d, "status");
      monitored(p, sink, env);
      org.eclipse.jgit.lib.PersonIdent who = new org.eclipse.jgit.lib.PersonIdent("mlctl", "mlctl@localhost");
      git.add().addFilepattern(".").call();
      git.commit().setMessage("data").setAuthor(who).setCommitter(who).setSign(false).call();
      Files.writeString(p.resolve("data/a.txt"), "a changed\n");
      Main.run(sink, sink, env, "-C", d, "status", "--json");
      Main.run(sink, sink, env, "-C", d, "add", "data");
      git.add().addFilepattern(".").call();
      git.commit().setMessage("data changed").setAuthor(who).setCommitter(who).setSign(false).call();
      Main.run(sink, sink, env, "-C", d, "diff", "HEAD~1", "HEAD");
      Main.run(sink, sink, env, "-C", d, "ls", "HEAD", "data");
      Files.delete(p.resolve("data/sub/b.txt"));
      Main.run(sink, sink, env, "-C", d, "checkout");
      Main.run(sink, sink, env, "-C", d, "remote", "add", "-d", "store", p.resolve("remote").toString());
      Main.run(sink, sink, env, "-C", d, "push");
      Main.run(sink, sink, env, "-C", d, "fetch");
      Main.run(sink, sink, env, "-C", d, "pull");
      Main.run(sink, sink, env, "-C", d, "status", "--remote", "store");
      Main.run(sink, sink, env, "-C", d, "gc", "--all-commits");
      Main.run(sink, sink, env, "-C", d, "fsck");
    } catch (org.eclipse.jgit.api.errors.GitAPIException e) {
      throw new IOException(e);
    }
  }

  /**
   * A model server answering each endpoint once: Javalin, Jetty, Jackson and the Prometheus client
   * go into the archive, which takes a good part of the time from {@code mlctl serve} to its first
   * answer.
   */
  private static void served(Path dir) throws IOException {
    io.mlctl.serve.metrics.ServeMetrics metrics = io.mlctl.serve.metrics.ServeMetrics.create();
    io.mlctl.serve.Deployment deployment = new io.mlctl.serve.Deployment(
        new io.mlctl.serve.ModelSource(dir, () -> io.mlctl.core.repo.Project.open(dir), false),
        io.mlctl.serve.Deployment.Plan.of("logistic.model"), metrics,
        io.mlctl.serve.log.RequestLog.open(dir.resolve(".mlctl/serve"), io.mlctl.serve.log.RequestLog.Limits.defaults(), metrics),
        note -> { });
    try (io.mlctl.serve.ModelServer server = io.mlctl.serve.ModelServer.start(deployment, io.mlctl.serve.ServeConfig.loopback(0),
        java.time.Duration.ofSeconds(1))) {
      String base = server.url();
      String row = "{\"x\": 1, \"y\": 2, \"group\": \"a\"}";
      for (String path : new String[] {"/health", "/v1/models", "/v1/models/logistic", "/v2/models/logistic", "/metrics", "/nope"}) {
        call(base + path, null, null);
      }
      call(base + "/v1/models/logistic:predict", "application/json", "{\"instances\": [" + row + "]}");
      call(base + "/v1/models/logistic:predict", "application/json", "{\"instances\": [{\"x\": \"a\"}]}");
      call(base + "/invocations", "application/json", "{\"dataframe_records\": [" + row + "]}");
      call(base + "/invocations", "text/csv", "x,y,group\n1,2,a\n");
      call(base + "/v2/models/logistic/infer", "application/json", "{\"inputs\": [{\"name\": \"x\", \"datatype\": \"FP64\", "
          + "\"shape\": [1], \"data\": [1]}, {\"name\": \"y\", \"datatype\": \"FP64\", \"shape\": [1], \"data\": [2]}, "
          + "{\"name\": \"group\", \"datatype\": \"BYTES\", \"shape\": [1], \"data\": [\"a\"]}]}");
    }
  }

  private static void call(String url, String type, String body) throws IOException {
    java.net.HttpURLConnection c = (java.net.HttpURLConnection) java.net.URI.create(url).toURL().openConnection();
    if (body != null) {
      c.setRequestMethod("POST");
      c.setDoOutput(true);
      c.setRequestProperty("Content-Type", type);
      try (java.io.OutputStream out = c.getOutputStream()) {
        out.write(body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      }
    }
    try (java.io.InputStream in = c.getResponseCode() < 400 ? c.getInputStream() : c.getErrorStream()) {
      if (in != null) {
        in.readAllBytes();
      }
    }
  }

  public static void main(String[] args) throws IOException {
    Path dir = Files.createTempDirectory("mlctl-cds");
    try {
      PrintWriter sink = new PrintWriter(Writer.nullWriter());
      Map<String, String> env = Map.of();
      String d = dir.toString();
      Main.run(sink, sink, env, "--version");
      Main.run(sink, sink, env, "--help");
      Main.run(sink, sink, env, "-C", d, "init", "--no-git");
      Main.run(sink, sink, env, "-C", d, "status");
      Main.run(sink, sink, env, "-C", d, "status", "--json");
      Main.run(sink, sink, env, "-C", d, "config", "list");
      Main.run(sink, sink, env, "-C", d, "config", "get", "core.lock_wait");
      Main.run(sink, sink, env, "no-such-command");
      // Model commands load Tribuo, protobuf and OLCUT: a few thousand classes worth archiving.
      StringBuilder csv = new StringBuilder("x,y,group,label\n");
      for (int i = 0; i < 64; i++) {
        csv.append(i % 10).append(',').append((i * 7) % 13).append(',').append(i % 3 == 0 ? "a" : "b").append(',')
            .append((i % 10) + ((i * 7) % 13) > 10 ? "hi" : "lo").append('\n');
      }
      Files.writeString(dir.resolve("d.csv"), csv.toString());
      for (String algo : new String[] {"logistic", "cart", "random-forest"}) {
        Main.run(sink, sink, env, "-C", d, "train", "--data", "d.csv", "--label", "label", "--algorithm", algo,
            "--param", algo.equals("random-forest") ? "trees=2" : algo.equals("cart") ? "bins=4" : "c=1.0",
            "--out", algo + ".model", "--metrics", algo + ".json");
        Main.run(sink, sink, env, "-C", d, "evaluate", "--model", algo + ".model", "--data", "d.csv", "--slice", "group");
        Main.run(sink, sink, env, "-C", d, "predict", "--model", algo + ".model", "--input", "d.csv", "--output", "p.csv", "--proba");
      }
      Main.run(sink, sink, env, "-C", d, "explain", "--model", "logistic.model", "--input", "d.csv", "--rows", "1", "--top", "2");
      Main.run(sink, sink, env, "-C", d, "train", "--data", "d.csv", "--label", "x", "--algorithm", "linear", "--out", "l.model");
      Main.run(sink, sink, env, "-C", d, "data", "split", "d.csv", "--train", "tr.csv", "--test", "te.csv");
      served(dir);
      pipeline(dir.resolve("pipeline"), sink, env);
      data(dir.resolve("data"), sink, env);
    } finally {
      try (Stream<Path> walk = Files.walk(dir)) {
        walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
