package io.mlctl.core.model;

/**
 * A hyper-parameter an algorithm takes through {@code --param NAME=VALUE}.
 *
 * @param defaultValue the value used when none is given, as text
 */
public record Param(String name, Type type, String defaultValue, String description) {
  /** INT: a whole number >= 0; COUNT: one >= 1; DOUBLE: a number >= 0; POSITIVE: one above 0. */
  public enum Type { INT, COUNT, DOUBLE, POSITIVE, BOOLEAN }
}
