package io.mlctl.core.drift;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mlctl.core.BadArgumentException;
import io.mlctl.core.BadInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Drift} on small files: column choice, types, auto rules at their boundaries, verdicts. */
class DriftTest {
  @TempDir
  Path tmp;

  private Drift.Source csv(String name, String text) throws IOException {
    Path p = tmp.resolve(name);
    Files.writeString(p, text);
    return new Drift.Source(p, name, null);
  }

  /** A CSV with one column holding {@code n} values cycling through {@code distinct} numbers, plus {@code shift}. */
  private Drift.Source column(String name, int n, int distinct, double shift) throws IOException {
    StringBuilder b = new StringBuilder("v\n");
    for (int i = 0; i < n; i++) {
      b.append((i * 7919 % distinct) + shift).append('\n');
    }
    return csv(name, b.toString());
  }

  private static Drift.Options options(Method m, Double threshold) {
    return new Drift.Options(List.of(), m, threshold, 0.5, Set.of());
  }

  private ColumnDrift only(Drift.Source ref, Drift.Source cur, Drift.Options o) {
    DriftReport r = new Drift().call(ref, cur, o);
    assertEquals(1, r.columns().size());
    return r.columns().get(0);
  }

  @Test
  void auto_at1000ReferenceValues_usesKs_andAt1001_wasserstein() throws IOException {
    Drift.Source cur = column("cur.csv", 800, 997, 0.0);
    assertEquals(Method.KS, only(column("ref1000.csv", 1000, 997, 0.0), cur, Drift.Options.defaults()).method());
    assertEquals(Method.WASSERSTEIN, only(column("ref1001.csv", 1001, 997, 0.0), cur, Drift.Options.defaults()).method());
  }

  @Test
  void auto_countsValuesNotRows_missingValuesDoNotCount() throws IOException {
    StringBuilder b = new StringBuilder("v,w\n");
    StringBuilder c = new StringBuilder("v,w\n");
    for (int i = 0; i < 1200; i++) {
      b.append(i < 1000 ? String.valueOf(i % 97) : "").append(",1\n");
      c.append(i % 89).append(",1\n");
    }
    Drift.Options v = new Drift.Options(List.of("v"), Method.AUTO, null, 0.5, Set.of());
    ColumnDrift d = only(csv("ref.csv", b.toString()), csv("cur.csv", c.toString()), v);
    assertEquals(Method.KS, d.method(), "1000 values and 200 empty fields are 1000 reference values");
    assertEquals(200.0 / 1200, d.missingReference(), 1e-12);
  }

  @Test
  void auto_fiveDistinctValues_chiSquare_sixDistinct_ks_twoValues_zTest() throws IOException {
    assertEquals(Method.CHISQUARE, only(column("r5.csv", 100, 5, 0), column("c5.csv", 100, 5, 0), Drift.Options.defaults()).method());
    assertEquals(Method.KS, only(column("r6.csv", 100, 6, 0), column("c6.csv", 100, 6, 0), Drift.Options.defaults()).method());
    assertEquals(Method.ZTEST, only(column("r2.csv", 100, 2, 0), column("c2.csv", 100, 2, 0), Drift.Options.defaults()).method());
    // distinct values are counted over both samples: 5 in each, 6 together
    assertEquals(Method.KS, only(column("r5b.csv", 100, 5, 0), column("c5b.csv", 100, 5, 1), Drift.Options.defaults()).method());
  }

  @Test
  void auto_largeReference_fewValuesOrText_jensenShannon() throws IOException {
    assertEquals(Method.JENSENSHANNON, only(column("r.csv", 2000, 5, 0), column("c.csv", 100, 5, 0), Drift.Options.defaults()).method());
    StringBuilder r = new StringBuilder("city\n");
    for (int i = 0; i < 1500; i++) {
      r.append(i % 3 == 0 ? "paris" : "lyon").append('\n');
    }
    ColumnDrift d = only(csv("rc.csv", r.toString()), csv("cc.csv", "city\nparis\nparis\nparis\nlyon\n"), Drift.Options.defaults());
    assertEquals(Method.JENSENSHANNON, d.method());
    assertEquals(ColumnType.CATEGORICAL, d.type());
  }

