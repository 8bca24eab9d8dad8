package io.mlctl.core.exp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mlctl.core.StorageException;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The file a stage's commands append JSON lines to ({@code MLCTL_LOG_FILE}), one value a line:
 * {@code {"metric": "loss", "value": 0.31, "step": 7}} (step optional: one after the series'
 * last; {@code "timestamp"} in milliseconds optional) or {@code {"param": "seed", "value": 3}}.
 * Any language writes it without starting mlctl. A line that cannot be read is left out with a
 * warning naming it, so one bad line never loses a run.
 */
final class LogFile {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What a log file held: metric points by series (in file order), parameters, and warnings. */
  record Lines(Map<String, List<Metric>> metrics, Map<String, Object> params, List<String> warnings) {
    boolean isEmpty() {
      return metrics.isEmpty() && params.isEmpty();
    }
  }

  /** A logged value; {@code step} and {@code timestamp} are null when the line gave none. */
  record Metric(Long step, double value, Long timestamp) {}

  private LogFile() {}

  /**
   * Reads a stage's log file; a missing file holds nothing.
   *
   * @param shown how warnings name the file
   */
  static Lines read(Path file, String shown) {
    Map<String, List<Metric>> metrics = new LinkedHashMap<>();
    Map<String, Object> params = new LinkedHashMap<>();
    List<String> warnings = new ArrayList<>();
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      int n = 0;
      for (String line; (line = in.readLine()) != null; ) {
        n++;
        if (line.isBlank()) {
          continue;
        }
        String why = readLine(line, metrics, params);
        if (why != null) {
          warnings.add(shown + " line " + n + ": " + why + "; the line is left out");
        }
      }
    } catch (NoSuchFileException e) {
      return new Lines(metrics, params, warnings);
    } catch (java.nio.charset.MalformedInputException e) {
      warnings.add(shown + ": not UTF-8 text; the lines after the bad bytes are left out");
    } catch (IOException e) {
      throw StorageException.of("read", file, e);
    }
    return new Lines(metrics, params, warnings);
  }

  /** Adds one line's value; returns why it could not, or null. */
  private static String readLine(String line, Map<String, List<Metric>> metrics, Map<String, Object> params) {
    JsonNode n;
    try {
      n = JSON.readTree(line);
    } catch (JsonProcessingException e) {
      return "malformed JSON (" + e.getOriginalMessage().lines().findFirst().orElse("") + ")";
    }
    if (n == null || !n.isObject()) {
      return "not a JSON object";
    }
    JsonNode value = n.get("value");
    if (value == null) {
      return "no \"value\"";
    }
    if (n.hasNonNull("metric") == n.hasNonNull("param")) {
      return "needs exactly one of \"metric\" and \"param\"";
    }
    if (n.hasNonNull("param")) {
      String name = n.get("param").asText();
      if (!n.get("param").isTextual() || name.isBlank()) {
        return "\"param\" must be a name";
      }
      if (value.isContainerNode()) {
        return "param " + name + ": the value must be a number, a boolean or text";
      }
      params.put(name, value.isNull() ? null : value.isNumber() ? value.numberValue() : value.isBoolean()
          ? (Object) value.booleanValue() : value.asText());
      return null;
    }
    String name = n.get("metric").asText();
    if (!n.get("metric").isTextual() || name.isBlank()) {
      return "\"metric\" must be a name";
    }
    if (!value.isNumber() || !Double.isFinite(value.doubleValue())) {
      return "metric " + name + ": the value must be a finite number";
    }
    Long step = null;
    JsonNode s = n.get("step");
    if (s != null && !s.isNull()) {
      if (!s.canConvertToLong() || !s.isIntegralNumber() || s.longValue() < 0) {
        return "metric " + name + ": the step must be a whole number from 0";
      }
      step = s.longValue();
    }
    Long timestamp = null;
    JsonNode t = n.get("timestamp");
    if (t != null && !t.isNull()) {
      if (!t.isIntegralNumber()) {
        return "metric " + name + ": the timestamp must be milliseconds since the epoch";
      }
      timestamp = t.longValue();
    }
    metrics.computeIfAbsent(name, k -> new ArrayList<>()).add(new Metric(step, value.doubleValue(), timestamp));
    return null;
  }

  /** The record with a log file's values added: steps filled in after each series' last, times defaulting to {@code now}. */
  static RunRecord fold(RunRecord r, Lines lines, String stage, long now) {
    RunRecord out = r;
    for (var e : lines.metrics().entrySet()) {
      long next = out.nextStep(e.getKey());
      List<RunRecord.Point> points = new ArrayList<>(e.getValue().size());
      for (Metric m : e.getValue()) {
        long step = m.step() != null ? m.step() : next;
        next = step + 1;
        points.add(new RunRecord.Point(step, m.value(), m.timestamp() != null ? m.timestamp() : now));
      }
      out = out.withPoints(e.getKey(), points, stage);
    }
    for (var e : lines.params().entrySet()) {
      out = out.withParam(e.getKey(), e.getValue(), stage);
    }
    return out;
  }
}
