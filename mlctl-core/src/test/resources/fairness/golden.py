#!/usr/bin/python3
"""Expected fairness metrics for predictions.csv, from fairlearn's definitions (fairlearn is not
installed where these were made, so they are computed here with numpy).

Made with: /usr/bin/python3 golden.py > golden.json   (in this folder)

Definitions (fairlearn.metrics, positive label "yes", every other class negative):
  selection_rate       = mean(y_pred == pos)                     per group
  true_positive_rate   = P(y_pred == pos | y_true == pos)        per group, 0 when the group has no
  false_positive_rate  = P(y_pred == pos | y_true != pos)        positives / negatives (scikit-learn's
                                                                 normalised confusion matrix turns 0/0 into 0)
  demographic_parity_difference = max - min of selection_rate over groups
  demographic_parity_ratio      = min / max of selection_rate over groups
  equalized_odds_difference     = max(tpr max - min, fpr max - min)   (agg="worst_case")
"""
import csv
import json

import numpy as np

POS = "yes"

with open("predictions.csv", newline="") as f:
    rows = list(csv.DictReader(f))
group = np.array([r["group"] for r in rows])
truth = np.array([r["y_true"] for r in rows]) == POS
pred = np.array([r["y_pred"] for r in rows]) == POS


def rate(selected, among):
    n = among.sum()
    return float(selected[among].sum() / n) if n else 0.0


sel, tpr, fpr = {}, {}, {}
for g in sorted(set(group)):
    m = group == g
    sel[g] = float(pred[m].mean())
    tpr[g] = rate(pred, m & truth)
    fpr[g] = rate(pred, m & ~truth)

s = np.array(list(sel.values()))
t = np.array(list(tpr.values()))
p = np.array(list(fpr.values()))
out = {
    "positive_label": POS,
    "selection_rate": sel,
    "true_positive_rate": tpr,
    "false_positive_rate": fpr,
    "demographic_parity_difference": float(s.max() - s.min()),
    "demographic_parity_ratio": float(s.min() / s.max()),
    "equalized_odds_difference": float(max(t.max() - t.min(), p.max() - p.min())),
}
print(json.dumps(out, indent=2, sort_keys=True))
