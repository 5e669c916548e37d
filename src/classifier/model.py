"""Passage scores → document coverage → document type.

One estimator, `DocumentClassifier`, holds everything learned: the passage features, one
passage classifier per dimension, one aggregator per dimension that turns a document's
passage scores into a calibrated coverage probability, and the per-dimension thresholds.
What an aggregator reads of a document is `features.DocumentSummary`; thresholds and the
optional out-of-scope gate are tuned by `calibration`.

Its input `X` is a list of documents, each a list of `AnalysedPassage` (see `nlp`), so it
does not take a numeric array and `validate_data` does not apply; `Y` is an
(n_documents, 3) 0/1 array in `DIMENSIONS` order.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import ClassVar

import numpy as np
from sklearn.base import BaseEstimator, clone
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold, StratifiedKFold
from sklearn.utils.validation import check_is_fitted

from .calibration import apply_gate, best_threshold, covers_nothing, cross_val_proba, fit_binary, fit_gate, positive
from .config import MODEL
from .features import DocumentSummary, document_text, make_features, mean_rows
from .labels import DIMENSIONS
from .nlp import AnalysedPassage

Document = Sequence[AnalysedPassage]
DIMS = list(DIMENSIONS)


class DocumentClassifier(BaseEstimator):
    """Multi-label coverage of the three dimensions, learned from passages.

    `fit(X, Y, groups=None, passage_labels=None)`: `passage_labels[i]` is an
    (n_passages_i, 3) array for documents with section-level labels, or None for documents
    labelled only as a whole; those are handled as multiple-instance learning: every passage
    of a positive document starts positive, then only its best-scoring share stays so.
    """

    #: What `_fit_passages` fits (on each fold, then on all documents).
    _PASSAGE_STAGE = ("features_", "passage_models_", "doc_models_", "word_vectorizer_", "word_models_", "gate_model_")
    #: What a fitted model holds; a model saved by an older version of this class may lack some
    #: (`persist.load_model` then asks for retraining instead of failing on every document).
    FITTED_ATTRIBUTES = (*_PASSAGE_STAGE, "gate_calibrator_", "gate_threshold_", "aggregators_", "thresholds_")
    #: Settings added since some models were saved, with the value that reproduces how those
    #: models score (`persist.load_model` sets them on a model that lacks them).
    LATER_SETTINGS: ClassVar[dict] = {"use_job_posting_cue": False}

    def __init__(
        self,
        tfidf_ngram_max: int = MODEL.tfidf_ngram_max,
        tfidf_min_df: int = MODEL.tfidf_min_df,
        tfidf_max_features: int = MODEL.tfidf_max_features,
        use_vectors: bool = MODEL.use_vectors,
        use_lexicons: bool = MODEL.use_lexicons,
        use_genre_cues: bool = MODEL.use_genre_cues,
        use_job_posting_cue: bool = MODEL.use_job_posting_cue,
        use_document_lexicons: bool = MODEL.use_document_lexicons,
        use_cross_dimension: bool = MODEL.use_cross_dimension,
        use_document_words: bool = MODEL.use_document_words,
        use_out_of_scope_gate: bool = MODEL.use_out_of_scope_gate,
        passage_C: float = MODEL.passage_C,
        cv_folds: int = MODEL.cv_folds,
        mil_rounds: int = MODEL.mil_rounds,
        mil_top_share: float = MODEL.mil_top_share,
        aggregator_C: float = MODEL.aggregator_C,
        words_C: float = MODEL.words_C,
        words_min_df: int = MODEL.words_min_df,
        gate_C: float = MODEL.gate_C,
        gate_calibration_C: float = MODEL.gate_calibration_C,
        gate_threshold_max: float = MODEL.gate_threshold_max,
        gate_threshold_min: float = MODEL.gate_threshold_min,
        gate_threshold_step: float = MODEL.gate_threshold_step,
        threshold_min: float = MODEL.threshold_min,
        threshold_max: float = MODEL.threshold_max,
        threshold_step: float = MODEL.threshold_step,
        min_class_count: int = MODEL.min_class_count,
        excerpts_per_document: int = MODEL.excerpts_per_document,
        excerpt_min_words: int = MODEL.excerpt_min_words,
        seed: int = MODEL.seed,
    ):
        self.tfidf_ngram_max = tfidf_ngram_max
        self.tfidf_min_df = tfidf_min_df
        self.tfidf_max_features = tfidf_max_features
        self.use_vectors = use_vectors
        self.use_lexicons = use_lexicons
        self.use_genre_cues = use_genre_cues
        self.use_job_posting_cue = use_job_posting_cue
        self.use_document_lexicons = use_document_lexicons
        self.use_cross_dimension = use_cross_dimension
        self.use_document_words = use_document_words
        self.use_out_of_scope_gate = use_out_of_scope_gate
        self.passage_C = passage_C
        self.cv_folds = cv_folds
        self.mil_rounds = mil_rounds
        self.mil_top_share = mil_top_share
        self.aggregator_C = aggregator_C
        self.words_C = words_C
        self.words_min_df = words_min_df
        self.gate_C = gate_C
        self.gate_calibration_C = gate_calibration_C
        self.gate_threshold_max = gate_threshold_max
        self.gate_threshold_min = gate_threshold_min
        self.gate_threshold_step = gate_threshold_step
        self.threshold_min = threshold_min
        self.threshold_max = threshold_max
        self.threshold_step = threshold_step
        self.min_class_count = min_class_count
        self.excerpts_per_document = excerpts_per_document
        self.excerpt_min_words = excerpt_min_words
        self.seed = seed

    # -- fitting ------------------------------------------------------------------------

    def fit(self, X: Sequence[Document], Y, groups=None, passage_labels=None, sample_weight=None) -> DocumentClassifier:
        """`sample_weight`: each document's weight in the aggregators' fit and in the
        cross-validation their thresholds are chosen on (excerpts weigh 1); the passage
        classifiers and document views learn from every document alike."""
        Y = np.asarray(Y, dtype=int)
        weight = np.ones(len(X)) if sample_weight is None else np.asarray(sample_weight, dtype=float)
        if weight.shape != (len(X),):
            raise ValueError(f"sample_weight must have shape ({len(X)},), got {weight.shape}")
        if Y.shape != (len(X), len(DIMS)):
            raise ValueError(f"Y must have shape ({len(X)}, {len(DIMS)}), got {Y.shape}")
        if any(len(doc) == 0 for doc in X):
            raise ValueError("every training document needs at least one passage")
        passage_labels = list(passage_labels) if passage_labels is not None else [None] * len(X)
        n_documents = len(X)
        # Excerpts only teach the aggregators and thresholds: passage classifiers and document
        # views learn from whole documents alone.
        X, Y, groups, passage_labels = self.with_excerpts(list(X), Y, groups, passage_labels)
        weight = np.concatenate([weight, np.ones(len(X) - n_documents)])

        # Out-of-fold passage scores teach the aggregators what unseen documents look like.
        oof: list = [None] * len(X)
        oof_views: list = [None] * len(X)
        oof_gate = np.full(len(X), np.nan)
        for train, test in self._folds(Y, groups):
            train = train[train < n_documents]
            fold = self._fit_passages([X[i] for i in train], Y[train], [passage_labels[i] for i in train])
            for i in test:
                oof[i], oof_views[i], oof_gate[i] = fold._scores(X[i])
        summaries = np.stack(
            [self._summary(scores, views, doc) for scores, views, doc in zip(oof, oof_views, X, strict=True)]
        )

        self.aggregators_ = {}
        self.thresholds_ = {}
        self.cv_probabilities_ = np.zeros(Y.shape)
        for j, dim in enumerate(DIMS):
            aggregator = LogisticRegression(C=self.aggregator_C, max_iter=1000)
            self.cv_probabilities_[:, j] = cross_val_proba(
                aggregator, summaries[:, j, :], Y[:, j], self.seed, groups, self.cv_folds, self.min_class_count, weight
            )
            self.thresholds_[dim] = best_threshold(
                self.cv_probabilities_[:, j], Y[:, j], self.threshold_min, self.threshold_max, self.threshold_step
            )
            self.aggregators_[dim] = fit_binary(aggregator, summaries[:, j, :], Y[:, j], weight)
        self.cv_gate_ = oof_gate
        #: Out-of-fold passage scores of the training documents, which the checklist learns from.
        self.cv_passage_scores_ = oof[:n_documents]
        self.gate_calibrator_, self.gate_threshold_, self.cv_probabilities_ = fit_gate(
            oof_gate,
            Y,
            self.cv_probabilities_,
            self.threshold_vector(),
            self.gate_calibration_C,
            (self.gate_threshold_max, self.gate_threshold_min, self.gate_threshold_step),
            self.min_class_count,
        )

        final = self._fit_passages(X[:n_documents], Y[:n_documents], passage_labels[:n_documents])
        for name in self._PASSAGE_STAGE:
            setattr(self, name, getattr(final, name))
        return self

    def with_excerpts(self, X: list, Y: np.ndarray, groups, passage_labels: list):
        """The training documents, then short documents cut from their labelled sections.

        Analysts also receive short texts — an article, a blog post, one chapter — where a
        dimension lives in a single developed section. Whole documents alone teach the
        aggregators and thresholds that coverage comes with long, dense plans; `fit` gives
        the aggregators and thresholds (only them) out-of-fold scores of excerpts too: up to
        `excerpts_per_document` sections of at least `excerpt_min_words` words of each
        document with section labels (drawn with `seed`) are added as documents of their own,
        labelled as their section. An excerpt shares its document's group, so no fold of the
        out-of-fold scores sees a document while scoring its excerpts.
        """
        if self.excerpts_per_document <= 0:
            return X, Y, groups, passage_labels
        given = groups
        groups = list(groups) if groups is not None else [f"document {i}" for i in range(len(X))]
        rng = np.random.default_rng(self.seed)
        extra_docs, extra_y, extra_groups, extra_labels = [], [], [], []
        for doc, labels, group in zip(X, passage_labels, groups, strict=True):
            if labels is None:
                continue
            labels = np.asarray(labels)
            bounds = [0] + [k for k in range(1, len(doc)) if doc[k].passage.heading != doc[k - 1].passage.heading]
            sections = list(zip(bounds, [*bounds[1:], len(doc)], strict=True))
            long_enough = [
                (a, b) for a, b in sections if sum(p.passage.words for p in doc[a:b]) >= self.excerpt_min_words
            ]
            for k in rng.permutation(len(long_enough))[: self.excerpts_per_document]:
                a, b = long_enough[k]
                extra_docs.append(list(doc[a:b]))
                extra_y.append(labels[a:b].max(axis=0))
                extra_groups.append(group)
                extra_labels.append(labels[a:b])
        if not extra_docs:
            return X, Y, given, passage_labels
        return X + extra_docs, np.vstack([Y, *extra_y]), groups + extra_groups, passage_labels + extra_labels

    def _folds(self, Y: np.ndarray, groups) -> list[tuple[np.ndarray, np.ndarray]]:
        index = np.arange(len(Y))
        if groups is not None and len(set(groups)) >= self.cv_folds:
            return list(GroupKFold(n_splits=self.cv_folds).split(index, Y[:, 0], groups))
        strata = Y @ (2 ** np.arange(len(DIMS)))
        splitter = StratifiedKFold(n_splits=self.cv_folds, shuffle=True, random_state=self.seed)
        return list(splitter.split(index, strata if np.bincount(strata).min() >= self.cv_folds else Y[:, 0]))

    def _fit_passages(self, X: Sequence[Document], Y: np.ndarray, passage_labels: list) -> DocumentClassifier:
        """Fit features and the per-dimension passage classifiers on one set of documents."""
        model = clone(self)
        passages = [p for doc in X for p in doc]
        model.features_ = make_features(
            self.tfidf_ngram_max, self.tfidf_min_df, self.tfidf_max_features, self.use_lexicons, self.use_vectors
        )
        features = model.features_.fit_transform(passages)
        doc_of = np.repeat(np.arange(len(X)), [len(doc) for doc in X])
        known = [labels is not None for labels in passage_labels]
        targets = np.vstack(
            [
                np.minimum(np.asarray(labels), Y[i]) if labels is not None else np.tile(Y[i], (len(X[i]), 1))
                for i, labels in enumerate(passage_labels)
            ]
        )
        # A whole-document view (mean of its passage features) complements the passage view:
        # some documents treat a dimension diffusely rather than in one strong passage.
        documents = mean_rows(features, doc_of, len(X))
        model.doc_models_ = {
            dim: fit_binary(self._passage_classifier(), documents, Y[:, j]) for j, dim in enumerate(DIMS)
        }
        # The whole document's raw words in one TF-IDF vector: the view of the strong baseline,
        # which tells genres apart (a job posting, a legal page) better than passages do.
        model.word_vectorizer_, model.word_models_, model.gate_model_ = None, {}, None
        if self.use_document_words:
            model.word_vectorizer_ = TfidfVectorizer(
                lowercase=True, sublinear_tf=True, min_df=self.words_min_df if len(X) >= 10 else 1
            )
            words = model.word_vectorizer_.fit_transform([document_text(doc) for doc in X])
            model.word_models_ = {
                dim: fit_binary(LogisticRegression(C=self.words_C, max_iter=2000), words, Y[:, j])
                for j, dim in enumerate(DIMS)
            }
            # The same view, asked whether the document covers no dimension at all (the gate).
            planless = covers_nothing(Y)
            if self.use_out_of_scope_gate and len(np.unique(planless)) == 2:
                model.gate_model_ = LogisticRegression(C=self.gate_C, max_iter=2000).fit(words, planless)
        model.passage_models_ = {}
        for j, dim in enumerate(DIMS):
            weights = np.ones(len(passages))
            for _ in range(1 + (self.mil_rounds if not all(known) else 0)):
                y = targets[:, j]
                classifier = fit_binary(self._passage_classifier(), features[weights > 0], y[weights > 0])
                if all(known):
                    break
                weights = self._relabel(classifier.predict_proba(features)[:, 1], doc_of, Y[:, j], known)
            model.passage_models_[dim] = classifier
        return model

    def _relabel(self, scores: np.ndarray, doc_of: np.ndarray, y_doc: np.ndarray, known: list[bool]) -> np.ndarray:
        """Keep only the best-scoring share of each positive, document-labelled document's passages."""
        weights = np.ones(len(scores))
        for i in np.flatnonzero(y_doc):
            if known[i]:
                continue
            idx = np.flatnonzero(doc_of == i)
            keep = max(1, math.ceil(self.mil_top_share * len(idx)))
            weights[idx[np.argsort(-scores[idx])[keep:]]] = 0.0
        return weights

    def _passage_classifier(self) -> LogisticRegression:
        return LogisticRegression(C=self.passage_C, class_weight="balanced", max_iter=2000, solver="liblinear")

    # -- prediction ---------------------------------------------------------------------

    def _summary(self, scores: np.ndarray, views: np.ndarray, doc: Document) -> np.ndarray:
        """(dims, stats): what one dimension's aggregator sees of a document."""
        summary = DocumentSummary(
            self.use_genre_cues,
            self.use_document_lexicons,
            self.use_cross_dimension,
            self.use_job_posting_cue,
        )
        return summary.transform(scores, views, document_text(doc))

    def _scores(self, doc: Document) -> tuple[np.ndarray, np.ndarray, float]:
        """(n_passages, 3) passage scores, (n_views, 3) whole-document scores — row 0 from
        the mean of the passage features, row 1 (if used) from the document's raw words — and
        the out-of-scope gate's score (NaN without a gate)."""
        if len(doc) == 0:
            return np.zeros((0, len(DIMS))), np.zeros((1 + bool(self.word_models_), len(DIMS))), np.nan
        features = self.features_.transform(list(doc))
        passages = np.column_stack([positive(self.passage_models_[dim], features) for dim in DIMS])
        document = mean_rows(features, np.zeros(len(doc), dtype=int), 1)
        views = [[positive(self.doc_models_[dim], document)[0] for dim in DIMS]]
        gate = np.nan
        if self.word_models_:
            words = self.word_vectorizer_.transform([document_text(doc)])
            views.append([positive(self.word_models_[dim], words)[0] for dim in DIMS])
            if self.gate_model_ is not None:
                gate = float(positive(self.gate_model_, words)[0])
        return passages, np.array(views), gate

    def score_document(self, doc: Document) -> tuple[np.ndarray, np.ndarray]:
        """((n_passages, 3) passage probabilities, (3,) calibrated document coverage probabilities)."""
        passages, coverage, _ = self.score_document_gated(doc)
        return passages, coverage

    def score_document_gated(self, doc: Document) -> tuple[np.ndarray, np.ndarray, bool]:
        """`score_document`, and whether the out-of-scope gate applied (the text reads like a
        genre that plans nothing, so it covers no dimension)."""
        check_is_fitted(self, "aggregators_")
        passages, views, gate = self._scores(doc)
        summary = self._summary(passages, views, doc)
        coverage = np.array([positive(self.aggregators_[d], summary[j : j + 1])[0] for j, d in enumerate(DIMS)])
        threshold = self.gate_threshold_
        gated = threshold is not None and bool(gate >= threshold)
        return passages, apply_gate(coverage[None, :], gate, self.gate_calibrator_, threshold)[0], gated

    def predict_proba(self, X: Sequence[Document]) -> np.ndarray:
        """(n_documents, 3) calibrated coverage probabilities."""
        return np.vstack([self.score_document(doc)[1] for doc in X])

    def predict(self, X: Sequence[Document]) -> np.ndarray:
        """(n_documents, 3) 0/1 coverage, each dimension at its tuned threshold."""
        return (self.predict_proba(X) >= self.threshold_vector()).astype(int)

    def threshold_vector(self) -> np.ndarray:
        check_is_fitted(self, "thresholds_")
        return np.array([self.thresholds_[d] for d in DIMS])
