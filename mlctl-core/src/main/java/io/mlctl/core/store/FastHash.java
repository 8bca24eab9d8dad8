package io.mlctl.core.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Hashes big files where the JIT compiler that uses the CPU's SHA instructions runs. Short
 * commands ({@code status}, {@code diff}) start without C2, which keeps a no-op run fast but
 * hashes some five times slower than C2 does; a changed file of hundreds of megabytes would then
 * cost seconds. Such a file is hashed by a second JVM, started with C2, that prints its hash: the
 * start (tens of milliseconds) is small beside the read it speeds up. The launcher says which
 * commands run without C2 ({@code -Dmlctl.jit=c1}); anywhere else, and whenever the child fails,
 * the file is hashed in this process.
 */
public final class FastHash {
  /** Files from this size on go to the child: below it the child's start costs more than it saves. */
  static final long MIN_SIZE = 64L << 20;

  /** How many hashed bytes the child reports at a time. */
  private static final long PROGRESS_STEP = 16L << 20;

  /** How many child JVMs this process has started: the choice is otherwise seen only in speed. */
  private static final AtomicInteger STARTED = new AtomicInteger();

  private FastHash() {}

  /**
   * Whether a file of {@code size} bytes is worth a JVM with C2: only a big one, and only in a
   * process the launcher started without C2 (the size is asked first: most files are small).
   */
  static boolean worthIt(long size) {
    return size >= MIN_SIZE && "c1".equals(System.getProperty("mlctl.jit"));
  }

  /** The number of child JVMs started so far. */
  static int started() {
    return STARTED.get();
  }

  /** The file's SHA-256 from a JVM with C2, or null when that JVM could not tell. */
  static String inChild(Path file) {
    return inChild(file, System.getProperty("java.class.path"));
  }

  /** {@link #inChild(Path)} with the child's class path, which must hold mlctl-core and Commons Codec. */
  static String inChild(Path file, String classPath) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(List.of("-XX:+UseSerialGC", "-XX:-UsePerfData", "-Xshare:auto", "-Xlog:disable",
        "-cp", classPath, FastHash.class.getName(), file.toAbsolutePath().toString()));
    STARTED.incrementAndGet();
    try {
      ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD);
      pb.environment().remove("JAVA_TOOL_OPTIONS");
      Process p = pb.start();
      p.getOutputStream().close();
      String out = "";
      // The child says "+N" for every N bytes it has hashed, then the hash: the bar moves meanwhile.
      try (java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream(), StandardCharsets.US_ASCII))) {
        for (String line; (line = in.readLine()) != null; ) {
          if (line.startsWith("+") && line.length() < 20) {
            io.mlctl.core.util.ByteMeter.count(Long.parseLong(line.substring(1)));
          } else {
            out = line.trim();
          }
        }
      } catch (NumberFormatException e) {
        p.destroyForcibly();
        return null;
      }
      if (!p.waitFor(10, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        return null;
      }
      return p.exitValue() == 0 && Sha256.isHash(out) ? out : null;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  /** Prints the SHA-256 of the file named by the one argument; exit 1 when it cannot be read. */
  public static void main(String[] args) {
    try {
      Path file = Path.of(args[0]);
      if (!Files.isRegularFile(file)) {
        System.exit(1);
      }
      java.io.PrintStream out = System.out;
      long[] unsaid = {0};
      String hash = io.mlctl.core.util.ByteMeter.counting(n -> {
        unsaid[0] += n;
        if (unsaid[0] >= PROGRESS_STEP) {
          out.println("+" + unsaid[0]);
          out.flush();
          unsaid[0] = 0;
        }
      }, () -> Sha256.ofHere(file));
      out.println(hash);
    } catch (IOException | RuntimeException e) {
      System.exit(1);
    }
  }
}
