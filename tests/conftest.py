"""Shared fixtures: the real default model and spaCy pipeline, loaded once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SEED = ROOT.parent / "shared" / "seed" / "000_6392e132f91ee899.txt"


@pytest.fixture(scope="session")
def default_model():
    """(model, card) of the committed default model, checked against its card."""
    from classifier.persist import load_model

    return load_model()


# --- the `classify` command in-process, on a snapshot of the model (tests/test_hostile.py) ---


@pytest.fixture(scope="session")
def model_snapshot(tmp_path_factory):
    """(directory, model, card): a checked copy of models/default, loaded once, with spaCy warmed up.

    The copy keeps a retraining in progress (which rewrites models/default) from changing the
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
