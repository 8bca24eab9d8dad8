package io.mlctl.core.model;

import io.mlctl.core.BadArgumentException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.tribuo.Trainer;
import org.tribuo.classification.Label;
import org.tribuo.classification.dtree.CARTClassificationTrainer;
import org.tribuo.classification.dtree.impurity.GiniIndex;
import org.tribuo.classification.ensemble.VotingCombiner;
import org.tribuo.classification.liblinear.LibLinearClassificationTrainer;
import org.tribuo.classification.liblinear.LinearClassificationType;
import org.tribuo.classification.sgd.objectives.Hinge;
import org.tribuo.common.tree.RandomForestTrainer;
import org.tribuo.math.optimisers.AdaGrad;
import org.tribuo.regression.Regressor;
import org.tribuo.regression.ensemble.AveragingCombiner;
import org.tribuo.regression.rtree.CARTRegressionTrainer;
import org.tribuo.regression.rtree.impurity.MeanSquaredError;
import org.tribuo.transform.TransformTrainer;
import org.tribuo.transform.TransformationMap;
import org.tribuo.transform.transformations.MeanStdDevTransformation;

/**
 * The learning algorithms {@code mlctl train} offers, each a Tribuo trainer, with the
 * hyper-parameters it takes and their defaults. Immutable.
 */
public enum Algorithm {
  LOGISTIC("logistic", Task.CLASSIFICATION, "L2-regularised logistic regression solved to the optimum, one model per class against the rest"
      + " (Tribuo LibLinearClassificationTrainer, L2R_LR)", liblinearParams()),
  LINEAR_SVM("linear-svm", Task.CLASSIFICATION, "linear support vector machine (Tribuo LinearSGDTrainer, hinge loss, AdaGrad)", sgdParams()),
  LINEAR("linear", Task.REGRESSION, "least-squares linear regression, solved exactly (Tribuo LARSTrainer run to the full model)",
      List.of(new Param("max_features", Param.Type.INT, "0", "most features the model may use, added by LARS in order of use; 0: all"))),
  CART("cart", null, "a decision tree (Tribuo CART: Gini impurity for classes, mean squared error for numbers; by default grown as"
      + " scikit-learn's DecisionTreeClassifier() is: no depth limit, leaves of one row, split points halfway between values)", treeParams(false)),
  RANDOM_FOREST("random-forest", null, "a random forest of CART trees on bootstrap samples (Tribuo RandomForestTrainer)", treeParams(true));

  private final String id;
  private final Task only;
  private final String description;
  private final List<Param> params;

  Algorithm(String id, Task only, String description, List<Param> params) {
    this.id = id;
    this.only = only;
    this.description = description;
    this.params = params;
  }

  public String id() {
    return id;
  }

  public String description() {
    return description;
  }

  public List<Param> params() {
    return params;
  }

  /** True when this algorithm can learn {@code task}. */
  public boolean supports(Task task) {
    return only == null || only == task;
  }

  public static Algorithm parse(String s) {
    for (Algorithm a : values()) {
      if (a.id.equals(s)) {
        return a;
      }
    }
    List<String> ids = new ArrayList<>();
    for (Algorithm a : values()) {
      ids.add(a.id);
    }
    throw new BadArgumentException("unknown algorithm '" + s + "'", "use one of " + String.join(", ", ids));
  }

  /** The algorithm a task uses when none is named. */
  public static Algorithm defaultFor(Task task) {
    return task == Task.CLASSIFICATION ? LOGISTIC : LINEAR;
  }

  /** Gradient steps the default number of epochs aims at: enough for small data sets to converge. */
  static final long AUTO_STEPS = 100_000;

  private static List<Param> liblinearParams() {
    return List.of(
        new Param("c", Param.Type.POSITIVE, "1.0", "inverse regularisation strength: smaller is a stronger L2 penalty (scikit-learn's C)"),
        new Param("tol", Param.Type.POSITIVE, "0.0001", "stopping tolerance on the gradient's norm, relative to where the solver started"
            + " (scikit-learn's tol; Tribuo's terminationCriterion)"),
        new Param("max_iterations", Param.Type.COUNT, "1000", "most Newton iterations the solver makes"),
        new Param("standardize", Param.Type.BOOLEAN, "false", "scale each feature to mean 0 and standard deviation 1 first (kept in the model);"
            + " off, the penalty applies to the features as they are, as scikit-learn's LogisticRegression() does"));
  }

  private static List<Param> sgdParams() {
    return List.of(
        new Param("epochs", Param.Type.INT, "0", "passes over the training data; 0: about " + AUTO_STEPS
            + " example steps, at least 5 passes and at most 1000"),
        new Param("learning_rate", Param.Type.DOUBLE, "1.0", "AdaGrad's initial learning rate"),
        new Param("minibatch", Param.Type.INT, "1", "examples per gradient step"),
        new Param("standardize", Param.Type.BOOLEAN, "true", "scale each feature to mean 0 and standard deviation 1 first (kept in the model)"));
  }

