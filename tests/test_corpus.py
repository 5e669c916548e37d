"""Corpus validation: every problem is reported with its row, and training refuses a bad corpus."""

import shutil

import numpy as np
import pandas as pd
import pytest

from classifier.corpus import load_corpus, passages_with_labels, validate_corpus
from classifier.labels import COMMITMENTS, CRITERION_KEYS
from classifier.training import InvalidCorpus, Prepared, validated_corpus

from .conftest import ROOT, SHARED, require_shared


def test_the_shipped_corpus_is_valid():
    assert validate_corpus(load_corpus(ROOT / "data")) == []


@pytest.fixture
def small_corpus(tmp_path):
    """Six real documents of the shipped corpus, copied with their labels."""
    docs = pd.read_csv(ROOT / "data" / "labelled" / "documents.csv", dtype=str, keep_default_na=False)
    docs = docs[docs["path"].str.endswith(".md")].groupby("doc_type").head(2).head(6).reset_index(drop=True)
    docs["split"] = "train"
    (tmp_path / "raw").mkdir()
    (tmp_path / "labelled").mkdir()
    for path in docs["path"]:
        shutil.copy(ROOT / "data" / "raw" / path, tmp_path / "raw" / path)
    docs.to_csv(tmp_path / "labelled" / "documents.csv", index=False)
    sections = pd.read_csv(ROOT / "data" / "labelled" / "sections.csv", dtype=str, keep_default_na=False)
    sections[sections["doc_id"].isin(docs["id"])].to_csv(tmp_path / "labelled" / "sections.csv", index=False)
    return tmp_path


def test_each_problem_is_reported_with_its_row(small_corpus):
    table = small_corpus / "labelled" / "documents.csv"
    docs = pd.read_csv(table, dtype=str, keep_default_na=False)
    docs.loc[0, "doc_type"] = "brochure"  # unknown label
    docs.loc[1, "marketing"] = "oui"  # not 0/1
    docs.loc[2, "path"] = "absent.md"  # missing file
    first = docs.loc[3]
    docs.loc[3, ["marketing", "technology", "reorganisation"]] = ["0", "0", "1"]
    docs.loc[3, "doc_type"] = "marketing_plan"  # inconsistent with §2
    docs.loc[4, "split"] = "test"
    docs.loc[5, "organisation"] = docs.loc[4, "organisation"]  # same organisation in both splits
    docs = pd.concat([docs, first.to_frame().T.assign(id="copie")], ignore_index=True)  # duplicate text
    docs.to_csv(table, index=False)

    problems = validate_corpus(load_corpus(small_corpus))
    by_row = {(p.row, p.message.split(" ")[0]) for p in problems}
    assert (1, "type") in by_row
    assert (2, "colonne") in by_row
    assert (3, "fichier") in by_row
    assert any(p.row == 4 and "incohérent" in p.message for p in problems)
    assert any("fuite" in p.message for p in problems)
    assert any(p.row == 7 and "doublon" in p.message for p in problems)
    assert all(str(p).startswith(("documents.csv, ligne", "sections.csv, ligne")) for p in problems)


def test_genre_family_and_source_url_are_checked(small_corpus):
    table = small_corpus / "labelled" / "documents.csv"
    docs = pd.read_csv(table, dtype=str, keep_default_na=False)
    docs.loc[0, "genre_family"] = "pamphlet"
    docs.loc[1, "source_url"] = "www.exemple.org/page"
    docs.to_csv(table, index=False)
    problems = validate_corpus(load_corpus(small_corpus))
    assert any(p.row == 1 and "famille de genre « pamphlet »" in p.message for p in problems)
    assert any(p.row == 2 and "source_url" in p.message for p in problems)


def test_origin_is_checked_and_may_be_left_empty(small_corpus):
    table = small_corpus / "labelled" / "documents.csv"
    docs = pd.read_csv(table, dtype=str, keep_default_na=False)
    docs.loc[0, "origin"] = "inventé"
    docs.loc[1, "origin"] = ""  # an analyst's new row: written
    docs.to_csv(table, index=False)
    problems = validate_corpus(load_corpus(small_corpus))
    assert [(p.row, p.message) for p in problems] == [
        (1, "origine « inventé » inconnue (attendu : written, retold, real)")
    ]


def test_origin_weighs_documents_only_when_both_kinds_are_present():
    data = Prepared(["a", "b", "c"], [], [], np.zeros((3, 3)), origins=["written", "retold", "real"])
    assert data.sample_weights(3.0).tolist() == [1.0, 3.0, 3.0]
    assert Prepared(["a", "b"], [], [], np.zeros((2, 3)), origins=["real", "real"]).sample_weights(3.0) is None
    assert Prepared(["a"], [], [], np.zeros((1, 3))).sample_weights(3.0) is None


def test_a_corpus_without_genre_families_is_refused(small_corpus):
    table = small_corpus / "labelled" / "documents.csv"
    pd.read_csv(table, dtype=str, keep_default_na=False).drop(columns="genre_family").to_csv(table, index=False)
    problems = validate_corpus(load_corpus(small_corpus))
    assert [p.message for p in problems] == ["colonnes manquantes : genre_family"]


