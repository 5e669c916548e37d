"""Passage scores → document coverage → document type.

One estimator, `DocumentClassifier`, holds everything learned: the passage features, one
passage classifier per dimension, one aggregator per dimension that turns a document's
passage scores into a calibrated coverage probability, and the per-dimension thresholds.

Its input `X` is a list of documents, each a list of `AnalysedPassage` (see `nlp`), so it
does not take a numeric array and `validate_data` does not apply; `Y` is an
(n_documents, 3) 0/1 array in `DIMENSIONS` order.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from scipy.special import expit
from sklearn.base import BaseEstimator, clone
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold, StratifiedGroupKFold, StratifiedKFold
from sklearn.utils.extmath import safe_sparse_dot
from sklearn.utils.validation import check_is_fitted

from .config import MODEL
from .evaluate import binary_f1, evaluate_predictions
from .features import make_features
from .labels import DIMENSIONS
from .lexicon import document_counts, genre_matcher
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

    def __init__(
        self,
        tfidf_ngram_max: int = MODEL.tfidf_ngram_max,
        tfidf_min_df: int = MODEL.tfidf_min_df,
        tfidf_max_features: int = MODEL.tfidf_max_features,
        use_vectors: bool = MODEL.use_vectors,
        use_lexicons: bool = MODEL.use_lexicons,
        use_genre_cues: bool = MODEL.use_genre_cues,
        use_document_lexicons: bool = MODEL.use_document_lexicons,
        use_cross_dimension: bool = MODEL.use_cross_dimension,
        use_document_words: bool = MODEL.use_document_words,
        use_out_of_scope_gate: bool = MODEL.use_out_of_scope_gate,
        passage_C: float = MODEL.passage_C,
        cv_folds: int = MODEL.cv_folds,
        mil_rounds: int = MODEL.mil_rounds,
        mil_top_share: float = MODEL.mil_top_share,
        seed: int = MODEL.seed,
    ):
        self.tfidf_ngram_max = tfidf_ngram_max
        self.tfidf_min_df = tfidf_min_df
        self.tfidf_max_features = tfidf_max_features
        self.use_vectors = use_vectors
        self.use_lexicons = use_lexicons
        self.use_genre_cues = use_genre_cues
        self.use_document_lexicons = use_document_lexicons
        self.use_cross_dimension = use_cross_dimension
        self.use_document_words = use_document_words
        self.use_out_of_scope_gate = use_out_of_scope_gate
        self.passage_C = passage_C
        self.cv_folds = cv_folds
        self.mil_rounds = mil_rounds
        self.mil_top_share = mil_top_share
        self.seed = seed

    # -- fitting ------------------------------------------------------------------------

    def fit(self, X: Sequence[Document], Y, groups=None, passage_labels=None) -> DocumentClassifier:
        Y = np.asarray(Y, dtype=int)
        if Y.shape != (len(X), len(DIMS)):
            raise ValueError(f"Y must have shape ({len(X)}, {len(DIMS)}), got {Y.shape}")
        if any(len(doc) == 0 for doc in X):
            raise ValueError("every training document needs at least one passage")
        passage_labels = list(passage_labels) if passage_labels is not None else [None] * len(X)

        # Out-of-fold passage scores teach the aggregators what unseen documents look like.
        oof: list = [None] * len(X)
        oof_views: list = [None] * len(X)
        oof_gate = np.full(len(X), np.nan)
        for train, test in self._folds(Y, groups):
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
            aggregator = LogisticRegression(C=1.0, max_iter=1000)
            self.cv_probabilities_[:, j] = _cross_val_proba(
                aggregator, summaries[:, j, :], Y[:, j], self.seed, groups, self.cv_folds
            )
            self.thresholds_[dim] = _best_threshold(self.cv_probabilities_[:, j], Y[:, j])
            self.aggregators_[dim] = _fit_binary(aggregator, summaries[:, j, :], Y[:, j])
        self._fit_gate(oof_gate, Y)

        final = self._fit_passages(X, Y, passage_labels)
        for name in self._PASSAGE_STAGE:
            setattr(self, name, getattr(final, name))
        return self

    def _fit_gate(self, oof_gate: np.ndarray, Y: np.ndarray) -> None:
        """Calibrate the out-of-scope gate and choose when it applies, on out-of-fold scores.

        The gate is a raw-word model of "covers no dimension" (a job posting, a legal page…).
        A document whose gate score reaches `gate_threshold_` has its coverage probabilities
        multiplied by the calibrated probability that it is a plan at all. The gate is a veto:
        only thresholds where that multiplier is below every dimension's threshold are
        candidates, so a gated document covers nothing and the gate never half-applies. Among
        them, the threshold is the one (or none) that gives the best cross-validated macro-F1
        plus type accuracy; `cv_probabilities_` are then the gated out-of-fold probabilities
        (slightly optimistic: the gate's calibration and threshold are chosen on them).
        """
        self.gate_calibrator_, self.gate_threshold_, self.cv_gate_ = None, None, oof_gate
        planless = _covers_nothing(Y)
        if np.isnan(oof_gate).any() or min(np.bincount(planless, minlength=2)) < 3:
            return
        calibrator = LogisticRegression(C=1.0, max_iter=1000).fit(_logit(oof_gate), planless)
        if calibrator.coef_[0, 0] <= 0:
            return  # a higher gate score does not mean "more likely planless": no gate
        self.gate_calibrator_ = calibrator
        thresholds = self.threshold_vector()

        def objective(gate_threshold: float | None) -> float:
            gated = self._gated(self.cv_probabilities_, oof_gate, gate_threshold)
            metrics = evaluate_predictions(Y, (gated >= thresholds).astype(int))
            return metrics["macro_f1"] + metrics["doc_type_accuracy"]

        # From no gate to the most eager one; a threshold is kept only if it does strictly better.
        best, best_value = None, objective(None)
        for candidate in np.round(np.arange(0.95, 0.199, -0.05), 2):
            multiplier = 1.0 - _positive(self.gate_calibrator_, _logit(np.array([candidate])))[0]
            if multiplier >= thresholds.min():
                # The multiplier grows as the threshold falls (positive slope): lower thresholds
                # would only scale coverage down, not veto it.
                break
            value = objective(float(candidate))
            if value > best_value + 1e-9:
                best, best_value = float(candidate), value
        self.gate_threshold_ = best
        self.cv_probabilities_ = self._gated(self.cv_probabilities_, oof_gate, best)

    def _gated(self, coverage: np.ndarray, gate: np.ndarray, gate_threshold: float | None) -> np.ndarray:
        """Coverage probabilities with the gate applied to the rows whose gate score reaches the threshold."""
        coverage = np.array(coverage, dtype=float)
        if gate_threshold is None:  # no gate (a threshold is only ever set with a calibrator)
            return coverage
        gate = np.atleast_1d(np.asarray(gate, dtype=float))
        applies = gate >= gate_threshold
        if applies.any():
            planless = _positive(self.gate_calibrator_, _logit(gate[applies]))
            coverage[applies] *= (1.0 - planless)[:, None]
        return coverage

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
        documents = _mean_rows(features, doc_of, len(X))
        model.doc_models_ = {
            dim: _fit_binary(self._passage_classifier(), documents, Y[:, j]) for j, dim in enumerate(DIMS)
        }
        # The whole document's raw words in one TF-IDF vector: the view of the strong baseline,
        # which tells genres apart (a job posting, a legal page) better than passages do.
        model.word_vectorizer_, model.word_models_, model.gate_model_ = None, {}, None
        if self.use_document_words:
            model.word_vectorizer_ = TfidfVectorizer(lowercase=True, sublinear_tf=True, min_df=2 if len(X) >= 10 else 1)
            words = model.word_vectorizer_.fit_transform([_text(doc) for doc in X])
            model.word_models_ = {
                dim: _fit_binary(LogisticRegression(C=10.0, max_iter=2000), words, Y[:, j])
                for j, dim in enumerate(DIMS)
            }
            # The same view, asked whether the document covers no dimension at all (the gate).
            planless = _covers_nothing(Y)
            if self.use_out_of_scope_gate and len(np.unique(planless)) == 2:
                model.gate_model_ = LogisticRegression(C=10.0, max_iter=2000).fit(words, planless)
        model.passage_models_ = {}
        for j, dim in enumerate(DIMS):
            weights = np.ones(len(passages))
            for _ in range(1 + (self.mil_rounds if not all(known) else 0)):
                y = targets[:, j]
                classifier = _fit_binary(self._passage_classifier(), features[weights > 0], y[weights > 0])
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
        passages = _summarise(scores, views[0])
        columns = [passages]
        text = _text(doc)
        if self.use_genre_cues:
            columns.append(np.tile(_genre_cues(text), (len(DIMS), 1)))
        if self.use_document_lexicons:
            columns.append(np.array([[np.log1p(distinct), density] for _, distinct, density in document_counts(text)]))
        if self.use_cross_dimension:
            # Every dimension's row also carries all three dimensions' whole-document scores
            # (each view) and best-passage scores.
            strongest = passages[:, 0]
            columns.append(np.tile(np.concatenate([*views, strongest]), (len(DIMS), 1)))
        elif len(views) > 1:
            columns.append(views[1:].T)
        return np.column_stack(columns)

    def _scores(self, doc: Document) -> tuple[np.ndarray, np.ndarray, float]:
        """(n_passages, 3) passage scores, (n_views, 3) whole-document scores — row 0 from
        the mean of the passage features, row 1 (if used) from the document's raw words — and
        the out-of-scope gate's score (NaN without a gate)."""
        if len(doc) == 0:
            return np.zeros((0, len(DIMS))), np.zeros((1 + bool(self.word_models_), len(DIMS))), np.nan
        features = self.features_.transform(list(doc))
        passages = np.column_stack([_positive(self.passage_models_[dim], features) for dim in DIMS])
        document = _mean_rows(features, np.zeros(len(doc), dtype=int), 1)
        views = [[_positive(self.doc_models_[dim], document)[0] for dim in DIMS]]
        gate = np.nan
        if self.word_models_:
            words = self.word_vectorizer_.transform([_text(doc)])
            views.append([_positive(self.word_models_[dim], words)[0] for dim in DIMS])
            if self.gate_model_ is not None:
                gate = float(_positive(self.gate_model_, words)[0])
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
        coverage = np.array([_positive(self.aggregators_[d], summary[j : j + 1])[0] for j, d in enumerate(DIMS)])
        threshold = getattr(self, "gate_threshold_", None)
        gated = threshold is not None and bool(gate >= threshold)
        return passages, self._gated(coverage[None, :], gate, threshold)[0], gated

    def predict_proba(self, X: Sequence[Document]) -> np.ndarray:
        """(n_documents, 3) calibrated coverage probabilities."""
        return np.vstack([self.score_document(doc)[1] for doc in X])

    def predict(self, X: Sequence[Document]) -> np.ndarray:
        """(n_documents, 3) 0/1 coverage, each dimension at its tuned threshold."""
        return (self.predict_proba(X) >= self.threshold_vector()).astype(int)

    def threshold_vector(self) -> np.ndarray:
        check_is_fitted(self, "thresholds_")
        return np.array([self.thresholds_[d] for d in DIMS])


class _Constant(BaseEstimator):
    """Stands in for a classifier when its documents or passages have a single class for a dimension."""

    def __init__(self, p: float = 0.0):
        self.p = p

    def fit(self, X, y) -> _Constant:
        return self

    def predict_proba(self, X) -> np.ndarray:
        return np.column_stack([np.full(X.shape[0], 1 - self.p), np.full(X.shape[0], self.p)])


def _fit_binary(estimator, X, y: np.ndarray):
    """`estimator` fitted on (X, y), or a constant when `y` has a single class (a dimension
    never, or always, covered in these documents)."""
    y = np.asarray(y)
    return estimator.fit(X, y) if len(np.unique(y)) == 2 else _Constant(float(y.mean()))


def _covers_nothing(Y: np.ndarray) -> np.ndarray:
    """1 for the documents that cover no dimension (what the out-of-scope gate learns), else 0."""
    return (np.asarray(Y).sum(axis=1) == 0).astype(int)


def _positive(classifier, X) -> np.ndarray:
    """Probability of the positive class for each row of `X`.

    For a fitted binary logistic regression this is the logistic of its decision function,
    exactly what `predict_proba` returns, computed without scikit-learn's input checks: a
    document makes a dozen such calls on inputs this module built itself, and the checks
    took more time than the arithmetic.
    """
    if isinstance(classifier, LogisticRegression):
        return expit(safe_sparse_dot(X, classifier.coef_[0]) + classifier.intercept_[0])
    return classifier.predict_proba(X)[:, 1]


def _logit(p: np.ndarray) -> np.ndarray:
    """Log-odds of probabilities, as one column."""
    p = np.clip(np.asarray(p, dtype=float), 1e-6, 1 - 1e-6)
    return np.log(p / (1 - p)).reshape(-1, 1)


def _text(doc: Document) -> str:
    """The document's text, passage after passage."""
    return " ".join(p.passage.text for p in doc)


def _genre_cues(text: str) -> np.ndarray:
    """Per genre that plans nothing (job posting, call or funding rules, legal page,
    announcement): log count of the distinct cues of that genre found in the text."""
    return np.log1p([distinct for _, distinct in genre_matcher().count(text).values()])


def _summarise(scores: np.ndarray, whole: np.ndarray) -> np.ndarray:
    """(dims, 6): how strongly and how widely a document's passages treat each dimension
    (column 0: its best passage score), beside the whole-document score."""
    if len(scores) == 0:
        return np.column_stack([np.zeros((len(DIMS), 5)), whole])
    top = -np.sort(-scores, axis=0)
    return np.column_stack(
        [
            top[0],
            top[:3].mean(axis=0),
            scores.mean(axis=0),
            (scores >= 0.5).sum(axis=0) / np.sqrt(len(scores)),
            np.full(len(DIMS), np.log1p(len(scores))),
            whole,
        ]
    )


def _mean_rows(features, doc_of: np.ndarray, n_docs: int):
    """Average the feature rows of each document (sparse in, sparse out)."""
    from scipy import sparse

    counts = np.bincount(doc_of, minlength=n_docs).astype(float)
    averaging = sparse.csr_matrix((1.0 / counts[doc_of], (doc_of, np.arange(len(doc_of)))), shape=(n_docs, len(doc_of)))
    return averaging @ features


def _cross_val_proba(
    estimator: LogisticRegression, x: np.ndarray, y: np.ndarray, seed: int, groups=None, n_splits: int = 5
) -> np.ndarray:
    """Out-of-fold probabilities of `estimator`, the data the thresholds and the gate are tuned on.

    With `groups` (organisations), no group is on both sides of a fold: an organisation's
    documents share a style, and thresholds tuned on folds that see it would be optimistic.
    """
    if min(np.bincount(y, minlength=2)) < 3:
        return np.full(len(y), y.mean())
    splits = min(n_splits, int(min(np.bincount(y))))
    if groups is not None and len(set(groups)) >= splits:
        folds = StratifiedGroupKFold(n_splits=splits, shuffle=True, random_state=seed).split(x, y, groups)
    else:
        folds = StratifiedKFold(n_splits=splits, shuffle=True, random_state=seed).split(x, y)
    out = np.zeros(len(y))
    for train, test in folds:
        out[test] = _fit_binary(clone(estimator), x[train], y[train]).predict_proba(x[test])[:, 1]
    return out


def _best_threshold(probabilities: np.ndarray, y: np.ndarray) -> float:
    """The threshold in [0.2, 0.8] with the best F1; ties go to the one nearest 0.5."""
    best, best_key = 0.5, (-1.0, 0.0)
    for t in np.round(np.arange(0.2, 0.801, 0.01), 2):
        key = (round(binary_f1(probabilities >= t, y), 6), -abs(t - 0.5))
        if key > best_key:
            best, best_key = float(t), key
    return best
