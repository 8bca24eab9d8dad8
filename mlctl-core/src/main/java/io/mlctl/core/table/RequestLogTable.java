package io.mlctl.core.table;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mlctl.core.BadInputException;
import io.mlctl.core.StorageException;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Served traffic as a table: the request log a server writes under {@code .mlctl/serve/}, one JSON
 * object per line with {@code "model"}, {@code "role"} ({@code primary}, {@code canary} or
 * {@code shadow}) and {@code "inputs": [{feature: value, ...}, ...]}; each instance is a row. A
 * folder is read oldest first: {@code requests.N.jsonl} from the highest N down to 1, then
 * {@code requests.jsonl}. A last line without its newline is a write still under way (or cut
 * short by a crash) and is skipped. Columns are the feature names in first-seen order unless the
 * caller names them; a feature an instance lacks, or sends as null, reads as {@code ""} (missing).
 * Numbers read as their JSON text. Not thread-safe.
 */
public final class RequestLogTable implements TableReader {
  /**
   * What to read.
   *
   * @param columns the columns in order, or null for every feature name seen
   * @param roles the roles whose requests count (shadow traffic is a copy, so it is left out by default)
   * @param model only requests to this model, or null for all
   */
  public record Options(List<String> columns, Set<String> roles, String model) {
    public static final Options DEFAULT = new Options(null, Set.of("primary", "canary"), null);
  }

  private static final Pattern ROTATED = Pattern.compile("requests\\.([1-9][0-9]{0,8})\\.jsonl");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final List<Path> files;
  private final String shownDir;
  private final Options options;
  private final boolean folder;
  private final String[] header;
  private int fileIndex = -1;
  private String shownAs;
  private BufferedReader in;
  private int lineNo;
  private int rowLine;
  private JsonNode pending;
  private int pendingIndex;
  private int pendingLine;
  private long rows;
  private final StringBuilder text = new StringBuilder();

  private RequestLogTable(List<Path> files, String shownDir, boolean folder, Options options) {
    this.files = files;
    this.folder = folder;
    this.shownDir = shownDir;
    this.options = options;
    this.header = options.columns() != null ? options.columns().toArray(new String[0]) : featureNames();
    this.shownAs = files.isEmpty() ? shownDir : shown(files.get(0));
  }

  /**
   * Opens a request log: a folder holding {@code requests.jsonl} and its rotated files, or one
   * {@code .jsonl} file.
   *
   * @param shownAs how messages name {@code path}
   */
  public static RequestLogTable open(Path path, String shownAs, Options options) {
    if (!Files.isDirectory(path)) {
      if (!Files.exists(path)) {
        throw new BadInputException(shownAs + ": no such file", "check the path");
      }
      return new RequestLogTable(List.of(path), shownAs, false, options);
    }
    TreeMap<Integer, Path> rotated = new TreeMap<>();
    try (Stream<Path> s = Files.list(path)) {
      s.forEach(p -> {
        Matcher m = ROTATED.matcher(p.getFileName().toString());
        if (m.matches()) {
          rotated.put(Integer.parseInt(m.group(1)), p);
        }
      });
    } catch (IOException e) {
      throw StorageException.of("read", path, e);
    }
    List<Path> files = new ArrayList<>(rotated.descendingMap().values());
    Path current = path.resolve("requests.jsonl");
    if (Files.exists(current)) {
      files.add(current);
    }
    if (files.isEmpty()) {
      throw new BadInputException(shownAs + ": no request log (requests.jsonl) in this folder",
          "serve a model to log requests, or give a CSV file");
    }
    return new RequestLogTable(files, shownAs.endsWith("/") ? shownAs.substring(0, shownAs.length() - 1) : shownAs, true, options);
  }

  private String shown(Path file) {
    return folder ? shownDir + "/" + file.getFileName() : shownDir;
  }

  /** A first pass that collects the feature names in the order they first appear. */
  private String[] featureNames() {
    Set<String> names = new LinkedHashSet<>();
    for (JsonNode inputs = nextInputs(); inputs != null; inputs = nextInputs()) {
      for (JsonNode instance : inputs) {
        instance.fieldNames().forEachRemaining(names::add);
      }
    }
    closeFile();
    fileIndex = -1;
    return names.toArray(new String[0]);
  }

