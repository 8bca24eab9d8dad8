package io.mlctl.core.registry;

import io.mlctl.core.BadArgumentException;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A promotion gate such as {@code accuracy>=0.9} or {@code slice.min.accuracy>=0.85}: a metric
 * key (nested keys joined with '.'; anything but '<', '>' and '=', since slice and fairness keys
 * end in a group's value from the data), a comparison and a bound. Immutable.
 */
public record Requirement(String metric, String op, double bound, String text) {
  private static final Pattern FORM = Pattern.compile("\\s*([^<>=\\s](?:[^<>=]*[^<>=\\s])?)\\s*(>=|<=|==|>|<)\\s*([-+0-9.eE]+)\\s*");

  public static Requirement parse(String text) {
    Matcher m = FORM.matcher(text);
    if (!m.matches()) {
      throw new BadArgumentException("cannot read the requirement '" + text + "'", "write it as METRIC>=NUMBER, e.g. 'accuracy>=0.9'");
    }
    double bound;
    try {
      bound = Double.parseDouble(m.group(3));
    } catch (NumberFormatException e) {
      throw new BadArgumentException("the bound of '" + text + "' is not a number", "write it as METRIC>=NUMBER, e.g. 'accuracy>=0.9'");
    }
    return new Requirement(m.group(1), m.group(2), bound, text.strip());
  }

  /** Why the metrics fail this requirement, or empty when they meet it. */
  public Optional<String> failure(Map<String, Double> metrics) {
    return check(metrics).map(GateFailure::message);
  }

  /** The failure of this requirement on {@code metrics}, or empty when they meet it. */
  public Optional<GateFailure> check(Map<String, Double> metrics) {
    Double v = metrics.get(metric);
    if (v == null) {
      return Optional.of(failed(null, "the metric '" + metric + "' is not recorded (needs " + op + " " + fmt(bound) + ")"));
    }
    boolean ok = switch (op) {
      case ">=" -> v >= bound;
      case "<=" -> v <= bound;
      case ">" -> v > bound;
      case "<" -> v < bound;
      default -> v == bound;
    };
    return ok ? Optional.empty() : Optional.of(failed(v, metric + " is " + fmt(v) + " (needs " + op + " " + fmt(bound) + ")"));
  }

  /** This requirement, failed with {@code value} (null: none counted) for the reason given. */
  public GateFailure failed(Double value, String message) {
    return new GateFailure(text, metric, op, bound, value, message);
  }

  static String fmt(double d) {
    if (d == Math.rint(d) && Math.abs(d) < 1e15) {
      return String.valueOf((long) d);
    }
    return String.valueOf(d);
  }
}