  @Test
  void auto_rulesTable() {
    assertEquals(Method.KS, ColumnComparison.auto(1000, true, 6));
    assertEquals(Method.CHISQUARE, ColumnComparison.auto(1000, true, 5));
    assertEquals(Method.ZTEST, ColumnComparison.auto(1000, true, 2));
    assertEquals(Method.ZTEST, ColumnComparison.auto(10, false, 2));
    assertEquals(Method.CHISQUARE, ColumnComparison.auto(10, false, 40));
    assertEquals(Method.WASSERSTEIN, ColumnComparison.auto(1001, true, 6));
    assertEquals(Method.JENSENSHANNON, ColumnComparison.auto(1001, true, 5));
    assertEquals(Method.JENSENSHANNON, ColumnComparison.auto(1001, false, 40));
  }

  @Test
  void verdicts_thresholdOverridesAndDriftShareDecidesTheDataSet() throws IOException {
    Drift.Source ref = csv("r.csv", "a,b\n1,x\n2,y\n3,x\n4,y\n5,x\n6,y\n7,x\n");
    Drift.Source cur = csv("c.csv", "a,b\n11,x\n12,y\n13,x\n14,y\n15,x\n16,y\n17,x\n");
    DriftReport r = new Drift().call(ref, cur, Drift.Options.defaults());
    assertEquals("a", r.columns().get(0).name(), "the drifted column first");
    assertTrue(r.columns().get(0).drifted());
    assertFalse(r.columns().get(1).drifted());
    assertEquals(0.5, r.driftShare());
    assertTrue(r.datasetDrift(), "1 of 2 columns reaches a drift share of 0.5");
    assertEquals("Drift detected in 1 of 2 columns: the data set drifted", r.summary());
    DriftReport strict = new Drift().call(ref, cur, new Drift.Options(List.of(), Method.AUTO, null, 0.6, Set.of()));
    assertFalse(strict.datasetDrift());
    DriftReport loose = new Drift().call(ref, cur, new Drift.Options(List.of("a"), Method.KS, 1e-9, 0.5, Set.of()));
    assertFalse(loose.columns().get(0).drifted(), "p is not below 1e-9");
    assertEquals(1e-9, loose.columns().get(0).threshold());
  }

  @Test
  void missingColumn_isAnErrorNamingItAndTheFile() throws IOException {
    Drift.Source ref = csv("r.csv", "a,b\n1,2\n");
    Drift.Source cur = csv("c.csv", "a\n1\n");
    BadInputException e = assertThrows(BadInputException.class, () -> new Drift().call(ref, cur, Drift.Options.defaults()));
    assertEquals("column 'b' is not in c.csv", e.getMessage());
    BadInputException extra = assertThrows(BadInputException.class, () -> new Drift().call(cur, ref, Drift.Options.defaults()));
    assertEquals("column 'b' is not in c.csv", extra.getMessage(), "a column only the current file has");
    BadInputException asked = assertThrows(BadInputException.class,
        () -> new Drift().call(ref, cur, new Drift.Options(List.of("zz"), Method.AUTO, null, 0.5, Set.of())));
    assertEquals("column 'zz' is not in r.csv", asked.getMessage());
    assertEquals(1, new Drift().call(ref, cur, new Drift.Options(List.of("a"), Method.AUTO, null, 0.5, Set.of())).columns().size());
  }

  @Test
  void typeMismatch_namesTheColumnAndTheFirstText() throws IOException {
    Drift.Source ref = csv("r.csv", "a\n1\n2\n3\n");
    Drift.Source cur = csv("c.csv", "a\n1\nabc\n3\n");
    BadInputException e = assertThrows(BadInputException.class, () -> new Drift().call(ref, cur, Drift.Options.defaults()));
    assertEquals("column 'a' holds numbers in r.csv but text in c.csv ('abc' at c.csv:3)", e.getMessage());
  }

