package io.mlctl.serve;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlctl.core.model.Feature;
import io.mlctl.core.model.FeatureEncoding;
import io.mlctl.core.model.ModelCard;
import io.mlctl.core.model.Task;
import io.mlctl.core.model.TrainedModel;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.regression.RegressionFactory;
import org.tribuo.regression.Regressor;

/**
 * Checks a request's instances against a model's card and scores them. The card is the schema:
 * every numeric feature needs a finite number, every categorical one a value, and under
 * {@code --strict} nothing else may be sent; the first violation is a 400 naming the feature and
 * the instance, before the model sees anything. Immutable and thread-safe.
 */
final class Scorer {
  private final Model<?> model;
  private final ModelCard card;
  private final List<Feature> features;
  private final Feature.Kind[] kinds;
  private final String[] names;
  private final Set<String> known;
  private final FeatureEncoding encoding;
  private final boolean classification;

  Scorer(TrainedModel tm) {
    this.model = tm.model();
    this.card = tm.card();
    this.features = card.features();
    this.kinds = new Feature.Kind[features.size()];
    this.names = new String[features.size()];
    this.known = new HashSet<>();
    for (int i = 0; i < kinds.length; i++) {
      kinds[i] = features.get(i).type();
      names[i] = features.get(i).name();
      known.add(names[i]);
    }
    // A label column sent along (a row copied from the training file) is ignored, as predict does.
    known.add(card.label());
    this.encoding = new FeatureEncoding(features);
    this.classification = card.task() == Task.CLASSIFICATION;
  }

  List<Feature> features() {
    return features;
  }

  ModelCard card() {
    return card;
  }

  int width() {
    return names.length;
  }

  boolean knows(String name) {
    return known.contains(name);
  }

  /** The features' names in the card's order. */
  String featureNames() {
    return String.join(", ", names);
  }

  /** The checked instances of {@code table}. */
  Instance[] read(Table table, boolean strict) {
    int n = table.rows();
    if (n == 0) {
      throw ApiException.badRequest("the request has no instances");
    }
    Instance[] out = new Instance[n];
    for (int r = 0; r < n; r++) {
      if (strict) {
        String extra = table.unknown(r, this);
        if (extra != null) {
          throw ApiException.badRequest("instance " + r + ": unknown feature '" + extra + "' (the model reads " + featureNames() + ")");
        }
      }
      Instance in = new Instance(kinds.length);
      for (int f = 0; f < kinds.length; f++) {
        Object v = table.value(r, f, names[f]);
        if (v == Table.MISSING) {
          throw ApiException.badRequest("instance " + r + ": feature '" + names[f] + "' is missing (the model reads " + featureNames() + ")");
        }
        if (kinds[f] == Feature.Kind.NUMERIC) {
          in.number(f, number(v, r, f));
        } else {
          in.category(f, category(v, r, f));
        }
      }
      out[r] = in;
    }
    return out;
  }

  private double number(Object v, int r, int f) {
    double d;
    if (v instanceof JsonNode n) {
      if (!n.isNumber()) {
        throw wrongType(r, f, "a number", n.isTextual() ? "the string " + n : n.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
      }
      d = n.doubleValue();
    } else if (v instanceof Double x) {
      d = x;
    } else if (v instanceof String s) {
      d = FeatureEncoding.parseNumber(s.strip());
      if (Double.isNaN(d) && !s.strip().equalsIgnoreCase("nan")) {
        throw wrongType(r, f, "a number", s.isBlank() ? "an empty value" : "'" + s + "'");
      }
    } else {
      throw wrongType(r, f, "a number", String.valueOf(v));
    }
    if (!Double.isFinite(d)) {
      throw ApiException.badRequest("instance " + r + ": feature '" + names[f] + "' is " + d + "; a feature needs a finite number");
    }
    return d;
  }

  private String category(Object v, int r, int f) {
    if (v instanceof String s) {
      return s;
    }
    if (v instanceof Double x) {
      throw wrongType(r, f, "a category (a string, in a BYTES tensor)", "the number " + x);
    }
    JsonNode n = (JsonNode) v;
    if (n.isTextual() || n.isNumber() || n.isBoolean()) {
      return n.asText();
    }
    throw wrongType(r, f, "a category (a string)", n.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
  }

  private ApiException wrongType(int r, int f, String want, String got) {
    return ApiException.badRequest("instance " + r + ": feature '" + names[f] + "' needs " + want + ", got " + got);
  }

  /** Checked instances as the examples a classifier's explanations are made of. */
  List<Example<Label>> labelExamples(Instance[] rows) {
    List<Example<Label>> out = new ArrayList<>(rows.length);
    for (Instance in : rows) {
      out.add(encoding.example(in, LabelFactory.UNKNOWN_LABEL));
    }
    return out;
  }

  /** Scores checked instances, in one batch. */
  @SuppressWarnings("unchecked")
  Scores score(Instance[] rows) {
    if (classification) {
      Model<Label> m = (Model<Label>) model;
      List<String> classes = card.labels();
      String[] labels = new String[rows.length];
      double[][] scores = new double[rows.length][];
      if (rows.length == 1) {
        fill(m.predict(encoding.example(rows[0], LabelFactory.UNKNOWN_LABEL)), classes, labels, scores, 0);
      } else {
        List<Example<Label>> batch = new ArrayList<>(rows.length);
        for (Instance in : rows) {
          batch.add(encoding.example(in, LabelFactory.UNKNOWN_LABEL));
        }
        int i = 0;
        for (Prediction<Label> p : m.predict(batch)) {
          fill(p, classes, labels, scores, i++);
        }
      }
      return new Scores(classes, labels, scores, null);
    }
    Model<Regressor> m = (Model<Regressor>) model;
    double[] values = new double[rows.length];
    if (rows.length == 1) {
      values[0] = m.predict(encoding.example(rows[0], RegressionFactory.UNKNOWN_REGRESSOR)).getOutput().getValues()[0];
    } else {
      List<Example<Regressor>> batch = new ArrayList<>(rows.length);
      for (Instance in : rows) {
        batch.add(encoding.example(in, RegressionFactory.UNKNOWN_REGRESSOR));
      }
      int i = 0;
      for (Prediction<Regressor> p : m.predict(batch)) {
        values[i++] = p.getOutput().getValues()[0];
      }
    }
    return new Scores(List.of(), null, null, values);
  }

  private static void fill(Prediction<Label> p, List<String> classes, String[] labels, double[][] scores, int i) {
    labels[i] = p.getOutput().getLabel();
    Map<String, Label> s = p.getOutputScores();
    double[] row = new double[classes.size()];
    for (int c = 0; c < row.length; c++) {
      Label l = s.get(classes.get(c));
      row[c] = l == null ? 0.0 : l.getScore();
    }
    scores[i] = row;
  }
}
