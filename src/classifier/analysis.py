"""Tables for retraining and error analysis (SPEC §7): what the notebooks show, computed here.

The notebooks in `notebooks/` only call these functions and plot their results, so every
table is tested and can be reproduced from a script. Each function returns a pandas
DataFrame (or a dict of them) with one row per thing a reader looks at.

Typical use, after `training.prepare` and `training.fit_model`::

    probabilities = model.predict_proba(test.docs)
    threshold_sweep(probabilities, test.Y)          # precision/recall/F1 per threshold
    calibration_table(probabilities, test.Y)        # predicted vs observed per bin
    misclassified(model, test)                      # wrong documents with their evidence
    disputed_passages(model, corpus, test)          # sections to re-annotate first
    influential_features(model)["reorganisation"]   # what the passage classifier learned
    compare_models(results_new, results_current)    # new vs current model, with baselines
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from .card import display
from .corpus import Corpus, passages_with_labels
from .labels import DIMENSIONS, doc_types
from .metrics import binary_f1
from .model import DocumentClassifier
from .training import REPO_ROOT, Prepared

DIMS = list(DIMENSIONS)
MODEL_SYSTEM = "model"  # the key of the model in `training.evaluate_model` results
EXCERPT_CHARS = 300


# -- corpus and model ---------------------------------------------------------------------


def project_path(path: str | Path) -> Path:
    """A notebook parameter as a path: relative paths are relative to the repository root.

    Jupyter runs a notebook in `notebooks/`, but analysts write `"data"` or `"models/candidate"`
    as in the Makefile and the command line; absolute paths are kept.

    >>> project_path("data") == REPO_ROOT / "data", project_path("/tmp/corpus").as_posix()
    (True, '/tmp/corpus')
    """
    path = Path(path)
    return path if path.is_absolute() else REPO_ROOT / path


def corpus_summary(corpus: Corpus) -> pd.DataFrame:
    """Documents per type (rows) and split (columns), with totals and section-label coverage.

    >>> import pandas as pd
    >>> docs = pd.DataFrame({"id": ["a", "b", "c"], "doc_type": ["marketing_plan", "out_of_scope", "marketing_plan"],
    ...                      "split": ["train", "train", "test"]})
    >>> corpus_summary(Corpus(Path("."), docs)).loc["marketing_plan"].tolist()
    [1, 1, 2, 0]
    """
    docs = corpus.documents
    table = pd.crosstab(docs["doc_type"], docs["split"], margins=True, margins_name="total")
    labelled = docs["id"].isin(set(corpus.sections["doc_id"]) if corpus.sections is not None else set())
    with_sections = labelled.groupby(docs["doc_type"]).sum()
    table["avec sections"] = [int(labelled.sum()) if row == "total" else int(with_sections[row]) for row in table.index]
    return table


def model_in_use(directory: str | Path | None = None) -> Path:
    """`directory`, else `$CLASSIFIER_MODEL`, else the packaged default model."""
    from .persist import DEFAULT_MODEL_DIR

    return Path(directory or os.environ.get("CLASSIFIER_MODEL") or DEFAULT_MODEL_DIR)


def current_model(directory: str | Path | None = None) -> tuple[DocumentClassifier | None, str]:
    """(model, message) for the model in use: `directory`, else `$CLASSIFIER_MODEL`, else the packaged default model.

    The model is None when it cannot be used (missing, altered, other library versions);
    the message then says why, so a notebook can go on without the comparison.
    """
    from .persist import ModelError, load_model

    directory = model_in_use(directory)
    try:
        model, card = load_model(directory)
    except ModelError as exc:
        return None, f"Modèle actuel inutilisable, pas de comparaison / current model unusable: {exc}"
    return model, f"Modèle actuel / current model : {directory} ({card.get('version')}, sha256 {card['sha256'][:12]}…)"


def trained_on_real_pages(directory: str | Path | None = None) -> bool:
    """Whether the model `current_model` would load says in its card that it trained on the
    corpus's real pages (then they are no development set for it)."""
    from .persist import ModelError, read_card

    try:
        card = read_card(model_in_use(directory))
    except ModelError:
        return False
    return bool(card.get("training_data", {}).get("real_pages"))


# -- thresholds and calibration -----------------------------------------------------------


