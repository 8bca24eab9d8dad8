package io.mlctl.core.table;

import io.mlctl.core.BadInputException;
import io.mlctl.core.StorageException;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a CSV file with a header row, one record at a time, so files larger than memory stream
 * through. RFC 4180 quoting (double quotes, doubled inside; commas and line breaks inside quotes),
 * a UTF-8 byte-order mark and CRLF line ends are accepted; blank lines are skipped; header names
 * are stripped of surrounding spaces. Every record must have as many fields as the header, a
 * quoted field must close and be followed by a comma or the line end, and errors name the file,
 * line and column. Hand-written rather than a library: on a million-row file it reads faster than
 * FastCSV and Jackson's CSV module (BENCHMARKS.md, "Table reading"). Not thread-safe.
 */
public final class CsvTable implements TableReader {
  private final Reader in;
  private final String shownAs;
  private final String[] header;
  private final char[] buf = new char[1 << 16];
  private int pos;
  private int len;
  private int line = 1;
  private int recordLine;
  private long rows;
  private final StringBuilder field = new StringBuilder();
  private final List<String> fields = new ArrayList<>();

  private CsvTable(Reader in, String shownAs) {
    this.in = in;
    this.shownAs = shownAs;
    String[] h = readRecord();
    if (h == null) {
      throw BadInputException.at(shownAs, 1, 0, "the CSV file is empty", "it needs a header row and data rows");
    }
    if (h.length > 0 && !h[0].isEmpty() && h[0].charAt(0) == '\uFEFF') {
      h[0] = h[0].substring(1);
    }
    for (int i = 0; i < h.length; i++) {
      h[i] = h[i].strip();
      for (int j = 0; j < i; j++) {
        if (h[j].equals(h[i])) {
          throw BadInputException.at(shownAs, recordLine, i + 1, "the column '" + h[i] + "' appears twice in the header",
              "give each column its own name");
        }
      }
    }
    this.header = h;
  }

  /**
   * Opens {@code file} and reads its header.
   *
   * @param shownAs how messages name the file
   */
  static CsvTable open(Path file, String shownAs) {
    try {
      return new CsvTable(Files.newBufferedReader(file, StandardCharsets.UTF_8), shownAs);
    } catch (NoSuchFileException e) {
      throw new BadInputException(shownAs + ": no such file", "check the path");
    } catch (IOException e) {
      throw StorageException.of("read", file, e);
    }
  }

  static CsvTable of(Reader in, String shownAs) {
    return new CsvTable(in, shownAs);
  }

  @Override
  public String[] header() {
    return header.clone();
  }

  @Override
  public String shownAs() {
    return shownAs;
  }

  /** The 1-based line the last record returned started on. */
  @Override
  public int line() {
    return recordLine;
  }

  @Override
  public void pointAt(int line) {
    recordLine = line;
  }

  /** Data records returned so far. */
  @Override
  public long rows() {
    return rows;
  }

  /** The next data record, or null at the end. */
  @Override
  public String[] next() {
    String[] r = readRecord();
    if (r == null) {
      return null;
    }
    if (r.length != header.length) {
      // the column named is where the row stops matching the header: its first extra or missing field
      throw BadInputException.at(shownAs, recordLine, Math.min(r.length, header.length) + 1, "the row has " + r.length + " fields, the header has " + header.length,
          "every row needs one value per column");
    }
    rows++;
    return r;
  }

  private int read() {
    if (pos == len) {
      try {
        len = in.read(buf, 0, buf.length);
      } catch (CharacterCodingException e) {
        throw BadInputException.at(shownAs, line, 0, "the file is not UTF-8 text", "save it as UTF-8");
      } catch (IOException e) {
        throw new StorageException(shownAs + ": cannot read: " + e.getMessage(), null, e);
      }
      pos = 0;
      if (len <= 0) {
        len = 0;
        return -1;
      }
    }
    return buf[pos++];
  }

  private String[] readRecord() {
    List<String> fields = this.fields;
    fields.clear();
    int c = read();
    while (c == '\n' || c == '\r') {
      if (c == '\n') {
        line++;
      }
      c = read();
    }
    if (c == -1) {
      return null;
    }
    recordLine = line;
    while (true) {
      // c is the first character of a field; each branch leaves c on the character after it
      if (c == '"') {
        c = readQuoted(fields.size() + 1);
      } else if (c == ',' || c == '\n' || c == '\r' || c == -1) {
        fields.add("");
      } else {
        c = readPlain();
      }
      if (c == ',') {
        c = read();
        continue;
      }
      if (c == '\r') {
        int d = read();
        if (d != '\n' && d != -1) {
          pos--;
        }
      }
      line++;
      return fields.toArray(new String[fields.size()]);
    }
  }

  /** An unquoted field whose first character was just read; returns the character after it. */
  private int readPlain() {
    // Most fields lie whole inside the buffer and become a String in one copy; building them
    // through a StringBuilder doubled the reading time of a large numeric file.
    int start = pos - 1;
    while (pos < len) {
      char d = buf[pos];
      if (d == ',' || d == '\n' || d == '\r') {
        fields.add(new String(buf, start, pos - start));
        return buf[pos++];
      }
      if (d == '"') {
        break;
      }
      pos++;
    }
    // the field runs past the buffer or holds a quote (kept as a character, as spreadsheets do)
    field.setLength(0);
    field.append(buf, start, pos - start);
    int d = read();
    while (d != ',' && d != '\n' && d != '\r' && d != -1) {
      field.append((char) d);
      d = read();
    }
    fields.add(field.toString());
    return d;
  }

  /** A quoted field whose opening quote was just read; returns the character after the closing quote. */
  private int readQuoted(int column) {
    field.setLength(0);
    while (true) {
      int d = read();
      if (d == -1) {
        throw BadInputException.at(shownAs, recordLine, column, "a quoted field is not closed", "close it with '\"'");
      }
      if (d == '"') {
        int e = read();
        if (e != '"') {
          if (e != ',' && e != '\n' && e != '\r' && e != -1) {
            throw BadInputException.at(shownAs, line, column, "'" + (char) e + "' follows the closing quote of a field",
                "double a quote inside a quoted field (\"\") or quote the whole field");
          }
          fields.add(field.toString());
          return e;
        }
      } else if (d == '\n') {
        line++;
      }
      field.append((char) d);
    }
  }

  @Override
  public void close() {
    try {
      in.close();
    } catch (IOException ignored) {
      // reading is over; nothing was written
    }
  }
}
