package io.mlctl.core.scm;

import io.mlctl.core.BadInputException;
import io.mlctl.core.StorageException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.PathFilter;
import org.eclipse.jgit.treewalk.filter.PathSuffixFilter;
import org.eclipse.jgit.treewalk.filter.TreeFilter;
import org.eclipse.jgit.util.FS;

/**
 * The project's Git repository, through JGit: the only place mlctl touches Git. Reads files at any
 * revision without touching the work tree, answers whether Git tracks a path, and stages files.
 * Paths given and returned are relative to the mlctl project root, '/'-separated. Close it.
 */
public final class GitRepo implements AutoCloseable {
  private final Repository repo;
  private final Path workTree;
  private final String prefix;

  private GitRepo(Repository repo, Path projectRoot) {
    this.repo = repo;
    this.workTree = repo.getWorkTree().toPath().toAbsolutePath().normalize();
    String p = workTree.relativize(projectRoot).toString().replace('\\', '/');
    this.prefix = p.isEmpty() ? "" : p + "/";
  }

  static {
    // JGit finds the system-wide Git config by starting `git --version` and `git config --system
    // --show-origin --list` (two processes, tens of milliseconds on every command). Git itself
    // reads $GIT_CONFIG_SYSTEM or its built-in /etc/gitconfig; so does mlctl. JGit still honours
    // GIT_CONFIG_NOSYSTEM before it asks for this file.
    FS.DETECTED.setGitSystemConfig(systemConfig(System.getenv()).toFile());
  }

  /** The system-wide Git config file Git reads: {@code $GIT_CONFIG_SYSTEM}, else /etc/gitconfig. */
  static Path systemConfig(Map<String, String> env) {
    String configured = env.get("GIT_CONFIG_SYSTEM");
    return Path.of(configured == null || configured.isEmpty() ? "/etc/gitconfig" : configured);
  }

  /** The version of JGit, the Git library mlctl reads and writes repositories with. */
  public static String libraryVersion() {
    String v = org.eclipse.jgit.api.Git.class.getPackage().getImplementationVersion();
    return v == null ? "unknown" : v;
  }

  /** The Git repository holding the project, if there is one on the default file system. */
  public static Optional<GitRepo> open(Path projectRoot) {
    if (projectRoot.getFileSystem() != FileSystems.getDefault()) {
      return Optional.empty();
    }
    FileRepositoryBuilder b = new FileRepositoryBuilder().readEnvironment().findGitDir(projectRoot.toFile());
    if (b.getGitDir() == null) {
      return Optional.empty();
    }
    try {
      Repository r = b.setMustExist(true).build();
      if (r.isBare()) {
        r.close();
        return Optional.empty();
      }
      return Optional.of(new GitRepo(r, projectRoot.toAbsolutePath().normalize()));
    } catch (IOException e) {
      throw StorageException.of("open the Git repository at", projectRoot, e);
    }
  }

  /** Whether Git tracks this path (a file, or any file below a directory). */
  public boolean isTracked(String projectPath) {
    String path = prefix + projectPath;
    try {
      DirCache dc = repo.readDirCache();
      return dc.findEntry(path) >= 0 || dc.getEntriesWithin(path).length > 0;
    } catch (IOException e) {
      throw StorageException.of("read the Git index of", workTree, e);
    }
  }

  /** Stages files with {@code git add}. */
  public void stage(List<String> projectPaths) {
    try (Git git = new Git(repo)) {
      var add = git.add();
      for (String p : projectPaths) {
        add.addFilepattern(prefix + p);
      }
      add.call();
    } catch (GitAPIException e) {
      throw new StorageException("git add failed: " + e.getMessage(), null, e);
    }
  }

  /** The commit a revision names (a branch, tag, SHA-1, HEAD~2 …), or exit 3 naming it. */
  public ObjectId resolveCommit(String rev) {
    try {
      ObjectId id = repo.resolve(rev + "^{commit}");
      if (id == null) {
        boolean noCommits = repo.resolve("HEAD^{commit}") == null;
        throw new BadInputException("unknown revision '" + rev + "'",
            noCommits ? "the Git repository has no commits yet"
                : "name a branch, tag or commit");
      }
      return id;
    } catch (IOException e) {
      throw new BadInputException("unknown revision '" + rev + "': " + e.getMessage(), null);
    }
  }