def threshold_sweep(
    probabilities: np.ndarray, Y: np.ndarray, thresholds: Sequence[float] | None = None
) -> pd.DataFrame:
    """Precision, recall and F1 of each dimension at each threshold (default 0.05 … 0.95 by 0.01).

    A dimension is predicted when its probability is at least the threshold, as in
    `DocumentClassifier.predict`. Precision is 0 when nothing is predicted.

    >>> P = np.array([[0.9, 0.2, 0.6], [0.3, 0.8, 0.4]])
    >>> sweep = threshold_sweep(P, np.array([[1, 0, 1], [0, 1, 1]]), thresholds=[0.5])
    >>> sweep[["dimension", "precision", "recall", "f1"]].values.tolist()
    [['marketing', 1.0, 1.0, 1.0], ['technology', 1.0, 1.0, 1.0], ['reorganisation', 1.0, 0.5, 0.667]]
    """
    P, Y = np.asarray(probabilities, dtype=float), np.asarray(Y, dtype=int)
    grid = np.round(np.arange(0.05, 0.951, 0.01), 2) if thresholds is None else np.asarray(thresholds, dtype=float)
    rows = []
    for j, dim in enumerate(DIMS):
        positive = Y[:, j] == 1
        for threshold in grid:
            predicted = P[:, j] >= threshold
            tp = int((predicted & positive).sum())
            rows.append(
                {
                    "dimension": dim,
                    "threshold": float(threshold),
                    "precision": round(tp / predicted.sum(), 3) if predicted.any() else 0.0,
                    "recall": round(tp / positive.sum(), 3) if positive.any() else 0.0,
                    "f1": round(binary_f1(predicted, Y[:, j]), 3),
                }
            )
    return pd.DataFrame(rows)


def calibration_table(probabilities: np.ndarray, Y: np.ndarray, bins: int = 5) -> pd.DataFrame:
    """Per dimension and probability bin (equal widths on [0, 1]): documents, mean predicted, observed rate.

    A calibrated model has `mean_probability` close to `observed_rate`. Empty bins are left out.

    >>> table = calibration_table(np.array([[0.1, 0.9, 0.5], [0.15, 0.95, 0.5]]), np.array([[0, 1, 1], [0, 1, 0]]), bins=2)
    >>> table[["dimension", "n", "mean_probability", "observed_rate"]].values.tolist()
    [['marketing', 2, 0.125, 0.0], ['technology', 2, 0.925, 1.0], ['reorganisation', 2, 0.5, 0.5]]
    """
    P, Y = np.asarray(probabilities, dtype=float), np.asarray(Y, dtype=int)
    edges = np.linspace(0.0, 1.0, bins + 1)
    rows = []
    for j, dim in enumerate(DIMS):
        which = np.clip(np.digitize(P[:, j], edges[1:-1], right=False), 0, bins - 1)
        for b in range(bins):
            members = which == b
            if not members.any():
                continue
            rows.append(
                {
                    "dimension": dim,
                    "bin_low": round(float(edges[b]), 3),
                    "bin_high": round(float(edges[b + 1]), 3),
                    "n": int(members.sum()),
                    "mean_probability": round(float(P[members, j].mean()), 3),
                    "observed_rate": round(float(Y[members, j].mean()), 3),
                }
            )
    return pd.DataFrame(rows)


# -- what the model learned ---------------------------------------------------------------


def feature_names(model: DocumentClassifier) -> np.ndarray:
    """Names of the passage features, as `<block>__<feature>` (e.g. `lemmas__public cible`).

    Uses the feature union's `get_feature_names_out`; if a block cannot name its columns
    (an older pickled transformer), the last step of the block (the TF-IDF, the scaler) is asked.
    """
    try:
        return np.asarray(model.features_.get_feature_names_out(), dtype=object)
    except AttributeError:
        names = []
        for block, transformer in model.features_.transformer_list:
            last = transformer.steps[-1][1] if hasattr(transformer, "steps") else transformer
            names += [f"{block}__{name}" for name in last.get_feature_names_out()]
        return np.asarray(names, dtype=object)


def influential_features(model: DocumentClassifier, top: int = 15, kind: str = "passage") -> dict[str, pd.DataFrame]:
    """Per dimension and feature block, the `top` features with the largest coefficients.

    Each block is ranked on its own, so the few lexicon counts are always shown beside the
    thousands of lemma n-grams (lemmas keep only positive coefficients: what makes a passage
    count; lexicon counts keep their sign, which says whether a lexicon helps or misleads).
    `kind="passage"` reads the passage classifiers (what makes a passage evidence);
    `kind="document"` the whole-document classifiers. Columns: block (`lemmas`: TF-IDF
    lemma n-grams, `lexicons`: lexicon counts, `vectors`), feature, coefficient. A dimension
    whose classifier is a constant (a single class in training) gets an empty table.
    """
    if kind not in {"passage", "document"}:
        raise ValueError(f"kind must be 'passage' or 'document', got {kind!r}")
    classifiers = model.passage_models_ if kind == "passage" else model.doc_models_
    names = feature_names(model)
    out = {}
    for dim in DIMS:
        coef = getattr(classifiers[dim], "coef_", None)
        if coef is None:
            out[dim] = pd.DataFrame(columns=["block", "feature", "coefficient"])
            continue
        coef = np.ravel(coef)
        block_of = np.array([str(name).split("__", 1)[0] for name in names])
        order = []
        for block in dict.fromkeys(block_of):
            ranked = [i for i in np.argsort(-coef, kind="stable") if block_of[i] == block][:top]
            order += [i for i in ranked if coef[i] > 0] if block == "lemmas" else ranked
        blocks, features = zip(*(str(names[i]).split("__", 1) for i in order), strict=True) if order else ((), ())
        out[dim] = pd.DataFrame(
            {"block": list(blocks), "feature": list(features), "coefficient": np.round(coef[order], 4)}
        )
    return out


