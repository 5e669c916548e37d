"""The training workflow: sampling a corpus, training from document labels only, and reproducibility.

Training is deterministic given the corpus, the hyper-parameters and the library versions, so
retraining on the shipped corpus must give back the committed model's thresholds, metrics and
scores. If that test fails, the committed model is stale: run `make train` and commit src/classifier/models/default.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from classifier import training
from classifier.cli import maintainer_app
from classifier.config import MODEL
from classifier.corpus import (
    DOCUMENT_COLUMNS,
    OPTIONAL_COLUMNS,
    SECTION_COLUMNS,
    corpus_hash,
    load_corpus,
    read_table,
    sample_corpus,
    validate_corpus,
)
from classifier.persist import load_model, read_card

from .conftest import REALWORLD_DEV, add_real_pages

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
runner = CliRunner()


# -- sampling -----------------------------------------------------------------------------


def test_sample_corpus_is_stratified_valid_and_copies_its_files(tmp_path):
    out = sample_corpus(DATA, tmp_path / "s", 40, seed=13)
    full, sample = load_corpus(DATA), load_corpus(out)
    assert len(sample.documents) == 40
    strata = ["doc_type", "split"]
    assert set(sample.documents.groupby(strata).groups) == set(full.documents.groupby(strata).groups)
    expected = full.documents.groupby(strata).size() * 40 / len(full.documents)
    assert (sample.documents.groupby(strata).size() - expected).abs().max() < 1
    assert set(sample.sections["doc_id"]) == set(sample.documents["id"])
    merged = sample.sections.merge(full.sections, how="left", indicator=True)
    assert (merged["_merge"] == "both").all(), "section rows are copied unchanged"
    assert sorted(p.name for p in (out / "raw").iterdir()) == sorted(sample.documents["path"])
    # the checklist's tables come along, restricted to the sampled documents
    for name in ("criteria", "commitments", "claims"):
        rows = getattr(sample, name)
        assert set(rows["doc_id"]) <= set(sample.documents["id"])
        assert len(rows) == getattr(full, name)["doc_id"].isin(set(sample.documents["id"])).sum()
    assert len(sample.criteria) > 0, "a 40-document sample holds annotated sections"
    assert validate_corpus(sample) == []


def test_corpus_hash_covers_every_label_table_and_the_folders_asked_for(tmp_path):
    out = sample_corpus(DATA, tmp_path / "s", 12, seed=13)
    before = corpus_hash(out)
    pages = out / training.REAL_PAGES
    (pages / "labelled").mkdir(parents=True)
    (pages / "labelled" / "documents.csv").write_bytes((out / "labelled" / "documents.csv").read_bytes())
    assert corpus_hash(out) == before, "a folder not asked for is not hashed"
    with_pages = corpus_hash(out, (training.REAL_PAGES,))
    assert with_pages != before
    claims = out / "labelled" / "claims.csv"
    claims.write_bytes(claims.read_bytes() + b"\n")
    assert corpus_hash(out) != before, "the checklist's annotations are part of what a model learnt from"
    assert corpus_hash(out, (training.REAL_PAGES,)) not in (before, with_pages)


def test_sample_corpus_is_deterministic_and_checks_its_size(tmp_path):
    first = load_corpus(sample_corpus(DATA, tmp_path / "a", 20, seed=5)).documents["id"].tolist()
    again = load_corpus(sample_corpus(DATA, tmp_path / "b", 20, seed=5)).documents["id"].tolist()
    other = load_corpus(sample_corpus(DATA, tmp_path / "c", 20, seed=6)).documents["id"].tolist()
    assert first == again != other
    with pytest.raises(ValueError, match="n must be"):
        sample_corpus(DATA, tmp_path / "d", 0)


# -- spreadsheet templates ----------------------------------------------------------------


def test_templates_are_a_valid_corpus_once_their_documents_exist(tmp_path):
    """The templates analysts copy: the expected columns, consistent example rows, ids clearly fictitious."""
    import docx

    labelled = tmp_path / "labelled"
    labelled.mkdir()
    for name in ("documents", "sections"):
        (labelled / f"{name}.csv").write_bytes((DATA / "labelled" / f"template-{name}.csv").read_bytes())
    documents = load_corpus(tmp_path).documents
    shipped = load_corpus(DATA)
    assert list(documents.columns) == list(shipped.documents.columns)
    assert set(DOCUMENT_COLUMNS) | set(OPTIONAL_COLUMNS) == set(documents.columns)
    assert all(doc_id.startswith("exemple-") for doc_id in documents["id"])
    assert list(load_corpus(tmp_path).sections.columns) == SECTION_COLUMNS == list(shipped.sections.columns)
    (tmp_path / "raw" / "theatre").mkdir(parents=True)
    word = docx.Document()
    word.add_heading("Stratégie numérique 2026-2028 (EXEMPLE FICTIF)", level=1)
    word.add_paragraph("Le musée adopte sa stratégie numérique pour les trois prochaines années.")
    word.add_heading("Axe 1 — Mutualiser la médiation numérique avec nos voisins", level=2)
    word.add_paragraph("Nous créerons un poste de médiation numérique partagé avec deux musées voisins.")
    word.save(tmp_path / "raw" / "exemple-001.docx")
    (tmp_path / "raw" / "theatre" / "exemple-002.txt").write_text(
        "Plan de communication. La campagne de rentrée visera les familles et les abonnés.", encoding="utf-8"
    )
    assert [str(p) for p in validate_corpus(load_corpus(tmp_path))] == []
    # Saved from a spreadsheet in a French locale: semicolons.
    documents.to_csv(labelled / "documents.csv", index=False, sep=";")
    assert [str(p) for p in validate_corpus(load_corpus(tmp_path))] == []


# -- training from document labels only ---------------------------------------------------


def test_train_command_works_from_document_labels_only(tmp_path):
    """What analysts will have: documents.csv without any sections.csv (nor the checklist's tables)."""
    corpus = sample_corpus(DATA, tmp_path / "corpus", 40, seed=13)
    for name in ("sections", "criteria", "commitments", "claims"):
        (corpus / "labelled" / f"{name}.csv").unlink()
    out = tmp_path / "candidate"
    result = runner.invoke(maintainer_app, ["train", "--corpus", str(corpus), "--out", str(out)])
    assert result.exit_code == 0, result.output
    tested = int((read_table(corpus / "labelled" / "documents.csv")["split"] == "test").sum())
    assert "Modèle enregistré" in result.output and f"| test (n={tested}) | modèle |" in result.output
    model, card = load_model(out)
    assert card["training_data"]["section_labels"] is False
    assert card["training_data"]["documents"] == 40
    assert card["training_data"]["hash"] == corpus_hash(corpus)
    test = training.prepare(load_corpus(corpus), load_corpus(corpus).ids("test"))
    assert model.predict(test.docs).shape == (tested, 3)
    info = runner.invoke(maintainer_app, ["info", "--model", str(out)])
    assert info.exit_code == 0, info.output
    assert "non / no (document labels only)" in info.output


@pytest.mark.slow
def test_train_command_with_real_pages_trains_on_them_and_scores_them_out_of_fold(tmp_path):
    """`--real-pages`: the corpus's real pages join the training set; the card records how many
    and measures them out of fold (never as a held-out set the model has seen)."""
    corpus = sample_corpus(DATA, tmp_path / "corpus", 40, seed=13)
    assert add_real_pages(corpus, lambda pages: pages.groupby("doc_type").head(4)) == 16  # every type
    out = tmp_path / "candidate"
    args = ["train", "--corpus", str(corpus), "--out", str(out), "--no-cv", "--real-pages"]
    result = runner.invoke(maintainer_app, args)
    assert result.exit_code == 0, result.output
    assert "pages réelles (hors pli) (n=16)" in result.output
    _, card = load_model(out)
    assert card["training_data"]["real_pages"] == 16
    assert card["training_data"]["hash"] == corpus_hash(corpus, (training.REAL_PAGES,)) != corpus_hash(corpus)
    assert {"test", "pages_oof"} <= set(card["metrics"]) and "pages" not in card["metrics"]
    tested = int((read_table(corpus / "labelled" / "documents.csv")["split"] == "test").sum())
    assert card["metrics"]["test"]["model"]["n"] == tested
    evaluated = runner.invoke(maintainer_app, ["evaluate", "--corpus", str(corpus), "--model", str(out), "--no-cv"])
    assert evaluated.exit_code == 0, evaluated.output
    assert "pages réelles (hors pli) (n=16)" in evaluated.output and "pages réelles (dev)" not in evaluated.output
    info = runner.invoke(maintainer_app, ["info", "--model", str(out)])
    assert "real pages trained on : 16 (mesurées hors pli / scored out of fold)" in info.output, info.output


def test_train_command_with_real_pages_says_when_there_are_none_or_too_few(tmp_path):
    corpus = sample_corpus(DATA, tmp_path / "corpus", 30, seed=13)  # enough to train on
    out = tmp_path / "m"
    args = ["train", "--corpus", str(corpus), "--out", str(out), "--no-cv", "--real-pages"]
    result = runner.invoke(maintainer_app, args)
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit), result.output  # no traceback
    assert "realpages/labelled/documents.csv introuvable" in result.output and "--real-pages" in result.output
    # two pages covering different dimensions: no fold can hold one out and keep its like
    add_real_pages(corpus, lambda pages: pages.groupby("doc_type").head(1).head(2))
    result = runner.invoke(maintainer_app, args)
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit), result.output
    assert "no two real pages cover the same dimensions" in result.output
    assert not out.exists()


