"""Text clean-up shared by every extractor: Unicode, hyphenation, running headers and footers."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

# Characters that carry no text: soft hyphen, PDFium's de-hyphenation marks, zero-width
# spaces and joiners, byte-order marks, and C0 controls other than tab, newline, form feed.
_INVISIBLE = re.compile(r"[\u00ad\u0002\ufffe\ufeff\u200b-\u200d\u2060\x00-\x08\x0b\x0e-\x1f\x7f]")
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u02bc": "'", "\u2018": "'"})
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
# A word cut at the end of a line: "numé-\nrique" (only before a lower-case continuation).
_HYPHENATED = re.compile(r"(\w)-\n([a-zàâäçéèêëîïôöûùüÿœæ]\S*) ?")
_PAGE_NUMBER = re.compile(
    r"^(?:[-–—]\s*)?(?:page|p\.)?\s*\d{1,4}(?:\s*(?:/|sur|de|of)\s*\d{1,4})?(?:\s*[-–—])?$",
    re.IGNORECASE,
)


def normalise_text(text: str) -> str:
    """Normalise Unicode (NFKC, so ligatures split), strip invisible characters, tidy spaces.

    Line breaks are kept: they carry the layout that segmentation needs. Idempotent.

    >>> normalise_text("straté\\u00adgie  ef\\ufb01cace\\r\\nl\\u2019équipe")
    "stratégie efficace\\nl'équipe"
    """
    text = unicodedata.normalize("NFKC", text)
    text = _INVISIBLE.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = text.translate(_APOSTROPHES)
    lines = (_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return unicodedata.normalize("NFKC", "\n".join(lines))


def join_hyphenated(text: str) -> str:
    """Re-join words split by a hyphen at a line end; the line break moves after the word.

    >>> join_hyphenated("la straté-\\ngie numérique")
    'la stratégie\\nnumérique'
    """
    return _HYPHENATED.sub(r"\1\2\n", text)


def _line_key(line: str) -> str:
    """Lines that differ only by digits (page numbers, dates) count as the same line."""
    return re.sub(r"\d+", "#", line.lower()).strip()


def remove_running_lines(pages: list[str], edge: int = 3, share: float = 0.5) -> list[str]:
    """Drop running headers/footers and bare page numbers.

    A line is running when it appears (digits aside) among the first or last `edge`
    non-blank lines of at least `share` of the pages (and of two pages at least).
    """
    split = [page.split("\n") for page in pages]
    running: set[str] = set()
    if len(pages) >= 2:
        counts: Counter[str] = Counter()
        for lines in split:
            nonblank = [ln for ln in lines if ln.strip()]
            counts.update({_line_key(ln) for ln in nonblank[:edge] + nonblank[-edge:]})
        running = {key for key, n in counts.items() if n >= max(2, share * len(pages))}
    cleaned = []
    for lines in split:
        nonblank_idx = [i for i, ln in enumerate(lines) if ln.strip()]
        edges = set(nonblank_idx[:edge] + nonblank_idx[-edge:])
        kept = [
            ln
            for i, ln in enumerate(lines)
            if not (i in edges and (_line_key(ln) in running or _PAGE_NUMBER.match(ln.strip())))
        ]
        cleaned.append("\n".join(kept).strip("\n"))
    return cleaned


def clean_pages(pages: list[str]) -> list[str]:
    """The whole clean-up, page by page: normalise, re-join hyphenation, drop running lines."""
    pages = [join_hyphenated(normalise_text(page)) for page in pages]
    return remove_running_lines(pages)
