package io.mlctl.core.report;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlctl.core.BadInputException;
import io.mlctl.core.MlctlException;
import io.mlctl.core.Version;
import io.mlctl.core.lineage.Lineage;
import io.mlctl.core.lineage.LineageTrace;
import io.mlctl.core.metrics.Flatten;
import io.mlctl.core.model.JsonFiles;
import io.mlctl.core.model.ModelCard;
import io.mlctl.core.registry.AuditEntry;
import io.mlctl.core.registry.AuditVerification;
import io.mlctl.core.registry.ModelRegistry;
import io.mlctl.core.registry.ModelVersion;
import io.mlctl.core.registry.RegisteredModel;
import io.mlctl.core.repo.Project;
import io.mlctl.core.yaml.YamlFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Gathers a registered version's technical documentation. Reads only and takes no lock. A card
 * or an artifact missing from the cache does not stop the report: the lineage names what is
 * missing, as an auditor needs to see it.
 */
public final class ModelReports {
  private final Project project;

  public ModelReports(Project project) {
    this.project = project;
  }

  /**
   * @param ref {@code NAME@vN}, {@code NAME@ALIAS}, {@code NAME@latest} or {@code NAME}
   * @param driftFile a report written by {@code mlctl drift --json}, or null for the version's last
   *     check (see {@link io.mlctl.core.drift.DriftChecks})
   */
  public ModelReport build(String ref, Path driftFile, String driftShown) {
    ModelRegistry reg = new ModelRegistry(project);
    int at = ref.lastIndexOf('@');
    String name = at < 0 ? ref : ref.substring(0, at);
    String tag = at < 0 ? "latest" : ref.substring(at + 1);
    RegisteredModel m = reg.get(name);
    ModelVersion v;
    if (tag.equals("latest") && !m.aliases().containsKey("latest")) {
      v = m.versions().stream().max(java.util.Comparator.comparingInt(ModelVersion::version))
          .orElseThrow(() -> new BadInputException("model '" + name + "' has no versions", "register one with 'mlctl models register'"));
    } else {
      v = reg.version(m, tag);
    }
    Lineage lineage = new LineageTrace(project).trace(name + "@" + v.tag(), project.root());
    ModelCard card = null;
    String cardProblem = null;
    if (!reg.store().contains(v.cardSha256())) {
      cardProblem = "the card is not in the cache ('mlctl pull' fetches it)";
    } else {
      try {
        card = ModelCard.parse(new String(reg.store().readVerified(v.cardSha256()), StandardCharsets.UTF_8), name + "@" + v.tag() + " card");
      } catch (MlctlException e) {
        cardProblem = e.getMessage();
      }
    }
    List<String> aliases = new ArrayList<>();
    m.aliases().forEach((a, n) -> {
      if (n == v.version()) {
        aliases.add(a);
      }
    });
    Map<String, Object> raw = rawVersion(name, v.version());
    Map<String, String> tags = new LinkedHashMap<>();
    if (raw.get("tags") instanceof Map<?, ?> t) {
      t.forEach((k, val) -> tags.put(String.valueOf(k), String.valueOf(val)));
    }
    Object desc = raw.get("description");
    AuditVerification verification = reg.verify(name);
    List<AuditEntry> audit;
    try {
      audit = reg.audit(name);
    } catch (MlctlException e) {
      audit = List.of();
    }
    String generated = OffsetDateTime.now(project.clock()).withOffsetSameInstant(ZoneOffset.UTC).withNano(0).toString();
    return new ModelReport(name, v.tag(), generated, Version.get(), aliases, desc == null ? null : String.valueOf(desc), tags,
        v.registeredBy(), v.registeredAt(), v.sha256(), v.cardSha256(), v.source(), card, cardProblem, Flatten.all(v.metrics()),
        lastDrift(name, v.tag(), driftFile, driftShown), lineage, audit, verification.problems());
  }

  /** The drift report given, else the version's last check that {@code mlctl drift} kept, else none. */
  private ModelReport.Drift lastDrift(String name, String tag, Path driftFile, String driftShown) {
    if (driftFile != null) {
      return drift(driftFile, driftShown);
    }
    return io.mlctl.core.drift.DriftChecks.last(project, name, tag)
        .map(f -> drift(f, project.root().relativize(f).toString().replace('\\', '/'))).orElse(null);
  }

  /**
   * The version's entry as the registry file holds it, for fields an older or newer mlctl may
   * have written (a description, tags) that the typed record does not carry.
   */
  private Map<String, Object> rawVersion(String name, int version) {
    Path f = project.layout().registry().resolve(name + ".yaml");
    Map<String, Object> doc = YamlFiles.loadMap(f, ".mlctl/registry/" + name + ".yaml");
    if (doc.get("versions") instanceof List<?> vs) {
      for (Object o : vs) {
        if (o instanceof Map<?, ?> vm && Integer.valueOf(version).equals(vm.get("version"))) {
          Map<String, Object> out = new LinkedHashMap<>();
          vm.forEach((k, val) -> out.put(String.valueOf(k), val));
          return out;
        }
      }
    }
    return Map.of();
  }

  private static ModelReport.Drift drift(Path file, String shown) {
    if (!Files.isRegularFile(file)) {
      throw new BadInputException(shown + ": no such drift report", "write one with 'mlctl drift ... --json > FILE'");
    }
    JsonNode n = JsonFiles.read(file, shown);
    if (!n.isObject() || !n.has("columns")) {
      throw new BadInputException(shown + ": not a drift report (no 'columns')", "write one with 'mlctl drift ... --json > FILE'");
    }
    List<Map<String, Object>> cols = new ArrayList<>();
    for (JsonNode c : n.path("columns")) {
      cols.add(JsonFiles.toMap(c));
    }
    return new ModelReport.Drift(shown, n.path("dataset_drift").isBoolean() ? n.get("dataset_drift").asBoolean() : null,
        n.path("drift_share").isNumber() ? n.get("drift_share").asDouble() : null, cols);
  }
}
