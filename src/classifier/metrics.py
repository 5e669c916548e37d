"""Metrics of 0/1 coverage against the truth: per-dimension precision, recall and F1, their
macro-F1, document-type accuracy and the type confusion matrix (SPEC §6).

Keys are English; `card` owns how they are shown to a reader.
"""

from __future__ import annotations

import numpy as np
from sklearn.metrics import accuracy_score, confusion_matrix, precision_recall_fscore_support

from .labels import COMMITMENTS, CRITERIA, CRITERION_KEYS, DIMENSIONS, DOC_TYPES, doc_types

DIMS = list(DIMENSIONS)
#: The systems every evaluation measures, as keys of its results: the model and the two baselines.
SYSTEMS = ("model", "lexicon_baseline", "tfidf_baseline")
TYPES = list(DOC_TYPES)
#: Resamples of the bootstrap intervals (`bootstrap_intervals`), drawn with a fixed seed.
BOOTSTRAP_DRAWS = 2000


def evaluate_predictions(Y_true: np.ndarray, Y_pred: np.ndarray) -> dict:
    """Per-dimension precision/recall/F1, their macro-F1, doc-type accuracy and confusion matrix.

    >>> m = evaluate_predictions(np.array([[1, 0, 0], [0, 1, 1]]), np.array([[1, 0, 0], [0, 1, 0]]))
    >>> m["doc_type_accuracy"], m["dimensions"]["reorganisation"]["recall"]
    (0.5, 0.0)
    """
    Y_true, Y_pred = np.asarray(Y_true, dtype=int), np.asarray(Y_pred, dtype=int)
    precision, recall, f1, support = precision_recall_fscore_support(Y_true, Y_pred, average=None, zero_division=0)
    true_types, predicted_types = doc_types(Y_true), doc_types(Y_pred)
    return {
        "n": len(Y_true),
        "dimensions": {
            dim: {
                "precision": round(float(precision[j]), 3),
                "recall": round(float(recall[j]), 3),
                "f1": round(float(f1[j]), 3),
                "support": int(support[j]),
            }
            for j, dim in enumerate(DIMS)
        },
        "macro_f1": round(float(np.mean(f1)), 3),
        "doc_type_accuracy": round(float(accuracy_score(true_types, predicted_types)), 3),
        "confusion": {
            "labels": TYPES,
            "matrix": confusion_matrix(true_types, predicted_types, labels=TYPES).tolist(),
        },
        "intervals": bootstrap_intervals(Y_true, Y_pred, np.array(true_types) == np.array(predicted_types)),
    }


def bootstrap_intervals(
    Y_true: np.ndarray,
    Y_pred: np.ndarray,
    same_type: np.ndarray,
    draws: int = BOOTSTRAP_DRAWS,
    level: float = 0.95,
    seed: int = 0,
) -> dict[str, list[float]]:
    """Percentile bootstrap intervals of macro-F1 and document-type accuracy (`same_type`: per
    document, whether the predicted type is the true one): the documents are drawn again with
    replacement `draws` times and both measures recomputed on each draw.

    On 24 texts a figure moves by several points when one text changes side; the interval says
    how far. Documents are drawn one by one, so documents of one organisation count as
    independent and the interval is, if anything, too narrow.

    >>> Y = np.array([[1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 1, 1]] * 5)
    >>> bootstrap_intervals(Y, Y, np.ones(len(Y), dtype=bool))
    {'macro_f1': [1.0, 1.0], 'doc_type_accuracy': [1.0, 1.0]}
    """
    Y_true, Y_pred = np.asarray(Y_true, dtype=bool), np.asarray(Y_pred, dtype=bool)
    if len(Y_true) == 0:
        return {"macro_f1": [0.0, 0.0], "doc_type_accuracy": [0.0, 0.0]}
    rows = np.random.default_rng(seed).integers(0, len(Y_true), size=(draws, len(Y_true)))
    truth, predicted = Y_true[rows], Y_pred[rows]  # (draws, n, dimensions)
    tp = (truth & predicted).sum(axis=1)
    wrong = (truth ^ predicted).sum(axis=1)
    denominator = 2 * tp + wrong
    f1 = np.divide(2 * tp, denominator, out=np.zeros(tp.shape), where=denominator > 0)  # 0 with no positive
    tails = [100 * (1 - level) / 2, 100 * (1 + level) / 2]
    return {
        "macro_f1": [round(float(x), 3) for x in np.percentile(f1.mean(axis=1), tails)],
        "doc_type_accuracy": [
            round(float(x), 3) for x in np.percentile(np.asarray(same_type)[rows].mean(axis=1), tails)
        ],
    }


