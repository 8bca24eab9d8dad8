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
        ModelsCommand.Promote.class, ModelsCommand.Rollback.class, ModelsCommand.Audit.class, ModelsCommand.Get.class,
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
    doc.put("aliases", m.aliases());
    doc.put("alias_history", m.aliasHistory());
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
            new ModelRegistry.RegisterOptions(description, ModelRegistry.tags(tags), run));
      }
      if (out.json()) {
        out.json(json(name, r.version()));
      } else {
        out.println("Registered " + w.shown(w.path(path)) + " as " + name + "@" + r.version().tag() + " ("
            + r.version().sha256().substring(0, 12) + ").");
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
          Map<String, String> aliases = new LinkedHashMap<>();
          m.aliases().forEach((k, v) -> aliases.put(k, "v" + v));
          e.put("aliases", aliases);
          doc.add(e);
        }
        out.json(doc);
        return ExitCodes.OK;
      }
      if (models.isEmpty()) {
        out.println("No models registered; use 'mlctl models register NAME PATH'.");
      }
      for (RegisteredModel m : models) {
        List<String> aliases = new ArrayList<>();
        m.aliases().forEach((k, v) -> aliases.add(k + "=v" + v));
        String latest = m.versions().isEmpty() ? "-" : m.versions().get(m.versions().size() - 1).tag();
        int n = m.versions().size();
        out.println(String.format("%-24s %3d %-8s latest %-5s %s", m.name(), n, n == 1 ? "version" : "versions", latest,
            String.join(" ", aliases)));
      }
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
          for (ModelVersion v : m.versions()) {
            List<String> holds = new ArrayList<>();
            m.aliases().forEach((k, n) -> {
              if (n == v.version()) {
                holds.add(k);
              }
            });
            out.println(String.format("  %-5s %s  %s  %s by %s%s", v.tag(), v.sha256().substring(0, 12), v.card().get("algorithm"),
                v.registeredAt(), v.registeredBy(), holds.isEmpty() ? "" : "  [" + String.join(", ", holds) + "]"));
          }
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
        doc.put("failures", p.failures());
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
            out.println("The audit trail verifies: " + v.entries() + " entries, and the registry matches it.");
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
          out.println(String.format("%4d  %s  %-9s %-16s %s  %s", e.seq(), e.time(), e.action(), e.model(), e.actor(), e.details()));
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
