package io.mlctl.core.plots;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Draws charts as inline SVG: line plots, horizontal bar charts and heat maps, with axes, ticks,
 * axis labels and a legend. Every text is escaped. Stateless.
 */
final class Charts {
  /** Colour-blind-safe categorical colours (Okabe and Ito). */
  static final String[] COLORS = {"#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"};
  /** The fill of a bar for a run that failed or was killed. */
  static final String MUTED = "#b0b0b0";
  private static final int WIDTH = 720;
  private static final int HEIGHT = 380;
  private static final int LEFT = 72;
  private static final int RIGHT = 24;
  private static final int TOP = 40;
  private static final int BOTTOM = 56;

  private Charts() {}

  /**
   * One line of a line plot: its name in the legend, its (x, y) points in x order, and its dash
   * pattern ({@code stroke-dasharray}; null for a solid line), so lines tell apart by more than colour.
   */
  record Line(String name, List<double[]> points, String dash) {
    Line(String name, List<double[]> points) {
      this(name, points, null);
    }
  }

  static String line(String title, String xLabel, String yLabel, List<Line> lines) {
    double xmin = Double.POSITIVE_INFINITY;
    double xmax = Double.NEGATIVE_INFINITY;
    double ymin = Double.POSITIVE_INFINITY;
    double ymax = Double.NEGATIVE_INFINITY;
    for (Line l : lines) {
      for (double[] p : l.points()) {
        xmin = Math.min(xmin, p[0]);
        xmax = Math.max(xmax, p[0]);
        ymin = Math.min(ymin, p[1]);
        ymax = Math.max(ymax, p[1]);
      }
    }
    if (xmin > xmax) {
      xmin = 0;
      xmax = 1;
      ymin = 0;
      ymax = 1;
    }
    boolean whole = lines.stream().allMatch(l -> l.points().stream().allMatch(p -> p[0] == Math.rint(p[0])));
    Axis x = Axis.of(xmin, xmax);
    if (whole && x.step() < 1) {
      // Steps and epochs are whole numbers: no tick at 0.5.
      x = new Axis(Math.floor(xmin), Math.max(Math.ceil(xmax), Math.floor(xmin) + 1), 1);
    }
    Axis y = Axis.of(ymin, ymax);
    int legendRows = (lines.size() + 2) / 3;
    int height = HEIGHT + 12 + legendRows * 20;
    int plotW = WIDTH - LEFT - RIGHT;
    int plotH = HEIGHT - TOP - BOTTOM;
    StringBuilder s = open(title, height);
    axes(s, x, y, plotW, plotH, xLabel, yLabel);
    for (int i = 0; i < lines.size(); i++) {
      Line l = lines.get(i);
      String color = COLORS[i % COLORS.length];
      StringBuilder pts = new StringBuilder();
      for (double[] p : l.points()) {
        pts.append(Html.num(LEFT + x.frac(p[0]) * plotW)).append(',').append(Html.num(TOP + plotH - y.frac(p[1]) * plotH)).append(' ');
      }
      s.append("<polyline class=\"series\" fill=\"none\" stroke=\"").append(color).append("\" stroke-width=\"2\"")
          .append(l.dash() == null ? "" : " stroke-dasharray=\"" + l.dash() + "\"").append(" points=\"")
          .append(pts.toString().strip()).append("\"><title>").append(Html.esc(l.name())).append("</title></polyline>\n");
      if (l.points().size() <= 40) {
        for (double[] p : l.points()) {
          s.append("<circle r=\"3\" fill=\"").append(color).append("\" cx=\"").append(Html.num(LEFT + x.frac(p[0]) * plotW))
              .append("\" cy=\"").append(Html.num(TOP + plotH - y.frac(p[1]) * plotH)).append("\"><title>")
              .append(Html.esc(l.name() + ": " + Axis.label(p[0]) + ", " + Axis.label(p[1]))).append("</title></circle>\n");
        }
      }
    }
    legend(s, lines, HEIGHT + 16);
    return s.append("</svg>\n").toString();
  }

  /** One bar: its label and value; a muted bar stands for a run that did not succeed. */
  record Bar(String label, double value, boolean muted) {
    Bar(String label, double value) {
      this(label, value, false);
    }
  }

