package io.mlctl.serve;

import io.mlctl.core.model.TrainedModel;

/**
 * One loaded model version, as requests see it. Immutable: a reload makes a new one and swaps it
 * in, so a request that picked this one finishes with it.
 *
 * @param name how clients address it: the registry name, or a model file's name without extension
 * @param version {@code vN} for a registered model, the first 12 hex digits of its SHA-256 for a file
 * @param ref the reference it was loaded from, as given ({@code iris@production})
 */
public record ServedModel(String name, String version, String ref, TrainedModel model, Scorer scorer) {
  static ServedModel of(String name, String version, String ref, TrainedModel model) {
    return new ServedModel(name, version, ref, model, new Scorer(model));
  }

  /** {@code NAME@VERSION}, as the start-up line and notices show it. */
  public String shown() {
    return name + "@" + version;
  }
}