  @Test
  void allMissing_andConstantColumns() throws IOException {
    Drift.Source ref = csv("r.csv", "gone,flat,empty\n1,5,\n2,5,NA\n3,5,\n");
    Drift.Source cur = csv("c.csv", "gone,flat,empty\n,5,\nNA,5,\n,5,null\n");
    DriftReport r = new Drift().call(ref, cur, Drift.Options.defaults());
    ColumnDrift gone = r.columns().stream().filter(c -> c.name().equals("gone")).findFirst().orElseThrow();
    assertEquals(Method.MISSING, gone.method());
    assertTrue(gone.drifted(), "a column that lost all its values drifted");
    assertEquals(1.0, gone.missingCurrent());
    assertNull(gone.statistic());
    ColumnDrift empty = r.columns().stream().filter(c -> c.name().equals("empty")).findFirst().orElseThrow();
    assertFalse(empty.drifted());
    assertNull(empty.histogram());
    ColumnDrift flat = r.columns().stream().filter(c -> c.name().equals("flat")).findFirst().orElseThrow();
    assertEquals(Method.ZTEST, flat.method());
    assertEquals(1.0, flat.pValue());
    assertFalse(flat.drifted());
    DriftReport w = new Drift().call(ref, cur, new Drift.Options(List.of("flat"), Method.WASSERSTEIN, null, 0.5, Set.of()));
    assertEquals(0.0, w.columns().get(0).statistic(), "std 0 is replaced by 0.001, so no division by zero");
  }

  @Test
  void methodThatCannotApply_isABadArgument() throws IOException {
    Drift.Source ref = csv("r.csv", "c\nx\ny\nz\n");
    Drift.Source cur = csv("c.csv", "c\nx\nx\nz\n");
    BadArgumentException ks = assertThrows(BadArgumentException.class,
        () -> new Drift().call(ref, cur, new Drift.Options(List.of(), Method.KS, null, 0.5, Set.of())));
    assertTrue(ks.getMessage().contains("column 'c' is categorical"), ks.getMessage());
    BadArgumentException z = assertThrows(BadArgumentException.class,
        () -> new Drift().call(ref, cur, new Drift.Options(List.of(), Method.ZTEST, null, 0.5, Set.of())));
    assertTrue(z.getMessage().contains("'c' has 3"), z.getMessage());
    assertThrows(BadArgumentException.class, () -> Method.parse("kolmogorov"));
    assertThrows(BadArgumentException.class, () -> new Drift.Options(List.of(), Method.AUTO, null, 1.5, Set.of()));
  }

  @Test
  void categoricalFeatures_areComparedAsCategoriesEvenWhenNumeric() throws IOException {
    Drift.Source ref = csv("r.csv", "zip\n75001\n75002\n75003\n75001\n75002\n75003\n75004\n");
    Drift.Source cur = csv("c.csv", "zip\n75001\n75001\n75001\n75002\n75003\n75004\n75005\n");
    ColumnDrift d = only(ref, cur, new Drift.Options(List.of(), Method.AUTO, null, 0.5, Set.of("zip")));
    assertEquals(ColumnType.CATEGORICAL, d.type());
    assertEquals(Method.CHISQUARE, d.method());
    assertEquals(ColumnType.NUMERIC, only(ref, cur, Drift.Options.defaults()).type());
  }

  @Test
  void numbersThenText_makeACategoricalColumnSpelledAsWritten() throws IOException {
    Drift.Source ref = csv("r.csv", "v\n1\n2\nlow\n");
    Drift.Source cur = csv("c.csv", "v\nlow\n1\n2.5\n");
    ColumnDrift d = only(ref, cur, Drift.Options.defaults());
    assertEquals(ColumnType.CATEGORICAL, d.type());
    assertEquals(List.of("1", "2", "2.5", "low"), d.histogram().labels().stream().sorted().toList());
  }

