#!/usr/bin/python3
"""Golden values for mlctl's drift statistics, computed with Debian's python3-scipy.

Run from this folder:  /usr/bin/python3 make_golden.py > golden.json
(needs: apt-get install -y python3-scipy python3-numpy)

Each case gives a reference and a current sample (missing values as null) either as lists or
as a generator that Java reproduces bit for bit: value i (0-based) is
((i * a) % m) / m * scale + shift, with integer a, m and float scale, shift.
"""
import json
import math
import sys

import numpy as np
import scipy
from scipy import stats
from scipy.spatial import distance


def expand(spec):
    if isinstance(spec, list):
        return spec
    a, m, n = spec["a"], spec["m"], spec["n"]
    return [((i * a) % m) / m * spec["scale"] + spec["shift"] for i in range(n)]


def present(xs):
    return [x for x in xs if x is not None]


def missing_share(xs):
    return 0.0 if not xs else sum(1 for x in xs if x is None) / len(xs)


def ks(r, c):
    res = stats.ks_2samp(np.array(r, float), np.array(c, float), method="auto")
    return {"statistic": float(res.statistic), "p_value": float(res.pvalue)}


def categories(r, c):
    return sorted(set(r) | set(c), key=lambda v: (isinstance(v, str), v))


def chisquare(r, c):
    keys = categories(r, c)
    table = np.array([[r.count(k) for k in keys], [c.count(k) for k in keys]])
    stat, p, dof, _ = stats.chi2_contingency(table)  # correction=True: Yates for 2x2
    return {"statistic": float(stat), "p_value": float(p), "dof": int(dof)}


def ztest(r, c):
    # Evidently's proportions z-test: share of one category in each sample, pooled variance.
    keys = categories(r, c)
    if len(keys) == 1:
        return {"statistic": 0.0, "p_value": 1.0}
    k = keys[0]
    n1, n2 = len(r), len(c)
    p1, p2 = r.count(k) / n1, c.count(k) / n2
    pooled = (p1 * n1 + p2 * n2) / (n1 + n2)
    z = (p1 - p2) / math.sqrt(pooled * (1 - pooled) * (1.0 / n1 + 1.0 / n2))
    return {"statistic": abs(z), "p_value": float(2 * stats.norm.sf(abs(z)))}


def wasserstein(r, c):
    w = float(stats.wasserstein_distance(r, c))
    return {"distance": w, "statistic": w / max(float(np.std(r)), 0.001)}


def binned(r, c, numeric):
    # Evidently's get_binned_data without zero filling: Sturges bins over both samples for a
    # numeric column with more than 20 reference values, else one bin per value.
    if numeric and len(set(r)) > 20:
        edges = np.histogram_bin_edges(np.array(r + c, float), bins="sturges")
        return np.histogram(r, edges)[0] / len(r), np.histogram(c, edges)[0] / len(c)
    keys = categories(r, c)
    return (np.array([r.count(k) / len(r) for k in keys]), np.array([c.count(k) / len(c) for k in keys]))


def jensenshannon(r, c, numeric):
    rp, cp = binned(r, c, numeric)
    return {"statistic": float(distance.jensenshannon(rp, cp))}


def fill_zeroes(p):
    nz = p[p != 0]
    floor = nz.min() / 10**6 if nz.min() <= 0.0001 else 0.0001
    return np.where(p == 0, floor, p)


def psi(r, c, numeric):
    if numeric:
        edges = np.unique(np.quantile(np.array(r, float), [i / 10 for i in range(1, 10)]))
        rb = np.bincount(np.searchsorted(edges, r, side="left"), minlength=len(edges) + 1) / len(r)
        cb = np.bincount(np.searchsorted(edges, c, side="left"), minlength=len(edges) + 1) / len(c)
    else:
        keys = categories(r, c)
        rb = np.array([r.count(k) / len(r) for k in keys])
        cb = np.array([c.count(k) / len(c) for k in keys])
    rb, cb = fill_zeroes(rb), fill_zeroes(cb)
    return {"statistic": float(np.sum((rb - cb) * np.log(rb / cb)))}


def auto(r_all, r, c, numeric):
    # Evidently's default test choice; distinct values counted over both samples.
    n_values = len(set(r) | set(c))
    if len(r_all) <= 1000:
        if numeric and n_values > 5:
            return "ks"
        return "chisquare" if n_values > 2 else "ztest"
    if numeric and n_values > 5:
        return "wasserstein"
    return "jensenshannon"


def gen(a, m, n, scale=1.0, shift=0.0):
    return {"a": a, "m": m, "n": n, "scale": scale, "shift": shift}


