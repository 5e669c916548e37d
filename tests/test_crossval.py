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
