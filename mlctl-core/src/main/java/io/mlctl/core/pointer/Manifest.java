package io.mlctl.core.pointer;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.mlctl.core.BadInputException;
import io.mlctl.core.store.Sha256;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A directory's content: its files' paths, hashes and sizes. The canonical bytes are UTF-8 JSON,
 * an array sorted by path (by Unicode code point, which is UTF-8 byte order) of
 * {@code {"path":…,"sha256":…,"size":…}} with no whitespace, so two machines always agree on a
 * directory's hash. Immutable.
 */
public final class Manifest {
  /** Orders paths by code point, as their UTF-8 bytes sort. */
  public static final Comparator<String> PATH_ORDER = Manifest::comparePaths;

  private static final JsonFactory JSON = new JsonFactory();

  /** One file of the directory. */
  public record Entry(String path, String sha256, long size) {}

  private final List<Entry> entries;

  private Manifest(List<Entry> sorted) {
    this.entries = List.copyOf(sorted);
  }

  /** A manifest of these entries, sorted into canonical order. */
  public static Manifest of(List<Entry> entries) {
    if (isSorted(entries)) {
      return new Manifest(entries);
    }
    List<Entry> sorted = new ArrayList<>(entries);
    sorted.sort(Comparator.comparing(Entry::path, PATH_ORDER));
    return new Manifest(sorted);
  }

  // Manifests read back from the cache are already canonical: checking is cheaper than sorting.
  private static boolean isSorted(List<Entry> entries) {
    for (int i = 1; i < entries.size(); i++) {
      if (PATH_ORDER.compare(entries.get(i - 1).path(), entries.get(i).path()) > 0) {
        return false;
      }
    }
    return true;
  }

  public List<Entry> entries() {
    return entries;
  }

  public long totalSize() {
    long total = 0;
    for (Entry e : entries) {
      total += e.size();
    }
    return total;
  }

  /** Entries by path, for lookups. */
  public Map<String, Entry> byPath() {
    Map<String, Entry> m = new HashMap<>(entries.size() * 2);
    for (Entry e : entries) {
      m.put(e.path(), e);
    }
    return m;
  }

  /** The canonical bytes. */
  public byte[] toBytes() {
    ByteArrayOutputStream out = new ByteArrayOutputStream(entries.size() * 120 + 2);
    try {
      writeTo(out);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** Streams the canonical bytes, so a million-file manifest needs no buffer of its size. */
  public void writeTo(java.io.OutputStream out) throws java.io.IOException {
    StringBuilder sb = new StringBuilder(256);
    out.write('[');
    boolean first = true;
    for (Entry e : entries) {
      sb.setLength(0);
      if (!first) {
        sb.append(',');
      }
      first = false;
      sb.append("{\"path\":");
      quote(sb, e.path());
      sb.append(",\"sha256\":\"").append(e.sha256()).append("\",\"size\":").append(e.size()).append('}');
      byte[] b = sb.toString().getBytes(StandardCharsets.UTF_8);
      out.write(b, 0, b.length);
    }
    out.write(']');
  }

  /**
   * Parses manifest bytes, checking every path and hash.
   *
   * @param shownAs names the manifest in errors
   */
  public static Manifest parse(byte[] bytes, String shownAs) {
    List<Entry> out = new ArrayList<>();
    try (JsonParser p = JSON.createParser(bytes)) {
      if (p.nextToken() != JsonToken.START_ARRAY) {
        throw BadInputException.at(shownAs, 1, 1, "a manifest is a JSON array", null);
      }
      for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
        if (t != JsonToken.START_OBJECT) {
          throw BadInputException.at(shownAs, p.currentLocation().getLineNr(), p.currentLocation().getColumnNr(),
              "each manifest entry is an object with path, sha256 and size", null);
        }
        String path = null;
        String hash = null;
        long size = -1;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String field = p.currentName();
          p.nextToken();
          switch (field) {
            case "path" -> path = p.getValueAsString();
            case "sha256" -> hash = p.getValueAsString();
            case "size" -> size = p.getValueAsLong(-1);
            default -> p.skipChildren();
          }
        }
        PathSafety.checkRelative(path, shownAs);
        if (!Sha256.isHash(hash) || size < 0) {
          throw BadInputException.at(shownAs, 0, 0, "entry '" + path + "' lacks a valid sha256 or size", null);
        }
        out.add(new Entry(path, hash, size));
      }
      if (p.nextToken() != null) {
        throw BadInputException.at(shownAs, p.currentLocation().getLineNr(), p.currentLocation().getColumnNr(),
            "bytes after the end of the manifest", null);
      }
    } catch (JsonProcessingException e) {
      int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
      int col = e.getLocation() == null ? 0 : e.getLocation().getColumnNr();
      throw BadInputException.at(shownAs, line, col, "malformed manifest JSON: " + e.getOriginalMessage(), null);
    } catch (IOException e) {
      throw BadInputException.at(shownAs, 0, 0, "unreadable manifest: " + e.getMessage(), null);
    }
    return of(out);
  }

  private static int comparePaths(String a, String b) {
    int n = Math.min(a.length(), b.length());
    for (int i = 0; i < n; i++) {
      char ca = a.charAt(i);
      char cb = b.charAt(i);
      if (ca != cb) {
        // UTF-16 order differs from code point order only where surrogates meet U+E000..U+FFFF.
        if (Character.isSurrogate(ca) || Character.isSurrogate(cb)) {
          return Integer.compare(a.codePointAt(i), b.codePointAt(i));
        }
        return Character.compare(ca, cb);
      }
    }
    return Integer.compare(a.length(), b.length());
  }

  private static void quote(StringBuilder sb, String s) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        case '\b' -> sb.append("\\b");
        case '\f' -> sb.append("\\f");
        default -> {
          if (c < 0x20) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    sb.append('"');
  }
}
