"""The two baselines every evaluation measures beside the model, refitted in the same run (SPEC §6).

* `LexiconBaseline`: counts lexicon hits per 100 words; a dimension is covered above a
  density threshold tuned on the training documents.
* `TfidfBaseline`: TF-IDF on raw lower-cased words of the whole document + one logistic
  regression per dimension.
* `ChecklistKeywords`: the checklist's (SPEC §2b) keyword counts per section.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from sklearn.base import BaseEstimator
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from .calibration import fit_binary
from .labels import COMMITMENTS, CRITERION_KEYS, DIMENSIONS
from .lexicon import document_counts
from .metrics import binary_f1

DIMS = list(DIMENSIONS)


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
        # a dimension no training document covers (or every one does) gets a constant
        self.models_ = [
            fit_binary(LogisticRegression(C=10.0, max_iter=2000), features, Y[:, j]) for j in range(len(DIMS))
        ]
        return self

    def predict(self, texts: Sequence[str]) -> np.ndarray:
        features = self.vectorizer_.transform(texts)
        return np.column_stack([m.predict_proba(features)[:, 1] > 0.5 for m in self.models_]).astype(int)


class ChecklistKeywords(BaseEstimator):
    """The checklist's keyword baseline: a section mentions a criterion from `a` hits of its
    lexicon (`lexicons/criteria.txt`) and covers it from `b` distinct entries; a commitment is
    found from `k` cues (its lexicon group, amounts, dates, targets). Counts tuned for F1 on the
    training sections."""

    def fit(self, texts: Sequence[str], statuses: np.ndarray, commitments: np.ndarray) -> ChecklistKeywords:
        hits, distinct, cues = self._counts(texts)
        self.mentioned_ = [_best_count(hits[:, j], statuses[:, j] >= 1) for j in range(statuses.shape[1])]
        self.covered_ = [_best_count(distinct[:, j], statuses[:, j] >= 2) for j in range(statuses.shape[1])]
        self.commitments_ = [_best_count(cues[:, j], commitments[:, j] > 0) for j in range(commitments.shape[1])]
        return self

    def predict(self, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """(status ranks 0/1/2 per section and criterion, 0/1 commitments per section)."""
        hits, distinct, cues = self._counts(texts)
        statuses = np.where(distinct >= self.covered_, 2, np.where(hits >= self.mentioned_, 1, 0))
        return statuses, (cues >= np.array(self.commitments_)).astype(int)

    @staticmethod
    def _counts(texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(hits, distinct entries hit) per criterion, and cues per commitment: its lexicon
        group, plus amounts for the budget, dates for the schedule, targets for the indicators."""
        from .checklist import cue_counts

        n, k = len(CRITERION_KEYS), len(COMMITMENTS)
        raw = np.array([cue_counts(t) for t in texts]).reshape(len(texts), -1)
        patterns = raw[:, 2 * n + k :]
        cues = raw[:, 2 * n : 2 * n + k] + np.column_stack([np.zeros(len(texts)), patterns])
        return raw[:, :n], raw[:, n : 2 * n], cues


def _best_count(counts: np.ndarray, y: np.ndarray) -> float:
    """The count threshold (1 to 10) with the best F1 on the training sections."""
    candidates = np.arange(1, 11)
    return float(candidates[int(np.argmax([binary_f1(counts >= c, y.astype(int)) for c in candidates]))])
