package io.mlctl.core.drift;

/** How a column's values are compared: as numbers or as categories. */
public enum ColumnType {
  NUMERIC("numeric"),
  CATEGORICAL("categorical");

  private final String id;

  ColumnType(String id) {
    this.id = id;
  }

  /** The name in reports and {@code --json}. */
  public String id() {
    return id;
  }
}
