# The SciPy baseline of the drift benchmark: the same default tests Evidently would choose for
# this data (more than 1000 reference rows: wasserstein normed by the reference std for numerical
# columns, Jensen-Shannon distance over category shares for categorical ones), with the unique
# counts Evidently's selection needs, on data of the same sizes and shapes made with numpy.
import json
import sys
import time

import numpy as np
from scipy.spatial import distance
from scipy.stats import wasserstein_distance

rows = int(sys.argv[1])
numerical, categorical = 80, 20
gen = np.random.default_rng(7)


def numerical_column(c, current):
    z = gen.standard_normal(rows)
    kind = c % 3
    x = z if kind == 0 else (np.exp(z / 2) if kind == 1 else np.round(z * 3 + 10))
    return x * 1.2 + 0.3 if current and c % 4 == 0 else x


def categorical_column(c, current):
    k = 3 + ((c * 7) % 48)
    names = np.array([f"cat_{c}_{i}" for i in range(k)], dtype=object)
    skew = 2.5 if current and c % 4 == 0 else 1.5
    return names[np.floor(k * gen.random(rows) ** skew).astype(int)]


t = time.perf_counter()
ref = [numerical_column(c, False) for c in range(numerical)] + [categorical_column(c, False) for c in range(categorical)]
cur = [numerical_column(c, True) for c in range(numerical)] + [categorical_column(c, True) for c in range(categorical)]
gen_s = time.perf_counter() - t

t = time.perf_counter()
drifted = 0
for i in range(numerical + categorical):
    r, c = ref[i], cur[i]
    if i < numerical:
        r = r[np.isfinite(r)]
        c = c[np.isfinite(c)]
        np.unique(np.concatenate([r, c]))  # the selection's unique count
        score = wasserstein_distance(r, c) / max(np.std(r), 0.001)
        drifted += score >= 0.1
    else:
        keys = np.unique(np.concatenate([r, c]))
        rv = np.array([np.sum(r == k) for k in keys], dtype=float)
        cv = np.array([np.sum(c == k) for k in keys], dtype=float)
        score = distance.jensenshannon(rv / rv.sum(), cv / cv.sum())
        drifted += score >= 0.1
drift_s = time.perf_counter() - t
print(json.dumps({"rows": rows, "gen_s": gen_s, "drift_s": drift_s, "drifted": int(drifted)}))
