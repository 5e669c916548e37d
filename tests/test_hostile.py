"""Hostile inputs: every bad file gets a clear error row with a stable code, and nothing is lost.

The files are generated at test time by `tests/hostile_inputs.py`; `classify` runs in-process
(`classify_cli` in conftest.py) except for the SIGTERM test, which needs a real process.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pytest

import classifier.batch
import classifier.scoring
from classifier.batch import collect_items, hash_file
from classifier.extract import ExtractionError, extract_text

sys.path.insert(0, str(Path(__file__).resolve().parent))  # --import-mode=importlib: tests/ is not on the path
import hostile_inputs as hostile

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
GOOD_DOCUMENTS = [ROOT / "data" / "raw" / name for name in ("aud-007.md", "hors-017.md", "aud-017.md")]


@pytest.fixture(scope="session")
def hostile_dir(tmp_path_factory) -> Path:
    """One folder holding every single-file hostile input, generated once per session."""
    folder = tmp_path_factory.mktemp("hostile")
    for make in (
        hostile.make_zero_byte,
        hostile.make_whitespace_only,
        hostile.make_numbers_only,
        hostile.make_unsupported_xyz,
        hostile.make_png,
        hostile.make_truncated_pdf,
        hostile.make_corrupt_pdf,
        hostile.make_random_pdf,
        hostile.make_random_docx,
        hostile.make_encrypted_pdf,
        hostile.make_image_only_pdf,
        hostile.make_partly_scanned_pdf,
        hostile.make_docx_zip_bomb,
        hostile.make_docx_lying_sizes,
        hostile.make_deep_html,
        hostile.make_huge_single_line,
        hostile.make_big_text,
        hostile.make_latin1_text,
        hostile.make_utf16_text,
        hostile.make_utf16_no_bom_text,
        hostile.make_english_text,
        hostile.make_accented_name,
        hostile.make_accented_name_corrupt,
    ):
        make(folder)
    return folder


def rows_of(result) -> list[dict]:
    return [json.loads(line) for line in result.stdout.splitlines() if line.strip()]


def assert_clean_run(result, expected_exit: int) -> None:
    """The command ended by itself with the expected status and printed no traceback."""
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    assert result.exit_code == expected_exit, result.output


def assert_error_row(row: dict, code: str, name: str) -> None:
    assert set(row) - {"sha256"} == {"file", "error"}, row  # output files add the content hash
    assert row["error"]["code"] == code, row
    assert name in row["error"]["message"], row  # the message names the file
    assert "Traceback" not in row["error"]["message"]


def assert_scored_row(row: dict) -> None:
    assert "error" not in row, row
    assert row["doc_type"] in {"digital_strategy", "marketing_plan", "technology_plan", "out_of_scope"}
    assert 0.0 <= row["doc_type_confidence"] <= 1.0
    assert all(0.0 <= d["score"] <= 1.0 for d in row["dimensions"].values())


# --- one hostile file at a time --------------------------------------------------------

ERROR_CASES = [
    # (file name made by hostile_inputs, expected code, extra options)
    ("vide.txt", "empty_document", ()),
    ("blancs.txt", "empty_document", ()),
    ("chiffres.txt", "empty_document", ()),
    ("notes.xyz", "unsupported_format", ()),
    ("affiche.png", "unsupported_format", ()),
    ("tronqué.pdf", "corrupt_file", ()),
    ("corrompu.pdf", "corrupt_file", ()),
    ("binaire.pdf", "corrupt_file", ()),
    ("binaire.docx", "corrupt_file", ()),
    ("protégé.pdf", "encrypted_pdf", ()),
    ("numérisé.pdf", "no_text_layer", ()),
    ("bombe.docx", "too_large", ()),
    ("menteur.docx", "too_large", ()),  # sizes under-declared
    ("Données très abîmées n°2.pdf", "corrupt_file", ()),
    ("une-seule-ligne.txt", "too_large", ("--max-size", "10")),
]


@pytest.mark.parametrize(("name", "code", "options"), ERROR_CASES, ids=[c[0] for c in ERROR_CASES])
def test_hostile_file_gives_a_stable_error_code(classify_cli, hostile_dir, name, code, options):
    result = classify_cli(hostile_dir / name, "--format", "jsonl", "--jobs", "1", *options)
    assert_clean_run(result, expected_exit=1)
    [row] = rows_of(result)
    assert row["file"] == str(hostile_dir / name)
    assert_error_row(row, code, name)


SCORED_CASES = [
    # (file name, warning prefixes expected, extra options)
    ("profond.html", set(), ()),
    ("latin1.txt", set(), ()),
    ("utf16.txt", set(), ()),
    ("utf16-sans-bom.txt", set(), ()),
    ("english.txt", {"not_french"}, ()),
    ("en-partie-numérisé.pdf", {"scanned_pages"}, ()),
    ("Plan stratégique — été 2025 (version révisée).md", set(), ()),
    # 40 MB is under the 50 MB default: the file is read, and its text cut at --max-chars.
    ("une-seule-ligne.txt", {"truncated"}, ("--max-chars", "100000")),
]


@pytest.mark.parametrize(("name", "warnings", "options"), SCORED_CASES, ids=[c[0] for c in SCORED_CASES])
def test_awkward_but_readable_file_is_scored(classify_cli, hostile_dir, name, warnings, options):
    result = classify_cli(hostile_dir / name, "--format", "jsonl", "--jobs", "1", *options)
    assert_clean_run(result, expected_exit=0)
    [row] = rows_of(result)
    assert row["file"] == str(hostile_dir / name)
    assert_scored_row(row)
    assert {w.split(":")[0] for w in row["warnings"]} - {"short_text"} == warnings
    assert row["language"] == ("en" if name == "english.txt" else "fr")


def test_the_40_mb_line_is_truncated_at_the_default_character_limit(hostile_dir):
    """With default limits the 40 MB file is read (not refused) and cut to 1 000 000 characters."""
    extracted = extract_text(hostile_dir / "une-seule-ligne.txt")
    assert sum(map(len, extracted.pages)) <= 1_000_000
    assert [w.split(":")[0] for w in extracted.warnings] == ["truncated"]


@pytest.mark.parametrize("name", ["latin1.txt", "utf16.txt", "utf16-sans-bom.txt"])
def test_legacy_encodings_are_decoded_not_garbled(hostile_dir, name):
    text = extract_text(hostile_dir / name).text
    assert text.startswith("Stratégie numérique")
    assert "réseaux sociaux" in text and "\ufffd" not in text


def test_deep_html_keeps_its_text(hostile_dir):
    assert "réseaux sociaux" in extract_text(hostile_dir / "profond.html").text


def test_encrypted_pdf_is_a_real_encrypted_pdf(hostile_dir):
    """The hand-made PDF opens with its password: `encrypted_pdf` is not a disguised `corrupt_file`."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(hostile_dir / "protégé.pdf"), password="secret")
    assert pdf[0].get_textpage().get_text_range() == "Plan numérique confidentiel"
    with pytest.raises(pdfium.PdfiumError, match="password"):
        pdfium.PdfDocument(str(hostile_dir / "protégé.pdf"))


