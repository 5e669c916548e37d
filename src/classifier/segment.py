"""Cleaned pages → passages: the units that are scored and quoted as evidence.

A passage is a paragraph (or a run of short paragraphs and list items, or a slice of a
long paragraph cut at sentence ends) that stays inside one section and keeps the page
where it starts and the heading it sits under.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .config import SEGMENT, SegmentConfig


@dataclass(frozen=True)
class Passage:
    """One evidence unit. `page` is 1-based; `heading` is the section it belongs to."""

    text: str
    page: int
    heading: str

    @property
    def words(self) -> int:
        return len(self.text.split())


#: Lines longer than this were not wrapped by a layout: each is a paragraph of its own.
_UNWRAPPED = 200
_LIST_ITEM = re.compile(r"^(?:[-•*–▪◦·]|\d{1,2}[.)])\s+")
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+(?=[«\"(\dA-ZÀ-ÖØ-Ý])")
# A line ending in one of these words continues on the next line, so it is no heading.
_CONTINUATION = {
    "de", "des", "du", "la", "le", "les", "l'", "d'", "un", "une", "et", "ou", "à", "au", "aux", "en",
    "pour", "par", "sur", "dans", "avec", "que", "qui", "dont", "leur", "leurs", "nos", "notre", "ses",
}  # fmt: skip


def heading_key(text: str) -> str:
    """Compare headings without case, markup, punctuation or spacing.

    >>> heading_key("## Axe 2 — Publics !")
    'axe 2 publics'
    """
    return " ".join(re.findall(r"\w+", text.casefold()))


def segment_pages(
    pages: Sequence[str], known_headings: Iterable[str] = (), config: SegmentConfig = SEGMENT
) -> list[Passage]:
    """Cut cleaned pages into passages, in reading order.

    Headings are Markdown `#` lines (extractors mark the headings they know), lines equal
    to one of `known_headings`, or short title-like lines after a sentence end.

    >>> [p.heading for p in segment_pages(["# Plan\\n\\n## Axe 1\\n\\nNous ferons une campagne."])]
    ['Axe 1']
    """
    known = {heading_key(h) for h in known_headings}
    blocks = _blocks(pages, known)
    return _passages(blocks, config)


def _blocks(pages: Sequence[str], known: set[str]) -> list[tuple[str, int, str]]:
    """(heading, page, text) for each paragraph or list item."""
    blocks: list[tuple[str, int, str]] = []
    heading, lines, start_page = "", [], 1
    previous_ended = True

    def flush() -> None:
        if lines:
            blocks.append((heading, start_page, " ".join(lines)))
            lines.clear()

    numbered = [(number, line.strip()) for number, page in enumerate(pages, start=1) for line in page.split("\n")]
    texts = [line for _, line in numbered]
    skip = 0
    for index, (page_number, line) in enumerate(numbered):
        if skip:
            skip -= 1
            continue
        if not line:
            flush()
            previous_ended = True
            continue
        if line.startswith("#"):
            flush()
            heading, previous_ended = line.lstrip("#").strip(), True
            continue
        wrapped = _wrapped_heading(texts, index, known)
        if wrapped:
            flush()
            (heading, skip), previous_ended = wrapped, True
            continue
        following = next((ln for ln in texts[index + 1 : index + 50] if ln), "")
        if previous_ended and _looks_like_heading(line) and not following[:1].islower():
            flush()
            heading, previous_ended = line, True
            continue
        item = _LIST_ITEM.match(line)
        if item:
            flush()
            line = line[item.end() :]
            if not line:
                continue
        if not lines:
            start_page = page_number
        lines.append(line)
        previous_ended = line[-1] in ".!?:;»)…"
        if previous_ended and len(line) > _UNWRAPPED:
            flush()  # a whole paragraph on one line: text that was never hard-wrapped
    flush()
    return blocks


def _wrapped_heading(lines: list[str], index: int, known: set[str]) -> tuple[str, int] | None:
    """A known heading on this line, or wrapped over the next lines (as long titles are in PDFs):
    (heading, number of extra lines it took)."""
    if not known:
        return None
    text = lines[index].strip()
    for extra in range(4):
        key = heading_key(text)
        if key in known:
            return text, extra
        if index + extra + 1 >= len(lines) or not any(k.startswith(key + " ") for k in known):
            return None
        text += " " + lines[index + extra + 1].strip()
    return None


def _looks_like_heading(line: str) -> bool:
    # "…et il y a la technologie !" opens a section too, lower case and all.
    stripped = line.lstrip(".…").lstrip()
    words = stripped.split()
    return (
        bool(words)
        and len(words) <= 12
        and len(line) <= 80
        and (stripped[0].isupper() or stripped[0].isdigit() or stripped != line)
        and line[-1] not in ".,;:-–"
        and words[-1].lower() not in _CONTINUATION
        and not _LIST_ITEM.match(line)
        and not re.search(r"[$€£%]", line)  # table rows of figures, not titles
        and sum(any(c.isdigit() for c in w) for w in words) < 2
    )


def _passages(blocks: list[tuple[str, int, str]], config: SegmentConfig) -> list[Passage]:
    passages: list[Passage] = []
    pending: list[str] = []
    pending_head, pending_page = "", 1

    def flush() -> None:
        if pending:
            passages.append(Passage(" ".join(pending), pending_page, pending_head))
            pending.clear()

    for heading, page, text in blocks:
        if pending and heading != pending_head:
            flush()
        for piece in _split_long(text, config.max_words):
            size = len(piece.split())
            if pending and sum(len(p.split()) for p in pending) + size > config.max_words:
                flush()
            if not pending:
                pending_head, pending_page = heading, page
            pending.append(piece)
            if sum(len(p.split()) for p in pending) >= config.min_words:
                flush()
    flush()
    return passages


def _split_long(text: str, max_words: int) -> list[str]:
    """Slices of at most `max_words` words, cut at sentence ends where there are any."""
    if len(text.split()) <= max_words:
        return [text]
    pieces: list[str] = []
    current: list[str] = []
    for sentence in _SENTENCE_END.split(text):
        words = sentence.split()
        while len(words) > max_words:  # a "sentence" with no full stop in sight
            if current:
                pieces.append(" ".join(current))
                current = []
            pieces.append(" ".join(words[:max_words]))
            words = words[max_words:]
        if current and len(current) + len(words) > max_words:
            pieces.append(" ".join(current))
            current = []
        current.extend(words)
    if current:
        pieces.append(" ".join(current))
    return pieces
