package io.mlctl.core.registry;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One registered version of a model. The artifact and its card live in the object store under
 * their SHA-256; the registry file holds these fields. Immutable.
 *
 * @param card a summary of the card (task, algorithm, label, training data hash)
 * @param metrics the metrics the version was registered with, nested as in the metrics file
 * @param run the run that made it ({@code MLCTL_RUN_ID}), or null
 * @param source the path it was registered from
 */
public record ModelVersion(int version, String sha256, long size, String cardSha256, Map<String, Object> card,
    Map<String, Object> metrics, String run, String source, String registeredBy, String registeredAt) {

  public ModelVersion {
    card = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(card));
    metrics = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
  }

  public String tag() {
    return "v" + version;
  }

  Map<String, Object> toYaml() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("version", version);
    m.put("sha256", sha256);
    m.put("size", size);
    m.put("card_sha256", cardSha256);
    m.put("card", new LinkedHashMap<>(card));
    m.put("metrics", new LinkedHashMap<>(metrics));
    m.put("run", run);
    m.put("source", source);
    m.put("registered_by", registeredBy);
    m.put("registered_at", registeredAt);
    return m;
  }
}