  @Test
  void infinities_countAsMissing() throws IOException {
    Drift.Source ref = csv("r.csv", "v,w\n1,a\nInfinity,a\n3,a\n-Infinity,a\n");
    ColumnDrift d = only(ref, ref, new Drift.Options(List.of("v"), Method.AUTO, null, 0.5, Set.of()));
    assertEquals(ColumnType.NUMERIC, d.type());
    assertEquals(0.5, d.missingReference());
    assertEquals(2, d.valuesReference());
  }

  private static String logLine(String role, String model, String inputs) {
    return "{\"request_id\":\"r\",\"time\":\"2026-01-01T00:00:00Z\",\"model\":\"" + model + "\",\"version\":\"v1\",\"role\":\"" + role
        + "\",\"inputs\":" + inputs + ",\"outputs\":[],\"latency_ms\":1.5}\n";
  }

  @Test
  void requestLog_comparesTheLoggedFeaturesOfPrimaryAndCanaryTraffic() throws IOException {
    Path dir = tmp.resolve("serve");
    Files.createDirectories(dir);
    StringBuilder log = new StringBuilder();
    StringBuilder csv = new StringBuilder("x,c,label\n");
    for (int i = 0; i < 40; i++) {
      String inst = "[{\"x\":" + (i + 100) + ",\"c\":\"" + (i % 2 == 0 ? "a" : "b") + "\"}]";
      log.append(logLine(i % 4 == 0 ? "canary" : "primary", "m", inst)).append(logLine("shadow", "m", inst))
          .append(logLine("primary", "other", "[{\"x\":0,\"c\":\"zz\"}]"));
      csv.append(i).append(',').append(i % 2 == 0 ? "a" : "b").append(",yes\n");
    }
    Files.writeString(dir.resolve("requests.jsonl"), log + "{\"request_id\":\"torn");
    Drift.Source ref = csv("train.csv", csv.toString());
    DriftReport r = new Drift().call(ref, new Drift.Source(dir, "serve", "m"), Drift.Options.defaults());
    assertEquals(List.of("x", "c"), r.columns().stream().map(ColumnDrift::name).toList(), "the label is not a logged feature");
    assertEquals(40, r.currentRows(), "model m's primary and canary rows; no shadow, no torn line");
    assertTrue(r.columns().get(0).drifted());
    assertFalse(r.columns().get(1).drifted());
    BadInputException none = assertThrows(BadInputException.class,
        () -> new Drift().call(ref, new Drift.Source(dir, "serve", "nosuch"), Drift.Options.defaults()));
    assertEquals("serve: no logged requests to model 'nosuch'", none.getMessage());
  }

  @Test
  void compare_tablesInMemory_onTheCurrentTablesColumns() {
    io.mlctl.core.table.TableReader ref = io.mlctl.core.table.TableReader.csv(new java.io.StringReader("x,label\n1,a\n2,b\n3,a\n4,b\n5,a\n6,b\n"), "train");
    io.mlctl.core.table.TableReader cur = io.mlctl.core.table.TableReader.csv(new java.io.StringReader("x\n31\n32\n33\n34\n35\n36\n"), "window");
    DriftReport r = new Drift().compare(ref, "train", cur, "window", Drift.Options.defaults());
    assertEquals(List.of("x"), r.columns().stream().map(ColumnDrift::name).toList());
    assertTrue(r.datasetDrift());
    io.mlctl.core.table.TableReader ref2 = io.mlctl.core.table.TableReader.csv(new java.io.StringReader("y\n1\n"), "train");
    io.mlctl.core.table.TableReader cur2 = io.mlctl.core.table.TableReader.csv(new java.io.StringReader("x\n1\n"), "window");
    BadInputException e = assertThrows(BadInputException.class, () -> new Drift().compare(ref2, "train", cur2, "window", Drift.Options.defaults()));
    assertEquals("column 'x' is not in train", e.getMessage());
  }
}
