"""The maintainer's workflow: corpus → analysed documents → model → evaluation → card.

Notebooks and the `classifier` command call these functions; no step lives only there.
"""

from __future__ import annotations

import json
import platform
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from .baselines import LexiconBaseline, TfidfBaseline
from .config import LEMMAS, MODEL, SEGMENT, ModelConfig
from .corpus import Corpus, corpus_hash, load_corpus, passages_with_labels, validate_corpus
from .labels import DIMENSIONS, DOC_TYPES
from .metrics import evaluate_predictions
from .model import DocumentClassifier
from .nlp import AnalysedPassage, analyse_passages

REPO_ROOT = Path(__file__).resolve().parents[2]
MODEL_NAME = "classifier-strategie-numerique"


class InvalidCorpus(Exception):
    """Training refuses a corpus with problems; `problems` lists each with its row."""

    def __init__(self, problems: list):
        self.problems = problems
        super().__init__(f"{len(problems)} problème(s) dans le corpus")


@dataclass
class Prepared:
    """Documents ready for the model and the baselines."""

    ids: list[str]
    texts: list[str]
    docs: list[list[AnalysedPassage]]
    Y: np.ndarray
    groups: list[str] = field(default_factory=list)
    passage_labels: list[np.ndarray | None] = field(default_factory=list)
    #: Genre family of each document (`genre_family`), for leave-one-family-out evaluation.
    families: list[str] = field(default_factory=list)


def prepare(
    corpus: Corpus, ids: list[str], use_sections: bool = True, lemmas: str = LEMMAS, vectors: bool = MODEL.use_vectors
) -> Prepared:
    """Extract, segment and analyse the given documents of a corpus (with word vectors if
    `vectors`: a model with `use_vectors` needs them)."""
    table = corpus.documents.set_index("id")
    docs, labels, texts = [], [], []
    for doc_id in ids:
        passages, passage_labels = passages_with_labels(corpus, doc_id)
        docs.append(analyse_passages(passages, lemmas=lemmas, vectors=vectors))
        labels.append(passage_labels if use_sections else None)
        texts.append(corpus.text(doc_id).text)
    groups = table.loc[ids, "organisation"].tolist() if "organisation" in table.columns else list(ids)
    families = table.loc[ids, "genre_family"].tolist() if "genre_family" in table.columns else []
    return Prepared(ids, texts, docs, corpus.labels(ids), groups, labels, families)


