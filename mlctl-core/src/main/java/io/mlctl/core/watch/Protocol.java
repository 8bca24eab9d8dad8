package io.mlctl.core.watch;

/**
 * The monitor's requests and answers: small UTF-8 files in its folder. A client writes
 * {@code .t-q-ID}, renames it to {@code q-ID} (the rename is the event the monitor waits for),
 * and reads {@code a-ID} when it appears. A request is {@link #HELLO} and one of {@code stop},
 * {@code info}, or {@code since TOKEN} followed by {@code prefix PATH} lines. The answer to
 * {@code since} is {@code token TOKEN}, then {@code all} (the monitor cannot tell: take everything
 * as changed) or one {@code changed PATH} line per prefix that may have changed; every whole
 * answer ends with {@link #END}. An answer starting {@code error} vouches for nothing.
 */
final class Protocol {
  static final String HELLO = "mlctl-fsmonitor 1";
  static final String END = "end";
  /** How long a client waits for an answer before it walks the tree instead. */
  static final long CLIENT_MILLIS = 3_000;

  private Protocol() {}
}
