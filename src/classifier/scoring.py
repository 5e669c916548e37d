"""One document in, one scored record out (SPEC §4): extract → segment → nlp → model."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import numpy as np

from .checklist import claimed_type, document_checklist, questions, title_and_opening
from .clean import clean_pages
from .config import LIMITS, Limits
from .extract import ExtractionError, extract_text
from .labels import DIMENSIONS, doc_type_from_coverage, doc_type_probabilities, summarise
from .language import detect_language
from .nlp import AnalysedPassage, analyse_passages
from .review import review_reasons
from .segment import Passage, segment_pages

#: Keys of a scored record, in the order of SPEC §4.
RECORD_KEYS = (
    "file", "doc_type", "doc_type_confidence", "claimed_type", "dimensions", "missing", "summary",
    "questions", "language", "pages", "words", "warnings", "needs_review", "review_reasons", "model",
)  # fmt: skip
MAX_EVIDENCE = 3
_EVIDENCE_MIN_WORDS = 12
#: Above this share of amounts and numbers among its words, a passage reads as a table row.
_EVIDENCE_MAX_NUMBERS = 0.2
_THOUSANDS = re.compile(r"(?<=\d)[ \u00a0\u202f](?=\d{3}\b)")
_NUMBER = re.compile(r"^[(]?[-+]?\d[\d.,'%]*[$€£]?[)]?$|^(?:\$|€|£|chf|k\$|k€|m\$|m€)$", re.IGNORECASE)


def score_file(
    path: str | Path,
    model,
    card: dict,
    limits: Limits = LIMITS,
    name: str | None = None,
    member: tuple[str, ...] = (),
    analyse: Callable = analyse_passages,
) -> dict:
    """Score one file (or one `member` of the archive at `path`); a file that cannot be read gives
    an error record, never an exception. `analyse` is `nlp.analyse_passages` or what stands for
    it (the batch runner's helper process)."""
    name = name or "!".join([str(path), *member])
    try:
        extracted = extract_text(path, limits, member=member, name=name)
    except ExtractionError as exc:
        return error_record(name, exc.code, exc.message)
    return score_pages(extracted.pages, model, card, name, extracted.warnings, limits, analyse)


def error_record(name: str, code: str, message: str) -> dict:
    return {"file": name, "error": {"code": code, "message": message}}


def score_pages(
    pages: list[str],
    model,
    card: dict,
    name: str,
    warnings: list[str] | None = None,
    limits: Limits = LIMITS,
    analyse: Callable = analyse_passages,
) -> dict:
    """Score cleaned pages of text. Evidence items also carry their `heading`, for reports."""
    text = "\n".join(pages)
    words = len(text.split())
    language, trust = text_warnings(text, limits)
    warnings = list(warnings or []) + trust
    passages = segment_pages(pages)
    analysed = analyse(passages, vectors=model.use_vectors)
    scores, coverage, gated = model.score_document_gated(analysed)
    thresholds = model.threshold_vector()
    coverage = np.round(np.asarray(coverage, dtype=float), 3)  # as shown, so `covered` agrees with `score`
    covered = {dim: bool(coverage[j] >= thresholds[j]) for j, dim in enumerate(DIMENSIONS)}
    doc_type = doc_type_from_coverage(covered)
    confidence = doc_type_probabilities(dict(zip(DIMENSIONS, coverage, strict=True)))[doc_type]
    reasons = review_reasons(coverage, thresholds, gated, warnings)
    dimensions = {
        dim: {
            "covered": covered[dim],
            "score": round(float(coverage[j]), 3),
            "evidence": _evidence(passages, scores[:, j]) if covered[dim] else [],
        }
        for j, dim in enumerate(DIMENSIONS)
    }
    claimed, claimed_from, asked = None, "", []
    checklist = getattr(model, "checklist_", None)
    if checklist is not None:
        criteria, commitments = document_checklist(checklist, analysed, scores, covered)
        for dim in DIMENSIONS:
            dimensions[dim]["criteria"] = criteria[dim]
            if dim in commitments:
                dimensions[dim]["commitments"] = commitments[dim]
        claimed, claimed_from = claimed_type(*title_and_opening(text))
        asked = questions(doc_type, claimed, criteria, commitments)
    return {
        "file": name,
        "doc_type": doc_type,
        "doc_type_confidence": round(float(confidence), 3),
        "claimed_type": claimed,
        "claimed_from": claimed_from,
        "dimensions": dimensions,
        "missing": [dim for dim in DIMENSIONS if not covered[dim]],
        "summary": summarise(doc_type, covered, planless_genre=gated),
        "questions": asked,
        "language": language,
        "pages": len(pages),
        "words": words,
        "warnings": warnings,
        "needs_review": bool(reasons),
        "review_reasons": reasons,
        "model": {"name": card.get("name", ""), "version": card.get("version", ""), "sha256": card.get("sha256", "")},
    }


def analyse_text(text: str, vectors: bool = False) -> tuple[str, list[AnalysedPassage]]:
    """A text given as a string (not a file), read as scoring reads a document: cleaned like an
    extracted page, cut into passages, analysed. Returns (cleaned text, analysed passages)."""
    pages = clean_pages([text])
    return pages[0], analyse_passages(segment_pages(pages), vectors=vectors)


def text_warnings(text: str, limits: Limits = LIMITS) -> tuple[str, list[str]]:
    """The text's language, and what about the text itself lowers trust in its scores: not
    French, very short."""
    warnings = []
    language, share = detect_language(text)
    if language != "fr":
        # Scored anyway: the analyst decides, but the French model's scores mean little here.
        percent = f"{share * 100:.0f}\u00a0%"  # French: a (no-break) space before the sign
        warnings.append(f"not_french: langue détectée « {language} » ({percent}), scores peu fiables")
    words = len(text.split())
    if words < limits.min_words_warning:
        warnings.append(f"short_text: texte très court ({words} mots), jugement fragile")
    return language, warnings


def _evidence(passages: list[Passage], scores: np.ndarray) -> list[dict]:
    """The 1–3 best passages for a covered dimension: those above 0.5, or at least the best one.

    A caption or a table proves little to a reader, so prose passages come first when there
    are any: at least `_EVIDENCE_MIN_WORDS` words, and not mostly amounts and numbers.
    """
    substantive = np.array([_reads_as_prose(p) for p in passages])
    order = np.lexsort((-scores, ~substantive))[:MAX_EVIDENCE] if substantive.any() else np.argsort(-scores)[:1]
    chosen = [i for i in order if scores[i] >= 0.5 and substantive[i]] or list(order[:1])
    return [
        {
            "text": passages[i].text,
            "page": passages[i].page,
            "score": round(float(scores[i]), 3),
            "heading": passages[i].heading,
        }
        for i in chosen
    ]


def _reads_as_prose(passage: Passage) -> bool:
    """Long enough, and not a row of a budget table.

    >>> _reads_as_prose(Passage("Axe 1 — Gouvernance 68 000 $ Axe 2 — Modèle d'affaires 34 000 $ Axe 3 — Réseau 96 000 $", 1, ""))
    False
    >>> _reads_as_prose(Passage("Un comité du numérique se réunira quatre fois par année, avec un budget de 12 000 $.", 1, ""))
    True
    >>> _reads_as_prose(Passage("faire passer l'infolettre de l'artiste de 2 900 à 5 000 abonnés;", 1, ""))
    True
    """
    tokens = _THOUSANDS.sub("", passage.text).split()  # "12 000 $" is one amount, not two numbers
    numbers = sum(bool(_NUMBER.match(token)) for token in tokens)
    return passage.words >= _EVIDENCE_MIN_WORDS and numbers <= _EVIDENCE_MAX_NUMBERS * max(len(tokens), 1)


def to_schema(record: dict) -> dict:
    """The record exactly as SPEC §4 defines it (drops what only reports use)."""
    if "error" in record:
        return {"file": record["file"], "error": dict(record["error"])}
    out = {key: record[key] for key in RECORD_KEYS if key in record}
    out["dimensions"] = {}
    for dim, value in record["dimensions"].items():
        out["dimensions"][dim] = {
            "covered": value["covered"],
            "score": value["score"],
            "evidence": [{k: e[k] for k in ("text", "page", "score")} for e in value["evidence"]],
        }
        for part in ("criteria", "commitments"):
            if part in value:
                out["dimensions"][dim][part] = value[part]
    return out