def binary_f1(predicted: np.ndarray, y: np.ndarray) -> float:
    """F1 of 0/1 predictions against 0/1 truth (0 when neither has a positive).

    >>> binary_f1(np.array([1, 1, 0]), np.array([1, 0, 0]))
    0.6666666666666666
    """
    predicted = np.asarray(predicted, dtype=bool)
    tp = int((predicted & (y == 1)).sum())
    return 2 * tp / max(1, int(predicted.sum()) + int((y == 1).sum()))


def checklist_metrics(statuses: np.ndarray, predicted: np.ndarray) -> dict:
    """Criterion statuses (ranks 0 absent, 1 mentioned, 2 covered; one column per criterion, in
    `CRITERION_KEYS` order) against the truth: per criterion the F1 of finding it (mentioned or
    covered) and of finding it covered, their means over each dimension and overall, and how
    often "mentioned" and "covered" are told apart where both sides found the criterion.

    >>> m = checklist_metrics(np.array([[2] + [0] * 13, [1] + [0] * 13]), np.array([[2] + [0] * 13, [2] + [0] * 13]))
    >>> m["criteria"]["audiences"], m["mentioned_vs_covered_accuracy"]
    ({'found_f1': 1.0, 'covered_f1': 0.667, 'support': 2}, 0.5)
    """
    statuses, predicted = np.asarray(statuses), np.asarray(predicted)
    criteria = {
        key: {
            "found_f1": round(binary_f1(predicted[:, j] >= 1, (statuses[:, j] >= 1).astype(int)), 3),
            "covered_f1": round(binary_f1(predicted[:, j] >= 2, (statuses[:, j] >= 2).astype(int)), 3),
            "support": int((statuses[:, j] >= 1).sum()),
        }
        for j, key in enumerate(CRITERION_KEYS)
    }
    both = (statuses >= 1) & (predicted >= 1)
    return {
        "n": len(statuses),
        "criteria": criteria,
        "dimensions": {
            dim: {
                what: round(float(np.mean([criteria[k][what] for k in keys])), 3) for what in ("found_f1", "covered_f1")
            }
            for dim, keys in CRITERIA.items()
        },
        "found_macro_f1": round(float(np.mean([c["found_f1"] for c in criteria.values()])), 3),
        "covered_macro_f1": round(float(np.mean([c["covered_f1"] for c in criteria.values()])), 3),
        "mentioned_vs_covered_accuracy": round(float((statuses == predicted)[both].mean()), 3) if both.any() else None,
    }


def commitment_metrics(truth: np.ndarray, predicted: np.ndarray) -> dict:
    """0/1 commitments (one column per kind, `COMMITMENTS` order): F1 per kind and pooled.

    >>> commitment_metrics(np.array([[1, 0, 1, 0]]), np.array([[1, 1, 1, 0]]))["pooled_f1"]
    0.8
    """
    truth, predicted = np.asarray(truth, dtype=int), np.asarray(predicted, dtype=int)
    return {
        "n": len(truth),
        "kinds": {
            kind: {"f1": round(binary_f1(predicted[:, j], truth[:, j]), 3), "support": int(truth[:, j].sum())}
            for j, kind in enumerate(COMMITMENTS)
        },
        "pooled_f1": round(binary_f1(predicted.ravel(), truth.ravel()), 3),
    }
