package io.mlctl.core.model;

import io.mlctl.core.BadInputException;
import io.mlctl.core.store.Sha256;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import org.tribuo.Model;
import org.tribuo.classification.Label;
import org.tribuo.regression.Regressor;

/**
 * A Tribuo model loaded from its protobuf file together with its card, after checking that the
 * two belong together: the file's SHA-256 is the one the card names, the model predicts what the
 * card's task says, and it knows the card's features. Immutable; Tribuo models are safe for
 * concurrent prediction.
 *
 * @param shownAs how messages name the model (a path or {@code NAME@vN})
 */
public record TrainedModel(Model<?> model, ModelCard card, String sha256, String shownAs) {

  /** Loads {@code model} and the card beside it. */
  public static TrainedModel load(Path model, String shownAs) {
    Path cardPath = ModelCard.beside(model);
    if (!Files.isRegularFile(model)) {
      throw new BadInputException(shownAs + ": no such model file", "train one with 'mlctl train', or name a registered model NAME@ALIAS");
    }
    if (!Files.isRegularFile(cardPath)) {
      throw new BadInputException(shownAs + ": the model has no card (" + cardPath.getFileName() + ")",
          "a model written by 'mlctl train' has its card beside it");
    }
    return load(model, ModelCard.read(cardPath, shownAs + ModelCard.SUFFIX), shownAs);
  }

  /** Loads {@code model} with a card read elsewhere (from the cache, for a registered version). */
  public static TrainedModel load(Path model, ModelCard card, String shownAs) {
    TribuoLogging.quiet();
    MessageDigest digest = Sha256.newDigest();
    Model<?> m;
    try (InputStream in = new DigestInputStream(new BufferedInputStream(Files.newInputStream(model), 1 << 16), digest)) {
      m = Model.deserializeFromStream(in);
      in.transferTo(java.io.OutputStream.nullOutputStream());
    } catch (NoSuchFileException e) {
      throw new BadInputException(shownAs + ": no such model file", "check the path");
    } catch (IOException | RuntimeException e) {
      // protobuf reports garbage as an IOException; Tribuo an unknown class as a runtime exception
      throw new BadInputException(shownAs + ": not a Tribuo model (" + firstLine(e) + ")",
          "a model file is written by 'mlctl train' in Tribuo's protobuf format");
    }
    String hash = Sha256.hex(digest);
    if (!hash.equals(card.modelSha256())) {
      throw new BadInputException(shownAs + ": the card does not match its model (the card names "
          + card.modelSha256().substring(0, Math.min(12, card.modelSha256().length())) + "..., the model file is " + hash.substring(0, 12) + "...)",
          "the model or its card was replaced; train again or copy both together");
    }
    Class<? extends org.tribuo.Output<?>> want = card.task() == Task.CLASSIFICATION ? Label.class : Regressor.class;
    if (!m.validate(want)) {
      throw new BadInputException(shownAs + ": the card says " + card.task().id() + " but the model predicts something else",
          "train the model again");
    }
    return new TrainedModel(m, card, hash, shownAs);
  }

  private static String firstLine(Throwable e) {
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }
}
