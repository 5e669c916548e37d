"""The error-analysis tables, on a model trained on a real 40-document sample of the shipped corpus."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from classifier import analysis, training
from classifier.corpus import Corpus, sample_corpus
from classifier.labels import DIMENSIONS, DOC_TYPES
from classifier.metrics import evaluate_predictions

ROOT = Path(__file__).resolve().parents[1]
DIMS = list(DIMENSIONS)


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    """(corpus, train, test, model) for a stratified 40-document sample, section labels included."""
    corpus = training.validated_corpus(sample_corpus(ROOT / "data", tmp_path_factory.mktemp("sample"), 40, seed=13))
    train = training.prepare(corpus, corpus.ids("train"))
    test = training.prepare(corpus, corpus.ids("test"))
    return corpus, train, test, training.fit_model(train)


@pytest.fixture(scope="module")
def probabilities(trained):
    _, _, test, model = trained
    return model.predict_proba(test.docs)


def test_corpus_summary_counts_types_splits_and_sections(trained):
    corpus = trained[0]
    table = analysis.corpus_summary(corpus)
    assert table.loc["total", "total"] == 40
    assert set(table.index) == {*DOC_TYPES, "total"}
    assert table.loc["total", "train"] == len(corpus.ids("train"))
    assert table.loc["total", "avec sections"] == corpus.sections["doc_id"].nunique()


def test_threshold_sweep_agrees_with_the_evaluation_at_the_model_thresholds(trained, probabilities):
    _, _, test, model = trained
    sweep = analysis.threshold_sweep(probabilities, test.Y)
    assert list(sweep.columns) == ["dimension", "threshold", "precision", "recall", "f1"]
    assert sweep.groupby("dimension").size().to_dict() == dict.fromkeys(DIMS, 91)
    assert sweep[["precision", "recall", "f1"]].stack().between(0, 1).all()
    metrics = evaluate_predictions(test.Y, model.predict(test.docs))
    for dim in DIMS:
        rows = sweep[(sweep["dimension"] == dim) & np.isclose(sweep["threshold"], model.thresholds_[dim])]
        assert len(rows) == 1
        assert rows.iloc[0][["precision", "recall", "f1"]].tolist() == pytest.approx(
            [metrics["dimensions"][dim][k] for k in ("precision", "recall", "f1")], abs=1e-3
        )
    # Raising the threshold can only lose predicted documents, so recall never increases.
    for _, group in sweep.groupby("dimension"):
        assert group["recall"].is_monotonic_decreasing


def test_calibration_table_bins_every_document_once(trained, probabilities):
    test = trained[2]
    table = analysis.calibration_table(probabilities, test.Y, bins=5)
    assert table.groupby("dimension")["n"].sum().to_dict() == dict.fromkeys(DIMS, len(test.ids))
    assert (table["mean_probability"] >= table["bin_low"]).all()
    assert (table["mean_probability"] <= table["bin_high"]).all()
    assert table["observed_rate"].between(0, 1).all()


def test_feature_names_cover_every_column_with_lexicon_names(trained):
    model = trained[3]
    names = analysis.feature_names(model)
    assert len(names) == model.passage_models_["marketing"].coef_.shape[1]
    lexicon = [name for name in names if name.startswith("lexicons__")]
    assert lexicon == [
        f"lexicons__lexique:{dim}:{stat}" for dim in DIMS for stat in ("log_hits", "log_distinct", "hits_per_10_words")
    ]
    assert len(set(names)) == len(names)


@pytest.mark.parametrize("kind", ["passage", "document"])
def test_influential_features_rank_each_block_on_its_own(trained, kind):
    model = trained[3]
    tables = analysis.influential_features(model, top=10, kind=kind)
    assert list(tables) == DIMS
    classifiers = model.passage_models_ if kind == "passage" else model.doc_models_
    names = np.array([str(n) for n in analysis.feature_names(model)])
    for dim, table in tables.items():
        assert list(table.columns) == ["block", "feature", "coefficient"]
        coef = classifiers[dim].coef_.ravel()
        for block, rows in table.groupby("block", sort=False):
            assert 0 < len(rows) <= 10
            assert rows["coefficient"].is_monotonic_decreasing
            in_block = np.char.startswith(names, f"{block}__")
            assert rows["coefficient"].iloc[0] == pytest.approx(coef[in_block].max(), abs=1e-4)
        lemmas = table[table["block"] == "lemmas"]
        assert len(lemmas) and (lemmas["coefficient"] > 0).all()
        assert (table["block"] == "lexicons").any()  # the lexicon counts are always shown


def test_influential_features_refuses_an_unknown_kind(trained):
    with pytest.raises(ValueError, match="kind"):
        analysis.influential_features(trained[3], kind="aggregator")


def test_misclassified_lists_exactly_the_documents_with_a_wrong_dimension(trained):
    _, _, test, model = trained
    predicted = model.predict(test.docs)
    wrong = [doc_id for doc_id, p, y in zip(test.ids, predicted, test.Y, strict=True) if (p != y).any()]
    table = analysis.misclassified(model, test)
    assert table["id"].tolist() == wrong
    everything = analysis.misclassified(model, test, only_errors=False)
    assert everything["id"].tolist() == test.ids
    assert everything["genre_family"].tolist() == test.families, "errors grouped in a family show register"
    for row in everything.to_dict("records"):
        i = test.ids.index(row["id"])
        assert [row[f"{dim}_pred"] for dim in DIMS] == predicted[i].tolist()
        assert [row[f"{dim}_true"] for dim in DIMS] == test.Y[i].tolist()
        assert row["true_type"] in DOC_TYPES and row["predicted_type"] in DOC_TYPES
        assert bool(row["errors"]) == (row["id"] in wrong)
        assert row["gated"] == model.score_document_gated(test.docs[i])[2]
        if row["gated"]:  # the gate vetoes: nothing is covered, the type is out of scope
            assert row["predicted_type"] == "out_of_scope"
        for dim in DIMS:
            assert row[f"{dim}_evidence"].startswith("[p. ")
            assert len(row[f"{dim}_evidence"]) < analysis.EXCERPT_CHARS + 30


def test_disputed_passages_rank_section_labels_against_passage_scores(trained):
    corpus, _, test, model = trained
    table = analysis.disputed_passages(model, corpus, test, top=15)
    assert len(table) == 15
    assert table["disagreement"].is_monotonic_decreasing
    assert (table["source"] == "section").all()
    assert set(table["label"]) <= {0, 1}
    assert np.allclose(table["disagreement"], (table["label"] - table["score"]).abs(), atol=1e-3)
    assert set(table["id"]) <= set(test.ids)
    # The passage and its score are really the model's.
    row = table.iloc[0]
    i = test.ids.index(row["id"])
    passages, _ = model.score_document(test.docs[i])
    assert passages[row["passage"] - 1, DIMS.index(row["dimension"])] == pytest.approx(row["score"], abs=1e-3)


def test_disputed_passages_without_section_labels_judge_only_uncovered_dimensions(trained):
    corpus, _, test, model = trained
    documents_only = Corpus(corpus.root, corpus.documents, None, corpus.texts)
    unlabelled = training.Prepared(test.ids, test.texts, test.docs, test.Y, test.groups, [None] * len(test.ids))
    table = analysis.disputed_passages(model, documents_only, unlabelled, top=1000)
    assert len(table) > 0
    assert (table["source"] == "document").all() and (table["label"] == 0).all()
    for row in table.to_dict("records"):
        assert test.Y[test.ids.index(row["id"]), DIMS.index(row["dimension"])] == 0


def test_disputed_passages_of_documents_outside_the_corpus_use_their_document_labels(trained):
    """The real-world set and the real pages are not the corpus's documents: no section lookup."""
    corpus, _, test, model = trained
    outside = replace(test, ids=[f"ailleurs-{i}" for i in test.ids], passage_labels=[None] * len(test.ids))
    table = analysis.disputed_passages(model, corpus, outside, top=1000)
    assert len(table) > 0 and (table["source"] == "document").all() and (table["title"] == "").all()


