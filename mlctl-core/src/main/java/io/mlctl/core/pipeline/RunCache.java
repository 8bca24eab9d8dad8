package io.mlctl.core.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mlctl.core.data.Workspace;
import io.mlctl.core.io.AtomicFiles;
import io.mlctl.core.pointer.Manifest;
import io.mlctl.core.pointer.Output;
import io.mlctl.core.store.Sha256;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The run cache under {@code .mlctl/cache/runs/}: for a stage's command, dependency hashes and
 * parameter values, the outputs a past run produced. Kept apart from the object store (as Bazel
 * keeps its action cache apart from its content store): an entry is only a list of hashes, and
 * the bytes it names stay in the object store. Entries are written whole by rename; a damaged or
 * unreadable entry is a miss, never an error.
 */
public final class RunCache {
  /** Loaded only when a stage runs or is restored: a no-op repro never pays Jackson's start-up. */
  private static final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper();
  }

  private final Workspace ws;
  private final Path dir;

  public RunCache(Workspace ws) {
    this.ws = ws;
    this.dir = ws.layout().runCache();
  }

  /**
   * Whether a run of the stage may be remembered and restored. As in DVC: only a stage with a
   * command, dependencies and outputs (a stage without them is run for its side effects, which a
   * restore would skip), none of them persistent (a persistent output depends on its own past) or
   * uncached, and not {@code always_changed}.
   */
  static boolean eligible(Stage s) {
    return !s.cmd().isEmpty() && !s.deps().isEmpty() && !s.outs().isEmpty() && !s.alwaysChanged()
        && s.outs().stream().allMatch(o -> o.cache() && !o.persist());
  }

  /** The key of a run: the SHA-256 of its command, dependency hashes and parameters, canonically encoded. */
  static String key(String cmd, List<Output> deps, Map<String, Map<String, Object>> params) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("cmd", cmd);
    List<List<String>> d = new ArrayList<>();
    deps.stream().sorted(java.util.Comparator.comparing(Output::path)).forEach(o -> d.add(List.of(o.path(), o.sha256())));
    doc.put("deps", d);
    Map<String, Object> p = new TreeMap<>();
    params.forEach((f, kv) -> p.put(f, String.valueOf(new TreeMap<>(kv))));
    doc.put("params", p);
    try {
      return Sha256.of(Json.MAPPER.writeValueAsBytes(doc));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private Path entry(String key) {
    return dir.resolve(key.substring(0, 2)).resolve(key.substring(2));
  }

  void save(String key, List<Output> outs) {
    List<Map<String, Object>> list = new ArrayList<>();
    for (Output o : outs) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("path", o.path());
      m.put("sha256", o.sha256());
      m.put("size", o.size());
      m.put("dir", o.dir());
      m.put("nfiles", o.nfiles());
      list.add(m);
    }
    try {
      AtomicFiles.write(entry(key), Json.MAPPER.writeValueAsBytes(list));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Restores the outputs of a past run with this key into the work tree, if every object is in the cache. */
  Optional<List<Output>> restore(Stage s, String key) {
    Path e = entry(key);
    if (!Files.isRegularFile(e)) {
      return Optional.empty();
    }
    List<Output> outs;
    try {
      outs = parse(e);
    } catch (IOException | RuntimeException bad) {
      return Optional.empty();
    }
    List<String> want = s.outs().stream().map(o -> PathRules.checkOut(s, o.path())).sorted().toList();
    if (!want.equals(outs.stream().map(Output::path).sorted().toList()) || !allPresent(outs)) {
      return Optional.empty();
    }
    for (Output o : outs) {
      Path target = ws.root().resolve(o.path());
      StageExecution.deleteRecursively(target);
      try {
        if (o.dir()) {
          Manifest m = Manifest.parse(ws.store().readVerified(o.sha256()), o.path());
          for (Manifest.Entry f : m.entries()) {
            Path t = target.resolve(f.path());
            Files.createDirectories(t.getParent());
            ws.store().copyOut(f.sha256(), t);
          }
        } else {
          Files.createDirectories(target.getParent());
          ws.store().copyOut(o.sha256(), target);
        }
      } catch (IOException ex) {
        throw io.mlctl.core.StorageException.of("restore", target, ex);
      }
    }
    return Optional.of(outs);
  }

  /**
   * {@code gc}'s part: removes the entries that name an object the cache no longer holds (or
   * will not hold once {@code goingAway} is deleted), and entries that cannot be read. Such an
   * entry could never be restored, and would otherwise stay forever. Takes the write lock.
   *
   * @return the entries removed, or that would be on a dry run, as {@code ab/cdef…} names
   */
  public List<String> prune(java.util.Set<String> goingAway, boolean dryRun) {
    List<String> dropped = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return dropped;
    }
    try (io.mlctl.core.repo.RepoLock lock = ws.project().lock();
        java.util.stream.Stream<Path> walk = Files.walk(dir, 2)) {
      for (Path e : walk.filter(Files::isRegularFile).sorted().toList()) {
        if (AtomicFiles.isTemp(e.getFileName().toString()) || restorable(e, goingAway)) {
          continue;
        }
        dropped.add(dir.relativize(e).toString().replace(e.getFileSystem().getSeparator(), "/"));
        if (!dryRun) {
          Files.deleteIfExists(e);
        }
      }
    } catch (IOException ex) {
      throw io.mlctl.core.StorageException.of("clean up the run cache in", dir, ex);
    }
    return dropped;
  }

  private boolean restorable(Path entry, java.util.Set<String> goingAway) {
    List<Output> outs;
    try {
      outs = parse(entry);
    } catch (IOException | RuntimeException damaged) {
      return false;
    }
    for (Output o : outs) {
      if (goingAway.contains(o.sha256()) || !ws.store().contains(o.sha256())) {
        return false;
      }
      if (o.dir()) {
        Manifest m;
        try {
          m = Manifest.parse(ws.store().readVerified(o.sha256()), o.path());
        } catch (RuntimeException damaged) {
          return false;
        }
        for (Manifest.Entry f : m.entries()) {
          if (goingAway.contains(f.sha256()) || !ws.store().contains(f.sha256())) {
            return false;
          }
        }
      }
    }
    return true;
  }

  private static List<Output> parse(Path entry) throws IOException {
    return parse(Files.readAllBytes(entry));
  }

  /**
   * The outputs an entry lists, checked strictly: an entry is not named by its content, so its
   * bytes are the only thing that can vouch for it before it is trusted to name objects and paths.
   *
   * @throws IllegalArgumentException naming what is wrong, when the bytes are not a valid entry
   */
  public static List<Output> parse(byte[] bytes) {
    JsonNode doc;
    try {
      doc = Json.MAPPER.readTree(bytes);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new IllegalArgumentException("not JSON: " + e.getMessage(), e);
    }
    if (doc == null || !doc.isArray() || doc.isEmpty()) {
      throw new IllegalArgumentException("not a non-empty JSON array of outputs");
    }
    List<Output> outs = new ArrayList<>();
    for (JsonNode m : doc) {
      JsonNode path = m.get("path");
      JsonNode hash = m.get("sha256");
      JsonNode size = m.get("size");
      if (path == null || !path.isTextual() || !safePath(path.asText())) {
        throw new IllegalArgumentException("an output has no valid relative 'path'");
      }
      if (hash == null || !hash.isTextual() || !Sha256.isHash(hash.asText())) {
        throw new IllegalArgumentException("output '" + path.asText() + "' has no valid 'sha256'");
      }
      if (size == null || !size.canConvertToLong() || size.asLong() < 0) {
        throw new IllegalArgumentException("output '" + path.asText() + "' has no valid 'size'");
      }
      JsonNode dir = m.get("dir");
      if (dir != null && dir.asBoolean(false)) {
        JsonNode nfiles = m.get("nfiles");
        if (nfiles == null || !nfiles.canConvertToLong() || nfiles.asLong() < 0) {
          throw new IllegalArgumentException("directory '" + path.asText() + "' has no valid 'nfiles'");
        }
        outs.add(Output.directory(path.asText(), hash.asText(), size.asLong(), nfiles.asLong()));
      } else {
        outs.add(Output.file(path.asText(), hash.asText(), size.asLong()));
      }
    }
    return outs;
  }

  private static boolean safePath(String p) {
    return io.mlctl.core.pointer.PathSafety.rootProblem(p) == null;
  }

  /** Whether {@code key} has the form of an entry's key: 64 lowercase hex digits. */
  public static boolean isKey(String key) {
    return Sha256.isHash(key);
  }

  /** The keys of the entries held, sorted; temporary files and stray names are left out. */
  public List<String> keys() {
    List<String> out = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return out;
    }
    try (java.util.stream.Stream<Path> walk = Files.walk(dir, 2)) {
      for (Path e : walk.filter(Files::isRegularFile).toList()) {
        Path parent = dir.relativize(e).getParent();
        String key = (parent == null ? "" : parent.toString()) + e.getFileName();
        if (parent != null && parent.getNameCount() == 1 && isKey(key)) {
          out.add(key);
        }
      }
    } catch (IOException ex) {
      throw io.mlctl.core.StorageException.of("list the run cache in", dir, ex);
    }
    out.sort(null);
    return out;
  }

  /** Whether an entry with this key is held (well-formed or not). */
  public boolean contains(String key) {
    return Files.isRegularFile(entry(key));
  }

  /** An entry's bytes and the outputs they list. */
  public record Entry(String key, byte[] bytes, List<Output> outputs) {}

  /** The entry with this key, if it is held and well-formed. */
  public Optional<Entry> read(String key) {
    try {
      byte[] bytes = Files.readAllBytes(entry(key));
      return Optional.of(new Entry(key, bytes, parse(bytes)));
    } catch (IOException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /**
   * Stores an entry received from elsewhere, whole by rename. The caller has parsed it and holds
   * the objects it names; an entry already held is left as it is (the same inputs give the same key).
   */
  public void put(Entry e) {
    parse(e.bytes());
    if (!contains(e.key())) {
      AtomicFiles.write(entry(e.key()), e.bytes());
    }
  }

  /** Whether every object the outputs name (and, for a directory, every file of its manifest) is in the cache. */
  public boolean objectsPresent(List<Output> outs) {
    try {
      return allPresent(outs);
    } catch (RuntimeException damagedManifest) {
      return false;
    }
  }

  private boolean allPresent(List<Output> outs) {
    for (Output o : outs) {
      if (!ws.store().contains(o.sha256())) {
        return false;
      }
      if (o.dir()) {
        Manifest m = Manifest.parse(ws.store().readVerified(o.sha256()), o.path());
        if (!m.entries().stream().allMatch(f -> ws.store().contains(f.sha256()))) {
          return false;
        }
      }
    }
    return true;
  }
}
