#!/usr/bin/python3
"""Writes the benchmark report from the figures the scripts in bench/ recorded.

    /usr/bin/python3 bench/report.py            # rewrite the report
    /usr/bin/python3 bench/report.py --check    # exit 1 if the report is not up to date

Reads bench/results/*.tsv (one file per area, written through bench/lib.sh) and rewrites, each
only between its markers and only when its text changes:

  - BENCHMARKS.md, <!-- bench:summary --> ... <!-- /bench:summary -->: every goal of every area;
  - BENCHMARKS.md, <!-- bench:area AREA --> ... <!-- /bench:area -->: that area's table and run;
  - README.md, <!-- bench:summary ... --> ... <!-- /bench:summary -->: a compact table of the goals,
    linking to BENCHMARKS.md;
  - bench/ratios.svg: one bar per goal, how far its ratio is from the goal on a log scale.

Running it twice changes nothing. Python 3 standard library only. Exit status: 0 done (or, with
--check, up to date), 1 with --check when a file would change, 3 on a malformed results file or a
missing marker.
"""

import argparse
import math
import re
import sys
from pathlib import Path
from xml.sax.saxutils import escape

# Areas in report order: file name (or its prefix before "-"), title, BENCHMARKS.md heading anchor.
AREAS = [
    ("startup", "Start-up", "start-up"),
    ("data", "Data", "data"),
    ("remote", "Remotes", "remotes"),
    ("pipeline", "Pipelines", "pipelines"),
    ("train", "Models", "models"),
    ("table", "Table reading", "table-reading"),
    ("validate", "Validation", "validation"),
    ("drift", "Drift", "drift"),
    ("serve", "Serving", "serving"),
    ("completion", "Completion", "completion"),
]
COLUMNS = ["figure", "mlctl", "peer", "peer_value", "ratio", "goal", "verdict"]
SUMMARY = re.compile(r"(<!-- bench:summary[^>]*-->\n)(.*?)(<!-- /bench:summary -->)", re.S)
AREA_BLOCK = re.compile(r"(<!-- bench:area (\S+) -->\n)(.*?)(<!-- /bench:area -->)", re.S)
GOAL = re.compile(r"^\s*(<=|>=|=|<|>)\s*(-?[0-9]*\.?[0-9]+(?:/[0-9]*\.?[0-9]+)?)\s*(.*)$")
# The chart's scale: how far from the goal, clamped to this range.
LOW, HIGH = 0.1, 100.0


class ReportError(Exception):
    """A results file or a document the report cannot use; the message names it."""


class Area:
    def __init__(self, name, meta, rows):
        self.name = name
        self.meta = meta
        self.rows = rows
        base, _, rest = name.partition("-")
        known = {a: (t, anchor) for a, t, anchor in AREAS}
        title, self.anchor = known.get(base, (name, name))
        jdk = re.fullmatch(r"jdk(\d+)", rest)
        self.title = f"{title}, JDK {jdk.group(1)}" if jdk else (f"{title}, {rest}" if rest else title)
        order = [a for a, _, _ in AREAS]
        self.key = (order.index(base) if base in order else len(order), base,
                    int(jdk.group(1)) if jdk else 0, rest)


def read_area(path):
    meta, rows, header = {}, [], False
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        if line.startswith("#"):
            key, _, value = line[1:].strip().partition("\t")
            if key == "note":
                meta.setdefault("notes", []).append(value.strip())
            else:
                meta[key.strip()] = value.strip()
            continue
        fields = line.split("\t")
        if not header:
            if fields[:7] != COLUMNS:
                raise ReportError(f"{path}:{number}: the column line must start with {' '.join(COLUMNS)}")
            header = True
            continue
        if len(fields) not in (7, 8):
            raise ReportError(f"{path}:{number}: {len(fields)} fields, want 7 (or 8 with a run)")
        row = dict(zip(COLUMNS, fields))
        row["run"] = fields[7] if len(fields) == 8 else ""
        if row["verdict"] not in ("PASS", "FAIL", "-"):
            raise ReportError(f"{path}:{number}: verdict {row['verdict']!r}, want PASS, FAIL or -")
        rows.append(row)
    if not header:
        raise ReportError(f"{path}: no column line ({' '.join(COLUMNS)})")
    return Area(path.stem, meta, rows)


