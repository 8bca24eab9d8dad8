package io.mlctl.core.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.mlctl.core.BadInputException;
import java.io.StringReader;
import org.junit.jupiter.api.Test;

class CsvReaderTest {
  private static CsvReader csv(String text) {
    return CsvReader.of(new StringReader(text), "t.csv");
  }

  @Test
  void read_handlesQuotesBomCrlfAndBlankLines() {
    try (CsvReader r = csv("\uFEFFa,b\r\n\"x, y\",\"say \"\"hi\"\"\"\r\n\r\n1,\"two\nlines\"\n")) {
      assertArrayEquals(new String[] {"a", "b"}, r.header());
      assertArrayEquals(new String[] {"x, y", "say \"hi\""}, r.next());
      assertEquals(2, r.line());
      assertArrayEquals(new String[] {"1", "two\nlines"}, r.next());
      assertEquals(4, r.line());
      assertNull(r.next());
      assertEquals(2, r.rows());
    }
  }

  @Test
  void read_whenRowHasTooFewFields_namesTheLine() {
    try (CsvReader r = csv("a,b\n1,2\n3\n")) {
      r.next();
      BadInputException e = assertThrows(BadInputException.class, r::next);
      assertEquals("t.csv:3: the row has 1 fields, the header has 2", e.getMessage());
    }
  }

  @Test
  void open_whenEmpty_isBadInput() {
    BadInputException e = assertThrows(BadInputException.class, () -> csv(""));
    assertEquals("t.csv:1: the CSV file is empty", e.getMessage());
  }

  @Test
  void open_whenHeaderRepeatsAColumn_namesIt() {
    BadInputException e = assertThrows(BadInputException.class, () -> csv("a,b,a\n1,2,3\n"));
    assertEquals("t.csv:1:3: the column 'a' appears twice in the header", e.getMessage());
  }

  @Test
  void read_whenQuoteNeverCloses_namesLineAndColumn() {
    try (CsvReader r = csv("a,b\n1,\"open\n")) {
      BadInputException e = assertThrows(BadInputException.class, r::next);
      assertEquals("t.csv:2:2: a quoted field is not closed", e.getMessage());
    }
  }
}
