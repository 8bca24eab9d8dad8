package io.mlctl.core.pipeline;

import io.mlctl.core.BadInputException;
import io.mlctl.core.pointer.PathSafety;
import io.mlctl.core.yaml.YamlFiles;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.nodes.Node;

/** Turns one entry of {@code stages:} into one stage, or several for foreach and matrix. */
final class StageReader {
  private final String name;
  private final Node at;
  private final Interpolation interp;

  StageReader(String name, Node at, Interpolation interp) {
    this.name = name;
    this.at = at;
    this.interp = interp;
  }

  List<Stage> read(Object def) {
    if (name.isEmpty() || name.contains("@") || name.contains("/") || name.contains(":")) {
      throw bad("stage name '" + name + "' may not be empty or hold '@', '/' or ':'", null);
    }
    if (!(def instanceof Map<?, ?> raw)) {
      throw bad("stage '" + name + "' must be a mapping", null);
    }
    Map<String, Object> m = stringKeys(raw);
    if (m.containsKey("foreach")) {
      return foreach(m);
    }
    if (m.containsKey("matrix")) {
      return matrix(m);
    }
    return List.of(one(name, m, interp));
  }

  private List<Stage> foreach(Map<String, Object> m) {
    Object items = resolve(name, m.get("foreach"), interp);
    Map<String, Object> body = body(m, "foreach");
    List<Stage> out = new ArrayList<>();
    if (items instanceof List<?> l) {
      for (int i = 0; i < l.size(); i++) {
        Object item = l.get(i);
        String suffix = item instanceof Map || item instanceof List ? String.valueOf(i) : String.valueOf(item);
        Map<String, Object> ctx = new LinkedHashMap<>();
        ctx.put("item", item);
        out.add(one(name + "@" + suffix, body, interp.with(ctx)));
      }
    } else if (items instanceof Map<?, ?> map) {
      for (Map.Entry<?, ?> e : map.entrySet()) {
        Map<String, Object> ctx = new LinkedHashMap<>();
        ctx.put("key", String.valueOf(e.getKey()));
        ctx.put("item", e.getValue());
        out.add(one(name + "@" + e.getKey(), body, interp.with(ctx)));
      }
    } else {
      throw bad("stage '" + name + "': foreach must be a list or a mapping", null);
    }
    return out;
  }

  private List<Stage> matrix(Map<String, Object> m) {
    if (!(resolve(name, m.get("matrix"), interp) instanceof Map<?, ?> axes) || axes.isEmpty()) {
      throw bad("stage '" + name + "': matrix must be a mapping of names to lists", null);
    }
    Map<String, Object> body = m.containsKey("do") ? body(m, "matrix") : without(m, "matrix");
    List<Map<String, Object>> combos = new ArrayList<>();
    combos.add(new LinkedHashMap<>());
    for (Map.Entry<?, ?> axis : axes.entrySet()) {
      if (!(axis.getValue() instanceof List<?> values) || values.isEmpty()) {
        throw bad("stage '" + name + "': matrix." + axis.getKey() + " must be a non-empty list", null);
      }
      List<Map<String, Object>> next = new ArrayList<>();
      for (Map<String, Object> c : combos) {
        for (Object v : values) {
          Map<String, Object> n = new LinkedHashMap<>(c);
          n.put(String.valueOf(axis.getKey()), v);
          next.add(n);
        }
      }
      combos = next;
    }
    List<Stage> out = new ArrayList<>();
    for (Map<String, Object> c : combos) {
      List<String> parts = new ArrayList<>();
      c.values().forEach(v -> parts.add(String.valueOf(v)));
      out.add(one(name + "@" + String.join("-", parts), body, interp.with(Map.of("item", c))));
    }
    return out;
  }

  private Map<String, Object> body(Map<String, Object> m, String kind) {
    if (!(m.get("do") instanceof Map<?, ?> d)) {
      throw bad("stage '" + name + "': " + kind + " needs a 'do' mapping", null);
    }
    for (String k : m.keySet()) {
      if (!k.equals(kind) && !k.equals("do")) {
        throw bad("stage '" + name + "': '" + k + "' belongs inside 'do'", null);
      }
    }
    return stringKeys(d);
  }

  private static Map<String, Object> without(Map<String, Object> m, String key) {
    Map<String, Object> out = new LinkedHashMap<>(m);
    out.remove(key);
    return out;
  }

