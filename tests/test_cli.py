"""The command line driven in-process, as an analyst and a maintainer use it."""

import json

import pandas as pd
import pytest
import typer
from typer.testing import CliRunner

from classifier.cli import classify_app, maintainer_app
from classifier.persist import DEFAULT_MODEL_DIR
from classifier.report import ROW_COLUMNS

from .conftest import FIXTURES, ROOT

runner = CliRunner()
SAMPLE = str(FIXTURES / "sample.md")


def _commands(app: typer.Typer):
    return [(c.name or c.callback.__name__, c.callback) for c in app.registered_commands]


@pytest.mark.parametrize(("name", "callback"), _commands(maintainer_app) + _commands(classify_app))
def test_every_command_has_help_text(name, callback):
    assert callback.__doc__ and callback.__doc__.strip(), name


def test_text_report_in_french():
    result = runner.invoke(classify_app, [SAMPLE, "--jobs", "1"])
    assert result.exit_code == 0, result.output
    for words in ("Type :", "Marketing et communication", "Technologie", "Réorganisation structurelle", "En bref :"):
        assert words in result.output


def test_jsonl_one_object_per_document():
    result = runner.invoke(classify_app, [SAMPLE, str(FIXTURES / "sample.docx"), "--format", "jsonl", "--jobs", "1"])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    assert [r["file"] for r in records] == [SAMPLE, str(FIXTURES / "sample.docx")]
    assert all("sha256" not in r for r in records)  # stdout is §4 to the letter


def test_no_such_file_is_a_usage_error():
    result = runner.invoke(classify_app, ["absent.pdf"])
    assert result.exit_code == 2
    assert "absent.pdf" in result.output


def test_bad_option_is_a_usage_error():
    assert runner.invoke(classify_app, [SAMPLE, "--format", "xml"]).exit_code == 2


def test_tampered_model_is_refused_with_exit_2(tmp_path):
    model = tmp_path / "model"
    model.mkdir()
    for name in ("model.joblib", "model.card.json"):
        (model / name).write_bytes((DEFAULT_MODEL_DIR / name).read_bytes())
    with (model / "model.joblib").open("ab") as handle:
        handle.write(b"tampered")
    result = runner.invoke(classify_app, [SAMPLE, "--model", str(model)])
    assert result.exit_code == 2
    assert "sha256" in result.output


@pytest.mark.parametrize("suffix", [".csv", ".parquet", ".xlsx", ".jsonl", ".html"])
def test_out_writes_every_format_atomically(tmp_path, suffix):
    out = tmp_path / f"résultats{suffix}"
    bad = tmp_path / "vide.txt"
    bad.write_text("   ")
    result = runner.invoke(classify_app, [SAMPLE, str(bad), "--out", str(out), "--jobs", "1", "--quiet"])
    assert result.exit_code == 1, result.output  # one unreadable document
    assert out.exists()
    assert not list(tmp_path.glob("*.tmp")) and not list(tmp_path.glob("*.partial.jsonl"))
    if suffix == ".csv":
        raw = out.read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf")  # BOM: a French Excel reads UTF-8
        frame = pd.read_csv(out, sep=";", decimal=",", encoding="utf-8-sig")
        scored = frame[frame["error_code"].isna()].iloc[0]
        assert 0 <= scored["confidence"] <= 1 and 0 <= scored["marketing_score"] <= 1, "« 0,91 » read back"
        assert ";0," in raw.decode("utf-8-sig") or ";1;" in raw.decode("utf-8-sig"), "decimal commas for French Excel"
    elif suffix == ".parquet":
        frame = pd.read_parquet(out)
        assert str(frame["marketing_covered"].dtype) == "boolean"
        assert frame["words"].dtype.kind in "if"
    elif suffix == ".xlsx":
        frame = pd.read_excel(out)
        import openpyxl

        sheet = openpyxl.load_workbook(out).active
        assert sheet.freeze_panes == "B2" and sheet.auto_filter.ref == sheet.dimensions
    elif suffix == ".jsonl":
        frame = pd.DataFrame([json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()])
    else:
        html = out.read_text(encoding="utf-8")
        assert "sample.md" in html and "vide.txt" in html
        return
    assert len(frame) == 2
    if suffix != ".jsonl":
        assert list(frame.columns) == ROW_COLUMNS
        assert set(frame["error_code"].dropna()) == {"empty_document"}


def test_identical_files_are_scored_once_and_both_reported(tmp_path):
    for name in ("a.md", "copie de a.md"):
        (tmp_path / name).write_bytes((FIXTURES / "sample.md").read_bytes())
    result = runner.invoke(classify_app, [str(tmp_path), "--format", "jsonl", "--jobs", "1"])
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(records) == 2
    assert records[0]["dimensions"] == records[1]["dimensions"]


def test_info_prints_a_bilingual_card_with_provenance():
    result = runner.invoke(maintainer_app, ["info"])
    assert result.exit_code == 0, result.output
    assert "Fiche du modèle / Model card" in result.output
    assert "vérifié" in result.output and "sha256" in result.output


def test_validate_accepts_the_shipped_corpus():
    result = runner.invoke(maintainer_app, ["validate", "--corpus", str(ROOT / "data")])
    assert result.exit_code == 0, result.output
    assert "Corpus valide" in result.output
