"""Which signals earn their place: model variants under organisation-grouped and
leave-one-genre-family-out cross-validation of the training split, and the real-world dev set.

    python scripts/ablation.py > /tmp/ablation.md              # every variant (about 30 min each)
    python scripts/ablation.py --variants content "+ word vectors"

Each variant is refitted once per fold (5 grouped folds, then one fold per genre family).
Choices are read on the cross-validated figures, leave-one-family-out first: it is the one
that shows a signal learning the register of a genre rather than the content of the
dimensions. The test split is not used at all. The dev set is shown for information, not to
choose.
"""

from __future__ import annotations

import argparse
from dataclasses import replace

from classifier import crossval
from classifier.config import MODEL
from classifier.corpus import load_corpus
from classifier.metrics import evaluate_predictions
from classifier.training import fit_model, load_realworld, prepare

#: The shipped configuration: passages, lemma and raw-word document views; no genre cues, no gate.
VARIANTS = {
    "default": MODEL,
    "+ genre cues and out-of-scope gate (the model of 420 documents)": replace(
        MODEL, use_genre_cues=True, use_out_of_scope_gate=True
    ),
    "- raw-word document view": replace(MODEL, use_document_words=False),
    "raw-word document view with C = 1": replace(MODEL, words_C=1.0),
    "- raw-word document view, + word vectors": replace(MODEL, use_document_words=False, use_vectors=True),
    "- lexicons as passage features": replace(MODEL, use_lexicons=False),
    "- other dimensions' scores (aggregators)": replace(MODEL, use_cross_dimension=False),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--variants", nargs="*", default=list(VARIANTS), help="names from VARIANTS")
    args = parser.parse_args()
    corpus = load_corpus("data")
    train = prepare(corpus, corpus.ids("train"))
    dev = load_realworld("../shared/realworld/dev.jsonl")
    print(
        "| variant | grouped CV macro-F1 | grouped CV type acc. | family-out CV macro-F1 | family-out CV type acc. "
        "| dev macro-F1 | dev type acc. |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|")
    for name in args.variants:
        config = VARIANTS[name]
        cells = []
        for oof in crossval.standard_cross_validations(train, config):
            m = crossval.metrics(train, oof)["model"]
            cells += [f"{m['macro_f1']:.3f}", f"{m['doc_type_accuracy']:.3f}"]
        if dev is not None:
            d = evaluate_predictions(dev.Y, fit_model(train, config).predict(dev.docs))
            cells += [f"{d['macro_f1']:.3f}", f"{d['doc_type_accuracy']:.3f}"]
        else:
            cells += ["—", "—"]
        print(f"| {name} | {' | '.join(cells)} |", flush=True)


if __name__ == "__main__":
    main()
