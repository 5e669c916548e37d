"""The maintainer's workflow: corpus → analysed documents → model → evaluation → card.

Notebooks and the `classifier` command call these functions; no step lives only there.
"""

from __future__ import annotations

import json
import platform
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from itertools import groupby
from pathlib import Path

import numpy as np

from .baselines import ChecklistKeywords, LexiconBaseline, TfidfBaseline
from .checklist import (
    SCORE_COLUMNS,
    Checklist,
    claimed_type,
    document_checklist,
    ranks,
    section_scores,
    title_and_opening,
)
from .config import LEMMAS, MODEL, SEGMENT, ModelConfig
from .corpus import (
    Corpus,
    CorpusError,
    corpus_hash,
    load_corpus,
    passages_with_labels,
    section_of_passages,
    validate_corpus,
)
from .labels import (
    COMMITMENTS,
    CRITERIA,
    CRITERION_KEYS,
    DIMENSION_OF,
    DIMENSIONS,
    DOC_TYPES,
    STATUSES,
    WEIGHED_ORIGINS,
)
from .metrics import checklist_metrics, commitment_metrics, evaluate_predictions
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
    #: Origin of each document (`origin`, a key of `labels.ORIGINS`), which weighs it in training.
    origins: list[str] = field(default_factory=list)

    def sample_weights(self, retold_weight: float) -> np.ndarray | None:
        """Each document's training weight: `retold_weight` for a re-told page or a real
        document, 1 for a written one; None (all equal) unless both kinds are present."""
        real = np.array([origin in WEIGHED_ORIGINS for origin in self.origins], dtype=bool)
        if not self.origins or real.all() or not real.any():
            return None
        return np.where(real, retold_weight, 1.0)


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
    origins = [o or "written" for o in table.loc[ids, "origin"]] if "origin" in table.columns else []
    return Prepared(ids, texts, docs, corpus.labels(ids), groups, labels, families, origins)


@dataclass
class ChecklistExamples:
    """The annotated sections (`criteria.csv`) of some documents, ready for `checklist.Checklist`:
    per section its text, content lemmas, status ranks per criterion (0 absent, 1 mentioned,
    2 covered) and commitments (0/1, whatever the dimension). A section whose heading has no
    text of its own (a table printed under the previous heading) keeps its row, with no text."""

    doc_ids: list[str]
    positions: list[int]
    texts: list[str]
    contents: list[str]
    #: Max and mean passage scores per dimension in the section and in its document
    #: (`checklist.section_scores`), set by `with_scores`.
    scores: np.ndarray
    statuses: np.ndarray
    commitments: np.ndarray
    #: Which passages of its document each section holds.
    passages: list[list[int]] = field(default_factory=list)

    def subset(self, mask: np.ndarray) -> ChecklistExamples:
        pick = np.flatnonzero(mask)
        return ChecklistExamples(
            [self.doc_ids[i] for i in pick],
            [self.positions[i] for i in pick],
            [self.texts[i] for i in pick],
            [self.contents[i] for i in pick],
            self.scores[pick],
            self.statuses[pick],
            self.commitments[pick],
            [self.passages[i] for i in pick],
        )

    def with_scores(self, passage_scores: dict[str, np.ndarray]) -> ChecklistExamples:
        """Set each section's dimension scores from its document's (n_passages, 3) passage scores,
        a document's whole-document scores computed once for its run of sections."""
        rows = [np.zeros((0, SCORE_COLUMNS))]
        for doc_id, sections in groupby(zip(self.doc_ids, self.passages, strict=True), key=lambda row: row[0]):
            rows.append(section_scores(passage_scores[doc_id], [passages for _, passages in sections]))
        self.scores = np.vstack(rows)
        return self