def test_missing_input_is_a_usage_error(classify_cli, tmp_path):
    result = classify_cli(tmp_path / "absent.pdf", "--format", "jsonl", "--jobs", "1")
    assert_clean_run(result, expected_exit=2)
    assert "absent.pdf" in result.stderr


# --- folders ---------------------------------------------------------------------------


@pytest.fixture
def hostile_folder(tmp_path):
    root = hostile.make_hostile_folder(tmp_path)
    yield root
    hostile.unlock(root)


def test_walking_a_hostile_folder_ends(hostile_folder):
    """A FIFO is never opened (it would block) and the directory symlink loop is walked once."""
    found: list = []
    walker = threading.Thread(target=lambda: found.extend(collect_items([hostile_folder])), daemon=True)
    walker.start()
    walker.join(timeout=20)
    assert not walker.is_alive(), "walking the folder hangs (a FIFO was opened?)"
    names = sorted(Path(item.name).name for item in found)
    assert names == ["bon.md", "boucle.md", "manquant.md", "tube.txt", "verrouillé.txt"]
    assert hash_file(hostile_folder / "tube.txt") is None


def test_hostile_folder_gives_one_row_per_entry(classify_cli, hostile_folder):
    result = classify_cli(hostile_folder, "--format", "jsonl", "--jobs", "1")
    assert_clean_run(result, expected_exit=1)
    rows = {Path(row["file"]).name: row for row in rows_of(result)}
    assert sorted(rows) == ["bon.md", "boucle.md", "manquant.md", "tube.txt", "verrouillé.txt"]
    assert_scored_row(rows["bon.md"])
    assert_error_row(rows["boucle.md"], "unreadable", "boucle.md")  # symlink to itself
    assert_error_row(rows["manquant.md"], "not_found", "manquant.md")  # dangling symlink
    assert_error_row(rows["tube.txt"], "unreadable", "tube.txt")  # FIFO
    if hostile.is_root():  # permissions do not apply to root: the chmod 000 file is read
        assert_scored_row(rows["verrouillé.txt"])
    else:
        assert_error_row(rows["verrouillé.txt"], "unreadable", "verrouillé.txt")