def load_realworld(path: str | Path, vectors: bool = MODEL.use_vectors) -> Prepared | None:
    """A real-world set (JSON lines with `id`, `text` and `dims`), or None if `path` is no file."""
    path = Path(path)
    if not path.is_file():
        return None
    from .scoring import analyse_text

    ids, texts, docs, Y = [], [], [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        record = json.loads(line)
        text, analysed = analyse_text(record["text"], vectors)
        ids.append(record["id"])
        texts.append(text)
        docs.append(analysed)
        Y.append([int(bool(record["dims"][d])) for d in DIMENSIONS])
    return Prepared(ids, texts, docs, np.array(Y))


def validated_corpus(root: str | Path) -> Corpus:
    corpus = load_corpus(root)
    problems = validate_corpus(corpus)
    if problems:
        raise InvalidCorpus(problems)
    return corpus


def fit_model(train: Prepared, config: ModelConfig = MODEL) -> DocumentClassifier:
    model = DocumentClassifier(**config.as_dict())
    return model.fit(train.docs, train.Y, groups=train.groups or None, passage_labels=train.passage_labels or None)


def evaluate_model(
    model: DocumentClassifier,
    train: Prepared,
    sets: dict[str, Prepared],
    predictions: dict[str, np.ndarray] | None = None,
) -> dict[str, dict]:
    """The model and both baselines (fitted on `train` in this same run) on each evaluation set.

    `predictions`: the model's 0/1 coverage per set when the caller has already scored them.
    """
    lexicon = LexiconBaseline().fit(train.texts, train.Y)
    tfidf = TfidfBaseline().fit(train.texts, train.Y)
    results = {}
    for name, data in sets.items():
        predicted = predictions[name] if predictions is not None else model.predict(data.docs)
        results[name] = {
            "model": evaluate_predictions(data.Y, predicted),
            "lexicon_baseline": evaluate_predictions(data.Y, lexicon.predict(data.texts)),
            "tfidf_baseline": evaluate_predictions(data.Y, tfidf.predict(data.texts)),
        }
    return results


def settings(config: ModelConfig = MODEL) -> dict:
    """Every setting a trained model depends on, as the card records them."""
    return {**config.as_dict(), "lemmas": LEMMAS, "segment": SEGMENT.__dict__}


def make_card(
    model: DocumentClassifier,
    corpus: Corpus,
    results: dict,
    config: ModelConfig = MODEL,
    use_sections: bool = True,
    source: str = "classifier train",
) -> dict:
    """Everything a reader needs to trust or question the model (the sha256 is added on save).

    `use_sections` says whether section labels were used (False for `--document-labels-only`);
    `source` names what trained it (the command or the notebook), for the card's provenance.
    """
    docs = corpus.documents
    return {
        "name": MODEL_NAME,
        "version": datetime.now(UTC).strftime("%Y.%m.%d"),
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "labels": {"dimensions": DIMENSIONS, "doc_types": DOC_TYPES},
        "thresholds": {dim: float(t) for dim, t in model.thresholds_.items()},
        "gate_threshold": model.gate_threshold_,
        "hyperparameters": settings(config),
        "training_data": {
            "hash": corpus_hash(corpus.root),
            "documents": len(docs),
            "train": int((docs["split"] == "train").sum()),
            "test": int((docs["split"] == "test").sum()),
            "doc_types": docs["doc_type"].value_counts().to_dict(),
            "doc_types_by_split": {
                split: group["doc_type"].value_counts().to_dict() for split, group in docs.groupby("split")
            },
            "dimensions": {dim: int((docs[dim] == "1").sum()) for dim in DIMENSIONS},
            "section_labels": corpus.sections is not None and use_sections,
        },
        "provenance": {
            "source": source,
            "corpus": _display_path(corpus.root),
            "evaluation_sets": list(results),
            "python": platform.python_version(),
            "platform": platform.platform(terse=True),
        },
        "metrics": results,
        "limitations": [
            "Français seulement / French only: other languages are scored but flagged.",
            "Vocabulaire du secteur culturel (Québec, France, Belgique, Suisse) / cultural-sector vocabulary.",
            "Corpus d'entraînement rédigé pour le projet (documents fictifs) / training corpus written for the project.",
            "PDF numérisés lus par OCR (Tesseract) s'il est installé, texte à vérifier / scanned PDFs read by OCR when installed.",
        ],
    }


def _display_path(path: Path) -> str:
    """The corpus path relative to the repository when it is inside it (no user's home in the card)."""
    path = Path(path).resolve()
    return str(path.relative_to(REPO_ROOT)) if path.is_relative_to(REPO_ROOT) else str(path)


def evaluation_sets(corpus: Corpus, dev: str | Path | None = None) -> dict[str, Prepared]:
    """The corpus test split and, when `dev` names a file, the real-world development set."""
    sets = {"test": prepare(corpus, corpus.ids("test"))}
    real = load_realworld(dev) if dev else None
    if real is not None:
        sets["dev"] = real
    return sets


def train_and_evaluate(
    root: str | Path,
    config: ModelConfig = MODEL,
    use_sections: bool = True,
    dev: str | Path | None = None,
    cross_validate: Callable[[Prepared, ModelConfig], dict] | None = None,
) -> tuple[DocumentClassifier, dict]:
    """Validate, train on the train split, evaluate on the test split (and the real-world set
    `dev`, a JSON-lines file, when given): (model, card).

    `cross_validate` (e.g. `crossval.cross_validation_report`), when given, also measures the
    training split by cross-validation; its report goes into the card.
    """
    corpus = validated_corpus(root)
    train = prepare(corpus, corpus.ids("train"), use_sections)
    model = fit_model(train, config)
    results = evaluate_model(model, train, evaluation_sets(corpus, dev))
    card = make_card(model, corpus, results, config, use_sections=use_sections)
    if cross_validate is not None:
        card["cross_validation"] = cross_validate(train, config)
    return model, card


def evaluate_saved(model: DocumentClassifier, root: str | Path, dev: str | Path | None = None) -> dict:
    """Evaluate an already trained model; the baselines are refitted on the train split in this run."""
    corpus = validated_corpus(root)
    train = prepare(corpus, corpus.ids("train"))
    return evaluate_model(model, train, evaluation_sets(corpus, dev))