def checklist_examples(corpus: Corpus, prepared: Prepared) -> ChecklistExamples:
    """The annotated sections of the prepared documents that `criteria.csv` covers."""
    rank = {"": 0, "mentioned": 1, "covered": 2}
    out = ChecklistExamples(
        [],
        [],
        [],
        [],
        np.zeros((0, SCORE_COLUMNS)),
        np.zeros((0, len(CRITERION_KEYS))),
        np.zeros((0, len(COMMITMENTS))),
    )
    if corpus.criteria is None:
        return out
    committed = corpus.commitments.groupby(["doc_id", "position"])[list(COMMITMENTS)].max()
    statuses, commitments = [], []
    for doc_id, doc in zip(prepared.ids, prepared.docs, strict=True):
        rows = corpus.criteria[corpus.criteria["doc_id"] == doc_id]
        if rows.empty:
            continue
        index = section_of_passages([p.passage for p in doc], rows["heading"].tolist())
        for k, record in enumerate(rows.to_dict("records")):
            passages = [i for i, s in enumerate(index) if s == k]
            out.doc_ids.append(doc_id)
            out.positions.append(int(record["position"]))
            out.texts.append("\n".join(doc[i].passage.text for i in passages))
            out.contents.append(" ".join(doc[i].content for i in passages))
            out.passages.append(passages)
            statuses.append([rank[record[c]] for c in CRITERION_KEYS])
            key = (doc_id, record["position"])
            commitments.append(committed.loc[key].astype(int).tolist() if key in committed.index else [0] * 4)
    out.statuses = np.array(statuses, dtype=int).reshape(-1, len(CRITERION_KEYS))
    out.commitments = np.array(commitments, dtype=int).reshape(-1, len(COMMITMENTS))
    out.scores = np.zeros((len(out.texts), SCORE_COLUMNS))
    return out


def evaluate_checklist(model: DocumentClassifier, corpus: Corpus, train: Prepared, test: Prepared) -> dict | None:
    """The checklist (SPEC §2b) on the annotated sections of `test`'s documents, beside the keyword
    baseline fitted on `train`'s in this run: criteria per section and per document (as the
    record shows them, after the coverage decision), commitments per section (in documents that
    cover a dimension: only there were they annotated) and per document and dimension (those the
    annotators or the record cover), and the claimed type per document."""
    checklist = getattr(model, "checklist_", None)
    examples = checklist_examples(corpus, test)
    if checklist is None or not examples.texts:
        return None
    fitted = checklist_examples(corpus, train)
    keep = np.array([bool(t) for t in fitted.texts])
    keywords = ChecklistKeywords().fit([t for t in fitted.texts if t], fitted.statuses[keep], fitted.commitments[keep])
    annotated = set(examples.doc_ids)
    docs = {i: d for i, d in zip(test.ids, test.docs, strict=True) if i in annotated}
    scored = {i: model.score_document_gated(d) for i, d in docs.items()}
    examples.with_scores({i: s[0] for i, s in scored.items()})
    present, covered, committed = checklist.predict_sections(examples.texts, examples.contents, examples.scores)
    has_text = np.array([bool(t) for t in examples.texts])[:, None]
    shown_sections = ranks(present, covered, checklist.threshold_) * has_text
    committed = (committed >= 0.5) * has_text
    keyword_ranks, keyword_committed = keywords.predict(examples.texts)
    order = sorted(annotated)
    labels = dict(zip(order, corpus.labels(order).astype(bool), strict=True))
    covering = np.array([labels[i].any() for i in examples.doc_ids])
    section_doc_ids = np.array(examples.doc_ids)
    rows_of = {i: section_doc_ids == i for i in order}

    truth = {i: examples.statuses[rows_of[i]].max(axis=0) for i in order}
    annotated_commitments = _document_commitments(corpus, order)
    keyword_docs = {i: keyword_ranks[rows_of[i]].max(axis=0) for i in order}
    shown, promised, keyword_promised, kept = {}, [], [], []
    thresholds = model.threshold_vector()
    for i in order:
        passage_scores, coverage, _ = scored[i]
        decided = dict(zip(DIMENSIONS, np.round(coverage, 3) >= thresholds, strict=True))
        criteria, commitments = document_checklist(checklist, docs[i], passage_scores, decided)
        shown[i] = [STATUSES.index(criteria[DIMENSION_OF[k]][k]["status"]) for k in CRITERION_KEYS]
        rows = rows_of[i]
        for j, dim in enumerate(DIMENSIONS):
            if not (labels[i][j] or decided[dim]):
                continue  # neither annotated nor shown: nothing to compare
            kept.append(annotated_commitments.get((i, dim), [0] * len(COMMITMENTS)))
            promised.append([int(commitments.get(dim, {}).get(k, {}).get("found", False)) for k in COMMITMENTS])
            # the keyword count's commitments go to the dimensions whose criteria their section hits
            treats = keyword_ranks[rows][:, [CRITERION_KEYS.index(k) for k in CRITERIA[dim]]].max(axis=1) >= 1
            found = keyword_committed[rows][treats].max(axis=0).tolist() if treats.any() else [0] * len(COMMITMENTS)
            keyword_promised.append(found)
    return {
        "status_threshold": checklist.threshold_,
        "sections": {
            "model": checklist_metrics(examples.statuses, shown_sections),
            "keyword_baseline": checklist_metrics(examples.statuses, keyword_ranks),
        },
        "documents": {
            "model": checklist_metrics(np.array([truth[i] for i in order]), np.array([shown[i] for i in order])),
            "keyword_baseline": checklist_metrics(
                np.array([truth[i] for i in order]), np.array([keyword_docs[i] for i in order])
            ),
        },
        "commitments": {
            "model": commitment_metrics(examples.commitments[covering], committed[covering]),
            "keyword_baseline": commitment_metrics(examples.commitments[covering], keyword_committed[covering]),
        },
        "commitments_documents": {
            "model": commitment_metrics(np.array(kept), np.array(promised)),
            "keyword_baseline": commitment_metrics(np.array(kept), np.array(keyword_promised)),
        },
        "claimed_type": claimed_type_accuracy(corpus, test),
    }


