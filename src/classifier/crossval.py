"""Cross-validation of the whole pipeline on the training split (SPEC §6).

Two ways of holding documents out, each refitting the model and both baselines per fold:

* **organisation-grouped** folds: no organisation on both sides, so a fold never sees the
  style and vocabulary of the documents it is tested on;
* **leave-one-genre-family-out**: each genre family (news articles, job postings, plans…)
  is predicted by a model that never saw that family. If the model had learned the register
  of a genre rather than the content of the dimensions, it shows here.

The test split is never touched: error analysis works on these out-of-fold predictions.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
from joblib import Parallel, delayed
from sklearn.model_selection import GroupKFold

from .baselines import LexiconBaseline, TfidfBaseline
from .config import MODEL, ModelConfig
from .metrics import SYSTEMS, evaluate_predictions
from .review import review_tradeoff
from .scoring import text_warnings
from .training import (
    PAGES_OUT_OF_FOLD,
    Prepared,
    evaluate_checklist,
    evaluate_model,
    evaluation_sets,
    fit_model,
    pages_out_of_fold,
    prepare,
    real_pages,
    too_few,
    validated_corpus,
)

GROUPED = "grouped_cv"
BY_FAMILY = "family_cv"


@dataclass
class OutOfFold:
    """Out-of-fold predictions of one cross-validation, row for row with the data."""

    name: str
    probabilities: np.ndarray  # the model's coverage probabilities
    predictions: dict[str, np.ndarray]  # 0/1 coverage per system
    gated: np.ndarray  # whether the model's out-of-scope gate applied
    thresholds: np.ndarray  # the thresholds of the fold's model, per document
    fold_of: np.ndarray  # which fold held each document out
    passage_scores: list  # (n_passages, 3) scores per document, for evidence in error analysis


def grouped_folds(groups: list[str], n_splits: int = 5, seed: int = MODEL.seed) -> list[tuple[np.ndarray, np.ndarray]]:
    """Folds with no group on both sides, groups shuffled with `seed`.

    >>> folds = grouped_folds(["a", "a", "b", "c", "d", "e"], n_splits=5)
    >>> sorted(len(test) for _, test in folds)
    [1, 1, 1, 1, 2]
    >>> len(grouped_folds([""] * 6, n_splits=5))  # no organisation given: documents are grouped alone
    5
    """
    index = np.arange(len(groups))
    if len(set(groups)) < n_splits:  # organisations not given (or too few): each document its own
        groups = [str(i) for i in index]
    return list(GroupKFold(n_splits=n_splits, shuffle=True, random_state=seed).split(index, groups=groups))


def family_folds(families: list[str]) -> list[tuple[np.ndarray, np.ndarray]]:
    """One fold per genre family: train on every other family, test on this one.

    >>> [(train.tolist(), test.tolist()) for train, test in family_folds(["news", "plan", "news"])]
    [([1], [0, 2]), ([0, 2], [1])]
    """
    families = np.asarray(families)
    return [(np.flatnonzero(families != f), np.flatnonzero(families == f)) for f in sorted(set(families))]


def cross_validate(
    data: Prepared,
    folds: list[tuple[np.ndarray, np.ndarray]],
    name: str,
    config: ModelConfig = MODEL,
    jobs: int = 1,
) -> OutOfFold:
    """Refit the model and both baselines on each fold's training part; predict its held-out part.

    `jobs` folds run at once in worker processes (each refits independently, so the result
    does not depend on it).
    """
    n = len(data.ids)
    probabilities = np.zeros((n, data.Y.shape[1]))
    predictions = {system: np.zeros_like(data.Y) for system in SYSTEMS}
    gated = np.zeros(n, dtype=bool)
    thresholds = np.zeros_like(probabilities)
    fold_of = np.full(n, -1)
    passage_scores: list = [None] * n
    tasks = (delayed(_one_fold)(data, train, test, config) for train, test in folds)
    for k, ((_, test), fold) in enumerate(zip(folds, Parallel(n_jobs=jobs)(tasks), strict=True)):
        for position, i in enumerate(test):
            passage_scores[i], probabilities[i], gated[i] = fold["scored"][position]
        thresholds[test] = fold["thresholds"]
        predictions["model"][test] = (probabilities[test] >= thresholds[test]).astype(int)
        for system in SYSTEMS[1:]:
            predictions[system][test] = fold[system]
        fold_of[test] = k
    return OutOfFold(name, probabilities, predictions, gated, thresholds, fold_of, passage_scores)


def _one_fold(data: Prepared, train: np.ndarray, test: np.ndarray, config: ModelConfig) -> dict:
    """Fit on `train`, score `test`: the model's scores and thresholds, the baselines' predictions."""
    part = subset(data, train)
    model = fit_model(part, config)
    held_out = [data.texts[i] for i in test]
    return {
        "scored": [model.score_document_gated(data.docs[i]) for i in test],
        "thresholds": model.threshold_vector(),
        SYSTEMS[1]: LexiconBaseline().fit(part.texts, part.Y).predict(held_out),
        SYSTEMS[2]: TfidfBaseline().fit(part.texts, part.Y).predict(held_out),
    }


def standard_cross_validations(data: Prepared, config: ModelConfig = MODEL, jobs: int = 1) -> Iterator[OutOfFold]:
    """Organisation-grouped CV, then leave-one-genre-family-out CV (when families are known), the
    families whose other documents are too few to train on left out (`OutOfFold.fold_of` -1)."""
    yield cross_validate(data, grouped_folds(data.groups, config.cv_folds, config.seed), GROUPED, config, jobs)
    if data.families:
        folds = [(train, test) for train, test in family_folds(data.families) if not too_few(data.Y[train], config)]
        if folds:
            yield cross_validate(data, folds, BY_FAMILY, config, jobs)


def metrics(data: Prepared, oof: OutOfFold) -> dict[str, dict]:
    """`evaluate_predictions` of each system's out-of-fold predictions (documents no fold held out
    are not counted)."""
    scored = oof.fold_of >= 0
    return {
        system: evaluate_predictions(data.Y[scored], predicted[scored]) for system, predicted in oof.predictions.items()
    }


def per_family(data: Prepared, oof: OutOfFold, system: str = "model") -> dict[str, dict]:
    """Macro-F1 and type accuracy of one system within each genre family."""
    families = np.asarray(data.families)
    out = {}
    for family in sorted(set(families[oof.fold_of >= 0])):
        rows = families == family
        m = evaluate_predictions(data.Y[rows], oof.predictions[system][rows])
        out[family] = {"n": int(rows.sum()), "macro_f1": m["macro_f1"], "doc_type_accuracy": m["doc_type_accuracy"]}
    return out


def subset(data: Prepared, rows) -> Prepared:
    """The documents of `data` at positions `rows`."""
    rows = list(rows)

    def pick(values: list) -> list:
        return [values[i] for i in rows] if values else []

    return Prepared(
        pick(data.ids),
        pick(data.texts),
        pick(data.docs),
        data.Y[rows],
        pick(data.groups),
        pick(data.passage_labels),
        pick(data.families),
        pick(data.origins),
    )


def review_on(data: Prepared, probabilities, thresholds, gated) -> list[dict]:
    """`review_tradeoff` for documents whose texts are in `data`."""
    warnings = [text_warnings(text)[1] for text in data.texts]
    return review_tradeoff(data.Y, probabilities, thresholds, gated, warnings)


def model_scores(model, data: Prepared) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(probabilities, thresholds per row, gated) of a fitted model on `data`."""
    scored = [model.score_document_gated(doc) for doc in data.docs]
    probabilities = np.array([coverage for _, coverage, _ in scored]).reshape(len(scored), -1)
    gated = np.array([g for _, _, g in scored], dtype=bool)
    return probabilities, np.tile(model.threshold_vector(), (len(scored), 1)), gated


