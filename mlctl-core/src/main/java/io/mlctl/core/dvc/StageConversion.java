package io.mlctl.core.dvc;

import io.mlctl.core.BadInputException;
import io.mlctl.core.dvc.DvcImportResult.Kind;
import io.mlctl.core.dvc.DvcImportResult.NotConverted;
import io.mlctl.core.pipeline.Pipeline;
import io.mlctl.core.pipeline.PipelineFile;
import io.mlctl.core.pipeline.Stage;
import io.mlctl.core.yaml.YamlFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns the stages of a root {@code dvc.yaml} into mlctl.yaml stages. mlctl.yaml was made to read
 * as dvc.yaml does (cmd, wdir, deps, params, outs, metrics, plots, frozen, always_changed,
 * foreach/do, matrix, vars, {@code ${…}}), so a stage mostly carries over as written; what mlctl
 * cannot express is reported and left out: output options other than cache and persist,
 * templating mlctl lacks (see {@link Templates}), vars read from files, TOML and Python parameter
 * files. Each stage is then parsed by mlctl's own reader, and one that it rejects is reported with
 * its reason. Every path of every converted stage is checked (see {@link DvcPaths}).
 */
final class StageConversion {
  static final String FILE = DvcFiles.PIPELINE;
  private static final Set<String> OUT_OPTIONS = Set.of("cache", "persist");
  private static final Set<String> PLOT_FIELDS = Set.of("x", "y", "x_label", "y_label", "title", "template");

  private final Path root;
  private final Map<String, Object> params;
  private final List<NotConverted> skipped;

  /**
   * @param params params.yaml as a map (empty when there is none), for finding what references name
   * @param skipped where items that cannot be converted are reported
   */
  StageConversion(Path root, Map<String, Object> params, List<NotConverted> skipped) {
    this.root = root;
    this.params = params;
    this.skipped = skipped;
  }

  /**
   * The converted pipeline.
   *
   * @param vars the top-level vars as one mapping, or null for none
   * @param stages each converted stage's definition for mlctl.yaml, by name
   * @param expanded each converted stage's expansion, by the name of its definition
   */
  record Converted(Map<String, Object> vars, Map<String, Object> stages, Map<String, List<Stage>> expanded) {}

  Converted convert(Map<String, Object> doc) {
    for (String key : doc.keySet()) {
      if (!key.equals("stages") && !key.equals("vars")) {
        skipped.add(new NotConverted(Kind.SECTION, FILE, "top-level '" + key + "'", sectionReason(key)));
      }
    }
    Map<String, Object> vars = vars(doc.get("vars"), "top-level vars");
    Map<String, Object> base = new LinkedHashMap<>(params);
    if (vars != null) {
      base.putAll(vars);
    }
    Map<String, Object> stages = new LinkedHashMap<>();
    Map<String, List<Stage>> expanded = new LinkedHashMap<>();
    Object all = doc.get("stages");
    if (all != null && !(all instanceof Map)) {
      throw new BadInputException(FILE + ": 'stages' must be a mapping of stage names", null);
    }
    if (all instanceof Map<?, ?> m) {
      for (Map.Entry<?, ?> e : m.entrySet()) {
        String name = String.valueOf(e.getKey());
        Optional<Map<String, Object>> def = stage(name, e.getValue(), base);
        if (def.isEmpty()) {
          continue;
        }
        Optional<List<Stage>> parsed = parse(name, def.get(), vars);
        if (parsed.isPresent()) {
          parsed.get().forEach(this::checkPaths);
          stages.put(name, def.get());
          expanded.put(name, parsed.get());
        }
      }
    }
    return new Converted(vars, stages, expanded);
  }

  private static String sectionReason(String key) {
    return switch (key) {
      case "metrics" -> "mlctl reads the metrics files that stages declare";
      case "params" -> "mlctl reads the parameters that stages declare";
      case "plots" -> "mlctl plots the plots files that stages declare, without DVC's plot settings";
      case "artifacts" -> "mlctl keeps models in its registry: 'mlctl models register'";
      default -> "mlctl.yaml holds only 'vars' and 'stages'";
    };
  }

  /** A vars list or mapping as one mapping (DVC merges them); files named in it are reported. */
  private Map<String, Object> vars(Object value, String what) {
    if (value == null) {
      return null;
    }
    Map<String, Object> out = new LinkedHashMap<>();
    for (Object v : value instanceof List<?> l ? l : List.of(value)) {
      if (v instanceof Map<?, ?> m) {
        m.forEach((k, x) -> out.put(String.valueOf(k), x));
      } else {
        skipped.add(new NotConverted(Kind.VARS, FILE, what + ": file '" + v + "'",
            "mlctl takes ${} values from params.yaml and inline vars only"));
      }
    }
    return out;
  }

