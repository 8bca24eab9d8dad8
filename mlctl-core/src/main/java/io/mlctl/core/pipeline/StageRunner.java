package io.mlctl.core.pipeline;

import io.mlctl.core.StorageException;
import io.mlctl.core.repo.Project;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Runs a stage's commands one by one with {@code sh -c} in its working directory, stopping at the
 * first that fails. Output (stdout and stderr together) goes to the stage's log under
 * {@code .mlctl/logs/} and, line by line, to a listener. Thread-safe for distinct stages.
 */
final class StageRunner {
  private final Path root;
  private final Path logs;
  private final ProcessBuilder builder;
  private final Consumer<String> lines;
  private final Map<String, Running> running;
  private final java.util.function.BooleanSupplier stopped;
  /** Whether the thread was interrupted while a command ran; its interrupt is given back at the end of {@link #run}. */
  private boolean interrupted;

  /**
   * @param logs the folder of the stages' logs, which exists
   * @param builder starts the commands ({@link #builder}); used by one thread at a time
   * @param running where the stage's process is registered while it runs, so it can be stopped
   * @param stopped whether the repro is stopping: no further command starts, and one that started
   *     as the others were stopped is stopped too
   */
  StageRunner(Path root, Path logs, ProcessBuilder builder, Consumer<String> lines, Map<String, Running> running,
      java.util.function.BooleanSupplier stopped) {
    this.root = root;
    this.logs = logs;
    this.builder = builder;
    this.lines = lines;
    this.running = running;
    this.stopped = stopped;
  }

  /**
   * A stage command's process while it runs, with the tag its processes carry ({@link StageGuard};
   * null where there is no watchdog).
   */
  record Running(Process process, String tag) {}

