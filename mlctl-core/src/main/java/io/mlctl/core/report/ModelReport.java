package io.mlctl.core.report;

import io.mlctl.core.lineage.Lineage;
import io.mlctl.core.model.ModelCard;
import io.mlctl.core.registry.AuditEntry;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a model's technical documentation says, gathered from the registry, the card, the
 * metrics, the last drift check, the lineage and the audit trail; rendered by
 * {@link ReportHtml} and {@link ReportMarkdown}. Immutable.
 *
 * @param description what the model is for, as given at registration, or null
 * @param tags the version's tags as given at registration
 * @param card the model card, or null when it could not be read (then {@code cardProblem} says why)
 * @param metrics the metrics the version was registered with, flattened to dotted keys
 * @param drift the last drift check, or null when none was recorded
 * @param audit this model's audit entries, oldest first
 * @param auditProblems why the audit trail does not verify; empty when it does
 */
public record ModelReport(String name, String version, String generated, String mlctlVersion, List<String> aliases,
    String description, Map<String, String> tags, String registeredBy, String registeredAt, String sha256, String cardSha256,
    String source, ModelCard card, String cardProblem, Map<String, Object> metrics, Drift drift, Lineage lineage,
    List<AuditEntry> audit, List<String> auditProblems) {

  public ModelReport {
    aliases = List.copyOf(aliases);
    tags = Collections.unmodifiableMap(new LinkedHashMap<>(tags));
    metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
    audit = List.copyOf(audit);
    auditProblems = List.copyOf(auditProblems);
  }

  /**
   * A drift report as {@code mlctl drift --json} writes it. Immutable.
   *
   * @param source where it was read from
   * @param columns one map per column, keys as the drift report has them
   */
  public record Drift(String source, Boolean datasetDrift, Double driftShare, List<Map<String, Object>> columns) {
    public Drift {
      columns = List.copyOf(columns);
    }
  }

  public String ref() {
    return name + "@" + version;
  }

  /** The metrics about slices ({@code slice.*}) and fairness ({@code fairness.*}) apart from the others. */
  public Map<String, Object> metricsWithPrefix(String prefix) {
    Map<String, Object> out = new LinkedHashMap<>();
    metrics.forEach((k, v) -> {
      if (k.startsWith(prefix)) {
        out.put(k, v);
      }
    });
    return out;
  }

  public Map<String, Object> headlineMetrics() {
    Map<String, Object> out = new LinkedHashMap<>();
    metrics.forEach((k, v) -> {
      if (!k.startsWith("slice.") && !k.startsWith("fairness.")) {
        out.put(k, v);
      }
    });
    return out;
  }
}