  private static List<Param> treeParams(boolean forest) {
    List<Param> p = new ArrayList<>();
    if (forest) {
      p.add(new Param("trees", Param.Type.INT, "50", "trees in the forest"));
    }
    p.add(new Param("max_depth", Param.Type.INT, "0", "deepest a tree may grow; 0: no limit"));
    p.add(new Param("bins", Param.Type.INT, "256", "equal-frequency bins per numeric feature, kept in the model, when there are at least 4 rows a bin (0: exact split points, slow on large data)"));
    p.add(new Param("min_child_weight", Param.Type.POSITIVE, "1", "smallest (weighted) number of rows in a leaf (Tribuo's own default is 5; 1 is scikit-learn's min_samples_leaf)"));
    p.add(new Param("min_impurity_decrease", Param.Type.DOUBLE, "0", "smallest impurity decrease a split must bring"));
    p.add(new Param("feature_fraction", Param.Type.DOUBLE, forest ? "0.5" : "1", "share of the features each split considers"
        + (forest ? " (below 1 in a forest)" : "")));
    return List.copyOf(p);
  }

  /**
   * The parameters with their defaults filled in, checked against the ones this algorithm takes.
   *
   * @param given {@code NAME -> VALUE} as the user typed them
   * @return every parameter with its typed value, in name order
   */
  public Map<String, Object> resolve(Map<String, String> given) {
    Map<String, Param> known = new LinkedHashMap<>();
    params.forEach(p -> known.put(p.name(), p));
    for (String k : given.keySet()) {
      if (!known.containsKey(k)) {
        throw new BadArgumentException("the algorithm '" + id + "' takes no parameter '" + k + "'",
            "it takes " + String.join(", ", known.keySet()) + "; see 'mlctl train --help'");
      }
    }
    Map<String, Object> out = new TreeMap<>();
    for (Param p : params) {
      String text = given.getOrDefault(p.name(), p.defaultValue());
      out.put(p.name(), convert(p, text));
    }
    return out;
  }

  private Object convert(Param p, String text) {
    try {
      switch (p.type()) {
        case INT:
        case COUNT: {
          int v = Integer.parseInt(text.strip());
          if (v < (p.type() == Param.Type.COUNT ? 1 : 0)) {
            throw new NumberFormatException();
          }
          return v;
        }
        case DOUBLE:
        case POSITIVE: {
          double v = Double.parseDouble(text.strip());
          if (!Double.isFinite(v) || v < 0 || (v == 0 && p.type() == Param.Type.POSITIVE)) {
            throw new NumberFormatException();
          }
          return v;
        }
        default: {
          String t = text.strip().toLowerCase(java.util.Locale.ROOT);
          if (!t.equals("true") && !t.equals("false")) {
            throw new NumberFormatException();
          }
          return Boolean.parseBoolean(t);
        }
      }
    } catch (NumberFormatException e) {
      String want = switch (p.type()) {
        case INT -> "a whole number >= 0";
        case COUNT -> "a whole number >= 1";
        case DOUBLE -> "a number >= 0";
        case POSITIVE -> "a number above 0";
        case BOOLEAN -> "true or false";
      };
      throw new BadArgumentException("the parameter '" + p.name() + "' of '" + id + "' must be " + want + ", got '" + text + "'",
          "see 'mlctl train --help'");
    }
  }

  /** A Tribuo trainer for classification with resolved parameters. */
  public Trainer<Label> classificationTrainer(Map<String, Object> p, long seed, List<String> numeric, long rows) {
    switch (this) {
      case LOGISTIC: {
        Trainer<Label> t = new LibLinearClassificationTrainer(new LinearClassificationType(LinearClassificationType.LinearType.L2R_LR),
            (double) p.get("c"), (int) p.get("max_iterations"), (double) p.get("tol"), seed);
        return standardized(t, p, numeric);
      }
      case LINEAR_SVM: {
        Trainer<Label> t = new org.tribuo.classification.sgd.linear.LinearSGDTrainer(
            new Hinge(), new AdaGrad((double) p.get("learning_rate"), 0.1),
            epochs(p, rows), -1, Math.max(1, (int) p.get("minibatch")), seed);
        return standardized(t, p, numeric);
      }
      case CART:
        return binned(cartClassifier(p, seed), p, numeric, rows);
      case RANDOM_FOREST:
        checkForest(p);
        return binned(new RandomForestTrainer<>(cartClassifier(p, seed), new VotingCombiner(), (int) p.get("trees"), seed), p, numeric, rows);
      default:
        throw new BadArgumentException("the algorithm '" + id + "' is for regression", "use --task regression or a classification algorithm");
    }
  }

