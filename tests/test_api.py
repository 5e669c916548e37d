"""The Python API of SPEC §9 on the real default model: `classifier.load()`, `.score`, `.score_many`, `.card`."""

import json
import shutil

import pytest

import classifier
from classifier.persist import ModelError
from classifier.report import ROW_COLUMNS
from classifier.scoring import RECORD_KEYS

from .conftest import FIXTURES, ROOT

EXAMPLE = ROOT / "examples" / "plan-musee.pdf"


@pytest.fixture(scope="module")
def clf():
    return classifier.load()


def test_load_gives_the_default_model_and_its_card(clf, default_model):
    assert clf.card == default_model[1]
    assert clf.card["sha256"] and clf.card["name"] in repr(clf)


def test_score_gives_one_spec_record(clf):
    record = clf.score(EXAMPLE)
    assert tuple(record) == RECORD_KEYS
    assert record["doc_type"] == "digital_strategy"
    assert record["file"] == str(EXAMPLE)
    json.dumps(record)  # plain JSON types only


def test_score_turns_a_bad_file_into_an_error_record(clf, tmp_path):
    broken = tmp_path / "cassé.pdf"
    broken.write_bytes(b"%PDF-1.7 truncated")
    record = clf.score(broken)
    assert set(record) == {"file", "error"}
    assert record["error"]["code"] == "corrupt_file"
    assert "cassé.pdf" in record["error"]["message"]


def test_score_many_has_a_row_per_file_with_the_csv_columns(clf, tmp_path):
    folder = tmp_path / "dossier"
    folder.mkdir()
    shutil.copy2(EXAMPLE, folder / "plan.pdf")
    shutil.copy2(EXAMPLE, folder / "copie.pdf")  # same content: scored once, both rows kept
    (folder / "notes.exe").write_bytes(b"MZ")
    (folder / ".DS_Store").write_bytes(b"\0")
    table = clf.score_many([folder, FIXTURES / "sample.zip"])
    assert list(table.columns) == ROW_COLUMNS
    names = [name.replace(str(tmp_path) + "/", "") for name in table["file"]]
    assert names[:3] == ["dossier/copie.pdf", "dossier/notes.exe", "dossier/plan.pdf"]
    assert all(name.startswith(str(FIXTURES / "sample.zip") + "!") for name in names[3:]) and len(names) > 3
    plan = table.set_index("file").loc[str(folder / "plan.pdf")]
    assert plan["doc_type"] == "digital_strategy"
    assert table.loc[1, "error_code"] == "unsupported_format"
    # types a notebook can filter on, beside the error row's empty cells
    assert str(table["pages"].dtype) == "Int64" and str(table["needs_review"].dtype) == "boolean"
    assert table["pages"].isna().tolist()[:3] == [False, True, False]
    assert len(table[table["needs_review"].fillna(False)]) <= len(table)
    assert str(table["commitment_reorganisation_budget"].dtype) == "boolean"
    first, copy = table.iloc[2], table.iloc[0]
    assert (first["sha256"], first["doc_type"], first["confidence"]) == (
        copy["sha256"],
        copy["doc_type"],
        copy["confidence"],
    )


def test_score_many_in_two_processes_gives_the_same_table(clf):
    paths = [FIXTURES / "sample.md", FIXTURES / "sample.docx", EXAMPLE]
    one, two = clf.score_many(paths), clf.score_many(paths, jobs=2)
    assert one.equals(two)


def test_records_stream_in_input_order(clf):
    stream = clf.records([FIXTURES / "sample.md", EXAMPLE])
    first = next(stream)
    assert first["file"] == str(FIXTURES / "sample.md")
    assert [r["file"] for r in stream] == [str(EXAMPLE)]


def test_a_missing_path_is_named(clf, tmp_path):
    with pytest.raises(FileNotFoundError, match=r"absent\.pdf"):
        clf.score_many([tmp_path / "absent.pdf"])


def test_load_refuses_a_folder_without_a_model(tmp_path):
    with pytest.raises(ModelError, match="introuvable"):
        classifier.load(tmp_path)


def test_score_says_clearly_what_it_takes(clf, tmp_path):
    with pytest.raises(ValueError, match="chemin vide"):
        clf.score("")  # would be the current folder
    with pytest.raises(TypeError, match="chemin de fichier"):
        clf.score(None)
    with pytest.raises(IsADirectoryError, match="score_many"):
        clf.score(tmp_path)
    with pytest.raises(ValueError, match="chemin vide"):
        clf.score_many([EXAMPLE, ""])


def test_two_loaded_classifiers_keep_their_own_limits(clf):
    """Each batch scored in this process uses its own model and limits, however the calls interleave."""
    from classifier.config import Limits

    short = classifier.load(limits=Limits(max_chars=300))
    paths = [FIXTURES / "sample.md", EXAMPLE]
    a, b = clf.records(paths), short.records(paths)
    next(a), next(b)
    whole, cut = next(a), next(b)
    assert not any(w.startswith("truncated") for w in whole["warnings"]) and whole["words"] > 1000
    assert any(w.startswith("truncated") for w in cut["warnings"]) and cut["words"] < 100
