package io.mlctl.core.metrics;

import io.mlctl.core.BadInputException;
import io.mlctl.core.StorageException;
import io.mlctl.core.pipeline.LockEntry;
import io.mlctl.core.pipeline.LockFile;
import io.mlctl.core.pipeline.Pipeline;
import io.mlctl.core.pipeline.PipelineFile;
import io.mlctl.core.pointer.Output;
import io.mlctl.core.repo.Project;
import io.mlctl.core.scm.GitRepo;
import io.mlctl.core.store.ObjectStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The project's small text files (pipeline, lock, metrics, params, plots) as they are in the work
 * tree or as they were at a Git revision, read through JGit without touching the work tree. A
 * file Git does not hold at that revision because it is a cached stage output is read from the
 * cache, by the hash the revision's {@code mlctl.lock} records. Not thread-safe; close it.
 */
public final class Snapshot implements AutoCloseable {
  private final Path root;
  private final ObjectStore store;
  private final GitRepo git;
  private final String rev;
  private Map<String, LockEntry> lock;

  private Snapshot(Project project, GitRepo git, String rev) {
    this.root = project.root();
    this.store = new ObjectStore(project.layout().objects(), project.layout().tmp());
    this.git = git;
    this.rev = rev;
  }

  /** The work tree as it is now. */
  public static Snapshot workTree(Project project) {
    return new Snapshot(project, null, null);
  }

  /** The project at a Git revision (a branch, tag, commit, HEAD~1 …). */
  public static Snapshot at(Project project, String rev) {
    GitRepo git = GitRepo.open(project.root()).orElseThrow(() -> new BadInputException(
        "'" + project.root() + "' is not in a Git repository", "revisions need Git: this project was made with --no-git"));
    try {
      git.resolveCommit(rev);
    } catch (RuntimeException e) {
      git.close();
      throw e;
    }
    return new Snapshot(project, git, rev);
  }

  /** {@code workspace} for the work tree, else the revision as given. */
  public String name() {
    return rev == null ? "workspace" : rev;
  }

  /** How a file is named in messages: its path, or {@code REV:path}. */
  public String shown(String path) {
    return rev == null ? path : rev + ":" + path;
  }

  public boolean isWorkTree() {
    return rev == null;
  }

  /** The pipeline's stages. At a revision, {@code ${…}} take their values from today's params.yaml. */
  public Pipeline pipeline() {
    if (rev == null) {
      return new PipelineFile(root).read();
    }
    return text(PipelineFile.NAME).map(t -> new PipelineFile(root).parse(t)).orElse(Pipeline.EMPTY);
  }

  /** The entries of {@code mlctl.lock}; empty when there is none. */
  public Map<String, LockEntry> lock() {
    if (lock == null) {
      lock = rev == null ? new LockFile(root).read()
          : text(LockFile.NAME).map(t -> LockFile.parse(t, shown(LockFile.NAME))).orElse(Map.of());
    }
    return lock;
  }

  /** A file's text as Git (or the work tree) holds it, without looking in the cache. */
  public Optional<String> text(String path) {
    if (rev != null) {
      return git.fileAt(rev, path);
    }
    Path p = root.resolve(path);
    try {
      return Optional.of(Files.readString(p, StandardCharsets.UTF_8));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (java.nio.charset.MalformedInputException e) {
      throw BadInputException.at(path, 0, 0, "not valid UTF-8", null);
    } catch (IOException e) {
      if (Files.isDirectory(p)) {
        throw new BadInputException(path + ": is a folder, not a file", null);
      }
      throw StorageException.of("read", p, e);
    }
  }

  /** What became of a file looked for with {@link #read}. */
  public enum Found { FOUND, ABSENT, NOT_IN_CACHE }

  /** A file's text and where it came from. */
  public record Read(Found found, String text) {}

  /**
   * A file's text: from Git (or the work tree), else, at a revision, from the cache when the
   * revision's lock records it as a stage output.
   */
  public Read read(String path) {
    Optional<String> t = text(path);
    if (t.isPresent()) {
      return new Read(Found.FOUND, t.get());
    }
    if (rev == null) {
      return new Read(Found.ABSENT, null);
    }
    for (LockEntry e : lock().values()) {
      Optional<Output> o = e.out(path);
      if (o.isPresent() && !o.get().dir()) {
        if (!store.contains(o.get().sha256())) {
          return new Read(Found.NOT_IN_CACHE, null);
        }
        return new Read(Found.FOUND, new String(store.readVerified(o.get().sha256()), StandardCharsets.UTF_8));
      }
    }
    return new Read(Found.ABSENT, null);
  }

  @Override
  public void close() {
    if (git != null) {
      git.close();
    }
  }
}