def cross_validation_report(train: Prepared, config: ModelConfig = MODEL, jobs: int = 1) -> dict:
    """Grouped and leave-one-family-out CV of the model and both baselines, the model's
    figures per held-out family, and the `needs_review` trade-off on grouped folds."""
    report: dict = {"metrics": {}, "per_family": {}, "review": {}}
    problems = too_few(train.Y, config)
    if problems:
        report["skipped"] = problems
        return report
    for oof in standard_cross_validations(train, config, jobs):
        report["metrics"][oof.name] = metrics(train, oof)
        if oof.name == BY_FAMILY:
            report["per_family"] = per_family(train, oof)
        if oof.name == GROUPED:
            report["review"][oof.name] = review_on(train, oof.probabilities, oof.thresholds, oof.gated)
    return report


def full_evaluation(
    model, root, dev=None, cross_validation: bool = True, jobs: int = 1, trained_on_pages: bool = False
) -> dict:
    """What `classifier evaluate` prints: the held-out sets (test split; the corpus's real pages;
    the real-world set `dev`, a JSON-lines file, when given) for the saved model and both
    baselines; the `needs_review` trade-off on each; and, with `cross_validation`, grouped and
    leave-one-family-out CV of freshly fitted models. A model `trained_on_pages` (its card says
    so) is measured on the real pages out of fold, by models refitted without each fold."""
    corpus = validated_corpus(root)
    train = prepare(corpus, corpus.ids("train"))
    sets = evaluation_sets(corpus, dev, pages=not trained_on_pages)
    scores = {name: model_scores(model, data) for name, data in sets.items()}  # each document scored once
    predictions = {name: (p >= t).astype(int) for name, (p, t, _) in scores.items()}
    pages = real_pages(corpus) if trained_on_pages else None
    held_out = dict(sets)
    if pages is not None:
        held_out[PAGES_OUT_OF_FOLD] = pages
        predictions[PAGES_OUT_OF_FOLD] = pages_out_of_fold(train, pages, ModelConfig(**model.get_params()))
    out: dict = {"held_out": evaluate_model(model, train, held_out, predictions), "review": {}}
    out["checklist"] = evaluate_checklist(model, corpus, train, sets["test"])
    for name, data in sets.items():
        out["review"][name] = review_on(data, *scores[name])
    if cross_validation:
        out["cross_validation"] = cross_validation_report(train, ModelConfig(**model.get_params()), jobs)
    return out
