package io.mlctl.serve;

import io.mlctl.core.BadArgumentException;
import io.mlctl.core.BadInputException;
import io.mlctl.core.RemoteException;
import io.mlctl.core.data.Workspace;
import io.mlctl.core.drift.Drift;
import io.mlctl.core.drift.TrainingDataReference;
import io.mlctl.core.model.TrainedModel;
import io.mlctl.core.registry.ModelRefs;
import io.mlctl.core.registry.ModelRegistry;
import io.mlctl.core.registry.ModelVersion;
import io.mlctl.core.remote.RemoteStore;
import io.mlctl.core.remote.Remotes;
import io.mlctl.core.remote.Transfer;
import io.mlctl.core.repo.Project;
import io.mlctl.core.repo.RepoLock;
import io.mlctl.core.scm.GitRepo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Where served models come from: a model file (its card beside it), or a registered version named
 * {@code NAME@ALIAS} or {@code NAME@vN}, resolved as every other command resolves it. With
 * {@code pull}, a registered version whose artifact or card is not in the local cache is fetched
 * from the default remote first (each object checked against its hash as it arrives), so a fresh
 * clone serves with nothing but {@code mlctl serve --pull NAME@production}. Thread-safe.
 */
public final class ModelSource {
  private final Path cwd;
  private final Supplier<Project> projects;
  private final boolean pull;
  /** The Git remote and branch whose registry files name the versions, or null for the work tree's. */
  private volatile Upstream upstream;

  /** A followed branch and the commit it was at when last fetched (null before the first fetch). */
  private record Upstream(String remote, String branch, String commit) {
    String shown() {
      return remote + "/" + branch;
    }
  }

  /**
   * @param cwd where relative paths start
   * @param projects opens the project (only asked when a registered model is named)
   */
  public ModelSource(Path cwd, Supplier<Project> projects, boolean pull) {
    this.cwd = cwd;
    this.projects = projects;
    this.pull = pull;
  }

  /**
   * Takes the versions aliases name from the registry files on {@code remote}'s {@code branch}
   * (fetched by {@link #refresh()}) instead of the work tree's; neither the work tree nor the
   * checked-out branch changes. Call before loading.
   */
  public void follow(String remote, String branch) {
    upstream = new Upstream(remote, branch, null);
  }

  /** Whether versions come from a followed Git branch. */
  public boolean following() {
    return upstream != null;
  }

  /** Fetches the followed branch, if any: the next {@link #stamp} and {@link #load} see its commit. */
  public void refresh() {
    Upstream u = upstream;
    if (u == null) {
      return;
    }
    try (Project p = projects.get(); GitRepo git = GitRepo.open(p.root()).orElseThrow(() -> new BadInputException(
        "--follow " + u.shown() + ": the project is not in a Git repository", "serve from a Git checkout"))) {
      upstream = new Upstream(u.remote(), u.branch(), git.fetchBranch(u.remote(), u.branch()));
    }
  }

  /** The registry file of {@code name} at the followed branch's commit, fetching it first if never fetched. */
  private String upstreamRegistry(Upstream u0, String name) {
    Upstream u = u0;
    if (u.commit() == null) {
      refresh();
      u = upstream;
    }
    try (Project p = projects.get(); GitRepo git = GitRepo.open(p.root()).orElseThrow()) {
      String path = p.root().toAbsolutePath().normalize().relativize(p.layout().registry().resolve(name + ".yaml").toAbsolutePath().normalize())
          .toString().replace('\\', '/');
      String at = u.commit();
      return git.fileAt(at, path).orElseThrow(() -> new BadInputException("unknown model '" + name + "' on " + u0.shown()
          + " (commit " + at.substring(0, 12) + ")", "push the registry file to that branch"));
    }
  }

  private ModelVersion upstreamVersion(Upstream u, String ref) {
    String name = nameOf(ref);
    try (Project p = projects.get()) {
      return new ModelRegistry(p).version(upstreamRegistry(u, name), u.shown() + ":.mlctl/registry/" + name + ".yaml", name, tag(ref));
    }
  }

  /** Whether {@code ref} names a registered model rather than a file (a file that exists wins). */
  public boolean registered(String ref) {
    return ref.indexOf('@') > 0 && !Files.exists(cwd.resolve(ref));
  }

  /** Whether {@code ref} can name another version later: an alias, where {@code NAME@vN} never moves. */
  public boolean follows(String ref) {
    return registered(ref) && !tag(ref).matches("v[1-9][0-9]*");
  }

