package io.mlctl.core.watch;

import io.mlctl.core.StorageException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The file-system monitor of one work tree ({@code mlctl fsmonitor run}): watches the tree with
 * {@link TreeWatcher} and answers {@link MonitorClient}s' request files in
 * {@code .mlctl/tmp/fsmonitor/}. One per work tree, held by an OS file lock there (a crashed
 * monitor leaves no lock behind). It ends when asked, when nobody asked anything for
 * {@code idle}, or when the work tree or its {@code .mlctl} folder goes away.
 *
 * <p>Its answers only ever say "this folder may have changed": a lost event, an overflow or a
 * restart makes it answer "changed", never "unchanged".
 */
public final class MonitorDaemon implements AutoCloseable {
  /** Paths remembered before the log starts over (answering "changed" to older questions). */
  static final int LOG_CAPACITY = 200_000;
  /** Answers and half-written requests older than this were left by clients that gave up. */
  private static final Duration LEFTOVER = Duration.ofMinutes(1);
  /** Work trees a monitor in this JVM watches (tests run monitor and client in one process). */
  private static final Set<Path> HERE = ConcurrentHashMap.newKeySet();

  private final Path root;
  private final MonitorFiles files;
  private final Duration idle;
  private final String generation;
  private final ChangeLog log = new ChangeLog(LOG_CAPACITY);
  private final FileChannel lockChannel;
  private final FileLock lock;
  private final TreeWatcher watcher;
  private final long started = System.currentTimeMillis();
  private long lastAsked = System.nanoTime();
  private long lastSweep = System.nanoTime();
  private volatile boolean stopping;
  private volatile boolean askedToStop;
  private boolean closed;

  private MonitorDaemon(Path root, Duration idle, FileChannel lockChannel, FileLock lock) throws IOException {
    this.root = root;
    this.files = new MonitorFiles(root);
    this.idle = idle;
    this.lockChannel = lockChannel;
    this.lock = lock;
    this.generation = Long.toHexString(new java.security.SecureRandom().nextLong() | 1L);
    // Requests are only answered by the loop, after the whole tree is watched: no client is ever
    // told about a time when part of it was not yet watched.
    this.watcher = new TreeWatcher(root, files.dir(), log);
    HERE.add(root);
  }

