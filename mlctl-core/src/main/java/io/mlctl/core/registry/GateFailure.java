package io.mlctl.core.registry;

/**
 * A promotion requirement the metrics did not meet, as data a script can read and as the sentence
 * a person reads. Immutable.
 *
 * @param requirement the requirement as the user wrote it, e.g. {@code accuracy>=0.9}
 * @param value the metric's value, or null when it is not recorded (or not counted: unverified)
 * @param message why it failed, in words
 */
public record GateFailure(String requirement, String metric, String op, double bound, Double value, String message) {}
