package io.mlctl.serve.log;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.util.Arrays;

/** A growable byte buffer the log's JSON generator writes into. Not thread-safe: the writer
 *  thread owns it. */
final class LineBuffer extends OutputStream {
  private static final int INITIAL = 64 * 1024;

  private byte[] bytes = new byte[INITIAL];
  private int size;

  @Override
  public void write(int b) {
    ensure(1);
    bytes[size++] = (byte) b;
  }

  @Override
  public void write(byte[] b, int off, int len) {
    ensure(len);
    System.arraycopy(b, off, bytes, size, len);
    size += len;
  }

  int size() {
    return size;
  }

  /** Forgets everything from {@code position} on. */
  void truncate(int position) {
    size = position;
  }

  /** Writes bytes {@code [0, end)} to the channel and keeps only what follows them. */
  void drainTo(WritableByteChannel channel, int end) throws IOException {
    ByteBuffer head = ByteBuffer.wrap(bytes, 0, end);
    while (head.hasRemaining()) {
      channel.write(head);
    }
    System.arraycopy(bytes, end, bytes, 0, size - end);
    size -= end;
  }

  /** Lets go of a buffer one huge batch grew, once it is empty again. */
  void shrinkIfEmpty() {
    if (size == 0 && bytes.length > INITIAL * 16) {
      bytes = new byte[INITIAL];
    }
  }

  private void ensure(int more) {
    if (size + more > bytes.length) {
      bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
    }
  }
}
