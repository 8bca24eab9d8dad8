package io.mlctl.core.pipeline;

import io.mlctl.core.BadInputException;
import io.mlctl.core.io.AtomicFiles;
import io.mlctl.core.pointer.Output;
import io.mlctl.core.yaml.YamlFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The codec of {@code mlctl.lock} ({@code schema: 1}): stages sorted by name, paths sorted, each
 * written whole to a temporary sibling and renamed over the old file, so a reader or a killed run
 * sees the old or the new lock, never a mix. Stateless and thread-safe.
 */
public final class LockFile {
  public static final String NAME = "mlctl.lock";
  public static final int SCHEMA = 1;

  private final Path file;
  /** What this instance last read or wrote: repro reads the lock once, not once per stage. */
  private Map<String, LockEntry> known;
  private boolean unforced;

  public LockFile(Path root) {
    this.file = root.resolve(NAME);
  }

  /** The entries by stage name; empty when there is no lock file. */
  public synchronized Map<String, LockEntry> read() {
    if (known == null) {
      known = parse();
    }
    return new TreeMap<>(known);
  }

  private Map<String, LockEntry> parse() {
    Map<String, LockEntry> out = new TreeMap<>();
    if (!Files.exists(file)) {
      return out;
    }
    return fromDoc(YamlFiles.loadMap(file, NAME));
  }

  /** The entries of a lock file's text read from elsewhere (a Git revision, the cache). */
  public static Map<String, LockEntry> parse(String text, String shownAs) {
    return fromDoc(YamlFiles.requireMap(YamlFiles.parse(text, shownAs), shownAs));
  }

  private static Map<String, LockEntry> fromDoc(Map<String, Object> doc) {
    Map<String, LockEntry> out = new TreeMap<>();
    if (doc.isEmpty()) {
      return out;
    }
    if (!Integer.valueOf(SCHEMA).equals(doc.get("schema"))) {
      throw BadInputException.at(NAME, 1, 1, "unsupported schema " + doc.get("schema"), "this mlctl reads schema " + SCHEMA);
    }
    Object stages = doc.get("stages");
    if (stages == null) {
      return out;
    }
    if (!(stages instanceof Map<?, ?> m)) {
      throw BadInputException.at(NAME, 0, 0, "'stages' must be a mapping", null);
    }
    for (Map.Entry<?, ?> e : m.entrySet()) {
      String name = String.valueOf(e.getKey());
      if (!(e.getValue() instanceof Map<?, ?> s)) {
        throw BadInputException.at(NAME, 0, 0, "stage '" + name + "' must be a mapping", null);
      }
      out.put(name, new LockEntry(s.get("cmd") == null ? "" : String.valueOf(s.get("cmd")),
          files(name, s.get("deps")), params(name, s.get("params")), files(name, s.get("outs"))));
    }
    return out;
  }

  /** Replaces the whole lock file with these entries, forced to disk. */
  public void write(Map<String, LockEntry> entries) {
    write(entries, true);
  }

  /**
   * Replaces the whole lock file with these entries, atomically. Unforced writes (one after each
   * stage of a repro) survive a killed mlctl; {@link #force} at the end makes them survive a
   * power cut too, and losing an unforced one only means its stage runs again.
   */
  public synchronized void write(Map<String, LockEntry> entries, boolean force) {
    known = new TreeMap<>(entries);
    Map<String, Object> stages = new LinkedHashMap<>();
    for (Map.Entry<String, LockEntry> e : new TreeMap<>(entries).entrySet()) {
      LockEntry l = e.getValue();
      Map<String, Object> s = new LinkedHashMap<>();
      s.put("cmd", l.cmd());
      if (!l.deps().isEmpty()) {
        s.put("deps", toYaml(l.deps()));
      }
      if (!l.params().isEmpty()) {
        Map<String, Object> params = new TreeMap<>();
        l.params().forEach((f, kv) -> params.put(f, new TreeMap<>(kv)));
        s.put("params", params);
      }
      if (!l.outs().isEmpty()) {
        s.put("outs", toYaml(l.outs()));
      }
      stages.put(e.getKey(), s);
    }
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("schema", SCHEMA);
    doc.put("stages", stages);
    if (force) {
      AtomicFiles.writeString(file, YamlFiles.dump(doc));
    } else {
      AtomicFiles.writeStringUnforced(file, YamlFiles.dump(doc));
    }
    unforced = !force;
  }

  /** Forces what this instance wrote last to disk, if it wrote anything. */
  public synchronized void force() {
    if (unforced) {
      write(known, true);
    }
  }

  private static List<Map<String, Object>> toYaml(List<Output> files) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Output o : files) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("path", o.path());
      m.put("sha256", o.sha256());
      m.put("size", o.size());
      if (o.dir()) {
        m.put("kind", "dir");
        m.put("nfiles", o.nfiles());
      }
      out.add(m);
    }
    return out;
  }

  private static List<Output> files(String stage, Object v) {
    List<Output> out = new ArrayList<>();
    if (v == null) {
      return out;
    }
    if (!(v instanceof List<?> l)) {
      throw BadInputException.at(NAME, 0, 0, "stage '" + stage + "': expected a list of files", null);
    }
    for (Object o : l) {
      if (!(o instanceof Map<?, ?> m) || !(m.get("path") instanceof String p) || !(m.get("sha256") instanceof String h)
          || !(m.get("size") instanceof Number size)) {
        throw BadInputException.at(NAME, 0, 0, "stage '" + stage + "': each file needs path, sha256 and size", null);
      }
      boolean dir = "dir".equals(m.get("kind"));
      long n = m.get("nfiles") instanceof Number num ? num.longValue() : 0;
      out.add(dir ? Output.directory(p, h, size.longValue(), n) : Output.file(p, h, size.longValue()));
    }
    return out;
  }

  private static Map<String, Map<String, Object>> params(String stage, Object v) {
    Map<String, Map<String, Object>> out = new TreeMap<>();
    if (v == null) {
      return out;
    }
    if (!(v instanceof Map<?, ?> m)) {
      throw BadInputException.at(NAME, 0, 0, "stage '" + stage + "': params must be a mapping of files", null);
    }
    for (Map.Entry<?, ?> e : m.entrySet()) {
      Map<String, Object> kv = new TreeMap<>();
      if (e.getValue() instanceof Map<?, ?> km) {
        km.forEach((k, val) -> kv.put(String.valueOf(k), val));
      }
      out.put(String.valueOf(e.getKey()), kv);
    }
    return out;
  }
}
