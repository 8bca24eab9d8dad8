package io.mlctl.core.testing;

import io.mlctl.core.BadInputException;
import java.nio.charset.StandardCharsets;

/**
 * What every fuzz test of a parser checks (docs/fuzzing.md): the parser returns a value or throws
 * {@link BadInputException} with a one-line message (the CLI prints it as {@code mlctl: error: …}
 * and exits 3). Anything else (a NullPointerException, a ClassCastException, a StackOverflowError,
 * an OutOfMemoryError, a hang) escapes to Jazzer as a finding. Each fuzz test class holds one
 * {@code @FuzzTest}, because Jazzer fuzzes one target per JVM: the {@code fuzz} profile forks one
 * JVM per class.
 */
public final class Fuzzing {
  /**
   * How long {@code mvn -Pfuzz} fuzzes each target. Under a plain {@code mvn verify} a fuzz test
   * only replays its seed corpus (src/test/resources/…/ClassInputs/method/).
   */
  public static final String LONG_RUN = "60s";

  private Fuzzing() {}

  /** The bytes as text, malformed UTF-8 replaced, as a reader that got this far would see them. */
  public static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  /** Runs {@code parse}; bad input with a one-line message is an accepted outcome. */
  public static void parses(Runnable parse) {
    try {
      parse.run();
    } catch (BadInputException e) {
      requireOneLine(e);
    }
  }

  /** The contract's error is one line: a message that spans lines is a finding. */
  public static void requireOneLine(BadInputException e) {
    String m = e.getMessage();
    if (m == null || m.isBlank() || m.indexOf('\n') >= 0 || m.indexOf('\r') >= 0) {
      throw new AssertionError("not a one-line error message: " + m, e);
    }
  }
}
