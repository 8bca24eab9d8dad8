package io.mlctl.core.pipeline;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Makes sure that no process of a stage outlives the mlctl that runs it, however mlctl ends: even
 * SIGKILL, which runs no Java code at all.
 *
 * <p>Each command of a stage carries a tag of its own in its environment ({@value #VARIABLE}),
 * which every process it starts inherits, grandchildren whose parent has exited included (a
 * process tree no longer links those to the stage). A watchdog, one {@code sh} for as long as a
 * {@link Session} (a repro) is open, learns each tag through a pipe before the command starts and
 * forgets it when the command ends.
 * When the pipe closes, which the kernel does when mlctl exits in any way, the watchdog ends every
 * process whose environment ({@code /proc/PID/environ}) still carries a tag it knows. It also ends
 * a stopped stage's processes on request. A stage pays two short writes to the pipe, nothing more:
 * no extra program starts per command.
 *
 * <p>Where there is no {@code /proc} or no {@code grep} (not Linux), stages run as before: a
 * stopped mlctl ends a stage's process tree, a killed one leaves it running.
 */
final class StageGuard {
  /** The environment variable with the tags of the stage commands a process descends from. */
  static final String VARIABLE = "MLCTL_STAGE_TAG";

  /**
   * The watchdog. Lines in: {@code + TAG} watch, {@code - TAG} forget (the command ended by
   * itself; what it left in the background is its own), {@code t TAG} SIGTERM the tag's
   * processes, {@code k TAG} SIGKILL them, over and over until none is left, and forget it. At
   * the end of input, every tag still watched is killed so. Signals that reach mlctl's whole
   * process group (Ctrl-C, a hang-up) are ignored: the watchdog must outlive mlctl to do its work.
   */
  private static final String SCRIPT = """
      trap '' INT TERM HUP QUIT
      live=' '
      forget() {
        case $live in *" $1 "*) live="${live%% $1 *} ${live#* $1 }" ;; esac
      }
      end() {
        alt=''
        for t in $2; do alt="${alt:+$alt|}$t"; done
        [ -n "$alt" ] || return 0
        round=0
        while [ "$round" -lt 100 ]; do
          found=''
          for f in $(grep -lsazE "^@VARIABLE@=(.* )?($alt)( |\\$)" /proc/[0-9]*/environ); do
            p=${f#/proc/}
            found="$found ${p%/environ}"
          done
          [ -n "$found" ] || return 0
          kill -s "$1" $found 2>/dev/null
          [ "$1" = KILL ] || return 0
          round=$((round + 1))
          sleep 0.02 2>/dev/null || sleep 1
        done
      }
      while IFS= read -r line; do
        tag=${line#? }
        case $line in
          "+ "*) live="$live$tag " ;;
          "- "*) forget "$tag" ;;
          "t "*) end TERM "$tag" ;;
          "k "*) end KILL "$tag"; forget "$tag" ;;
        esac
      done
      end KILL "$live"
      """.replace("@VARIABLE@", VARIABLE);

  /** Unique to this process among all that run now or ran before: its PID and a random number. */
  private static final String PREFIX = Long.toHexString(ProcessHandle.current().pid()) + "-"
      + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
  private static final AtomicLong NEXT = new AtomicLong();
  private static final Path SH = Path.of("/bin/sh");
  private static final boolean SUPPORTED = supported();

  /** Guarded by the class: the watchdog while it runs, and the pipe into it. */
  private static Process process;
  private static OutputStream watchdog;
  /** Guarded by the class: the sessions open now. */
  private static int sessions;

  private StageGuard() {}

  /**
   * One run of stages (a {@link Repro}): the watchdog starts with its first command and, once
   * the last session open closes, is told to end and waited for. A watchdog left running would
   * cost every mlctl 0.3 s at exit, which the JVM spends waiting for the thread that waits for it.
   */
  static final class Session implements AutoCloseable {
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    private Session() {}

    /** Ends the session; once more does nothing (a stopped mlctl's hook and the run itself both close it). */
    @Override
    public void close() {
      if (closed.compareAndSet(false, true)) {
        leave();
      }
    }
  }

  static synchronized Session open() {
    sessions++;
    return new Session();
  }

  private static synchronized void leave() {
    sessions--;
    if (sessions > 0 || process == null) {
      return;
    }
    Process p = process;
    process = null;
    try {
      watchdog.close();
    } catch (IOException gone) {
      // it ended already
    }
    watchdog = null;
    try {
      // At the end of its input it ends what is still tagged, which is nothing after a run that finished.
      p.waitFor(2, java.util.concurrent.TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * A new tag, already watched: to put in the environment of one command (see {@link #value}).
   * Null where there is no watchdog, and the command runs unwatched.
   */
  static String watch() {
    String tag = PREFIX + "-" + Long.toHexString(NEXT.incrementAndGet());
    return send('+', tag, true) ? tag : null;
  }

  /**
   * What {@value #VARIABLE} holds for a command tagged {@code tag} (null: unwatched): the tags
   * this mlctl carries itself, as a stage's command may run mlctl, then the command's own; null
   * when there are none.
   */
  static String value(String tag) {
    String outer = System.getenv(VARIABLE);
    if (outer == null || outer.isBlank()) {
      return tag;
    }
    return tag == null ? outer : outer + " " + tag;
  }

  /** The command tagged {@code tag} ended by itself: what it left running is not the watchdog's to end. */
  static void release(String tag) {
    if (tag != null) {
      send('-', tag, false);
    }
  }

  /**
   * Signals every process that carries {@code tag}, those no process tree leads to included:
   * SIGTERM, or SIGKILL (after which the tag is forgotten). Returns at once; the watchdog does it.
   */
  static void end(String tag, boolean force) {
    if (tag != null) {
      send(force ? 'k' : 't', tag, false);
    }
  }

  /** Whether a watchdog can run here: Linux's {@code /proc}, {@code sh} and {@code grep}. */
  static boolean supported() {
    return Files.isReadable(Path.of("/proc/self/environ")) && Files.isExecutable(SH) && grep();
  }

  private static boolean grep() {
    // The guard needs /proc, so it only runs where PATH separates its folders with ':'.
    for (String dir : searchPath().split(":")) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "grep"))) {
        return true;
      }
    }
    return false;
  }

  private static String searchPath() {
    String path = System.getenv("PATH");
    return (path == null || path.isEmpty() ? "" : path + ":") + "/usr/bin:/bin";
  }

  private static synchronized boolean send(char op, String tag, boolean start) {
    if (!SUPPORTED) {
      return false;
    }
    byte[] line = (op + " " + tag + "\n").getBytes(StandardCharsets.US_ASCII);
    for (int attempt = 0; attempt < 2; attempt++) {
      if (watchdog == null) {
        if (!start) {
          // No watchdog means none of this tag: it ended with an earlier one.
          return false;
        }
        process = startWatchdog();
        if (process == null) {
          return false;
        }
        watchdog = process.getOutputStream();
      }
      try {
        watchdog.write(line);
        watchdog.flush();
        return true;
      } catch (IOException gone) {
        // Someone ended the watchdog: a new one watches from now on.
        watchdog = null;
        process = null;
      }
    }
    return false;
  }

  private static Process startWatchdog() {
    // In the root folder: a watchdog that outlives a test's or a project's folder holds none of them.
    ProcessBuilder pb = new ProcessBuilder(SH.toString(), "-c", SCRIPT).directory(Path.of("/").toFile())
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD);
    // The watchdog carries no tag, so that the watchdog of an mlctl that runs this one never ends it before it ends ours.
    pb.environment().remove(VARIABLE);
    pb.environment().put("PATH", searchPath());
    try {
      return pb.start();
    } catch (IOException e) {
      return null;
    }
  }
}