def test_every_file_of_a_folder_is_a_row_and_clutter_is_counted(classify_cli, tmp_path):
    """Analysts' folders hold more than documents: each file is accounted for, never dropped."""
    folder = tmp_path / "dossier reçu"
    (folder / "annexes").mkdir(parents=True)
    (folder / "plan.md").write_text("# Plan\n\n" + hostile.FRENCH_TEXT + "\n", encoding="utf-8")
    (folder / "installer.exe").write_bytes(b"MZ\x90\x00" + bytes(200))
    hostile.make_png(folder / "annexes")
    for clutter in (".DS_Store", "Thumbs.db", "desktop.ini", "~$plan.docx"):
        (folder / clutter).write_bytes(b"\x00\x01")
    result = classify_cli(folder, "--format", "jsonl", "--jobs", "1")
    assert_clean_run(result, expected_exit=1)
    rows = {Path(row["file"]).name: row for row in rows_of(result)}
    assert sorted(rows) == ["affiche.png", "installer.exe", "plan.md"]
    assert_scored_row(rows["plan.md"])
    assert_error_row(rows["installer.exe"], "unsupported_format", "installer.exe")
    assert "« .exe » non pris en charge" in rows["installer.exe"]["error"]["message"]
    assert_error_row(rows["affiche.png"], "unsupported_format", "affiche.png")
    assert "image" in rows["affiche.png"]["error"]["message"]
    assert "4 fichier(s) ou dossier(s) caché(s) ou système ignoré(s)" in result.stderr


def test_the_closing_line_of_an_output_file_counts_the_skipped_files(classify_cli, tmp_path):
    (tmp_path / "plan.md").write_text("# Plan\n\n" + hostile.FRENCH_TEXT + "\n", encoding="utf-8")
    (tmp_path / ".DS_Store").write_bytes(b"\x00")
    out = tmp_path / "sortie" / "lot.csv"
    out.parent.mkdir()
    result = classify_cli(tmp_path, "--out", out, "--jobs", "1")
    assert_clean_run(result, expected_exit=0)
    closing = result.stderr.strip().splitlines()[-1]
    assert closing.startswith("1 document(s) écrits dans"), closing
    assert closing.endswith(
        "dont 0 illisible(s) ; 1 fichier(s) ou dossier(s) caché(s) ou système ignoré(s) : .DS_Store."
    )


def test_a_doc_without_antiword_is_an_error_row_naming_what_to_install(classify_cli, monkeypatch):
    real_which = shutil.which
    monkeypatch.setattr(shutil, "which", lambda name, *args, **kw: None if name == "antiword" else real_which(name))
    result = classify_cli(FIXTURES / "sample.doc", GOOD_DOCUMENTS[0], "--format", "jsonl", "--jobs", "1")
    assert_clean_run(result, expected_exit=1)
    missing, scored = rows_of(result)
    assert_error_row(missing, "missing_dependency", "sample.doc")
    assert "apt-get install antiword" in missing["error"]["message"]
    assert_scored_row(scored)


def test_no_ocr_leaves_a_scanned_pdf_without_text(classify_cli):
    result = classify_cli(FIXTURES / "sample-scan.pdf", "--format", "jsonl", "--jobs", "1", "--no-ocr")
    assert_clean_run(result, expected_exit=1)
    [row] = rows_of(result)
    assert_error_row(row, "no_text_layer", "sample-scan.pdf")
    assert "--no-ocr" in row["error"]["message"]


def test_a_folder_of_clutter_only_is_a_usage_error_that_says_why(classify_cli, tmp_path):
    (tmp_path / ".DS_Store").write_bytes(b"\x00")
    result = classify_cli(tmp_path, "--format", "jsonl", "--jobs", "1")
    assert_clean_run(result, expected_exit=2)
    assert "aucun fichier à analyser" in result.stderr and ".DS_Store" in result.stderr


# --- ZIP archives, walked like folders --------------------------------------------------