  /**
   * Stops a stage's process and every process it started: politely first (SIGTERM), then, for
   * whatever is still alive after {@code grace}, forcibly. Processes whose parent has exited, which
   * no process tree leads to, are found by their tag.
   */
  static void stopTree(Running r, java.time.Duration grace) {
    Process p = r.process();
    List<ProcessHandle> tree = new ArrayList<>();
    tree.add(p.toHandle());
    p.descendants().forEach(tree::add);
    tree.forEach(ProcessHandle::destroy);
    StageGuard.end(r.tag(), false);
    long deadline = System.nanoTime() + grace.toNanos();
    for (ProcessHandle h : tree) {
      while (h.isAlive() && System.nanoTime() < deadline) {
        try {
          Thread.sleep(10);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
    }
    // Children started while the first signal went out are found now, too.
    p.descendants().forEach(tree::add);
    tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    StageGuard.end(r.tag(), true);
  }

  /**
   * What every stage's commands see in their environment besides mlctl's own, but for
   * {@code MLCTL_STAGE}: the project's environment, {@code MLCTL_ROOT}, {@code MLCTL_RUN_ID}, and
   * the running mlctl's folder first on {@code PATH}. Made once per repro, not once per command.
   */
  static Map<String, String> environment(Project project, String runId) {
    Map<String, String> env = new java.util.HashMap<>(project.env());
    env.put("MLCTL_ROOT", project.root().toString());
    env.put("MLCTL_RUN_ID", runId);
    String home = project.env().get("MLCTL_HOME");
    if (home != null && !home.isEmpty()) {
      // Commands that call mlctl get the very mlctl that runs them, not whatever PATH finds first.
      String path = env.getOrDefault("PATH", System.getenv().getOrDefault("PATH", ""));
      env.put("PATH", Path.of(home, "bin") + (path.isEmpty() ? "" : System.getProperty("path.separator") + path));
    }
    return Map.copyOf(env);
  }

  /**
   * A process builder for the stages' commands, with mlctl's environment plus {@code env} (see
   * {@link #environment}). Reused from command to command by one thread: a new builder copies
   * and converts the whole environment each time.
   */
  static ProcessBuilder builder(Map<String, String> env) {
    ProcessBuilder pb = new ProcessBuilder().redirectErrorStream(true);
    pb.environment().putAll(env);
    return pb;
  }

  /** The variable naming the file a stage's commands may append JSON lines of metrics and parameters to. */
  static final String LOG_FILE_VARIABLE = "MLCTL_LOG_FILE";

  /**
   * The shell, by its absolute path where there is one: the child then starts it in one exec
   * instead of trying every folder of PATH (which begins with mlctl's own bin folder) in turn.
   */
  private static final String SH = java.nio.file.Files.isExecutable(Path.of("/bin/sh")) ? "/bin/sh" : "sh";

  /**
   * Runs the commands; returns the exit status of the first that failed, or 0.
   *
   * @param logFile what the commands see as {@code MLCTL_LOG_FILE}, or null for none
   */
  int run(Stage stage, Path logFile) {
    try {
      return runLogged(stage, logFile);
    } finally {
      if (interrupted) {
        // Given back only now: a write to the log on an interrupted thread would close it unwritten.
        Thread.currentThread().interrupt();
      }
    }
  }

  private int runLogged(Stage stage, Path logFile) {
    Path log = logs.resolve(stage.name() + ".log");
    // The new log is written over the old one, which is cut after the new first line, rather than
    // opened truncated: truncating frees the file's blocks there and then, which costs ext4 a
    // tenth of a millisecond or more, a good part of a trivial stage.
    try (FileChannel ch = FileChannel.open(log, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
      LogSink w = new LogSink(ch);
      boolean cut = false;
      try {
        for (String cmd : stage.cmd()) {
          if (stopped.getAsBoolean()) {
            w.line("stopped");
            return 143;
          }
          lines.accept("$ " + cmd);
          w.line("$ " + cmd);
          if (!cut) {
            w.flush();
            ch.truncate(ch.position());
            cut = true;
          }
          int status = runOne(stage, cmd, w, logFile);
          if (status != 0) {
            w.line("exit status " + status);
            return status;
          }
        }
      } finally {
        w.flush();
        if (!cut) {
          ch.truncate(ch.position());
        }
      }
    } catch (IOException e) {
      throw StorageException.of("run stage " + stage.name() + " logging to", log, e);
    }
    return 0;
  }

  private int runOne(Stage stage, String cmd, LogSink log, Path logFile) throws IOException {
    ProcessBuilder pb = builder.command(SH, "-c", cmd).directory(root.resolve(stage.wdir()).toFile());
    pb.environment().put("MLCTL_STAGE", stage.name());
    if (logFile != null) {
      pb.environment().put(LOG_FILE_VARIABLE, logFile.toString());
    } else {
      pb.environment().remove(LOG_FILE_VARIABLE);
    }
    // Watched before it starts: were mlctl killed a moment later, the watchdog already knows the tag.
    String tag = StageGuard.watch();
    String tags = StageGuard.value(tag);
    if (tags != null) {
      pb.environment().put(StageGuard.VARIABLE, tags);
    } else {
      pb.environment().remove(StageGuard.VARIABLE);
    }
    Running r;
    try {
      r = new Running(pb.start(), tag);
    } catch (IOException | RuntimeException e) {
      StageGuard.release(tag);
      throw e;
    }
    running.put(stage.name(), r);
    if (stopped.getAsBoolean()) {
      stopTree(r, java.time.Duration.ofSeconds(1));
    }
    try {
      return waitFor(r, log);
    } finally {
      running.remove(stage.name(), r);
      if (stopped.getAsBoolean()) {
        // Stopping: what the command left running in the background goes too.
        StageGuard.end(tag, true);
      } else {
        StageGuard.release(tag);
      }
    }
  }

  /** Per stage thread: where the command's output is read into. */
  private static final ThreadLocal<byte[]> READ_BUFFER = ThreadLocal.withInitial(() -> new byte[8192]);

  private int waitFor(Running r, LogSink log) throws IOException {
    Process p = r.process();
    // Stages run unattended: a command that reads stdin sees its end at once rather than hanging.
    p.getOutputStream().close();
    try (InputStream in = p.getInputStream()) {
      OutputLines out = new OutputLines((b, off, len) -> {
        log.bytes(b, off, len);
        log.bytes(NEWLINE, 0, 1);
        lines.accept(new String(b, off, len, StandardCharsets.UTF_8));
      });
      byte[] buf = READ_BUFFER.get();
      for (int n; (n = in.read(buf)) >= 0; ) {
        out.add(buf, n);
      }
      out.end();
    }
    try {
      return p.waitFor();
    } catch (InterruptedException e) {
      stopTree(r, java.time.Duration.ofSeconds(1));
      interrupted = true;
      return 130;
    }
  }

  private static final byte[] NEWLINE = {'\n'};

  /**
   * The stage's log: bytes gathered in a buffer of this thread's and written to the file when it
   * fills and when the stage ends. The command's own bytes go in as they came, not decoded and
   * encoded again.
   */
  private static final class LogSink {
    private static final ThreadLocal<ByteBuffer> BUFFER = ThreadLocal.withInitial(() -> ByteBuffer.allocate(8192));
    private final FileChannel ch;
    private final ByteBuffer buf;

    LogSink(FileChannel ch) {
      this.ch = ch;
      this.buf = BUFFER.get().clear();
    }

    void line(String text) throws IOException {
      byte[] b = (text + "\n").getBytes(StandardCharsets.UTF_8);
      bytes(b, 0, b.length);
    }

    void bytes(byte[] b, int off, int len) throws IOException {
      while (len > 0) {
        if (!buf.hasRemaining()) {
          flush();
        }
        int n = Math.min(len, buf.remaining());
        buf.put(b, off, n);
        off += n;
        len -= n;
      }
    }

    void flush() throws IOException {
      buf.flip();
      while (buf.hasRemaining()) {
        ch.write(buf);
      }
      buf.clear();
    }
  }
}
