"""The two baselines every evaluation measures beside the model, refitted in the same run (SPEC §6).

* `LexiconBaseline`: counts lexicon hits per 100 words; a dimension is covered above a
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

from .labels import DIMENSIONS
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
        self.models_ = [LogisticRegression(C=10.0, max_iter=2000).fit(features, Y[:, j]) for j in range(len(DIMS))]
        return self

    def predict(self, texts: Sequence[str]) -> np.ndarray:
        features = self.vectorizer_.transform(texts)
        return np.column_stack([m.predict(features) for m in self.models_]).astype(int)
