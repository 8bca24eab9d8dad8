package io.mlctl.core.pipeline;

import io.mlctl.core.BadInputException;
import io.mlctl.core.StorageException;
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
 * sees the old or the new lock, never a mix. Thread-safe.
 *
 * <p>{@link #put} writes behind: repro records each stage's entry as the stage ends, and a
 * background thread writes the newest state while the next stage runs. Writes keep their order,
 * and one that is overtaken before it starts is skipped (the later state holds it), so a killed
 * mlctl leaves some earlier state whole, whose missing entries only mean those stages run again.
 * {@link #force} and {@link #awaitWrites} wait for the write of the newest state.
 */
public final class LockFile {
  public static final String NAME = "mlctl.lock";
  public static final int SCHEMA = 1;

  private final Path file;
  /** What this instance last read or was given: repro reads the lock once, not once per stage. */
  private Map<String, LockEntry> known;
  private boolean unforced;
  /** The states given, counted; the newest one written; a background write's failure, kept for the caller. */
  private long given;
  private long written;
  private boolean writing;
  private RuntimeException failed;
  /** When the last background write ended ({@link System#nanoTime}), and how many threads wait for the writes. */
  private long lastWrite;
  private int waiters;
  /** The thread writing behind, once it has started; null when none is. */
  private Thread writer;
  /** The longest anyone waits for a background write: a lock file is written in well under a second. */
  private static final long MAX_WAIT_NANOS = 30_000_000_000L;
  /** The shortest time between two background writes. */
  private static final long PAUSE_NANOS = 10_000_000;
  /** Held while a state is rendered and written: the renderer's per-stage cache is not thread-safe. */
  private final Object io = new Object();

  public LockFile(Path root) {
    this.file = root.resolve(NAME);
    this.lastWrite = System.nanoTime() - PAUSE_NANOS;
  }

  /** The entries by stage name; empty when there is no lock file. */
  public synchronized Map<String, LockEntry> read() {
    return new TreeMap<>(known());
  }

  /** One stage's entry, as {@link #read} would give it. */
  public synchronized LockEntry entry(String stage) {
    return known().get(stage);
  }

  private Map<String, LockEntry> known() {
    if (known == null) {
      known = parse();
    }
    return known;
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
  public void write(Map<String, LockEntry> entries, boolean force) {
    Map<String, LockEntry> state;
    long n;
    synchronized (this) {
      known = new TreeMap<>(entries);
      state = new TreeMap<>(entries);
      n = ++given;
      unforced = !force;
    }
    store(state, n, force);
  }

  /**
   * Sets one stage's entry, keeping the others, and has the lock written soon on a background
   * thread. Throws the failure of an earlier background write, if there was one.
   */
  public void put(String stage, LockEntry entry) {
    synchronized (this) {
      rethrowFailure();
      known().put(stage, entry);
      given++;
      unforced = true;
      if (writing) {
        return;
      }
      writing = true;
    }
    WRITERS.execute(this::writeBehind);
  }

  /**
   * Runs on a writer thread: writes the newest state until no newer one is waiting. Whatever ends
   * it, even an Error, leaves {@code writing} false and the failure kept, so no one waits for a
   * writer that is gone.
   */
  private void writeBehind() {
    synchronized (this) {
      writer = Thread.currentThread();
    }
    try {
      writeUntilCurrent();
    } catch (Throwable t) {
      synchronized (this) {
        if (failed == null) {
          failed = writerFailed(t);
        }
        writing = false;
        writer = null;
        notifyAll();
      }
      // Not rethrown: the failure is the caller's to report, at its next put or wait.
    }
  }

  private void writeUntilCurrent() {
    while (true) {
      Map<String, LockEntry> state;
      long n;
      synchronized (this) {
        pause();
        if (written >= given || failed != null) {
          writing = false;
          writer = null;
          notifyAll();
          return;
        }
        // Copied here rather than in put: the stages' thread only adds an entry.
        state = new TreeMap<>(known);
        n = given;
      }
      try {
        store(state, n, false);
      } catch (RuntimeException e) {
        synchronized (this) {
          failed = e;
        }
      }
      synchronized (this) {
        lastWrite = System.nanoTime();
      }
    }
  }

  private StorageException writerFailed(Throwable t) {
    String why = t instanceof OutOfMemoryError ? "it ran out of memory" : "it stopped (" + t.getClass().getSimpleName() + ")";
    return new StorageException("could not write " + NAME + ": " + why, "the lock keeps the last state written whole", t);
  }

  /**
   * Waits until {@link #PAUSE_NANOS} after the last background write, unless someone waits for
   * the writes: the states that come meanwhile (stages shorter than a write) make one write.
   */
  private void pause() {
    long left;
    while (written < given && failed == null && waiters == 0
        && (left = lastWrite + PAUSE_NANOS - System.nanoTime()) > 0) {
      try {
        wait(left / 1_000_000, (int) (left % 1_000_000));
      } catch (InterruptedException e) {
        // Not kept: an interrupted thread could not write the file. Write now instead.
        return;
      }
    }
  }

  /** Renders and writes state number {@code n}, unless a newer one was written already. */
  private void store(Map<String, LockEntry> state, long n, boolean force) {
    synchronized (io) {
      if (n <= writtenNow()) {
        return;
      }
      String text = render(state);
      if (force) {
        AtomicFiles.writeString(file, text);
      } else {
        AtomicFiles.writeStringUnforced(file, text);
      }
      synchronized (this) {
        written = n;
      }
    }
  }

  private synchronized long writtenNow() {
    return written;
  }

  /**
   * Waits until the newest state is written (not forced to disk).
   *
   * @throws io.mlctl.core.StorageException when a background write failed; the lock file then
   *     holds the last state that was written whole
   */
  public synchronized void awaitWrites() {
    boolean interrupted = false;
    waiters++;
    notifyAll();
    long deadline = System.nanoTime() + MAX_WAIT_NANOS;
    try {
      while (writing) {
        try {
          // Not a bare wait(): a shutdown hook waits here, and it must end even if the writer
          // thread died or hangs, or the process could not be stopped and would keep the lock.
          wait(100);
        } catch (InterruptedException e) {
          // The write is short and must end before anyone reads the lock: finish waiting.
          interrupted = true;
        }
        if (writing && writer != null && !writer.isAlive()) {
          giveUp("its writer thread ended");
        } else if (writing && System.nanoTime() - deadline > 0) {
          giveUp("it took longer than " + MAX_WAIT_NANOS / 1_000_000_000 + " s");
        }
      }
    } finally {
      waiters--;
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    rethrowFailure();
  }

  private void giveUp(String why) {
    if (failed == null) {
      failed = new StorageException("could not write " + NAME + ": " + why, "the lock keeps the last state written whole", null);
    }
    writing = false;
  }

  private void rethrowFailure() {
    if (failed != null) {
      RuntimeException e = failed;
      failed = null;
      throw e;
    }
  }

  /** The background writers: one thread, kept a second after its last write, not holding the JVM open. */
  private static final java.util.concurrent.ExecutorService WRITERS = writers();

  private static java.util.concurrent.ExecutorService writers() {
    java.util.concurrent.ThreadPoolExecutor pool = new java.util.concurrent.ThreadPoolExecutor(1, 1, 1,
        java.util.concurrent.TimeUnit.SECONDS, new java.util.concurrent.LinkedBlockingQueue<>(), r -> {
          Thread t = new Thread(r, "mlctl-lock-writer");
          t.setDaemon(true);
          return t;
        });
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }

  /** Each stage's entry as written last, so a repro that rewrites the lock after every stage re-renders only that stage. */
  private final Map<String, Rendered> rendered = new java.util.HashMap<>();
  private YamlFiles.Dumper dumper;

  private record Rendered(LockEntry entry, String text) {}

  /**
   * The lock file's text: the dump of {@link #document}, put together from one dump per stage.
   * A stage's block, indented under {@code stages:}, is its one-stage dump indented by two
   * spaces, because block-style YAML nests by indentation alone.
   */
  private String render(Map<String, LockEntry> entries) {
    if (entries.isEmpty()) {
      return YamlFiles.dump(document(entries));
    }
    StringBuilder sb = new StringBuilder("schema: ").append(SCHEMA).append("\nstages:\n");
    for (Map.Entry<String, LockEntry> e : entries.entrySet()) {
      Rendered r = rendered.get(e.getKey());
      // Mostly the very entry rendered last time: no need to compare it field by field.
      if (r == null || (r.entry() != e.getValue() && !r.entry().equals(e.getValue()))) {
        Map<String, Object> one = new LinkedHashMap<>();
        one.put(e.getKey(), stage(e.getValue()));
        String text = plain(e.getKey(), e.getValue());
        if (text == null) {
          if (dumper == null) {
            dumper = YamlFiles.newDumper();
          }
          text = dumper.dump(one);
        }
        r = new Rendered(e.getValue(), indented(text));
        rendered.put(e.getKey(), r);
      }
      sb.append(r.text());
    }
    rendered.keySet().retainAll(entries.keySet());
    return sb.toString();
  }

  private static final org.yaml.snakeyaml.resolver.Resolver RESOLVER = new org.yaml.snakeyaml.resolver.Resolver();

  /**
   * A stage's one-stage dump written out directly, as the dumper would write it, when every
   * string in it is one {@link #scalar} knows how the dumper writes (most are: names, paths,
   * hashes, simple commands); null otherwise, and for parameters, whose values can be anything. Dumping costs
   * a repro of many short stages more than running them.
   */
  private static String plain(String name, LockEntry l) {
    String key = scalar(name);
    String cmd = scalar(l.cmd());
    if (!l.params().isEmpty() || key == null || cmd == null) {
      return null;
    }
    StringBuilder sb = new StringBuilder(64 + 160 * (l.deps().size() + l.outs().size()));
    sb.append(key).append(":\n  cmd: ").append(cmd).append('\n');
    if (!files(sb, "deps", l.deps()) || !files(sb, "outs", l.outs())) {
      return null;
    }
    return sb.toString();
  }

  private static boolean files(StringBuilder sb, String key, List<Output> files) {
    if (files.isEmpty()) {
      return true;
    }
    sb.append("  ").append(key).append(":\n");
    for (Output o : files) {
      String path = scalar(o.path());
      String hash = scalar(o.sha256());
      if (path == null || hash == null) {
        return false;
      }
      sb.append("  - path: ").append(path).append("\n    sha256: ").append(hash)
          .append("\n    size: ").append(o.size()).append('\n');
      if (o.dir()) {
        sb.append("    kind: dir\n    nfiles: ").append(o.nfiles()).append('\n');
      }
    }
    return true;
  }

  /**
   * {@code s} as the dumper writes it, when that is known without the dumper: strings of letters,
   * digits and a few punctuation marks that mean nothing to YAML where they stand are written
   * plain, or single-quoted when YAML would read them as another type ({@code true}, {@code 1e3},
   * {@code null}, an all-digit hash). Null for anything else.
   */
  static String scalar(String s) {
    if (s.isEmpty() || s.length() > 80 || s.charAt(s.length() - 1) == ' ') {
      return null;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.'
          || c == '/' || (i > 0 && (c == '-' || c == ' ' || c == '@' || c == '=' || c == '+'));
      if (!ok) {
        return null;
      }
    }
    boolean str = RESOLVER.resolve(org.yaml.snakeyaml.nodes.NodeId.scalar, s, true).equals(org.yaml.snakeyaml.nodes.Tag.STR);
    return str ? s : "'" + s + "'";
  }

  /** Every non-empty line two spaces further in (an empty line inside a block scalar stays empty, as in the whole dump). */
  private static String indented(String yaml) {
    StringBuilder sb = new StringBuilder(yaml.length() + 64);
    int start = 0;
    while (start < yaml.length()) {
      int end = yaml.indexOf('\n', start);
      end = end < 0 ? yaml.length() : end + 1;
      if (end - start > 1) {
        sb.append("  ");
      }
      sb.append(yaml, start, end);
      start = end;
    }
    return sb.toString();
  }

  /** The lock file as a YAML document: {@code schema}, then the stages sorted by name. */
  static Map<String, Object> document(Map<String, LockEntry> entries) {
    Map<String, Object> stages = new LinkedHashMap<>();
    for (Map.Entry<String, LockEntry> e : new TreeMap<>(entries).entrySet()) {
      stages.put(e.getKey(), stage(e.getValue()));
    }
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("schema", SCHEMA);
    doc.put("stages", stages);
    return doc;
  }

  private static Map<String, Object> stage(LockEntry l) {
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
    return s;
  }

  /**
   * Waits for the background writes, then forces what this instance wrote last to disk, if it
   * wrote anything.
   */
  public void force() {
    Map<String, LockEntry> state;
    synchronized (this) {
      awaitWrites();
      if (!unforced) {
        return;
      }
      state = new TreeMap<>(known);
    }
    write(state, true);
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