  static String bars(String title, String valueLabel, List<Bar> bars) {
    int rowH = 26;
    int left = 200;
    int height = TOP + bars.size() * rowH + BOTTOM;
    int plotW = WIDTH - left - RIGHT - 60;
    double min = Math.min(0, bars.stream().mapToDouble(Bar::value).min().orElse(0));
    double max = Math.max(0, bars.stream().mapToDouble(Bar::value).max().orElse(1));
    Axis x = Axis.of(min, max == min ? min + 1 : max);
    StringBuilder s = open(title, height);
    int plotH = bars.size() * rowH;
    for (double t : x.ticks()) {
      double px = left + x.frac(t) * plotW;
      s.append("<line class=\"grid\" x1=\"").append(Html.num(px)).append("\" x2=\"").append(Html.num(px)).append("\" y1=\"")
          .append(TOP).append("\" y2=\"").append(TOP + plotH).append("\" stroke=\"#e5e5e5\"/>\n");
      s.append("<text class=\"tick\" x=\"").append(Html.num(px)).append("\" y=\"").append(TOP + plotH + 18)
          .append("\" text-anchor=\"middle\">").append(Html.esc(Axis.label(t))).append("</text>\n");
    }
    double zero = left + x.frac(0) * plotW;
    for (int i = 0; i < bars.size(); i++) {
      Bar b = bars.get(i);
      double y = TOP + i * rowH + 4;
      double px = left + x.frac(b.value()) * plotW;
      s.append("<text class=\"label\" x=\"").append(left - 8).append("\" y=\"").append(Html.num(y + 13))
          .append("\" text-anchor=\"end\">").append(Html.esc(shorten(b.label(), 28))).append("<title>")
          .append(Html.esc(b.label())).append("</title></text>\n");
      s.append("<rect class=\"bar\" x=\"").append(Html.num(Math.min(zero, px))).append("\" y=\"").append(Html.num(y))
          .append("\" width=\"").append(Html.num(Math.max(1, Math.abs(px - zero)))).append("\" height=\"").append(rowH - 8)
          .append("\" fill=\"").append(b.muted() ? MUTED : COLORS[0]).append("\"><title>")
          .append(Html.esc(b.label() + ": " + Axis.label(b.value())))
          .append("</title></rect>\n");
      s.append("<text class=\"value\" x=\"").append(Html.num(Math.max(zero, px) + 6)).append("\" y=\"").append(Html.num(y + 13))
          .append("\">").append(Html.esc(Axis.label(b.value()))).append("</text>\n");
    }
    s.append("<line class=\"axis\" x1=\"").append(left).append("\" x2=\"").append(left + plotW).append("\" y1=\"")
        .append(TOP + plotH).append("\" y2=\"").append(TOP + plotH).append("\" stroke=\"#333\"/>\n");
    s.append("<text class=\"axis-label\" x=\"").append(left + plotW / 2).append("\" y=\"").append(TOP + plotH + 42)
        .append("\" text-anchor=\"middle\">").append(Html.esc(valueLabel)).append("</text>\n");
    return s.append("</svg>\n").toString();
  }

