package io.mlctl.cli.commands;

import io.mlctl.cli.ExitCodes;
import io.mlctl.cli.GlobalOptions;
import io.mlctl.cli.Output;
import io.mlctl.core.registry.AuditEntry;
import io.mlctl.core.registry.AuditVerification;
import io.mlctl.core.registry.ModelRegistry;
import io.mlctl.core.registry.ModelVersion;
import io.mlctl.core.registry.RegisteredModel;
import io.mlctl.core.registry.Requirement;
import io.mlctl.core.repo.Project;
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

/** {@code mlctl models ...}: the model registry in {@code .mlctl/registry/}. */
@Command(name = "models", mixinStandardHelpOptions = true,
    description = {"Register model versions, move aliases between them and audit every change.",
        "Versions and aliases live in .mlctl/registry/NAME.yaml (commit it), artifacts in the cache (push and pull"
            + " carry them), and every change goes into a hash-chained audit trail."},
    subcommands = {ModelsCommand.Register.class, ModelsCommand.ListModels.class, ModelsCommand.Show.class,
        ModelsCommand.Promote.class, ModelsCommand.Rollback.class, ModelsCommand.Audit.class, ModelsCommand.Get.class, ModelsDiffCommand.class,
        ModelsReportCommand.class})
public final class ModelsCommand implements Callable<Integer> {
  @Mixin
  GlobalOptions global;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return ExitCodes.USAGE;
  }

  static Map<String, Object> json(RegisteredModel m) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("name", m.name());
    List<Object> vs = new ArrayList<>();
    m.versions().forEach(v -> vs.add(json(m.name(), v)));
    doc.put("versions", vs);
    doc.put("aliases", aliases(m));
    Map<String, List<String>> history = new LinkedHashMap<>();
    m.aliasHistory().forEach((alias, held) -> history.put(alias, held.stream().map(n -> "v" + n).toList()));
    doc.put("alias_history", history);
    return doc;
  }

  /** Each alias and the version it names, written "vN" as versions are everywhere. */
  static Map<String, String> aliases(RegisteredModel m) {
    Map<String, String> aliases = new LinkedHashMap<>();
    m.aliases().forEach((k, v) -> aliases.put(k, "v" + v));
    return aliases;
  }

  /** A failed gate requirement: what a script needs (metric, value, bound) and the sentence. */
  static Map<String, Object> json(io.mlctl.core.registry.GateFailure f) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("requirement", f.requirement());
    doc.put("metric", f.metric());
    doc.put("op", f.op());
    doc.put("bound", f.bound());
    doc.put("value", f.value());
    doc.put("message", f.message());
    return doc;
  }

  static Map<String, Object> json(String name, ModelVersion v) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("name", name);
    doc.put("version", v.tag());
    doc.put("sha256", v.sha256());
    doc.put("size", v.size());
    doc.put("card_sha256", v.cardSha256());
    doc.put("card", v.card());
    doc.put("metrics", v.metrics());
    doc.put("metrics_verified", v.metricsVerified());
    doc.put("metrics_data_sha256", v.metricsDataSha256());
    doc.put("description", v.description());
    doc.put("tags", v.tags());
    doc.put("run", v.run());
    doc.put("source", v.source());
    doc.put("registered_by", v.registeredBy());
    doc.put("registered_at", v.registeredAt());
    return doc;
  }

  /** The metrics worth a column, in this order, when any of the versions has them. */
  private static final List<String> KEY_METRICS = List.of("accuracy", "f1_macro", "roc_auc", "log_loss", "rmse", "mae", "r2");

  static List<String> keyMetrics(List<ModelVersion> versions) {
    return KEY_METRICS.stream().filter(k -> versions.stream().anyMatch(v -> v != null && v.metrics().get(k) instanceof Number)).toList();
  }

  static List<String> metricCells(ModelVersion v, List<String> keys) {
    return keys.stream().map(k -> v == null || !(v.metrics().get(k) instanceof Number n) ? "-" : Table.value(n.doubleValue(), 4)).toList();
  }

  /** An audit detail for reading: nested maps as "key: value", lists bracketed, nothing as "none". */
  static String detail(Object v) {
    if (v == null) {
      return "none";
    }
    if (v instanceof Map<?, ?> m) {
      List<String> parts = new ArrayList<>();
      m.forEach((k, x) -> parts.add(k + ": " + detail(x)));
      return "(" + String.join(", ", parts) + ")";
    }
    if (v instanceof List<?> l) {
      return "[" + String.join(", ", l.stream().map(ModelsCommand::detail).toList()) + "]";
    }
    return String.valueOf(v);
  }

  /** The aliases that name {@code v}. */
  static List<String> aliasesOf(RegisteredModel m, ModelVersion v) {
    List<String> holds = new ArrayList<>();
    m.aliases().forEach((k, n) -> {
      if (n == v.version()) {
        holds.add(k);
      }
    });
    return holds;
  }

  @Command(name = "register", mixinStandardHelpOptions = true,
      description = "Register a model file (with its card) as the next version vN of NAME; its bytes go to the cache.")
  static final class Register implements Callable<Integer> {
    @Mixin
    GlobalOptions global;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME", description = "The model's name in the registry.")
    String name;

    @Parameters(index = "1", paramLabel = "PATH", description = "The model file written by 'mlctl train'.")
    String path;

    @Option(names = "--metrics", paramLabel = "JSON",
        description = {"Metrics to record (e.g. from 'mlctl evaluate --metrics-out'); default: the card's training metrics.",
            "A file that names another model's SHA-256 is refused; one that names none is recorded as unverified."})
    String metrics;

    @Option(names = "--description", paramLabel = "TEXT", description = "What the model is for (its intended use), shown by 'models show'.")
    String description;

    @Option(names = "--tag", paramLabel = "KEY=VALUE", description = "A tag to store with the version. Repeatable.")
    List<String> tags = new ArrayList<>();

    @Option(names = "--force", description = "Register the file even if the same bytes are already a version of NAME.")
    boolean force;

    @Option(names = "--run", paramLabel = "ID", description = "The run that produced the model (id or id prefix); default: MLCTL_RUN_ID inside a stage.")
    String run;

    @Override
    public Integer call() {
      Output out = Output.of(spec, global.globals());
      Where w = Where.of(out);
      ModelRegistry.Registered r;
      try (Project project = out.openProject()) {
        r = new ModelRegistry(project).register(name, w.path(path), w.shown(w.path(path)),
            metrics == null ? null : w.path(metrics), metrics == null ? null : w.shown(w.path(metrics)),
            new ModelRegistry.RegisterOptions(description, ModelRegistry.tags(tags), run, force));
      }
      if (!r.registered()) {
        if (out.json()) {
          Map<String, Object> doc = new LinkedHashMap<>();
          doc.put("name", name);
          doc.put("registered", false);
          doc.put("already_registered_as", r.alreadyAs().tag());
          doc.put("sha256", r.alreadyAs().sha256());
          out.json(doc);
        }
        out.error(w.shown(w.path(path)) + " is already registered as " + name + "@" + r.alreadyAs().tag(),
            "register it again as a new version with --force");
        return ExitCodes.NO;
      }
      if (out.json()) {
        out.json(json(name, r.version()));
      } else {
        out.println("Registered " + w.shown(w.path(path)) + " as " + name + "@" + r.version().tag() + " ("
            + r.version().sha256().substring(0, 12) + (r.alreadyAs() == null ? "" : ", the same bytes as " + r.alreadyAs().tag()) + ").");
        if (!r.version().metricsVerified()) {
          out.println("Its metrics name no model, so they are recorded as unverified: gates ignore them unless --allow-unverified.");
        }
        out.println("Commit .mlctl/registry/ to share it; 'mlctl push' sends the artifact.");
      }
      return ExitCodes.OK;
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List registered models, their latest version and aliases.")
  static final class ListModels implements Callable<Integer> {
    @Mixin
    GlobalOptions global;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
      Output out = Output.of(spec, global.globals());
      List<RegisteredModel> models;
      try (Project project = out.openProject()) {
        models = new ModelRegistry(project).list();
      }
      if (out.json()) {
        List<Object> doc = new ArrayList<>();
        for (RegisteredModel m : models) {
          Map<String, Object> e = new LinkedHashMap<>();
          e.put("name", m.name());
          e.put("versions", m.versions().size());
          e.put("latest", m.versions().isEmpty() ? null : m.versions().get(m.versions().size() - 1).tag());
          e.put("aliases", aliases(m));
          doc.add(e);
        }
        out.json(doc);
        return ExitCodes.OK;
      }
      if (models.isEmpty()) {
        out.println("No models registered; use 'mlctl models register NAME PATH'.");
        return ExitCodes.OK;
      }
      List<ModelVersion> latest = models.stream().map(m -> m.versions().isEmpty() ? null : m.versions().get(m.versions().size() - 1)).toList();
      List<String> keys = keyMetrics(latest);
      List<String> header = new ArrayList<>(List.of("NAME", "VERSIONS", "LATEST", "ALIASES"));
      keys.forEach(k -> header.add(k.toUpperCase(java.util.Locale.ROOT)));
      Table t = new Table(header);
      for (int i = 0; i < models.size(); i++) {
        RegisteredModel m = models.get(i);
        List<String> aliases = new ArrayList<>();
        m.aliases().forEach((k, v) -> aliases.add(k + "=v" + v));
        List<String> row = new ArrayList<>(List.of(m.name(), String.valueOf(m.versions().size()),
            latest.get(i) == null ? "-" : latest.get(i).tag(), aliases.isEmpty() ? "-" : String.join(",", aliases)));
        row.addAll(metricCells(latest.get(i), keys));
        t.add(row);
      }
      t.print(out, new Table.Format());
      return ExitCodes.OK;
    }
  }

  @Command(name = "show", mixinStandardHelpOptions = true, description = "Show a model (NAME) or one version (NAME@vN, NAME@ALIAS).")
  static final class Show implements Callable<Integer> {
    @Mixin
    GlobalOptions global;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "REF", description = "NAME, NAME@vN or NAME@ALIAS.")
    String ref;

    @Override
    public Integer call() {
      Output out = Output.of(spec, global.globals());
      try (Project project = out.openProject()) {
        ModelRegistry reg = new ModelRegistry(project);
        int at = ref.lastIndexOf('@');
        if (at < 0) {
          RegisteredModel m = reg.get(ref);
          if (out.json()) {
            out.json(json(m));
            return ExitCodes.OK;
          }
          out.println(m.name());
          List<String> keys = keyMetrics(m.versions());
          List<String> header = new ArrayList<>(List.of("VERSION", "SHA256", "ALGORITHM", "REGISTERED", "BY", "ALIASES"));
          keys.forEach(k -> header.add(k.toUpperCase(java.util.Locale.ROOT)));
          Table t = new Table(header);
          for (ModelVersion v : m.versions()) {
            List<String> holds = aliasesOf(m, v);
            List<String> row = new ArrayList<>(List.of(v.tag(), v.sha256().substring(0, 12), String.valueOf(v.card().get("algorithm")),
                v.registeredAt(), v.registeredBy(), holds.isEmpty() ? "-" : String.join(",", holds)));
            row.addAll(metricCells(v, keys));
            t.add(row);
          }
          t.print(out, new Table.Format());
          return ExitCodes.OK;
        }
        RegisteredModel m = reg.get(ref.substring(0, at));
        ModelVersion v = reg.version(m, ref.substring(at + 1));
        if (out.json()) {
          out.json(json(m.name(), v));
          return ExitCodes.OK;
        }
        out.println(m.name() + "@" + v.tag() + "  sha256 " + v.sha256());
        out.println("  source:      " + v.source());
        List<String> holds = aliasesOf(m, v);
        out.println("  aliases:     " + (holds.isEmpty() ? "-" : String.join(", ", holds)));
        out.println("  registered:  " + v.registeredAt() + " by " + v.registeredBy() + (v.run() == null ? "" : " (run " + v.run() + ")"));
        if (v.description() != null) {
          out.println("  description: " + v.description());
        }
        if (!v.tags().isEmpty()) {
          List<String> kv = new ArrayList<>();
          v.tags().forEach((k, val) -> kv.add(k + "=" + val));
          out.println("  tags:        " + String.join(" ", kv));
        }
        out.println("  metrics:     " + (v.metricsVerified() ? "verified (bound to this model)" : "unverified (bound to no model)"));
        v.card().forEach((k, val) -> out.println("  " + String.format("%-12s ", k + ":") + val));
        io.mlctl.core.registry.Flatten.numbers(v.metrics()).forEach((k, val) -> {
          if (!k.startsWith("confusion_matrix") && !k.startsWith("per_class") && !k.startsWith("slice.groups")) {
            out.println("  metric " + k + " = " + val);
          }
        });
      }
      return ExitCodes.OK;
    }
  }

  @Command(name = "promote", mixinStandardHelpOptions = true,
      description = {"Point an alias at a version, when every --require holds.",
          "A requirement that fails changes nothing, names the metric, its value and the bound, and exits 1."})
  static final class Promote implements Callable<Integer> {
    @Mixin
    GlobalOptions global;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME", description = "The model.")
    String name;

    @Parameters(index = "1", paramLabel = "VERSION", description = "The version, vN (or an alias naming it).")
    String version;

    @Option(names = {"--alias", "--to"}, required = true, paramLabel = "ALIAS",
        description = "The alias to move, e.g. production (--to is the same).")
    String alias;

    @Option(names = "--require", paramLabel = "METRIC>=X",
        description = {"A gate on the version's verified metrics (>=, <=, >, <, ==; nested keys with '.', e.g. slice.min.accuracy>=0.85,",
            "fairness.demographic_parity_difference<=0.1). Repeatable."})
    List<String> require = new ArrayList<>();

    @Option(names = "--allow-unverified", description = "Also count metrics that are not bound to the version's model (registered from a file that names no model).")
    boolean allowUnverified;

    @Option(names = "--evaluate", paramLabel = "CSV", description = "Evaluate the version on this labelled data now and gate on those numbers.")
    String evaluate;

    @Option(names = "--slice", paramLabel = "COLUMN", description = "With --evaluate: slice the evaluation by this column (slice.* and fairness.* metrics).")
    String slice;

    @Option(names = "--positive", paramLabel = "LABEL", description = "With --evaluate --slice: the positive class for the fairness metrics.")
    String positive;

    @Override
    public Integer call() {
      Output out = Output.of(spec, global.globals());
      Where w = Where.of(out);
      List<Requirement> reqs = require.stream().map(Requirement::parse).toList();
      ModelRegistry.Promotion p;
      try (Project project = out.openProject()) {
        p = new ModelRegistry(project).promote(name, version, alias, new ModelRegistry.Gate(reqs, allowUnverified,
            evaluate == null ? null : w.path(evaluate), evaluate == null ? null : w.shown(w.path(evaluate)), slice, positive));
      }
      if (out.json()) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("name", p.name());
        doc.put("version", p.version().tag());
        doc.put("alias", p.alias());
        doc.put("promoted", p.promoted());
        doc.put("previous", p.previous() == null ? null : "v" + p.previous());
        doc.put("failures", p.failed().stream().map(ModelsCommand::json).toList());
        doc.put("metrics", p.metrics() == null ? ModelRegistry.MetricsSource.UNVERIFIED.id() : p.metrics().id());
        doc.put("evaluated", p.evaluated());
        out.json(doc);
      }
      if (!p.promoted()) {
        for (String f : p.failures()) {
          out.error(p.name() + "@" + p.version().tag() + " not promoted to '" + p.alias() + "': " + f, null);
        }
        return ExitCodes.NO;
      }
      out.println("Promoted " + p.name() + "@" + p.version().tag() + " to '" + p.alias() + "'"
          + (p.previous() == null ? "" : " (was v" + p.previous() + ")") + ".");
      io.mlctl.cli.Colors colors = io.mlctl.cli.Colors.of(out);
      Map<String, Double> seen = io.mlctl.core.registry.Flatten.numbers(p.evaluated() != null ? p.evaluated() : p.version().metrics());
      for (Requirement r : reqs) {
        Double v = seen.get(r.metric());
        out.println("  " + colors.good("pass") + "  " + r.text() + (v == null ? "" : " (" + r.metric() + " is " + v + ")"));
      }
      if (p.evaluated() != null) {
        out.println("Gated on a fresh evaluation on " + w.shown(w.path(evaluate)) + " (" + p.evaluated().get("rows") + " rows): "
            + TrainCommand.summary(p.evaluated()) + ".");
      }
      return ExitCodes.OK;
    }
  }

  @Command(name = "rollback", mixinStandardHelpOptions = true, description = "Move an alias back to the version that held it before.")
  static final class Rollback implements Callable<Integer> {
    @Mixin
    GlobalOptions global;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "NAME", description = "The model.")
    String name;

    @Option(names = "--alias", required = true, paramLabel = "ALIAS", description = "The alias to move back.")
    String alias;

    @Override
    public Integer call() {
      Output out = Output.of(spec, global.globals());
      ModelRegistry.Rollback r;
      try (Project project = out.openProject()) {
        r = new ModelRegistry(project).rollback(name, alias);
      }
      if (out.json()) {
        out.json(Map.of("name", r.name(), "alias", r.alias(), "from", "v" + r.from(), "to", "v" + r.to()));
      } else {
        out.println("Rolled '" + r.alias() + "' of " + r.name() + " back from v" + r.from() + " to v" + r.to() + ".");
      }
      return ExitCodes.OK;
    }
  }

  @Command(name = "audit", mixinStandardHelpOptions = true,
      description = {"Show the registry's audit trail (time, actor, action, details).",
          "--verify checks the hash chain and replays it against the registry files; exit 1 when anything does not hold."})
  static final class Audit implements Callable<Integer> {
    @Mixin
    GlobalOptions global;

    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "NAME", description = "Only this model's entries.")
    String name;

    @Option(names = "--verify", description = "Check the trail and the registry files against it.")
    boolean verify;

    @Override
    public Integer call() {
      Output out = Output.of(spec, global.globals());
      try (Project project = out.openProject()) {
        ModelRegistry reg = new ModelRegistry(project);
        if (verify) {
          AuditVerification v = reg.verify(name);
          if (out.json()) {
            out.json(Map.of("ok", v.ok(), "entries", v.entries(), "problems", v.problems()));
          } else if (v.ok()) {
            out.println("The audit trail verifies: " + Words.count(v.entries(), "entry", "entries") + ", and the registry matches it.");
          }
          for (String p : v.problems()) {
            out.error(p, null);
          }
          return v.ok() ? ExitCodes.OK : ExitCodes.NO;
        }
        if (name != null) {
          reg.get(name);
        }
        List<AuditEntry> entries = reg.audit(name);
        if (out.json()) {
          List<Object> doc = new ArrayList<>();
          entries.forEach(e -> doc.add(e.toOutput()));
          out.json(doc);
          return ExitCodes.OK;
        }
        for (AuditEntry e : entries) {
          List<String> details = new ArrayList<>();
          e.shownDetails().forEach((k, v) -> details.add(k + ": " + detail(v)));
          out.println(String.format("%4d  %s  %-9s %-16s %s  %s", e.seq(), e.time(), e.action(), e.model(), e.actor(), String.join(", ", details)));
        }
      }
      return ExitCodes.OK;
    }
  }

  @Command(name = "get", mixinStandardHelpOptions = true,
      description = {"Write a registered version's model to PATH and its card to PATH.card.json.",
          "Both are checked against their hashes first."})
  static final class Get implements Callable<Integer> {
    @Mixin
    GlobalOptions global;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "REF", description = "NAME@vN or NAME@ALIAS.")
    String ref;

    @Option(names = {"-o", "--out", "--output"}, required = true, paramLabel = "PATH", description = "Where to write the model.")
    String output;

    @Override
    public Integer call() {
      Output out = Output.of(spec, global.globals());
      Where w = Where.of(out);
      ModelRegistry.Resolved r;
      try (Project project = out.openProject()) {
        r = new ModelRegistry(project).get(ref, w.path(output));
      }
      if (out.json()) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("ref", r.ref());
        doc.put("path", w.shown(w.path(output)));
        doc.put("sha256", r.version().sha256());
        out.json(doc);
      } else {
        out.println("Wrote " + r.ref() + " to " + w.shown(w.path(output)) + ".");
      }
      return ExitCodes.OK;
    }
  }
}
