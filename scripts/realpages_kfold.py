"""What training on the corpus's real pages (`data/realpages`) is worth on pages not seen: five
folds over the real pages (stratified by the dimensions they cover), each fifth scored by a model
trained on the corpus's training split plus the other four fifths (weighted like the corpus's
other re-told pages). Prints the out-of-fold figures beside those of a model trained on the
training split alone, both with the settings of `config.MODEL`, and, when given, both models'
figures on the real-world development set. The test split is not touched.

    python scripts/realpages_kfold.py [--dev ../shared/realworld/dev.jsonl] [--share 0.5]   # about 8 minutes

`--share` trains each fold's model on that share of the other folds' pages only (drawn at
random), for a learning curve in real pages (`docs/model.md`, *How much do more real pages buy?*).

`classifier train --real-pages` reports the same out-of-fold figures in the card.
"""

from __future__ import annotations

import argparse

import numpy as np

from classifier.config import MODEL
from classifier.metrics import evaluate_predictions
from classifier.training import (
    fit_model,
    load_realworld,
    pages_out_of_fold,
    prepare,
    real_pages,
    validated_corpus,
    with_documents,
)


def figures(Y: np.ndarray, predicted: np.ndarray) -> str:
    result = evaluate_predictions(Y, predicted)
    low, high = result["intervals"]["doc_type_accuracy"]
    return f"{result['macro_f1']:.3f} / {result['doc_type_accuracy']:.3f} [{low:.3f}–{high:.3f}]"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", default="data")
    parser.add_argument("--dev", help="the real-world development set (JSON lines)")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument(
        "--share", type=float, default=1.0, help="train on this share of the other folds' pages (learning curve)"
    )
    args = parser.parse_args()

    corpus = validated_corpus(args.corpus)
    train = prepare(corpus, corpus.ids("train"))
    pages = real_pages(corpus)
    if pages is None:
        parser.error(f"{args.corpus} has no real pages (realpages/labelled/documents.csv)")
    alone = fit_model(train, MODEL)
    print(f"real pages ({len(pages.ids)}), macro-F1 / type accuracy [95 % interval]:")
    out_of_fold = pages_out_of_fold(train, pages, MODEL, args.folds, args.share)
    print(f"  trained on {args.share:.0%} of the other folds' pages too: {figures(pages.Y, out_of_fold)}")
    print(f"  trained on the training split alone:   {figures(pages.Y, alone.predict(pages.docs))}")
    dev = load_realworld(args.dev) if args.dev else None
    if dev is not None:
        both = fit_model(with_documents(train, pages), MODEL)
        print(f"development set ({len(dev.ids)}):")
        print(f"  trained on all the pages too: {figures(dev.Y, both.predict(dev.docs))}")
        print(f"  training split alone:         {figures(dev.Y, alone.predict(dev.docs))}")


if __name__ == "__main__":
    main()
