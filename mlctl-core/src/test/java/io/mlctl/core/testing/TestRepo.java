package io.mlctl.core.testing;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import io.mlctl.core.data.Workspace;
import io.mlctl.core.repo.Init;
import io.mlctl.core.repo.Project;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.TreeMap;

/**
 * An mlctl project (no Git) on an in-memory Unix file system, for core tests.
 *
 * <p>Time is under the test's control: the project's clock stands still an hour ahead of the real
 * one, and every file the fixture writes gets a modification time of its own, one second after
 * the last, well before the clock. So the hash cache trusts what it recorded (nothing is "racily
 * clean"), and a rewritten file never keeps its old stat by accident. Files that mlctl itself
 * writes carry the real time, which is also more than two seconds before the clock.
 */
public final class TestRepo implements AutoCloseable {
  private final FileSystem fs;
  private final Path root;
  private final Clock clock;
  private Instant nextMtime;

  private TestRepo(FileSystem fs, Path root, Instant now) {
    this.fs = fs;
    this.root = root;
    this.clock = Clock.fixed(now.plus(Duration.ofHours(1)), ZoneOffset.UTC);
    this.nextMtime = now.minus(Duration.ofHours(1));
  }

  /** The file system every core test uses: Unix paths with POSIX permissions. */
  public static FileSystem newFileSystem() {
    return Jimfs.newFileSystem(Configuration.unix().toBuilder().setAttributeViews("basic", "posix").build());
  }

  /** A new project at {@code /work/repo} holding these files (path relative to the root, text). */
  public static TestRepo gen(Map<String, String> files) {
    return gen(newFileSystem(), files);
  }

  /**
   * A new project at {@code /work/repo} of {@code fs} (a {@link FaultyFileSystem} over {@link
   * #newFileSystem}, say) holding these files; closing the fixture closes {@code fs}.
   */
  public static TestRepo gen(FileSystem fs, Map<String, String> files) {
    Path root = fs.getPath("/work/repo");
    try {
      Files.createDirectories(root);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    new Init(root).noGit(true).call();
    TestRepo repo = new TestRepo(fs, root, Instant.now());
    new TreeMap<>(files).forEach(repo::write);
    return repo;
  }

  public static TestRepo empty() {
    return gen(Map.of());
  }

  public Path root() {
    return root;
  }

  public Path path(String rel) {
    return root.resolve(rel);
  }

  public Clock clock() {
    return clock;
  }

  /** Opens the project with the fixture's clock and an empty environment. */
  public Project project() {
    return Project.open(root, clock, Map.of());
  }

  /** A fresh workspace (and so a fresh hash cache read from disk), as each command makes one. */
  public Workspace workspace() {
    return new Workspace(project());
  }

  /** Writes a file (creating folders) and gives it the next modification time. */
  public Path write(String rel, String text) {
    return write(rel, text.getBytes(StandardCharsets.UTF_8));
  }

  public Path write(String rel, byte[] bytes) {
    Path p = root.resolve(rel);
    try {
      Files.createDirectories(p.getParent());
      Files.write(p, bytes);
      Files.setLastModifiedTime(p, FileTime.from(nextMtime));
      nextMtime = nextMtime.plusSeconds(1);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return p;
  }

  public String read(String rel) {
    try {
      return Files.readString(root.resolve(rel), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public boolean exists(String rel) {
    return Files.exists(root.resolve(rel));
  }

  public void delete(String rel) {
    try {
      Files.delete(root.resolve(rel));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() throws IOException {
    fs.close();
  }
}
