package io.mlctl.core.report;

import io.mlctl.core.lineage.LineageNode;
import io.mlctl.core.metrics.Flatten;
import io.mlctl.core.model.Feature;
import io.mlctl.core.model.ModelCard;
import io.mlctl.core.registry.AuditEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The report laid out as sections of paragraphs and tables, after the headings of Annex IV of the
 * EU AI Act (technical documentation of high-risk AI systems). Holds plain text only: the HTML
 * and Markdown renderers escape it, so user data (names, tags, descriptions, column names) can
 * never become markup. Immutable.
 */
record ReportDocument(String title, List<Section> sections) {
  static final String NOT_GIVEN = "not given";

  sealed interface Block permits Para, Table {}

  record Para(String text) implements Block {}

  record Table(List<String> header, List<List<String>> rows) implements Block {
    Table {
      header = List.copyOf(header);
      rows = rows.stream().map(List::copyOf).toList();
    }
  }

  record Section(String title, List<Block> blocks) {
    Section {
      blocks = List.copyOf(blocks);
    }
  }

  static ReportDocument of(ModelReport r) {
    List<Section> s = new ArrayList<>();
    s.add(intendedUse(r));
    s.add(trainingData(r));
    s.add(method(r));
    s.add(evaluation(r));
    s.add(drift(r));
    s.add(lineage(r));
    s.add(audit(r));
    return new ReportDocument("Technical documentation: " + r.ref(), s);
  }

  private static String str(Object o) {
    if (o == null) {
      return "";
    }
    if (o instanceof Double d && d == Math.rint(d) && !Double.isInfinite(d)) {
      return String.valueOf(d.longValue());
    }
    return String.valueOf(o);
  }

  private static Table fields(Object... kv) {
    List<List<String>> rows = new ArrayList<>();
    for (int i = 0; i < kv.length; i += 2) {
      rows.add(List.of(str(kv[i]), kv[i + 1] == null ? NOT_GIVEN : str(kv[i + 1])));
    }
    return new Table(List.of("Field", "Value"), rows);
  }

  private static Table map(String keyHeader, String valueHeader, Map<String, ?> m) {
    List<List<String>> rows = new ArrayList<>();
    m.forEach((k, v) -> rows.add(List.of(k, str(v))));
    return new Table(List.of(keyHeader, valueHeader), rows);
  }

  private static Section intendedUse(ModelReport r) {
    List<Block> b = new ArrayList<>();
    b.add(new Para("Intended use: " + (r.description() == null || r.description().isBlank() ? NOT_GIVEN : r.description())));
    ModelCard c = r.card();
    b.add(fields("Model", r.name(), "Version", r.version(), "Aliases", r.aliases().isEmpty() ? "none" : String.join(", ", r.aliases()),
        "Task", c == null ? null : c.task().id(), "Predicts", c == null ? null : c.label(),
        "Classes", c == null || c.labels().isEmpty() ? null : String.join(", ", c.labels()),
        "Registered by", r.registeredBy(), "Registered at", r.registeredAt(), "Registered from", r.source(),
        "Model SHA-256", r.sha256(), "Card SHA-256", r.cardSha256(), "Report generated", r.generated() + " by mlctl " + r.mlctlVersion()));
    if (!r.tags().isEmpty()) {
      b.add(map("Tag", "Value", r.tags()));
    }
    return new Section("1. General description and intended use (Annex IV, point 1)", b);
  }

  private static Section trainingData(ModelReport r) {
    List<Block> b = new ArrayList<>();
    ModelCard c = r.card();
    if (c == null) {
      b.add(new Para("The model card could not be read: " + r.cardProblem()));
      return new Section("2. Training data (Annex IV, point 2(d))", b);
    }
    ModelCard.TrainingData d = c.trainingData();
    b.add(fields("Path", d.path(), "Pointer", d.pointer() == null ? "none (the file was not tracked with 'mlctl add')" : d.pointer(),
        "SHA-256", d.sha256(), "Rows", d.rows(), "Git commit at training", c.gitCommit()));
    List<List<String>> rows = new ArrayList<>();
    for (Feature f : c.features()) {
      rows.add(List.of(f.name(), f.type().id(), String.join(", ", f.categories())));
    }
    rows.add(List.of(c.label(), "label", String.join(", ", c.labels())));
    b.add(new Para("Schema: " + c.features().size() + " features and the label."));
    b.add(new Table(List.of("Column", "Type", "Values"), rows));
    return new Section("2. Training data (Annex IV, point 2(d))", b);
  }

