package io.mlctl.core.drift;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mlctl.core.BadInputException;
import io.mlctl.core.StorageException;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The inputs a server logged, as {@link Rows}: every instance of every primary or canary request
 * is a row (shadow requests repeat the primary's inputs and are skipped). A folder is read as the
 * server rotates it: {@code requests.N.jsonl} from the highest N down to 1, then {@code
 * requests.jsonl}. The columns are the feature names in the order they first appear; a feature an
 * instance lacks is missing there. A last line without its newline was torn by a crash and is
 * skipped; any other line that is not a request is an error naming the file and line. The log is
 * bounded by the server, so it is read whole when opened.
 */
final class RequestLogRows implements Rows {
  static final String CURRENT = "requests.jsonl";
  private static final Pattern ROTATED = Pattern.compile("requests\\.(\\d+)\\.jsonl");
  private static final ObjectMapper JSON = new ObjectMapper();

  private record Row(String[] values, String file, int line) {}

  private final String[] header;
  private final Iterator<Row> rows;
  private Row last;

  private RequestLogRows(String[] header, List<Row> rows) {
    this.header = header;
    this.rows = rows.iterator();
  }

  /** Whether {@code path} is read as a request log rather than a CSV file. */
  static boolean isLog(Path path) {
    return Files.isDirectory(path) || path.getFileName() != null && path.getFileName().toString().endsWith(".jsonl");
  }

  /**
   * @param model keep only requests to this model, or every model when null
   * @param shownAs how messages name {@code path}
   */
  static RequestLogRows open(Path path, String shownAs, String model) {
    List<Path> files = Files.isDirectory(path) ? files(path, shownAs) : List.of(path);
    Map<String, Integer> columns = new LinkedHashMap<>();
    List<Map<String, String>> instances = new ArrayList<>();
    List<String> where = new ArrayList<>();
    List<Integer> lines = new ArrayList<>();
    for (Path f : files) {
      String fileShown = Files.isDirectory(path) ? shownAs.replaceAll("/+$", "") + "/" + f.getFileName() : shownAs;
      read(f, fileShown, model, columns, instances, where, lines);
    }
    String[] header = columns.keySet().toArray(new String[0]);
    List<Row> rows = new ArrayList<>(instances.size());
    for (int i = 0; i < instances.size(); i++) {
      Map<String, String> inst = instances.get(i);
      String[] v = new String[header.length];
      for (int c = 0; c < header.length; c++) {
        v[c] = inst.get(header[c]);
      }
      rows.add(new Row(v, where.get(i), lines.get(i)));
    }
    return new RequestLogRows(header, rows);
  }

  /** The log's files, oldest first. */
  static List<Path> files(Path dir, String shownAs) {
    List<Map.Entry<Integer, Path>> rotated = new ArrayList<>();
    try (Stream<Path> s = Files.list(dir)) {
      s.forEach(p -> {
        Matcher m = ROTATED.matcher(p.getFileName().toString());
        if (m.matches() && m.group(1).length() < 9) {
          rotated.add(Map.entry(Integer.parseInt(m.group(1)), p));
        }
      });
    } catch (IOException e) {
      throw StorageException.of("list", dir, e);
    }
    rotated.sort((a, b) -> Integer.compare(b.getKey(), a.getKey()));
    List<Path> out = new ArrayList<>();
    rotated.forEach(e -> out.add(e.getValue()));
    Path current = dir.resolve(CURRENT);
    if (Files.exists(current)) {
      out.add(current);
    }
    if (out.isEmpty()) {
      throw new BadInputException(shownAs + ": no request log here (" + CURRENT + ")",
          "point --current at the folder a server logs to, such as .mlctl/serve/");
    }
    return out;
  }

  private static void read(Path file, String shownAs, String model, Map<String, Integer> columns, List<Map<String, String>> instances,
      List<String> where, List<Integer> lines) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw StorageException.of("read", file, e);
    }
    int lineNo = 0;
    int start = 0;
    while (start < text.length()) {
      int end = text.indexOf('\n', start);
      if (end < 0) {
        break; // torn by a crash mid-write: the server cuts it off when it opens the log again
      }
      lineNo++;
      String line = text.substring(start, end).strip();
      start = end + 1;
      if (line.isEmpty()) {
        continue;
      }
      JsonNode n;
      try {
        n = JSON.readTree(line);
      } catch (JsonProcessingException e) {
        throw BadInputException.at(shownAs, lineNo, 0, "not a JSON request line: " + e.getOriginalMessage(),
            "the server writes one JSON object per line");
      }
      JsonNode inputs = n.path("inputs");
      if (!n.isObject() || !inputs.isArray()) {
        throw BadInputException.at(shownAs, lineNo, 0, "the request line has no 'inputs' list", "the server writes one JSON object per line");
      }
      String role = n.path("role").asText("primary");
      if (role.equals("shadow") || model != null && !model.equals(n.path("model").asText(null))) {
        continue;
      }
      for (JsonNode inst : inputs) {
        if (!inst.isObject()) {
          throw BadInputException.at(shownAs, lineNo, 0, "an instance in 'inputs' is not an object of feature values",
              "the server logs instances as {feature: value}");
        }
        Map<String, String> values = new LinkedHashMap<>();
        inst.fields().forEachRemaining(e -> {
          columns.putIfAbsent(e.getKey(), columns.size());
          JsonNode v = e.getValue();
          values.put(e.getKey(), v.isNull() ? null : v.isValueNode() ? v.asText() : v.toString());
        });
        instances.add(values);
        where.add(shownAs);
        lines.add(lineNo);
      }
    }
  }

  @Override
  public String[] header() {
    return header.clone();
  }

  @Override
  public String[] next() {
    if (!rows.hasNext()) {
      return null;
    }
    last = rows.next();
    return last.values();
  }

  @Override
  public int line() {
    return last == null ? 0 : last.line();
  }

  @Override
  public String shownAs() {
    return last == null ? "" : last.file();
  }

  @Override
  public void close() {
    // read whole when opened
  }
}
