"""When a type decision is fragile enough that the analyst should read the document first (SPEC §4)."""

from __future__ import annotations

import numpy as np

from .config import REVIEW
from .labels import DIMENSIONS, doc_type_from_coverage, doc_types

#: Why a type decision is fragile, in the order they are listed.
REVIEW_REASONS = ("near_threshold", "gated", "short_text", "not_french", "ocr")


def review_reasons(
    coverage: np.ndarray, thresholds: np.ndarray, gated: bool, warnings: list[str], margin: float = REVIEW.margin
) -> list[str]:
    """Why the type decision is fragile, if it is: the analyst reads these documents first.

    `near_threshold` when a dimension's score lies within `margin` of its threshold in
    log-odds (so the margin means the same near a threshold of 0.25 as near one of 0.5) and
    flipping that dimension would change the type (a strategy's technology score near its
    threshold changes nothing); `gated` when the out-of-scope gate decided; `short_text`,
    `not_french` and `ocr` from the warnings.

    >>> review_reasons(np.array([0.9, 0.55, 0.1]), np.array([0.5, 0.5, 0.5]), False, [], margin=1.0)
    []
    >>> review_reasons(np.array([0.3, 0.55, 0.1]), np.array([0.5, 0.5, 0.5]), False, ["short_text: …"], margin=1.0)
    ['near_threshold', 'short_text']
    """
    covered = np.asarray(coverage) >= np.asarray(thresholds)
    current = doc_type_from_coverage(dict(zip(DIMENSIONS, covered, strict=True)))
    reasons = []
    for j in range(len(DIMENSIONS)):
        if abs(log_odds(coverage[j]) - log_odds(thresholds[j])) < margin:
            flipped = covered.copy()
            flipped[j] = not flipped[j]
            if doc_type_from_coverage(dict(zip(DIMENSIONS, flipped, strict=True))) != current:
                reasons.append("near_threshold")
                break
    if gated:
        reasons.append("gated")
    codes = {warning.split(":", 1)[0] for warning in warnings}
    reasons += [code for code in ("short_text", "not_french", "ocr") if code in codes]
    return reasons


def log_odds(p):
    """log(p / (1 - p)) of a probability or an array of them, with p kept away from 0 and 1.

    >>> round(float(log_odds(0.5)), 6), round(float(log_odds(0.9)), 3)
    (0.0, 2.197)
    """
    p = np.clip(np.asarray(p, dtype=float), 1e-6, 1 - 1e-6)
    return np.log(p / (1 - p))


def review_tradeoff(
    Y: np.ndarray,
    probabilities: np.ndarray,
    thresholds: np.ndarray,
    gated: np.ndarray,
    warnings: list[list[str]],
    margins: tuple[float, ...] = (0.0, 0.25, 0.5, 0.75, 1.0, 1.25, 1.5),
) -> list[dict]:
    """For each margin: the share of documents flagged `needs_review` and the type accuracy
    on the flagged and the other documents (what an analyst gains by reading the flagged first)."""
    truth = doc_types(Y)
    predicted = doc_types((np.asarray(probabilities) >= np.asarray(thresholds)).astype(int))
    right = np.array([t == p for t, p in zip(truth, predicted, strict=True)])
    rows = []
    for margin in margins:
        flagged = np.array(
            [
                bool(review_reasons(probabilities[i], thresholds[i], bool(gated[i]), warnings[i], margin))
                for i in range(len(truth))
            ]
        )
        rows.append(
            {
                "margin": margin,
                "flagged_share": round(float(flagged.mean()), 3),
                "accuracy_flagged": round(float(right[flagged].mean()), 3) if flagged.any() else None,
                "accuracy_rest": round(float(right[~flagged].mean()), 3) if (~flagged).any() else None,
            }
        )
    return rows
