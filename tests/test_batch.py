"""Batch mechanics: walking, de-duplication, order, and surviving a worker that dies."""

import hashlib
import os

from classifier import batch
from classifier.batch import collect_items, score_items, walk_inputs

from .conftest import FIXTURES


def test_walk_is_sorted_recursive_keeps_every_file_and_counts_what_it_skips(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "z.md").write_text("z")
    (tmp_path / "a.txt").write_text("a")
    (tmp_path / "image.png").write_bytes(b"\x89PNG")  # unsupported, still a row
    (tmp_path / "setup.exe").write_bytes(b"MZ")
    for clutter in (".cache.md", ".DS_Store", "Thumbs.db", "desktop.ini", "~$plan.docx"):
        (tmp_path / clutter).write_bytes(b"x")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "config").write_text("x")
    (tmp_path / "b" / "loop").symlink_to(tmp_path, target_is_directory=True)
    skipped: list[str] = []
    found = [p.relative_to(tmp_path).as_posix() for p in walk_inputs([tmp_path], skipped)]
    assert found == ["a.txt", "image.png", "setup.exe", "b/z.md"]
    assert sorted(os.path.basename(name) for name in skipped) == sorted(
        [".git", ".cache.md", ".DS_Store", "Thumbs.db", "desktop.ini", "~$plan.docx"]
    )


def test_files_named_on_the_command_line_follow_the_same_rule(tmp_path):
    names = ["plan.md", "setup.exe", ".DS_Store", "Thumbs.db", "~$plan.docx"]
    for name in names:
        (tmp_path / name).write_bytes(b"x")
    skipped: list[str] = []
    items = collect_items([tmp_path / name for name in names], skipped)
    assert [os.path.basename(item.name) for item in items] == ["plan.md", "setup.exe"]
    assert items[1].sha256 is None  # a format never read is not hashed
    assert [os.path.basename(name) for name in skipped] == [".DS_Store", "Thumbs.db", "~$plan.docx"]


def test_a_zip_archive_gives_one_item_per_file_inside(tmp_path):
    skipped: list[str] = []
    items = collect_items([FIXTURES / "sample.zip"], skipped)
    assert [item.member for item in items] == [
        ("dossier/plan.md",),
        ("dossier/présentation.pptx",),
        ("dossier/annexes.zip", "plan d'action.rtf"),
        ("dossier/logo.png",),
    ]
    assert items[2].name == f"{FIXTURES / 'sample.zip'}!dossier/annexes.zip!plan d'action.rtf"
    assert all(item.path == FIXTURES / "sample.zip" for item in items)
    assert items[0].sha256 == hashlib.sha256((FIXTURES / "sample.md").read_bytes()).hexdigest()
    assert items[3].sha256 is None and items[3].error is None  # a logo: its row says so
    assert [os.path.basename(name) for name in skipped] == [".DS_Store", "._plan.md"]


def _crash_on_marked_files(item):
    """Stands in for `score_item` in forked workers: dies like a native crash on one file."""
    if "crash" in item.name:
        os._exit(1)
    return {"file": item.name, "error": {"code": "ok_for_test", "message": "scored"}}


def test_a_worker_that_dies_costs_only_its_own_document(tmp_path, monkeypatch):
    for i in range(6):
        (tmp_path / f"{i}-{'crash' if i == 2 else 'fine'}.txt").write_text(f"document {i}")
    monkeypatch.setattr(batch, "score_item", _crash_on_marked_files)
    records = list(score_items(collect_items([tmp_path]), jobs=2))
    codes = {os.path.basename(r["file"]): r["error"]["code"] for r in records}
    assert len(records) == 6
    assert codes.pop("2-crash.txt") == "worker_crashed"
    assert set(codes.values()) == {"ok_for_test"}


def test_records_keep_input_order_with_workers():
    items = collect_items([FIXTURES / "sample.md", FIXTURES / "sample.docx", FIXTURES / "sample.html"])
    records = list(score_items(items, jobs=2))
    assert [r["file"] for r in records] == [i.name for i in items]
    assert all(r["sha256"] == i.sha256 for r, i in zip(records, items, strict=True))
