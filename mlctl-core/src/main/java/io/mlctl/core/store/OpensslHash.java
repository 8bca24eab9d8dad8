package io.mlctl.core.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Hashes big files with the {@code openssl} command where one is installed. Both it and the JDK
 * use the CPU's SHA instructions, but openssl's SHA-256 takes 0.74 s for 1 GiB on the machines
 * mlctl is measured on where the JDK's takes 0.84-0.90 s, and it starts in milliseconds where a
 * second JVM ({@link FastHash}) takes a tenth of a second. The file, opened here, is the child's
 * standard input, so the child reads the very file this process named; its read position, which
 * Linux shows in {@code /proc}, moves the progress bar. Whenever there is no openssl, or it fails
 * or prints anything but one hash, the caller hashes the file itself: openssl is a speed-up, never
 * a requirement. {@code -Dmlctl.openssl=PATH} names the command, {@code -Dmlctl.openssl=none}
 * turns it off.
 */
final class OpensslHash {
  /** Files from this size on are worth a child process: below it the JDK's hash ends first. */
  static final long MIN_SIZE = 64L << 20;

  /** How often the child's read position is asked while it hashes. */
  private static final long POLL_MILLIS = 50;

  private static final AtomicInteger STARTED = new AtomicInteger();

  /** The command found on PATH, looked up once. */
  private static volatile Optional<Path> onPath;

  private OpensslHash() {}

  /** Whether a file of {@code size} bytes is worth handing to openssl. */
  static boolean worthIt(long size) {
    return size >= MIN_SIZE;
  }

  /** How many openssl processes this process has started. */
  static int started() {
    return STARTED.get();
  }

  /** The command to run: the one {@code -Dmlctl.openssl} names, else the first on PATH. */
  static Optional<Path> command() {
    String named = System.getProperty("mlctl.openssl");
    if (named != null) {
      if (named.isEmpty() || named.equals("none")) {
        return Optional.empty();
      }
      Path p = Path.of(named);
      return Files.isRegularFile(p) && Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
    }
    Optional<Path> found = onPath;
    if (found == null) {
      found = search(System.getenv("PATH"));
      onPath = found;
    }
    return found;
  }

  /** The first executable {@code openssl} in the folders of a PATH value. */
  static Optional<Path> search(String path) {
    if (path == null) {
      return Optional.empty();
    }
    for (String dir : path.split(java.util.regex.Pattern.quote(System.getProperty("path.separator", ":")))) {
      if (dir.isEmpty()) {
        continue;
      }
      Path c = Path.of(dir, "openssl");
      if (Files.isRegularFile(c) && Files.isExecutable(c)) {
        return Optional.of(c);
      }
    }
    return Optional.empty();
  }

  /**
   * The file's SHA-256 from openssl, or null when there is none or it could not tell.
   *
   * @param size the file's size, which the progress bar is told once openssl is done
   */
  static String of(Path file, long size) {
    Optional<Path> cmd = command();
    if (cmd.isEmpty()) {
      return null;
    }
    ProcessBuilder pb = new ProcessBuilder(cmd.get().toString(), "dgst", "-sha256", "-r")
        .redirectInput(file.toFile())
        .redirectError(ProcessBuilder.Redirect.DISCARD);
    Process p;
    try {
      p = pb.start();
    } catch (IOException cannot) {
      // no such command after all, or the file cannot be opened: the caller's own read says which
      return null;
    }
    STARTED.incrementAndGet();
    try {
      p.getOutputStream().close();
      Path position = Path.of("/proc", Long.toString(p.pid()), "fdinfo", "0");
      long said = 0;
      while (!p.waitFor(POLL_MILLIS, TimeUnit.MILLISECONDS)) {
        long at = readPosition(position);
        if (at > said) {
          io.mlctl.core.util.ByteMeter.count(at - said);
          said = at;
        }
      }
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
      String hash = parse(out);
      if (p.exitValue() != 0 || hash == null) {
        return null;
      }
      io.mlctl.core.util.ByteMeter.count(size - said);
      return hash;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    } finally {
      if (p.isAlive()) {
        p.destroyForcibly();
      }
    }
  }

  /**
   * The hash in what {@code openssl dgst -sha256 -r} printed ({@code HASH *stdin}): exactly one
   * line whose first word is 64 lowercase hex digits; null for anything else.
   */
  static String parse(String printed) {
    if (printed.isEmpty() || printed.indexOf('\n') >= 0) {
      return null;
    }
    int space = printed.indexOf(' ');
    String word = space < 0 ? printed : printed.substring(0, space);
    return Sha256.isHash(word) ? word : null;
  }

  /** The {@code pos:} of a {@code /proc/PID/fdinfo/FD} file, or -1 where it cannot be read. */
  static long readPosition(Path fdinfo) {
    try {
      for (String line : Files.readAllLines(fdinfo, StandardCharsets.US_ASCII)) {
        if (line.startsWith("pos:")) {
          return Long.parseLong(line.substring(4).trim());
        }
      }
    } catch (IOException | NumberFormatException | java.io.UncheckedIOException gone) {
      // the process ended, or this is not Linux: the bar moves when the hash is known
    }
    return -1;
  }
}
