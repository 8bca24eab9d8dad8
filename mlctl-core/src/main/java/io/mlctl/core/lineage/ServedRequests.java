package io.mlctl.core.lineage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mlctl.core.StorageException;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the server's request log in {@code .mlctl/serve/}: {@code requests.jsonl} and the rotated
 * {@code requests.N.jsonl} (higher N is older), one JSON object a line. A last line without its
 * newline is a write the server did not finish and is skipped; so is a line that is not JSON,
 * since one damaged line must not hide the requests after it. Reads only; thread-safe.
 */
public final class ServedRequests {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern ROTATED = Pattern.compile("requests\\.([1-9][0-9]{0,8})\\.jsonl");
  static final String CURRENT = "requests.jsonl";

  private final Path dir;

  public ServedRequests(Path dir) {
    this.dir = dir;
  }

  /**
   * One served request as the log holds it. Immutable.
   *
   * @param line the whole log line, parsed
   * @param file the log file's name
   */
  public record Request(String id, String time, String model, String version, String role, Double latencyMs,
      JsonNode line, String file) {}

  /** The log files, newest first. */
  List<Path> files() {
    TreeMap<Integer, Path> rotated = new TreeMap<>();
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "requests*.jsonl")) {
      for (Path p : ds) {
        Matcher m = ROTATED.matcher(p.getFileName().toString());
        if (m.matches()) {
          rotated.put(Integer.parseInt(m.group(1)), p);
        }
      }
    } catch (IOException e) {
      throw StorageException.of("list", dir, e);
    }
    List<Path> out = new ArrayList<>();
    Path current = dir.resolve(CURRENT);
    if (Files.isRegularFile(current)) {
      out.add(current);
    }
    out.addAll(rotated.values());
    return out;
  }

  /** The most recent request with this id (a client may reuse an id; the newest answer counts). */
  public Optional<Request> find(String requestId) {
    for (Path f : files()) {
      Request last = null;
      for (JsonNode n : linesMentioning(f, requestId)) {
        if (requestId.equals(n.path("request_id").asText(null))) {
          last = toRequest(n, f.getFileName().toString());
        }
      }
      if (last != null) {
        return Optional.of(last);
      }
    }
    return Optional.empty();
  }

  private static Request toRequest(JsonNode n, String file) {
    return new Request(n.path("request_id").asText(), text(n, "time"), text(n, "model"), text(n, "version"),
        text(n, "role"), n.path("latency_ms").isNumber() ? n.path("latency_ms").asDouble() : null, n, file);
  }

  private static String text(JsonNode n, String key) {
    JsonNode v = n.get(key);
    return v == null || v.isNull() ? null : v.asText();
  }

  /** The complete lines of {@code f} that contain {@code needle}, parsed; a log file may be large, so it is streamed. */
  private static List<JsonNode> linesMentioning(Path f, String needle) {
    List<JsonNode> out = new ArrayList<>();
    try (BufferedReader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
      boolean complete = endsWithNewline(f);
      String line = r.readLine();
      while (line != null) {
        String next = r.readLine();
        // Without a final newline, the last line is one the server was still writing when it stopped.
        boolean torn = next == null && !complete;
        if (!torn && line.contains(needle)) {
          try {
            JsonNode n = JSON.readTree(line);
            if (n != null && n.isObject()) {
              out.add(n);
            }
          } catch (JsonProcessingException e) {
            // skipped, see the class comment
          }
        }
        line = next;
      }
    } catch (IOException e) {
      throw StorageException.of("read", f, e);
    }
    return out;
  }

  private static boolean endsWithNewline(Path f) throws IOException {
    try (java.nio.channels.SeekableByteChannel ch = Files.newByteChannel(f)) {
      long size = ch.size();
      if (size == 0) {
        return true;
      }
      java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(1);
      ch.position(size - 1);
      ch.read(b);
      return b.get(0) == '\n';
    }
  }
}
