package io.mlctl.cli.help;

import java.util.ArrayList;
import java.util.List;

/**
 * Word wrapping for help text that breaks only at spaces. picocli's own wrapping uses the JDK's
 * line break rules, which break after a dot or a colon: {@code config.local.yaml} came out as
 * {@code config.local.} and {@code yaml} on the next line, and a user copying a key or a path got
 * half of it. A word longer than the line stands alone on its line rather than being cut.
 */
final class Wrap {
  private Wrap() {}

  /**
   * The lines of {@code text} filled to {@code width} columns: the first starts at {@code first}
   * (the caller has already printed that many columns), every following line with {@code indent}
   * spaces.
   */
  static List<String> fill(String text, int width, int first, int indent) {
    List<String> lines = new ArrayList<>();
    StringBuilder line = new StringBuilder();
    int column = first;
    boolean empty = true;
    for (String word : text.strip().split(" +")) {
      if (word.isEmpty()) {
        continue;
      }
      if (!empty && column + 1 + word.length() > width) {
        lines.add(line.toString());
        line.setLength(0);
        line.append(" ".repeat(indent));
        column = indent;
        empty = true;
      }
      if (!empty) {
        line.append(' ');
        column++;
      }
      line.append(word);
      column += word.length();
      empty = false;
    }
    lines.add(line.toString());
    return lines;
  }

  /** A paragraph that starts at column {@code indent}; its continuation lines are indented by {@code hang} more. */
  static void paragraph(StringBuilder out, String text, int width, int indent, int hang) {
    out.append(" ".repeat(indent));
    for (String line : fill(text, width, indent, indent + hang)) {
      out.append(line).append('\n');
    }
  }

  /** A two-column row: {@code left} padded to {@code column}, then {@code text} wrapped beside it. */
  static void row(StringBuilder out, String left, String text, int width, int column) {
    if (text.isBlank()) {
      out.append(left.stripTrailing()).append('\n');
      return;
    }
    if (left.length() + 2 > column) {
      // A long option name: its description starts on the next line, at the description column.
      out.append(left).append('\n');
      left = "";
    }
    out.append(left).append(" ".repeat(column - left.length()));
    for (String line : fill(text, width, column, column)) {
      out.append(line).append('\n');
    }
  }
}