def read_areas(results):
    areas = [read_area(p) for p in sorted(Path(results).glob("*.tsv"))]
    return sorted(areas, key=lambda a: a.key)


def number(text):
    """2.92, +0.0300, 1/17.8 -> float; anything else -> None."""
    text = text.strip().replace(",", "")
    try:
        if "/" in text:
            a, b = text.split("/")
            return float(a) / float(b)
        return float(text)
    except (ValueError, ZeroDivisionError):
        return None


def distance(row):
    """How far the figure is from its goal, > 1 on the right side of it; None if not a ratio goal."""
    goal = GOAL.match(row["goal"])
    value = number(row["ratio"])
    if not goal or value is None or goal.group(1) == "=":
        return None
    limit = number(goal.group(2))
    if limit is None or limit <= 0 or value < 0:
        return None
    if goal.group(1) in ("<=", "<"):
        return math.inf if value == 0 else limit / value
    return value / limit


def is_goal(row):
    return row["goal"] != "-"


def cell(text):
    return text.replace("|", "\\|") if text else "-"


def result(row):
    return {"PASS": "pass", "FAIL": "**miss**"}.get(row["verdict"], "-")


def run_date(area, row):
    return (row["run"] or area.meta.get("date", "?")).split(";")[0].strip()


def with_peer(row):
    if row["peer"] == "-" or row["peer"] in row["figure"]:
        return row["figure"]
    return f"{row['figure']} vs {row['peer']}"


def goals(areas):
    return [(a, r) for a in areas for r in a.rows if is_goal(r)]


def tally(areas):
    rows = goals(areas)
    missed = [(a, r) for a, r in rows if r["verdict"] == "FAIL"]
    dates = sorted({d for a, r in rows for d in re.findall(r"\d{4}-\d\d-\d\d", run_date(a, r))})
    span = "" if not dates else dates[0] if dates[0] == dates[-1] else f"{dates[0]} to {dates[-1]}"
    return len(rows), len(missed), span


def headline(areas):
    total, missed, span = tally(areas)
    text = f"**{total - missed} of {total} goals met, {missed} missed**"
    return text + (f" (latest run of each benchmark, {span})." if span else ".")


def summary_block(areas):
    lines = [headline(areas), "",
             "| area | figure | mlctl | peer | ratio | goal | result | run |",
             "| --- | --- | --- | --- | --- | --- | --- | --- |"]
    for area, row in goals(areas):
        peer = "-" if row["peer"] == "-" else f"{row['peer']}: {row['peer_value']}"
        lines.append(f"| [{cell(area.title)}](#{area.anchor}) | {cell(row['figure'])} | {cell(row['mlctl'])} | "
                     f"{cell(peer)} | {cell(row['ratio'])} | {cell(row['goal'])} | {result(row)} | "
                     f"{cell(run_date(area, row))} |")
    lines += ["", "![How far each figure is from its goal](bench/ratios.svg)", ""]
    return "\n".join(lines) + "\n"


def run_line(area):
    m = area.meta
    parts = [m.get("date", "date not recorded")]
    cpu = m.get("cpu", "")
    cores = f"{m['nproc']} cores" if m.get("nproc") else ""
    machine = ", ".join(x for x in (cores, cpu) if x and x != "not recorded")
    if machine:
        parts.append(machine)
    if m.get("load"):
        parts.append(f"load average {m['load']}")
    if m.get("jdk"):
        parts.append(f"JDK {m['jdk']}")
    if m.get("build"):
        build = re.match(r"([0-9a-f]{7,40}(?:-dirty)?|v?\d[\w.-]*-g[0-9a-f]+(?:-dirty)?)(.*)$", m["build"])
        parts.append(f"build `{build.group(1)}`{build.group(2)}" if build else f"build {m['build']}")
    if m.get("script"):
        env = m.get("env", "")
        parts.append(f"`{env + ' ' if env else ''}bash {m['script']}`")
    text = "Run: " + "; ".join(parts) + "."
    for note in m.get("notes", []):
        text += f" {note}"
    return text