def _document_commitments(corpus: Corpus, ids: Sequence[str]) -> dict[tuple[str, str], list[int]]:
    """(document, dimension) → 0/1 per commitment kind: found in any of its annotated sections."""
    rows = corpus.commitments[corpus.commitments["doc_id"].isin(set(ids))]
    found = rows[list(COMMITMENTS)].astype(int).groupby([rows["doc_id"], rows["dimension"]]).max()
    return {key: values.tolist() for key, values in zip(found.index, found.to_numpy(), strict=True)}


def claimed_type_accuracy(corpus: Corpus, data: Prepared) -> dict:
    """The claimed type read from the title block against `claims.csv`, on the documents of `data`
    it annotates: accuracy on those whose title claims a type, and on all of them."""
    gold = corpus.claims.set_index("doc_id")["claimed_type"]
    texts = {i: t for i, t in zip(data.ids, data.texts, strict=True) if i in gold.index}
    found = {i: claimed_type(*title_and_opening(t))[0] or "" for i, t in texts.items()}
    claiming = [i for i in texts if gold[i]]
    return {
        "n": len(texts),
        "claiming": len(claiming),
        "accuracy_claiming": round(float(np.mean([found[i] == gold[i] for i in claiming])), 3) if claiming else None,
        "accuracy": round(float(np.mean([found[i] == gold[i] for i in texts])), 3) if texts else None,
    }


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


def fit_model(
    train: Prepared, config: ModelConfig = MODEL, checklist: ChecklistExamples | None = None
) -> DocumentClassifier:
    """The coverage model, and, when `checklist` holds annotated sections of `train`'s documents,
    the checklist as its `checklist_` (learnt from the coverage model's out-of-fold passage scores)."""
    model = DocumentClassifier(**config.estimator_params())
    model.fit(
        train.docs,
        train.Y,
        groups=train.groups or None,
        passage_labels=train.passage_labels or None,
        sample_weight=train.sample_weights(config.retold_weight),
    )
    model.checklist_ = fit_checklist(
        checklist,
        dict(zip(train.ids, model.cv_passage_scores_, strict=True)),
        dict(zip(train.ids, train.groups or train.ids, strict=True)),
    )
    return model


