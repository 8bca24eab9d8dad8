package io.mlctl.serve;

import io.mlctl.core.model.Feature;
import io.mlctl.core.validate.Schema;
import io.mlctl.core.validate.Validate;
import io.mlctl.core.validate.ValidationReport;
import java.util.ArrayList;
import java.util.List;

/**
 * The rules of a schema file ({@code mlctl validate}'s) applied to each request, after the card's
 * own checks. Only the rules of the features the answering model reads apply: a schema inferred
 * from the training file also names the label, which requests never carry. Row-count rules are
 * about data sets, not requests, and are left out; {@code unique} and {@code mostly} apply within
 * one request. Immutable, thread-safe.
 */
final class RequestSchema {
  private final Schema schema;

  RequestSchema(Schema schema) {
    this.schema = schema;
  }

  /** Refuses {@code rows} with 400 naming the instance, the feature and the rule of the first violation. */
  void check(ServedModel m, Instance[] rows) {
    List<Feature> features = m.scorer().features();
    List<String> names = features.stream().map(Feature::name).toList();
    List<Schema.Column> columns = new ArrayList<>();
    for (Schema.Column c : schema.columns()) {
      if (names.contains(c.name())) {
        columns.add(c);
      }
    }
    if (columns.isEmpty()) {
      return;
    }
    List<InstanceRows.Row> table = new ArrayList<>(rows.length);
    for (Instance in : rows) {
      table.add(new InstanceRows.Row(features, in));
    }
    Schema applied = new Schema(new Schema.RowRange(null, null), true, columns);
    ValidationReport r = new Validate().call(new InstanceRows(names.toArray(new String[0]), table, "request"), applied);
    if (r.valid()) {
      return;
    }
    ValidationReport.Violation v = r.violations().get(0);
    String where = v.examples().isEmpty() || v.examples().get(0).line() <= 0 ? "" :
        "instance " + InstanceRows.instance(v.examples().get(0).line()) + ": ";
    String got = v.examples().isEmpty() ? "" : ", got '" + v.examples().get(0).value() + "'";
    throw new ApiException(400, "schema_violation", where + "feature '" + v.column() + "' breaks the schema's rule '" + v.rule()
        + "' (" + v.rule() + ": " + v.expected() + got + ")");
  }
}
