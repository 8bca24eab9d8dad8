package io.mlctl.core.pipeline;

import io.mlctl.core.io.AtomicFiles;
import io.mlctl.core.state.MachineKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The pipeline parsed last, kept in {@code .mlctl/state/pipeline} with the exact text of
 * {@code mlctl.yaml} and {@code params.yaml} it was parsed from, so a command that finds both
 * files as they were skips YAML altogether: SnakeYAML takes a cold JVM some 40 ms for a pipeline
 * of a hundred stages, a good part of a repro of short stages. A parse depends on those two files
 * only, so equal text means an equal pipeline. A cache file that is missing, damaged, of another
 * version or made from other text is ignored, and writing one is best effort: a read-only
 * checkout parses every time.
 *
 * <p>The file is UTF-8 text: a header line; a seal of the rest made with this machine's key
 * ({@link MachineKey}), so a cache file committed into a repository is ignored rather than run; the length (in chars) and text of mlctl.yaml; the
 * length and text of params.yaml, or -1 for none; then one line per stage and one per stage
 * location, fields separated by tabs, each escaped so that it holds no tab or line break.
 */
final class PipelineCache {
  static final String FILE = "pipeline";
  private static final String HEADER = "mlctl pipeline cache 2";
  /** Stands for a null field; YAML text cannot hold a NUL character. */
  private static final String NULL = "\0";

  private PipelineCache() {}

  private static Path file(Path root) {
    return new io.mlctl.core.repo.ProjectLayout(root).state().resolve(FILE);
  }

