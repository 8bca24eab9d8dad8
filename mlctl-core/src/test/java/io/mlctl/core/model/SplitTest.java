package io.mlctl.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mlctl.core.BadArgumentException;
import io.mlctl.core.BadInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SplitTest {
  @TempDir
  Path tmp;

  private Split.Result split(Path in, String train, String test, double ratio, long seed, String stratify) {
    return new Split().call(in, in.getFileName().toString(), tmp.resolve(train), tmp.resolve(test), ratio, seed, stratify);
  }

  @Test
  void split_keepsHeaderAndEveryRowOnce_inOriginalOrder() throws IOException {
    Path in = Fixtures.copy("points.csv", tmp);
    Split.Result r = split(in, "tr.csv", "te.csv", 0.75, 1, null);
    assertEquals(60, r.trainRows());
    assertEquals(20, r.testRows());
    List<String> all = Files.readAllLines(in);
    List<String> tr = Files.readAllLines(tmp.resolve("tr.csv"));
    List<String> te = Files.readAllLines(tmp.resolve("te.csv"));
    assertEquals(all.get(0), tr.get(0));
    assertEquals(all.get(0), te.get(0));
    List<String> union = new ArrayList<>(tr.subList(1, tr.size()));
    union.addAll(te.subList(1, te.size()));
    List<String> expected = new ArrayList<>(all.subList(1, all.size()));
    Collections.sort(union);
    Collections.sort(expected);
    assertEquals(expected, union);
    // original order kept inside each file
    assertTrue(all.indexOf(tr.get(1)) < all.indexOf(tr.get(2)));
  }

  @Test
  void split_isDeterministic_andTheSeedMatters() throws IOException {
    Path in = Fixtures.copy("points.csv", tmp);
    split(in, "a.csv", "a-test.csv", 0.8, 7, null);
    split(in, "b.csv", "b-test.csv", 0.8, 7, null);
    split(in, "c.csv", "c-test.csv", 0.8, 8, null);
    assertEquals(Files.readString(tmp.resolve("a.csv")), Files.readString(tmp.resolve("b.csv")));
    assertNotEquals(Files.readString(tmp.resolve("a.csv")), Files.readString(tmp.resolve("c.csv")));
  }

  /**
   * The rows a seed sends to the test file, worked out apart from mlctl by
   * src/test/python/golden.py (java.util.Random as its Javadoc specifies it, then Fisher-Yates):
   * a change to the shuffle, the generator or the rounding of the ratio moves rows and fails here.
   */
  @org.junit.jupiter.params.ParameterizedTest(name = "ratio {0}, seed {1}")
  @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
      "0.75 | 3 | 4 7 8 13 20 26 28 32 37 46 47 48 52 54 55 61 65 66 73 75",
      "0.8  | 7 | 1 2 3 4 5 7 8 13 19 24 29 41 43 45 65 77",
  })
  void split_seeded_sendsTheGoldenRowsToTheTestFile(double ratio, long seed, String rows) throws IOException {
    Path in = Fixtures.copy("points.csv", tmp);
    List<String> all = Files.readAllLines(in);
    List<String> expected = new ArrayList<>();
    for (String row : rows.split(" ")) {
      expected.add(all.get(Integer.parseInt(row)));
    }

    split(in, "tr.csv", "te.csv", ratio, seed, null);

    List<String> te = Files.readAllLines(tmp.resolve("te.csv"));
    assertEquals(expected, te.subList(1, te.size()));
  }

  @Test
  void split_stratified_keepsTheRatioInEachClass() throws IOException {
    Path in = Fixtures.copy("points.csv", tmp);
    long hi = Files.readAllLines(in).stream().filter(l -> l.endsWith(",hi")).count();
    Split.Result r = split(in, "tr.csv", "te.csv", 0.5, 3, "label");
    assertEquals(Math.round(0.5 * hi), r.strata().get("hi")[0]);
    long testHi = Files.readAllLines(tmp.resolve("te.csv")).stream().filter(l -> l.endsWith(",hi")).count();
    assertEquals(hi - Math.round(0.5 * hi), testHi);
  }

  @Test
  void split_badRatioOrColumn_writesNothing() {
    Path in = Fixtures.copy("points.csv", tmp);
    assertThrows(BadArgumentException.class, () -> split(in, "tr.csv", "te.csv", 1.0, 1, null));
    BadInputException e = assertThrows(BadInputException.class, () -> split(in, "tr.csv", "te.csv", 0.8, 1, "nope"));
    assertEquals("points.csv:1: no column 'nope' to stratify by", e.getMessage());
    assertFalse(Files.exists(tmp.resolve("tr.csv")));
    assertFalse(Files.exists(tmp.resolve("te.csv")));
  }

  @Test
  void split_headerOnly_isBadInput() {
    Path in = Fixtures.copy("header-only.csv", tmp);
    BadInputException e = assertThrows(BadInputException.class, () -> split(in, "tr.csv", "te.csv", 0.8, 1, null));
    assertEquals("header-only.csv:2: the CSV file has a header but no rows", e.getMessage());
  }
}
