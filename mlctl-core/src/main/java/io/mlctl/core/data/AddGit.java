package io.mlctl.core.data;

import io.mlctl.core.BadInputException;
import io.mlctl.core.scm.GitRepo;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/**
 * The Git repository as {@code add} needs it: opened only when a target is new (re-adding what
 * mlctl already tracks needs no Git), and then on a thread of its own, so opening it (JGit's
 * start, the config files, the index) overlaps the hashing of the first file.
 */
final class AddGit implements AutoCloseable {
  private final Path root;
  private CompletableFuture<Optional<GitRepo>> repo;

  AddGit(Path root) {
    this.root = root;
  }

  /** The answer to "does Git track any of the new targets?", computed on another thread. */
  static final class Untracked {
    private final CompletableFuture<Optional<String>> firstTracked;

    private Untracked(CompletableFuture<Optional<String>> firstTracked) {
      this.firstTracked = firstTracked;
    }

    /** Waits for the answer; throws for a target Git tracks. */
    void require() {
      Optional<String> tracked = join(firstTracked);
      if (tracked.isPresent()) {
        String rel = tracked.get();
        throw new BadInputException("'" + rel + "' is tracked by Git",
            "stop tracking it in Git first: git rm -r --cached '" + rel + "'");
      }
    }
  }

  /** The repository (waiting for it if it is being opened), or empty outside Git. */
  Optional<GitRepo> get() {
    if (repo == null) {
      repo = CompletableFuture.completedFuture(GitRepo.open(root));
    }
    return join(repo);
  }

  /** Opens Git and asks about {@code rels} (project paths) on a thread of its own. */
  Untracked checkUntracked(List<String> rels) {
    if (rels.isEmpty()) {
      return new Untracked(CompletableFuture.completedFuture(Optional.empty()));
    }
    Executor thread = task -> {
      Thread t = new Thread(task, "mlctl-git");
      t.setDaemon(true);
      t.start();
    };
    repo = CompletableFuture.supplyAsync(() -> GitRepo.open(root), thread);
    return new Untracked(repo.thenApply(git -> git.isEmpty() ? Optional.<String>empty()
        : rels.stream().filter(git.get()::isTracked).findFirst()));
  }

  private static <T> T join(CompletableFuture<T> f) {
    try {
      return f.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw e;
    }
  }

  @Override
  public void close() {
    if (repo != null) {
      try {
        repo.join().ifPresent(GitRepo::close);
      } catch (CompletionException e) {
        // it never opened: nothing to close
      }
    }
  }
}
