package io.mlctl.cli;

/**
 * Colour for the words a reader scans for: a state in {@code status}, pass and fail in a gate, what
 * a diff added or removed. Plain text unless {@link Globals#color()} says the answer goes to a
 * terminal that wants colour; the words themselves never change, so scripts read the same text.
 */
public final class Colors {
  private static final String RESET = "\u001b[0m";

  private final boolean on;

  private Colors(boolean on) {
    this.on = on;
  }

  public static Colors of(Output out) {
    return new Colors(out.globals().color() && !out.json());
  }

  /** Good news: passed, added, up to date. */
  public String good(String s) {
    return paint("\u001b[32m", s);
  }

  /** Bad news: failed, deleted, missing. */
  public String bad(String s) {
    return paint("\u001b[31m", s);
  }

  /** Changed: modified, stale. */
  public String changed(String s) {
    return paint("\u001b[33m", s);
  }

  private String paint(String code, String s) {
    return on ? code + s + RESET : s;
  }
}
