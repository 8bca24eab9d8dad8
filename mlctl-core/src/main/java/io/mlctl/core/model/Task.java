package io.mlctl.core.model;

import io.mlctl.core.BadArgumentException;

/** What a model predicts: a class label or a number. */
public enum Task {
  CLASSIFICATION, REGRESSION;

  public String id() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  public static Task parse(String s) {
    for (Task t : values()) {
      if (t.id().equals(s)) {
        return t;
      }
    }
    throw new BadArgumentException("unknown task '" + s + "'", "use classification or regression");
  }
}
