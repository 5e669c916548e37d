"""Shared fixtures: the real default model and spaCy pipeline, loaded once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SHARED = ROOT.parent / "shared"
SEED = SHARED / "seed" / "000_6392e132f91ee899.txt"
REALWORLD_DEV = SHARED / "realworld" / "dev.jsonl"


def add_real_pages(corpus: Path, pick) -> int:
    """Copy some of the shipped real pages into `corpus/realpages/`, laid out as the shipped folder
    (`labelled/documents.csv`, `raw/`); `pick` takes their table and returns the rows wanted.
    Returns how many were copied."""
    import shutil

    from classifier.corpus import read_table

    source = ROOT / "data" / "realpages"
    pages = pick(read_table(source / "labelled" / "documents.csv"))
    (corpus / "realpages" / "labelled").mkdir(parents=True)
    (corpus / "realpages" / "raw").mkdir()
    pages.to_csv(corpus / "realpages" / "labelled" / "documents.csv", index=False)
    for name in pages["path"]:
        shutil.copy(source / "raw" / name, corpus / "realpages" / "raw" / name)
    return len(pages)


def require(available: bool, what: str, how: str) -> None:
    """Skip a test whose outside resource is missing, saying how to run it; in CI (CI=true) fail instead.

    A fresh clone has no `../shared/` beside it and maybe no browser (SPEC §8); CI has both,
    so there a missing resource is a broken set-up, not a reason to skip.
    """
    import os

    if available:
        return
    message = f"{what} is missing: {how}"
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


def require_tool(command: str, packages: str) -> None:
    """Skip (fail in CI) a test of a reader that runs an optional program, e.g. antiword."""
    import shutil

    require(shutil.which(command) is not None, f"the {command} command", f"apt-get install {packages}")


def require_shared(path: Path) -> None:
    require(path.exists(), str(path), "clone the project's shared/ folder beside the repository to run this test")


@pytest.fixture(scope="session")
def default_model():
    """(model, card) of the committed default model, checked against its card."""
    from classifier.persist import load_model

    return load_model()


# --- the `classify` command in-process, on a snapshot of the model (tests/test_hostile.py) ---


@pytest.fixture(scope="session")
def model_snapshot(tmp_path_factory):
    """(directory, model, card): a checked copy of the packaged model, loaded once, with spaCy warmed up.

    The copy keeps a retraining in progress (which rewrites src/classifier/models/default) from changing the
    model under a running session; a copy caught half-written is retried for a while.
    """
    import shutil
    import time

    from classifier.nlp import load_nlp
    from classifier.persist import CARD_FILE, DEFAULT_MODEL_DIR, MODEL_FILE, ModelError, load_model

    directory = tmp_path_factory.mktemp("model")
    deadline = time.monotonic() + 180
    while True:
        for name in (MODEL_FILE, CARD_FILE):
            shutil.copy2(DEFAULT_MODEL_DIR / name, directory / name)
        try:
            model, card = load_model(directory)
            break
        except ModelError:
            if time.monotonic() > deadline:
                raise
            time.sleep(5)
    load_nlp()
    return directory, model, card


@pytest.fixture
def classify_cli(model_snapshot, monkeypatch):
    """Run `classify ARGS...` in-process with CliRunner on the model snapshot; returns the click Result.

    Workers get the session's already-loaded model instead of unpickling it again.
    """
    from typer.testing import CliRunner

    import classifier.batch
    from classifier.cli import classify_app

    directory, model, card = model_snapshot
    monkeypatch.setattr(classifier.batch, "load_model", lambda _directory: (model, card))

    def run(*args):
        return CliRunner().invoke(classify_app, ["--model", str(directory), *map(str, args)])

    return run
