package io.mlctl.core.watch;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Talks to a work tree's {@link MonitorDaemon}. Every failure to get a clear answer (no monitor,
 * a dead one, a slow one, a garbled reply) is an empty result: the caller then walks the tree
 * as it would without a monitor, so a monitor can make mlctl faster but never wrong.
 */
public final class MonitorClient {
  private static final AtomicLong COUNTER = new AtomicLong();

  private final MonitorFiles files;

  public MonitorClient(Path root) {
    this.files = new MonitorFiles(root);
  }

  /**
   * The monitor's answer to "what changed since".
   *
   * @param token what to send next time as {@code since}
   * @param all true when the monitor cannot tell, so every prefix counts as changed
   * @param changed the prefixes that may have changed
   */
  public record Answer(String token, boolean all, Set<String> changed) {
    /** Whether nothing at, in or above {@code prefix} changed since the token asked about. */
    public boolean unchanged(String prefix) {
      return !all && !changed.contains(prefix);
    }
  }

  /**
   * Asks which of {@code prefixes} (folders relative to the work tree) changed since
   * {@code since} (a token from an earlier answer, or null); empty when no monitor answers.
   */
  public Optional<Answer> changedSince(String since, List<String> prefixes) {
    StringBuilder req = new StringBuilder("since ").append(since == null ? "-" : since).append('\n');
    Set<String> asked = new HashSet<>();
    for (String p : prefixes) {
      // A path the line protocol cannot carry is simply not vouched for.
      if (p.indexOf('\n') < 0 && p.indexOf('\r') < 0 && asked.add(p)) {
        req.append("prefix ").append(p).append('\n');
      }
    }
    req.append(Protocol.END).append('\n');
    Optional<List<String>> lines = request(req.toString());
    if (lines.isEmpty() || lines.get().isEmpty() || !lines.get().get(0).startsWith("token ")) {
      return Optional.empty();
    }
    List<String> reply = lines.get();
    String token = reply.get(0).substring(6);
    boolean all = false;
    Set<String> changed = new HashSet<>();
    for (String line : reply.subList(1, reply.size())) {
      if (line.equals("all")) {
        all = true;
      } else if (line.startsWith("changed ")) {
        changed.add(line.substring(8));
      } else {
        return Optional.empty();
      }
    }
    for (String p : prefixes) {
      if (!asked.contains(p)) {
        changed.add(p);
      }
    }
    return Optional.of(new Answer(token, all, changed));
  }

  /** The running monitor's facts (pid, root, folders, events, since), or empty when none answers. */
  public Optional<Map<String, String>> info() {
    return request("info\n").map(lines -> {
      Map<String, String> m = new LinkedHashMap<>();
      for (String l : lines) {
        int sp = l.indexOf(' ');
        if (sp > 0) {
          m.put(l.substring(0, sp), l.substring(sp + 1));
        }
      }
      return m;
    }).filter(m -> m.containsKey("pid"));
  }

  /** Asks the monitor to stop; false when none was answering. */
  public boolean stop() {
    return request("stop\n").map(l -> l.contains("ok")).orElse(false);
  }

  /**
   * Sends one request and reads the answer's lines up to {@code end}, which every whole answer
   * has, giving up after {@link Protocol#CLIENT_MILLIS}: a hung monitor must not hang the command.
   */
  private Optional<List<String>> request(String body) {
    if (!alive()) {
      return Optional.empty();
    }
    String id = ProcessHandle.current().pid() + "-" + Long.toHexString(System.nanoTime()) + "-" + COUNTER.incrementAndGet();
    Path tmp = files.dir().resolve(MonitorFiles.TEMP + "q-" + id);
    Path answer = files.answer(id);
    try {
      Files.writeString(tmp, Protocol.HELLO + "\n" + body, StandardCharsets.UTF_8);
      Files.move(tmp, files.request(id), StandardCopyOption.ATOMIC_MOVE);
      long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Protocol.CLIENT_MILLIS);
      long pause = 50_000;
      while (!Files.exists(answer)) {
        if (System.nanoTime() > deadline) {
          return Optional.empty();
        }
        LockSupport.parkNanos(pause);
        pause = Math.min(pause * 2, 5_000_000);
      }
      List<String> lines = Files.readAllLines(answer, StandardCharsets.UTF_8);
      int end = lines.indexOf(Protocol.END);
      if (end < 0 || (!lines.isEmpty() && lines.get(0).startsWith("error"))) {
        return Optional.empty();
      }
      return Optional.of(lines.subList(0, end));
    } catch (IOException e) {
      return Optional.empty();
    } finally {
      deleteQuietly(tmp);
      deleteQuietly(files.request(id));
      deleteQuietly(answer);
    }
  }

  /**
   * Whether a monitor holds the work tree's lock: a shared lock cannot be had while it does.
   * Without this, a request to a monitor that died with the machine would wait out its timeout.
   */
  public boolean alive() {
    if (MonitorDaemon.runsHere(files.root())) {
      return true;
    }
    if (!Files.exists(files.lock())) {
      return false;
    }
    try (FileChannel ch = FileChannel.open(files.lock(), StandardOpenOption.READ)) {
      FileLock probe = ch.tryLock(0, Long.MAX_VALUE, true);
      if (probe == null) {
        return true;
      }
      probe.release();
      return false;
    } catch (IOException | java.nio.channels.OverlappingFileLockException e) {
      return false;
    }
  }

  private static void deleteQuietly(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException ignored) {
      // the monitor sweeps what clients leave
    }
  }
}
