#!/usr/bin/python3
"""Expected values for mlctl's tests, computed independently of mlctl's Java code.

Run from the repository root with Debian's Python and scikit-learn
(apt-get install python3-sklearn):

    /usr/bin/python3 mlctl-core/src/test/python/golden.py

and compare its output with the constants in SplitTest, TrainTest, ObjectStoreTest, Sha256Test
and FastHashTest, which quote it. Nothing here imports or runs mlctl.
"""
import csv
import hashlib

# --- The seeded split: java.util.Random as its Javadoc specifies it, and Fisher-Yates --------


class JavaRandom:
    """java.util.Random: a 48-bit linear congruential generator (Knuth, TAOCP vol. 2, 3.2.1)."""

    MULT = 0x5DEECE66D
    MASK = (1 << 48) - 1

    def __init__(self, seed):
        self.seed = (seed ^ self.MULT) & self.MASK

    def next(self, bits):
        self.seed = (self.seed * self.MULT + 0xB) & self.MASK
        r = self.seed >> (48 - bits)
        return r - (1 << 32) if r >= (1 << 31) else r

    def next_int(self, bound):
        if bound & -bound == bound:
            return (bound * self.next(31)) >> 31
        while True:
            bits = self.next(31)
            val = bits % bound
            if bits - val + (bound - 1) < (1 << 31):  # no 32-bit overflow
                return val


def split_test_rows(path, ratio, seed):
    """1-based data row numbers (the header is line 1, so row k is line k + 1) sent to the test file."""
    with open(path, newline="") as f:
        n = sum(1 for _ in csv.reader(f)) - 1
    order = list(range(n))
    rnd = JavaRandom(seed)
    for i in range(n - 1, 0, -1):
        j = rnd.next_int(i + 1)
        order[i], order[j] = order[j], order[i]
    train_count = int(ratio * n + 0.5)  # Math.round for a positive value
    return sorted(k + 1 for k in order[train_count:])


POINTS = "mlctl-core/src/test/resources/model/points.csv"
print("split points.csv ratio 0.75 seed 3, test rows:", split_test_rows(POINTS, 0.75, 3))
print("split points.csv ratio 0.8 seed 7, test rows:", split_test_rows(POINTS, 0.8, 7))

# --- A CART that cannot isolate one odd row, trained by scikit-learn ------------------------
from sklearn.metrics import accuracy_score, confusion_matrix, f1_score, precision_score, recall_score  # noqa: E402
from sklearn.tree import DecisionTreeClassifier  # noqa: E402

xs = list(range(20))
labels = ["hi" if x >= 10 or x == 3 else "lo" for x in xs]
# Leaves of at least five rows, as mlctl's min_child_weight=5 asks (every row weighs 1).
tree = DecisionTreeClassifier(min_samples_leaf=5, random_state=0).fit([[x] for x in xs], labels)
pred = list(tree.predict([[x] for x in xs]))
print("cart min leaf 5 predictions:", pred)
print("accuracy", accuracy_score(labels, pred))
print("f1_macro", f1_score(labels, pred, average="macro"))
print("precision_macro", precision_score(labels, pred, average="macro"))
print("recall_macro", recall_score(labels, pred, average="macro"))
print("confusion_matrix (rows true hi, lo; columns predicted hi, lo)",
      confusion_matrix(labels, pred, labels=["hi", "lo"]).tolist())

# --- The empty manifest's object name -----------------------------------------------------
print("sha256 of '[]':", hashlib.sha256(b"[]").hexdigest())

# --- Files around the hash read buffer (1 MiB) and the child JVM's size (64 MiB) -------------
# Sha256Test and FastHashTest: bytes i % 251 for i in 0..n-1, and 64 MiB of zeros (a sparse file).
MIB = 1 << 20
for n in [0, 1, MIB - 1, MIB, MIB + 1, 3 * MIB + 5]:
    print("sha256 of", n, "bytes i % 251:", hashlib.sha256(bytes(i % 251 for i in range(n))).hexdigest())
print("sha256 of 64 MiB of zeros:", hashlib.sha256(bytes(64 * MIB)).hexdigest())
print("sha256 of 64 MiB - 1 of zeros:", hashlib.sha256(bytes(64 * MIB - 1)).hexdigest())