  private static Section method(ModelReport r) {
    List<Block> b = new ArrayList<>();
    ModelCard c = r.card();
    if (c == null) {
      b.add(new Para("The model card could not be read: " + r.cardProblem()));
      return new Section("3. Method and design (Annex IV, point 2(b))", b);
    }
    b.add(fields("Algorithm", c.algorithm(), "Seed", c.seed(), "Trained", c.created(), "mlctl version", c.mlctlVersion()));
    if (!c.params().isEmpty()) {
      b.add(map("Parameter", "Value", new java.util.TreeMap<>(c.params())));
    }
    if (!c.tribuo().isEmpty()) {
      b.add(new Para("Tribuo's provenance of the model (trainer configuration, versions, platform):"));
      b.add(map("Provenance", "Value", Flatten.all(c.tribuo())));
    }
    return new Section("3. Method and design (Annex IV, point 2(b))", b);
  }

  private static Section evaluation(ModelReport r) {
    List<Block> b = new ArrayList<>();
    if (r.metrics().isEmpty()) {
      b.add(new Para("No metrics were recorded with this version."));
    } else {
      b.add(new Para("The metrics recorded when the version was registered:"));
      b.add(map("Metric", "Value", r.headlineMetrics()));
    }
    Map<String, Object> slices = r.metricsWithPrefix("slice.");
    b.add(slices.isEmpty() ? new Para("Per-slice metrics: none recorded.") : map("Slice metric", "Value", slices));
    Map<String, Object> fairness = r.metricsWithPrefix("fairness.");
    b.add(fairness.isEmpty() ? new Para("Fairness metrics: none recorded.") : map("Fairness metric", "Value", fairness));
    return new Section("4. Evaluation and performance metrics (Annex IV, points 2(g) and 4)", b);
  }

  private static Section drift(ModelReport r) {
    List<Block> b = new ArrayList<>();
    ModelReport.Drift d = r.drift();
    if (d == null) {
      b.add(new Para("No drift check recorded."));
    } else {
      b.add(fields("Report", d.source(), "Data set drifted", d.datasetDrift(), "Share of drifted columns", d.driftShare()));
      List<String> header = List.of("name", "type", "method", "statistic", "p_value", "threshold", "drifted", "psi");
      List<List<String>> rows = new ArrayList<>();
      for (Map<String, Object> col : d.columns()) {
        List<String> row = new ArrayList<>();
        header.forEach(h -> row.add(str(col.get(h))));
        rows.add(row);
      }
      b.add(new Table(header, rows));
    }
    return new Section("5. Drift at the last check (Annex IV, point 9: post-market monitoring)", b);
  }

  private static Section lineage(ModelReport r) {
    List<Block> b = new ArrayList<>();
    var l = r.lineage();
    b.add(new Para(l.ok() ? "Every link of the lineage holds." : l.broken().size() + " link(s) of the lineage failed or are missing."));
    List<List<String>> rows = new ArrayList<>();
    for (LineageNode n : l.nodes()) {
      rows.add(List.of(n.status().id(), n.kind().id(), n.summary(), n.reason() == null ? "" : n.reason()));
    }
    b.add(new Table(List.of("Status", "Link", "What", "Problem"), rows));
    List<List<String>> edges = new ArrayList<>();
    l.edges().forEach(e -> edges.add(List.of(e.from(), e.relation(), e.to())));
    b.add(new Table(List.of("From", "Relation", "To"), edges));
    return new Section("6. Lineage (Annex IV, points 2 and 6)", b);
  }

  private static Section audit(ModelReport r) {
    List<Block> b = new ArrayList<>();
    b.add(new Para(r.auditProblems().isEmpty() ? "The audit trail verifies: its hash chain is whole and the registry matches it."
        : "The audit trail does not verify: " + String.join("; ", r.auditProblems())));
    List<List<String>> rows = new ArrayList<>();
    for (AuditEntry e : r.audit()) {
      rows.add(List.of(String.valueOf(e.seq()), e.time(), e.actor(), e.action(), str(e.details()), e.hash()));
    }
    b.add(new Table(List.of("#", "Time", "Actor", "Action", "Details", "Entry SHA-256"), rows));
    return new Section("7. Changes through the life cycle: audit trail (Annex IV, point 6)", b);
  }
}
