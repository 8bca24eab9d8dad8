package io.mlctl.core.watch;

import static java.nio.file.StandardWatchEventKinds.ENTRY_CREATE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_DELETE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_MODIFY;
import static java.nio.file.StandardWatchEventKinds.OVERFLOW;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Watches every folder of a work tree (but {@code .git} and {@code .mlctl}, of which only the
 * monitor's own folder is watched, for requests) and writes each event's path into a
 * {@link ChangeLog}.
 *
 * <p>Events arrive a moment after the change that caused them. A client's request is a file
 * renamed into the watched monitor folder, which makes "now" exact, as the cookie files of Git's
 * fsmonitor daemon do: the kernel queues events in the order the changes happened, so once the
 * loop has seen the request's own event (and taken every event queued before it), every change
 * made before the request is in the log.
 *
 * <p>One thread runs {@link #loop}; {@link #folders} may be asked from any other.
 */
final class TreeWatcher implements AutoCloseable {
  /** The prefix of a request file's name in the monitor's folder (see {@link MonitorClient}). */
  static final String REQUEST = "q-";

  private final Path root;
  private final ChangeLog log;
  private final WatchService service;
  private final Map<WatchKey, String> folders = new HashMap<>();
  private volatile boolean rootGone;

  TreeWatcher(Path root, Path monitorDir, ChangeLog log) throws IOException {
    this.root = root;
    this.log = log;
    this.service = root.getFileSystem().newWatchService();
    registerTree(root);
    folders.put(register(monitorDir), null);
  }

  /** How many folders are watched. */
  synchronized int folders() {
    return folders.size();
  }

  /** Whether the work tree (or its .mlctl folder) went away, which ends the monitor. */
  boolean rootGone() {
    return rootGone;
  }

  private WatchKey register(Path dir) throws IOException {
    return dir.register(service, ENTRY_CREATE, ENTRY_DELETE, ENTRY_MODIFY);
  }

  /** Watches {@code top} and every folder below it, but the repository's own folders. */
  private void registerTree(Path top) throws IOException {
    Files.walkFileTree(top, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
        if (dir.getParent() != null && dir.getParent().equals(root)) {
          String name = dir.getFileName().toString();
          if (name.equals(".git") || name.equals(".mlctl")) {
            return FileVisitResult.SKIP_SUBTREE;
          }
        }
        WatchKey key = register(dir);
        synchronized (TreeWatcher.this) {
          folders.put(key, rel(dir));
        }
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFileFailed(Path file, IOException e) {
        // A folder removed while it was walked: its removal is an event of its own.
        return FileVisitResult.CONTINUE;
      }
    });
  }

  private String rel(Path p) {
    return root.relativize(p).toString().replace(p.getFileSystem().getSeparator(), "/");
  }

  /**
   * Takes events until {@code stop} says so (checked at least once a second) or the work tree
   * goes away, handing the names of request files that appear in the monitor's folder to
   * {@code onRequests} once every event queued before them is in the log.
   */
  void loop(java.util.function.BooleanSupplier stop, Consumer<List<String>> onRequests) throws InterruptedException {
    while (!stop.getAsBoolean() && !rootGone) {
      WatchKey key = service.poll(1, TimeUnit.SECONDS);
      if (key == null) {
        onRequests.accept(List.of());
        continue;
      }
      List<String> requests = new ArrayList<>();
      handle(key, requests);
      if (!requests.isEmpty()) {
        // Every key the kernel signalled before the request's is queued ahead of it or was just
        // re-queued by its reset: take them all before answering.
        for (WatchKey more = service.poll(); more != null; more = service.poll()) {
          handle(more, requests);
        }
        onRequests.accept(requests);
      }
    }
  }

  /** Logs one key's events, adding the names of requests among them to {@code requests}. */
  private void handle(WatchKey key, List<String> requests) {
    String folder;
    synchronized (this) {
      folder = folders.get(key);
    }
    boolean isMonitorDir = folder == null;
    for (WatchEvent<?> e : key.pollEvents()) {
      if (e.kind() == OVERFLOW) {
        log.forgetAll();
        continue;
      }
      String name = e.context().toString();
      if (isMonitorDir) {
        if (name.startsWith(REQUEST) && e.kind() == ENTRY_CREATE) {
          requests.add(name);
        }
        continue;
      }
      String rel = folder.isEmpty() ? name : folder + "/" + name;
      if (folder.isEmpty() && (name.equals(".git") || name.equals(".mlctl"))) {
        if (name.equals(".mlctl") && e.kind() == ENTRY_DELETE) {
          rootGone = true;
        }
        continue;
      }
      log.changed(rel);
      if (e.kind() == ENTRY_CREATE) {
        Path created = root.resolve(rel);
        if (Files.isDirectory(created, LinkOption.NOFOLLOW_LINKS)) {
          try {
            // Files made in it before it was watched are covered: its own path is in the log.
            registerTree(created);
          } catch (IOException gone) {
            // removed again already: that is an event too
          }
        }
      }
    }
    if (!key.reset()) {
      synchronized (this) {
        folders.remove(key);
      }
      if ("".equals(folder) || isMonitorDir) {
        rootGone = true;
      }
    }
  }

  @Override
  public void close() throws IOException {
    service.close();
  }
}
