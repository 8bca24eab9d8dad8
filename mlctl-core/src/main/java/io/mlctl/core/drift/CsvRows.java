package io.mlctl.core.drift;

import io.mlctl.core.model.CsvReader;
import java.nio.file.Path;

/** A CSV file with a header row as {@link Rows}. */
final class CsvRows implements Rows {
  private final CsvReader in;

  private CsvRows(CsvReader in) {
    this.in = in;
  }

  static CsvRows open(Path file, String shownAs) {
    return new CsvRows(CsvReader.open(file, shownAs));
  }

  @Override
  public String[] header() {
    return in.header();
  }

  @Override
  public String[] next() {
    return in.next();
  }

  @Override
  public int line() {
    return in.line();
  }

  @Override
  public String shownAs() {
    return in.shownAs();
  }

  @Override
  public void close() {
    in.close();
  }
}