  /** A confusion matrix: rows are the true labels, columns the predicted ones. */
  static String heatMap(String title, List<String> labels, List<List<Double>> matrix) {
    int n = labels.size();
    int cell = Math.max(28, Math.min(80, 440 / Math.max(1, n)));
    int left = 150;
    int top = TOP + 16;
    int width = Math.max(480, left + n * cell + 40);
    int height = top + n * cell + 96;
    double max = 0;
    for (List<Double> row : matrix) {
      for (Double v : row) {
        max = Math.max(max, v == null ? 0 : v);
      }
    }
    StringBuilder s = new StringBuilder();
    s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" viewBox=\"0 0 ").append(width).append(' ').append(height)
        .append("\" width=\"").append(width).append("\" height=\"").append(height).append("\">\n");
    s.append("<title>").append(Html.esc(title)).append("</title>\n");
    // About 9 pixels a character at the title's size: a long title is cut, not clipped by the frame.
    s.append("<text class=\"title\" x=\"16\" y=\"24\">").append(Html.esc(shorten(title, (width - 32) / 9)))
        .append("</text>\n");
    for (int r = 0; r < n; r++) {
      List<Double> row = r < matrix.size() ? matrix.get(r) : List.of();
      for (int c = 0; c < n; c++) {
        double v = c < row.size() && row.get(c) != null ? row.get(c) : 0;
        double t = max == 0 ? 0 : v / max;
        String fill = blend(t);
        int x = left + c * cell;
        int y = top + r * cell;
        s.append("<rect class=\"cell\" x=\"").append(x).append("\" y=\"").append(y).append("\" width=\"").append(cell)
            .append("\" height=\"").append(cell).append("\" fill=\"").append(fill).append("\" stroke=\"#fff\"><title>")
            .append(Html.esc("true " + labels.get(r) + ", predicted " + labels.get(c) + ": " + Axis.label(v)))
            .append("</title></rect>\n");
        s.append("<text class=\"cell-value\" x=\"").append(x + cell / 2).append("\" y=\"").append(y + cell / 2 + 5)
            .append("\" text-anchor=\"middle\" style=\"fill:").append(t > 0.55 ? "#fff" : "#222").append("\">")
            .append(Html.esc(Axis.label(v))).append("</text>\n");
      }
      s.append("<text class=\"label\" x=\"").append(left - 8).append("\" y=\"").append(top + r * cell + cell / 2 + 5)
          .append("\" text-anchor=\"end\">").append(Html.esc(shorten(labels.get(r), 20))).append("</text>\n");
    }
    for (int c = 0; c < n; c++) {
      int x = left + c * cell + cell / 2;
      int y = top + n * cell + 14;
      s.append("<text class=\"label\" x=\"").append(x).append("\" y=\"").append(y).append("\" text-anchor=\"end\" transform=\"rotate(-40 ")
          .append(x).append(' ').append(y).append(")\">").append(Html.esc(shorten(labels.get(c), 20))).append("</text>\n");
    }
    s.append("<text class=\"axis-label\" x=\"").append(left + n * cell / 2).append("\" y=\"").append(height - 12)
        .append("\" text-anchor=\"middle\">predicted</text>\n");
    s.append("<text class=\"axis-label\" transform=\"rotate(-90)\" x=\"").append(-(top + n * cell / 2)).append("\" y=\"18\" text-anchor=\"middle\">true</text>\n");
    return s.append("</svg>\n").toString();
  }

  private static String blend(double t) {
    // From near-white to the first chart colour.
    int r = (int) Math.round(247 + (0 - 247) * t);
    int g = (int) Math.round(251 + (114 - 251) * t);
    int b = (int) Math.round(255 + (178 - 255) * t);
    return String.format(Locale.ROOT, "#%02x%02x%02x", r, g, b);
  }

  private static StringBuilder open(String title, int height) {
    StringBuilder s = new StringBuilder();
    s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(height)
        .append("\" width=\"").append(WIDTH).append("\" height=\"").append(height).append("\">\n");
    s.append("<title>").append(Html.esc(title)).append("</title>\n");
    s.append("<text class=\"title\" x=\"").append(LEFT).append("\" y=\"24\">").append(Html.esc(title)).append("</text>\n");
    return s;
  }

  private static void axes(StringBuilder s, Axis x, Axis y, int plotW, int plotH, String xLabel, String yLabel) {
    for (double t : y.ticks()) {
      double py = TOP + plotH - y.frac(t) * plotH;
      s.append("<line class=\"grid\" x1=\"").append(LEFT).append("\" x2=\"").append(LEFT + plotW).append("\" y1=\"")
          .append(Html.num(py)).append("\" y2=\"").append(Html.num(py)).append("\" stroke=\"#e5e5e5\"/>\n");
      s.append("<text class=\"tick\" x=\"").append(LEFT - 8).append("\" y=\"").append(Html.num(py + 4))
          .append("\" text-anchor=\"end\">").append(Html.esc(Axis.label(t))).append("</text>\n");
    }
    for (double t : x.ticks()) {
      double px = LEFT + x.frac(t) * plotW;
      s.append("<line class=\"tick-mark\" x1=\"").append(Html.num(px)).append("\" x2=\"").append(Html.num(px)).append("\" y1=\"")
          .append(TOP + plotH).append("\" y2=\"").append(TOP + plotH + 5).append("\" stroke=\"#333\"/>\n");
      s.append("<text class=\"tick\" x=\"").append(Html.num(px)).append("\" y=\"").append(TOP + plotH + 20)
          .append("\" text-anchor=\"middle\">").append(Html.esc(Axis.label(t))).append("</text>\n");
    }
    s.append("<line class=\"axis\" x1=\"").append(LEFT).append("\" x2=\"").append(LEFT + plotW).append("\" y1=\"")
        .append(TOP + plotH).append("\" y2=\"").append(TOP + plotH).append("\" stroke=\"#333\"/>\n");
    s.append("<line class=\"axis\" x1=\"").append(LEFT).append("\" x2=\"").append(LEFT).append("\" y1=\"").append(TOP)
        .append("\" y2=\"").append(TOP + plotH).append("\" stroke=\"#333\"/>\n");
    s.append("<text class=\"axis-label\" x=\"").append(LEFT + plotW / 2).append("\" y=\"").append(TOP + plotH + 42)
        .append("\" text-anchor=\"middle\">").append(Html.esc(xLabel)).append("</text>\n");
    s.append("<text class=\"axis-label\" transform=\"rotate(-90)\" x=\"").append(-(TOP + plotH / 2)).append("\" y=\"16\" text-anchor=\"middle\">")
        .append(Html.esc(yLabel)).append("</text>\n");
  }

  private static void legend(StringBuilder s, List<Line> lines, int top) {
    int colW = (WIDTH - LEFT - RIGHT) / 3;
    s.append("<g class=\"legend\">\n");
    for (int i = 0; i < lines.size(); i++) {
      int x = LEFT + (i % 3) * colW;
      int y = top - 4 + (i / 3) * 20;
      String name = lines.get(i).name();
      String dash = lines.get(i).dash();
      // A stroke as the line has, dashes included: the legend tells lines apart without colour too.
      s.append("<line x1=\"").append(x).append("\" x2=\"").append(x + 18).append("\" y1=\"").append(y - 8)
          .append("\" y2=\"").append(y - 8).append("\" stroke=\"").append(COLORS[i % COLORS.length])
          .append("\" stroke-width=\"3\"").append(dash == null ? "" : " stroke-dasharray=\"" + dash + "\"").append("/>");
      s.append("<text x=\"").append(x + 24).append("\" y=\"").append(y - 4).append("\">").append(Html.esc(shorten(name, 34)))
          .append("<title>").append(Html.esc(name)).append("</title></text>\n");
    }
    s.append("</g>\n");
  }

  static String shorten(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max - 1) + "\u2026";
  }

  /** A linear axis with "nice" ticks (steps of 1, 2 or 5 times a power of ten). */
  record Axis(double lo, double hi, double step) {
    static Axis of(double min, double max) {
      if (min == max) {
        double pad = min == 0 ? 1 : Math.abs(min) * 0.1;
        min -= pad;
        max += pad;
      }
      double raw = (max - min) / 5;
      double mag = Math.pow(10, Math.floor(Math.log10(raw)));
      double norm = raw / mag;
      double step = (norm < 1.5 ? 1 : norm < 3 ? 2 : norm < 7 ? 5 : 10) * mag;
      return new Axis(Math.floor(min / step) * step, Math.ceil(max / step) * step, step);
    }

    double frac(double v) {
      return hi == lo ? 0.5 : (v - lo) / (hi - lo);
    }

    List<Double> ticks() {
      List<Double> out = new ArrayList<>();
      for (int i = 0; lo + i * step <= hi + step * 1e-9 && i < 50; i++) {
        out.add(lo + i * step);
      }
      return out;
    }

    static String label(double v) {
      if (Math.abs(v) < 1e-12) {
        return "0";
      }
      if (Math.abs(v - Math.rint(v)) < 1e-9 && Math.abs(v) < 1e15) {
        return Long.toString(Math.round(v));
      }
      String s = String.format(Locale.ROOT, "%.4g", v);
      if (s.contains("e")) {
        return s;
      }
      return s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
    }
  }
}
