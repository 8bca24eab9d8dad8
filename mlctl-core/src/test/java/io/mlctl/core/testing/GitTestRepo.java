package io.mlctl.core.testing;

import io.mlctl.core.data.Add;
import io.mlctl.core.data.Workspace;
import io.mlctl.core.repo.Init;
import io.mlctl.core.repo.Project;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;

/**
 * An mlctl project in a real Git repository on disk (made with JGit, so no git binary or user
 * configuration is needed), for the operations that read Git history.
 */
public final class GitTestRepo implements AutoCloseable {
  private static final PersonIdent WHO = new PersonIdent("Test", "test@example.com");

  private final Path root;
  private final Git git;

  private GitTestRepo(Path root, Git git) {
    this.root = root;
    this.git = git;
  }

  /** {@code git init} and {@code mlctl init} in {@code dir}, with the mlctl files committed. */
  public static GitTestRepo init(Path dir) {
    try {
      Git git = Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call();
      new Init(dir).call();
      GitTestRepo repo = new GitTestRepo(dir.toAbsolutePath().normalize(), git);
      repo.commit("Initialise mlctl", ".mlctl");
      return repo;
    } catch (GitAPIException e) {
      throw new IllegalStateException(e);
    }
  }

  public Path root() {
    return root;
  }

  public Git git() {
    return git;
  }

  public Path write(String rel, String text) {
    Path p = root.resolve(rel);
    try {
      Files.createDirectories(p.getParent());
      return Files.writeString(p, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public void delete(String rel) {
    try {
      Files.delete(root.resolve(rel));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public Project project() {
    return Project.open(root);
  }

  public Workspace workspace() {
    return new Workspace(project());
  }

  public Add.Result add(String... paths) {
    return new Add(workspace()).call(root, List.of(paths));
  }

  /** Stages the paths ({@code git add}) and commits; returns the commit's SHA-1. */
  public String commit(String message, String... paths) {
    try {
      var add = git.add();
      for (String p : paths) {
        add.addFilepattern(p);
      }
      add.call();
      RevCommit c = git.commit().setMessage(message).setAuthor(WHO).setCommitter(WHO).setSign(false).call();
      return c.name();
    } catch (GitAPIException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    git.close();
  }
}
