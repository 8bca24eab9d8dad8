package io.mlctl.core.table;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.mlctl.core.testing.Fuzzing;
import java.io.StringReader;

/**
 * CSV files (train, predict, drift, validate, the server's text/csv body): every row has one value
 * per header column, and the fast number parser agrees with {@link Double#parseDouble} on every
 * value.
 */
class CsvFuzzTest {
  @FuzzTest(maxDuration = Fuzzing.LONG_RUN)
  void read(byte[] file) {
    Fuzzing.parses(() -> {
      try (TableReader csv = TableReader.csv(new StringReader(Fuzzing.text(file)), "data.csv")) {
        int width = csv.header().length;
        for (String[] row = csv.next(); row != null; row = csv.next()) {
          assertEquals(width, row.length, "a row of " + csv.shownAs() + ":" + csv.line());
          for (String v : row) {
            assertEquals(slow(v), Numbers.parse(v), () -> "the value '" + v + "'");
          }
        }
      }
    });
  }

  private static double slow(String v) {
    try {
      return Double.parseDouble(v);
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }
}