def test_train_command_says_why_a_corpus_is_too_small_before_reading_it(tmp_path):
    corpus = sample_corpus(DATA, tmp_path / "corpus", 12, seed=13)
    table = corpus / "labelled" / "documents.csv"
    documents = pd.read_csv(table, dtype=str, keep_default_na=False)
    documents["split"] = "train"  # an analyst's first table: no test split
    documents.to_csv(table, index=False)
    result = runner.invoke(maintainer_app, ["train", "--corpus", str(corpus), "--out", str(tmp_path / "m"), "--no-cv"])
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit), result.output  # no traceback
    assert "corpus trop petit pour entraîner" in result.output and "split test : aucun document" in result.output
    assert not (tmp_path / "m").exists()


def test_train_command_refuses_an_invalid_corpus_listing_every_problem(tmp_path):
    corpus = sample_corpus(DATA, tmp_path / "corpus", 10, seed=13)
    table = corpus / "labelled" / "documents.csv"
    documents = pd.read_csv(table, dtype=str, keep_default_na=False)
    documents.loc[0, "marketing"] = "oui"
    documents.loc[2, "split"] = "validation"
    documents.to_csv(table, index=False)
    result = runner.invoke(maintainer_app, ["train", "--corpus", str(corpus), "--out", str(tmp_path / "m")])
    assert result.exit_code == 1
    assert "ligne 1" in result.output and "« oui » n'est pas 0 ou 1" in result.output
    assert "ligne 3" in result.output and "split « validation » inconnu" in result.output
    assert not (tmp_path / "m").exists()


