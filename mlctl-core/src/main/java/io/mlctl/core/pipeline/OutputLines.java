package io.mlctl.core.pipeline;

import java.io.IOException;
import java.util.Arrays;

/**
 * Cuts a command's output into lines as it arrives, at '\n', '\r' or "\r\n" as
 * {@link java.io.BufferedReader#readLine} does, without decoding it: a line ends where its
 * terminator byte is, which no UTF-8 sequence contains. A last line without a terminator is
 * handed over by {@link #end}. Not thread-safe.
 */
final class OutputLines {
  /** Receives each line, without its terminator, as a range of a buffer it must not keep. */
  @FunctionalInterface
  interface Sink {
    void line(byte[] b, int off, int len) throws IOException;
  }

  private final Sink sink;
  /** The start of a line whose end has not arrived yet. */
  private byte[] partial = new byte[0];
  private int partialLength;
  /** The last byte seen was '\r': a '\n' right after it ends no further line. */
  private boolean afterCr;

  OutputLines(Sink sink) {
    this.sink = sink;
  }

  /** Takes the next {@code n} bytes of output. */
  void add(byte[] b, int n) throws IOException {
    int start = 0;
    for (int i = 0; i < n; i++) {
      byte c = b[i];
      if (c != '\n' && c != '\r') {
        continue;
      }
      if (c == '\n' && afterCr && i == start && partialLength == 0) {
        // the '\n' of a "\r\n" whose '\r' ended the line already
        afterCr = false;
        start = i + 1;
        continue;
      }
      emit(b, start, i - start);
      afterCr = c == '\r';
      start = i + 1;
    }
    if (start < n) {
      keep(b, start, n - start);
      afterCr = false;
    }
  }

  /** The output ended: hands over a last line that had no terminator. */
  void end() throws IOException {
    if (partialLength > 0) {
      sink.line(partial, 0, partialLength);
      partialLength = 0;
    }
  }

  private void emit(byte[] b, int off, int len) throws IOException {
    if (partialLength == 0) {
      sink.line(b, off, len);
      return;
    }
    keep(b, off, len);
    sink.line(partial, 0, partialLength);
    partialLength = 0;
  }

  private void keep(byte[] b, int off, int len) {
    if (partialLength + len > partial.length) {
      partial = Arrays.copyOf(partial, Math.max(partialLength + len, Math.max(256, partial.length * 2)));
    }
    System.arraycopy(b, off, partial, partialLength, len);
    partialLength += len;
  }
}
