package io.mlctl.core.drift;

import io.mlctl.core.plots.Html;
import java.util.Locale;

/**
 * A drift report as one self-contained HTML page: the summary line, then a row per column with its
 * method, score, threshold and verdict beside overlaid reference and current histograms drawn as
 * inline SVG. Nothing is fetched from the network; every name and category taken from the data is
 * escaped. Stateless.
 */
public final class DriftPage {
  private static final String REF_COLOR = "#0072B2";
  private static final String CUR_COLOR = "#E69F00";
  private static final int W = 420;
  private static final int H = 150;
  private static final int PAD_LEFT = 36;
  private static final int PAD_BOTTOM = 34;
  private static final int PAD_TOP = 8;

  private DriftPage() {}

  public static String html(DriftReport r) {
    return html(r, null);
  }

  /** The page, with the predicted-label rates per group of {@code slices} when given. */
  public static String html(DriftReport r, SliceRates slices) {
    StringBuilder b = new StringBuilder(16_384);
    String title = "Drift: " + r.current() + " against " + r.reference();
    b.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<title>").append(Html.esc(title)).append("</title>\n<style>\n").append(STYLE).append("</style>\n</head>\n<body>\n")
        .append("<h1>").append(Html.esc(title)).append("</h1>\n")
        .append("<p class=\"summary ").append(r.datasetDrift() ? "drift" : "ok").append("\">").append(Html.esc(r.summary())).append("</p>\n")
        .append("<p class=\"meta\">").append(r.referenceRows()).append(" reference rows, ").append(r.currentRows())
        .append(" current rows; the data set drifts when at least ").append(pct(r.driftShareThreshold())).append(" of the columns drift (here ")
        .append(pct(r.driftShare())).append(").</p>\n")
        .append("<p class=\"legend\"><span class=\"swatch\" style=\"background:").append(REF_COLOR).append("\"></span>reference ")
        .append("<span class=\"swatch\" style=\"background:").append(CUR_COLOR).append("\"></span>current</p>\n")
        .append("<table>\n<thead><tr><th>column</th><th>type</th><th>method</th><th>score</th><th>threshold</th><th>PSI</th>")
        .append("<th>missing (ref / cur)</th><th>verdict</th><th>distribution</th></tr></thead>\n<tbody>\n");
    for (ColumnDrift c : r.columns()) {
      b.append("<tr class=\"").append(c.drifted() ? "drift" : "ok").append("\"><td class=\"name\">").append(Html.esc(c.name())).append("</td><td>")
          .append(c.type().id()).append("</td><td>").append(c.method().id()).append("</td><td>").append(num(c.shownScore()))
          .append(c.method().isPValue() ? " (p)" : "").append("</td><td>").append(num(c.threshold())).append("</td><td>").append(num(c.psi()))
          .append("</td><td>").append(pct(c.missingReference())).append(" / ").append(pct(c.missingCurrent())).append("</td><td>")
          .append(c.drifted() ? "drift" : "no drift").append("</td><td>").append(svg(c.histogram())).append("</td></tr>\n");
    }
    b.append("</tbody>\n</table>\n");
    if (slices != null) {
      slices(b, slices);
    }
    return b.append("</body>\n</html>\n").toString();
  }

  /** The predicted-label rates per group, reference against current. */
  private static void slices(StringBuilder b, SliceRates s) {
    b.append("<h2>Predicted labels by ").append(Html.esc(s.column())).append(" (").append(Html.esc(s.model())).append(")</h2>\n")
        .append("<p class=\"summary ").append(s.driftedGroups() > 0 ? "drift" : "ok").append("\">").append(s.driftedGroups())
        .append(" of ").append(s.groups().size()).append(" groups changed a label's rate by ").append(pct(SliceRates.THRESHOLD))
        .append(" or more</p>\n<table>\n<thead><tr><th>group</th><th>rows (ref / cur)</th>");
    for (String l : s.labels()) {
      b.append("<th>").append(Html.esc(l)).append(" (ref / cur)</th>");
    }
    b.append("<th>change</th><th>verdict</th></tr></thead>\n<tbody>\n");
    for (SliceRates.Group g : s.groups()) {
      b.append("<tr class=\"").append(g.drifted() ? "drift" : "ok").append("\"><td class=\"name\">").append(Html.esc(g.value()))
          .append("</td><td>").append(g.referenceRows()).append(" / ").append(g.currentRows()).append("</td>");
      for (int i = 0; i < s.labels().size(); i++) {
        b.append("<td>").append(g.referenceRates().isEmpty() ? "-" : pct(g.referenceRates().get(i))).append(" / ")
            .append(g.currentRates().isEmpty() ? "-" : pct(g.currentRates().get(i))).append("</td>");
      }
      b.append("<td>").append(num(Double.isNaN(g.rateChange()) ? null : g.rateChange())).append("</td><td>")
          .append(Double.isNaN(g.rateChange()) ? "on one side only" : g.drifted() ? "drift" : "no drift").append("</td></tr>\n");
    }
    b.append("</tbody>\n</table>\n");
  }