# -- reproducibility ----------------------------------------------------------------------


@pytest.mark.slow
def test_retraining_the_shipped_corpus_reproduces_the_committed_model(default_model):
    """About a minute on an idle machine: the whole corpus is analysed and the model refitted."""
    committed, card = default_model
    parts = (training.REAL_PAGES,) if card["training_data"].get("real_pages") else ()
    assert card["training_data"]["hash"] == corpus_hash(DATA, parts), (
        "data/ changed since the packaged model was trained: run `make train` and commit src/classifier/models/default"
    )
    assert card["hyperparameters"] == training.settings(MODEL), (
        "config.MODEL or config.SEGMENT changed since the packaged model was trained: run `make train`"
    )
    corpus = training.validated_corpus(DATA)
    train = training.prepare(corpus, corpus.ids("train"), use_sections=card["training_data"]["section_labels"])
    pages = training.real_pages(corpus) if card["training_data"].get("real_pages") else None
    assert card["training_data"].get("real_pages", 0) == (0 if pages is None else len(pages.ids))
    model = training.fit_model(train if pages is None else training.with_documents(train, pages), MODEL)
    sets = training.evaluation_sets(corpus, REALWORLD_DEV, pages=pages is None)
    results = training.evaluate_model(model, train, sets)

    assert model.thresholds_ == card["thresholds"]
    test = sets["test"]
    assert np.allclose(model.predict_proba(test.docs), committed.predict_proba(test.docs), atol=1e-9)
    # The real-world set lives outside the repository (../shared/realworld): compare it when both have it.
    shared = set(results) & set(card["metrics"])
    assert "test" in shared
    assert {name: results[name] for name in shared} == {name: card["metrics"][name] for name in shared}
    assert read_card()["sha256"] == card["sha256"], "the packaged model changed during the test run"


def test_the_card_says_what_the_training_documents_are():
    from classifier.training import _origin_limitation

    mixed = pd.DataFrame({"split": ["train", "train", "train", "test"], "origin": ["", "retold", "real", "real"]})
    assert _origin_limitation(mixed) == (
        "Documents d'entraînement / training documents : 1 rédigés pour le projet, "
        "1 pages réelles racontées à nouveau, 1 documents réels."
    )
    assert "rédigé pour le projet" in _origin_limitation(pd.DataFrame({"split": ["train"]}))
