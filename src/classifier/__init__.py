"""Classify French strategy documents of cultural organisations (SPEC §1–§2).

    >>> from classifier import DIMENSIONS, DOC_TYPES
    >>> list(DIMENSIONS), len(DOC_TYPES)
    (['marketing', 'technology', 'reorganisation'], 4)

Typical use (SPEC §9)::

    import classifier
    clf = classifier.load()                    # the default model, or classifier.load("models/candidate")
    record = clf.score("plan.pdf")             # one SPEC §4 record
    table = clf.score_many(["dossier/"], jobs=2)   # a pandas DataFrame, the CSV's columns
"""

from importlib import import_module

# Imported on first use: `classify` must not pay for scikit-learn in processes that only
# dispatch work (the batch parent), and the labels are needed everywhere.
from .labels import DIMENSIONS, DOC_TYPES, doc_type_from_coverage

_LAZY = {
    "Classifier": "api",
    "load": "api",
    "DocumentClassifier": "model",
    "ExtractionError": "extract",
    "extract_text": "extract",
    "ModelError": "persist",
    "load_model": "persist",
    "score_file": "scoring",
    "to_schema": "scoring",
}

__all__ = ["DIMENSIONS", "DOC_TYPES", "doc_type_from_coverage", *_LAZY]


def __getattr__(name: str):
    if name in _LAZY:
        return getattr(import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(f"module 'classifier' has no attribute {name!r}")
