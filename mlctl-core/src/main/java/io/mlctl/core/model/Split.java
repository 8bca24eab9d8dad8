package io.mlctl.core.model;

import io.mlctl.core.BadArgumentException;
import io.mlctl.core.BadInputException;
import io.mlctl.core.StorageException;
import io.mlctl.core.table.TableReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Splits a CSV file into a training and a test file, keeping the header in both and the rows in
 * their original order. Deterministic: the same file, ratio and seed give the same split on any
 * machine. The file is read twice (once to count, once to write), so only one bit per row is held.
 * With a stratification column each of its values is split in the same ratio. Both outputs are
 * written temp-then-rename.
 */
public final class Split {
  /** How a split came out: rows in each file, and per stratum when stratified. */
  public record Result(long trainRows, long testRows, Map<String, long[]> strata) {}

  /**
   * @param ratio the share of rows that go to the training file, in (0, 1)
   * @param stratify a column whose values are split in the same ratio, or null
   */
  public Result call(Path in, String inShown, Path train, Path test, double ratio, long seed, String stratify) {
    if (!(ratio > 0 && ratio < 1)) {
      throw new BadArgumentException("--ratio must be between 0 and 1 (exclusive), got " + ratio,
          "0.8 puts 80% of the rows in the training file");
    }
    Map<String, List<Integer>> groups = new LinkedHashMap<>();
    int n = 0;
    try (TableReader r = TableReader.open(in, inShown)) {
      int col = -1;
      if (stratify != null) {
        col = r.column(stratify);
        if (col < 0) {
          throw BadInputException.at(inShown, 1, 0, "no column '" + stratify + "' to stratify by", "the header has " + String.join(", ", r.header()));
        }
      }
      for (String[] row = r.next(); row != null; row = r.next()) {
        groups.computeIfAbsent(col < 0 ? "" : row[col], k -> new ArrayList<>()).add(n++);
      }
    }
    if (n == 0) {
      throw BadInputException.at(inShown, 2, 0, "the CSV file has a header but no rows", "nothing to split");
    }
    BitSet inTest = new BitSet(n);
    Random random = new Random(seed);
    Map<String, long[]> strata = new LinkedHashMap<>();
    for (Map.Entry<String, List<Integer>> g : groups.entrySet()) {
      List<Integer> rows = g.getValue();
      // Fisher-Yates with java.util.Random: its sequence is specified, so the split is the same everywhere.
      int[] order = rows.stream().mapToInt(Integer::intValue).toArray();
      for (int i = order.length - 1; i > 0; i--) {
        int j = random.nextInt(i + 1);
        int t = order[i];
        order[i] = order[j];
        order[j] = t;
      }
      int trainCount = (int) Math.round(ratio * order.length);
      for (int i = trainCount; i < order.length; i++) {
        inTest.set(order[i]);
      }
      strata.put(g.getKey(), new long[] {trainCount, order.length - trainCount});
    }
    write(in, inShown, train, test, inTest);
    long testRows = inTest.cardinality();
    return new Result(n - testRows, testRows, stratify == null ? Map.of() : strata);
  }

  private static void write(Path in, String inShown, Path train, Path test, BitSet inTest) {
    try (TableReader r = TableReader.open(in, inShown);
         StreamedFile trainFile = StreamedFile.create(train);
         StreamedFile testFile = StreamedFile.create(test)) {
      try (Writer tw = new BufferedWriter(new OutputStreamWriter(trainFile.open(), StandardCharsets.UTF_8), 1 << 16);
           Writer sw = new BufferedWriter(new OutputStreamWriter(testFile.open(), StandardCharsets.UTF_8), 1 << 16)) {
        CsvWriter trainCsv = new CsvWriter(tw);
        CsvWriter testCsv = new CsvWriter(sw);
        trainCsv.write(r.header());
        testCsv.write(r.header());
        int i = 0;
        for (String[] row = r.next(); row != null; row = r.next()) {
          (inTest.get(i++) ? testCsv : trainCsv).write(row);
        }
      } catch (IOException e) {
        throw new StorageException("cannot write the split of " + inShown + ": " + e.getMessage(), null, e);
      }
      trainFile.commit();
      testFile.commit();
    }
  }
}
