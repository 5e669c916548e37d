"""From scores to decisions: per-dimension thresholds and the out-of-scope gate, tuned on
out-of-fold scores of the training documents (SPEC §6), and the binary logistic helpers the
model and its tuning share.

Folds are grouped by organisation when the groups are known: an organisation's documents
share a style, and thresholds tuned on folds that see it would be optimistic.
"""

from __future__ import annotations

import numpy as np
from scipy.special import expit
from sklearn.base import BaseEstimator, clone
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedGroupKFold, StratifiedKFold
from sklearn.utils.extmath import safe_sparse_dot

from .metrics import binary_f1, evaluate_predictions
from .review import log_odds


class Constant(BaseEstimator):
    """Stands in for a classifier when its documents or passages have a single class for a dimension."""

    def __init__(self, p: float = 0.0):
        self.p = p

    def fit(self, X, y) -> Constant:
        return self

    def predict_proba(self, X) -> np.ndarray:
        return np.column_stack([np.full(X.shape[0], 1 - self.p), np.full(X.shape[0], self.p)])


def fit_binary(estimator, X, y: np.ndarray, sample_weight=None):
    """`estimator` fitted on (X, y), or a constant when `y` has a single class (a dimension
    never, or always, covered in these documents)."""
    y = np.asarray(y)
    if len(np.unique(y)) != 2:
        return Constant(float(y.mean()))
    return estimator.fit(X, y) if sample_weight is None else estimator.fit(X, y, sample_weight=sample_weight)


def positive(classifier, X) -> np.ndarray:
    """Probability of the positive class for each row of `X`.

    For a fitted binary logistic regression this is the logistic of its decision function,
    exactly what `predict_proba` returns, computed without scikit-learn's input checks: a
    document makes a dozen such calls on inputs the model built itself, and the checks took
    more time than the arithmetic.
    """
    if isinstance(classifier, LogisticRegression):
        return expit(safe_sparse_dot(X, classifier.coef_[0]) + classifier.intercept_[0])
    return classifier.predict_proba(X)[:, 1]


def logit(p: np.ndarray) -> np.ndarray:
    """Log-odds of probabilities, as one column."""
    return log_odds(p).reshape(-1, 1)


def cross_val_proba(
    estimator,
    x: np.ndarray,
    y: np.ndarray,
    seed: int,
    groups=None,
    n_splits: int = 5,
    min_class_count: int = 3,
    sample_weight: np.ndarray | None = None,
) -> np.ndarray:
    """Out-of-fold probabilities of `estimator` (each fold fitted with `sample_weight`, like the
    final estimator), the data thresholds and the gate are tuned on.

    With fewer than `min_class_count` documents in a class there is nothing to cross-validate:
    every document gets the base rate.
    """
    if min(np.bincount(y, minlength=2)) < min_class_count:
        return np.full(len(y), y.mean())
    splits = min(n_splits, int(min(np.bincount(y))))
    if groups is not None and len(set(groups)) >= splits:
        folds = StratifiedGroupKFold(n_splits=splits, shuffle=True, random_state=seed).split(x, y, groups)
    else:
        folds = StratifiedKFold(n_splits=splits, shuffle=True, random_state=seed).split(x, y)
    out = np.zeros(len(y))
    for train, test in folds:
        weight = None if sample_weight is None else sample_weight[train]
        out[test] = fit_binary(clone(estimator), x[train], y[train], weight).predict_proba(x[test])[:, 1]
    return out


def best_threshold(
    probabilities: np.ndarray, y: np.ndarray, low: float = 0.2, high: float = 0.8, step: float = 0.01
) -> float:
    """The threshold in [low, high] (by `step`) with the best F1; ties go to the one nearest 0.5.

    >>> best_threshold(np.array([0.1, 0.3, 0.6, 0.9]), np.array([0, 0, 1, 1]))
    0.5
    """
    best, best_key = 0.5, (-1.0, 0.0)
    for t in np.round(np.arange(low, high + step / 10, step), 2):
        key = (round(binary_f1(probabilities >= t, y), 6), -abs(t - 0.5))
        if key > best_key:
            best, best_key = float(t), key
    return best


def covers_nothing(Y: np.ndarray) -> np.ndarray:
    """1 for the documents that cover no dimension (what the out-of-scope gate learns), else 0."""
    return (np.asarray(Y).sum(axis=1) == 0).astype(int)


def apply_gate(coverage: np.ndarray, gate: np.ndarray, calibrator, gate_threshold: float | None) -> np.ndarray:
    """Coverage probabilities with the gate applied to the rows whose gate score reaches the threshold:
    multiplied by the calibrated probability that the document is a plan at all."""
    coverage = np.array(coverage, dtype=float)
    if gate_threshold is None:  # no gate (a threshold is only ever set with a calibrator)
        return coverage
    gate = np.atleast_1d(np.asarray(gate, dtype=float))
    applies = gate >= gate_threshold
    if applies.any():
        planless = positive(calibrator, logit(gate[applies]))
        coverage[applies] *= (1.0 - planless)[:, None]
    return coverage


def fit_gate(
    oof_gate: np.ndarray,
    Y: np.ndarray,
    cv_probabilities: np.ndarray,
    thresholds: np.ndarray,
    calibration_C: float = 1.0,
    grid: tuple[float, float, float] = (0.95, 0.2, 0.05),
    min_class_count: int = 3,
):
    """Calibrate the out-of-scope gate and choose when it applies, on out-of-fold scores:
    (calibrator or None, threshold or None, gated out-of-fold probabilities).

    The gate is a raw-word model of "covers no dimension" (a job posting, a legal page…). The
    gate is a veto: only thresholds where the multiplier of `apply_gate` is below every
    dimension's threshold are candidates, so a gated document covers nothing and the gate never
    half-applies. Among them, the threshold is the one (or none) that gives the best
    cross-validated macro-F1 plus type accuracy; the gated out-of-fold probabilities returned
    are slightly optimistic (the calibration and threshold are chosen on them). Candidate
    thresholds run down `grid` = (highest, lowest, step).
    """
    planless = covers_nothing(Y)
    if np.isnan(oof_gate).any() or min(np.bincount(planless, minlength=2)) < min_class_count:
        return None, None, cv_probabilities
    calibrator = LogisticRegression(C=calibration_C, max_iter=1000).fit(logit(oof_gate), planless)
    if calibrator.coef_[0, 0] <= 0:
        return None, None, cv_probabilities  # a higher gate score does not mean "more likely planless"

    def objective(gate_threshold: float | None) -> float:
        gated = apply_gate(cv_probabilities, oof_gate, calibrator, gate_threshold)
        metrics = evaluate_predictions(Y, (gated >= thresholds).astype(int))
        return metrics["macro_f1"] + metrics["doc_type_accuracy"]

    # From no gate to the most eager one; a threshold is kept only if it does strictly better.
    best, best_value = None, objective(None)
    highest, lowest, step = grid
    for candidate in np.round(np.arange(highest, lowest - step / 10, -step), 2):
        multiplier = 1.0 - positive(calibrator, logit(np.array([candidate])))[0]
        if multiplier >= thresholds.min():
            # The multiplier grows as the threshold falls (positive slope): lower thresholds
            # would only scale coverage down, not veto it.
            break
        value = objective(float(candidate))
        if value > best_value + 1e-9:
            best, best_value = float(candidate), value
    return calibrator, best, apply_gate(cv_probabilities, oof_gate, calibrator, best)
