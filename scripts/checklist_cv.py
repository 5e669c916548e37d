"""The checklist (SPEC §2b) measured by organisation-grouped cross-validation of the training split:
what was compared before choosing it, without the test split.

For each annotated training document the coverage model's out-of-fold passage scores (kept by the
shipped model, `cv_passage_scores_`) stand for what the checklist sees at scoring time. Printed:
section-level F1 of finding a criterion / finding it covered, document-level three-status
agreement, commitments, for the shipped settings at each status threshold, without the TF-IDF
view, and on a third and two thirds of the training documents (learning curve).

    python scripts/checklist_cv.py
"""

from __future__ import annotations

import numpy as np

from classifier.checklist import Checklist, document_agreement, ranks
from classifier.corpus import load_corpus
from classifier.metrics import checklist_metrics, commitment_metrics
from classifier.persist import load_model
from classifier.training import checklist_examples, prepare


def out_of_fold(examples, groups, share: float = 1.0, max_features: int = 20_000, seed: int = 0):
    """Out-of-fold predictions of a checklist of the shipped settings (or without the TF-IDF view),
    learning from a random `share` of the training documents."""
    documents = np.array(examples.doc_ids)
    names = np.unique(documents)
    kept = np.random.default_rng(seed).choice(names, int(len(names) * share), replace=False)
    return Checklist(max_features=max_features).out_of_fold(
        examples.texts,
        examples.contents,
        examples.scores,
        examples.statuses,
        examples.commitments,
        groups,
        learn_from=np.isin(documents, kept),
    )


def report(name: str, examples, present, covered, committed, threshold: float) -> None:
    shown = ranks(present, covered, threshold)
    sections = checklist_metrics(examples.statuses, shown)
    documents = np.array(examples.doc_ids)
    names = np.unique(documents)
    by_doc = checklist_metrics(
        np.array([examples.statuses[documents == d].max(axis=0) for d in names]),
        np.array([shown[documents == d].max(axis=0) for d in names]),
    )
    three = document_agreement(examples.statuses, shown, examples.doc_ids)
    commitments = commitment_metrics(examples.commitments, committed >= 0.5)
    kinds = ", ".join(f"{kind} {m['f1']:.2f}" for kind, m in commitments["kinds"].items())
    print(
        f"{name:<34} sections found {sections['found_macro_f1']:.3f} covered {sections['covered_macro_f1']:.3f} | "
        f"documents found {by_doc['found_macro_f1']:.3f} covered {by_doc['covered_macro_f1']:.3f} "
        f"3-status macro-F1 {three:.3f} | commitments pooled {commitments['pooled_f1']:.3f} "
        f"({kinds})"
    )


def main() -> None:
    corpus = load_corpus("data")
    model, _ = load_model()
    train_ids = corpus.ids("train")
    oof = dict(zip(train_ids, model.cv_passage_scores_, strict=True))
    annotated = [i for i in train_ids if i in set(corpus.criteria["doc_id"])]
    examples = checklist_examples(corpus, prepare(corpus, annotated)).with_scores(oof)
    organisation = corpus.documents.set_index("id")["organisation"]
    groups = np.array([organisation[d] for d in examples.doc_ids])
    print(f"{len(annotated)} training documents, {len(examples.texts)} annotated sections")
    shipped = out_of_fold(examples, groups)
    for threshold in Checklist().thresholds:
        report(f"shipped, threshold {threshold}", examples, *shipped, threshold)
    no_words = out_of_fold(examples, groups, max_features=1)
    report("without the TF-IDF view, 0.7", examples, *no_words, 0.7)
    for share in (1 / 3, 2 / 3):
        report(f"{share:.0%} of the documents, 0.7", examples, *out_of_fold(examples, groups, share), 0.7)


if __name__ == "__main__":
    main()
