"""The model card: what `make_card` records and how `render_card` shows it, in French and English."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import numpy as np

from classifier import training
from classifier.card import NOT_RECORDED, comparison_table, render_card
from classifier.corpus import load_corpus
from classifier.labels import DIMENSIONS, DOC_TYPES
from classifier.metrics import checklist_metrics, commitment_metrics, evaluate_predictions
from classifier.persist import read_card

ROOT = Path(__file__).resolve().parents[1]
SECTIONS = [
    "## Étiquettes / labels",
    "## Données d'entraînement / training data",
    "## Mesures / metrics",
    "### Détail du modèle / model detail",
    "### Validation croisée du split d'entraînement / cross-validation of the training split",
    "### Grille de l'analyste / analyst's checklist (SPEC §2b)",
    "## Hyper-paramètres / hyper-parameters",
    "## Limites / limitations",
    "## Empreintes / hashes",
    "## Provenance",
    "## Versions",
]


def _card(use_sections: bool = True) -> dict:
    Y = np.array([[1, 0, 0], [0, 1, 1], [0, 0, 0], [1, 1, 0]])
    metrics = evaluate_predictions(Y, Y[::-1])
    results = {"test": {"model": metrics, "lexicon_baseline": metrics, "tfidf_baseline": metrics}}
    model = SimpleNamespace(
        thresholds_={"marketing": 0.4, "technology": 0.35, "reorganisation": 0.5}, gate_threshold_=None
    )
    return training.make_card(model, load_corpus(ROOT / "data"), results, use_sections=use_sections, source="test")


def test_make_card_records_training_data_and_provenance():
    card = _card(use_sections=False)
    data = card["training_data"]
    assert data["documents"] == data["train"] + data["test"]
    assert data["section_labels"] is False, "sections.csv exists but was not used"
    assert {split: sum(counts.values()) for split, counts in data["doc_types_by_split"].items()} == {
        "train": data["train"],
        "test": data["test"],
    }
    assert set(data["dimensions"]) == set(DIMENSIONS)
    assert card["provenance"]["source"] == "test"
    assert card["provenance"]["corpus"] == "data", "paths inside the repository are recorded relative to it"
    assert card["provenance"]["evaluation_sets"] == ["test"]
    assert _card()["training_data"]["section_labels"] is True


def _cross_validation() -> dict:
    metrics = _card()["metrics"]["test"]
    review = [{"margin": 0.1, "flagged_share": 0.2, "accuracy_flagged": 0.6, "accuracy_rest": 0.97}]
    return {
        "metrics": {"grouped_cv": metrics, "family_cv": metrics},
        "per_family": {"news": {"n": 12, "macro_f1": 0.9, "doc_type_accuracy": 0.833}},
        "review": {"grouped_cv": review},
    }


def _checklist() -> dict:
    """A checklist evaluation as `training.evaluate_checklist` records it."""
    statuses = np.array([[2] * 7 + [0] * 7, [1] * 14, [0] * 14])
    criteria = checklist_metrics(statuses, statuses[[0, 0, 2]])
    commitments = commitment_metrics(np.array([[1, 0, 1, 0]]), np.array([[1, 1, 1, 0]]))
    return {
        "status_threshold": 0.7,
        "sections": {"model": criteria, "keyword_baseline": criteria},
        "documents": {"model": criteria, "keyword_baseline": criteria},
        "commitments": {"model": commitments, "keyword_baseline": commitments},
        "commitments_documents": {"model": commitments, "keyword_baseline": commitments},
        "claimed_type": {"n": 44, "claiming": 16, "accuracy_claiming": 0.625, "accuracy": 0.841},
    }


def test_rendered_card_has_every_section_in_both_languages():
    card = {
        **_card(),
        "sha256": "ab" * 32,
        "versions": {"scikit-learn": "1.9.1", "spacy": "3.8.0"},
        "cross_validation": _cross_validation(),
        "checklist": _checklist(),
    }
    text = render_card(card, "models/candidate", "vérifié / verified")
    positions = [text.index(heading) for heading in SECTIONS]
    assert positions == sorted(positions)
    for dim in DIMENSIONS:
        assert f"| test | {dim} |" in text
    for doc_type in DOC_TYPES:
        assert f"| {doc_type} |" in text
    assert "marketing 0.40, technology 0.35, reorganisation 0.50" in text
    assert "lexicon-counting baseline" in text and "| lexiques (comptage) |" in text
    assert "Entraîné par / trained with : test" in text
    assert "sha256 (model.joblib) : " + "ab" * 32 in text
    assert "- scikit-learn 1.9.1" in text
    assert "French only" in text and "Français seulement" in text
    assert "| CV sans la famille de genre (n=4) | modèle |" in text
    assert "| news | 12 | 0.900 | 0.833 |" in text
    assert "| 0.10 | 20.0% | 0.600 | 0.970 |" in text
    assert (
        "| sections (n=3) | mots-clés (comptage) |" in text
        and "| sections (n=1) | modèle | 1.000 | 0.000 | 1.000 | 0.000 | 0.800 |" in text
        and "| documents × dimension (n=1) | mots-clés (comptage) | 1.000 | 0.000 | 1.000 | 0.000 | 0.800 |" in text
    )
    assert "0.625 sur les 16 documents qui en revendiquent un" in text
    assert NOT_RECORDED not in text


def test_an_older_card_still_renders_saying_what_was_not_recorded():
    card = {"name": "ancien", "version": "0.1", "labels": {"dimensions": DIMENSIONS, "doc_types": DOC_TYPES}}
    text = render_card(card, "models/old", "?")
    assert all(heading in text for heading in SECTIONS)
    assert text.count(NOT_RECORDED) >= 5


def test_the_committed_card_renders_completely():
    text = render_card(read_card(), "models/default", "vérifié")
    assert all(heading in text for heading in SECTIONS)
    assert "| test (n=" in text and "| modèle |" in text


def test_measures_carry_bootstrap_intervals_that_widen_on_fewer_documents():
    rng = np.random.default_rng(3)
    truth = rng.integers(0, 2, size=(400, 3))
    predicted = truth.copy()
    predicted[rng.random(truth.shape) < 0.1] ^= 1
    many, few = evaluate_predictions(truth, predicted), evaluate_predictions(truth[:24], predicted[:24])
    for m in (many, few):
        for key in ("macro_f1", "doc_type_accuracy"):
            low, high = m["intervals"][key]
            assert low <= m[key] <= high, (key, m[key], low, high)
    width = {name: np.diff(m["intervals"]["macro_f1"])[0] for name, m in (("many", many), ("few", few))}
    assert width["few"] > 2 * width["many"] > 0
    assert evaluate_predictions(truth, predicted)["intervals"] == many["intervals"], "a fixed seed: same interval"


def test_the_comparison_table_shows_intervals_and_says_what_they_are():
    Y = np.array([[1, 0, 0], [0, 1, 1], [0, 0, 0], [1, 1, 0]] * 6)
    metrics = evaluate_predictions(Y, np.vstack([Y[:-1], [[0, 0, 0]]]))
    low, high = metrics["intervals"]["macro_f1"]
    text = comparison_table({"dev": {"model": metrics}})
    assert f"| {metrics['macro_f1']:.3f} [{low:.3f}–{high:.3f}] |" in text
    assert "bootstrap" in text
    del metrics["intervals"]  # a card saved before intervals were recorded
    assert "bootstrap" not in comparison_table({"dev": {"model": metrics}})
