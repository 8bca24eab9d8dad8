package io.mlctl.serve;

import io.mlctl.core.BadInputException;
import io.mlctl.core.model.Feature;
import io.mlctl.core.table.TableReader;
import java.util.List;

/**
 * Checked instances as a table, one row per instance and one column per feature named, so the
 * data set code (validation, drift) reads served traffic as it reads a CSV file. Row {@code i}
 * is on "line" {@code i + 1}: {@link #instance(int)} turns a line back into an instance index.
 * Not thread-safe.
 */
final class InstanceRows implements TableReader {
  /** A row: an instance and the features (in the order of the model that read it) it was read with. */
  record Row(List<Feature> features, Instance instance) {}

  private final String[] header;
  private final List<Row> rows;
  private final String shownAs;
  private int next;
  private int line;

  InstanceRows(String[] header, List<Row> rows, String shownAs) {
    this.header = header.clone();
    this.rows = rows;
    this.shownAs = shownAs;
  }

  static int instance(int line) {
    return line - 1;
  }

  @Override
  public String[] header() {
    return header.clone();
  }

  @Override
  public String shownAs() {
    return shownAs;
  }

  @Override
  public String[] next() {
    if (next >= rows.size()) {
      return null;
    }
    Row r = rows.get(next++);
    line = next;
    String[] out = new String[header.length];
    for (int c = 0; c < header.length; c++) {
      out[c] = value(r, header[c]);
    }
    return out;
  }

  /** The instance's value as text; a feature the instance's model does not read is missing (""). */
  private static String value(Row r, String name) {
    List<Feature> fs = r.features();
    for (int i = 0; i < fs.size(); i++) {
      Feature f = fs.get(i);
      if (f.name().equals(name)) {
        if (f.type() == Feature.Kind.NUMERIC) {
          return Double.toString(r.instance().number(i));
        }
        String v = r.instance().category(i);
        return v == null ? "" : v;
      }
    }
    return "";
  }

  @Override
  public int line() {
    return line;
  }

  @Override
  public long rows() {
    return next;
  }

  @Override
  public void pointAt(int l) {
    this.line = l;
  }

  @Override
  public BadInputException errorAt(int column, String what, String hint) {
    return new BadInputException("instance " + instance(line) + ": " + what + " in feature '" + header[column] + "'", hint);
  }

  @Override
  public void close() {
    // nothing held
  }
}
