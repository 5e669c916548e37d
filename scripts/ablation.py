"""Which signals earn their place: cross-validated and test-split scores of model variants.

    python scripts/ablation.py > /tmp/ablation.md

Choices are made on the cross-validated scores of the training split; the test split is
shown for information only, and the real-world development set is not used at all.
"""

from __future__ import annotations

from dataclasses import replace

from classifier.config import MODEL
from classifier.corpus import load_corpus
from classifier.evaluate import evaluate_predictions
from classifier.training import Prepared, fit_model, prepare

VARIANTS = {
    "default (lookup lemmas, TF-IDF + lexicons, raw-word view and gate, section labels)": (MODEL, True, "lookup"),
    "rule lemmas (morphologizer + rule lemmatizer)": (MODEL, True, "rule"),
    "+ word vectors": (replace(MODEL, use_vectors=True), True, "lookup"),
    "- lexicons as passage features": (replace(MODEL, use_lexicons=False), True, "lookup"),
    "- genre cues": (replace(MODEL, use_genre_cues=False), True, "lookup"),
    "- document lexicon counts (aggregators)": (replace(MODEL, use_document_lexicons=False), True, "lookup"),
    "- other dimensions' scores (aggregators)": (replace(MODEL, use_cross_dimension=False), True, "lookup"),
    "- both (aggregators see passage scores and genre cues only)": (
        replace(MODEL, use_document_lexicons=False, use_cross_dimension=False),
        True,
        "lookup",
    ),
    "- out-of-scope gate": (replace(MODEL, use_out_of_scope_gate=False), True, "lookup"),
    "- raw-word document view (aggregators, and so the gate)": (
        replace(MODEL, use_document_words=False),
        True,
        "lookup",
    ),
    "unigrams only": (replace(MODEL, tfidf_ngram_max=1), True, "lookup"),
    "document labels only (no section labels)": (MODEL, False, "lookup"),
}


def main() -> None:
    corpus = load_corpus("data")
    prepared = {
        lemmas: (
            prepare(corpus, corpus.ids("train"), lemmas=lemmas),
            prepare(corpus, corpus.ids("test"), lemmas=lemmas),
        )
        for lemmas in ("lookup", "rule")
    }
    print("| variant | CV macro-F1 (train) | CV type accuracy (train) | test macro-F1 | test type accuracy |")
    print("|---|---:|---:|---:|---:|")
    for name, (config, sections, lemmas) in VARIANTS.items():
        train, test = prepared[lemmas]
        data = (
            train
            if sections
            else Prepared(train.ids, train.texts, train.docs, train.Y, train.groups, [None] * len(train.ids))
        )
        model = fit_model(data, config)
        cv = evaluate_predictions(train.Y, (model.cv_probabilities_ >= model.threshold_vector()).astype(int))
        held_out = evaluate_predictions(test.Y, model.predict(test.docs))
        print(
            f"| {name} | {cv['macro_f1']:.3f} | {cv['doc_type_accuracy']:.3f} | "
            f"{held_out['macro_f1']:.3f} | {held_out['doc_type_accuracy']:.3f} |"
        )


if __name__ == "__main__":
    main()