# -- errors and disagreements -------------------------------------------------------------


def _scores(model: DocumentClassifier, prepared: Prepared) -> list[tuple[np.ndarray, np.ndarray, bool]]:
    return [model.score_document_gated(doc) for doc in prepared.docs]


def _excerpt(text: str, limit: int = EXCERPT_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def misclassified(model: DocumentClassifier, prepared: Prepared, only_errors: bool = True) -> pd.DataFrame:
    """Documents whose predicted coverage differs from their labels, with the evidence behind each call.

    One row per document: `id`, `true_type`, `predicted_type`, `errors` (e.g. "reorganisation :
    faux négatif"), `gated` (the out-of-scope gate vetoed its coverage), then per dimension `<dim>_true`, `<dim>_pred`, `<dim>_score` and
    `<dim>_evidence` — the passage that scores highest for that dimension, "[p. 3] (0.91) …".
    `only_errors=False` lists every document.
    """
    return error_table(prepared, _scores(model, prepared), model.threshold_vector(), only_errors)


def out_of_fold_errors(prepared: Prepared, oof, only_errors: bool = True) -> pd.DataFrame:
    """`misclassified` for cross-validation: each document as scored by the model of the fold
    that held it out (`crossval.cross_validate`), so no document is judged by a model that saw it."""
    scored = list(zip(oof.passage_scores, oof.probabilities, oof.gated, strict=True))
    return error_table(prepared, scored, oof.thresholds, only_errors)


def error_table(prepared: Prepared, scored: list, thresholds: np.ndarray, only_errors: bool = True) -> pd.DataFrame:
    """The table of `misclassified` from (passage scores, coverage, gated) per document and the
    thresholds (one vector, or one row per document); with each document's `genre_family` after
    its id when the documents have one."""
    coverage = np.vstack([c for _, c, _ in scored]) if scored else np.zeros((0, len(DIMS)))
    predicted = (coverage >= thresholds).astype(int)
    true_types, predicted_types = doc_types(prepared.Y), doc_types(predicted)
    rows = []
    for i, doc_id in enumerate(prepared.ids):
        wrong = [
            f"{dim} : {'faux positif' if predicted[i, j] else 'faux négatif'}"
            for j, dim in enumerate(DIMS)
            if predicted[i, j] != prepared.Y[i, j]
        ]
        if only_errors and not wrong:
            continue
        row = {
            "id": doc_id,
            "true_type": true_types[i],
            "predicted_type": predicted_types[i],
            "errors": "; ".join(wrong),
            "gated": scored[i][2],
        }
        passage_scores = scored[i][0]
        for j, dim in enumerate(DIMS):
            row[f"{dim}_true"] = int(prepared.Y[i, j])
            row[f"{dim}_pred"] = int(predicted[i, j])
            row[f"{dim}_score"] = round(float(coverage[i, j]), 3)
            if len(passage_scores):
                best = int(np.argmax(passage_scores[:, j]))
                passage = prepared.docs[i][best].passage
                row[f"{dim}_evidence"] = f"[p. {passage.page}] ({passage_scores[best, j]:.2f}) {_excerpt(passage.text)}"
            else:
                row[f"{dim}_evidence"] = ""
        rows.append(row)
    columns = ["id", "true_type", "predicted_type", "errors", "gated"] + [
        f"{dim}_{part}" for dim in DIMS for part in ("true", "pred", "score", "evidence")
    ]
    table = pd.DataFrame(rows, columns=columns)
    if prepared.families:
        families = dict(zip(prepared.ids, prepared.families, strict=True))
        table.insert(1, "genre_family", table["id"].map(families))
    return table


def disputed_passages(model: DocumentClassifier, corpus: Corpus, prepared: Prepared, top: int = 20) -> pd.DataFrame:
    """The passages whose label disagrees most with their passage score: re-annotate these first.

    The label of a passage is its section's label (`sections.csv`). A document without
    section labels still says something: every passage of a document that does not cover a
    dimension must not cover it, so those passages are compared with 0 (`source` "document");
    its passages for covered dimensions are not judged. `disagreement` = |label − score|.
    Documents that are not `corpus`'s (the real-world set, the real pages) have document labels only.
    """
    titles = corpus.documents.set_index("id")["title"] if "title" in corpus.documents.columns else None
    known = set(corpus.documents["id"])
    rows = []
    for i, (doc_id, (passage_scores, _, _)) in enumerate(zip(prepared.ids, _scores(model, prepared), strict=True)):
        labels = prepared.passage_labels[i] if i < len(prepared.passage_labels) else None
        if labels is None and corpus.sections is not None and doc_id in known:
            labels = passages_with_labels(corpus, doc_id)[1]
            labels = labels if labels is not None and len(labels) == len(passage_scores) else None
        source = "section" if labels is not None else "document"
        for k, analysed in enumerate(prepared.docs[i]):
            for j, dim in enumerate(DIMS):
                if labels is not None:
                    label = int(labels[k, j])
                elif prepared.Y[i, j] == 0:
                    label = 0
                else:
                    continue
                score = float(passage_scores[k, j])
                rows.append(
                    {
                        "id": doc_id,
                        "title": titles.get(doc_id, "") if titles is not None else "",
                        "passage": k + 1,
                        "page": analysed.passage.page,
                        "heading": analysed.passage.heading,
                        "dimension": dim,
                        "label": label,
                        "score": round(score, 3),
                        "disagreement": round(abs(label - score), 3),
                        "source": source,
                        "text": _excerpt(analysed.passage.text),
                    }
                )
    columns = [
        "id",
        "title",
        "passage",
        "page",
        "heading",
        "dimension",
        "label",
        "score",
        "disagreement",
        "source",
        "text",
    ]
    table = pd.DataFrame(rows, columns=columns)
    return table.sort_values("disagreement", ascending=False, kind="stable").head(top).reset_index(drop=True)


# -- comparing models ---------------------------------------------------------------------


def _measures(metrics: dict) -> dict[str, float]:
    """The numbers one system gets on one data set, in display order."""
    out = {}
    for dim in DIMS:
        m = metrics["dimensions"][dim]
        out[f"F1 {dim}"] = m["f1"]
        out[f"précision {dim}"] = m["precision"]
        out[f"rappel {dim}"] = m["recall"]
    out["macro-F1"] = metrics["macro_f1"]
    out["exactitude du type"] = metrics["doc_type_accuracy"]
    return out


def compare_models(results_new: dict[str, dict], results_current: dict[str, dict] | None = None) -> pd.DataFrame:
    """New model beside the current one and the baselines, per data set and measure.

    Both arguments are `training.evaluate_model` results (`{data set: {system: metrics}}`)
    measured on the same documents. Rows: (data set, measure); columns: "nouveau modèle",
    "modèle actuel", "écart" (new − current; positive means the new model is better),
    then each baseline of `results_new`. Without `results_current` only the new model and
    the baselines are shown.

    >>> from classifier.metrics import evaluate_predictions
    >>> Y = np.array([[1, 0, 0], [0, 1, 1], [0, 0, 0]])
    >>> new = {"test": {"model": evaluate_predictions(Y, Y)}}
    >>> old = {"test": {"model": evaluate_predictions(Y, np.zeros_like(Y))}}
    >>> compare_models(new, old).loc[("test", "macro-F1")].tolist()
    [1.0, 0.0, 1.0]
    """
    rows = {}
    for dataset, systems in results_new.items():
        new = _measures(systems[MODEL_SYSTEM])
        current = None
        if results_current and dataset in results_current:
            current = _measures(results_current[dataset][MODEL_SYSTEM])
        baselines = {name: _measures(m) for name, m in systems.items() if name != MODEL_SYSTEM}
        for measure, value in new.items():
            row = {"nouveau modèle": value}
            if current is not None:
                row["modèle actuel"] = current[measure]
                row["écart"] = round(value - current[measure], 3)
            row.update({display(name): values[measure] for name, values in baselines.items()})
            rows[(display(dataset), measure)] = row
    table = pd.DataFrame.from_dict(rows, orient="index")
    table.index = pd.MultiIndex.from_tuples(table.index, names=["données", "mesure"])
    return table


def confusion_table(metrics: dict) -> pd.DataFrame:
    """The document-type confusion matrix of one system on one data set (rows: true, columns: predicted).

    >>> from classifier.metrics import evaluate_predictions
    >>> table = confusion_table(evaluate_predictions(np.array([[1, 0, 0]]), np.array([[0, 0, 0]])))
    >>> int(table.loc["marketing_plan", "out_of_scope"])
    1
    """
    labels = metrics["confusion"]["labels"]
    table = pd.DataFrame(metrics["confusion"]["matrix"], index=labels, columns=labels)
    table.index.name, table.columns.name = "vrai", "prédit"
    return table
