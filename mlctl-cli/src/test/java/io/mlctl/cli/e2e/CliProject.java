package io.mlctl.cli.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mlctl.cli.Main;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * An mlctl project (without Git) in a test folder, driven through {@link Main#run} as a shell
 * would: every command gets {@code -C ROOT}, its output is captured and its exit code returned.
 */
final class CliProject {
  /** Off a terminal and saying so: no progress bars, no colours. */
  private static final Map<String, String> ENV = Map.of("CI", "true", "NO_COLOR", "1");
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One finished command. */
  record Run(int code, String out, String err) {
    JsonNode json() {
      try {
        return JSON.readTree(out);
      } catch (IOException e) {
        throw new AssertionError("not one JSON document on stdout:\n" + this, e);
      }
    }

    @Override
    public String toString() {
      return "exit " + code + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
  }

  private final Path root;

  private CliProject(Path root) {
    this.root = root;
  }

  /** A folder that is not (yet) a project, to run commands in. */
  static CliProject at(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new CliProject(dir.toAbsolutePath().normalize());
  }

  /** {@code mlctl init --no-git} in {@code dir}. */
  static CliProject init(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    CliProject p = new CliProject(dir.toAbsolutePath().normalize());
    p.ok("init", "--no-git");
    return p;
  }

  Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    List<String> argv = new ArrayList<>(List.of("-C", root.toString()));
    argv.addAll(List.of(args));
    int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), ENV, argv.toArray(String[]::new));
    return new Run(code, out.toString(), err.toString());
  }

  /** Runs a command that must succeed. */
  Run ok(String... args) {
    Run r = run(args);
    if (r.code() != 0) {
      throw new AssertionError("mlctl " + String.join(" ", args) + " failed:\n" + r);
    }
    return r;
  }

  /** Runs a command with {@code --json} that must succeed, and parses what it printed. */
  JsonNode json(String... args) {
    List<String> argv = new ArrayList<>(List.of("--json"));
    argv.addAll(List.of(args));
    return ok(argv.toArray(String[]::new)).json();
  }

  Path root() {
    return root;
  }

  Path path(String rel) {
    return root.resolve(rel);
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

  byte[] bytes(String rel) {
    try {
      return Files.readAllBytes(root.resolve(rel));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The cache file of an object. */
  Path object(String hash) {
    return root.resolve(".mlctl/cache/sha256/" + hash.substring(0, 2) + "/" + hash.substring(2));
  }

  /** Overwrites a read-only file, as a faulty disk or a careless tool would. */
  static void overwrite(Path file, byte[] bytes) {
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
      Files.write(file, bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A second project in {@code dir} with what Git would carry over: the shared config, pointer
   * files and .gitignore files; no cache, no data, no local config.
   */
  CliProject cloneTo(Path dir) {
    CliProject other = init(dir);
    try {
      Files.copy(path(".mlctl/config.yaml"), other.path(".mlctl/config.yaml"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      try (Stream<Path> all = Files.walk(root)) {
        for (Path p : all.filter(Files::isRegularFile).toList()) {
          String rel = root.relativize(p).toString();
          String name = p.getFileName().toString();
          if (!rel.startsWith(".mlctl") && (name.endsWith(".mlctl") || name.equals(".gitignore"))) {
            Path to = dir.resolve(rel);
            Files.createDirectories(to.getParent());
            Files.copy(p, to);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return other;
  }
}
