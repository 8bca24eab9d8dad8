package io.mlctl.core.model;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.mlctl.core.BadInputException;
import io.mlctl.core.StorageException;
import io.mlctl.core.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** JSON reading and writing for cards and metrics files: strict parsing that names file, line and column. */
public final class JsonFiles {
  static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private JsonFiles() {}

  public static JsonNode read(Path file, String shownAs) {
    try {
      return parse(Files.readString(file), shownAs);
    } catch (NoSuchFileException e) {
      throw new BadInputException(shownAs + ": no such file", "check the path");
    } catch (IOException e) {
      throw StorageException.of("read", file, e);
    }
  }

  public static JsonNode parse(String text, String shownAs) {
    try {
      JsonNode n = MAPPER.readTree(text);
      if (n == null || n.isMissingNode()) {
        throw BadInputException.at(shownAs, 1, 1, "empty JSON", "expected a JSON object");
      }
      return n;
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      throw BadInputException.at(shownAs, at == null ? 0 : at.getLineNr(), at == null ? 0 : at.getColumnNr(),
          "malformed JSON: " + e.getOriginalMessage(), "fix the file");
    }
  }

  /** A JSON object as an ordered map of plain Java values. */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> toMap(JsonNode node) {
    if (node == null || !node.isObject()) {
      return new LinkedHashMap<>();
    }
    return MAPPER.convertValue(node, LinkedHashMap.class);
  }

  public static String write(Object doc) {
    try {
      return MAPPER.writeValueAsString(doc) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON", e);
    }
  }

  /** Writes a JSON document temp-then-rename. */
  public static void writeFile(Path file, Object doc) {
    AtomicFiles.writeString(file, write(doc));
  }
}
