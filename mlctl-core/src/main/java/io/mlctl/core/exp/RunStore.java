package io.mlctl.core.exp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.mlctl.core.BadInputException;
import io.mlctl.core.StorageException;
import io.mlctl.core.io.AtomicFiles;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * The run records under {@code .mlctl/runs/}: one plain JSON file per run, {@code ID.json}, that
 * can be copied to another machine as it is.
 *
 * <p>Thread- and process-safe without the repository lock, which {@code exp run} holds while its
 * stages log into the run: every change is read-modify-write under an OS lock on
 * {@code .mlctl/runs/.lock} (and, because the OS lock belongs to the whole process, a lock per
 * JVM in front of it), and the new record replaces the old by an atomic rename, so a reader sees
 * the old or the new record and no logged point is lost.
 */
public final class RunStore {
  static final String SUFFIX = ".json";
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
  private static final Map<Path, ReentrantLock> JVM_LOCKS = new ConcurrentHashMap<>();
  static final ObjectMapper JSON = new ObjectMapper()
      .enable(SerializationFeature.INDENT_OUTPUT)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private final Path dir;

  public RunStore(Path dir) {
    this.dir = dir;
  }

  /** Checks that a run id can name a file here: letters, digits, '.', '_' and '-', no path. */
  public static String checkId(String id) {
    if (id == null || !ID.matcher(id).matches()) {
      throw new BadInputException("bad run id '" + id + "'", "run ids hold letters, digits, '.', '_' and '-'");
    }
    return id;
  }

  Path file(String id) {
    return dir.resolve(checkId(id) + SUFFIX);
  }

  /** The run with this id, this name, or this unique id prefix. */
  public RunRecord get(String ref) {
    return find(ref).orElseThrow(() -> new BadInputException("unknown run '" + ref + "'",
        "mlctl exp show lists the runs"));
  }

  /** The run a reference names (id, name or unique id prefix), if any. */
  public Optional<RunRecord> find(String ref) {
    Optional<RunRecord> exact = read(checkId(ref));
    if (exact.isPresent()) {
      return exact;
    }
    List<RunRecord> all = all();
    List<RunRecord> named = all.stream().filter(r -> ref.equals(r.name())).toList();
    if (named.size() > 1) {
      // Runs pulled from a teammate may share a name with one made here.
      throw new BadInputException("run name '" + ref + "' is ambiguous: "
          + String.join(", ", named.stream().map(RunRecord::id).toList()), "give the run's id");
    }
    if (named.size() == 1) {
      return Optional.of(named.get(0));
    }
    String idOrPrefix = ref;
    List<RunRecord> matches = all.stream().filter(r -> r.id().startsWith(idOrPrefix)).toList();
    if (matches.size() > 1) {
      throw new BadInputException("run id '" + idOrPrefix + "' is ambiguous: "
          + String.join(", ", matches.stream().map(RunRecord::id).toList()), "give more of the id");
    }
    return matches.stream().findFirst();
  }

  /** The run with exactly this id, if there is one. */
  public Optional<RunRecord> read(String id) {
    Path f = file(id);
    try {
      return Optional.of(parse(Files.readAllBytes(f), f));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw StorageException.of("read", f, e);
    }
  }

  private RunRecord parse(byte[] bytes, Path f) {
    return fromBytes(bytes, ".mlctl/runs/" + f.getFileName());
  }

  /** A record as its JSON file holds it. */
  public static byte[] toBytes(RunRecord r) {
    try {
      return JSON.writeValueAsBytes(r);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write run " + r.id() + " as JSON", e);
    }
  }

  /**
   * Reads a record's JSON, as a reader sees it ({@link RunRecord#observed()}).
   *
   * @param shown how errors name where the bytes came from
   * @throws BadInputException naming {@code shown}, line and column for bytes that are not a record
   */
  public static RunRecord fromBytes(byte[] bytes, String shown) {
    try {
      RunRecord r = JSON.readValue(bytes, RunRecord.class);
      if (r == null || r.id() == null) {
        throw new BadInputException(shown + ": no run id", null);
      }
      return r.observed();
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      var at = e.getLocation();
      throw BadInputException.at(shown, at == null ? 0 : at.getLineNr(), at == null ? 0 : at.getColumnNr(),
          "malformed run record: " + e.getOriginalMessage().lines().findFirst().orElse(""), null);
    } catch (IOException e) {
      // The bytes are in memory: what fails here is their encoding (a JSON text Jackson takes for UTF-32, say).
      throw new BadInputException(shown + ": malformed run record: " + e.getMessage(), null);
    }
  }

  /** Every run, oldest first. */
  public List<RunRecord> all() {
    List<RunRecord> out = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return out;
    }
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir,
        p -> p.getFileName().toString().endsWith(SUFFIX) && !p.getFileName().toString().startsWith("."))) {
      for (Path f : files) {
        out.add(parse(Files.readAllBytes(f), f));
      }
    } catch (IOException e) {
      throw StorageException.of("list", dir, e);
    }
    out.sort(Comparator.comparing((RunRecord r) -> r.started() == null ? "" : r.started()).thenComparing(RunRecord::id));
    return out;
  }

  /** Writes a record whole, replacing any record with its id. */
  public void put(RunRecord r) {
    update(r.id(), old -> r);
  }

  /**
   * Changes one record under the runs lock: reads it (or starts an empty one stamped
   * {@code startedIfNew}), applies {@code change}, writes it back atomically.
   */
  public RunRecord update(String id, String startedIfNew, UnaryOperator<RunRecord> change) {
    return locked(() -> {
      RunRecord now = change.apply(read(id).orElseGet(() -> RunRecord.empty(id, startedIfNew)));
      write(now);
      return now;
    });
  }

  private RunRecord update(String id, UnaryOperator<RunRecord> change) {
    return update(id, null, change);
  }

  /**
   * Changes a record that exists, under the runs lock.
   *
   * @throws BadInputException naming the id when there is no such run
   */
  public RunRecord updateExisting(String id, UnaryOperator<RunRecord> change) {
    return locked(() -> {
      RunRecord was = read(id).orElseThrow(() -> new BadInputException("unknown run '" + id + "'",
          "MLCTL_RUN_ID names no run in .mlctl/runs/; mlctl exp run and mlctl repro set it for their stages"));
      RunRecord now = change.apply(was);
      write(now);
      return now;
    });
  }

  /** Removes a run's record; false when there was none. */
  public boolean remove(String id) {
    return locked(() -> {
      try {
        return Files.deleteIfExists(file(id));
      } catch (IOException e) {
        throw StorageException.of("remove", file(id), e);
      }
    });
  }

  private void write(RunRecord r) {
    AtomicFiles.write(file(r.id()), toBytes(r));
  }

  private <T> T locked(java.util.function.Supplier<T> body) {
    Path lockFile = dir.resolve(".lock").toAbsolutePath().normalize();
    ReentrantLock jvm = JVM_LOCKS.computeIfAbsent(lockFile, k -> new ReentrantLock());
    jvm.lock();
    try {
      Files.createDirectories(dir);
      try (FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
          FileLock os = ch.lock()) {
        return body.get();
      }
    } catch (IOException e) {
      throw StorageException.of("lock", lockFile, e);
    } finally {
      jvm.unlock();
    }
  }
}
