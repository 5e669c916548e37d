"""Features: of passages (lemma TF-IDF, lexicon counts per dimension, spaCy word vectors) and of
whole documents (`DocumentSummary`: what each dimension's aggregator reads).

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
from .lexicon import default_matcher, document_counts, genre_matcher
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
    >>> p = AnalysedPassage(Passage("Campagne Facebook et infolettre.", 1, ""), "")
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


# -- document level: what each dimension's aggregator sees of a whole document -------------


def document_text(doc: Sequence[AnalysedPassage]) -> str:
    """The document's text, passage after passage."""
    return " ".join(p.passage.text for p in doc)


def mean_rows(features, doc_of: np.ndarray, n_docs: int):
    """Average the feature rows of each document (sparse in, sparse out): a document's
    passage features as one row, the model's whole-document view."""
    from scipy import sparse

    counts = np.bincount(doc_of, minlength=n_docs).astype(float)
    averaging = sparse.csr_matrix((1.0 / counts[doc_of], (doc_of, np.arange(len(doc_of)))), shape=(n_docs, len(doc_of)))
    return averaging @ features


def summarise_passages(scores: np.ndarray, whole: np.ndarray) -> np.ndarray:
    """(dims, 6): how strongly and how widely a document's passages treat each dimension
    (column 0: its best passage score), beside the whole-document score.

    >>> summarise_passages(np.array([[0.9, 0.1, 0.2], [0.6, 0.2, 0.1]]), np.array([0.8, 0.1, 0.1]))[0].round(2).tolist()
    [0.9, 0.75, 0.75, 1.41, 1.1, 0.8]
    """
    if len(scores) == 0:
        return np.column_stack([np.zeros((len(DIMENSIONS), 5)), whole])
    top = -np.sort(-scores, axis=0)
    return np.column_stack(
        [
            top[0],
            top[:3].mean(axis=0),
            scores.mean(axis=0),
            (scores >= 0.5).sum(axis=0) / np.sqrt(len(scores)),
            np.full(len(DIMENSIONS), np.log1p(len(scores))),
            whole,
        ]
    )


def genre_cues(text: str, groups: Sequence[str] | None = None) -> np.ndarray:
    """Per genre that plans nothing (job posting, call or funding rules, legal page,
    announcement; only `groups` of `lexicons/non_plan_genres.txt` when given): log count of
    the distinct cues of that genre found in the text."""
    counts = genre_matcher().count(text)
    return np.log1p([counts[group][1] for group in (groups or counts)])


#: The genre-cue group of job postings (`lexicons/non_plan_genres.txt`), the one cue the model
#: may read alone (`ModelConfig.use_job_posting_cue`).
JOB_POSTING = "offre_emploi"


class DocumentSummary:
    """A document's passage scores and whole-document scores → one row of statistics per
    dimension, what that dimension's aggregator reads.

    Which blocks are on follows the model's hyper-parameters (`use_genre_cues`,
    `use_job_posting_cue`, `use_document_lexicons`, `use_cross_dimension`); nothing is learned here.
    """

    def __init__(
        self,
        genre_cues: bool = False,
        document_lexicons: bool = True,
        cross_dimension: bool = True,
        job_posting_cue: bool = False,
    ):
        self.genre_cues = genre_cues
        self.document_lexicons = document_lexicons
        self.cross_dimension = cross_dimension
        self.job_posting_cue = job_posting_cue

    def transform(self, scores: np.ndarray, views: np.ndarray, text: str) -> np.ndarray:
        """(dims, stats) for one document: `scores` (n_passages, 3) passage probabilities,
        `views` (n_views, 3) whole-document probabilities (row 0: mean passage features; row 1,
        if any: raw words), `text` the document's text."""
        passages = summarise_passages(scores, views[0])
        columns = [passages]
        if self.genre_cues:
            columns.append(np.tile(genre_cues(text), (len(DIMENSIONS), 1)))
        elif self.job_posting_cue:
            columns.append(np.tile(genre_cues(text, [JOB_POSTING]), (len(DIMENSIONS), 1)))
        if self.document_lexicons:
            columns.append(np.array([[np.log1p(distinct), density] for _, distinct, density in document_counts(text)]))
        if self.cross_dimension:
            # Every dimension's row also carries all three dimensions' whole-document scores
            # (each view) and best-passage scores.
            strongest = passages[:, 0]
            columns.append(np.tile(np.concatenate([*views, strongest]), (len(DIMENSIONS), 1)))
        elif len(views) > 1:
            columns.append(views[1:].T)
        return np.column_stack(columns)