  /** A Tribuo trainer for regression with resolved parameters. */
  public Trainer<Regressor> regressionTrainer(Map<String, Object> p, long seed, List<String> numeric, long rows) {
    switch (this) {
      case LINEAR: {
        int max = (int) p.get("max_features");
        return new org.tribuo.regression.slm.LARSTrainer(max == 0 ? -1 : max);
      }
      case CART:
        return binned(cartRegressor(p, seed), p, numeric, rows);
      case RANDOM_FOREST:
        checkForest(p);
        return binned(new RandomForestTrainer<>(cartRegressor(p, seed), new AveragingCombiner(), (int) p.get("trees"), seed), p, numeric, rows);
      default:
        throw new BadArgumentException("the algorithm '" + id + "' is for classification", "use --task classification or a regression algorithm");
    }
  }

  /**
   * Numeric features scaled to mean 0 and standard deviation 1, the scaling kept in the model;
   * one-hot features stay 0/1, which SGD handles well and which a spread of 0 would turn to NaN.
   */
  private static <T extends org.tribuo.Output<T>> Trainer<T> standardized(Trainer<T> t, Map<String, Object> p, List<String> numeric) {
    if (!(boolean) p.get("standardize") || numeric.isEmpty()) {
      return t;
    }
    Map<String, List<org.tribuo.transform.Transformation>> perFeature = new LinkedHashMap<>();
    for (String f : numeric) {
      perFeature.put(f, List.of(new MeanStdDevTransformation()));
    }
    return new TransformTrainer<>(t, new TransformationMap(List.of(), perFeature), false, true);
  }

  /**
   * Numeric features cut into equal-frequency bins before the trees see them, the cuts kept in the
   * model so prediction bins raw values the same way. Tribuo's CART splits each node's sorted
   * copy of every distinct value of every feature, so 80,000 distinct values per feature make
   * training minutes long; 256 bins make it seconds, and the split points are as good as a
   * histogram-based tree's.
   */
  private static <T extends org.tribuo.Output<T>> Trainer<T> binned(Trainer<T> t, Map<String, Object> p, List<String> numeric, long rows) {
    int bins = (int) p.get("bins");
    if (bins == 1) {
      throw new BadArgumentException("bins must be 0 (exact) or at least 2, got " + bins, "--param bins=256");
    }
    // Small data gains nothing from bins (and Tribuo needs more rows than bins): exact splits.
    if (bins == 0 || numeric.isEmpty() || rows < 4L * bins) {
      return t;
    }
    Map<String, List<org.tribuo.transform.Transformation>> perFeature = new LinkedHashMap<>();
    for (String f : numeric) {
      perFeature.put(f, List.of(org.tribuo.transform.transformations.BinningTransformation.equalFrequency(bins)));
    }
    return new TransformTrainer<>(t, new TransformationMap(List.of(), perFeature), false, false);
  }

  private static CARTClassificationTrainer cartClassifier(Map<String, Object> p, long seed) {
    return new CARTClassificationTrainer(depth(p), (float) (double) p.get("min_child_weight"),
        (float) (double) p.get("min_impurity_decrease"), fraction(p), false, new GiniIndex(), seed);
  }

  private static CARTRegressionTrainer cartRegressor(Map<String, Object> p, long seed) {
    return new CARTRegressionTrainer(depth(p), (float) (double) p.get("min_child_weight"),
        (float) (double) p.get("min_impurity_decrease"), fraction(p), false, new MeanSquaredError(), seed);
  }

  static int epochs(Map<String, Object> p, long rows) {
    int e = (int) p.get("epochs");
    if (e > 0) {
      return e;
    }
    return (int) Math.max(5, Math.min(1000, (AUTO_STEPS + rows - 1) / Math.max(1, rows)));
  }

  private static int depth(Map<String, Object> p) {
    int d = (int) p.get("max_depth");
    return d == 0 ? Integer.MAX_VALUE : d;
  }

  private static float fraction(Map<String, Object> p) {
    double f = (double) p.get("feature_fraction");
    if (f <= 0 || f > 1) {
      throw new BadArgumentException("feature_fraction must be in (0, 1], got " + f, "0.5 considers half the features at each split");
    }
    return (float) f;
  }

  private static void checkForest(Map<String, Object> p) {
    if ((double) p.get("feature_fraction") >= 1) {
      throw new BadArgumentException("a random forest needs feature_fraction below 1, got " + p.get("feature_fraction"),
          "0.5 considers half the features at each split");
    }
    if ((int) p.get("trees") < 1) {
      throw new BadArgumentException("a random forest needs at least one tree", "--param trees=50");
    }
  }
}
