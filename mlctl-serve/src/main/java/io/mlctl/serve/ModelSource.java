package io.mlctl.serve;

import io.mlctl.core.BadArgumentException;
import io.mlctl.core.RemoteException;
import io.mlctl.core.data.Workspace;
import io.mlctl.core.model.TrainedModel;
import io.mlctl.core.registry.ModelRefs;
import io.mlctl.core.registry.ModelRegistry;
import io.mlctl.core.registry.ModelVersion;
import io.mlctl.core.registry.RegisteredModel;
import io.mlctl.core.remote.RemoteStore;
import io.mlctl.core.remote.Remotes;
import io.mlctl.core.remote.Transfer;
import io.mlctl.core.repo.Project;
import io.mlctl.core.repo.RepoLock;
import java.io.IOException;
import io.mlctl.core.drift.Drift;
import io.mlctl.core.drift.TrainingDataReference;
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

  /**
   * @param cwd where relative paths start
   * @param projects opens the project (only asked when a registered model is named)
   */
  public ModelSource(Path cwd, Supplier<Project> projects, boolean pull) {
    this.cwd = cwd;
    this.projects = projects;
    this.pull = pull;
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
    try (Project p = projects.get()) {
      ModelRegistry reg = new ModelRegistry(p);
      RegisteredModel m = reg.get(nameOf(ref));
      ModelVersion v = reg.version(m, tag(ref));
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
          throw new RemoteException(m.name() + "@" + v.tag() + " is not on remote '" + remote + "' either",
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