  /**
   * The cached pipeline if it was parsed from exactly {@code yaml} and {@code params} (null for
   * no params.yaml); null otherwise.
   */
  static Pipeline load(Path root, String yaml, String params) {
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(file(root)))).toString();
    } catch (IOException | RuntimeException unreadable) {
      return null;
    }
    try {
      Reader r = new Reader(text);
      if (!r.line().equals(HEADER)) {
        return null;
      }
      String seal = r.line();
      // Only a file this machine's user wrote: a committed one would run commands mlctl.yaml does not show.
      if (!MachineKey.current().verifies(text.substring(r.at), seal) || !r.matches(yaml) || !r.matches(params)) {
        return null;
      }
      int count = Integer.parseInt(r.line());
      List<Stage> stages = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        stages.add(stage(fields(r.line())));
      }
      Map<String, String> locations = new HashMap<>();
      for (String line; !(line = r.line()).equals("end"); ) {
        List<String> f = fields(line);
        locations.put(f.get(0), f.get(1));
      }
      return new Pipeline(stages, locations);
    } catch (RuntimeException damaged) {
      return null;
    }
  }

  /** Keeps {@code pipeline} as parsed from {@code yaml} and {@code params}; failures are ignored. */
  static void save(Path root, String yaml, String params, Pipeline pipeline) {
    StringBuilder sb = new StringBuilder(yaml.length() * 2 + 256);
    text(sb, yaml);
    text(sb, params);
    sb.append(pipeline.stages().size()).append('\n');
    for (Stage s : pipeline.stages()) {
      List<String> f = new ArrayList<>();
      f.add(s.name());
      f.add(s.wdir());
      f.add(s.frozen() ? "1" : "0");
      f.add(s.alwaysChanged() ? "1" : "0");
      list(f, s.cmd());
      list(f, s.deps());
      f.add(String.valueOf(s.params().size()));
      for (Stage.Param p : s.params()) {
        f.add(p.file());
        f.add(p.key());
      }
      f.add(String.valueOf(s.outs().size()));
      for (Stage.Out o : s.outs()) {
        f.add(o.path());
        f.add(o.kind().name());
        f.add(o.cache() ? "1" : "0");
        f.add(o.persist() ? "1" : "0");
      }
      line(sb, f);
    }
    for (Map.Entry<String, String> e : pipeline.locations().entrySet()) {
      line(sb, List.of(e.getKey(), e.getValue()));
    }
    sb.append("end\n");
    try {
      Path file = file(root);
      String seal;
      if (Files.isDirectory(file.getParent()) && (seal = MachineKey.current().seal(sb, true)) != null) {
        AtomicFiles.writeStringUnforced(file, HEADER + "\n" + seal + "\n" + sb);
      }
    } catch (RuntimeException notWritten) {
      // only a cache: the next command parses again
    }
  }

  private static Stage stage(List<String> f) {
    int i = 0;
    String name = f.get(i++);
    String wdir = f.get(i++);
    boolean frozen = f.get(i++).equals("1");
    boolean always = f.get(i++).equals("1");
    int n = Integer.parseInt(f.get(i++));
    List<String> cmd = f.subList(i, i + n);
    i += n;
    n = Integer.parseInt(f.get(i++));
    List<String> deps = f.subList(i, i + n);
    i += n;
    n = Integer.parseInt(f.get(i++));
    List<Stage.Param> params = new ArrayList<>(n);
    for (int k = 0; k < n; k++, i += 2) {
      params.add(new Stage.Param(f.get(i), f.get(i + 1)));
    }
    n = Integer.parseInt(f.get(i++));
    List<Stage.Out> outs = new ArrayList<>(n);
    for (int k = 0; k < n; k++, i += 4) {
      outs.add(new Stage.Out(f.get(i), Stage.OutKind.valueOf(f.get(i + 1)), f.get(i + 2).equals("1"),
          f.get(i + 3).equals("1")));
    }
    if (i != f.size()) {
      throw new IllegalArgumentException("stray fields");
    }
    return new Stage(name, cmd, wdir, deps, params, outs, frozen, always);
  }

  private static void list(List<String> f, List<String> items) {
    f.add(String.valueOf(items.size()));
    f.addAll(items);
  }

  private static void text(StringBuilder sb, String s) {
    if (s == null) {
      sb.append("-1\n");
    } else {
      sb.append(s.length()).append('\n').append(s).append('\n');
    }
  }

  private static void line(StringBuilder sb, List<String> fields) {
    for (int i = 0; i < fields.size(); i++) {
      if (i > 0) {
        sb.append('\t');
      }
      String s = fields.get(i);
      if (s == null) {
        sb.append(NULL);
        continue;
      }
      for (int k = 0; k < s.length(); k++) {
        char c = s.charAt(k);
        switch (c) {
          case '\\' -> sb.append("\\\\");
          case '\t' -> sb.append("\\t");
          case '\n' -> sb.append("\\n");
          case '\r' -> sb.append("\\r");
          default -> sb.append(c);
        }
      }
    }
    sb.append('\n');
  }

  private static List<String> fields(String line) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    for (int k = 0; k < line.length(); k++) {
      char c = line.charAt(k);
      if (c == '\t') {
        out.add(field(cur));
        cur.setLength(0);
      } else if (c == '\\') {
        char e = line.charAt(++k);
        cur.append(switch (e) {
          case 't' -> '\t';
          case 'n' -> '\n';
          case 'r' -> '\r';
          case '\\' -> '\\';
          default -> throw new IllegalArgumentException("bad escape");
        });
      } else {
        cur.append(c);
      }
    }
    out.add(field(cur));
    return out;
  }

  private static String field(StringBuilder cur) {
    String s = cur.toString();
    return s.equals(NULL) ? null : s;
  }

  /** Reads the file's lines and length-prefixed texts in turn. */
  private static final class Reader {
    private final String text;
    int at;

    Reader(String text) {
      this.text = text;
    }

    String line() {
      int end = text.indexOf('\n', at);
      if (end < 0) {
        throw new IllegalArgumentException("truncated");
      }
      String line = text.substring(at, end);
      at = end + 1;
      return line;
    }

    /** Whether the next length-prefixed text is {@code expected} (null: recorded as absent). */
    boolean matches(String expected) {
      int length = Integer.parseInt(line());
      if (length < 0 || expected == null) {
        return length < 0 && expected == null;
      }
      if (length != expected.length() || !text.regionMatches(at, expected, 0, length)
          || text.charAt(at + length) != '\n') {
        return false;
      }
      at += length + 1;
      return true;
    }
  }
}