  /** The {@code inputs} of the next request that counts, or null after the last file. */
  private JsonNode nextInputs() {
    while (true) {
      String line = nextLine();
      if (line == null) {
        return null;
      }
      if (line.isBlank()) {
        continue;
      }
      JsonNode doc;
      try {
        doc = JSON.readTree(line);
      } catch (JsonProcessingException e) {
        int column = e.getLocation() == null ? 0 : e.getLocation().getColumnNr();
        throw BadInputException.at(shownAs, lineNo, Math.max(column, 0), "not a JSON object: " + e.getOriginalMessage(),
            "each line of a request log is one JSON object");
      }
      if (!doc.isObject()) {
        throw BadInputException.at(shownAs, lineNo, 1, "not a JSON object", "each line of a request log is one JSON object");
      }
      String role = doc.path("role").asText("primary");
      if (!options.roles().contains(role) || options.model() != null && !options.model().equals(doc.path("model").asText(null))) {
        continue;
      }
      JsonNode inputs = doc.get("inputs");
      if (inputs == null || inputs.isNull()) {
        continue;
      }
      if (!inputs.isArray()) {
        throw BadInputException.at(shownAs, lineNo, 0, "\"inputs\" is not a list", "inputs are a list of {feature: value} objects");
      }
      for (JsonNode instance : inputs) {
        if (!instance.isObject()) {
          throw BadInputException.at(shownAs, lineNo, 0, "an instance in \"inputs\" is not an object",
              "inputs are a list of {feature: value} objects");
        }
      }
      return inputs;
    }
  }

  /** The next complete line across the files, or null after the last; a torn last line is skipped. */
  private String nextLine() {
    try {
      while (true) {
        if (in == null) {
          if (++fileIndex >= files.size()) {
            return null;
          }
          Path f = files.get(fileIndex);
          shownAs = shown(f);
          lineNo = 0;
          in = Files.newBufferedReader(f, StandardCharsets.UTF_8);
        }
        text.setLength(0);
        int c;
        while ((c = in.read()) != -1 && c != '\n') {
          text.append((char) c);
        }
        if (c == '\n') {
          lineNo++;
          int n = text.length();
          return n > 0 && text.charAt(n - 1) == '\r' ? text.substring(0, n - 1) : text.toString();
        }
        // the end of the file: whatever is in text had no newline, so its write never finished
        closeFile();
      }
    } catch (NoSuchFileException e) {
      // rotated away between listing and opening: its requests are in the next file
      in = null;
      return nextLine();
    } catch (CharacterCodingException e) {
      throw BadInputException.at(shownAs, lineNo + 1, 0, "the file is not UTF-8 text", "a request log is UTF-8 JSON lines");
    } catch (IOException e) {
      throw StorageException.of("read", files.get(fileIndex), e);
    }
  }

  private void closeFile() {
    if (in != null) {
      try {
        in.close();
      } catch (IOException ignored) {
        // reading is over; nothing was written
      }
      in = null;
    }
  }

  @Override
  public String[] header() {
    return header.clone();
  }

  @Override
  public String shownAs() {
    return shownAs;
  }

  @Override
  public String[] next() {
    while (pending == null || pendingIndex >= pending.size()) {
      pending = nextInputs();
      pendingIndex = 0;
      pendingLine = lineNo;
      if (pending == null) {
        return null;
      }
    }
    JsonNode instance = pending.get(pendingIndex++);
    rowLine = pendingLine;
    String[] row = new String[header.length];
    for (int i = 0; i < header.length; i++) {
      JsonNode v = instance.get(header[i]);
      if (v == null || v.isNull()) {
        row[i] = "";
      } else if (v.isContainerNode()) {
        throw BadInputException.at(shownAs, rowLine, 0, "the feature '" + header[i] + "' holds " + (v.isArray() ? "a list" : "an object"),
            "a feature's value is a number, a string or a boolean");
      } else {
        row[i] = v.asText();
      }
    }
    rows++;
    return row;
  }

  @Override
  public int line() {
    return rowLine;
  }

  @Override
  public long rows() {
    return rows;
  }

  @Override
  public void pointAt(int line) {
    rowLine = line;
  }

  @Override
  public void close() {
    closeFile();
  }
}
