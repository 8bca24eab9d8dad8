package io.mlctl.core.table;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mlctl.core.BadInputException;
import java.io.StringReader;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TableColumnsTest {
  private static TableColumns load(String csv, List<String> columns, Map<String, TableColumns.Kind> kinds) {
    return TableColumns.load(() -> TableReader.csv(new StringReader(csv), "t.csv"), columns, kinds);
  }

  @Test
  void load_auto_readsNumbersAsDoublesWithNaNForMissing_andWordsAsCategories() {
    TableColumns t = load("x,c,y\n1.5,a,7\nNA,b,8\n-2,a,\n", null, Map.of());
    assertEquals(List.of("x", "c", "y"), t.names());
    assertEquals(3, t.rows());
    assertTrue(t.isNumeric("x"));
    assertArrayEquals(new double[] {1.5, Double.NaN, -2}, t.numeric("x"));
    assertFalse(t.isNumeric("c"));
    String[] c = t.categorical("c");
    assertArrayEquals(new String[] {"a", "b", "a"}, c);
    assertSame(c[0], c[2]);
    assertArrayEquals(new double[] {7, 8, Double.NaN}, t.numeric("y"));
  }

  @Test
  void load_auto_whenAWordComesLate_rereadsTheEarlierRowsAsText() {
    TableColumns t = load("z\n01\n1.50\nNA\nx9\n", null, Map.of());
    assertArrayEquals(new String[] {"01", "1.50", null, "x9"}, t.categorical("z"));
  }

  @Test
  void load_chosenColumnsAndKinds_areHonoured() {
    TableColumns t = load("a,b,c\n1,2,3\n4,5,6\n", List.of("c", "a"), Map.of("a", TableColumns.Kind.CATEGORICAL));
    assertEquals(List.of("c", "a"), t.names());
    assertArrayEquals(new String[] {"1", "4"}, t.categorical("a"));
    assertArrayEquals(new double[] {3, 6}, t.numeric("c"));
    assertThrows(IllegalArgumentException.class, () -> t.numeric("b"));
  }

  @Test
  void load_numericColumnHoldingAWord_namesLineAndColumn() {
    BadInputException e = assertThrows(BadInputException.class,
        () -> load("a,b\n1,2\n3,oops\n", null, Map.of("b", TableColumns.Kind.NUMERIC)));
    assertEquals("t.csv:3:2: 'oops' is not a number in column 'b'", e.getMessage());
  }

  @Test
  void load_unknownColumn_isBadInput() {
    BadInputException e = assertThrows(BadInputException.class, () -> load("a\n1\n", List.of("q"), Map.of()));
    assertEquals("t.csv:1: no column 'q'", e.getMessage());
  }

  @Test
  void load_manyRows_growTheArrays() {
    StringBuilder sb = new StringBuilder("n,k\n");
    for (int i = 0; i < 5000; i++) {
      sb.append(i).append(',').append(i % 3 == 0 ? "x" : "y").append('\n');
    }
    TableColumns t = load(sb.toString(), null, Map.of());
    assertEquals(5000, t.numeric("n").length);
    assertEquals(4999.0, t.numeric("n")[4999]);
    assertEquals("y", t.categorical("k")[4999]);
  }
}