def area_block(area):
    if area is None:
        return "No results recorded yet.\n"
    own_runs = any(r["run"] for r in area.rows)
    head = "| figure | mlctl | peer | peer's figure | ratio | goal | result |" + (" run |" if own_runs else "")
    lines = [head, "|" + " --- |" * (8 if own_runs else 7)]
    for row in area.rows:
        line = (f"| {cell(row['figure'])} | {cell(row['mlctl'])} | {cell(row['peer'])} | {cell(row['peer_value'])} | "
                f"{cell(row['ratio'])} | {cell(row['goal'])} | {result(row)} |")
        if own_runs:
            line += f" {cell(row['run'] or area.meta.get('date', ''))} |"
        lines.append(line)
    return "\n".join(lines + ["", run_line(area), ""]) + "\n"


def readme_rows(areas):
    """Goal rows; rows of one area with the same goal, the same peer and the same text after
    different "SUBJECT: " prefixes (accuracy on each data set, say) merged into one."""
    groups = {}
    for area, row in goals(areas):
        subject, sep, what = row["figure"].partition(": ")
        key = (area.name, what, row["goal"], row["peer"]) if sep else (area.name, row["figure"], row["goal"], row["peer"], id(row))
        groups.setdefault(key, []).append((area, row, subject))
    out = []
    for members in groups.values():
        area, row, _ = members[0]
        if len(members) == 1 or len({s for _, _, s in members}) < len(members):
            out += [(a, with_peer(r), r["ratio"], r["goal"], result(r)) for a, r, _ in members]
            continue
        what = row["figure"].partition(": ")[2]
        figure = with_peer(dict(row, figure=f"{what}, {len(members)} cases"))
        values = [(number(r["ratio"]), r["ratio"]) for _, r, _ in members]
        if all(v is not None for v, _ in values):
            ratios = f"{min(values)[1]} to {max(values)[1]}"
        else:
            ratios = ", ".join(text for _, text in values)
        missed = [f"{s} ({r['ratio']})" for _, r, s in members if r["verdict"] == "FAIL"]
        passed = sum(r["verdict"] == "PASS" for _, r, _ in members)
        verdict = "pass" if not missed else f"**miss**: {', '.join(missed)}; {passed} of {len(members)} pass"
        out.append((area, figure, ratios, row["goal"], verdict))
    return out


def readme_block(areas):
    lines = [headline(areas), "",
             "| area | figure | ratio | goal | result |",
             "| --- | --- | --- | --- | --- |"]
    for area, figure, ratio, goal, verdict in readme_rows(areas):
        lines.append(f"| [{cell(area.title)}](BENCHMARKS.md#{area.anchor}) | {cell(figure)} | {cell(ratio)} | "
                     f"{cell(goal)} | {verdict} |")
    lines += ["", "![How far each figure is from its goal](bench/ratios.svg)", ""]
    return "\n".join(lines) + "\n"


