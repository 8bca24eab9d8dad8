#!/usr/bin/python3
"""Golden values for ProbabilityScoresTest, from scikit-learn (Debian's python3-sklearn 1.2.1).

Run from the repository root:
    /usr/bin/python3 mlctl-core/src/test/java/io/mlctl/core/model/probability_scores_golden.py

Writes, under mlctl-core/src/test/resources/model/probability/, two data sets of true classes and
class probabilities (rounded to two digits, so scores tie) and expected.json with
roc_auc_score(multi_class="ovr") and log_loss for each.
"""
import csv
import json
import os

import numpy as np
from sklearn.metrics import log_loss, roc_auc_score

OUT = "mlctl-core/src/test/resources/model/probability"


def make(name, labels, rows, seed):
    rng = np.random.default_rng(seed)
    truth = rng.integers(0, len(labels), rows)
    raw = rng.random((rows, len(labels))) + np.eye(len(labels))[truth] * 0.8
    proba = np.round(raw / raw.sum(axis=1, keepdims=True), 2)
    # Each row sums to one again (roc_auc_score checks): the largest takes up the rounding.
    for row in proba:
        top = int(np.argmax(row))
        row[top] = round(1 - (row.sum() - row[top]), 2)
    # One certain mistake and one certain hit, so the log-loss clipping shows.
    proba[0] = np.eye(len(labels))[(truth[0] + 1) % len(labels)]
    proba[1] = np.eye(len(labels))[truth[1]]
    with open(os.path.join(OUT, name + ".csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["truth"] + labels)
        for t, p in zip(truth, proba):
            w.writerow([labels[t]] + [repr(float(x)) for x in p])
    y = [labels[t] for t in truth]
    # The model's probabilities as Java reads them (not renormalised after rounding).
    p = np.array([[float(repr(float(x))) for x in row] for row in proba])
    auc = roc_auc_score(y, p[:, 1] if len(labels) == 2 else p, multi_class="ovr", labels=labels)
    return {"roc_auc": float(auc), "log_loss": float(log_loss(y, p, labels=labels))}


if __name__ == "__main__":
    os.makedirs(OUT, exist_ok=True)
    expected = {
        "binary": make("binary", ["no", "yes"], 60, 7),
        "multiclass": make("multiclass", ["a", "b", "c"], 90, 11),
    }
    with open(os.path.join(OUT, "expected.json"), "w") as f:
        json.dump(expected, f, indent=2, sort_keys=True)
        f.write("\n")
    print(json.dumps(expected, indent=2, sort_keys=True))
