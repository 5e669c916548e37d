import json
import shutil
from pathlib import Path

import pytest

from classifier.corpus import corpus_hash
from classifier.persist import (
    DEFAULT_MODEL_DIR,
    PINNED,
    ModelError,
    check_model,
    library_versions,
    load_model,
    read_card,
    source_checkout_model_dir,
)

from .conftest import ROOT


def test_committed_model_is_not_stale_with_respect_to_the_corpus():
    """Retrain (`make train`) whenever data/labelled or data/raw changes."""
    card = read_card(DEFAULT_MODEL_DIR)
    parts = ("realpages",) if card["training_data"].get("real_pages") else ()
    assert card["training_data"]["hash"] == corpus_hash(ROOT / "data", parts), (
        "the packaged model (src/classifier/models/default) is stale: run `make train`"
    )


def test_committed_model_loads_and_its_card_is_complete(default_model):
    model, card = default_model
    for key in ("labels", "thresholds", "metrics", "versions", "training_data", "sha256", "hyperparameters"):
        assert key in card
    assert set(card["thresholds"]) == set(model.thresholds_)


@pytest.fixture
def model_copy(tmp_path):
    target = tmp_path / "model"
    shutil.copytree(DEFAULT_MODEL_DIR, target)
    return target


def test_a_swapped_model_file_is_refused_before_unpickling(model_copy):
    (model_copy / "model.joblib").write_bytes(b"cos\nsystem\n(S'echo pwned'\ntR.")
    with pytest.raises(ModelError, match="sha256"):
        load_model(model_copy)


def test_other_library_versions_are_refused_with_the_versions_named(model_copy):
    card_path = model_copy / "model.card.json"
    card = json.loads(card_path.read_text())
    card["versions"]["scikit-learn"] = "0.0.1"
    card_path.write_text(json.dumps(card))
    with pytest.raises(ModelError, match=r"scikit-learn 0\.0\.1"):
        check_model(model_copy)


def test_missing_card_is_explained(tmp_path):
    with pytest.raises(ModelError, match="introuvable"):
        check_model(tmp_path)


def test_versions_cover_what_the_pickle_depends_on():
    assert set(PINNED) <= set(library_versions())


def test_a_model_from_an_older_version_of_the_classifier_asks_for_retraining(model_copy):
    """It would load, then fail on every document: refused at load time, with the fix named."""
    import hashlib

    import joblib

    model = joblib.load(model_copy / "model.joblib")
    del model.word_models_  # what a model saved before the raw-word view lacks
    joblib.dump(model, model_copy / "model.joblib")
    card_path = model_copy / "model.card.json"
    card = json.loads(card_path.read_text())
    card["sha256"] = hashlib.sha256((model_copy / "model.joblib").read_bytes()).hexdigest()
    card_path.write_text(json.dumps(card))
    with pytest.raises(ModelError, match=r"word_models_.*make train"):
        load_model(model_copy)


def test_a_model_saved_before_a_later_setting_loads_scoring_as_it_did(model_copy):
    """A setting added since (the job-posting cue) takes the value under which it was trained."""
    import hashlib

    import joblib

    model = joblib.load(model_copy / "model.joblib")
    del model.use_job_posting_cue
    joblib.dump(model, model_copy / "model.joblib")
    card_path = model_copy / "model.card.json"
    card = json.loads(card_path.read_text())
    card["sha256"] = hashlib.sha256((model_copy / "model.joblib").read_bytes()).hexdigest()
    card_path.write_text(json.dumps(card))
    loaded, _ = load_model(model_copy)
    assert loaded.get_params()["use_job_posting_cue"] is False


def test_the_default_model_is_package_data():
    """`pip install .` copies package data only: the model must live inside the package."""
    import classifier

    package = Path(classifier.__file__).resolve().parent
    assert DEFAULT_MODEL_DIR.resolve().is_relative_to(package)
    assert (DEFAULT_MODEL_DIR / "model.joblib").is_file() and (DEFAULT_MODEL_DIR / "model.card.json").is_file()


def test_training_writes_the_packaged_model_only_in_a_source_checkout(monkeypatch, tmp_path):
    from typer.testing import CliRunner

    import classifier.persist
    from classifier.cli import maintainer_app

    assert source_checkout_model_dir() == DEFAULT_MODEL_DIR  # this repository
    monkeypatch.delenv("CLASSIFIER_MODEL", raising=False)
    monkeypatch.setattr(classifier.persist, "source_checkout_model_dir", lambda: None)  # as installed from a wheel
    result = CliRunner().invoke(maintainer_app, ["train", "--corpus", str(tmp_path)])
    assert result.exit_code == 2  # refused before any training
    assert "--out" in result.output