def fit_checklist(
    examples: ChecklistExamples | None, passage_scores: dict[str, np.ndarray], groups: dict[str, str] | None = None
) -> Checklist | None:
    """The checklist learnt from the sections of `examples` that have text (its status threshold
    chosen on folds grouped by `groups`, document id → organisation), or None without any."""
    if examples is None or not any(examples.texts):
        return None
    examples = examples.with_scores(passage_scores).subset(np.array([bool(t) for t in examples.texts]))
    groups = groups or {}
    return Checklist().fit(
        examples.texts,
        examples.contents,
        examples.scores,
        examples.statuses,
        examples.commitments,
        documents=examples.doc_ids,
        groups=[groups.get(d, d) for d in examples.doc_ids],
    )


def evaluate_model(
    model: DocumentClassifier,
    train: Prepared,
    sets: dict[str, Prepared],
    predictions: dict[str, np.ndarray] | None = None,
) -> dict[str, dict]:
    """The model and both baselines (fitted on `train` in this same run) on each evaluation set.

    `predictions`: the model's 0/1 coverage of the sets the caller has already scored (or scored
    otherwise, e.g. out of fold); the model predicts the others.
    """
    lexicon = LexiconBaseline().fit(train.texts, train.Y)
    tfidf = TfidfBaseline().fit(train.texts, train.Y)
    predictions = predictions or {}
    results = {}
    for name, data in sets.items():
        predicted = predictions[name] if name in predictions else model.predict(data.docs)
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
    real_pages: int = 0,
) -> dict:
    """Everything a reader needs to trust or question the model (the sha256 is added on save).

    `use_sections` says whether section labels were used (False for `--document-labels-only`);
    `source` names what trained it (the command or the notebook), for the card's provenance;
    `real_pages`, how many of the corpus's real pages it was trained on (`--real-pages`).
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
            "hash": corpus_hash(corpus.root, (REAL_PAGES,) if real_pages else ()),
            "documents": len(docs),
            "train": int((docs["split"] == "train").sum()),
            "test": int((docs["split"] == "test").sum()),
            "doc_types": docs["doc_type"].value_counts().to_dict(),
            "doc_types_by_split": {
                split: group["doc_type"].value_counts().to_dict() for split, group in docs.groupby("split")
            },
            "dimensions": {dim: int((docs[dim] == "1").sum()) for dim in DIMENSIONS},
            "section_labels": corpus.sections is not None and use_sections,
            "real_pages": real_pages,
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
            _origin_limitation(docs),
            "PDF numérisés lus par OCR (Tesseract) s'il est installé, texte à vérifier / scanned PDFs read by OCR when installed.",
        ],
    }


def _origin_limitation(docs) -> str:
    """What the training documents are, from `origin` (empty or absent: written for the corpus)."""
    train = docs[docs["split"] == "train"]
    counts = Counter(o or "written" for o in train["origin"]) if "origin" in train.columns else Counter()
    written, retold, real = len(train) - counts["retold"] - counts["real"], counts["retold"], counts["real"]
    if written == len(train):
        return (
            "Corpus d'entraînement rédigé pour le projet (documents fictifs) / training corpus written for the project."
        )
    parts = [f"{n} {what}" for n, what in ((written, "rédigés pour le projet"), (retold, "pages réelles racontées à nouveau"),
                                          (real, "documents réels")) if n]  # fmt: skip
    return f"Documents d'entraînement / training documents : {', '.join(parts)}."


def _display_path(path: Path) -> str:
    """The corpus path relative to the repository when it is inside it (no user's home in the card)."""
    path = Path(path).resolve()
    return str(path.relative_to(REPO_ROOT)) if path.is_relative_to(REPO_ROOT) else str(path)


#: Beside a corpus, a folder laid out like one (`labelled/documents.csv`, `raw/`) of re-told real
#: pages, labelled by document only (`docs/corpus.md` §3). `classifier train --real-pages` trains
#: on them too; they are then scored out of fold (`pages_out_of_fold`), otherwise
#: as a held-out development set.
REAL_PAGES = "realpages"
#: The evaluation set of the real pages scored out of fold, for a model trained on them.
PAGES_OUT_OF_FOLD = "pages_oof"


def real_pages(corpus: Corpus) -> Prepared | None:
    """The corpus's real pages (`REAL_PAGES`), analysed, or None if it has none."""
    root = corpus.root / REAL_PAGES
    if not (root / "labelled" / "documents.csv").is_file():
        return None
    pages = validated_corpus(root)
    return prepare(pages, pages.ids())


def with_documents(train: Prepared, extra: Prepared, rows: Sequence[int] | None = None) -> Prepared:
    """`train`, then the documents of `extra` at positions `rows` (all by default), each with
    its labels, organisation, family, origin and section labels (None for real pages)."""
    from .crossval import subset

    picked = subset(extra, range(len(extra.ids)) if rows is None else rows)
    return Prepared(
        train.ids + picked.ids,
        train.texts + picked.texts,
        train.docs + picked.docs,
        np.vstack([train.Y, picked.Y]),
        train.groups + picked.groups,
        train.passage_labels + picked.passage_labels,
        train.families + picked.families,
        train.origins + picked.origins,
    )


def pages_out_of_fold(
    train: Prepared, pages: Prepared, config: ModelConfig = MODEL, folds: int = 5, share: float = 1.0
) -> np.ndarray:
    """0/1 coverage of each real page by a model trained on `train` plus the other folds' pages
    (folds stratified by the dimensions covered; fewer folds than `folds` when no combination of
    dimensions has that many pages): what a model trained on all the pages is worth on pages it
    has not seen. With `share` < 1, only that share of the other folds' pages, drawn at random
    (seed 0), is trained on: a learning curve in real pages."""
    from sklearn.model_selection import StratifiedKFold

    predicted = np.zeros_like(pages.Y)
    strata = pages.Y @ (2 ** np.arange(pages.Y.shape[1]))
    folds = min(folds, int(np.bincount(strata).max()))
    if folds < 2:
        raise CorpusError(
            f"{REAL_PAGES}/ : pas deux pages qui couvrent les mêmes dimensions, pas de mesure hors pli possible / "
            "no two real pages cover the same dimensions: they cannot be scored out of fold"
        )
    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=0)
    draw = np.random.default_rng(0)
    for learn, held in splitter.split(pages.ids, strata):
        if share < 1:
            learn = np.sort(draw.choice(learn, round(share * len(learn)), replace=False))
        model = fit_model(with_documents(train, pages, learn), config)
        predicted[held] = model.predict([pages.docs[i] for i in held])
    return predicted