CASES = [
    ("small_shifted", True, [0.1, 0.5, 0.9, 1.3, 2.2, 3.1, 0.7], [1.2, 1.9, 2.5, 3.3, 4.0]),
    ("tiny_one_each", True, [1.0], [2.0]),
    ("tiny_one_vs_five", True, [3.0], [0.5, 1.0, 1.5, 2.0, 2.5]),
    ("tiny_two_three", True, [1.0, 2.0], [1.5, 2.5, 3.5]),
    ("ties_integers", True, [1, 2, 2, 3, 3, 3, 4, 4, 5, 6, 7, 7, 8, 9, 9, 9],
     [2, 3, 3, 4, 4, 4, 5, 5, 6, 7, 8, 8, 9, 10, 10]),
    ("ties_equal_sizes", True, [0, 1, 1, 2, 2, 2, 3, 4, 5, 5, 6, 7], [1, 1, 2, 3, 3, 4, 5, 6, 6, 7, 8, 9]),
    ("constant_reference", True, [5.0] * 20, [5.0] * 10 + [6.0] * 10),
    ("constant_both_same", True, [2.5] * 30, [2.5] * 25),
    ("with_missing", True, [1.0, None, 2.0, 3.0, None, 4.0, 5.0, 6.0, 7.0], [None, 2.0, 3.5, 4.5, 5.5, 6.5, 9.0]),
    ("all_missing_current", True, [1.0, 2.0, 3.0, 4.0, 5.0, 6.0], [None, None, None]),
    ("all_missing_both", True, [None, None], [None]),
    ("five_distinct", True, [1, 2, 3, 4, 5, 1, 2, 3, 4, 5, 1, 1], [1, 2, 3, 4, 5, 5, 5, 4]),
    ("six_distinct", True, [1, 2, 3, 4, 5, 6, 1, 2, 3, 4, 5, 6], [1, 2, 3, 4, 5, 6, 6, 6, 5]),
    ("two_values_numeric", True, [0, 1, 0, 0, 1, 0, 1, 0], [1, 1, 0, 1, 1, 1]),
    ("mod_50_60", True, gen(37, 101, 50), gen(53, 103, 60, 1.0, 0.2)),
    ("mod_1000_rows", True, gen(7919, 10007, 1000), gen(104729, 10009, 900, 1.0, 0.05)),
    ("mod_1001_rows", True, gen(7919, 10007, 1001), gen(104729, 10009, 900, 1.0, 0.05)),
    ("mod_exact_10000", True, gen(7919, 10007, 10000), gen(104729, 10009, 9000, 1.0, 0.01)),
    ("mod_asymp_10001", True, gen(7919, 10007, 10001), gen(104729, 10009, 9000, 1.0, 0.01)),
    ("mod_large_sturges", True, gen(7919, 10007, 3000, 10.0), gen(104729, 10009, 2500, 12.0, -1.0)),
    ("many_ties_large", True, [float(i % 7) for i in range(2000)], [float((i * 3) % 8) for i in range(1800)]),
    ("cat_two", False, ["a", "b", "a", "a", "b", "a"], ["b", "b", "a", "b"]),
    ("cat_three", False, ["red", "green", "blue", "red", "red", "green", "blue", "blue", "red"],
     ["red", "red", "red", "red", "green", "green", "blue"]),
    ("cat_new_category", False, ["x", "y", "x", "y", "x"], ["x", "y", "z", "z", "z", "z"]),
    ("cat_single_value", False, ["a", "a", "a"], ["a", "a"]),
    ("cat_with_missing", False, ["a", None, "b", "c", "a", None], ["a", "b", None, "b", "c", "c", "c"]),
    ("cat_large", False, ["abcde"[(i * 7) % 5] for i in range(1500)], ["abcdef"[(i * 11) % 6] for i in range(1200)]),
]


def case(name, numeric, rspec, cspec):
    r_all, c_all = expand(rspec), expand(cspec)
    r, c = present(r_all), present(c_all)
    out = {"name": name, "numeric": numeric, "reference": rspec, "current": cspec,
           "missing_reference": missing_share(r_all), "missing_current": missing_share(c_all)}
    if not r or not c:
        out["auto"] = None
        return out
    out["auto"] = auto(r_all, r, c, numeric)
    if numeric:
        out["ks"] = ks(r, c)
        out["wasserstein"] = wasserstein(r, c)
    out["chisquare"] = chisquare(r, c)
    if len(categories(r, c)) <= 2:
        out["ztest"] = ztest(r, c)
    out["jensenshannon"] = jensenshannon(r, c, numeric)
    out["psi"] = psi(r, c, numeric)
    return out


def main():
    doc = {"made_by": "/usr/bin/python3 make_golden.py > golden.json",
           "scipy": scipy.__version__, "numpy": np.__version__,
           "cases": [case(*c) for c in CASES]}
    json.dump(doc, sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
