package io.mlctl.cli.e2e;

import io.mlctl.cli.Main;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.PersonIdent;

/**
 * A Git work tree with an mlctl project in it, driven through {@link Main#run} as a user's shell
 * would: every command gets {@code -C ROOT}, stdout and stderr are captured, and the exit code is
 * returned. Git itself is driven through JGit, so no git binary or identity is needed.
 */
final class CliRepo implements AutoCloseable {
  private static final PersonIdent WHO = new PersonIdent("Test", "test@example.com");
  /** No progress bars or colours: the runs are not on a terminal, and say so. */
  private static final Map<String, String> ENV = Map.of("CI", "true", "NO_COLOR", "1");

  /** One finished command: its exit code and everything it printed. */
  record Run(int code, String out, String err) {
    @Override
    public String toString() {
      return "exit " + code + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
  }

  private final Path root;
  private final Git git;

  private CliRepo(Path root, Git git) {
    this.root = root;
    this.git = git;
  }

  /** {@code git init} and {@code mlctl init} in {@code dir}; the mlctl files are committed. */
  static CliRepo init(Path dir) {
    try {
      Git git = Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call();
      CliRepo repo = new CliRepo(dir.toAbsolutePath().normalize(), git);
      repo.ok("init");
      repo.commit("Initialise mlctl", ".mlctl");
      return repo;
    } catch (GitAPIException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Runs {@code mlctl ARGS} in {@code dir} (with {@code -C}). */
  static Run run(Path dir, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    List<String> argv = new ArrayList<>(List.of("-C", dir.toString()));
    argv.addAll(List.of(args));
    int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), ENV, argv.toArray(String[]::new));
    return new Run(code, out.toString(), err.toString());
  }

  Run run(String... args) {
    return run(root, args);
  }

  /** Runs a command that must succeed. */
  Run ok(String... args) {
    Run r = run(args);
    if (r.code() != 0) {
      throw new AssertionError("mlctl " + String.join(" ", args) + " failed:\n" + r);
    }
    return r;
  }

  Path root() {
    return root;
  }

  Path path(String rel) {
    return root.resolve(rel);
  }

  Git git() {
    return git;
  }

  Path write(String rel, String text) {
    return write(rel, text.getBytes(StandardCharsets.UTF_8));
  }

  Path write(String rel, byte[] bytes) {
    Path p = root.resolve(rel);
    try {
      Files.createDirectories(p.getParent());
      return Files.write(p, bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String read(String rel) {
    try {
      return Files.readString(root.resolve(rel), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  boolean exists(String rel) {
    return Files.exists(root.resolve(rel), java.nio.file.LinkOption.NOFOLLOW_LINKS);
  }

  void delete(String rel) {
    try {
      Files.delete(root.resolve(rel));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The cached object with this name. */
  Path object(String hash) {
    return root.resolve(".mlctl/cache/sha256").resolve(hash.substring(0, 2)).resolve(hash.substring(2));
  }

  /** Every object name in the cache, sorted. */
  List<String> objects() {
    Path store = root.resolve(".mlctl/cache/sha256");
    if (!Files.isDirectory(store)) {
      return List.of();
    }
    try (Stream<Path> s = Files.walk(store, 2)) {
      return s.filter(Files::isRegularFile)
          .map(p -> p.getParent().getFileName().toString() + p.getFileName())
          .sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Overwrites an object's bytes as disk damage would: {@code chmod u+w}, then write. */
  void damage(String hash, byte[] bytes) {
    Path p = object(hash);
    try {
      var perms = EnumSet.copyOf(Files.getPosixFilePermissions(p));
      perms.add(PosixFilePermission.OWNER_WRITE);
      Files.setPosixFilePermissions(p, perms);
      Files.write(p, bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Stages the paths and commits; returns the commit's SHA-1. */
  String commit(String message, String... paths) {
    try {
      var add = git.add();
      for (String p : paths) {
        add.addFilepattern(p);
      }
      add.call();
      return git.commit().setMessage(message).setAuthor(WHO).setCommitter(WHO).setSign(false).call().name();
    } catch (GitAPIException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    git.close();
  }
}