def evaluation_sets(corpus: Corpus, dev: str | Path | None = None, pages: bool = True) -> dict[str, Prepared]:
    """The corpus test split; the corpus's real pages (`REAL_PAGES`), when it has some and
    `pages`; and, when `dev` names a file, the real-world development set."""
    sets = {"test": prepare(corpus, corpus.ids("test"))}
    held_aside = real_pages(corpus) if pages else None
    if held_aside is not None:
        sets["pages"] = held_aside
    real = load_realworld(dev) if dev else None
    if real is not None:
        sets["dev"] = real
    return sets


@dataclass
class Trained:
    """A model fitted on a corpus's training split (and its real pages, when trained on them),
    with what its evaluation needs: `train`, the analysed training split the baselines are
    refitted on; `pages`, the real pages trained on (None if not); `out_of_fold`, those pages'
    out-of-fold coverage (`PAGES_OUT_OF_FOLD`), which `evaluate_model` takes as given."""

    model: DocumentClassifier
    train: Prepared
    pages: Prepared | None = None
    out_of_fold: dict[str, np.ndarray] = field(default_factory=dict)

    def evaluation_sets(self, corpus: Corpus, dev: str | Path | None = None) -> dict[str, Prepared]:
        """`evaluation_sets`, with the real pages scored out of fold when the model trained on them."""
        sets = evaluation_sets(corpus, dev, pages=self.pages is None)
        if self.pages is not None:
            sets[PAGES_OUT_OF_FOLD] = self.pages
        return sets

    def card(
        self,
        corpus: Corpus,
        sets: dict[str, Prepared],
        results: dict,
        config: ModelConfig = MODEL,
        use_sections: bool = True,
        source: str = "classifier train",
    ) -> dict:
        """`make_card`, with the checklist measured on the test split."""
        real = 0 if self.pages is None else len(self.pages.ids)
        card = make_card(self.model, corpus, results, config, use_sections, source, real_pages=real)
        card["checklist"] = evaluate_checklist(self.model, corpus, self.train, sets["test"])
        return card


