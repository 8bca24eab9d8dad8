package io.mlctl.core.dvc;

import io.mlctl.core.BadInputException;
import io.mlctl.core.dvc.DvcImportResult.Kind;
import io.mlctl.core.dvc.DvcImportResult.NotConverted;
import io.mlctl.core.pipeline.LockEntry;
import io.mlctl.core.pipeline.Stage;
import io.mlctl.core.pointer.Output;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Turns the entries of {@code dvc.lock} (schema 2.0, or the unversioned form of DVC 1) into
 * mlctl.lock entries: the same command, parameter values and paths (made relative to the root,
 * where DVC writes them relative to the stage's wdir), with each MD5 replaced by the SHA-256 of
 * the very bytes it names. {@link #plan} reads and checks everything; {@link #entry} hashes.
 * A dependency or uncached output whose recorded bytes are no longer here is left out of its
 * entry, so mlctl runs the stage again, as DVC would have.
 */
final class LockConversion {
  static final String FILE = "dvc.lock";

  private LockConversion() {}

  /** One entry of dvc.lock, read and checked; its files' bytes not yet looked at. */
  record Planned(String stage, String cmd, List<DvcOut> deps, Map<String, Map<String, Object>> params, List<DvcOut> outs) {}

  /**
   * The entries of dvc.lock for stages that mlctl.yaml will have; an entry of a stage that was
   * converted under another name is reported.
   *
   * @param stages the converted stages, expanded, by name
   * @param groups the names of the converted stage definitions
   */
  static List<Planned> plan(Path root, Map<String, Object> doc, Map<String, Stage> stages, Set<String> groups,
      DvcBytes bytes, List<NotConverted> skipped) {
    Object schema = doc.get("schema");
    Object entries = schema == null ? doc : doc.get("stages");
    if (schema != null && !"2.0".equals(String.valueOf(schema))) {
      skipped.add(new NotConverted(Kind.FILE, FILE, "schema " + schema, "import-dvc reads dvc.lock schema 2.0 and DVC 1's lock"));
      return List.of();
    }
    if (entries == null) {
      return List.of();
    }
    if (!(entries instanceof Map<?, ?> all)) {
      throw new BadInputException(FILE + ": 'stages' must be a mapping of stage names", null);
    }
    List<Planned> out = new ArrayList<>();
    for (Map.Entry<?, ?> e : all.entrySet()) {
      String name = String.valueOf(e.getKey());
      Stage s = stages.get(name);
      if (s == null) {
        if (groups.contains(name.contains("@") ? name.substring(0, name.indexOf('@')) : name)) {
          skipped.add(new NotConverted(Kind.LOCK_ENTRY, FILE, "stage '" + name + "'",
              "mlctl.yaml names this stage's expansions otherwise; 'mlctl repro' runs it again"));
        }
        continue;
      }
      if (!(e.getValue() instanceof Map<?, ?> m)) {
        throw new BadInputException(FILE + ": stage '" + name + "' must be a mapping", null);
      }
      String where = FILE + ": stage '" + name + "'";
      out.add(new Planned(name, command(m.get("cmd")), files(root, s, m.get("deps"), where, bytes, skipped),
          params(root, s, m.get("params"), where), files(root, s, m.get("outs"), where, bytes, skipped)));
    }
    return out;
  }

  /** DVC records a list of commands as a list; mlctl runs and records them joined, as one. */
  private static String command(Object cmd) {
    if (cmd instanceof List<?> l) {
      List<String> parts = new ArrayList<>();
      l.forEach(c -> parts.add(String.valueOf(c)));
      return String.join(" && ", parts);
    }
    return cmd == null ? "" : String.valueOf(cmd);
  }

  private static List<DvcOut> files(Path root, Stage s, Object value, String where, DvcBytes bytes, List<NotConverted> skipped) {
    List<DvcOut> out = new ArrayList<>();
    if (value == null) {
      return out;
    }
    if (!(value instanceof List<?> list)) {
      throw new BadInputException(where + ": expected a list of files", null);
    }
    for (Object o : list) {
      if (!(o instanceof Map<?, ?> m) || !(m.get("path") instanceof String path)) {
        throw new BadInputException(where + ": each file is a mapping with a 'path'", null);
      }
      String rel = DvcPaths.rooted(root, s.wdir(), path, where);
      if (m.get("md5") == null) {
        // (an external dependency, or a file DVC did not hash): the stage runs again in mlctl
        continue;
      }
      DvcOut f = DvcFiles.output(where, rel, m, bytes, skipped);
      if (f != null) {
        out.add(f);
      }
    }
    return out;
  }

  private static Map<String, Map<String, Object>> params(Path root, Stage s, Object value, String where) {
    Map<String, Map<String, Object>> out = new TreeMap<>();
    if (value == null) {
      return out;
    }
    if (!(value instanceof Map<?, ?> files)) {
      throw new BadInputException(where + ": params must be a mapping of files", null);
    }
    for (Map.Entry<?, ?> f : files.entrySet()) {
      String file = DvcPaths.rooted(root, s.wdir(), String.valueOf(f.getKey()), where);
      Map<String, Object> values = new TreeMap<>();
      if (f.getValue() instanceof Map<?, ?> kv) {
        kv.forEach((k, v) -> values.put(String.valueOf(k), v));
      }
      out.put(file, values);
    }
    return out;
  }

  /**
   * The mlctl.lock entry of a planned one: hashes found, cached outputs put in mlctl's cache.
   *
   * @param notes what a user should know about the entry is added here
   */
  static LockEntry entry(Planned p, Stage s, DvcBytes bytes, List<NotConverted> skipped, List<String> notes) {
    List<Output> deps = new ArrayList<>();
    for (DvcOut d : p.deps()) {
      DvcBytes.Found f = bytes.output(d, d.path(), false);
      if (f.ok()) {
        deps.add(f.output());
      } else {
        notes.add("dependency " + d.path() + " changed since DVC ran the stage");
      }
    }
    Map<String, Boolean> cached = new LinkedHashMap<>();
    s.outs().forEach(o -> cached.put(o.path(), o.cache()));
    List<Output> outs = new ArrayList<>();
    for (DvcOut o : p.outs()) {
      boolean keep = cached.getOrDefault(o.path(), true);
      DvcBytes.Found f = bytes.output(o, o.path(), keep);
      if (f.ok()) {
        outs.add(f.output());
      } else if (keep) {
        skipped.add(new NotConverted(Kind.OUTPUT, FILE, "stage '" + p.stage() + "': output '" + o.path() + "'",
            "neither the work tree nor DVC's cache holds the bytes DVC recorded for " + f.missing()
                + "; run 'dvc pull' first, then import-dvc again"));
      } else {
        notes.add("output " + o.path() + " changed since DVC ran the stage");
      }
    }
    return new LockEntry(p.cmd(), deps, p.params(), outs);
  }
}
