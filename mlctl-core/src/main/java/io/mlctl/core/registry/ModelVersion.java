package io.mlctl.core.registry;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * One registered version of a model. The artifact and its card live in the object store under
 * their SHA-256; the registry file holds these fields. Immutable.
 *
 * @param card a summary of the card (task, algorithm, label, training data hash)
 * @param metrics the metrics the version was registered with, nested as in the metrics file
 * @param run the run that made it ({@code MLCTL_RUN_ID} or {@code --run}), or null
 * @param source the path it was registered from
 * @param metricsVerified whether the metrics are bound to this version's bytes: the card's own
 *     training metrics, or a metrics file naming this model's SHA-256. Gates count only these
 *     unless told otherwise. False for versions registered before mlctl recorded it.
 * @param metricsDataSha256 the SHA-256 of the data the metrics were computed on, when recorded
 * @param description what the model is for, in the user's words, or null
 * @param tags free-form labels given at registration
 */
public record ModelVersion(int version, String sha256, long size, String cardSha256, Map<String, Object> card,
    Map<String, Object> metrics, String run, String source, String registeredBy, String registeredAt,
    boolean metricsVerified, String metricsDataSha256, String description, Map<String, String> tags) {

  public ModelVersion {
    card = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(card));
    metrics = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
    tags = java.util.Collections.unmodifiableMap(new TreeMap<>(tags));
  }

  /** A version with unverified metrics, no description and no tags. */
  public ModelVersion(int version, String sha256, long size, String cardSha256, Map<String, Object> card,
      Map<String, Object> metrics, String run, String source, String registeredBy, String registeredAt) {
    this(version, sha256, size, cardSha256, card, metrics, run, source, registeredBy, registeredAt, false, null, null, Map.of());
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
    m.put("metrics_verified", metricsVerified);
    if (metricsDataSha256 != null) {
      m.put("metrics_data_sha256", metricsDataSha256);
    }
    m.put("run", run);
    m.put("source", source);
    m.put("registered_by", registeredBy);
    m.put("registered_at", registeredAt);
    if (description != null) {
      m.put("description", description);
    }
    if (!tags.isEmpty()) {
      m.put("tags", new LinkedHashMap<>(tags));
    }
    return m;
  }
}
