"""Metrics of 0/1 coverage against the truth: per-dimension precision, recall and F1, their
macro-F1, document-type accuracy and the type confusion matrix (SPEC §6).

Keys are English; `card` owns how they are shown to a reader.
"""

from __future__ import annotations

import numpy as np
from sklearn.metrics import accuracy_score, confusion_matrix, precision_recall_fscore_support

from .labels import DIMENSIONS, DOC_TYPES, doc_types

DIMS = list(DIMENSIONS)
#: The systems every evaluation measures, as keys of its results: the model and the two baselines.
SYSTEMS = ("model", "lexicon_baseline", "tfidf_baseline")
TYPES = list(DOC_TYPES)


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
    }


def binary_f1(predicted: np.ndarray, y: np.ndarray) -> float:
    """F1 of 0/1 predictions against 0/1 truth (0 when neither has a positive).

    >>> binary_f1(np.array([1, 1, 0]), np.array([1, 0, 0]))
    0.6666666666666666
    """
    predicted = np.asarray(predicted, dtype=bool)
    tp = int((predicted & (y == 1)).sum())
    return 2 * tp / max(1, int(predicted.sum()) + int((y == 1).sum()))
