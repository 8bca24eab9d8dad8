package io.mlctl.core.exp;

import io.mlctl.core.BadArgumentException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Run tags, {@code key=value} pairs a user puts on a run to find it again ({@code exp show --tag k=v}). */
public final class RunTags {
  private RunTags() {}

  /** Reads {@code key=value} options into a map, in order; a repeated key keeps its last value. */
  public static Map<String, String> parse(List<String> pairs) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String p : pairs) {
      int eq = p.indexOf('=');
      if (eq <= 0) {
        throw new BadArgumentException("--tag " + p + ": expected KEY=VALUE", null);
      }
      out.put(checkKey(p.substring(0, eq)), p.substring(eq + 1));
    }
    return out;
  }

  static String checkKey(String key) {
    if (key.isBlank() || key.chars().anyMatch(c -> Character.isWhitespace(c) || c == '=')) {
      throw new BadArgumentException("--tag " + key + ": a tag key is a word without spaces or '='", null);
    }
    return key;
  }

  /** Whether a run carries every tag of {@code wanted}. */
  public static boolean matches(RunRecord r, Map<String, String> wanted) {
    return wanted.entrySet().stream().allMatch(e -> e.getValue().equals(r.tags().get(e.getKey())));
  }
}