def svg(areas):
    bars = []
    for area, row in goals(areas):
        d = distance(row)
        if d is not None:
            bars.append((f"{area.title}: {with_peer(row)}", row, d))
    label_w, plot_w, value_w, bar_h, top = 470, 360, 260, 20, 80
    width = label_w + plot_w + value_w
    height = top + max(len(bars), 1) * bar_h + 44
    lo, hi = math.log10(LOW), math.log10(HIGH)

    def x(v):
        v = min(max(v, LOW), HIGH)
        return label_w + (math.log10(v) - lo) / (hi - lo) * plot_w

    def t(s):
        return escape(s, {'"': "&quot;"})

    total, missed, span = tally(areas)
    title = "mlctl against its peers: how far each figure is from its goal"
    how = "Each bar: goal / ratio for a goal of <=, ratio / goal for >=, on a log scale; right of the line at 1, the goal is met."
    note = (f"{total - missed} of {total} goals met" + (f", runs {span}" if span else "")
            + "; goals that are not ratios (accuracy, exit status, error counts) are in the tables only.")
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
           f'viewBox="0 0 {width} {height}" font-family="DejaVu Sans, Arial, sans-serif" font-size="12">',
           f'<title>{t(title)}</title>',
           f'<rect width="{width}" height="{height}" fill="#ffffff"/>',
           f'<text x="8" y="20" font-size="15" font-weight="bold">{t(title)}</text>',
           f'<text x="8" y="40" fill="#444444">{t(how)}</text>',
           f'<text x="8" y="56" fill="#444444">{t(note)}</text>']
    for tick in (0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100):
        tx = x(tick)
        out.append(f'<line x1="{tx:.1f}" y1="{top - 6}" x2="{tx:.1f}" y2="{top + len(bars) * bar_h}" '
                   f'stroke="{"#000000" if tick == 1 else "#dddddd"}" stroke-width="{1.5 if tick == 1 else 1}"/>')
        out.append(f'<text x="{tx:.1f}" y="{top + len(bars) * bar_h + 16}" text-anchor="middle" fill="#444444">{tick:g}</text>')
    out.append(f'<text x="{x(1):.1f}" y="{top - 10}" text-anchor="middle" fill="#000000">goal</text>')
    for i, (label, row, d) in enumerate(bars):
        y = top + i * bar_h
        colour = "#2e7d32" if row["verdict"] == "PASS" else "#c62828" if row["verdict"] == "FAIL" else "#888888"
        x0, x1 = sorted((x(1), x(d)))
        short = label if len(label) <= 72 else label[:71] + "\u2026"
        tip = f"{label}: {row['ratio']} (goal {row['goal']}): {result(row).strip('*')}"
        out.append(f'<g><title>{t(tip)}</title>')
        out.append(f'<text x="{label_w - 8}" y="{y + 14}" text-anchor="end">{t(short)}</text>')
        out.append(f'<rect x="{x0:.1f}" y="{y + 3}" width="{max(x1 - x0, 2):.1f}" height="{bar_h - 6}" fill="{colour}"/>')
        clamp = " (off the scale)" if d > HIGH or d < LOW else ""
        value = f"{row['ratio']}, goal {row['goal']}{clamp}"
        out.append(f'<text x="{label_w + plot_w + 8}" y="{y + 14}" fill="{colour}">{t(value)}</text></g>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


def replace_summary(text, body, name):
    if not SUMMARY.search(text):
        raise ReportError(f"{name}: no <!-- bench:summary --> ... <!-- /bench:summary --> markers")
    return SUMMARY.sub(lambda m: m.group(1) + body + m.group(3), text, count=1)


def render(root, areas):
    """File path -> its new text, for every file the report writes."""
    bench_md, readme = root / "BENCHMARKS.md", root / "README.md"
    by_name = {a.name: a for a in areas}
    text = replace_summary(bench_md.read_text(encoding="utf-8"), summary_block(areas), "BENCHMARKS.md")
    placed = {m[1] for m in AREA_BLOCK.findall(text)}
    text = AREA_BLOCK.sub(lambda m: m.group(1) + area_block(by_name.get(m.group(2))) + m.group(4), text)
    for area in areas:
        if area.name not in placed:
            print(f"report.py: warning: BENCHMARKS.md has no <!-- bench:area {area.name} --> block; "
                  f"its figures are in the summary only", file=sys.stderr)
    return {
        bench_md: text,
        readme: replace_summary(readme.read_text(encoding="utf-8"), readme_block(areas), "README.md"),
        root / "bench" / "ratios.svg": svg(areas),
    }


def main(argv=None):
    here = Path(__file__).resolve().parent
    parser = argparse.ArgumentParser(description="Writes the benchmark report from bench/results/*.tsv.")
    parser.add_argument("--root", type=Path, default=here.parent, help="the repository (default: this checkout)")
    parser.add_argument("--results", type=Path, help="the results folder (default: ROOT/bench/results)")
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if a file would change")
    args = parser.parse_args(argv)
    try:
        areas = read_areas(args.results or args.root / "bench" / "results")
        files = render(args.root, areas)
    except (ReportError, OSError) as e:
        print(f"report.py: error: {e}", file=sys.stderr)
        return 3
    stale = [p for p, t in files.items() if not p.exists() or p.read_text(encoding="utf-8") != t]
    if args.check:
        for p in stale:
            print(f"report.py: out of date: {p}", file=sys.stderr)
        return 1 if stale else 0
    for p in stale:
        tmp = p.with_name(p.name + ".tmp")
        tmp.write_text(files[p], encoding="utf-8")
        tmp.replace(p)
        print(f"report.py: wrote {p}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