@pytest.fixture(scope="session")
def archive_dir(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("archives")
    for make in (
        hostile.make_escaping_zip,
        hostile.make_encrypted_member_zip,
        hostile.make_ratio_bomb_zip,
        hostile.make_lying_zip,
        hostile.make_crowded_zip,
        hostile.make_nested_zip,
        hostile.make_corrupt_zip,
        hostile.make_empty_zip,
    ):
        make(folder)
    return folder


def temporary_leftovers() -> set[str]:
    return {path.name for path in Path(tempfile.gettempdir()).glob("classifier-*")}


def test_a_zipped_submission_is_walked_like_a_folder(classify_cli):
    before = temporary_leftovers()
    result = classify_cli(FIXTURES / "sample.zip", "--format", "jsonl", "--jobs", "1")
    assert_clean_run(result, expected_exit=1)  # the logo is an unsupported_format row
    rows = {row["file"].split("sample.zip!", 1)[1]: row for row in rows_of(result)}
    members = ["dossier/plan.md", "dossier/présentation.pptx", "dossier/annexes.zip!plan d'action.rtf"]
    assert list(rows) == [*members, "dossier/logo.png"]
    for member in members:  # the sample, in three formats, one of them zipped twice
        assert_scored_row(rows[member])
        assert rows[member]["doc_type"] == "digital_strategy", member
    assert_error_row(rows["dossier/logo.png"], "unsupported_format", "sample.zip!dossier/logo.png")
    assert "2 fichier(s) ou dossier(s) caché(s) ou système ignoré(s) : .DS_Store, ._plan.md" in result.stderr
    assert temporary_leftovers() == before


ARCHIVE_CASES = [
    # (archive made by hostile_inputs, extra options, {member: expected code, None when scored});
    # the member "" is the archive itself, refused whole.
    (
        "évasion.zip",
        (),
        {
            "../../évadé.md": "unsafe_path",
            "/tmp/absolu.md": "unsafe_path",
            "..\\..\\windows.md": "unsafe_path",
            "lien.md": "unsafe_path",
            "dossier/bon.md": None,
        },
    ),
    ("chiffrée.zip", (), {"secret.md": "encrypted_archive", "public.md": None}),
    ("compressée.zip", (), {"rapport.txt": "too_large"}),  # compressed a thousand times
    ("compressée.zip", ("--max-ratio", "2000"), {"rapport.txt": "corrupt_file"}),  # read: zeros are no text
    ("menteuse.zip", (), {"rapport.txt": "too_large", "plan.md": None}),  # inflates past its declared size
    ("nombreux.zip", ("--max-archive-files", "10"), {"": "too_large"}),
    ("nombreux.zip", ("--max-archive-unzipped", "0.005"), {"": "too_large"}),
    ("nombreux.zip", ("--max-archive-size", "0.005"), {"": "too_large"}),
    ("poupées.zip", (), {"niveau-2.zip!niveau-3.zip!niveau-4.zip": "too_deep"}),
    ("poupées.zip", ("--max-archive-depth", "4"), {"niveau-2.zip!niveau-3.zip!niveau-4.zip!plan.md": None}),
    ("abîmée.zip", (), {"": "corrupt_file"}),
    ("vide.zip", (), {"": "empty_document"}),
]


@pytest.mark.parametrize(
    ("archive", "options", "expected"), ARCHIVE_CASES, ids=[f"{c[0]}{' '.join(c[1])}" for c in ARCHIVE_CASES]
)
def test_a_hostile_archive_gives_one_clear_row_per_file(classify_cli, archive_dir, archive, options, expected):
    result = classify_cli(archive_dir / archive, "--format", "jsonl", "--jobs", "1", *options)
    assert_clean_run(result, expected_exit=1 if any(expected.values()) else 0)
    prefix = str(archive_dir / archive)
    rows = {row["file"].removeprefix(prefix).removeprefix("!"): row for row in rows_of(result)}
    assert list(rows) == list(expected)
    for member, code in expected.items():
        if code is None:
            assert_scored_row(rows[member])
        else:
            assert_error_row(rows[member], code, f"{archive}!{member}" if member else archive)
            assert "classifier-" not in rows[member]["error"]["message"]  # never a temporary path


def test_no_archive_member_is_ever_written_outside_a_temporary_directory(classify_cli, archive_dir, tmp_path):
    work = tmp_path / "un" / "deux"
    work.mkdir(parents=True)
    shutil.copy(archive_dir / "évasion.zip", work)
    before = temporary_leftovers()
    result = classify_cli(work / "évasion.zip", "--format", "jsonl", "--jobs", "1")
    assert_clean_run(result, expected_exit=1)
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["deux", "un", "évasion.zip"]
    assert not Path("/tmp/absolu.md").exists()
    assert temporary_leftovers() == before


def test_an_unreadable_file_inside_an_archive_is_named_as_the_analyst_sees_it(tmp_path):
    archive = tmp_path / "dossier.zip"
    hostile._write_zip(archive, {"annexes/rapport.pdf": b"%PDF-1.4\n" + bytes(3000)})
    with pytest.raises(ExtractionError) as info:
        extract_text(archive, member=("annexes/rapport.pdf",))
    assert info.value.code == "corrupt_file"
    assert info.value.message.startswith(f"{archive}!annexes/rapport.pdf : ")


# --- mixed batches, output files -------------------------------------------------------


@pytest.fixture(scope="session")
def good_rows_alone(model_snapshot) -> dict[str, dict]:
    """Each good document scored alone, in its own run."""
    from typer.testing import CliRunner

    from classifier.cli import classify_app

    directory, model, card = model_snapshot
    rows = {}
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(classifier.batch, "load_model", lambda _directory: (model, card))
        for path in GOOD_DOCUMENTS:
            result = CliRunner().invoke(classify_app, ["--model", str(directory), str(path), "-f", "jsonl", "-j", "1"])
            assert result.exit_code == 0, result.output
            [rows[str(path)]] = rows_of(result)
    return rows


def mixed_inputs(hostile_dir: Path) -> list[Path]:
    bad = ["vide.txt", "protégé.pdf", "numérisé.pdf", "bombe.docx", "binaire.docx", "notes.xyz", "tronqué.pdf"]
    good = [*GOOD_DOCUMENTS, hostile_dir / "english.txt"]
    mixed = []
    for i in range(max(len(bad), len(good))):  # interleaved, so a bad file precedes each good one
        mixed += [hostile_dir / bad[i]] if i < len(bad) else []
        mixed += [good[i]] if i < len(good) else []
    return mixed


def test_mixed_batch_keeps_every_row_and_good_scores_are_unchanged(classify_cli, hostile_dir, good_rows_alone):
    inputs = mixed_inputs(hostile_dir)
    result = classify_cli(*inputs, "--format", "jsonl", "--jobs", "1")
    assert_clean_run(result, expected_exit=1)
    rows = rows_of(result)
    assert [row["file"] for row in rows] == [str(path) for path in inputs]
    for path, row in zip(inputs, rows, strict=True):
        if str(path) in good_rows_alone:
            assert row == good_rows_alone[str(path)]  # exactly as when scored alone
    assert sum("error" in row for row in rows) == 7


def test_terminal_report_shows_error_rows_without_traceback(classify_cli, hostile_dir):
    inputs = mixed_inputs(hostile_dir)
    result = classify_cli(*inputs, "--jobs", "1")
    assert_clean_run(result, expected_exit=1)
    flat = " ".join(result.stdout.split())  # rich wraps long lines
    for code in ("empty_document", "encrypted_pdf", "no_text_layer", "too_large", "corrupt_file"):
        assert code in flat
    for path in inputs:
        assert path.name in flat


def test_only_good_documents_exit_zero(classify_cli, good_rows_alone):
    result = classify_cli(*GOOD_DOCUMENTS, "--format", "jsonl", "--jobs", "1")
    assert_clean_run(result, expected_exit=0)
    assert rows_of(result) == [good_rows_alone[str(path)] for path in GOOD_DOCUMENTS]


def leftovers(folder: Path) -> list[str]:
    """Temporary files or journals that a finished run should not leave behind."""
    return sorted(p.name for p in folder.iterdir() if p.name.endswith((".tmp", ".partial.jsonl")))


@pytest.mark.parametrize("suffix", [".csv", ".jsonl"])
def test_out_file_has_every_row_and_is_written_atomically(classify_cli, hostile_dir, tmp_path, suffix):
    inputs = mixed_inputs(hostile_dir)
    out = tmp_path / f"résultats{suffix}"
    result = classify_cli(*inputs, "--out", out, "--jobs", "1")
    assert_clean_run(result, expected_exit=1)
    assert leftovers(tmp_path) == []
    if suffix == ".csv":
        with out.open(encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.DictReader(handle, delimiter=";"))
        codes = [row["error_code"] or None for row in rows]
    else:
        rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
        codes = [row.get("error", {}).get("code") for row in rows]
    assert [row["file"] for row in rows] == [str(path) for path in inputs]
    assert codes.count(None) == 4
    assert {"empty_document", "encrypted_pdf", "no_text_layer", "too_large", "corrupt_file"} <= set(codes)
    if suffix == ".csv":  # whole numbers stay whole beside the error rows' empty cells
        assert all(row["pages"].isdigit() and row["words"].isdigit() for row in rows if not row["error_code"])


def test_an_output_that_cannot_be_written_is_refused_before_any_scoring(classify_cli, tmp_path, monkeypatch):
    scored = counting_score_file(monkeypatch)
    (tmp_path / "dossier.csv").mkdir()
    (tmp_path / "fichier").write_text("pas un dossier", encoding="utf-8")
    cases = {
        tmp_path / "dossier.csv": "est un dossier",
        tmp_path / "fichier" / "out.csv": "n'est pas un dossier",
    }
    for out, message in cases.items():
        result = classify_cli(GOOD_DOCUMENTS[0], "--out", out, "--jobs", "1")
        assert_clean_run(result, expected_exit=2)
        assert message in result.output and str(out) in result.output
    # a folder the user may not write in (root may write anywhere: the permission check is what is tested)
    real_access = os.access
    monkeypatch.setattr(os, "access", lambda path, mode: False if Path(path) == tmp_path else real_access(path, mode))
    result = classify_cli(GOOD_DOCUMENTS[0], "--out", tmp_path / "out.csv", "--jobs", "1")
    assert_clean_run(result, expected_exit=2)
    assert "pas le droit d'écrire" in result.output
    assert scored == [] and leftovers(tmp_path) == []


def test_a_failure_writing_the_output_keeps_the_journal_and_says_how_to_resume(classify_cli, tmp_path, monkeypatch):
    import classifier.runner

    def disk_full(records, path):
        list(records)
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(classifier.runner, "write_records", disk_full)
    out = tmp_path / "résultats.csv"
    result = classify_cli(*GOOD_DOCUMENTS[:2], "--out", out, "--jobs", "1")
    assert_clean_run(result, expected_exit=1)
    assert "No space left on device" in result.output and "--resume" in result.output
    journal = tmp_path / "résultats.csv.partial.jsonl"
    assert [json.loads(line)["file"] for line in journal.read_text(encoding="utf-8").splitlines()] == [
        str(path) for path in GOOD_DOCUMENTS[:2]
    ]
    assert not out.exists()


@pytest.mark.skipif(sys.platform != "linux", reason="a file name of arbitrary bytes, as Linux allows")
def test_a_file_name_that_is_not_utf8_is_scored_and_written_in_every_format(classify_cli, tmp_path):
    folder = tmp_path / "archive"
    folder.mkdir()
    name = folder / os.fsdecode(b"caf\xe9 latin1.md")  # an old archive's Latin-1 name
    shutil.copy(GOOD_DOCUMENTS[0], name)
    for suffix in (".jsonl", ".csv", ".xlsx", ".html"):
        out = tmp_path / f"résultats{suffix}"
        result = classify_cli(folder, "--out", out, "--jobs", "1")
        assert_clean_run(result, expected_exit=0)
        assert out.exists() and leftovers(tmp_path) == []
    [row] = [json.loads(line) for line in (tmp_path / "résultats.jsonl").read_text(encoding="utf-8").splitlines()]
    assert row["file"] == str(name), "the JSON keeps the exact name (escaped), so --resume finds it"
    assert "caf\ufffd latin1.md" in (tmp_path / "résultats.csv").read_text(encoding="utf-8-sig")
    resumed = classify_cli(folder, "--out", tmp_path / "résultats.jsonl", "--jobs", "1", "--resume")
    assert_clean_run(resumed, expected_exit=0)


def test_format_given_with_out_is_said_to_be_ignored(classify_cli, tmp_path):
    out = tmp_path / "résultats.csv"
    result = classify_cli(GOOD_DOCUMENTS[0], "--format", "jsonl", "--out", out, "--jobs", "1")
    assert_clean_run(result, expected_exit=0)
    assert "--format jsonl ignoré" in result.output and "résultats.csv" in result.output
    assert out.read_text(encoding="utf-8-sig").startswith("file;")


def test_a_copy_of_an_unreadable_file_is_named_in_its_own_error(classify_cli, tmp_path):
    for name in ("premier.txt", "copie.txt"):
        (tmp_path / name).write_text("   \n", encoding="utf-8")
    result = classify_cli(tmp_path / "premier.txt", tmp_path / "copie.txt", "--format", "jsonl", "--jobs", "1")
    first, copy = rows_of(result)
    assert_error_row(first, "empty_document", "premier.txt")
    assert_error_row(copy, "empty_document", "copie.txt")
    assert "premier.txt" not in copy["error"]["message"]


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_an_output_file_gets_the_usual_permissions_or_keeps_those_it_replaces(classify_cli, tmp_path):
    umask = os.umask(0o022)
    try:
        fresh = tmp_path / "nouveau.csv"
        assert_clean_run(classify_cli(GOOD_DOCUMENTS[0], "--out", fresh, "--jobs", "1"), expected_exit=0)
        assert fresh.stat().st_mode & 0o777 == 0o644, "readable by colleagues, as any new file"
        kept = tmp_path / "partagé.csv"
        kept.write_text("ancien", encoding="utf-8")
        kept.chmod(0o640)
        assert_clean_run(classify_cli(GOOD_DOCUMENTS[0], "--out", kept, "--jobs", "1"), expected_exit=0)
        assert kept.stat().st_mode & 0o777 == 0o640
    finally:
        os.umask(umask)


# --- interruption and --resume ---------------------------------------------------------


def counting_score_file(monkeypatch, interrupt_after: int | None = None) -> list[str]:
    """Patch the scoring of one file to record its calls, and to raise Ctrl-C after `interrupt_after` calls."""
    calls: list[str] = []
    real = classifier.scoring.score_file  # the original, even when batch's is already patched

    def score_file(path, *args, **kwargs):
        if interrupt_after is not None and len(calls) >= interrupt_after:
            raise KeyboardInterrupt
        calls.append(Path(path).name)
        return real(path, *args, **kwargs)

    monkeypatch.setattr(classifier.batch, "score_file", score_file)
    return calls


def test_interrupted_batch_keeps_old_output_and_resume_completes(classify_cli, hostile_dir, tmp_path, monkeypatch):
    inputs = mixed_inputs(hostile_dir)
    out = tmp_path / "lot.jsonl"
    previous = '{"file": "ancien.md", "error": {"code": "empty_document", "message": "ancien.md : vide"}}\n'
    out.write_text(previous, encoding="utf-8")

    counting_score_file(monkeypatch, interrupt_after=5)
    result = classify_cli(*inputs, "--out", out, "--jobs", "1", "--quiet")
    assert result.exit_code == 130, result.output
    assert "Traceback" not in result.output and "--resume" in result.stderr
    assert out.read_text(encoding="utf-8") == previous  # the earlier output is untouched
    journal = tmp_path / "lot.jsonl.partial.jsonl"
    journaled = [json.loads(line)["file"] for line in journal.read_text(encoding="utf-8").splitlines()]
    assert journaled == [str(path) for path in inputs[:5]]
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []

    calls = counting_score_file(monkeypatch)
    result = classify_cli(*inputs, "--out", out, "--jobs", "1", "--quiet", "--resume")
    assert_clean_run(result, expected_exit=1)
    assert calls == [path.name for path in inputs[5:]]  # the done ones are not scored again
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [row["file"] for row in rows] == [str(path) for path in inputs]
    assert leftovers(tmp_path) == []


def test_resume_survives_a_journal_cut_mid_line(classify_cli, hostile_dir, tmp_path, monkeypatch):
    """A run killed outright (kill -9) can leave half a line at the end of its journal."""
    inputs = mixed_inputs(hostile_dir)
    out = tmp_path / "lot.jsonl"
    counting_score_file(monkeypatch, interrupt_after=4)
    assert classify_cli(*inputs, "--out", out, "--jobs", "1", "--quiet").exit_code == 130
    journal = tmp_path / "lot.jsonl.partial.jsonl"
    text = journal.read_text(encoding="utf-8")
    journal.write_text(text[: text.rstrip("\n").rfind("\n") + 40], encoding="utf-8")  # last record cut

    calls = counting_score_file(monkeypatch)
    result = classify_cli(*inputs, "--out", out, "--jobs", "1", "--quiet", "--resume")
    assert_clean_run(result, expected_exit=1)
    assert calls == [path.name for path in inputs[3:]]  # only the cut record is scored again
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [row["file"] for row in rows] == [str(path) for path in inputs]


def test_sigterm_stops_a_real_run_cleanly_and_resume_finishes_it(classify_cli, model_snapshot, tmp_path, monkeypatch):
    folder = tmp_path / "docs"
    inputs = hostile.make_batch(folder, count=60, corrupt_index=3)
    out = tmp_path / "lot.csv"
    out.write_text("ancien contenu\n", encoding="utf-8")
    journal = tmp_path / "lot.csv.partial.jsonl"
    command = [str(Path(sys.executable).with_name("classify")), "--model", str(model_snapshot[0])]
    process = subprocess.Popen(
        [*command, *map(str, inputs), "--out", str(out), "--jobs", "1", "--quiet"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 90
        while not (journal.exists() and journal.read_text(encoding="utf-8").count("\n") >= 5):
            assert process.poll() is None, process.communicate()
            assert time.monotonic() < deadline, "no document scored in 90 s"
            time.sleep(0.05)
        process.send_signal(signal.SIGTERM)
        _, stderr = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 130, stderr
    assert "Traceback" not in stderr and "--resume" in stderr
    assert out.read_text(encoding="utf-8") == "ancien contenu\n"
    done = [json.loads(line)["file"] for line in journal.read_text(encoding="utf-8").splitlines()]
    assert 5 <= len(done) < len(inputs)
    assert done == [str(path) for path in inputs[: len(done)]]

    calls = counting_score_file(monkeypatch)
    result = classify_cli(*inputs, "--out", out, "--jobs", "1", "--quiet", "--resume")
    assert_clean_run(result, expected_exit=1)
    assert calls == [path.name for path in inputs[len(done) :]]
    with out.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter=";"))
    assert [row["file"] for row in rows] == [str(path) for path in inputs]
    assert [row["error_code"] for row in rows if row["error_code"]] == ["corrupt_file"]
    assert leftovers(tmp_path) == []


# --- resource limits -------------------------------------------------------------------


def test_timeout_ends_one_document_and_the_batch_continues(classify_cli, hostile_dir, tmp_path):
    # Ten times the usual long text, all of it read: far more than a second to score even on a
    # fast machine (the lookup analysis reads the 1 MB text in well under a second).
    big, small = hostile.make_big_text(tmp_path, paragraphs=20_000), GOOD_DOCUMENTS[0]
    started = time.monotonic()
    result = classify_cli(
        big, small, hostile_dir / "latin1.txt", "--format", "jsonl", "--jobs", "1", "--timeout", "1",
        "--max-chars", "20000000",
    )  # fmt: skip
    assert time.monotonic() - started < 30
    assert_clean_run(result, expected_exit=1)
    rows = rows_of(result)
    assert_error_row(rows[0], "timeout", "long.txt")
    assert_scored_row(rows[1])
    assert_scored_row(rows[2])


def test_timeout_while_reading_is_a_timeout_not_a_corrupt_file(classify_cli, hostile_dir):
    """The time limit can strike inside a parser, whose catch-all must not turn it into `corrupt_file`."""
    result = classify_cli(hostile_dir / "une-seule-ligne.txt", "-f", "jsonl", "-j", "1", "--timeout", "0.05")
    assert_clean_run(result, expected_exit=1)
    assert_error_row(rows_of(result)[0], "timeout", "une-seule-ligne.txt")


def test_time_spent_loading_spacy_is_not_charged_to_a_document(monkeypatch):
    monkeypatch.setattr(classifier.batch, "pipeline_loading", lambda: True)
    try:
        classifier.batch._on_alarm(30, signal.SIGALRM, None)  # spaCy still loading: the clock starts again
        assert signal.getitimer(signal.ITIMER_REAL)[0] > 29
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
    monkeypatch.setattr(classifier.batch, "pipeline_loading", lambda: False)
    with pytest.raises(classifier.batch._Timeout):
        classifier.batch._on_alarm(30, signal.SIGALRM, None)


LIMIT_OPTIONS = ("--max-size", "--max-unzipped", "--max-pages", "--max-chars", "--timeout")


def test_limits_are_options_documented_in_the_help(classify_cli):
    result = classify_cli("--help")
    assert result.exit_code == 0
    for option in LIMIT_OPTIONS:
        assert option in result.stdout


@pytest.mark.parametrize("option", LIMIT_OPTIONS)
def test_a_nonsensical_limit_is_a_usage_error(classify_cli, option):
    result = classify_cli(ROOT / "tests" / "fixtures" / "sample.md", option, "-1")
    assert result.exit_code == 2
    assert "Traceback" not in result.output


def test_unzipped_size_limit_is_configurable(classify_cli):
    docx = ROOT / "tests" / "fixtures" / "sample.docx"
    result = classify_cli(docx, "-f", "jsonl", "-j", "1", "--max-unzipped", "0.01")
    assert_clean_run(result, expected_exit=1)
    assert_error_row(rows_of(result)[0], "too_large", "sample.docx")


def test_page_limit_truncates_with_a_warning(classify_cli):
    result = classify_cli(ROOT / "tests" / "fixtures" / "sample.pdf", "-f", "jsonl", "-j", "1", "--max-pages", "1")
    assert_clean_run(result, expected_exit=0)
    [row] = rows_of(result)
    assert row["pages"] == 1
    assert any(w.startswith("truncated") for w in row["warnings"])


# --- a large batch ---------------------------------------------------------------------


def test_200_files_with_one_corrupt_give_200_rows(classify_cli, tmp_path):
    inputs = hostile.make_batch(tmp_path / "lot", count=200, corrupt_index=137)
    out = tmp_path / "lot.jsonl"
    result = classify_cli(tmp_path / "lot", "--out", out, "--jobs", "2", "--quiet")
    assert_clean_run(result, expected_exit=1)
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [row["file"] for row in rows] == [str(path) for path in inputs]
    errors = [row for row in rows if "error" in row]
    assert len(errors) == 1
    assert_error_row(errors[0], "corrupt_file", "doc-137.pdf")
    assert len({row["sha256"] for row in rows}) == 200  # distinct documents, none deduplicated


@pytest.mark.skipif(os.name != "posix", reason="FIFOs and symlinks as on POSIX")
def test_fifo_named_directly_is_an_error_not_a_hang(classify_cli, tmp_path):
    fifo = tmp_path / "tube.md"
    os.mkfifo(fifo)
    result = classify_cli(fifo, "--format", "jsonl", "--jobs", "1")
    assert_clean_run(result, expected_exit=1)
    assert_error_row(rows_of(result)[0], "unreadable", "tube.md")
