#!/usr/bin/python3
"""Tests of bench/report.py, run by hand: /usr/bin/python3 bench/test_report.py"""

import contextlib
import io
import sys
import tempfile
import unittest
import xml.etree.ElementTree as ET
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import report  # noqa: E402

HEADER = "figure\tmlctl\tpeer\tpeer_value\tratio\tgoal\tverdict\n"
DATA = ("# area\tdata\n# date\t2026-12-02 15:52 UTC\n# nproc\t2\n# cpu\tAMD EPYC\n# load\t0.20 0.30 0.40\n"
        "# jdk\t17.0.15\n# build\te3741e8\n# script\tbench/data.sh\n# env\tBENCH_CASES=A\n" + HEADER +
        "A: mlctl add\t2.943 s\topenssl dgst -sha256\t1.008 s\t2.92\t<= 1.5\tFAIL\n"
        "A: mlctl add\t2.943 s\tgit annex add\t5.945 s\t0.50\t<= 0.5\tPASS\n"
        "A: cp --reflink=never big.bin\t0.798 s\topenssl dgst -sha256\t1.008 s\t0.79\t-\t-\n")
SERVE = ("# area\tserve\n# date\t2026-12-06 07:30 UTC\n# build\tnot recorded (the tree before 1b164b1)\n" + HEADER +
         "req/s <&> \"quoted\"\t43762 req/s\tFastAPI\t2181 req/s\t20.1\t>= 10\tPASS\n"
         "p99 latency\t2.63 ms\tFastAPI\t46.87 ms\t1/17.8\t<= 1/5\tPASS\n"
         "soak: socket errors\t0\t-\t-\t0\t= 0\tPASS\n"
         "soak: RSS change, %\t1262 -> 1262 MiB\t-\t-\t0.0\t<= 10 %\tPASS\n")
TRAIN = ("# area\ttrain\n# date\tbefore 2026-12-06\n# build\tbe122c5 (by its description)\n" + HEADER +
         "iris cart: test accuracy\t0.9667\tscikit-learn\t1.0000\t-0.0333\t>= -0.02\tFAIL\n"
         "wine cart: test accuracy\t0.9444\tscikit-learn\t0.8889\t+0.0556\t>= -0.02\tPASS\n"
         "logistic: whole mlctl train\t1.95 s\tscikit-learn script\t1.15 s\t1.69\t<= 2\tPASS\t2026-11-22 03:41 UTC; quiet\n")
BENCHMARKS = ("# Benchmarks\n\n<!-- bench:summary -->\nold summary\n<!-- /bench:summary -->\n\n## Data\n\n"
              "<!-- bench:area data -->\nold table\n<!-- /bench:area -->\n\nHow it is measured.\n\n## Serving\n\n"
              "<!-- bench:area serve -->\n<!-- /bench:area -->\n\n## Drift\n\n<!-- bench:area drift -->\n<!-- /bench:area -->\n"
              "\n## Models\n\n<!-- bench:area train -->\n<!-- /bench:area -->\n")
README = "# mlctl\n\n<!-- bench:summary (written by bench/report.py) -->\n<!-- /bench:summary -->\n\nMore.\n"


class ReportTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.root = Path(self.tmp.name)
        (self.root / "bench" / "results").mkdir(parents=True)
        for name, text in (("data", DATA), ("serve", SERVE), ("train", TRAIN)):
            (self.root / "bench" / "results" / f"{name}.tsv").write_text(text)
        (self.root / "BENCHMARKS.md").write_text(BENCHMARKS)
        (self.root / "README.md").write_text(README)

    def tearDown(self):
        self.tmp.cleanup()

    def run_report(self, *args):
        err = io.StringIO()
        with contextlib.redirect_stderr(err):
            code = report.main(["--root", str(self.root), *args])
        return code, err.getvalue()

    def read(self, name):
        return (self.root / name).read_text()

    def test_writes_the_tables_between_the_markers_only(self):
        self.assertEqual(self.run_report()[0], 0)
        bench = self.read("BENCHMARKS.md")
        self.assertNotIn("old summary", bench)
        self.assertNotIn("old table", bench)
        self.assertIn("How it is measured.", bench)
        self.assertIn("**7 of 9 goals met, 2 missed**", bench)
        self.assertIn("| [Data](#data) | A: mlctl add | 2.943 s | openssl dgst -sha256: 1.008 s | 2.92 | <= 1.5 | **miss** | 2026-12-02 15:52 UTC |", bench)
        # the area table keeps the row without a goal; the summary leaves it out
        self.assertIn("| A: cp --reflink=never big.bin | 0.798 s | openssl dgst -sha256 | 1.008 s | 0.79 | - | - |", bench)
        self.assertEqual(bench.count("cp --reflink=never"), 1)
        self.assertIn("Run: 2026-12-02 15:52 UTC; 2 cores, AMD EPYC; load average 0.20 0.30 0.40; "
                      "JDK 17.0.15; build `e3741e8`; `BENCH_CASES=A bash bench/data.sh`.", bench)
        # a build that is not a commit stays plain text; a commit followed by words is quoted alone
        self.assertIn("Run: 2026-12-06 07:30 UTC; build not recorded (the tree before 1b164b1).", bench)
        self.assertIn("Run: before 2026-12-06; build `be122c5` (by its description).", bench)
        # an area block without results says so; a results file without a block is only warned about
        self.assertIn("<!-- bench:area drift -->\nNo results recorded yet.\n<!-- /bench:area -->", bench)
        self.assertIn("| [Models](#models) | logistic: whole mlctl train | 1.95 s | scikit-learn script: 1.15 s | 1.69 | <= 2 | pass | 2026-11-22 03:41 UTC |", bench)

    def test_readme_merges_rows_of_one_kind_and_names_the_misses(self):
        self.run_report()
        readme = self.read("README.md")
        self.assertTrue(readme.startswith("# mlctl\n\n<!-- bench:summary (written by bench/report.py) -->\n**7 of 9"))
        self.assertIn("| [Models](BENCHMARKS.md#models) | test accuracy, 2 cases vs scikit-learn | -0.0333 to +0.0556 | "
                      ">= -0.02 | **miss**: iris cart (-0.0333); 1 of 2 pass |", readme)
        # rows of one subject against different peers stay apart
        self.assertIn("| [Data](BENCHMARKS.md#data) | A: mlctl add vs openssl dgst -sha256 | 2.92 | <= 1.5 | **miss** |", readme)
        self.assertIn("| [Data](BENCHMARKS.md#data) | A: mlctl add vs git annex add | 0.50 | <= 0.5 | pass |", readme)
        self.assertTrue(readme.endswith("<!-- /bench:summary -->\n\nMore.\n"))

    def test_second_run_changes_nothing(self):
        self.run_report()
        before = {n: self.read(n) for n in ("BENCHMARKS.md", "README.md", "bench/ratios.svg")}
        code, err = self.run_report()
        self.assertEqual(code, 0)
        self.assertNotIn("wrote", err)
        self.assertEqual(before, {n: self.read(n) for n in before})
        self.assertEqual(self.run_report("--check")[0], 0)

    def test_check_reports_a_stale_report(self):
        code, err = self.run_report("--check")
        self.assertEqual(code, 1)
        self.assertIn("out of date", err)
        self.assertEqual(self.read("README.md"), README)

    def test_chart_is_valid_xml_with_one_bar_per_ratio_goal(self):
        self.run_report()
        svg = ET.parse(self.root / "bench" / "ratios.svg").getroot()
        ns = {"s": "http://www.w3.org/2000/svg"}
        bars = svg.findall("s:g", ns)
        labels = [g.find("s:text", ns).text for g in bars]
        # accuracy differences, "= 0" and rows without a goal have no bar
        self.assertEqual(len(bars), 6, labels)
        self.assertIn('Serving: req/s <&> "quoted" vs FastAPI', labels)
        fills = {g.find("s:text", ns).text: g.find("s:rect", ns).get("fill") for g in bars}
        self.assertEqual(fills["Data: A: mlctl add vs openssl dgst -sha256"], "#c62828")
        self.assertEqual(fills["Data: A: mlctl add vs git annex add"], "#2e7d32")

    def test_distance_from_the_goal(self):
        row = lambda ratio, goal: {"ratio": ratio, "goal": goal}
        self.assertAlmostEqual(report.distance(row("2.92", "<= 1.5")), 1.5 / 2.92)
        self.assertAlmostEqual(report.distance(row("20.1", ">= 10")), 2.01)
        self.assertAlmostEqual(report.distance(row("1/17.8", "<= 1/5")), 17.8 / 5)
        self.assertAlmostEqual(report.distance(row("0.47", "<= 1.5 s")), 1.5 / 0.47)
        self.assertEqual(report.distance(row("0.0", "<= 10 %")), float("inf"))
        self.assertIsNone(report.distance(row("0", "= 0")))
        self.assertIsNone(report.distance(row("-0.0333", ">= -0.02")))
        self.assertIsNone(report.distance(row("-", "exit 0")))

    def test_malformed_results_name_the_file_and_line(self):
        (self.root / "bench" / "results" / "bad.tsv").write_text(HEADER + "only\tthree\tfields\n")
        code, err = self.run_report()
        self.assertEqual(code, 3)
        self.assertIn("bad.tsv:2: 3 fields, want 7", err)
        self.assertEqual(self.read("README.md"), README)

    def test_results_without_a_block_are_in_the_summary_with_a_warning(self):
        (self.root / "bench" / "results" / "pipeline.tsv").write_text(
            "# area\tpipeline\n" + HEADER + "no-op repro\t0.136 s\tmlctl --version\t0.074 s\t1.84\t<= 3\tPASS\n")
        code, err = self.run_report()
        self.assertEqual(code, 0)
        self.assertIn("no <!-- bench:area pipeline --> block", err)
        self.assertIn("| [Pipelines](#pipelines) | no-op repro |", self.read("BENCHMARKS.md"))

    def test_missing_marker_is_an_error(self):
        (self.root / "README.md").write_text("# mlctl\n")
        code, err = self.run_report()
        self.assertEqual(code, 3)
        self.assertIn("README.md: no <!-- bench:summary -->", err)
        self.assertEqual(self.read("BENCHMARKS.md"), BENCHMARKS)


if __name__ == "__main__":
    unittest.main()
