"""Metrics, and the two baselines every evaluation measures beside the model (SPEC §6).

* `LexiconBaseline`: counts lexicon hits per 1,000 words; a dimension is covered above a
  density threshold tuned on the training documents.
* `TfidfBaseline`: TF-IDF on raw lower-cased words of the whole document + one logistic
  regression per dimension.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from sklearn.base import BaseEstimator
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, confusion_matrix, precision_recall_fscore_support

from .labels import DIMENSIONS, DOC_TYPES, doc_type_from_coverage
from .lexicon import document_counts

DIMS = list(DIMENSIONS)
TYPES = list(DOC_TYPES)


def doc_types(Y: np.ndarray) -> list[str]:
    """Document types of 0/1 coverage rows, by the rule of SPEC §2."""
    return [doc_type_from_coverage(dict(zip(DIMS, map(bool, row), strict=True))) for row in np.asarray(Y)]


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


class LexiconBaseline(BaseEstimator):
    """Keyword counting with the curated lexicons: hits per 100 words above a tuned threshold."""

    def fit(self, texts: Sequence[str], Y) -> LexiconBaseline:
        Y = np.asarray(Y, dtype=int)
        density = self._density(texts)
        self.thresholds_ = []
        for j in range(len(DIMS)):
            candidates = np.unique(density[:, j])
            f1s = [binary_f1(density[:, j] >= t, Y[:, j]) for t in candidates]
            self.thresholds_.append(float(candidates[int(np.argmax(f1s))]))
        return self

    def predict(self, texts: Sequence[str]) -> np.ndarray:
        return (self._density(texts) >= np.array(self.thresholds_)).astype(int)

    @staticmethod
    def _density(texts: Sequence[str]) -> np.ndarray:
        return np.array([[density for _, _, density in document_counts(text)] for text in texts])


class TfidfBaseline(BaseEstimator):
    """TF-IDF on raw words of the whole document + logistic regression per dimension."""

    def fit(self, texts: Sequence[str], Y) -> TfidfBaseline:
        Y = np.asarray(Y, dtype=int)
        self.vectorizer_ = TfidfVectorizer(lowercase=True, sublinear_tf=True, min_df=2)
        features = self.vectorizer_.fit_transform(texts)
        self.models_ = [LogisticRegression(C=10.0, max_iter=2000).fit(features, Y[:, j]) for j in range(len(DIMS))]
        return self

    def predict(self, texts: Sequence[str]) -> np.ndarray:
        features = self.vectorizer_.transform(texts)
        return np.column_stack([m.predict(features) for m in self.models_]).astype(int)


def binary_f1(predicted: np.ndarray, y: np.ndarray) -> float:
    """F1 of 0/1 predictions against 0/1 truth (0 when neither has a positive).

    >>> binary_f1(np.array([1, 1, 0]), np.array([1, 0, 0]))
    0.6666666666666666
    """
    predicted = np.asarray(predicted, dtype=bool)
    tp = int((predicted & (y == 1)).sum())
    return 2 * tp / max(1, int(predicted.sum()) + int((y == 1).sum()))


def comparison_table(results: dict[str, dict[str, dict]]) -> str:
    """A Markdown table: one row per (data set, system), macro-F1, per-dimension F1, type accuracy."""
    head = "| données | système | F1 marketing | F1 technologie | F1 réorganisation | macro-F1 | exactitude du type |"
    lines = [head, "|---|---|---:|---:|---:|---:|---:|"]
    for dataset, systems in results.items():
        for system, m in systems.items():
            f1 = [f"{m['dimensions'][d]['f1']:.3f}" for d in DIMS]
            lines.append(
                f"| {dataset} (n={m['n']}) | {system} | {' | '.join(f1)} | {m['macro_f1']:.3f} | {m['doc_type_accuracy']:.3f} |"
            )
    return "\n".join(lines)
