package io.mlctl.serve;

import com.oracle.labs.mlrg.olcut.util.Pair;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tribuo.Example;
import org.tribuo.Excuse;
import org.tribuo.Model;
import org.tribuo.Output;
import org.tribuo.Prediction;
import org.tribuo.provenance.ModelProvenance;

/** A model with a real model's features and outputs whose every prediction fails, as a bug in it would. */
final class ThrowingModel<T extends Output<T>> extends Model<T> {
  private static final long serialVersionUID = 1L;

  private ThrowingModel(Model<T> real) {
    super(real.getName(), real.getProvenance(), real.getFeatureIDMap(), real.getOutputIDInfo(), real.generatesProbabilities());
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  static Model<?> of(Model<?> real) {
    return new ThrowingModel(real);
  }

  @Override
  public Prediction<T> predict(Example<T> example) {
    throw new IllegalStateException("weights are NaN at row 3 (a bug in the model)");
  }

  @Override
  public List<Prediction<T>> predict(Iterable<Example<T>> examples) {
    throw new IllegalStateException("weights are NaN at row 3 (a bug in the model)");
  }

  @Override
  public Map<String, List<Pair<String, Double>>> getTopFeatures(int n) {
    return Map.of();
  }

  @Override
  public Optional<Excuse<T>> getExcuse(Example<T> example) {
    return Optional.empty();
  }

  @Override
  protected Model<T> copy(String newName, ModelProvenance newProvenance) {
    return this;
  }
}
