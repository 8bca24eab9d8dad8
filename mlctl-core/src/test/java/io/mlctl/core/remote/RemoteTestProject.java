package io.mlctl.core.remote;

import io.mlctl.core.data.Add;
import io.mlctl.core.data.Workspace;
import io.mlctl.core.pointer.PointerFile;
import io.mlctl.core.repo.Init;
import io.mlctl.core.repo.Project;
import io.mlctl.core.repo.RepoLock;
import io.mlctl.core.store.Sha256;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * An mlctl project without Git in a test folder, with shortcuts for what remote tests do: write
 * files, add them, push and fetch as the CLI does (under the repository lock), and make a second
 * project that shares the pointers and remotes, as a clone on another machine would. The
 * environment is empty, so nothing comes from the machine's AWS settings.
 */
final class RemoteTestProject {
  private final Path root;
  private final Project project;

  private RemoteTestProject(Path root) {
    this.root = root;
    this.project = Project.open(root, Clock.systemUTC(), Map.of());
  }

  static RemoteTestProject init(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    new Init(dir).noGit(true).call();
    return new RemoteTestProject(dir.toAbsolutePath().normalize());
  }

  Path root() {
    return root;
  }

  Project project() {
    return project;
  }

  Workspace ws() {
    return new Workspace(project);
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

  Add.Result add(String... paths) {
    return new Add(ws()).call(root, List.of(paths));
  }

  RemoteStore open(String remote) {
    return new Remotes(project).open(remote);
  }

  Transfer.Result push(String remote, int jobs, String... targets) {
    Workspace ws = ws();
    try (RemoteStore store = open(remote); RepoLock lock = project.lock()) {
      return new Transfer(ws, store, jobs).push(Transfer.targets(ws, root, List.of(targets)));
    }
  }

  Transfer.Result fetch(String remote, int jobs, String... targets) {
    Workspace ws = ws();
    try (RemoteStore store = open(remote); RepoLock lock = project.lock()) {
      return new Transfer(ws, store, jobs).fetch(Transfer.targets(ws, root, List.of(targets)));
    }
  }

  /** {@code push --run-cache} of the targets (everything tracked, or nothing when none is). */
  RunTransfer.Both pushWithRuns(String remote, int jobs, String... targets) {
    Workspace ws = ws();
    try (RemoteStore store = open(remote); RepoLock lock = project.lock()) {
      return new RunTransfer(ws, store, jobs).push(new Transfer(ws, store, jobs),
          Transfer.targets(ws, root, List.of(targets), targets.length == 0));
    }
  }

  /** {@code fetch --run-cache} of the targets (everything tracked, or nothing when none is). */
  RunTransfer.Both fetchWithRuns(String remote, int jobs, String... targets) {
    Workspace ws = ws();
    try (RemoteStore store = open(remote); RepoLock lock = project.lock()) {
      return new RunTransfer(ws, store, jobs).fetch(new Transfer(ws, store, jobs),
          Transfer.targets(ws, root, List.of(targets), targets.length == 0));
    }
  }

  /** {@code mlctl repro} of the whole pipeline, with this machine's environment so stages find their tools. */
  io.mlctl.core.pipeline.ReproResult repro() {
    try (Project p = Project.open(root, Clock.systemUTC(), System.getenv())) {
      return new io.mlctl.core.pipeline.Repro(p).call(io.mlctl.core.pipeline.Repro.Options.defaults());
    }
  }

  /** The keys of the local run cache's entries, sorted. */
  List<String> runKeys() {
    return new io.mlctl.core.pipeline.RunCache(ws()).keys();
  }

  /** The hash that a pointer records for its first output. */
  String hashOf(String rel) {
    return ws().readPointer(root.resolve(rel + PointerFile.SUFFIX)).get(0).output().sha256();
  }

  boolean cached(String hash) {
    return ws().store().contains(hash);
  }

  /**
   * A second project in {@code dir} with this one's pointer files and config (shared and local),
   * and nothing in its cache or work tree: what {@code git clone} gives on another machine.
   */
  RemoteTestProject cloneTo(Path dir) {
    RemoteTestProject other = init(dir);
    try {
      Files.copy(project.layout().config(), other.project.layout().config(), StandardCopyOption.REPLACE_EXISTING);
      if (Files.exists(project.layout().localConfig())) {
        Files.copy(project.layout().localConfig(), other.project.layout().localConfig(), StandardCopyOption.REPLACE_EXISTING);
      }
      for (Path p : ws().pointers()) {
        Path to = dir.resolve(root.relativize(p).toString());
        Files.createDirectories(to.getParent());
        Files.copy(p, to);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return other;
  }

  /** Every file of the work tree outside {@code .mlctl}, by relative path, with its SHA-256. */
  Map<String, String> workTree() {
    Map<String, String> out = new TreeMap<>();
    try (Stream<Path> all = Files.walk(root)) {
      for (Path p : all.toList()) {
        String rel = root.relativize(p).toString().replace('\\', '/');
        if (rel.startsWith(".mlctl") || !Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
          continue;
        }
        out.put(rel, Sha256.of(p));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  /** Files left in {@code .mlctl/tmp} other than the lock file. */
  List<Path> tempFiles() {
    Path tmp = project.layout().tmp();
    if (!Files.isDirectory(tmp)) {
      return List.of();
    }
    try (Stream<Path> all = Files.list(tmp)) {
      return all.filter(p -> !p.equals(project.layout().lockFile())).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code n} bytes that differ between seeds and do not compress. */
  static byte[] bytes(int n, long seed) {
    byte[] b = new byte[n];
    new java.util.Random(seed).nextBytes(b);
    return b;
  }
}