def too_few(Y: np.ndarray, config: ModelConfig = MODEL) -> list[str]:
    """Why documents labelled `Y` are too few to fit the model on (empty: enough): it needs twice
    `cv_folds` documents (its aggregators learn from folds), and for each dimension at least two
    documents that cover it and two that do not."""
    Y = np.asarray(Y).reshape(-1, len(DIMENSIONS))
    problems = []
    if len(Y) < 2 * config.cv_folds:
        problems.append(f"{len(Y)} documents, il en faut au moins {2 * config.cv_folds} / too few documents")
    for j, dim in enumerate(DIMENSIONS):
        covering = int(Y[:, j].sum())
        if covering < 2:
            problems.append(
                f"{covering} document(s) couvrent « {dim} », il en faut au moins 2 / too few covering {dim}"
            )
        if len(Y) - covering < 2:
            problems.append(
                f"{len(Y) - covering} document(s) sans « {dim} », il en faut au moins 2 / too few without {dim}"
            )
    return problems


def train_corpus(
    corpus: Corpus, config: ModelConfig = MODEL, use_sections: bool = True, with_real_pages: bool = False
) -> Trained:
    """Train on a validated corpus's training split, the checklist with it (from `criteria.csv`,
    when the corpus has it and `use_sections`: its labels are sections'), and on the corpus's real
    pages too if `with_real_pages`; those are then scored out of fold first, so a set too small
    for folds stops before the long fit. A corpus too small to train on, or without a test split to
    measure on, stops before any document is read."""
    problems = [f"split train : {problem}" for problem in too_few(corpus.labels(corpus.ids("train")), config)]
    if not corpus.ids("test"):
        problems.append("split test : aucun document, il en faut pour mesurer le modèle / no test document")
    if problems:
        raise CorpusError("corpus trop petit pour entraîner / corpus too small to train on :\n" + "\n".join(problems))
    train = prepare(corpus, corpus.ids("train"), use_sections)
    pages = real_pages(corpus) if with_real_pages else None
    if with_real_pages and pages is None:
        raise CorpusError(
            f"{corpus.root / REAL_PAGES / 'labelled' / 'documents.csv'} introuvable : --real-pages demande des pages "
            "réelles / not found: --real-pages needs the corpus's real pages"
        )
    oof = {} if pages is None else {PAGES_OUT_OF_FOLD: pages_out_of_fold(train, pages, config)}
    learn = train if pages is None else with_documents(train, pages)
    checklist = checklist_examples(corpus, train) if use_sections else None
    return Trained(fit_model(learn, config, checklist), train, pages, oof)


def train_and_evaluate(
    root: str | Path,
    config: ModelConfig = MODEL,
    use_sections: bool = True,
    dev: str | Path | None = None,
    cross_validate: Callable[[Prepared, ModelConfig], dict] | None = None,
    with_real_pages: bool = False,
) -> tuple[DocumentClassifier, dict]:
    """Validate, train (`train_corpus`), evaluate on the test split, the real pages (out of fold
    when trained on) and the real-world set `dev` (a JSON-lines file) when given: (model, card).

    `cross_validate` (e.g. `crossval.cross_validation_report`), when given, also measures the
    training split by cross-validation; its report goes into the card.
    """
    corpus = validated_corpus(root)
    trained = train_corpus(corpus, config, use_sections, with_real_pages)
    sets = trained.evaluation_sets(corpus, dev)
    results = evaluate_model(trained.model, trained.train, sets, trained.out_of_fold)
    card = trained.card(corpus, sets, results, config, use_sections)
    if cross_validate is not None:
        card["cross_validation"] = cross_validate(trained.train, config)
    return trained.model, card


def evaluate_saved(model: DocumentClassifier, root: str | Path, dev: str | Path | None = None) -> dict:
    """Evaluate an already trained model; the baselines are refitted on the train split in this
    run. Real pages are scored as a held-out set: use `pages_out_of_fold` for a model trained on them."""
    corpus = validated_corpus(root)
    train = prepare(corpus, corpus.ids("train"))
    return evaluate_model(model, train, evaluation_sets(corpus, dev))
