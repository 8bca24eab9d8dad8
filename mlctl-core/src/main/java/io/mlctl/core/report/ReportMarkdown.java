package io.mlctl.core.report;

import java.util.List;

/**
 * The report as GitHub-flavoured Markdown. Text from user data is escaped: Markdown punctuation
 * gets a backslash and '<', '>' and '&' become entities, so a description holding {@code <script>}
 * or a column name holding {@code |} renders as the text it is.
 */
public final class ReportMarkdown {
  private ReportMarkdown() {}

  public static String render(ModelReport r) {
    ReportDocument d = ReportDocument.of(r);
    StringBuilder sb = new StringBuilder(8_192);
    sb.append("# ").append(esc(d.title())).append("\n");
    for (ReportDocument.Section s : d.sections()) {
      sb.append("\n## ").append(esc(s.title())).append("\n");
      for (ReportDocument.Block b : s.blocks()) {
        sb.append('\n');
        if (b instanceof ReportDocument.Para p) {
          sb.append(esc(p.text())).append('\n');
        } else {
          table(sb, (ReportDocument.Table) b);
        }
      }
    }
    return sb.toString();
  }

  private static void table(StringBuilder sb, ReportDocument.Table t) {
    row(sb, t.header());
    sb.append('|');
    t.header().forEach(h -> sb.append(" --- |"));
    sb.append('\n');
    for (List<String> r : t.rows()) {
      row(sb, r);
    }
  }

  private static void row(StringBuilder sb, List<String> cells) {
    sb.append('|');
    for (String c : cells) {
      sb.append(' ').append(esc(c)).append(" |");
    }
    sb.append('\n');
  }

  static String esc(String s) {
    StringBuilder b = new StringBuilder(s.length() + 8);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '&' -> b.append("&amp;");
        case '\\', '`', '*', '_', '[', ']', '|', '#', '!', '~' -> b.append('\\').append(c);
        case '\n', '\r', '\t' -> b.append(' ');
        default -> b.append(c < 0x20 ? ' ' : c);
      }
    }
    return b.toString();
  }
}
