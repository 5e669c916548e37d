"""Classify French strategy documents of cultural organisations (SPEC §1–§2).

    >>> from classifier import DIMENSIONS, DOC_TYPES
    >>> list(DIMENSIONS), len(DOC_TYPES)
    (['marketing', 'technology', 'reorganisation'], 4)

Typical use: `model, card = load_model()` then `score_file("plan.pdf", model, card)`.
"""

from .extract import ExtractionError, extract_text
from .labels import DIMENSIONS, DOC_TYPES, doc_type_from_coverage
from .model import DocumentClassifier
from .persist import ModelError, load_model
from .scoring import score_file, to_schema

__all__ = [
    "DIMENSIONS",
    "DOC_TYPES",
    "DocumentClassifier",
    "ExtractionError",
    "ModelError",
    "doc_type_from_coverage",
    "extract_text",
    "load_model",
    "score_file",
    "to_schema",
]
