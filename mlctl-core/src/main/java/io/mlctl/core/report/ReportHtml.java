package io.mlctl.core.report;

import io.mlctl.core.plots.Html;
import java.util.List;
import java.util.Set;

/** The report as one self-contained HTML page: inline CSS, no script, nothing fetched. */
public final class ReportHtml {
  private static final Set<String> STATUSES = Set.of("verified", "recorded", "failed", "missing");
  private static final String CSS = """
      body{font-family:system-ui,-apple-system,Segoe UI,Helvetica,Arial,sans-serif;margin:2rem auto;max-width:70rem;color:#222;padding:0 1rem}
      h1{font-size:1.6rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #ccc;padding-bottom:.2rem}
      table{border-collapse:collapse;margin:.6rem 0;width:100%}th,td{border:1px solid #ddd;padding:.25rem .5rem;text-align:left;vertical-align:top;font-size:.9rem;overflow-wrap:anywhere}
      th{background:#f4f4f4}.verified{color:#1a7f37;font-weight:600}.recorded{color:#555}.failed,.missing{color:#c00;font-weight:700}
      footer{margin-top:2rem;color:#777;font-size:.8rem}
      """;

  private ReportHtml() {}

  public static String render(ModelReport r) {
    ReportDocument d = ReportDocument.of(r);
    StringBuilder sb = new StringBuilder(16_384);
    sb.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n")
        .append("<title>").append(Html.esc(d.title())).append("</title>\n<style>").append(CSS).append("</style>\n</head>\n<body>\n")
        .append("<h1>").append(Html.esc(d.title())).append("</h1>\n");
    for (ReportDocument.Section s : d.sections()) {
      sb.append("<section>\n<h2>").append(Html.esc(s.title())).append("</h2>\n");
      for (ReportDocument.Block b : s.blocks()) {
        block(sb, b);
      }
      sb.append("</section>\n");
    }
    sb.append("<footer>Written by mlctl ").append(Html.esc(r.mlctlVersion())).append(" at ").append(Html.esc(r.generated()))
        .append(".</footer>\n</body>\n</html>\n");
    return sb.toString();
  }

  private static void block(StringBuilder sb, ReportDocument.Block b) {
    if (b instanceof ReportDocument.Para p) {
      sb.append("<p>").append(Html.esc(p.text())).append("</p>\n");
      return;
    }
    ReportDocument.Table t = (ReportDocument.Table) b;
    sb.append("<table>\n<thead><tr>");
    t.header().forEach(h -> sb.append("<th>").append(Html.esc(h)).append("</th>"));
    sb.append("</tr></thead>\n<tbody>\n");
    for (List<String> row : t.rows()) {
      sb.append("<tr>");
      for (String cell : row) {
        sb.append(STATUSES.contains(cell) ? "<td class=\"" + cell + "\">" : "<td>").append(Html.esc(cell)).append("</td>");
      }
      sb.append("</tr>\n");
    }
    sb.append("</tbody>\n</table>\n");
  }
}