def test_compare_models_puts_new_current_and_baselines_side_by_side(trained, default_model):
    _, train, test, model = trained
    sets = {"test": test}
    new = training.evaluate_model(model, train, sets)
    current = training.evaluate_model(default_model[0], train, sets)
    table = analysis.compare_models(new, current)
    assert list(table.columns) == [
        "nouveau modèle",
        "modèle actuel",
        "écart",
        "lexiques (comptage)",
        "TF-IDF mots + rég. logistique",
    ]
    assert table.index.names == ["données", "mesure"]
    assert table.loc[("test", "macro-F1"), "nouveau modèle"] == new["test"]["model"]["macro_f1"]
    assert table.loc[("test", "macro-F1"), "modèle actuel"] == current["test"]["model"]["macro_f1"]
    assert np.allclose(table["écart"], table["nouveau modèle"] - table["modèle actuel"], atol=1e-3)
    assert (
        table.loc[("test", "F1 reorganisation"), "lexiques (comptage)"]
        == (new["test"]["lexicon_baseline"]["dimensions"]["reorganisation"]["f1"])
    )
    alone = analysis.compare_models(new)
    assert "modèle actuel" not in alone.columns and "écart" not in alone.columns


def test_confusion_table_counts_every_test_document(trained):
    _, _, test, model = trained
    table = analysis.confusion_table(evaluate_predictions(test.Y, model.predict(test.docs)))
    assert isinstance(table, pd.DataFrame)
    assert list(table.index) == list(DOC_TYPES) == list(table.columns)
    assert int(table.to_numpy().sum()) == len(test.ids)


def test_current_model_explains_why_it_is_unusable(tmp_path):
    model, message = analysis.current_model(tmp_path)
    assert model is None
    assert "inutilisable" in message and "model card not found" in message


def test_current_model_follows_the_environment_variable(monkeypatch, tmp_path):
    monkeypatch.setenv("CLASSIFIER_MODEL", str(tmp_path / "ailleurs"))
    model, message = analysis.current_model()
    assert model is None and "ailleurs" in message


def test_trained_on_real_pages_reads_the_card_of_the_model_in_use(monkeypatch, tmp_path):
    import json

    assert analysis.trained_on_real_pages() is False, "the shipped model keeps the real pages as a development set"
    assert analysis.trained_on_real_pages(tmp_path / "absent") is False
    (tmp_path / "model.card.json").write_text(json.dumps({"training_data": {"real_pages": 16}}), encoding="utf-8")
    assert analysis.trained_on_real_pages(tmp_path) is True
    monkeypatch.setenv("CLASSIFIER_MODEL", str(tmp_path))
    assert analysis.trained_on_real_pages() is True
