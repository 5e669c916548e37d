"""Cross-validation of the whole pipeline: folds that never leak, and out-of-fold predictions."""

import numpy as np
import pytest

from classifier import crossval, training
from classifier.corpus import load_corpus

from .conftest import ROOT


def test_grouped_folds_keep_each_organisation_on_one_side():
    groups = [f"org-{i % 7}" for i in range(40)]
    folds = crossval.grouped_folds(groups, n_splits=5)
    held_out = np.concatenate([test for _, test in folds])
    assert sorted(held_out) == list(range(40))
    for train, test in folds:
        assert not {groups[i] for i in train} & {groups[i] for i in test}


def test_family_folds_hold_out_one_family_at_a_time():
    families = ["news", "plan", "news", "job_posting", "plan"]
    folds = crossval.family_folds(families)
    assert len(folds) == 3
    for train, test in folds:
        assert len({families[i] for i in test}) == 1
        assert not {families[i] for i in train} & {families[i] for i in test}


@pytest.fixture(scope="module")
def small_train():
    """Thirty-six training documents of the shipped corpus, three genre families."""
    corpus = load_corpus(ROOT / "data")
    docs = corpus.documents
    train = docs[(docs["split"] == "train") & docs["path"].str.endswith(".md")]
    chosen = train[train["genre_family"].isin(["plan", "memo", "web_page"])].groupby("genre_family").head(12)
    return training.prepare(corpus, chosen["id"].tolist())


def test_cross_validation_predicts_every_document_out_of_fold(small_train):
    oof = crossval.cross_validate(small_train, crossval.family_folds(small_train.families), crossval.BY_FAMILY)
    assert sorted(set(oof.fold_of)) == [0, 1, 2]
    assert oof.probabilities.shape == small_train.Y.shape
    assert ((oof.probabilities >= 0) & (oof.probabilities <= 1)).all()
    for predicted in oof.predictions.values():
        assert set(np.unique(predicted)) <= {0, 1}
    families = crossval.per_family(small_train, oof)
    assert sum(m["n"] for m in families.values()) == len(small_train.ids)
    in_parallel = crossval.cross_validate(
        small_train, crossval.family_folds(small_train.families), crossval.BY_FAMILY, jobs=2
    )
    assert np.array_equal(in_parallel.probabilities, oof.probabilities)


def test_review_tradeoff_flags_more_as_the_margin_grows(small_train):
    oof = crossval.cross_validate(small_train, crossval.grouped_folds(small_train.groups, 3), crossval.GROUPED)
    rows = crossval.review_on(small_train, oof.probabilities, oof.thresholds, oof.gated)
    shares = [r["flagged_share"] for r in rows]
    assert shares == sorted(shares)
    assert rows[0]["margin"] == 0.0


def test_a_training_split_too_small_to_fold_is_said_not_measured():
    """Analysts' first corpora are small: cross-validation says why it was not run, no traceback."""
    from classifier.card import render_cross_validation

    Y = np.array([[1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 1, 1], [0, 0, 0], [1, 0, 1]])
    tiny = training.Prepared([f"d{i}" for i in range(6)], [""] * 6, [[]] * 6, Y, [""] * 6)
    report = crossval.cross_validation_report(tiny)
    assert report["metrics"] == {} and any("6 documents, il en faut au moins 10" in p for p in report["skipped"])
    assert render_cross_validation(report).startswith("Non faite, split d'entraînement trop petit")
    enough = np.vstack([Y, Y])
    assert training.too_few(enough) == []
    assert training.too_few(enough[:, [0, 0, 0]] * 0) == [
        f"0 document(s) couvrent « {dim} », il en faut au moins 2 / too few covering {dim}"
        for dim in ("marketing", "technology", "reorganisation")
    ]


def test_out_of_fold_metrics_count_only_the_documents_a_fold_held_out(small_train):
    n = len(small_train.ids)
    truth = small_train.Y
    predictions = {system: truth.copy() for system in crossval.SYSTEMS}
    predictions["model"][: n // 2] = 1 - truth[: n // 2]  # wrong on documents no fold held out
    fold_of = np.where(np.arange(n) < n // 2, -1, 0)
    oof = crossval.OutOfFold(
        "x", np.zeros(truth.shape), predictions, np.zeros(n, bool), np.zeros(truth.shape), fold_of, []
    )
    assert crossval.metrics(small_train, oof)["model"]["doc_type_accuracy"] == 1.0


def test_the_tfidf_baseline_learns_a_dimension_no_training_document_covers(small_train):
    from classifier.baselines import TfidfBaseline

    Y = small_train.Y.copy()
    Y[:, 2] = 0  # no reorganisation among them: a fold of a small corpus can be so
    predicted = TfidfBaseline().fit(small_train.texts, Y).predict(small_train.texts)
    assert predicted.shape == Y.shape and not predicted[:, 2].any()
    assert (predicted[:, :2] == Y[:, :2]).mean() > 0.9
