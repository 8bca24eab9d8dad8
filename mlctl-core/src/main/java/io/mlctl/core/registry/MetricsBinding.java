package io.mlctl.core.registry;

import io.mlctl.core.BadInputException;
import io.mlctl.core.model.TrainedModel;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Metrics as a version records them, and whether they are bound to its bytes. A metrics file
 * from 'mlctl train' or 'mlctl evaluate' names the SHA-256 of the model it was computed for: such
 * a file is accepted only for that model, so the numbers of one model cannot be registered as
 * another's. A file that names no model (written by hand, or by another tool) is kept but marked
 * unverified, and gates ignore it unless told otherwise. Immutable.
 *
 * @param metrics the metrics without the binding keys
 * @param dataSha256 the data the metrics were computed on, when the file says
 */
record MetricsBinding(Map<String, Object> metrics, boolean verified, String dataSha256) {
  static final String MODEL_KEY = "model_sha256";
  static final String DATA_KEY = "data_sha256";

  /** The card's training metrics: the card names the model's hash, and loading checked it. */
  static MetricsBinding ofCard(TrainedModel tm) {
    return new MetricsBinding(strip(tm.card().metrics()), true, tm.card().trainingData() == null ? null : tm.card().trainingData().sha256());
  }

  static MetricsBinding of(Map<String, Object> file, TrainedModel tm, String metricsShown, String modelShown) {
    Object bound = file.get(MODEL_KEY);
    if (bound == null) {
      return new MetricsBinding(strip(file), false, null);
    }
    if (!tm.sha256().equals(bound)) {
      throw new BadInputException(metricsShown + ": its metrics were computed for the model with sha256 " + bound
          + ", not for " + modelShown + " (sha256 " + tm.sha256() + ")",
          "evaluate this model with 'mlctl evaluate --model " + modelShown + " --data CSV --metrics FILE'");
    }
    return new MetricsBinding(strip(file), true, file.get(DATA_KEY) instanceof String s ? s : null);
  }

  private static Map<String, Object> strip(Map<String, Object> m) {
    Map<String, Object> out = new LinkedHashMap<>(m);
    out.remove(MODEL_KEY);
    out.remove(DATA_KEY);
    return out;
  }
}
