package io.mlctl.core.testing;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;

/**
 * A channel opened for writing on a {@link FaultyFileSystem}: every byte written claims space, and
 * a write the disk has no room for writes what fits, then fails as a full disk does, with the
 * JDK's plain {@code IOException("No space left on device")} that names no file.
 */
final class FaultyChannel extends FileChannel {
  private final FaultyFileSystem fs;
  private final Path path;
  private final FileChannel delegate;

  FaultyChannel(FaultyFileSystem fs, Path path, FileChannel delegate) {
    this.fs = fs;
    this.path = path;
    this.delegate = delegate;
  }

  /** Writes {@code src} through {@code write}, or as much of it as the disk has room for. */
  private int claimed(ByteBuffer src, IoWrite write) throws IOException {
    int want = src.remaining();
    if (want == 0) {
      return write.to(src);
    }
    long room = fs.claim(path, want);
    if (room >= want) {
      return write.to(src);
    }
    ByteBuffer part = src.duplicate();
    part.limit(part.position() + (int) room);
    int n = write.to(part);
    src.position(src.position() + n);
    // What the JDK throws for ENOSPC from write(2): an IOException without the file's name.
    throw new IOException(FaultyFileSystem.NO_SPACE);
  }

  @FunctionalInterface
  private interface IoWrite {
    int to(ByteBuffer b) throws IOException;
  }

  @Override
  public int write(ByteBuffer src) throws IOException {
    return claimed(src, delegate::write);
  }

  @Override
  public int write(ByteBuffer src, long position) throws IOException {
    return claimed(src, b -> delegate.write(b, position));
  }

  @Override
  public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
    long total = 0;
    for (int i = offset; i < offset + length; i++) {
      total += write(srcs[i]);
    }
    return total;
  }

  @Override
  public int read(ByteBuffer dst) throws IOException {
    return delegate.read(dst);
  }

  @Override
  public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
    return delegate.read(dsts, offset, length);
  }

  @Override
  public int read(ByteBuffer dst, long position) throws IOException {
    return delegate.read(dst, position);
  }

  @Override
  public long position() throws IOException {
    return delegate.position();
  }

  @Override
  public FileChannel position(long newPosition) throws IOException {
    delegate.position(newPosition);
    return this;
  }

  @Override
  public long size() throws IOException {
    return delegate.size();
  }

  @Override
  public FileChannel truncate(long size) throws IOException {
    delegate.truncate(size);
    return this;
  }

  @Override
  public void force(boolean metaData) throws IOException {
    delegate.force(metaData);
  }

  @Override
  public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
    return delegate.transferTo(position, count, target);
  }

  /** Copied through a buffer, so what arrives claims its space as any write does. */
  @Override
  public long transferFrom(ReadableByteChannel src, long position, long count) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate((int) Math.min(count, 1 << 16));
    long done = 0;
    while (done < count) {
      buf.clear().limit((int) Math.min(buf.capacity(), count - done));
      int n = src.read(buf);
      if (n <= 0) {
        break;
      }
      buf.flip();
      while (buf.hasRemaining()) {
        done += write(buf, position + done);
      }
    }
    return done;
  }

  @Override
  public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
    return delegate.map(mode, position, size);
  }

  @Override
  public FileLock lock(long position, long size, boolean shared) throws IOException {
    return delegate.lock(position, size, shared);
  }

  @Override
  public FileLock tryLock(long position, long size, boolean shared) throws IOException {
    return delegate.tryLock(position, size, shared);
  }

  @Override
  protected void implCloseChannel() throws IOException {
    delegate.close();
  }
}
