package io.mlctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs mlctl command lines in-process through {@link Main#run} and captures what they print. */
final class Cli {
  private static final ObjectMapper STRICT = new ObjectMapper()
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private Cli() {}

  /** What one run returned and printed. */
  record Result(int code, String out, String err) {
    /** Asserts the run failed with {@code code} and printed exactly one error line, and returns it. */
    String errorLine(int expectedCode) {
      assertEquals(expectedCode, code, this::toString);
      assertEquals("", out, "stdout of a failed run");
      assertTrue(err.startsWith("mlctl: error: "), err);
      assertTrue(err.endsWith("\n"), err);
      assertEquals(1, err.lines().count(), () -> "want one line on stderr, got:\n" + err);
      return err.strip();
    }

    /** Asserts the run succeeded and stdout is exactly one JSON document, and returns it. */
    JsonNode json() {
      assertEquals(0, code, this::toString);
      assertEquals("", err, "stderr of a --json run");
      return parse(out);
    }

    /** {@code text} as exactly one JSON document; an AssertionError when it is not. */
    static JsonNode parse(String text) {
      try {
        // Trailing tokens (a second document, a stray line) fail the parse.
        return STRICT.readTree(text);
      } catch (IOException e) {
        throw new AssertionError("stdout is not one JSON document:\n" + text, e);
      }
    }

    @Override
    public String toString() {
      return "exit " + code + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
  }

  /** Runs with an empty environment, so the test's own MLCTL_DEBUG or NO_COLOR cannot leak in. */
  static Result run(String... args) {
    return run(Map.of(), args);
  }

  static Result run(Map<String, String> env, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(new PrintWriter(out), new PrintWriter(err), env, args);
    return new Result(code, out.toString(), err.toString());
  }

  /** Runs in {@code dir} with {@code -C}, the way a user in that folder would. */
  static Result in(Path dir, String... args) {
    String[] all = new String[args.length + 2];
    all[0] = "-C";
    all[1] = dir.toString();
    System.arraycopy(args, 0, all, 2, args.length);
    return run(all);
  }

  /** Makes {@code dir} a Git work tree: with real {@code git init} when Git is installed. */
  static Path gitInit(Path dir) {
    try {
      Files.createDirectories(dir);
      if (hasGit()) {
        Process p = new ProcessBuilder("git", "init", "-q", dir.toString())
            .redirectErrorStream(true).start();
        String said = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0, "git init failed: " + said);
      } else {
        Files.createDirectories(dir.resolve(".git"));
      }
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** A Git work tree with an initialised mlctl project in it. */
  static Path project(Path dir) {
    gitInit(dir);
    Result r = in(dir, "init", "-q");
    assertEquals(0, r.code(), r::toString);
    return dir;
  }

  static boolean hasGit() {
    return Holder.GIT;
  }

  private static final class Holder {
    static final boolean GIT = probeGit();

    private static boolean probeGit() {
      try {
        Process p = new ProcessBuilder("git", "--version").redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
      } catch (IOException e) {
        return false;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
  }
}
