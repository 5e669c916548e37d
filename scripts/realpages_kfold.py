"""What training on the real-page development set (`data/realpages`) would be worth, measured
without spending it: five folds over the real pages (stratified by the dimensions they cover),
each fifth scored by a model trained on the corpus's training split plus the other four fifths
(weighted like the corpus's other re-told pages). Prints each fold's thresholds and its score on the
real-world development set when given, then the out-of-fold figures on all the real pages
beside the shipped model's. Neither the test split nor the shipped model is touched.

    python scripts/realpages_kfold.py [--dev ../shared/realworld/dev.jsonl]   # about 5 minutes
"""

from __future__ import annotations

import argparse

import numpy as np
from sklearn.model_selection import StratifiedKFold

from classifier.config import MODEL
from classifier.crossval import subset
from classifier.metrics import evaluate_predictions
from classifier.persist import load_model
from classifier.training import REAL_PAGES, Prepared, fit_model, load_realworld, prepare, validated_corpus


def with_pages(train: Prepared, pages: Prepared, pick: np.ndarray) -> Prepared:
    """The training split, then the real pages at positions `pick` (which have no section labels)."""
    picked = subset(pages, pick)
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


def figures(Y: np.ndarray, predicted: np.ndarray) -> str:
    result = evaluate_predictions(Y, predicted)
    low, high = result["intervals"]["doc_type_accuracy"]
    return f"{result['macro_f1']:.3f} / {result['doc_type_accuracy']:.3f} [{low:.3f}–{high:.3f}]"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", default="data")
    parser.add_argument("--dev", help="the real-world development set (JSON lines), scored by each fold's model")
    parser.add_argument("--folds", type=int, default=5)
    args = parser.parse_args()

    corpus = validated_corpus(args.corpus)
    train = prepare(corpus, corpus.ids("train"))
    held_aside = validated_corpus(corpus.root / REAL_PAGES)
    pages = prepare(held_aside, held_aside.ids())
    dev = load_realworld(args.dev) if args.dev else None

    predicted = np.zeros_like(pages.Y)
    strata = pages.Y @ (2 ** np.arange(pages.Y.shape[1]))
    splitter = StratifiedKFold(n_splits=args.folds, shuffle=True, random_state=0)
    for k, (learn, held) in enumerate(splitter.split(pages.ids, strata)):
        model = fit_model(with_pages(train, pages, learn), MODEL)
        predicted[held] = model.predict([pages.docs[i] for i in held])
        line = f"fold {k}: thresholds {np.round(model.threshold_vector(), 2).tolist()}"
        if dev is not None:
            line += f", development set {figures(dev.Y, model.predict(dev.docs))}"
        print(line, flush=True)

    shipped, _ = load_model()
    print(f"real pages ({len(pages.ids)}), macro-F1 / type accuracy:")
    print(f"  trained on the other folds: {figures(pages.Y, predicted)}")
    print(f"  shipped model (none of them): {figures(pages.Y, shipped.predict(pages.docs))}")


if __name__ == "__main__":
    main()