  /** The name clients address {@code ref} by: the registry name, or the file name without its extension. */
  public String nameOf(String ref) {
    if (registered(ref)) {
      return ref.substring(0, ref.lastIndexOf('@'));
    }
    String file = Path.of(ref).getFileName().toString();
    int dot = file.lastIndexOf('.');
    return dot > 0 ? file.substring(0, dot) : file;
  }

  public ServedModel load(String ref) {
    if (!registered(ref)) {
      TrainedModel tm = ModelRefs.load(cwd, ref, projects, p -> ref);
      return ServedModel.of(nameOf(ref), tm.sha256().substring(0, 12), ref, tm);
    }
    Upstream u = upstream;
    if (u != null) {
      ModelVersion v = upstreamVersion(u, ref);
      String name = nameOf(ref);
      if (pull) {
        fetchMissing(name, v);
      }
      try (Project p = projects.get()) {
        return ServedModel.of(name, v.tag(), ref, new ModelRegistry(p).load(name, v));
      }
    }
    if (pull) {
      fetchMissing(ref);
    }
    TrainedModel tm = ModelRefs.load(cwd, ref, projects, p -> ref);
    String shown = tm.shownAs();
    return ServedModel.of(nameOf(ref), shown.substring(shown.lastIndexOf('@') + 1), ref, tm);
  }

  /**
   * The data the registered version {@code NAME@vN} was trained on, as {@code mlctl drift
   * --reference NAME@vN} finds it (the card's hash in the cache, fetched when missing).
   */
  public Drift.Source trainingData(String nameAtVersion) {
    try (Project p = projects.get()) {
      return TrainingDataReference.resolve(p, nameAtVersion).source();
    }
  }

  /** The version a registered reference names now ({@code vN}), without loading it. */
  public String versionOf(String ref) {
    Upstream u = upstream;
    if (u != null) {
      return upstreamVersion(u, ref).tag();
    }
    try (Project p = projects.get()) {
      ModelRegistry reg = new ModelRegistry(p);
      return reg.version(reg.get(nameOf(ref)), tag(ref)).tag();
    }
  }

  /**
   * A cheap fingerprint of the registry file behind {@code ref} (size, modification time, file
   * key): it changes when a promotion, a rollback or a {@code git pull} rewrites the file, each of
   * which replaces it by a rename.
   */
  public Object stamp(String ref) {
    Upstream u = upstream;
    if (u != null) {
      // the file's text at the followed commit: unchanged by commits that leave it alone
      try {
        return List.of(upstreamRegistry(u, nameOf(ref)));
      } catch (BadInputException e) {
        return List.of();
      }
    }
    Path file;
    try (Project p = projects.get()) {
      file = p.layout().registry().resolve(nameOf(ref) + ".yaml");
    }
    try {
      BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
      return List.of(a.size(), a.lastModifiedTime().toMillis(), Objects.toString(a.fileKey()), a.lastModifiedTime().toString());
    } catch (NoSuchFileException e) {
      return List.of();
    } catch (IOException e) {
      return List.of(e.toString());
    }
  }

  private void fetchMissing(String ref) {
    ModelVersion v;
    try (Project p = projects.get()) {
      ModelRegistry reg = new ModelRegistry(p);
      v = reg.version(reg.get(nameOf(ref)), tag(ref));
    }
    fetchMissing(nameOf(ref), v);
  }

  private void fetchMissing(String name, ModelVersion v) {
    try (Project p = projects.get()) {
      ModelRegistry reg = new ModelRegistry(p);
      List<String> need = new ArrayList<>();
      for (String h : List.of(v.sha256(), v.cardSha256())) {
        if (!reg.store().contains(h)) {
          need.add(h);
        }
      }
      if (need.isEmpty()) {
        return;
      }
      Remotes remotes = new Remotes(p);
      String remote = remotes.find(null).name();
      try (RemoteStore store = remotes.open(remote); RepoLock lock = p.lock()) {
        Transfer.Result r = new Transfer(new Workspace(p), store, need.size()).fetchObjects(need);
        if (!r.missing().isEmpty()) {
          throw new RemoteException(name + "@" + v.tag() + " is not on remote '" + remote + "' either",
              "push it from where it was registered with 'mlctl push'");
        }
      }
    }
  }

  private static String tag(String ref) {
    int at = ref.lastIndexOf('@');
    if (at <= 0 || at == ref.length() - 1) {
      throw new BadArgumentException("'" + ref + "' is not a model reference", "use a path, NAME@ALIAS or NAME@vN");
    }
    return ref.substring(at + 1);
  }
}
