"""Passage features: lemma TF-IDF, lexicon counts per dimension, and spaCy word vectors.

Each transformer is a small scikit-learn component that only transforms; `fit` learns
nothing except where a vocabulary is learned (TF-IDF).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.pipeline import FeatureUnion, make_pipeline
from sklearn.preprocessing import StandardScaler

from .labels import DIMENSIONS
from .lexicon import default_matcher
from .nlp import AnalysedPassage


class ContentLemmas(BaseEstimator, TransformerMixin):
    """Analysed passages → their content lemmas as one space-separated string each."""

    def fit(self, X: Sequence[AnalysedPassage], y=None) -> ContentLemmas:
        return self

    def transform(self, X: Sequence[AnalysedPassage]) -> list[str]:
        return [p.content for p in X]

    def get_feature_names_out(self, input_features=None) -> np.ndarray:
        """One text column; the TF-IDF step after it names the n-grams."""
        return np.array(["content_lemmas"], dtype=object)


class LexiconCounts(BaseEstimator, TransformerMixin):
    """Analysed passages → per dimension: log hits, log distinct entries, hits per 10 words.

    >>> from classifier.segment import Passage
    >>> p = AnalysedPassage(Passage("Campagne Facebook et infolettre.", 1, ""), "", "", np.zeros(2))
    >>> LexiconCounts().fit([p]).transform([p]).shape
    (1, 9)
    """

    def fit(self, X: Sequence[AnalysedPassage], y=None) -> LexiconCounts:
        return self

    def transform(self, X: Sequence[AnalysedPassage]) -> np.ndarray:
        matcher = default_matcher()
        rows = []
        for analysed in X:
            passage = analysed.passage
            counts = matcher.count(f"{passage.heading}\n{passage.text}")
            words = max(passage.words, 1)
            row = []
            for dim in DIMENSIONS:
                hits, distinct = counts[dim]
                row += [np.log1p(hits), np.log1p(distinct), 10.0 * hits / words]
            rows.append(row)
        return np.asarray(rows, dtype=np.float64).reshape(len(rows), 3 * len(DIMENSIONS))

    def get_feature_names_out(self, input_features=None) -> np.ndarray:
        """Names of the columns of `transform`, in order.

        >>> list(LexiconCounts().get_feature_names_out()[:3])
        ['lexique:marketing:log_hits', 'lexique:marketing:log_distinct', 'lexique:marketing:hits_per_10_words']
        """
        stats = ("log_hits", "log_distinct", "hits_per_10_words")
        return np.array([f"lexique:{dim}:{stat}" for dim in DIMENSIONS for stat in stats], dtype=object)


class WordVectors(BaseEstimator, TransformerMixin):
    """Analysed passages → their mean content-word vector, L2-normalised."""

    def fit(self, X: Sequence[AnalysedPassage], y=None) -> WordVectors:
        return self

    def transform(self, X: Sequence[AnalysedPassage]) -> np.ndarray:
        vectors = np.vstack([p.vector for p in X]).astype(np.float64)
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        return vectors / np.where(norms == 0, 1.0, norms)

    def get_feature_names_out(self, input_features=None) -> np.ndarray:
        """`vecteur:0` … one name per dimension of the spaCy vectors (loads the pipeline)."""
        from .nlp import load_nlp

        return np.array([f"vecteur:{i}" for i in range(load_nlp().vocab.vectors_length)], dtype=object)


def lemma_tfidf(ngram_max: int, min_df: int, max_features: int) -> TfidfVectorizer:
    """TF-IDF over content lemmas, which are already lower-cased and space-separated."""
    return TfidfVectorizer(
        token_pattern=r"\S+",
        lowercase=False,
        ngram_range=(1, ngram_max),
        min_df=min_df,
        max_features=max_features,
        sublinear_tf=True,
    )


def make_features(
    ngram_max: int = 2, min_df: int = 2, max_features: int = 30_000, lexicons: bool = True, vectors: bool = True
) -> FeatureUnion:
    """The passage feature union; which blocks are on is a hyper-parameter (see the evaluation)."""
    blocks = [("lemmas", make_pipeline(ContentLemmas(), lemma_tfidf(ngram_max, min_df, max_features)))]
    if lexicons:
        blocks.append(("lexicons", make_pipeline(LexiconCounts(), StandardScaler())))
    if vectors:
        blocks.append(("vectors", WordVectors()))
    return FeatureUnion(blocks)
