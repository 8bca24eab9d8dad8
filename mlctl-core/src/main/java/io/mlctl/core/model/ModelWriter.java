package io.mlctl.core.model;

import com.oracle.labs.mlrg.olcut.provenance.ProvenanceUtil;
import io.mlctl.core.StorageException;
import io.mlctl.core.scm.GitRepo;
import io.mlctl.core.store.Sha256;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.tribuo.Model;

/**
 * Writes a trained model in Tribuo's protobuf format and its card beside it, each through a
 * temporary file renamed into place, completing the card with what only the written model tells:
 * its SHA-256, Tribuo's provenance, the Git commit and the time.
 */
final class ModelWriter {
  private final Path root;
  private final Clock clock;

  /** @param root the project root, or null outside a project (no Git commit then) */
  ModelWriter(Path root, Clock clock) {
    this.root = root;
    this.clock = clock;
  }

  /** Writes {@code model} to {@code out} and the completed {@code draft} card beside it. */
  Train.Result write(Model<?> model, ModelCard draft, Path out) {
    Path cardPath = ModelCard.beside(out);
    try (StreamedFile modelFile = StreamedFile.create(out); StreamedFile cardFile = StreamedFile.create(cardPath)) {
      String hash;
      try {
        model.serializeToFile(modelFile.temp());
        hash = Sha256.of(modelFile.temp());
      } catch (IOException e) {
        throw StorageException.of("write", out, e);
      }
      ModelCard card = new ModelCard(hash, draft.task(), draft.algorithm(), draft.params(), draft.seed(), draft.label(),
          draft.labels(), draft.features(), draft.trainingData(), commit().orElse(null),
          OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC).withNano(0).toString(), draft.mlctlVersion(),
          provenance(model), draft.metrics());
      try {
        Files.writeString(cardFile.temp(), card.toJsonText());
      } catch (IOException e) {
        throw StorageException.of("write", cardPath, e);
      }
      // The model first: a card on disk always describes the model beside it, or an older one
      // whose hash no longer matches (which loading reports).
      modelFile.commit();
      cardFile.commit();
      // The metrics file names the model and data it describes, so the registry can tell that a
      // file given with a model was computed for it (the card names the model hash already).
      Map<String, Object> bound = new LinkedHashMap<>(draft.metrics());
      bound.put("model_sha256", hash);
      bound.put("data_sha256", draft.trainingData().sha256());
      return new Train.Result(out, cardPath, card, bound);
    }
  }

  /** Tribuo's own provenance of the model, kept whole: versions, platform, time, trainer configuration. */
  private static Map<String, Object> provenance(Model<?> model) {
    Map<String, Object> tribuo = new LinkedHashMap<>();
    tribuo.put("version", model.getProvenance().getTribuoVersion());
    tribuo.put("java_version", model.getProvenance().getJavaVersion());
    tribuo.put("os", model.getProvenance().getOS());
    tribuo.put("arch", model.getProvenance().getArch());
    tribuo.put("training_time", model.getProvenance().getTrainingTime().toString());
    tribuo.put("trainer", ProvenanceUtil.convertToMap(model.getProvenance().getTrainerProvenance()));
    return tribuo;
  }

  private Optional<String> commit() {
    if (root == null) {
      return Optional.empty();
    }
    try (GitRepo git = GitRepo.open(root).orElse(null)) {
      return git == null ? Optional.empty() : git.headCommit();
    }
  }
}
