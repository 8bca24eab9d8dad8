package io.mlctl.serve;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.List;

/** The payload shapes the protocols carry instances in, each read as a {@link Table}. */
final class Tables {
  private Tables() {}

  /** A list of objects, feature name to value: KServe V1 instances, MLflow dataframe_records. */
  static Table records(JsonNode array, String what) {
    for (int i = 0; i < array.size(); i++) {
      if (!array.get(i).isObject()) {
        throw ApiException.badRequest(what + "[" + i + "] is not an object of feature values");
      }
    }
    return new Table() {
      @Override
      public int rows() {
        return array.size();
      }

      @Override
      public Object value(int row, int position, String name) {
        JsonNode v = array.get(row).get(name);
        return v == null ? MISSING : v;
      }

      @Override
      public String unknown(int row, Scorer scorer) {
        Iterator<String> names = array.get(row).fieldNames();
        while (names.hasNext()) {
          String n = names.next();
          if (!scorer.knows(n)) {
            return n;
          }
        }
        return null;
      }
    };
  }

  /** Rows of bare values in the card's feature order: MLflow instances or inputs as lists. */
  static Table rows(JsonNode array, String what) {
    for (int i = 0; i < array.size(); i++) {
      if (!array.get(i).isArray()) {
        throw ApiException.badRequest(what + "[" + i + "] is not a list of feature values");
      }
    }
    return new Table() {
      @Override
      public int rows() {
        return array.size();
      }

      @Override
      public Object value(int row, int position, String name) {
        JsonNode r = array.get(row);
        return position < r.size() ? r.get(position) : MISSING;
      }

      @Override
      public String unknown(int row, Scorer scorer) {
        int n = array.get(row).size();
        return n > scorer.width() ? "#" + (scorer.width() + 1) + " (the instance has " + n + " values)" : null;
      }
    };
  }

  /** Named columns of values, one list per feature: MLflow's columnar instances or inputs. */
  static Table columns(JsonNode object, String what) {
    int n = -1;
    Iterator<java.util.Map.Entry<String, JsonNode>> it = object.fields();
    while (it.hasNext()) {
      var e = it.next();
      if (!e.getValue().isArray()) {
        throw ApiException.badRequest(what + "." + e.getKey() + " is not a list of values");
      }
      if (n >= 0 && e.getValue().size() != n) {
        throw ApiException.badRequest(what + ": the columns have different lengths (" + n + " and " + e.getValue().size() + ")");
      }
      n = e.getValue().size();
    }
    int rows = Math.max(n, 0);
    return new Table() {
      @Override
      public int rows() {
        return rows;
      }

      @Override
      public Object value(int row, int position, String name) {
        JsonNode c = object.get(name);
        return c == null ? MISSING : c.get(row);
      }

      @Override
      public String unknown(int row, Scorer scorer) {
        return firstUnknown(object.fieldNames(), scorer);
      }
    };
  }

  /** MLflow's dataframe_split: {@code {"columns": [...], "data": [[...], ...]}}. */
  static Table split(JsonNode split) {
    JsonNode columns = split.get("columns");
    JsonNode data = split.get("data");
    if (!split.isObject() || columns == null || !columns.isArray() || data == null || !data.isArray()) {
      throw ApiException.badRequest("dataframe_split needs 'columns' (a list of names) and 'data' (a list of rows)");
    }
    java.util.Map<String, Integer> index = new java.util.HashMap<>();
    for (int i = 0; i < columns.size(); i++) {
      index.put(columns.get(i).asText(), i);
    }
    for (int i = 0; i < data.size(); i++) {
      if (!data.get(i).isArray() || data.get(i).size() != columns.size()) {
        throw ApiException.badRequest("dataframe_split.data[" + i + "] is not a row of " + columns.size() + " values");
      }
    }
    return new Table() {
      @Override
      public int rows() {
        return data.size();
      }

      @Override
      public Object value(int row, int position, String name) {
        Integer c = index.get(name);
        return c == null ? MISSING : data.get(row).get(c);
      }

      @Override
      public String unknown(int row, Scorer scorer) {
        return firstUnknown(index.keySet().iterator(), scorer);
      }
    };
  }

  /** CSV with a header row: values are text, numbers read as {@code predict} reads them. */
  static Table csv(String[] header, List<String[]> rows) {
    java.util.Map<String, Integer> index = new java.util.HashMap<>();
    for (int i = 0; i < header.length; i++) {
      index.put(header[i], i);
    }
    return new Table() {
      @Override
      public int rows() {
        return rows.size();
      }

      @Override
      public Object value(int row, int position, String name) {
        Integer c = index.get(name);
        String[] r = rows.get(row);
        return c == null || c >= r.length ? MISSING : r[c];
      }

      @Override
      public String unknown(int row, Scorer scorer) {
        return firstUnknown(index.keySet().iterator(), scorer);
      }
    };
  }

  static String firstUnknown(Iterator<String> names, Scorer scorer) {
    while (names.hasNext()) {
      String n = names.next();
      if (!scorer.knows(n)) {
        return n;
      }
    }
    return null;
  }
}
