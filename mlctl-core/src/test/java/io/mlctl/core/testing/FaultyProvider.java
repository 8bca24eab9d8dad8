package io.mlctl.core.testing;

import java.io.IOException;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AccessMode;
import java.nio.file.CopyOption;
import java.nio.file.DirectoryStream;
import java.nio.file.FileStore;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileAttributeView;
import java.nio.file.spi.FileSystemProvider;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/** The provider of a {@link FaultyFileSystem}: the wrapped provider's answers, with the armed faults. */
final class FaultyProvider extends FileSystemProvider {
  private static final Set<OpenOption> WRITING = Set.of(StandardOpenOption.WRITE, StandardOpenOption.APPEND,
      StandardOpenOption.CREATE, StandardOpenOption.CREATE_NEW, StandardOpenOption.TRUNCATE_EXISTING);

  private final FaultyFileSystem fs;
  private final FileSystemProvider delegate;

  FaultyProvider(FaultyFileSystem fs, FileSystemProvider delegate) {
    this.fs = fs;
    this.delegate = delegate;
  }

  private static Path d(Path p) {
    return FaultyFileSystem.unwrap(p);
  }

  private Path wrap(Path p) {
    return new FaultyPath(fs, p);
  }

  @Override
  public String getScheme() {
    return "faulty";
  }

  @Override
  public FileSystem newFileSystem(URI uri, Map<String, ?> env) {
    throw new UnsupportedOperationException();
  }

  @Override
  public FileSystem getFileSystem(URI uri) {
    return fs;
  }

  @Override
  public Path getPath(URI uri) {
    return wrap(fs.delegate().provider().getPath(uri));
  }

  @Override
  public SeekableByteChannel newByteChannel(Path path, Set<? extends OpenOption> options, FileAttribute<?>... attrs)
      throws IOException {
    return newFileChannel(path, options, attrs);
  }

  @Override
  public FileChannel newFileChannel(Path path, Set<? extends OpenOption> options, FileAttribute<?>... attrs)
      throws IOException {
    boolean writing = options.stream().anyMatch(WRITING::contains);
    if (writing) {
      fs.checkWritable(path);
    }
    FileChannel ch = delegate.newFileChannel(d(path), options, attrs);
    return writing ? new FaultyChannel(fs, path, ch) : ch;
  }

  @Override
  public DirectoryStream<Path> newDirectoryStream(Path dir, DirectoryStream.Filter<? super Path> filter) throws IOException {
    DirectoryStream<Path> ds = delegate.newDirectoryStream(d(dir), p -> filter.accept(wrap(p)));
    return new DirectoryStream<>() {
      @Override
      public Iterator<Path> iterator() {
        Iterator<Path> it = ds.iterator();
        return new Iterator<>() {
          @Override
          public boolean hasNext() {
            return it.hasNext();
          }

          @Override
          public Path next() {
            return wrap(it.next());
          }
        };
      }

      @Override
      public void close() throws IOException {
        ds.close();
      }
    };
  }

  @Override
  public void createDirectory(Path dir, FileAttribute<?>... attrs) throws IOException {
    fs.checkWritable(dir);
    delegate.createDirectory(d(dir), attrs);
  }

  @Override
  public void createSymbolicLink(Path link, Path target, FileAttribute<?>... attrs) throws IOException {
    fs.checkWritable(link);
    delegate.createSymbolicLink(d(link), d(target), attrs);
  }

  @Override
  public void createLink(Path link, Path existing) throws IOException {
    fs.checkWritable(link);
    delegate.createLink(d(link), d(existing));
  }

  @Override
  public void delete(Path path) throws IOException {
    fs.checkWritable(path);
    delegate.delete(d(path));
  }

  @Override
  public Path readSymbolicLink(Path link) throws IOException {
    return wrap(delegate.readSymbolicLink(d(link)));
  }

  /** A copy takes the source's size in space; on a disk too full for it, what fits is left behind. */
  @Override
  public void copy(Path source, Path target, CopyOption... options) throws IOException {
    fs.checkWritable(target);
    long size = Files.isRegularFile(d(source)) ? Files.size(d(source)) : 0;
    long room = size == 0 ? 0 : fs.claim(target, size);
    delegate.copy(d(source), d(target), options);
    if (room < size) {
      try (FileChannel ch = delegate.newFileChannel(d(target), Set.of(StandardOpenOption.WRITE))) {
        ch.truncate(room);
      }
      throw new FileSystemException(target.toString(), null, FaultyFileSystem.NO_SPACE);
    }
  }

  @Override
  public void move(Path source, Path target, CopyOption... options) throws IOException {
    fs.checkWritable(source);
    fs.checkWritable(target);
    delegate.move(d(source), d(target), options);
  }

  @Override
  public boolean isSameFile(Path path, Path path2) throws IOException {
    return delegate.isSameFile(d(path), d(path2));
  }

  @Override
  public boolean isHidden(Path path) throws IOException {
    return delegate.isHidden(d(path));
  }

  @Override
  public FileStore getFileStore(Path path) throws IOException {
    return delegate.getFileStore(d(path));
  }

  @Override
  public void checkAccess(Path path, AccessMode... modes) throws IOException {
    for (AccessMode m : modes) {
      if (m == AccessMode.WRITE) {
        fs.checkWritable(path);
      }
    }
    delegate.checkAccess(d(path), modes);
  }

  @Override
  public <V extends FileAttributeView> V getFileAttributeView(Path path, Class<V> type, LinkOption... options) {
    return delegate.getFileAttributeView(d(path), type, options);
  }

  @Override
  public <A extends BasicFileAttributes> A readAttributes(Path path, Class<A> type, LinkOption... options)
      throws IOException {
    return delegate.readAttributes(d(path), type, options);
  }

  @Override
  public Map<String, Object> readAttributes(Path path, String attributes, LinkOption... options) throws IOException {
    return delegate.readAttributes(d(path), attributes, options);
  }

  @Override
  public void setAttribute(Path path, String attribute, Object value, LinkOption... options) throws IOException {
    delegate.setAttribute(d(path), attribute, value, options);
  }
}