  private Stage one(String stageName, Map<String, Object> m, Interpolation base) {
    Interpolation in = base;
    Object vars = m.get("vars");
    if (vars != null) {
      // As DVC writes it: a mapping, or a list of mappings (later ones win)
      Map<String, Object> v = new LinkedHashMap<>();
      for (Object item : vars instanceof List<?> list ? list : List.of(vars)) {
        if (!(item instanceof Map<?, ?> local)) {
          throw bad("stage '" + stageName + "': 'vars' must be a mapping or a list of mappings", null);
        }
        local.forEach((k, val) -> v.put(String.valueOf(k), resolve(stageName, val, base)));
      }
      in = base.with(v);
    }
    for (String k : m.keySet()) {
      if (!PipelineFile.stageKeys().contains(k)) {
        throw bad("stage '" + stageName + "': unknown key '" + k + "'", null);
      }
    }
    Object cmd = resolve(stageName, m.get("cmd"), in);
    List<String> cmds = strings(stageName, "cmd", cmd);
    if (cmds.isEmpty()) {
      throw bad("stage '" + stageName + "' has no cmd", null);
    }
    Object wdir = resolve(stageName, m.get("wdir"), in);
    List<Stage.Out> outs = new ArrayList<>();
    outs(stageName, resolve(stageName, m.get("outs"), in), Stage.OutKind.OUT, outs);
    outs(stageName, resolve(stageName, m.get("metrics"), in), Stage.OutKind.METRIC, outs);
    outs(stageName, resolve(stageName, m.get("plots"), in), Stage.OutKind.PLOT, outs);
    String dir = wdir == null ? "." : PathRules.join(".", String.valueOf(wdir));
    if (!dir.equals(".")) {
      // The command runs there: a wdir outside the project, or in .git or .mlctl, is refused.
      String problem = PathSafety.rootProblem(dir);
      if (problem != null) {
        throw bad("stage '" + stageName + "': wdir: " + problem, "a stage's wdir is a folder inside the project");
      }
    }
    Stage raw = new Stage(stageName, cmds, dir,
        strings(stageName, "deps", resolve(stageName, m.get("deps"), in)),
        params(stageName, resolve(stageName, m.get("params"), in)), outs,
        bool(stageName, "frozen", m.get("frozen")), bool(stageName, "always_changed", m.get("always_changed")));
    return dir.equals(".") ? raw : rooted(raw);
  }

  // As in DVC, a stage's paths are relative to its wdir; the stage keeps them relative to the root.
  private static Stage rooted(Stage s) {
    String w = s.wdir();
    return new Stage(s.name(), s.cmd(), w,
        s.deps().stream().map(d -> PathRules.join(w, d)).toList(),
        s.params().stream().map(p -> new Stage.Param(PathRules.join(w, p.file()), p.key())).toList(),
        s.outs().stream().map(o -> new Stage.Out(PathRules.join(w, o.path()), o.kind(), o.cache(), o.persist())).toList(),
        s.frozen(), s.alwaysChanged());
  }

  private Object resolve(String stageName, Object value, Interpolation in) {
    try {
      return in.apply(value);
    } catch (Interpolation.Undefined u) {
      throw bad("stage '" + stageName + "': undefined ${" + u.getMessage() + "}", "define it in vars or params.yaml");
    }
  }

  private List<String> strings(String stageName, String key, Object v) {
    List<String> out = new ArrayList<>();
    if (v == null) {
      return out;
    }
    for (Object o : v instanceof List<?> l ? l : List.of(v)) {
      if (o == null || o instanceof Map || o instanceof List) {
        throw bad("stage '" + stageName + "': " + key + " must be a string or a list of strings", null);
      }
      out.add(String.valueOf(o));
    }
    return out;
  }

  private List<Stage.Param> params(String stageName, Object v) {
    List<Stage.Param> out = new ArrayList<>();
    if (v == null) {
      return out;
    }
    for (Object o : v instanceof List<?> l ? l : List.of(v)) {
      if (o instanceof Map<?, ?> m) {
        for (Map.Entry<?, ?> e : m.entrySet()) {
          String file = String.valueOf(e.getKey());
          if (e.getValue() == null) {
            out.add(new Stage.Param(file, ""));
          } else {
            strings(stageName, "params." + file, e.getValue()).forEach(k -> out.add(new Stage.Param(file, k)));
          }
        }
      } else if (o != null && !(o instanceof List)) {
        out.add(new Stage.Param(PipelineFile.DEFAULT_PARAMS, String.valueOf(o)));
      } else {
        throw bad("stage '" + stageName + "': params must be keys or {file: [keys]}", null);
      }
    }
    return out;
  }

  private void outs(String stageName, Object v, Stage.OutKind kind, List<Stage.Out> out) {
    if (v == null) {
      return;
    }
    for (Object o : v instanceof List<?> l ? l : List.of(v)) {
      if (o instanceof Map<?, ?> m && m.size() == 1) {
        Map.Entry<?, ?> e = m.entrySet().iterator().next();
        boolean cache = true;
        boolean persist = false;
        if (e.getValue() instanceof Map<?, ?> opts) {
          for (Map.Entry<?, ?> opt : opts.entrySet()) {
            switch (String.valueOf(opt.getKey())) {
              case "cache" -> cache = bool(stageName, "cache", opt.getValue());
              case "persist" -> persist = bool(stageName, "persist", opt.getValue());
              default -> throw bad("stage '" + stageName + "': unknown output option '" + opt.getKey() + "'",
                  "an output may carry cache and persist");
            }
          }
        } else if (e.getValue() != null) {
          throw bad("stage '" + stageName + "': output options must be a mapping", null);
        }
        out.add(new Stage.Out(String.valueOf(e.getKey()), kind, cache, persist));
      } else if (o != null && !(o instanceof Map) && !(o instanceof List)) {
        out.add(new Stage.Out(String.valueOf(o), kind, true, false));
      } else {
        throw bad("stage '" + stageName + "': an output is a path or {path: {cache: false}}", null);
      }
    }
  }

  private boolean bool(String stageName, String key, Object v) {
    if (v == null) {
      return false;
    }
    if (v instanceof Boolean b) {
      return b;
    }
    throw bad("stage '" + stageName + "': " + key + " must be true or false", null);
  }

  private static Map<String, Object> stringKeys(Map<?, ?> raw) {
    Map<String, Object> m = new LinkedHashMap<>();
    raw.forEach((k, v) -> m.put(String.valueOf(k), v));
    return m;
  }

  private BadInputException bad(String what, String hint) {
    return YamlFiles.at(PipelineFile.NAME, at, what, hint);
  }
}
