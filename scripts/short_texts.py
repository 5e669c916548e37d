#!/usr/bin/env python3
"""Short texts: does training on section excerpts help, without hurting whole documents?

Analysts receive short texts as well as long plans. This script cross-validates the training
split with organisation-grouped folds, with and without excerpts in training
(`ModelConfig.excerpts_per_document`), and measures each model on the held-out fold twice:
on its whole documents, and on short texts cut from their labelled sections (up to three
sections of 80 words or more per document, labelled as their section; the same excerpts for
every variant). The test split and the real-world set are not used.

    python scripts/short_texts.py            # about 10 minutes on 2 cores
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from classifier import crossval
from classifier.config import MODEL
from classifier.corpus import load_corpus
from classifier.metrics import evaluate_predictions
from classifier.model import DocumentClassifier
from classifier.training import fit_model, prepare

VARIANTS = {
    "whole documents only (excerpts_per_document=0)": replace(MODEL, excerpts_per_document=0),
    f"with excerpts (excerpts_per_document={MODEL.excerpts_per_document})": MODEL,
}


def held_out_excerpts(train, rows) -> tuple[list, np.ndarray]:
    """Short texts cut from the labelled sections of the documents at `rows`."""
    cutter = DocumentClassifier(excerpts_per_document=3, excerpt_min_words=80, seed=99)
    part = crossval.subset(train, rows)
    docs, Y, _, _ = cutter.with_excerpts(list(part.docs), part.Y, part.groups, part.passage_labels)
    return docs[len(part.docs) :], Y[len(part.docs) :]


def main() -> None:
    corpus = load_corpus("data")
    train = prepare(corpus, corpus.ids("train"))
    folds = crossval.grouped_folds(train.groups, MODEL.cv_folds, MODEL.seed)
    print("| variant | whole documents macro-F1 | type acc. | excerpts macro-F1 | type acc. | n excerpts |")
    print("|---|---:|---:|---:|---:|---:|")
    for name, config in VARIANTS.items():
        whole = np.zeros_like(train.Y)
        truth, predicted = [], []
        for fit_rows, test_rows in folds:
            model = fit_model(crossval.subset(train, fit_rows), config)
            whole[test_rows] = model.predict([train.docs[i] for i in test_rows])
            docs, Y = held_out_excerpts(train, test_rows)
            truth.append(Y)
            predicted.append(model.predict(docs))
        w = evaluate_predictions(train.Y, whole)
        e = evaluate_predictions(np.vstack(truth), np.vstack(predicted))
        print(
            f"| {name} | {w['macro_f1']:.3f} | {w['doc_type_accuracy']:.3f} | {e['macro_f1']:.3f} | "
            f"{e['doc_type_accuracy']:.3f} | {e['n']} |",
            flush=True,
        )


if __name__ == "__main__":
    main()
