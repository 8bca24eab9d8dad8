package io.mlctl.core.registry;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One line of the registry's audit trail. {@code prev} is the SHA-256 of the previous line's
 * bytes (64 zeros for the first), so altering or removing any line breaks the chain after it.
 * Immutable.
 *
 * @param hash the SHA-256 of this entry's line as stored
 */
public record AuditEntry(long seq, String time, String actor, String action, String model, Map<String, Object> details,
    String prev, String hash) {

  public static final String GENESIS = "0".repeat(64);

  public AuditEntry {
    details = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(details));
  }

  Map<String, Object> toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("seq", seq);
    m.put("time", time);
    m.put("actor", actor);
    m.put("action", action);
    m.put("model", model);
    m.put("details", new LinkedHashMap<>(details));
    m.put("prev", prev);
    return m;
  }

  /** As output shows it, with its hash and versions written {@code "vN"}. */
  public Map<String, Object> toOutput() {
    Map<String, Object> m = toJson();
    m.put("details", shownDetails());
    m.put("hash", hash);
    return m;
  }

  /**
   * The details as output shows them: a version number the trail stores as a plain integer (the
   * stored line is hashed, so it stays as written) is shown {@code "vN"}, as versions are everywhere.
   */
  public Map<String, Object> shownDetails() {
    Map<String, Object> m = new LinkedHashMap<>();
    details.forEach((k, v) -> m.put(k, VERSION_KEYS.contains(k) && v instanceof Number n ? "v" + n.longValue() : v));
    return m;
  }

  private static final java.util.Set<String> VERSION_KEYS = java.util.Set.of("version", "previous", "from", "to");
}