  /**
   * Starts watching {@code root}; empty when another monitor already holds the work tree.
   *
   * @throws StorageException when the tree cannot be watched (more folders than the kernel's
   *     inotify limit allows, say)
   */
  public static Optional<MonitorDaemon> open(Path root, Duration idle) {
    MonitorFiles f = new MonitorFiles(root);
    FileChannel ch = null;
    try {
      Files.createDirectories(f.dir());
      ch = FileChannel.open(f.lock(), StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
      FileLock l = tryLock(ch);
      if (l == null) {
        ch.close();
        return Optional.empty();
      }
      return Optional.of(new MonitorDaemon(root, idle, ch, l));
    } catch (IOException e) {
      closeQuietly(ch);
      throw StorageException.of("watch", root, e);
    }
  }

  /**
   * The lock, or null when another monitor holds it. A client's probe holds it for an instant,
   * so a few tries a little apart tell a probe from a monitor.
   */
  private static FileLock tryLock(FileChannel ch) throws IOException {
    for (int i = 0; i < 10; i++) {
      FileLock l;
      try {
        l = ch.tryLock();
      } catch (java.nio.channels.OverlappingFileLockException sameJvm) {
        return null;
      }
      if (l != null) {
        return l;
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return null;
      }
    }
    return null;
  }

  /** Whether a monitor in this JVM watches {@code root}. */
  static boolean runsHere(Path root) {
    return HERE.contains(root);
  }

  /** Serves requests and takes events until stopped, idle, or the tree is gone. */
  public void run() {
    try {
      watcher.loop(() -> stopping || System.nanoTime() - lastAsked > idle.toNanos(), this::answer);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      close();
    }
  }

  /** Asks {@link #run} to return (from another thread). */
  public void stop() {
    askedToStop = true;
    stopping = true;
  }

  /** Why {@link #run} returned, for the monitor's log. */
  public String endReason() {
    if (askedToStop) {
      return "asked to stop";
    }
    return watcher.rootGone() ? "the work tree went away" : "idle for " + idle.toSeconds() + " s";
  }

  /** Answers requests whose events, and every event before them, are in the log. */
  private void answer(List<String> requests) {
    long now = log.seq();
    for (String name : requests) {
      Path request = files.dir().resolve(name);
      List<String> lines;
      try {
        lines = Files.readAllLines(request, StandardCharsets.UTF_8);
        Files.deleteIfExists(request);
      } catch (NoSuchFileException gaveUp) {
        continue;
      } catch (IOException e) {
        continue;
      }
      lastAsked = System.nanoTime();
      String reply = reply(lines, now);
      String id = name.substring(TreeWatcher.REQUEST.length());
      Path tmp = files.dir().resolve(MonitorFiles.TEMP + "a-" + id);
      try {
        Files.writeString(tmp, reply, StandardCharsets.UTF_8);
        Files.move(tmp, files.answer(id), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (IOException e) {
        // The client gives up after its timeout and walks the tree.
      }
    }
    if (System.nanoTime() - lastSweep > LEFTOVER.toNanos()) {
      sweep();
    }
  }

  private String reply(List<String> lines, long now) {
    if (lines.isEmpty() || !lines.get(0).equals(Protocol.HELLO) || lines.size() < 2) {
      return "error expected " + Protocol.HELLO + "\n";
    }
    String request = lines.get(1);
    if (request.equals("stop")) {
      stop();
      return "ok\n" + Protocol.END + "\n";
    }
    if (request.equals("info")) {
      return "pid " + ProcessHandle.current().pid() + "\nroot " + root + "\nfolders " + watcher.folders()
          + "\nevents " + now + "\nsince " + started + "\n" + Protocol.END + "\n";
    }
    if (!request.startsWith("since ")) {
      return "error unknown request\n";
    }
    List<String> prefixes = new java.util.ArrayList<>();
    for (String l : lines.subList(2, lines.size())) {
      if (l.startsWith("prefix ")) {
        prefixes.add(l.substring(7));
      }
    }
    String since = request.substring(6);
    StringBuilder sb = new StringBuilder("token ").append(generation).append(':').append(now).append('\n');
    List<String> changed = null;
    int colon = since.indexOf(':');
    if (colon > 0 && since.substring(0, colon).equals(generation)) {
      try {
        changed = log.changedSince(Long.parseLong(since.substring(colon + 1)), prefixes);
      } catch (NumberFormatException bad) {
        changed = null;
      }
    }
    if (changed == null) {
      sb.append("all\n");
    } else {
      for (String p : changed) {
        sb.append("changed ").append(p).append('\n');
      }
    }
    return sb.append(Protocol.END).append('\n').toString();
  }

  /** Removes answers and half-written requests of clients that gave up. */
  private void sweep() {
    lastSweep = System.nanoTime();
    long cutoff = System.currentTimeMillis() - LEFTOVER.toMillis();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(files.dir())) {
      for (Path p : entries) {
        String n = p.getFileName().toString();
        if ((n.startsWith("a-") || n.startsWith(MonitorFiles.TEMP))
            && Files.getLastModifiedTime(p).toMillis() < cutoff) {
          Files.deleteIfExists(p);
        }
      }
    } catch (IOException ignored) {
      // tried again a minute later
    }
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    stopping = true;
    HERE.remove(root);
    closeQuietly(watcher);
    try {
      if (lock.isValid()) {
        lock.release();
      }
    } catch (IOException ignored) {
      // released when the channel closes
    }
    closeQuietly(lockChannel);
  }

  private static void closeQuietly(AutoCloseable c) {
    if (c == null) {
      return;
    }
    try {
      c.close();
    } catch (Exception ignored) {
      // closing on the way out
    }
  }
}
