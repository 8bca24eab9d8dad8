package io.mlctl.core.repo;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** An in-memory Unix file system with helpers to lay out folders and files for a test. */
final class TestFs implements AutoCloseable {
  private final FileSystem fs = Jimfs.newFileSystem(Configuration.unix());

  Path path(String first, String... more) {
    return fs.getPath(first, more);
  }

  /** Creates the folders ({@code "a/b/"}, ending in '/') and files ({@code "a/c.txt"}) under root. */
  Path gen(String root, Map<String, String> entries) {
    Path r = path(root);
    try {
      Files.createDirectories(r);
      for (Map.Entry<String, String> e : entries.entrySet()) {
        Path p = r.resolve(e.getKey());
        if (e.getKey().endsWith("/")) {
          Files.createDirectories(p);
        } else {
          Files.createDirectories(p.getParent());
          Files.writeString(p, e.getValue(), StandardCharsets.UTF_8);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return r;
  }

  /** A Git work tree holding an initialised mlctl project with nothing configured. */
  Path project(String root) {
    Path r = gen(root, Map.of(".git/", "", ".mlctl/", ""));
    return r;
  }

  @Override
  public void close() throws IOException {
    fs.close();
  }
}
