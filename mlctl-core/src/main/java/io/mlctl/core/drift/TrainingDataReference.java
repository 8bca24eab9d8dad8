package io.mlctl.core.drift;

import io.mlctl.core.BadInputException;
import io.mlctl.core.StorageException;
import io.mlctl.core.data.Workspace;
import io.mlctl.core.model.Feature;
import io.mlctl.core.model.ModelCard;
import io.mlctl.core.registry.ModelRegistry;
import io.mlctl.core.registry.ModelVersion;
import io.mlctl.core.registry.RegisteredModel;
import io.mlctl.core.remote.RemoteStore;
import io.mlctl.core.remote.Remotes;
import io.mlctl.core.remote.Transfer;
import io.mlctl.core.repo.Project;
import io.mlctl.core.store.ObjectStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.commons.codec.digest.DigestUtils;

/**
 * The data a registered model version was trained on, found through its card: the card names the
 * training data's SHA-256, and the bytes are the cache object of that name. An object the cache
 * lacks is fetched from the default remote (verified on arrival); failing that, the file the card
 * names is used when its bytes still hash to the same value. Read-only but for what it fetches.
 */
public final class TrainingDataReference {
  /**
   * @param source the bytes to read, named for messages as {@code NAME@vN training data (PATH)}
   * @param features the model's features, the columns a drift report compares by default
   * @param categorical the features the model reads as categories
   * @param version the version's tag, {@code vN}
   */
  public record Resolved(Drift.Source source, String model, List<String> features, Set<String> categorical, String version) {}

  private TrainingDataReference() {}

  /** Whether {@code ref} names a registered version rather than a file. */
  public static boolean isModelRef(Path cwd, String ref) {
    return ref.indexOf('@') > 0 && !Files.exists(cwd.resolve(ref));
  }

  /** Whether {@code ref}, with no '@' and no file of that name, is a registered model's name (its newest version). */
  public static boolean isRegisteredName(Path cwd, String ref, java.util.function.Supplier<Project> project) {
    if (ref.indexOf('@') >= 0 || Files.exists(cwd.resolve(ref)) || !ModelRegistry.validName(ref)
        || io.mlctl.core.repo.Discovery.findProjectRoot(cwd).isEmpty()) {
      return false;
    }
    try (Project p = project.get()) {
      return new ModelRegistry(p).find(ref).isPresent();
    }
  }

  public static Resolved resolve(Project project, String ref) {
    ModelRegistry registry = new ModelRegistry(project);
    int at = ref.lastIndexOf('@');
    RegisteredModel m = registry.get(at < 0 ? ref : ref.substring(0, at));
    ModelVersion v = registry.version(m, at < 0 ? ModelRegistry.LATEST : ref.substring(at + 1));
    String name = m.name() + "@" + v.tag();
    ObjectStore store = registry.store();
    if (!store.contains(v.cardSha256())) {
      fetch(project, v.cardSha256(), name + "'s card");
    }
    ModelCard card = ModelCard.parse(new String(store.readVerified(v.cardSha256()), StandardCharsets.UTF_8), name + " card");
    ModelCard.TrainingData data = card.trainingData();
    if (data.sha256() == null || !data.sha256().matches("[0-9a-f]{64}")) {
      throw new BadInputException(name + ": its card records no training data hash", "pass the training CSV with --reference");
    }
    String shown = name + " training data (" + data.path() + ")";
    Path file = store.path(data.sha256());
    if (!store.contains(data.sha256())) {
      file = inWorkTree(project, data).orElse(null);
      if (file == null) {
        fetch(project, data.sha256(), shown);
        file = store.path(data.sha256());
      }
    } else if (!store.verify(data.sha256())) {
      throw new StorageException(shown + ": the cached object " + data.sha256() + " is damaged", "run 'mlctl fsck' and 'mlctl pull'", null);
    }
    List<String> features = card.features().stream().map(Feature::name).toList();
    Set<String> categorical = new LinkedHashSet<>();
    for (Feature f : card.features()) {
      if (f.type() == Feature.Kind.CATEGORICAL) {
        categorical.add(f.name());
      }
    }
    return new Resolved(new Drift.Source(file, shown, m.name()), m.name(), features, categorical, v.tag());
  }

  /** The file the card names, inside the project, when it still holds the bytes the model saw. */
  private static java.util.Optional<Path> inWorkTree(Project project, ModelCard.TrainingData data) {
    if (data.path() == null || data.path().isEmpty() || Path.of(data.path()).isAbsolute()) {
      return java.util.Optional.empty();
    }
    Path root = project.root().toAbsolutePath().normalize();
    Path p = root.resolve(data.path()).normalize();
    if (!p.startsWith(root) || !Files.isRegularFile(p)) {
      return java.util.Optional.empty();
    }
    try (InputStream in = Files.newInputStream(p)) {
      return DigestUtils.sha256Hex(in).equals(data.sha256()) ? java.util.Optional.of(p) : java.util.Optional.empty();
    } catch (IOException e) {
      return java.util.Optional.empty();
    }
  }

  private static void fetch(Project project, String hash, String what) {
    Remotes remotes = new Remotes(project);
    Remotes.Remote remote;
    try {
      remote = remotes.find("");
    } catch (BadInputException e) {
      throw new BadInputException(what + " (sha256 " + hash + ") is not in the cache, and " + e.getMessage(),
          "add the data with 'mlctl add' and push it, or pass the CSV file with --reference");
    }
    try (RemoteStore store = remotes.open(remote.name())) {
      Transfer.Result r = new Transfer(new Workspace(project), store, 1).fetchObjects(List.of(hash));
      if (!r.missing().isEmpty()) {
        throw new BadInputException(what + " (sha256 " + hash + ") is neither in the cache nor on remote '" + remote.name() + "'",
            "push it from where the model was trained, or pass the CSV file with --reference");
      }
    }
  }
}