def test_source_urls_are_not_pages_the_held_out_sets_come_from():
    """Grounded documents must not come from the pages the real-world held-out sets were built from."""
    import subprocess
    import sys

    tool = SHARED / "tools" / "excluded_url.py"
    require_shared(tool)
    table = ROOT / "data" / "labelled" / "documents.csv"
    result = subprocess.run([sys.executable, str(tool), "--csv", str(table)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "excluded" not in result.stdout


def test_empty_document_is_reported(small_corpus):
    docs = pd.read_csv(small_corpus / "labelled" / "documents.csv", dtype=str, keep_default_na=False)
    (small_corpus / "raw" / docs.loc[0, "path"]).write_text("   \n")
    problems = validate_corpus(load_corpus(small_corpus))
    assert any(p.row == 1 and "empty_document" in p.message for p in problems)


def test_training_refuses_an_invalid_corpus(small_corpus):
    docs = pd.read_csv(small_corpus / "labelled" / "documents.csv", dtype=str, keep_default_na=False)
    docs.loc[0, "technology"] = "2"
    docs.to_csv(small_corpus / "labelled" / "documents.csv", index=False)
    with pytest.raises(InvalidCorpus) as info:
        validated_corpus(small_corpus)
    assert info.value.problems


def test_section_labels_reach_the_passages(small_corpus):
    corpus = load_corpus(small_corpus)
    doc_id = corpus.ids()[0]
    passages, labels = passages_with_labels(corpus, doc_id)
    assert labels.shape == (len(passages), 3)
    document = corpus.labels([doc_id])[0]
    assert ((labels.max(axis=0) == document) | (document == 1)).all()


def test_a_semicolon_table_from_a_french_spreadsheet_with_commas_in_cells_is_read(small_corpus):
    table = small_corpus / "labelled" / "documents.csv"
    docs = pd.read_csv(table, dtype=str, keep_default_na=False)
    docs.loc[0, "notes"] = "Campagne, infolettre, réseaux sociaux : marketing."
    docs.to_csv(table, index=False, sep=";", encoding="utf-8-sig")
    corpus = load_corpus(small_corpus)
    assert corpus.documents.loc[0, "notes"].startswith("Campagne, infolettre")
    assert validate_corpus(corpus) == []


def test_an_unreadable_table_is_a_clear_error_not_a_traceback(small_corpus):
    from typer.testing import CliRunner

    from classifier.cli import maintainer_app

    (small_corpus / "labelled" / "documents.csv").write_bytes(b'id,path\n"a,b\n\xff\xfe\x00')
    result = CliRunner().invoke(maintainer_app, ["validate", "--corpus", str(small_corpus)])
    assert result.exit_code == 1
    assert "documents.csv" in result.output and "Traceback" not in result.output


def test_spaces_typed_around_cells_and_headers_are_not_data(small_corpus):
    table = small_corpus / "labelled" / "documents.csv"
    docs = pd.read_csv(table, dtype=str, keep_default_na=False)
    docs["split"] = docs["split"] + "  "
    docs.loc[0, "doc_type"] = " " + docs.loc[0, "doc_type"]
    docs.loc[1, "path"] = docs.loc[1, "path"] + " "
    docs = docs.rename(columns={"doc_type": "doc_type "})
    docs.to_csv(table, index=False)
    corpus = load_corpus(small_corpus)
    assert "doc_type" in corpus.documents.columns and set(corpus.documents["split"]) == {"train"}
    assert validate_corpus(corpus) == []


def test_a_repeated_id_is_reported_once_without_a_garbled_message(small_corpus):
    for name in ("criteria", "commitments", "claims"):
        shutil.copy(ROOT / "data" / "labelled" / f"{name}.csv", small_corpus / "labelled" / f"{name}.csv")
    table = small_corpus / "labelled" / "documents.csv"
    docs = pd.read_csv(table, dtype=str, keep_default_na=False)
    docs.loc[1, "id"] = docs.loc[0, "id"]
    docs.to_csv(table, index=False)
    problems = [str(p) for p in validate_corpus(load_corpus(small_corpus))]  # no exception either
    assert any("ligne 2" in p and "identifiant en double (déjà ligne 1)" in p for p in problems)
    assert any("criteria.csv" in p and "corrigez d'abord les identifiants en double" in p for p in problems)
    assert not any("dtype" in p or "Name:" in p for p in problems), problems


def test_a_checklist_row_of_a_document_no_longer_listed_is_reported(small_corpus):
    table = small_corpus / "labelled" / "documents.csv"
    docs = pd.read_csv(table, dtype=str, keep_default_na=False)
    sections = pd.read_csv(small_corpus / "labelled" / "sections.csv", dtype=str, keep_default_na=False)
    gone = docs.loc[0, "id"]
    first = sections[sections["doc_id"] == gone].iloc[0]
    criteria = {"doc_id": gone, "position": first["position"], "heading": first["heading"]}
    criteria.update({key: "" for key in CRITERION_KEYS})
    pd.DataFrame([criteria]).to_csv(small_corpus / "labelled" / "criteria.csv", index=False)
    commitment = {"doc_id": gone, "position": first["position"], "dimension": "marketing"}
    commitment.update(dict.fromkeys(COMMITMENTS, "0"))
    pd.DataFrame([commitment]).to_csv(small_corpus / "labelled" / "commitments.csv", index=False)
    pd.DataFrame([{"doc_id": gone, "claimed_type": "", "claimed_from": ""}]).to_csv(
        small_corpus / "labelled" / "claims.csv", index=False
    )
    docs.drop(index=0).to_csv(table, index=False)
    problems = [str(p) for p in validate_corpus(load_corpus(small_corpus))]
    for name in ("criteria.csv", "commitments.csv", "claims.csv"):
        assert any(p.startswith(f"{name}, ligne 1") and "document absent de documents.csv" in p for p in problems)
