package io.mlctl.core.table;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mlctl.core.BadInputException;
import java.io.StringReader;
import java.net.URISyntaxException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** One small file per edge case, under src/test/resources/table/. */
class CsvTableTest {
  static Path file(String name) {
    try {
      return Path.of(CsvTableTest.class.getResource("/table/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static TableReader open(String name) {
    return TableReader.open(file(name), name);
  }

  private static TableReader csv(String text) {
    return TableReader.csv(new StringReader(text), "t.csv");
  }

  @Test
  void read_handlesQuotesBomCrlfAndBlankLines() {
    try (TableReader r = csv("\uFEFFa,b\r\n\"x, y\",\"say \"\"hi\"\"\"\r\n\r\n1,\"two\nlines\"\n")) {
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
  void open_bomFile_dropsTheMarkFromTheFirstName() {
    try (TableReader r = open("bom.csv")) {
      assertArrayEquals(new String[] {"a", "b"}, r.header());
      assertEquals(0, r.column("a"));
      assertArrayEquals(new String[] {"1", "2"}, r.next());
    }
  }

  @Test
  void read_crlfFile_givesCleanValuesAndLines() {
    try (TableReader r = open("crlf.csv")) {
      assertArrayEquals(new String[] {"1", "2"}, r.next());
      assertArrayEquals(new String[] {"3", "4"}, r.next());
      assertEquals(3, r.line());
      assertNull(r.next());
    }
  }

  @Test
  void read_quotedFields_keepCommasNewlinesAndDoubledQuotes() {
    try (TableReader r = open("quotes.csv")) {
      assertArrayEquals(new String[] {"Smith, J", "said \"hi\""}, r.next());
      assertArrayEquals(new String[] {"two", "line one\nline two"}, r.next());
      assertEquals(3, r.line());
      assertNull(r.next());
    }
  }

  @Test
  void read_missingValues_areReturnedRawAndRecognisedByMissing() {
    try (TableReader r = open("missing.csv")) {
      String[] a = r.next();
      assertArrayEquals(new String[] {"1", "", "NA"}, a);
      assertFalse(Missing.is(a[0]));
      assertTrue(Missing.is(a[1]) && Missing.is(a[2]));
      for (String v : r.next()) {
        assertTrue(Missing.is(v), v);
      }
      String[] c = r.next();
      assertTrue(Missing.is(c[0]) && Missing.is(c[1]));
      assertFalse(Missing.is(c[2]));
    }
    for (String word : new String[] {"Nancy", "n", "none", "0", "-", "na"}) {
      assertFalse(Missing.is(word), word);
    }
    for (String gap : new String[] {" ", "\t", "<NA>", "#N/A", "n/a", "None", null}) {
      assertTrue(Missing.is(gap), String.valueOf(gap));
    }
  }

  @Test
  void read_whenRowHasTooFewFields_namesLineAndColumn() {
    try (TableReader r = open("ragged-short.csv")) {
      r.next();
      BadInputException e = assertThrows(BadInputException.class, r::next);
      assertEquals("ragged-short.csv:3:3: the row has 2 fields, the header has 3", e.getMessage());
    }
  }

  @Test
  void read_whenRowHasTooManyFields_namesLineAndColumn() {
    try (TableReader r = open("ragged-long.csv")) {
      r.next();
      BadInputException e = assertThrows(BadInputException.class, r::next);
      assertEquals("ragged-long.csv:3:3: the row has 3 fields, the header has 2", e.getMessage());
    }
  }

  @Test
  void read_whenTextFollowsAClosingQuote_namesLineAndColumn() {
    try (TableReader r = open("bad-quote.csv")) {
      BadInputException e = assertThrows(BadInputException.class, r::next);
      assertEquals("bad-quote.csv:2:2: 'c' follows the closing quote of a field", e.getMessage());
    }
  }

  @Test
  void read_whenQuoteNeverCloses_namesLineAndColumn() {
    try (TableReader r = open("unclosed-quote.csv")) {
      BadInputException e = assertThrows(BadInputException.class, r::next);
      assertEquals("unclosed-quote.csv:2:2: a quoted field is not closed", e.getMessage());
    }
  }

  @Test
  void open_whenEmpty_isBadInput() {
    BadInputException e = assertThrows(BadInputException.class, () -> open("empty.csv"));
    assertEquals("empty.csv:1: the CSV file is empty", e.getMessage());
  }

  @Test
  void open_headerOnly_hasColumnsAndNoRows() {
    try (TableReader r = open("header-only.csv")) {
      assertArrayEquals(new String[] {"a", "b"}, r.header());
      assertNull(r.next());
      assertEquals(0, r.rows());
    }
  }

  @Test
  void open_whenHeaderRepeatsAColumn_namesIt() {
    BadInputException e = assertThrows(BadInputException.class, () -> open("duplicate-header.csv"));
    assertEquals("duplicate-header.csv:1:3: the column 'a' appears twice in the header", e.getMessage());
  }

  @Test
  void open_whenFileIsMissing_isBadInput() {
    BadInputException e = assertThrows(BadInputException.class, () -> TableReader.open(Path.of("no/such.csv"), "no/such.csv"));
    assertEquals("no/such.csv: no such file", e.getMessage());
  }

  @Test
  void read_whenNotUtf8_isBadInput() {
    BadInputException e = assertThrows(BadInputException.class, () -> TableReader.csv(new java.io.InputStreamReader(
        new java.io.ByteArrayInputStream(new byte[] {'a', '\n', (byte) 0xff, '\n'}), java.nio.charset.StandardCharsets.UTF_8.newDecoder()), "t.csv"));
    assertEquals("t.csv:1: the file is not UTF-8 text", e.getMessage());
  }

  @Test
  void errorAt_namesFileLineColumnAndColumnName() {
    try (TableReader r = csv("a,b\n1,x\n")) {
      r.next();
      assertEquals("t.csv:2:2: 'x' is bad in column 'b'", r.errorAt(1, "'x' is bad", "h").getMessage());
    }
  }

  @Test
  void read_randomFieldsInSmallChunks_comeBackExactly() {
    java.util.Random rnd = new java.util.Random(7);
    String[] pieces = {"a", "12.5", "", "x,y", "say \"hi\"", "two\nlines", "cr\r\nlf", " sp ", "é€", "q\"mid"};
    java.util.List<String[]> rows = new java.util.ArrayList<>();
    StringBuilder text = new StringBuilder("c1,c2,c3\n");
    for (int i = 0; i < 3000; i++) {
      String[] row = new String[3];
      for (int j = 0; j < 3; j++) {
        row[j] = pieces[rnd.nextInt(pieces.length)] + (rnd.nextBoolean() ? i : "");
        boolean quote = row[j].contains(",") || row[j].contains("\n") || row[j].contains("\r") || row[j].startsWith("say") || rnd.nextInt(5) == 0;
        text.append(j > 0 ? "," : "").append(quote ? "\"" + row[j].replace("\"", "\"\"") + "\"" : row[j]);
      }
      text.append(i % 2 == 0 ? "\n" : "\r\n");
      rows.add(row);
    }
    // a reader that hands out at most 7 characters a call, so fields straddle every buffer boundary
    java.io.Reader chunky = new java.io.FilterReader(new StringReader(text.toString())) {
      @Override
      public int read(char[] b, int off, int n) throws java.io.IOException {
        return super.read(b, off, Math.min(n, 7));
      }
    };
    try (TableReader r = TableReader.csv(chunky, "t.csv")) {
      for (String[] want : rows) {
        assertArrayEquals(want, r.next());
      }
      assertNull(r.next());
    }
  }
}
