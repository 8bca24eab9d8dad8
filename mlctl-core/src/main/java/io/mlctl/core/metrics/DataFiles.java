package io.mlctl.core.metrics;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.mlctl.core.BadInputException;
import io.mlctl.core.yaml.YamlFiles;
import java.io.IOException;
import java.util.Locale;
import java.util.Map;

/**
 * Parses metrics and parameter files: JSON by Jackson for a {@code .json} name (so errors say
 * "JSON" and point at the right place), YAML otherwise (YAML reads JSON as well). Thread-safe.
 */
public final class DataFiles {
  // NaN and Infinity as Python's json module writes them: a training script's metrics file may hold one.
  private static final ObjectMapper JSON = com.fasterxml.jackson.databind.json.JsonMapper.builder()
      .enable(com.fasterxml.jackson.core.json.JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();

  private DataFiles() {}

  /**
   * The file's top-level mapping.
   *
   * @param shownAs the name the user knows the file by ({@code REV:path} for a revision)
   * @throws BadInputException naming the file, line and column when it is not a mapping
   */
  public static Map<String, Object> parseMap(String text, String path, String shownAs) {
    if (path.toLowerCase(Locale.ROOT).endsWith(".json")) {
      Object doc;
      try {
        doc = JSON.readValue(text, Object.class);
      } catch (JsonParseException | MismatchedInputException e) {
        JsonLocation at = e.getLocation();
        throw BadInputException.at(shownAs, at == null ? 0 : at.getLineNr(), at == null ? 0 : at.getColumnNr(),
            "malformed JSON: " + e.getOriginalMessage().lines().findFirst().orElse(""), null);
      } catch (IOException e) {
        throw BadInputException.at(shownAs, 0, 0, "malformed JSON: " + e.getMessage(), null);
      }
      return requireMap(doc, shownAs);
    }
    return requireMap(YamlFiles.parse(text, shownAs), shownAs);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> requireMap(Object doc, String shownAs) {
    if (!(doc instanceof Map)) {
      throw BadInputException.at(shownAs, 1, 1, "expected a JSON or YAML mapping of names to values", null);
    }
    return (Map<String, Object>) doc;
  }

  /**
   * A metrics file's numbers, flattened.
   *
   * @throws BadInputException when the file is malformed or holds no number at all
   */
  public static Map<String, Object> metrics(String text, String path, String shownAs) {
    Map<String, Object> flat = Flatten.numbers(parseMap(text, path, shownAs));
    if (flat.isEmpty()) {
      throw new BadInputException(shownAs + ": holds no numbers", "a metrics file maps names to numbers, e.g. {\"accuracy\": 0.93}");
    }
    return flat;
  }
}