  /** The text of every file under the project whose name ends with {@code suffix}, at a revision. */
  public Map<String, String> filesAt(String rev, String suffix) {
    ObjectId commit = resolveCommit(rev);
    Map<String, String> out = new LinkedHashMap<>();
    try (RevWalk walk = new RevWalk(repo)) {
      RevCommit c = walk.parseCommit(commit);
      forEachFile(c, suffix, (path, text) -> out.put(path, text), null);
    } catch (IOException e) {
      throw StorageException.of("read revision " + rev + " of", workTree, e);
    }
    return out;
  }

  /**
   * Fetches one branch of a Git remote into its remote-tracking ref ({@code
   * refs/remotes/REMOTE/BRANCH}), as {@code git fetch REMOTE BRANCH} does: the work tree, the
   * index and the checked-out branch are left alone. Returns the commit the branch is at.
   */
  public String fetchBranch(String remote, String branch) {
    String tracking = Constants.R_REMOTES + remote + "/" + branch;
    try {
      new Git(repo).fetch().setRemote(remote)
          .setRefSpecs(new org.eclipse.jgit.transport.RefSpec("+" + Constants.R_HEADS + branch + ":" + tracking)).call();
    } catch (org.eclipse.jgit.api.errors.InvalidRemoteException e) {
      throw new BadInputException("no Git remote '" + remote + "' to fetch " + remote + "/" + branch + " from, in " + workTree,
          "add it with 'git remote add " + remote + " URL'");
    } catch (GitAPIException e) {
      throw new io.mlctl.core.RemoteException("cannot fetch " + remote + "/" + branch + ": " + e.getMessage(),
          "check the remote's URL and that the branch exists");
    }
    try {
      ObjectId id = repo.resolve(tracking + "^{commit}");
      if (id == null) {
        throw new BadInputException("Git remote '" + remote + "' has no branch '" + branch + "'", "name a branch the remote has");
      }
      return id.name();
    } catch (IOException e) {
      throw StorageException.of("read the fetched branch " + remote + "/" + branch + " of", workTree, e);
    }
  }

