package io.mlctl.core.testing;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileStore;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.WatchService;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * A file system that behaves as the one it wraps (Jimfs, or the machine's own) until a test arms a
 * fault: a disk that fills up after a number of bytes written under a folder ("No space left on
 * device", as Linux says it), or a folder whose entries cannot be created, written, renamed or
 * removed ({@link AccessDeniedException}, what a read-only folder gives a user who is not root).
 * Core code takes {@link Path}s, so a project opened on {@link #path} meets the faults wherever it
 * writes. Thread-safe: faults can be armed and cleared while another thread writes.
 */
public final class FaultyFileSystem extends FileSystem {
  /** What a full disk says; {@link io.mlctl.core.io.IoReasons} shows it to users in lower case. */
  public static final String NO_SPACE = "No space left on device";

  private final FileSystem delegate;
  private final FaultyProvider provider;
  private volatile Predicate<Path> fullWhere;
  private final AtomicLong spaceLeft = new AtomicLong(Long.MAX_VALUE);
  private final List<Path> denied = new CopyOnWriteArrayList<>();
  private final AtomicLong written = new AtomicLong();

  private FaultyFileSystem(FileSystem delegate) {
    this.delegate = delegate;
    this.provider = new FaultyProvider(this, delegate.provider());
  }

  /** Wraps {@code delegate}; closing this file system closes it (unless it is the default one). */
  public static FaultyFileSystem wrap(FileSystem delegate) {
    return new FaultyFileSystem(delegate);
  }

  /** The path {@code p} (of the wrapped file system, or a string) as this file system sees it. */
  public Path path(Path p) {
    if (p instanceof FaultyPath f) {
      return f;
    }
    return new FaultyPath(this, delegate.getPath(p.toString()));
  }

  /**
   * From now on, files under {@code folder} can take {@code bytes} more bytes in all; the write
   * that crosses the limit writes what fits and fails, as a full disk does.
   */
  public void fillUpAfter(Path folder, long bytes) {
    Path f = unwrap(folder).toAbsolutePath().normalize();
    fillUpAfter(p -> p.startsWith(f), bytes);
  }

  /**
   * Like {@link #fillUpAfter(Path, long)} for the files {@code where} accepts (given as paths of
   * the wrapped file system, absolute and normalised): a file and its temporary siblings, say.
   */
  public void fillUpAfter(Predicate<Path> where, long bytes) {
    spaceLeft.set(bytes);
    fullWhere = where;
  }

  /**
   * Entries in {@code folder}, at any depth, can no longer be created, written, renamed or removed,
   * as in a folder without write permission (the folder itself stays, as its parent allows).
   */
  public void deny(Path folder) {
    denied.add(unwrap(folder).toAbsolutePath().normalize());
  }

  /** Takes every fault away: the disk has room again, every folder is writable. */
  public void heal() {
    fullWhere = null;
    spaceLeft.set(Long.MAX_VALUE);
    denied.clear();
  }

  /** Bytes written through this file system since it was made, anywhere. */
  public long bytesWritten() {
    return written.get();
  }

  FileSystem delegate() {
    return delegate;
  }

  static Path unwrap(Path p) {
    return p instanceof FaultyPath f ? f.delegate() : p;
  }

  /** Fails when {@code p} lies in a denied folder. */
  void checkWritable(Path p) throws AccessDeniedException {
    Path d = unwrap(p).toAbsolutePath().normalize();
    for (Path deniedFolder : denied) {
      if (d.startsWith(deniedFolder) && !d.equals(deniedFolder)) {
        throw new AccessDeniedException(p.toString());
      }
    }
  }

  /**
   * Takes {@code want} bytes of space for a write to {@code p}: returns how many may be written,
   * or fails when none can.
   */
  long claim(Path p, long want) throws IOException {
    Predicate<Path> full = fullWhere;
    if (full == null || !full.test(unwrap(p).toAbsolutePath().normalize())) {
      written.addAndGet(want);
      return want;
    }
    while (true) {
      long left = spaceLeft.get();
      if (left <= 0) {
        throw new IOException(NO_SPACE);
      }
      long take = Math.min(left, want);
      if (spaceLeft.compareAndSet(left, left - take)) {
        written.addAndGet(take);
        return take;
      }
    }
  }

  @Override
  public FaultyProvider provider() {
    return provider;
  }

  @Override
  public void close() throws IOException {
    if (delegate != FileSystems.getDefault()) {
      delegate.close();
    }
  }

  @Override
  public boolean isOpen() {
    return delegate.isOpen();
  }

  @Override
  public boolean isReadOnly() {
    return delegate.isReadOnly();
  }

  @Override
  public String getSeparator() {
    return delegate.getSeparator();
  }

  @Override
  public Iterable<Path> getRootDirectories() {
    List<Path> out = new ArrayList<>();
    delegate.getRootDirectories().forEach(r -> out.add(new FaultyPath(this, r)));
    return out;
  }

  @Override
  public Iterable<FileStore> getFileStores() {
    return delegate.getFileStores();
  }

  @Override
  public Set<String> supportedFileAttributeViews() {
    return delegate.supportedFileAttributeViews();
  }

  @Override
  public Path getPath(String first, String... more) {
    return new FaultyPath(this, delegate.getPath(first, more));
  }

  @Override
  public PathMatcher getPathMatcher(String syntaxAndPattern) {
    PathMatcher m = delegate.getPathMatcher(syntaxAndPattern);
    return p -> m.matches(unwrap(p));
  }

  @Override
  public UserPrincipalLookupService getUserPrincipalLookupService() {
    return delegate.getUserPrincipalLookupService();
  }

  @Override
  public WatchService newWatchService() throws IOException {
    throw new UnsupportedOperationException("no watch service on a faulty file system");
  }
}
