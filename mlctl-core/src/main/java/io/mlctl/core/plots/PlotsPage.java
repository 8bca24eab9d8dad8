package io.mlctl.core.plots;

import java.util.ArrayList;
import java.util.List;

/**
 * One self-contained HTML page of charts: inline SVG and an inline style sheet, nothing fetched
 * from the network, every name from a file escaped. Build it up, then {@link #html}. Not
 * thread-safe.
 */
public final class PlotsPage {
  private final String title;
  private final List<String> sections = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();
  private int charts;

  public PlotsPage(String title) {
    this.title = title;
  }

  /** A line plot of one or more named series of (x, y) points. */
  public PlotsPage line(String heading, String xLabel, String yLabel, List<Series> series) {
    List<Charts.Line> lines = series.stream().map(s -> new Charts.Line(s.name(), s.points(), s.dash())).toList();
    return add(heading, Charts.line(heading, xLabel, yLabel, lines));
  }

  /** A named series of (x, y) points, drawn solid or with a dash pattern (SVG {@code stroke-dasharray}). */
  public record Series(String name, List<double[]> points, String dash) {
    public Series(String name, List<double[]> points) {
      this(name, points, null);
    }
  }

  /** A bar per label. */
  public PlotsPage bars(String heading, String valueLabel, List<String> labels, List<Double> values) {
    return bars(heading, valueLabel, labels, values, java.util.Collections.nCopies(labels.size(), false));
  }

  /** A bar per label; a muted one (grey) for a run that did not succeed. */
  public PlotsPage bars(String heading, String valueLabel, List<String> labels, List<Double> values, List<Boolean> muted) {
    List<Charts.Bar> bars = new ArrayList<>();
    for (int i = 0; i < labels.size(); i++) {
      bars.add(new Charts.Bar(labels.get(i), values.get(i), muted.get(i)));
    }
    return add(heading, Charts.bars(heading, valueLabel, bars));
  }

  /** A confusion matrix's heat map (rows true labels, columns predicted). */
  public PlotsPage heatMap(String heading, List<String> labels, List<List<Double>> matrix) {
    return add(heading, Charts.heatMap(heading, labels, matrix));
  }

  /** A line of text under the charts (a file that could not be read, say). */
  public PlotsPage note(String text) {
    notes.add(text);
    return this;
  }

  public int charts() {
    return charts;
  }

  private PlotsPage add(String heading, String svg) {
    charts++;
    sections.add("<figure>\n" + svg + "<figcaption>" + Html.esc(heading) + "</figcaption>\n</figure>\n");
    return this;
  }

  public String html() {
    StringBuilder b = new StringBuilder();
    b.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<title>").append(Html.esc(title)).append("</title>\n<style>\n").append(STYLE).append("</style>\n</head>\n<body>\n")
        .append("<h1>").append(Html.esc(title)).append("</h1>\n");
    if (sections.isEmpty()) {
      b.append("<p class=\"empty\">Nothing to plot: declare plots or metrics in mlctl.yaml, or log metrics from a stage with mlctl log metric.</p>\n");
    }
    b.append("<main>\n");
    sections.forEach(b::append);
    b.append("</main>\n");
    if (!notes.isEmpty()) {
      b.append("<ul class=\"notes\">\n");
      notes.forEach(n -> b.append("<li>").append(Html.esc(n)).append("</li>\n"));
      b.append("</ul>\n");
    }
    return b.append("</body>\n</html>\n").toString();
  }

  private static final String STYLE = """
      body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 24px auto; max-width: 1520px;
        color: #222; background: #fafafa; padding: 0 16px; }
      h1 { font-size: 22px; font-weight: 600; }
      main { display: grid; grid-template-columns: repeat(auto-fill, minmax(min(100%, 440px), 1fr)); gap: 16px; }
      figure { margin: 0; background: #fff; border: 1px solid #ddd; border-radius: 6px; padding: 8px; min-width: 0; }
      figure svg { width: 100%; max-width: 760px; height: auto; display: block; margin: 0 auto; }
      figcaption { font-size: 12px; color: #666; padding: 4px 8px; }
      svg text { font-size: 12px; fill: #333; }
      svg text.title { font-size: 15px; font-weight: 600; }
      svg text.axis-label { font-size: 13px; fill: #555; }
      svg text.cell-value { font-size: 12px; }
      .notes { color: #8a4b00; font-size: 13px; }
      .empty { color: #666; }
      """;
}