  /** One file's text at a revision, if it exists there. */
  public Optional<String> fileAt(String rev, String projectPath) {
    ObjectId commit = resolveCommit(rev);
    try (RevWalk walk = new RevWalk(repo)) {
      RevCommit c = walk.parseCommit(commit);
      try (TreeWalk tw = TreeWalk.forPath(repo, prefix + projectPath, c.getTree())) {
        if (tw == null) {
          return Optional.empty();
        }
        return Optional.of(new String(repo.open(tw.getObjectId(0)).getBytes(), StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw StorageException.of("read revision " + rev + " of", workTree, e);
    }
  }

  /**
   * The bytes of the files at a commit under each of {@code projectPaths} (a file, or every file
   * below a folder), by project path; a path the commit lacks is left out.
   */
  public Map<String, byte[]> filesUnder(String commit, java.util.Collection<String> projectPaths) {
    Map<String, byte[]> out = new java.util.TreeMap<>();
    if (projectPaths.isEmpty()) {
      return out;
    }
    ObjectId id = resolveCommit(commit);
    List<String> full = projectPaths.stream().map(p -> prefix + p).toList();
    try (RevWalk walk = new RevWalk(repo); TreeWalk tw = new TreeWalk(repo)) {
      tw.addTree(walk.parseCommit(id).getTree());
      tw.setRecursive(true);
      tw.setFilter(org.eclipse.jgit.treewalk.filter.PathFilterGroup.createFromStrings(full));
      while (tw.next()) {
        // Regular files only: a symlink or submodule is not code mlctl writes back.
        if ((tw.getRawMode(0) & org.eclipse.jgit.lib.FileMode.TYPE_MASK) != org.eclipse.jgit.lib.FileMode.TYPE_FILE) {
          continue;
        }
        out.put(tw.getPathString().substring(prefix.length()), repo.open(tw.getObjectId(0)).getBytes());
      }
      return out;
    } catch (IOException e) {
      throw StorageException.of("read commit " + commit + " of", workTree, e);
    }
  }

  /**
   * Makes a new branch whose one commit, on top of {@code base}, holds {@code files} (project
   * paths to bytes) over the base's tree. The work tree, the index and HEAD are not touched.
   *
   * @return the new commit's SHA-1
   * @throws BadInputException when the name is not a valid branch name or the branch exists
   */
  public String branch(String name, String base, Map<String, byte[]> files, String message) {
    String ref = Constants.R_HEADS + name;
    if (!Repository.isValidRefName(ref)) {
      throw new BadInputException("'" + name + "' is not a valid branch name", "git check-ref-format --branch tells why");
    }
    ObjectId baseId = resolveCommit(base);
    try (org.eclipse.jgit.lib.ObjectInserter ins = repo.newObjectInserter(); RevWalk walk = new RevWalk(repo);
        ObjectReader reader = repo.newObjectReader()) {
      if (repo.exactRef(ref) != null) {
        throw new BadInputException("branch '" + name + "' already exists", "choose another name");
      }
      RevCommit parent = walk.parseCommit(baseId);
      DirCache dc = DirCache.newInCore();
      org.eclipse.jgit.dircache.DirCacheBuilder b = dc.builder();
      b.addTree(new byte[0], 0, reader, parent.getTree());
      b.finish();
      org.eclipse.jgit.dircache.DirCacheEditor ed = dc.editor();
      for (Map.Entry<String, byte[]> f : new java.util.TreeMap<>(files).entrySet()) {
        ObjectId blob = ins.insert(Constants.OBJ_BLOB, f.getValue());
        ed.add(new org.eclipse.jgit.dircache.DirCacheEditor.PathEdit(prefix + f.getKey()) {
          @Override
          public void apply(org.eclipse.jgit.dircache.DirCacheEntry ent) {
            ent.setFileMode(org.eclipse.jgit.lib.FileMode.REGULAR_FILE);
            ent.setObjectId(blob);
          }
        });
      }
      ed.finish();
      ObjectId tree = dc.writeTree(ins);
      org.eclipse.jgit.lib.PersonIdent who = new org.eclipse.jgit.lib.PersonIdent(repo);
      org.eclipse.jgit.lib.CommitBuilder c = new org.eclipse.jgit.lib.CommitBuilder();
      c.setTreeId(tree);
      c.setParentId(parent);
      c.setAuthor(who);
      c.setCommitter(who);
      c.setMessage(message);
      ObjectId commit = ins.insert(c);
      ins.flush();
      org.eclipse.jgit.lib.RefUpdate u = repo.updateRef(ref);
      u.setNewObjectId(commit);
      u.setExpectedOldObjectId(ObjectId.zeroId());
      u.setRefLogMessage("mlctl exp branch", false);
      org.eclipse.jgit.lib.RefUpdate.Result r = u.update(walk);
      if (r != org.eclipse.jgit.lib.RefUpdate.Result.NEW) {
        throw new BadInputException("cannot create branch '" + name + "': " + r.name().toLowerCase(java.util.Locale.ROOT),
            null);
      }
      return commit.name();
    } catch (IOException e) {
      throw StorageException.of("write branch " + name + " of", workTree, e);
    }
  }

  /**
   * Which of these paths (files or folders) hold changes Git has not committed: in the index or
   * the work tree, against HEAD. Untracked files do not count.
   */
  public Set<String> uncommitted(java.util.Collection<String> projectPaths) {
    Set<String> out = new java.util.TreeSet<>();
    if (projectPaths.isEmpty()) {
      return out;
    }
    try (Git git = new Git(repo)) {
      var status = git.status();
      projectPaths.forEach(p -> status.addPath(prefix + p));
      var s = status.call();
      List<Set<String>> changed = List.of(s.getAdded(), s.getChanged(), s.getModified(), s.getRemoved(), s.getMissing(),
          s.getConflicting());
      for (Set<String> set : changed) {
        for (String p : set) {
          if (p.startsWith(prefix)) {
            out.add(p.substring(prefix.length()));
          }
        }
      }
      return out;
    } catch (GitAPIException e) {
      throw new StorageException("git status failed: " + e.getMessage(), null, e);
    }
  }

  /**
   * Calls {@code visitor} with the text of every file ending in one of {@code suffixes} in every
   * commit reachable from any branch or tag. Each distinct file version is read once.
   */
  public void forEachFileInHistory(List<String> suffixes, BiConsumer<String, String> visitor) {
    Set<ObjectId> seenBlobs = new HashSet<>();
    try (RevWalk walk = new RevWalk(repo)) {
      List<Ref> refs = new ArrayList<>(repo.getRefDatabase().getRefsByPrefix(Constants.R_HEADS));
      refs.addAll(repo.getRefDatabase().getRefsByPrefix(Constants.R_TAGS));
      Ref head = repo.exactRef(Constants.HEAD);
      if (head != null) {
        refs.add(head);
      }
      for (Ref ref : refs) {
        ObjectId id = ref.getPeeledObjectId() != null ? ref.getPeeledObjectId() : ref.getObjectId();
        if (id == null) {
          continue;
        }
        try {
          walk.markStart(walk.parseCommit(id));
        } catch (org.eclipse.jgit.errors.IncorrectObjectTypeException notACommit) {
          // a tag of a tree or blob: nothing to walk
        }
      }
      for (RevCommit c : walk) {
        for (String suffix : suffixes) {
          forEachFile(c, suffix, visitor, seenBlobs);
        }
      }
    } catch (IOException e) {
      throw StorageException.of("walk the history of", workTree, e);
    }
  }

  private void forEachFile(RevCommit c, String suffix, BiConsumer<String, String> visitor, Set<ObjectId> seen)
      throws IOException {
    try (TreeWalk tw = new TreeWalk(repo); ObjectReader reader = repo.newObjectReader()) {
      tw.addTree(c.getTree());
      tw.setRecursive(true);
      TreeFilter f = PathSuffixFilter.create(suffix);
      if (!prefix.isEmpty()) {
        f = org.eclipse.jgit.treewalk.filter.AndTreeFilter.create(
            PathFilter.create(prefix.substring(0, prefix.length() - 1)), f);
      }
      tw.setFilter(f);
      while (tw.next()) {
        ObjectId blob = tw.getObjectId(0);
        if (seen != null && !seen.add(blob)) {
          continue;
        }
        String path = tw.getPathString().substring(prefix.length());
        visitor.accept(path, new String(reader.open(blob).getBytes(), StandardCharsets.UTF_8));
      }
    }
  }

  /**
   * Who Git says the user is: {@code user.name <user.email>} from the repository's, the user's
   * and the system's Git config, or whichever of the two is set.
   */
  public Optional<String> user() {
    org.eclipse.jgit.lib.StoredConfig c = repo.getConfig();
    String name = c.getString("user", null, "name");
    String email = c.getString("user", null, "email");
    if (name == null && email == null) {
      return Optional.empty();
    }
    if (name == null) {
      return Optional.of("<" + email + ">");
    }
    return Optional.of(email == null ? name : name + " <" + email + ">");
  }

  /** The commit HEAD points at, if any. */
  public Optional<String> headCommit() {
    try {
      ObjectId id = repo.resolve(Constants.HEAD);
      return Optional.ofNullable(id).map(ObjectId::name);
    } catch (IOException e) {
      throw StorageException.of("read HEAD of", workTree, e);
    }
  }

  /**
   * A commit as Git holds it. Immutable.
   *
   * @param time the committer's time, ISO-8601 in UTC
   */
  public record CommitInfo(String id, String author, String time, String summary) {}

  /**
   * The commit with this full SH-1, if the repository holds it as a commit object. Names that
   * are not 40 hex digits are not looked up: a lineage check must not resolve "HEAD" or a branch.
   */
  public Optional<CommitInfo> commit(String sha1) {
    if (sha1 == null || !sha1.matches("[0-9a-f]{40}")) {
      return Optional.empty();
    }
    ObjectId id = ObjectId.fromString(sha1);
    try (RevWalk walk = new RevWalk(repo)) {
      if (!repo.getObjectDatabase().has(id)) {
        return Optional.empty();
      }
      RevCommit c = walk.parseCommit(id);
      String time = java.time.Instant.ofEpochSecond(c.getCommitTime()).toString();
      return Optional.of(new CommitInfo(c.name(), c.getAuthorIdent().getName(), time, c.getShortMessage()));
    } catch (org.eclipse.jgit.errors.IncorrectObjectTypeException | org.eclipse.jgit.errors.MissingObjectException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw StorageException.of("read commit " + sha1 + " of", workTree, e);
    }
  }

  /** Whether tracked files differ from HEAD, in the index or the work tree (untracked files do not count). */
  public boolean isDirty() {
    try (Git git = new Git(repo)) {
      var status = git.status();
      if (!prefix.isEmpty()) {
        status.addPath(prefix.substring(0, prefix.length() - 1));
      }
      return status.call().hasUncommittedChanges();
    } catch (GitAPIException e) {
      throw new StorageException("git status failed: " + e.getMessage(), null, e);
    }
  }

  @Override
  public void close() {
    repo.close();
  }
}
