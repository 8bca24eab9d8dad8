package io.mlctl.core.explain;

import io.mlctl.core.BadArgumentException;
import io.mlctl.core.model.InputRows;
import io.mlctl.core.model.Task;
import io.mlctl.core.model.TrainedModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.SplittableRandom;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.classification.Label;
import org.tribuo.classification.explanations.lime.LIMEBase;
import org.tribuo.classification.explanations.lime.LIMEExplanation;
import org.tribuo.regression.slm.LARSLassoTrainer;

/**
 * Explains a classifier's predictions with Tribuo's LIME: around each example it samples
 * perturbed points, asks the model for their class scores, and fits a sparse linear model (LARS
 * lasso, at most {@code top} features) to them; that model's weights for the predicted class say
 * which features moved the prediction and which way. Each example is explained with its own
 * generator seeded from {@code seed} alone, so the same example explains the same way whatever
 * else is explained with it. Tribuo's LIME explains classifiers only: a regression model is a
 * usage error.
 *
 * <p>Stateless and thread-safe: every call builds its own explainer.
 */
public final class Explain {
  /** Perturbed samples per example: Tribuo's LIME tests use this many; fewer makes weights noisy. */
  public static final int SAMPLES = 1000;
  public static final int DEFAULT_TOP = 5;
  public static final long DEFAULT_SEED = 42L;

  private Explain() {}

  /** A feature and its weight in the local model for the predicted class: positive pushed towards it. */
  public record Weight(String feature, double weight) {}

  /**
   * One explained example.
   *
   * @param row the 1-based data row of the input, or the example's 1-based position when explaining a list
   * @param label the predicted class
   * @param scores the model's score for each class
   * @param features the top features by absolute weight, largest first
   */
  public record Explained(int row, String label, Map<String, Double> scores, List<Weight> features) {}

  /** The explanations of a model's predictions. */
  public record Result(String model, long seed, int top, List<Explained> rows) {}

  /**
   * Explains chosen rows of a CSV file.
   *
   * @param rows 1-based data rows; empty explains every row
   */
  public static Result call(TrainedModel model, Path input, String inputShown, SortedSet<Integer> rows, long seed, int top) {
    check(model, top);
    List<Explained> out = new ArrayList<>();
    for (InputRows.Row r : InputRows.read(model, input, inputShown, rows)) {
      out.add(one(classifier(model), r.example(), r.number(), seed, top));
    }
    return new Result(model.shownAs(), seed, top, out);
  }

  /**
   * Explains examples built by the caller (the server builds them from request instances); the
   * {@code row} of each result is its 1-based position in the list.
   */
  public static List<Explained> explain(TrainedModel model, List<? extends Example<Label>> examples, long seed, int top) {
    check(model, top);
    List<Explained> out = new ArrayList<>();
    for (int i = 0; i < examples.size(); i++) {
      out.add(one(classifier(model), examples.get(i), i + 1, seed, top));
    }
    return out;
  }

  /**
   * Why this model cannot be explained, or empty when it can: a front end that answers "not
   * supported" in its own way (the server's HTTP 501) asks this before {@link #explain}.
   */
  public static java.util.Optional<String> unsupported(TrainedModel model) {
    if (model.card().task() != Task.CLASSIFICATION) {
      return java.util.Optional.of("explanations are not supported for regression models (" + model.shownAs()
          + "): Tribuo's LIME explains classifiers only");
    }
    if (!model.model().generatesProbabilities()) {
      return java.util.Optional.of("explanations need class probabilities, and " + model.shownAs() + " ("
          + model.card().algorithm() + ") gives none");
    }
    return java.util.Optional.empty();
  }

  private static void check(TrainedModel model, int top) {
    if (top < 1) {
      throw new BadArgumentException("--top must be at least 1, not " + top, "e.g. --top 5");
    }
    unsupported(model).ifPresent(why -> {
      throw new BadArgumentException(why, model.card().task() == Task.CLASSIFICATION
          ? "train with logistic, cart or random-forest to explain predictions" : "explain a classification model");
    });
  }

  @SuppressWarnings("unchecked")
  private static Model<Label> classifier(TrainedModel model) {
    return (Model<Label>) model.model();
  }

  private static Explained one(Model<Label> model, Example<Label> example, int row, long seed, int top) {
    LIMEBase lime = new LIMEBase(new SplittableRandom(seed), model, new LARSLassoTrainer(top), SAMPLES);
    LIMEExplanation e = lime.explain(example);
    String label = e.getPrediction().getOutput().getLabel();
    Map<String, Double> scores = new LinkedHashMap<>();
    e.getPrediction().getOutputScores().entrySet().stream().sorted(Map.Entry.comparingByKey())
        .forEach(s -> scores.put(s.getKey(), s.getValue().getScore()));
    List<Weight> weights = new ArrayList<>();
    var topFeatures = e.getModel().getTopFeatures(top).get(label);
    if (topFeatures != null) {
      for (var p : topFeatures) {
        if (p.getB() != 0.0) {
          weights.add(new Weight(p.getA(), p.getB()));
        }
      }
    }
    weights.sort((a, b) -> Double.compare(Math.abs(b.weight()), Math.abs(a.weight())));
    return new Explained(row, label, scores, weights);
  }
}
