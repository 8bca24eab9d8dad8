import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.StringArrayHandler;
import io.mlctl.core.table.Numbers;
import io.mlctl.core.table.TableReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Times reading one CSV file to String[] rows with mlctl's reader, FastCSV and Jackson's CSV
 * module, and then the same while parsing every numeric-looking field to a double. Each reader
 * runs ROUNDS times, interleaved, after one warm-up round; the median is printed per reader.
 * Run by bench/table.sh.
 */
public final class TableRead {
  interface Rows {
    long run(Path file, boolean parse) throws Exception;
  }

  static long touch(String[] row, boolean parse) {
    long s = row.length;
    for (String v : row) {
      s += v.length();
      if (parse && !v.isEmpty() && (v.charAt(0) == '-' || Character.isDigit(v.charAt(0)))) {
        s += (long) Numbers.parse(v);
      }
    }
    return s;
  }

  static long mlctl(Path file, boolean parse) {
    long s = 0;
    try (TableReader r = TableReader.open(file, file.toString())) {
      for (String[] row = r.next(); row != null; row = r.next()) {
        s += touch(row, parse);
      }
    }
    return s;
  }

  static long fastcsv(Path file, boolean parse) throws Exception {
    long s = 0;
    try (CsvReader<String[]> r = CsvReader.builder().build(StringArrayHandler.of(), file)) {
      boolean header = true;
      for (String[] row : r) {
        if (header) {
          header = false;
          continue;
        }
        s += touch(row, parse);
      }
    }
    return s;
  }

  static long jackson(Path file, boolean parse) throws Exception {
    long s = 0;
    CsvMapper m = new CsvMapper();
    try (MappingIterator<String[]> it = m.readerForArrayOf(String.class).with(CsvParser.Feature.WRAP_AS_ARRAY).readValues(file.toFile())) {
      boolean header = true;
      while (it.hasNext()) {
        String[] row = it.next();
        if (header) {
          header = false;
          continue;
        }
        s += touch(row, parse);
      }
    }
    return s;
  }

  public static void main(String[] args) throws Exception {
    Path file = Path.of(args[0]);
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    String[] names = {"mlctl TableReader", "FastCSV 4.1.0", "jackson-dataformat-csv 2.22.4"};
    Rows[] readers = {TableRead::mlctl, TableRead::fastcsv, TableRead::jackson};
    System.out.printf("file: %s (%.1f MB)%n", file, Files.size(file) / 1e6);
    for (boolean parse : new boolean[] {false, true}) {
      long[][] ms = new long[readers.length][rounds];
      long[] check = new long[readers.length];
      for (int round = -1; round < rounds; round++) {
        for (int i = 0; i < readers.length; i++) {
          long t0 = System.nanoTime();
          check[i] = readers[i].run(file, parse);
          long t = (System.nanoTime() - t0) / 1_000_000;
          if (round >= 0) {
            ms[i][round] = t;
          }
        }
      }
      for (int i = 0; i < readers.length; i++) {
        if (check[i] != check[0]) {
          throw new IllegalStateException(names[i] + " read different values");
        }
        Arrays.sort(ms[i]);
        System.out.printf("| %s | %s | %d ms | %s |%n", parse ? "rows + numbers parsed" : "rows", names[i], ms[i][rounds / 2], Arrays.toString(ms[i]));
      }
    }
  }
}
