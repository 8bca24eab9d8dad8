package io.mlctl.core.model;

/**
 * A hyper-parameter an algorithm takes through {@code --param NAME=VALUE}.
 *
 * @param defaultValue the value used when none is given, as text
 */
public record Param(String name, Type type, String defaultValue, String description) {
  public enum Type { INT, DOUBLE, BOOLEAN }
}