  /** Overlaid bars: per bin the reference bar and, half-transparent on top, the current one. */
  static String svg(Histogram h) {
    if (h == null) {
      return "<span class=\"none\">no values</span>";
    }
    int bins = h.labels().size();
    double max = 0;
    for (int i = 0; i < bins; i++) {
      max = Math.max(max, Math.max(h.reference()[i], h.current()[i]));
    }
    if (max == 0) {
      max = 1;
    }
    double plotW = W - PAD_LEFT - 6;
    double plotH = H - PAD_TOP - PAD_BOTTOM;
    double bw = plotW / bins;
    StringBuilder s = new StringBuilder();
    s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(W).append("\" height=\"").append(H).append("\" viewBox=\"0 0 ")
        .append(W).append(' ').append(H).append("\" role=\"img\">");
    s.append("<line x1=\"").append(PAD_LEFT).append("\" y1=\"").append(Html.num(PAD_TOP + plotH)).append("\" x2=\"").append(W - 6)
        .append("\" y2=\"").append(Html.num(PAD_TOP + plotH)).append("\" stroke=\"#999\"/>");
    s.append("<text x=\"").append(PAD_LEFT - 4).append("\" y=\"").append(PAD_TOP + 10).append("\" text-anchor=\"end\">").append(pct(max))
        .append("</text>");
    for (int i = 0; i < bins; i++) {
      double x = PAD_LEFT + i * bw;
      double gap = h.categorical() ? bw * 0.12 : 0.5;
      bar(s, x + gap, bw - 2 * gap, h.reference()[i] / max, plotH, REF_COLOR, 0.85, h.labels().get(i), "reference", h.reference()[i]);
      bar(s, x + gap, bw - 2 * gap, h.current()[i] / max, plotH, CUR_COLOR, 0.6, h.labels().get(i), "current", h.current()[i]);
      boolean label = h.categorical() || i % 5 == 0;
      if (label) {
        String text = h.labels().get(i);
        if (text.length() > 10) {
          text = text.substring(0, 9) + "…";
        }
        s.append("<text x=\"").append(Html.num(x + (h.categorical() ? bw / 2 : 0))).append("\" y=\"").append(Html.num(PAD_TOP + plotH + 14))
            .append("\" text-anchor=\"").append(h.categorical() ? "middle" : "start").append("\"")
            .append(h.categorical() && bins > 6 ? " transform=\"rotate(30 " + Html.num(x + bw / 2) + " " + Html.num(PAD_TOP + plotH + 14) + ")\"" : "")
            .append(">").append(Html.esc(text)).append("</text>");
      }
    }
    return s.append("</svg>").toString();
  }

  private static void bar(StringBuilder s, double x, double w, double frac, double plotH, String color, double opacity, String label,
      String which, double share) {
    double hgt = frac * plotH;
    s.append("<rect x=\"").append(Html.num(x)).append("\" y=\"").append(Html.num(PAD_TOP + plotH - hgt)).append("\" width=\"")
        .append(Html.num(Math.max(w, 0.5))).append("\" height=\"").append(Html.num(hgt)).append("\" fill=\"").append(color)
        .append("\" fill-opacity=\"").append(opacity).append("\"><title>").append(Html.esc(label)).append(": ").append(which).append(' ')
        .append(pct(share)).append("</title></rect>");
  }

  private static String num(Double v) {
    if (v == null) {
      return "–";
    }
    if (v != 0 && Math.abs(v) < 1e-4) {
      return String.format(Locale.ROOT, "%.3g", v);
    }
    return String.format(Locale.ROOT, "%.4f", v);
  }

  private static String pct(double v) {
    return String.format(Locale.ROOT, "%.1f%%", v * 100);
  }

  private static final String STYLE = """
      body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 24px auto; max-width: 1400px;
        color: #222; background: #fafafa; padding: 0 16px; }
      h1 { font-size: 22px; font-weight: 600; }
      .summary { font-size: 18px; font-weight: 600; }
      .summary.drift { color: #b00020; }
      .summary.ok { color: #1b7f3b; }
      .meta, .legend { color: #555; font-size: 13px; }
      .swatch { display: inline-block; width: 12px; height: 12px; margin: 0 4px 0 12px; vertical-align: middle; }
      table { border-collapse: collapse; background: #fff; }
      th, td { border-bottom: 1px solid #ddd; padding: 6px 10px; text-align: left; font-size: 13px; vertical-align: middle; }
      tr.drift td:nth-child(8) { color: #b00020; font-weight: 600; }
      tr.ok td:nth-child(8) { color: #1b7f3b; }
      td.name { font-weight: 600; font-family: ui-monospace, monospace; }
      svg text { font-size: 10px; fill: #444; }
      """;
}