  /** One stage's mlctl definition, or empty (reported) when it cannot be expressed. */
  private Optional<Map<String, Object>> stage(String name, Object raw, Map<String, Object> base) {
    if (!(raw instanceof Map<?, ?> rawMap)) {
      return skip(name, "a stage is a mapping");
    }
    if (Templates.hasEscape(rawMap)) {
      return skip(name, "it escapes a reference as \\${…}, which mlctl.yaml cannot write literally");
    }
    Map<String, Object> def = stringKeys((Map<?, ?>) Templates.rewriteIndexes(rawMap));
    boolean wrapped = def.containsKey("foreach") || (def.containsKey("matrix") && def.containsKey("do"));
    if (wrapped && !(def.get("do") instanceof Map)) {
      return Optional.of(def);
    }
    Map<String, Object> body = wrapped ? stringKeys((Map<?, ?>) def.get("do")) : def;
    Map<String, Object> scope = new LinkedHashMap<>(base);
    if (body.get("vars") instanceof List<?> list) {
      if (list.stream().anyMatch(v -> !(v instanceof Map))) {
        return skip(name, "its vars name a file; mlctl takes ${} values from params.yaml and inline vars only");
      }
      body.put("vars", vars(list, "stage '" + name + "' vars"));
    }
    if (body.get("vars") instanceof Map<?, ?> local) {
      local.forEach((k, v) -> scope.put(String.valueOf(k), v));
    }
    Optional<String> foreign = foreignParams(body.get("params"));
    if (foreign.isPresent()) {
      return skip(name, "its parameters file '" + foreign.get() + "' is TOML or Python; mlctl reads YAML and JSON");
    }
    Optional<String> unpacked = Templates.unpacked(body.get("cmd"),
        Templates.contexts(scope, def.get("foreach"), def.get("matrix")));
    if (unpacked.isPresent()) {
      return skip(name, "its cmd unpacks ${" + unpacked.get() + "} (a mapping or list) into options, which mlctl does not do");
    }
    for (String key : List.of("outs", "metrics", "plots")) {
      if (body.get(key) != null) {
        body.put(key, outputs(name, key, body.get(key)));
      }
    }
    if (wrapped) {
      def.put("do", body);
    }
    return Optional.of(def);
  }

  private static Optional<String> foreignParams(Object params) {
    for (Object p : params instanceof List<?> l ? l : params == null ? List.of() : List.of(params)) {
      if (p instanceof Map<?, ?> m) {
        for (Object file : m.keySet()) {
          String f = String.valueOf(file);
          if (f.endsWith(".toml") || f.endsWith(".py")) {
            return Optional.of(f);
          }
        }
      }
    }
    return Optional.empty();
  }

  /** Outputs with only the options mlctl has; the others are reported. */
  private Object outputs(String stage, String key, Object value) {
    if (!(value instanceof List<?> list)) {
      return value;
    }
    List<Object> out = new ArrayList<>();
    for (Object o : list) {
      if (!(o instanceof Map<?, ?> m) || m.size() != 1 || !(m.values().iterator().next() instanceof Map<?, ?> opts)) {
        out.add(o);
        continue;
      }
      Object path = m.keySet().iterator().next();
      Map<String, Object> kept = new LinkedHashMap<>();
      opts.forEach((k, v) -> {
        String option = String.valueOf(k);
        if (OUT_OPTIONS.contains(option)) {
          kept.put(option, v);
        } else {
          String reason = PLOT_FIELDS.contains(option) ? "mlctl draws a plots file's series without DVC's plot settings"
              : option.equals("checkpoint") ? "mlctl has no checkpoint outputs; 'persist: true' keeps an output across runs"
              : DvcFiles.reason(option);
          skipped.add(new NotConverted(Kind.OPTION, FILE, "stage '" + stage + "': " + singular(key) + " '" + path
              + "': option '" + option + "'", reason));
        }
      });
      out.add(kept.isEmpty() ? String.valueOf(path) : Map.of(String.valueOf(path), kept));
    }
    return out;
  }

  private static String singular(String key) {
    return switch (key) {
      case "metrics" -> "metrics file";
      case "plots" -> "plots file";
      default -> "output";
    };
  }

  /** The stage as mlctl's reader expands it, or empty (reported) when it rejects it. */
  private Optional<List<Stage>> parse(String name, Map<String, Object> def, Map<String, Object> vars) {
    Map<String, Object> doc = new LinkedHashMap<>();
    if (vars != null) {
      doc.put("vars", vars);
    }
    doc.put("stages", Map.of(name, def));
    try {
      Pipeline p = new PipelineFile(root).parse(YamlFiles.dump(doc));
      return Optional.of(p.stages());
    } catch (BadInputException e) {
      // The place is in a text made for this check, not in a file the user has: keep the words.
      String why = e.getMessage().replaceFirst("^" + PipelineFile.NAME + "(:\\d+)*: ", "");
      skip(name, "mlctl cannot read it: " + why);
      return Optional.empty();
    }
  }

  private void checkPaths(Stage s) {
    String where = FILE + ": stage '" + s.name() + "'";
    if (!s.wdir().equals(".")) {
      DvcPaths.rooted(root, ".", s.wdir(), where);
    }
    s.deps().forEach(d -> DvcPaths.rooted(root, ".", d, where));
    s.outs().forEach(o -> DvcPaths.rooted(root, ".", o.path(), where));
    s.params().forEach(p -> DvcPaths.rooted(root, ".", p.file(), where));
  }

  private Optional<Map<String, Object>> skip(String name, String reason) {
    skipped.add(new NotConverted(Kind.STAGE, FILE, "stage '" + name + "'", reason));
    return Optional.empty();
  }

  static Map<String, Object> stringKeys(Map<?, ?> raw) {
    Map<String, Object> m = new LinkedHashMap<>();
    raw.forEach((k, v) -> m.put(String.valueOf(k), v));
    return m;
  }
}
