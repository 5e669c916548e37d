#!/usr/bin/env python3
"""Render Markdown / plain-text documents into PDF, DOCX, ODT and HTML files.

Why this exists: the French document corpus must contain files in the formats
that organisations actually publish (PDF reports, Word and LibreOffice
documents, web pages), so that ingestion and text extraction are exercised on
realistic inputs rather than on clean text only. The documents are written as
Markdown or plain text; this script is run once to turn them into those
formats. The rendered file replaces its source, and git history keeps the
original text.

Usage::

    python scripts/render_corpus.py PLAN.csv
    python scripts/render_corpus.py --fixtures tests/fixtures

``PLAN.csv`` has the columns ``source,target,organisation``. Paths inside it
are relative to the repository root, and the target format is chosen from the
target's extension (``.pdf``, ``.docx``, ``.odt``, ``.html``/``.htm``).
"""

from __future__ import annotations

import argparse
import csv
import functools
import hashlib
import html
import io
import re
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape as xml_escape

from docx import Document as new_docx
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.text.paragraph import Paragraph as DocxParagraph
from odf import dc, teletype
from odf import meta as odf_meta
from odf import style as odf_style
from odf import table as odf_table
from odf import text as odf_text
from odf.opendocument import OpenDocumentText
from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    ListFlowable,
    ListItem,
    PageBreak,
    PageTemplate,
    Table,
    TableStyle,
)
from reportlab.platypus import (
    Paragraph as PdfParagraph,
)

REPO_ROOT = Path(__file__).resolve().parent.parent
SOURCE_SUFFIXES = frozenset({".md", ".markdown", ".txt"})
TARGET_SUFFIXES = frozenset({".pdf", ".docx", ".odt", ".html", ".htm"})


# --------------------------------------------------------------------------
# Document model
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Span:
    """A run of text with uniform emphasis.

    Inline markup is parsed once, at read time, so that every renderer applies
    the same bold/italic decisions and none of them sees raw ``**`` markers.
    """

    text: str
    bold: bool = False
    italic: bool = False


Inline = tuple[Span, ...]


@dataclass(frozen=True)
class Heading:
    """A section heading: level 2 for ``##``, level 3 for ``###`` and deeper."""

    level: int
    content: Inline


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of running text."""

    content: Inline


@dataclass(frozen=True)
class ListBlock:
    """A bullet list, or a numbered list when ``ordered`` is true."""

    items: tuple[Inline, ...]
    ordered: bool


@dataclass(frozen=True)
class TableBlock:
    """A table; every row has the same number of cells (short rows are padded)."""

    header: tuple[Inline, ...] | None
    rows: tuple[tuple[Inline, ...], ...]

    @property
    def width(self) -> int:
        """Number of columns."""
        return len(self.header) if self.header is not None else len(self.rows[0])

    def all_rows(self) -> list[tuple[Inline, ...]]:
        """Header row (if any) followed by the body rows."""
        return ([self.header] if self.header is not None else []) + list(self.rows)


Block = Heading | Paragraph | ListBlock | TableBlock


@dataclass(frozen=True)
class Document:
    """A parsed document: a plain-text title and a sequence of blocks."""

    title: str
    blocks: tuple[Block, ...]


def plain(content: Inline) -> str:
    """Return the text of some inline content without formatting."""
    return "".join(span.text for span in content)


# --------------------------------------------------------------------------
# Parsing
# --------------------------------------------------------------------------

_LINK_RE = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_CODE_RE = re.compile(r"`([^`]*)`")
_EMPHASIS_RE = re.compile(
    r"\*\*\*(?P<bold_italic>[^*]+?)\*\*\*"
    r"|\*\*(?P<bold>.+?)\*\*(?!\*)"
    r"|__(?P<bold2>.+?)__"
    r"|(?<![\w*])\*(?P<italic>[^*\s](?:[^*]*?[^*\s])?)\*(?![\w*])"
    r"|(?<![\w_])_(?P<italic2>[^_\s](?:[^_]*?[^_\s])?)_(?![\w_])"
)
_HEADING_RE = re.compile(r"^(#{1,6})\s+(.*?)(?:\s+#+)?\s*$")
_LIST_ITEM_RE = re.compile(r"^(\s*)([-*+]|\d{1,3}[.)])\s+(.*)$")
_RULE_RE = re.compile(r"^([-*_])(?:\s*\1){2,}$")
_TABLE_SEPARATOR_RE = re.compile(r"^\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)*\|?$")
_FENCE_RE = re.compile(r"^(```|~~~)")
_TXT_BULLET_RE = re.compile(r"^[-*•–]\s+(.*)$")


def parse_inline(text: str, *, bold: bool = False, italic: bool = False) -> Inline:
    """Split Markdown inline text into spans, honouring ``**bold**`` and ``*italic*``.

    Links keep their label and inline code keeps its content: the corpus needs
    the words, not the Markdown syntax.
    """
    text = _CODE_RE.sub(r"\1", _LINK_RE.sub(r"\1", text))
    spans: list[Span] = []
    position = 0
    for match in _EMPHASIS_RE.finditer(text):
        if match.start() > position:
            spans.append(Span(text[position : match.start()], bold, italic))
        group = match.lastgroup or ""
        inner = match.group(group)
        spans.extend(
            parse_inline(
                inner,
                bold=bold or group.startswith("bold"),
                italic=italic or "italic" in group,
            )
        )
        position = match.end()
    if position < len(text):
        spans.append(Span(text[position:], bold, italic))
    return _merge_spans(spans)


def _merge_spans(spans: Sequence[Span]) -> Inline:
    """Drop empty spans and join neighbours that share the same formatting."""
    merged: list[Span] = []
    for span in spans:
        if not span.text:
            continue
        if merged and (merged[-1].bold, merged[-1].italic) == (span.bold, span.italic):
            merged[-1] = replace(merged[-1], text=merged[-1].text + span.text)
        else:
            merged.append(span)
    return tuple(merged)


def _split_table_row(line: str) -> list[str]:
    """Split ``| a | b |`` into cells, keeping escaped ``\\|`` pipes as text."""
    row = line.strip()
    if row.startswith("|"):
        row = row[1:]
    if row.endswith("|") and not row.endswith("\\|"):
        row = row[:-1]
    return [cell.strip().replace("\\|", "|") for cell in re.split(r"(?<!\\)\|", row)]


def _parse_table(lines: Sequence[str]) -> TableBlock | None:
    """Build a table from consecutive pipe-table lines (None if it has no cells)."""
    has_header = len(lines) > 1 and bool(_TABLE_SEPARATOR_RE.match(lines[1].strip()))
    raw_rows = [_split_table_row(line) for line in lines if not _TABLE_SEPARATOR_RE.match(line.strip())]
    if not raw_rows:
        return None
    width = max(len(row) for row in raw_rows)
    rows = [tuple(parse_inline(cell) for cell in row + [""] * (width - len(row))) for row in raw_rows]
    if has_header:
        return TableBlock(header=rows[0], rows=tuple(rows[1:]))
    return TableBlock(header=None, rows=tuple(rows))


def _starts_block(line: str) -> bool:
    """Tell whether a Markdown line interrupts the paragraph or list item before it."""
    stripped = line.strip()
    return bool(
        _HEADING_RE.match(stripped)
        or _RULE_RE.match(stripped)
        or _FENCE_RE.match(stripped)
        or stripped.startswith("|")
        or _LIST_ITEM_RE.match(line)
    )


def _is_ordered_marker(marker: str) -> bool:
    return marker[0].isdigit()


def parse_markdown(text: str, fallback_title: str) -> Document:
    """Parse the Markdown subset used by the corpus.

    Supported: ``#``/``##``/``###`` headings, paragraphs, bullet and numbered
    lists (nesting is flattened), pipe tables, bold/italic, horizontal rules
    (dropped) and block quotes (kept as paragraphs). The first ``#`` heading is
    the title; without one, ``fallback_title`` is used.
    """
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    title: str | None = None
    blocks: list[Block] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        stripped = line.strip()
        if not stripped or _RULE_RE.match(stripped) or _FENCE_RE.match(stripped):
            index += 1
            continue
        heading = _HEADING_RE.match(stripped)
        if heading:
            level = len(heading.group(1))
            content = parse_inline(heading.group(2))
            if level == 1 and title is None:
                title = plain(content).strip()
            else:
                blocks.append(Heading(min(max(level, 2), 3), content))
            index += 1
            continue
        if stripped.startswith("|"):
            table_lines = []
            while index < len(lines) and lines[index].strip().startswith("|"):
                table_lines.append(lines[index])
                index += 1
            table = _parse_table(table_lines)
            if table is not None:
                blocks.append(table)
            continue
        item = _LIST_ITEM_RE.match(line)
        if item:
            block, index = _parse_list(lines, index)
            blocks.append(block)
            continue
        paragraph_lines = [stripped.removeprefix(">").strip()]
        index += 1
        while index < len(lines) and lines[index].strip() and not _starts_block(lines[index]):
            paragraph_lines.append(lines[index].strip().removeprefix(">").strip())
            index += 1
        blocks.append(Paragraph(parse_inline(" ".join(paragraph_lines))))
    return Document(title=title or fallback_title, blocks=tuple(blocks))


def _parse_list(lines: Sequence[str], index: int) -> tuple[ListBlock, int]:
    """Read one list starting at ``lines[index]``; return it and the next index.

    The list ends at a blank line not followed by another item of the same
    kind, at a marker of the other kind (bullet vs number), or at a block start.
    """
    first = _LIST_ITEM_RE.match(lines[index])
    assert first is not None
    ordered = _is_ordered_marker(first.group(2))
    items: list[list[str]] = []
    while index < len(lines):
        line = lines[index]
        item = _LIST_ITEM_RE.match(line)
        if item and _is_ordered_marker(item.group(2)) == ordered:
            items.append([item.group(3).strip()])
            index += 1
        elif item or _starts_block(line):
            break
        elif not line.strip():
            following = index + 1
            while following < len(lines) and not lines[following].strip():
                following += 1
            after = _LIST_ITEM_RE.match(lines[following]) if following < len(lines) else None
            if not (after and _is_ordered_marker(after.group(2)) == ordered):
                break
            index = following
        else:
            items[-1].append(line.strip())
            index += 1
    return ListBlock(tuple(parse_inline(" ".join(i)) for i in items), ordered), index


def _ends_sentence(line: str) -> bool:
    """Tell whether a plain-text line ends with closing punctuation."""
    return line.rstrip()[-1:] in {".", "!", "?", ":", ";", "…", "»", '"', ")"}


def _looks_like_txt_heading(line: str, preceded_by_break: bool, next_line: str) -> bool:
    """Apply the plain-text heading rule.

    A heading is short (at most 12 words), does not end like a clause (``.``,
    ``,``, ``;`` or ``:``), starts after a blank line (or the title), and is
    followed by a blank line or by a paragraph. A next line starting in lower
    case continues the same sentence, so the first line of a hard-wrapped
    paragraph is not mistaken for a heading.
    """
    if not preceded_by_break or len(line.split()) > 12 or line[-1] in ".,;:":
        return False
    return not next_line or not next_line[0].islower()


def parse_text(text: str, fallback_title: str) -> Document:
    """Parse a plain-text document.

    The first non-blank line is the title. Each following line is a paragraph,
    except headings (see :func:`_looks_like_txt_heading`), ``-``/``•`` bullet
    lines, and hard-wrapped continuations (a line starting in lower case after
    a line that does not end a sentence), which are joined to their paragraph.
    """
    lines = [line.strip() for line in text.replace("\r\n", "\n").split("\n")]
    start = next((i for i, line in enumerate(lines) if line), None)
    if start is None:
        return Document(title=fallback_title, blocks=())
    title = lines[start]
    rest = lines[start + 1 :]
    blocks: list[Block] = []
    for index, line in enumerate(rest):
        if not line:
            continue
        previous = rest[index - 1] if index > 0 else ""
        next_line = rest[index + 1] if index + 1 < len(rest) else ""
        bullet = _TXT_BULLET_RE.match(line)
        if bullet:
            item = (Span(bullet.group(1)),)
            last = blocks[-1] if blocks else None
            if isinstance(last, ListBlock) and not last.ordered:
                blocks[-1] = ListBlock((*last.items, item), ordered=False)
            else:
                blocks.append(ListBlock((item,), ordered=False))
        elif _looks_like_txt_heading(line, not previous or index == 0, next_line):
            blocks.append(Heading(2, (Span(line),)))
        elif (
            previous
            and blocks
            and isinstance(blocks[-1], Paragraph)
            and not _ends_sentence(previous)
            and line[0].islower()
        ):
            blocks[-1] = Paragraph((Span(plain(blocks[-1].content) + " " + line),))
        else:
            blocks.append(Paragraph((Span(line),)))
    return Document(title=title, blocks=tuple(blocks))


def read_document(path: Path) -> Document:
    """Read a ``.md``/``.markdown`` or ``.txt`` file into a :class:`Document`."""
    text = path.read_text(encoding="utf-8-sig")
    fallback_title = path.stem.replace("-", " ").replace("_", " ")
    if path.suffix.lower() == ".txt":
        return parse_text(text, fallback_title)
    return parse_markdown(text, fallback_title)


# --------------------------------------------------------------------------
# Shared helpers
# --------------------------------------------------------------------------

FOOTER_STYLE_COUNT = 3


def stable_choice(name: str, choices: int = FOOTER_STYLE_COUNT) -> int:
    """Pick an index from a file name, the same way on every run.

    ``hash()`` is salted per process, so a digest is used instead: re-rendering
    a file gives the same layout, while different files get different ones.
    """
    return int.from_bytes(hashlib.sha256(name.encode("utf-8")).digest()[:4]) % choices


# --------------------------------------------------------------------------
# PDF
# --------------------------------------------------------------------------

DEJAVU_DIR = Path("/usr/share/fonts/truetype/dejavu")

# Used only for characters the chosen font cannot draw.
_PDF_FALLBACK_CHARS = {
    "\u2018": "'",
    "\u2019": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u2013": "-",
    "\u2014": "-",
    "\u2011": "-",
    "\u2026": "...",
    "\u0153": "oe",
    "\u0152": "OE",
    "\u2022": "-",
    "\u20ac": "EUR",
    "\u2192": "->",
}

_PDF_FOOTERS = ("Page {page}", "p. {page} / {total}", "Page {page} sur {total}")


@dataclass(frozen=True)
class PdfFonts:
    """Font names for the four faces and a test of which characters they can draw."""

    regular: str
    bold: str
    italic: str
    bold_italic: str
    supports: Callable[[str], bool]


@functools.cache
def pdf_fonts() -> PdfFonts:
    """Register DejaVu Sans when installed, otherwise fall back to Helvetica.

    DejaVu covers every French character (œ, typographic quotes, narrow
    no-break spaces); Helvetica is limited to the Windows-1252 repertoire.
    """
    regular_path = DEJAVU_DIR / "DejaVuSans.ttf"
    if not regular_path.exists():
        return PdfFonts(
            "Helvetica",
            "Helvetica-Bold",
            "Helvetica-Oblique",
            "Helvetica-BoldOblique",
            _encodable_cp1252,
        )
    names: dict[str, str] = {}
    for face in ("DejaVuSans", "DejaVuSans-Bold", "DejaVuSans-Oblique", "DejaVuSans-BoldOblique"):
        path = DEJAVU_DIR / f"{face}.ttf"
        if path.exists():
            pdfmetrics.registerFont(TTFont(face, str(path)))
            names[face] = face
        else:  # a missing style is drawn with the regular face
            names[face] = "DejaVuSans"
    pdfmetrics.registerFontFamily(
        "DejaVuSans",
        normal=names["DejaVuSans"],
        bold=names["DejaVuSans-Bold"],
        italic=names["DejaVuSans-Oblique"],
        boldItalic=names["DejaVuSans-BoldOblique"],
    )
    glyphs: dict[int, int] = pdfmetrics.getFont("DejaVuSans").face.charToGlyph
    return PdfFonts(
        names["DejaVuSans"],
        names["DejaVuSans-Bold"],
        names["DejaVuSans-Oblique"],
        names["DejaVuSans-BoldOblique"],
        lambda char: ord(char) in glyphs,
    )


def _encodable_cp1252(char: str) -> bool:
    """Whether Helvetica (WinAnsi encoding in reportlab) can draw ``char``."""
    try:
        char.encode("cp1252")
    except UnicodeEncodeError:
        return False
    return True


def pdf_safe(text: str, fonts: PdfFonts) -> str:
    """Replace the characters the font cannot draw, and only those."""
    out: list[str] = []
    for char in text:
        if char.isspace():
            out.append(char if fonts.supports(char) else " ")
        elif fonts.supports(char):
            out.append(char)
        else:
            out.append(_PDF_FALLBACK_CHARS.get(char, "?"))
    return "".join(out)


def _pdf_markup(content: Inline, fonts: PdfFonts) -> str:
    """Turn spans into reportlab paragraph markup (escaped text, <b>/<i> tags)."""
    parts: list[str] = []
    for span in content:
        piece = xml_escape(pdf_safe(span.text, fonts))
        if span.italic:
            piece = f"<i>{piece}</i>"
        if span.bold:
            piece = f"<b>{piece}</b>"
        parts.append(piece)
    return "".join(parts)


def _pdf_styles(fonts: PdfFonts, size: float) -> dict[str, ParagraphStyle]:
    """Paragraph styles scaled from the body font size."""
    body = ParagraphStyle(
        "body",
        fontName=fonts.regular,
        fontSize=size,
        leading=size * 1.45,
        spaceAfter=size * 0.7,
        alignment=TA_LEFT,
    )
    heading = {"fontName": fonts.bold, "keepWithNext": 1, "textColor": colors.black}
    return {
        "body": body,
        "title": ParagraphStyle(
            "title",
            parent=body,
            **heading,
            fontSize=size * 1.9,
            leading=size * 2.3,
            spaceAfter=size * 1.4,
        ),
        "h2": ParagraphStyle(
            "h2",
            parent=body,
            **heading,
            fontSize=size * 1.4,
            leading=size * 1.8,
            spaceBefore=size * 1.2,
            spaceAfter=size * 0.6,
        ),
        "h3": ParagraphStyle(
            "h3",
            parent=body,
            **heading,
            fontSize=size * 1.15,
            leading=size * 1.5,
            spaceBefore=size * 0.8,
            spaceAfter=size * 0.4,
        ),
        "item": ParagraphStyle("item", parent=body, spaceAfter=size * 0.25),
        "cell": ParagraphStyle("cell", parent=body, fontSize=size * 0.9, leading=size * 1.2, spaceAfter=0),
        "cell_head": ParagraphStyle(
            "cell_head",
            parent=body,
            fontName=fonts.bold,
            fontSize=size * 0.9,
            leading=size * 1.2,
            spaceAfter=0,
        ),
    }


_CELL_PADDING = 6  # reportlab's default left (and right) cell padding, in points


def _column_widths(table: TableBlock, styles: dict[str, ParagraphStyle], total: float) -> list[float]:
    """Share the width between columns so that no word has to be cut.

    Each column first gets room for its longest word; the rest is shared in
    proportion to the longest cell, capped so that one verbose column cannot
    squeeze the others into a word per line.
    """
    style = styles["cell_head"]
    minimums, weights = [], []
    for col in range(table.width):
        cells = [plain(row[col]) for row in table.all_rows()]
        words = [word for cell in cells for word in cell.split()] or [""]
        longest_word = max(pdfmetrics.stringWidth(word, style.fontName, style.fontSize) for word in words)
        minimums.append(longest_word + 2 * _CELL_PADDING + 1)
        weights.append(min(max(len(cell) for cell in cells), 45) + 6)
    spare = total - sum(minimums)
    if spare <= 0:  # too many columns: shrink them all alike and let words break
        return [total * minimum / sum(minimums) for minimum in minimums]
    return [minimum + spare * weight / sum(weights) for minimum, weight in zip(minimums, weights, strict=True)]


def _pdf_table(table: TableBlock, fonts: PdfFonts, styles: dict[str, ParagraphStyle], width: float) -> Table:
    """A real reportlab table, header row bold and repeated on each page."""
    data = []
    for index, row in enumerate(table.all_rows()):
        style = styles["cell_head"] if index == 0 and table.header else styles["cell"]
        data.append([PdfParagraph(_pdf_markup(cell, fonts), style) for cell in row])
    commands: list[tuple[Any, ...]] = [
        ("GRID", (0, 0), (-1, -1), 0.5, colors.HexColor("#9a9a9a")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    ]
    if table.header is not None:
        commands.append(("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e6e6e6")))
    pdf_table = Table(
        data,
        colWidths=_column_widths(table, styles, width),
        repeatRows=1 if table.header is not None else 0,
        hAlign="LEFT",
        spaceBefore=4,
        spaceAfter=10,
    )
    pdf_table.setStyle(TableStyle(commands))
    return pdf_table


def _pdf_story(
    doc: Document,
    fonts: PdfFonts,
    styles: dict[str, ParagraphStyle],
    width: float,
    break_before_sections: bool,
) -> list[Flowable]:
    """Flowables for the whole document (built fresh for each layout pass)."""
    story: list[Flowable] = [PdfParagraph(xml_escape(pdf_safe(doc.title, fonts)), styles["title"])]
    sections_seen = 0
    for block in doc.blocks:
        match block:
            case Heading(level=level, content=content):
                if level == 2:
                    if break_before_sections and sections_seen:
                        story.append(PageBreak())
                    sections_seen += 1
                style = styles["h2"] if level == 2 else styles["h3"]
                story.append(PdfParagraph(_pdf_markup(content, fonts), style))
            case Paragraph(content=content):
                story.append(PdfParagraph(_pdf_markup(content, fonts), styles["body"]))
            case ListBlock(items=items, ordered=ordered):
                story.append(
                    ListFlowable(
                        [ListItem(PdfParagraph(_pdf_markup(i, fonts), styles["item"])) for i in items],
                        bulletType="1" if ordered else "bullet",
                        start=None if ordered else "•",
                        bulletFormat="%s." if ordered else None,
                        bulletFontName=fonts.regular,
                        bulletFontSize=styles["body"].fontSize,
                        leftIndent=styles["body"].fontSize * 1.8,
                        spaceAfter=styles["body"].spaceAfter,
                    )
                )
            case TableBlock():
                story.append(_pdf_table(block, fonts, styles, width))
    return story


def _fit(text: str, font: str, size: float, width: float) -> str:
    """Shorten ``text`` with an ellipsis so it fits in ``width`` points."""
    if pdfmetrics.stringWidth(text, font, size) <= width:
        return text
    while text and pdfmetrics.stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text.rstrip() + "…"


PAGE_MARGIN = 2 * cm
_GREY_TEXT = colors.HexColor("#6b6b6b")
_GREY_RULE = colors.HexColor("#b5b5b5")


@dataclass(frozen=True)
class _PageFurniture:
    """Draws the running header and the page-number footer of each page.

    The header is drawn when a page starts and the footer when it ends, so the
    text layer reads header, body, footer in that order, as in most PDFs.
    """

    fonts: PdfFonts
    organisation: str
    title: str
    total_pages: int
    footer_style: int

    def header(self, canvas: Canvas, _template: BaseDocTemplate) -> None:
        """Organisation on the left, document title on the right, small and grey."""
        page_width, page_height = A4
        left, right, y = PAGE_MARGIN, page_width - PAGE_MARGIN, page_height - 1.25 * cm
        font, size = self.fonts.regular, 8
        organisation, title = pdf_safe(self.organisation, self.fonts), pdf_safe(self.title, self.fonts)
        canvas.saveState()
        canvas.setFont(font, size)
        canvas.setFillColor(_GREY_TEXT)
        if organisation:
            canvas.drawString(left, y, organisation)
            room = right - left - pdfmetrics.stringWidth(organisation, font, size) - 1 * cm
            canvas.drawRightString(right, y, _fit(title, font, size, room))
        else:
            canvas.drawString(left, y, _fit(title, font, size, right - left))
        canvas.setStrokeColor(_GREY_RULE)
        canvas.setLineWidth(0.4)
        canvas.line(left, y - 4, right, y - 4)
        canvas.restoreState()

    def footer(self, canvas: Canvas, _template: BaseDocTemplate) -> None:
        """Page number in one of three layouts (see :data:`_PDF_FOOTERS`)."""
        page_width = A4[0]
        left, right, y = PAGE_MARGIN, page_width - PAGE_MARGIN, 1.2 * cm
        label = _PDF_FOOTERS[self.footer_style].format(page=canvas.getPageNumber(), total=self.total_pages)
        canvas.saveState()
        canvas.setFont(self.fonts.regular, 8.5)
        canvas.setFillColor(_GREY_TEXT)
        if self.footer_style == 0:
            canvas.drawCentredString(page_width / 2, y, label)
        else:
            canvas.setStrokeColor(_GREY_RULE)
            canvas.setLineWidth(0.4)
            canvas.line(left, y + 11, right, y + 11)
            if self.footer_style == 1 and self.organisation:
                canvas.drawString(left, y, pdf_safe(self.organisation, self.fonts))
            canvas.drawRightString(right, y, label)
        canvas.restoreState()


def render_pdf(
    doc: Document,
    out_path: Path,
    organisation: str,
    *,
    footer_style: int | None = None,
    base_font_size: float = 10.0,
    break_before_sections: bool = False,
) -> int:
    """Write ``doc`` as an A4 PDF and return its number of pages.

    Every page has a running header and a page-number footer. The footer
    wording ("Page N", "p. N / M", "Page N sur M") is derived from the file
    name unless ``footer_style`` is given, so the corpus PDFs do not all look
    alike. The layout is built twice: the first pass only counts pages, so
    that the second can print the total.
    """
    fonts = pdf_fonts()
    style_index = stable_choice(out_path.name) if footer_style is None else footer_style
    styles = _pdf_styles(fonts, base_font_size)
    page_width, page_height = A4
    frame_width = page_width - 2 * PAGE_MARGIN
    frame_height = page_height - 2 * 2.2 * cm

    def build(target: str | io.BytesIO, total_pages: int) -> int:
        furniture = _PageFurniture(fonts, organisation, doc.title, total_pages, style_index)
        frame = Frame(
            PAGE_MARGIN,
            2.2 * cm,
            frame_width,
            frame_height,
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
        )
        template = BaseDocTemplate(
            target,
            pagesize=A4,
            pageTemplates=[PageTemplate("page", [frame], onPage=furniture.header, onPageEnd=furniture.footer)],
            title=doc.title,
            author=organisation,
            subject="",
            creator=organisation,
            lang="fr-FR",
        )
        template.build(_pdf_story(doc, fonts, styles, frame_width, break_before_sections))
        return int(template.page)

    total = build(io.BytesIO(), 0)
    build(str(out_path), total)
    return total


# --------------------------------------------------------------------------
# DOCX
# --------------------------------------------------------------------------

# Footer templates; ``{PAGE}`` and ``{NUMPAGES}`` become Word fields.
_DOCX_FOOTERS = ("Page {PAGE}", "p. {PAGE} / {NUMPAGES}", "Page {PAGE} sur {NUMPAGES}")


def _docx_runs(paragraph: DocxParagraph, content: Inline) -> None:
    """One run per span, so bold and italic survive."""
    for span in content:
        run = paragraph.add_run(span.text)
        run.bold = span.bold or None
        run.italic = span.italic or None


def _docx_field(paragraph: DocxParagraph, instruction: str) -> None:
    """Append a ``w:fldSimple`` field (PAGE, NUMPAGES) that Word computes."""
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def _docx_footer(paragraph: DocxParagraph, footer_style: int) -> None:
    """Fill the footer paragraph with one of :data:`_DOCX_FOOTERS`."""
    for piece in re.split(r"(\{PAGE\}|\{NUMPAGES\})", _DOCX_FOOTERS[footer_style]):
        if piece in ("{PAGE}", "{NUMPAGES}"):
            _docx_field(paragraph, piece.strip("{}"))
        elif piece:
            paragraph.add_run(piece)


def render_docx(doc: Document, out_path: Path, organisation: str, *, footer_style: int | None = None) -> None:
    """Write ``doc`` as a Word document with real headings, lists and tables.

    The section header holds the organisation name and the footer a PAGE
    field, so the file has header/footer parts like office-made documents.
    """
    document = new_docx()
    properties = document.core_properties
    now = datetime.now(UTC).replace(microsecond=0)
    properties.title = doc.title
    properties.author = organisation
    properties.last_modified_by = organisation
    properties.comments = ""
    properties.language = "fr-FR"
    properties.created = now
    properties.modified = now
    properties.revision = 1

    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2.5))
    header = section.header.paragraphs[0]
    header.text = organisation or doc.title
    for run in header.runs:
        run.font.size = Pt(8)
        run.font.color.rgb = RGBColor(0x6B, 0x6B, 0x6B)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _docx_footer(footer, stable_choice(out_path.name) if footer_style is None else footer_style)

    document.add_heading(doc.title, level=0)
    for block in doc.blocks:
        match block:
            case Heading(level=level, content=content):
                _docx_runs(document.add_heading("", level=level - 1), content)
            case Paragraph(content=content):
                _docx_runs(document.add_paragraph(), content)
            case ListBlock(items=items, ordered=ordered):
                style = "List Number" if ordered else "List Bullet"
                for item in items:
                    _docx_runs(document.add_paragraph(style=style), item)
            case TableBlock():
                rows = block.all_rows()
                table = document.add_table(rows=len(rows), cols=block.width)
                table.style = "Table Grid"
                table.alignment = WD_TABLE_ALIGNMENT.CENTER
                for row_index, row in enumerate(rows):
                    is_header = row_index == 0 and block.header is not None
                    for cell, content in zip(table.rows[row_index].cells, row, strict=True):
                        cell_content = content
                        if is_header:
                            cell_content = tuple(replace(s, bold=True) for s in content)
                        _docx_runs(cell.paragraphs[0], cell_content)
                if block.header is not None:
                    row_properties = table.rows[0]._tr.get_or_add_trPr()
                    repeat = OxmlElement("w:tblHeader")
                    repeat.set(qn("w:val"), "true")
                    row_properties.append(repeat)
                document.add_paragraph()
    document.save(str(out_path))


# --------------------------------------------------------------------------
# ODT
# --------------------------------------------------------------------------

# odfpy builds every node as a generic ``odf.element.Element``.
OdfElement = Any


@dataclass(frozen=True)
class _OdtStyles:
    """The styles an ODT body refers to; built once per document."""

    title: OdfElement
    headings: dict[int, OdfElement]
    body: OdfElement
    cell: OdfElement
    cell_head: OdfElement
    bold: OdfElement
    italic: OdfElement
    bold_italic: OdfElement
    bullets: OdfElement
    numbers: OdfElement
    table: OdfElement
    column: OdfElement
    table_cell: OdfElement


_ODT_PARAGRAPH_PROPERTIES = frozenset({"margintop", "marginbottom", "textalign"})


def _odt_styles(odt: OpenDocumentText) -> _OdtStyles:
    """Declare styles named like LibreOffice's (Title, Heading 2, Text body…).

    Office users and converters recognise these names, so the files behave like
    documents saved by a word processor rather than bare XML.
    """

    def paragraph_style(name: str, display: str, parent: str | None, **properties: str) -> OdfElement:
        attributes = {"name": name, "displayname": display, "family": "paragraph"}
        if parent:
            attributes["parentstylename"] = parent
        style = odf_style.Style(**attributes)
        paragraph = {k: v for k, v in properties.items() if k in _ODT_PARAGRAPH_PROPERTIES}
        text = {k: v for k, v in properties.items() if k not in _ODT_PARAGRAPH_PROPERTIES}
        if paragraph:
            style.addElement(odf_style.ParagraphProperties(**paragraph))
        if text:
            style.addElement(odf_style.TextProperties(**text))
        odt.styles.addElement(style)
        return style

    def text_style(name: str, **properties: str) -> OdfElement:
        style = odf_style.Style(name=name, family="text")
        style.addElement(odf_style.TextProperties(**properties))
        odt.automaticstyles.addElement(style)
        return style

    def list_style(name: str, level_style: OdfElement) -> OdfElement:
        level_style.addElement(odf_style.ListLevelProperties(spacebefore="0.4cm", minlabelwidth="0.6cm"))
        style = odf_text.ListStyle(name=name)
        style.addElement(level_style)
        odt.automaticstyles.addElement(style)
        return style

    paragraph_style("Standard", "Default Paragraph Style", None, fontsize="11pt")
    paragraph_style("Heading", "Heading", "Standard", margintop="0.42cm", marginbottom="0.21cm")
    table = odf_style.Style(name="Tableau1", family="table")
    table.addElement(odf_style.TableProperties(width="17cm", align="margins"))
    column = odf_style.Style(name="Tableau1.A", family="table-column")
    column.addElement(odf_style.TableColumnProperties(useoptimalcolumnwidth="true"))
    table_cell = odf_style.Style(name="Tableau1.A1", family="table-cell")
    table_cell.addElement(odf_style.TableCellProperties(border="0.5pt solid #808080", padding="0.1cm"))
    for style in (table, column, table_cell):
        odt.automaticstyles.addElement(style)

    return _OdtStyles(
        title=paragraph_style("Title", "Title", "Heading", textalign="center", fontsize="22pt", fontweight="bold"),
        headings={
            2: paragraph_style("Heading_20_2", "Heading 2", "Heading", fontsize="16pt", fontweight="bold"),
            3: paragraph_style("Heading_20_3", "Heading 3", "Heading", fontsize="13pt", fontweight="bold"),
        },
        body=paragraph_style("Text_20_body", "Text body", "Standard", marginbottom="0.25cm"),
        cell=paragraph_style("Table_20_Contents", "Table Contents", "Standard", fontsize="10pt"),
        cell_head=paragraph_style("Table_20_Heading", "Table Heading", "Table_20_Contents", fontweight="bold"),
        bold=text_style("T1", fontweight="bold"),
        italic=text_style("T2", fontstyle="italic"),
        bold_italic=text_style("T3", fontweight="bold", fontstyle="italic"),
        bullets=list_style("L1", odf_text.ListLevelStyleBullet(level=1, bulletchar="•")),
        numbers=list_style("L2", odf_text.ListLevelStyleNumber(level=1, numsuffix=".", numformat="1")),
        table=table,
        column=column,
        table_cell=table_cell,
    )


def _odt_fill(element: OdfElement, content: Inline, styles: _OdtStyles) -> OdfElement:
    """Add spans to a text:p or text:h; teletype keeps runs of spaces intact."""
    for span in content:
        if span.bold and span.italic:
            target = odf_text.Span(stylename=styles.bold_italic)
        elif span.bold:
            target = odf_text.Span(stylename=styles.bold)
        elif span.italic:
            target = odf_text.Span(stylename=styles.italic)
        else:
            teletype.addTextToElement(element, span.text)
            continue
        teletype.addTextToElement(target, span.text)
        element.addElement(target)
    return element


def _odt_row(row: Sequence[Inline], styles: _OdtStyles, *, header: bool) -> OdfElement:
    table_row = odf_table.TableRow()
    for content in row:
        cell = odf_table.TableCell(valuetype="string", stylename=styles.table_cell)
        paragraph = odf_text.P(stylename=styles.cell_head if header else styles.cell)
        cell.addElement(_odt_fill(paragraph, content, styles))
        table_row.addElement(cell)
    return table_row


def _odt_table(block: TableBlock, styles: _OdtStyles, name: str) -> OdfElement:
    table = odf_table.Table(name=name, stylename=styles.table)
    table.addElement(odf_table.TableColumn(numbercolumnsrepeated=block.width, stylename=styles.column))
    if block.header is not None:
        header_rows = odf_table.TableHeaderRows()
        header_rows.addElement(_odt_row(block.header, styles, header=True))
        table.addElement(header_rows)
    for row in block.rows:
        table.addElement(_odt_row(row, styles, header=False))
    return table


def render_odt(doc: Document, out_path: Path, organisation: str = "") -> None:
    """Write ``doc`` as an OpenDocument text file.

    The title and headings are ``text:h`` elements with outline levels 1, 2
    and 3 (title, ``##``, ``###``), as in the HTML rendering, so that tools
    reading the document outline see the real structure.
    """
    odt = OpenDocumentText()
    styles = _odt_styles(odt)
    odt.meta.addElement(dc.Title(text=doc.title))
    odt.meta.addElement(dc.Language(text="fr-FR"))
    if organisation:
        odt.meta.addElement(odf_meta.InitialCreator(text=organisation))
        odt.meta.addElement(dc.Creator(text=organisation))

    body = odt.text
    body.addElement(_odt_fill(odf_text.H(outlinelevel=1, stylename=styles.title), (Span(doc.title),), styles))
    tables = 0
    for block in doc.blocks:
        match block:
            case Heading(level=level, content=content):
                heading = odf_text.H(outlinelevel=level, stylename=styles.headings[level])
                body.addElement(_odt_fill(heading, content, styles))
            case Paragraph(content=content):
                body.addElement(_odt_fill(odf_text.P(stylename=styles.body), content, styles))
            case ListBlock(items=items, ordered=ordered):
                odt_list = odf_text.List(stylename=styles.numbers if ordered else styles.bullets)
                for item in items:
                    list_item = odf_text.ListItem()
                    list_item.addElement(_odt_fill(odf_text.P(stylename=styles.body), item, styles))
                    odt_list.addElement(list_item)
                body.addElement(odt_list)
            case TableBlock():
                tables += 1
                body.addElement(_odt_table(block, styles, f"Tableau{tables}"))
    odt.save(str(out_path))


# --------------------------------------------------------------------------
# HTML
# --------------------------------------------------------------------------

_HTML_NAV = (
    ("/", "Accueil"),
    ("/actualites/", "Actualités"),
    ("/publications/", "Publications"),
    ("/contact/", "Contact"),
)

_HTML_CSS = """\
    body { font-family: Georgia, "Times New Roman", serif; margin: 0; color: #222; }
    header, footer { background: #f3f1ec; padding: 1rem 2rem; }
    nav ul { list-style: none; padding: 0; margin: 0.5rem 0 0; display: flex; gap: 1.5rem; }
    nav a { color: #7a2e1f; text-decoration: none; }
    main { max-width: 46rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.55; }
    table { border-collapse: collapse; width: 100%; margin: 1rem 0; }
    th, td { border: 1px solid #bbb; padding: 0.35rem 0.5rem; text-align: left; }
    th { background: #eee; }
    footer { font-size: 0.85rem; color: #555; }"""


def _html_inline(content: Inline) -> str:
    """Escaped text with <strong>/<em> for bold and italic spans."""
    parts: list[str] = []
    for span in content:
        piece = html.escape(span.text, quote=False)
        if span.italic:
            piece = f"<em>{piece}</em>"
        if span.bold:
            piece = f"<strong>{piece}</strong>"
        parts.append(piece)
    return "".join(parts)


def _html_table(block: TableBlock) -> list[str]:
    """Table markup with one cell per line, as CMS templates usually print it."""
    lines = ["<table>"]
    sections = [("thead", "th", [block.header])] if block.header is not None else []
    sections.append(("tbody", "td", list(block.rows)))
    for section, cell_tag, rows in sections:
        lines.append(f"  <{section}>")
        for row in rows:
            lines.append("    <tr>")
            lines.extend(f"      <{cell_tag}>{_html_inline(cell)}</{cell_tag}>" for cell in row)
            lines.append("    </tr>")
        lines.append(f"  </{section}>")
    lines.append("</table>")
    return lines


def render_html(doc: Document, out_path: Path, organisation: str = "") -> None:
    """Write ``doc`` as a standalone web page with site navigation and footer.

    The navigation and copyright line are the boilerplate a crawler meets on
    real sites; keeping them lets the corpus test boilerplate removal.
    """
    site = organisation or doc.title
    page_title = f"{doc.title} | {organisation}" if organisation else doc.title
    nav = "\n".join(f'        <li><a href="{href}">{label}</a></li>' for href, label in _HTML_NAV)
    article: list[str] = [f"<h1>{html.escape(doc.title, quote=False)}</h1>"]
    for block in doc.blocks:
        match block:
            case Heading(level=level, content=content):
                article.append(f"<h{level}>{_html_inline(content)}</h{level}>")
            case Paragraph(content=content):
                article.append(f"<p>{_html_inline(content)}</p>")
            case ListBlock(items=items, ordered=ordered):
                tag = "ol" if ordered else "ul"
                article.append(f"<{tag}>")
                article.extend(f"  <li>{_html_inline(item)}</li>" for item in items)
                article.append(f"</{tag}>")
            case TableBlock():
                article.extend(_html_table(block))
    article_html = "\n".join(f"      {line}" for line in article)
    page = f"""<!DOCTYPE html>
<html lang="fr">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>{html.escape(page_title, quote=False)}</title>
  <style>
{_HTML_CSS}
  </style>
</head>
<body>
  <header>
    <p class="site-name"><a href="/">{html.escape(site, quote=False)}</a></p>
    <nav aria-label="Menu principal">
      <ul>
{nav}
      </ul>
    </nav>
  </header>
  <main>
    <article>
{article_html}
    </article>
  </main>
  <footer>
    <p>© {date.today().year} {html.escape(site, quote=False)}. Tous droits réservés.
      <a href="/mentions-legales/">Mentions légales</a></p>
  </footer>
</body>
</html>
"""
    out_path.write_text(page, encoding="utf-8", newline="\n")


# --------------------------------------------------------------------------
# Command line
# --------------------------------------------------------------------------


def render(doc: Document, target: Path, organisation: str) -> str:
    """Render to the format given by ``target``'s extension; describe the result."""
    suffix = target.suffix.lower()
    if suffix == ".pdf":
        pages = render_pdf(doc, target, organisation)
        return f"pdf, {pages} page{'s' if pages > 1 else ''}"
    if suffix == ".docx":
        render_docx(doc, target, organisation)
        return "docx"
    if suffix == ".odt":
        render_odt(doc, target, organisation)
        return "odt"
    if suffix in {".html", ".htm"}:
        render_html(doc, target, organisation)
        return "html"
    raise ValueError(f"unsupported target format: {target}")


@dataclass(frozen=True)
class PlanRow:
    """One line of the plan: what to render, where, and for which organisation."""

    source: Path
    target: Path
    organisation: str


def read_plan(plan_path: Path) -> list[PlanRow]:
    """Read and validate the whole plan before anything is written or deleted.

    Sources are deleted after rendering, so a half-applied plan would be
    awkward to recover from: every problem is reported up front instead.
    """
    with plan_path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = {"source", "target", "organisation"} - set(reader.fieldnames or [])
        if missing:
            raise SystemExit(f"{plan_path}: missing column(s): {', '.join(sorted(missing))}")
        rows = [
            PlanRow(
                REPO_ROOT / row["source"].strip(),
                REPO_ROOT / (row["target"] or "").strip(),
                (row["organisation"] or "").strip(),
            )
            for row in reader
            if (row["source"] or "").strip()
        ]
    problems: list[str] = []
    sources_seen: set[Path] = set()
    targets_seen: set[Path] = set()
    for row in rows:
        if row.source.suffix.lower() not in SOURCE_SUFFIXES:
            problems.append(f"{_relative(row.source)}: source must be .md or .txt")
        elif not row.source.is_file():
            problems.append(f"{_relative(row.source)}: source not found")
        elif row.source in sources_seen:
            problems.append(f"{_relative(row.source)}: source listed twice (it is deleted after rendering)")
        sources_seen.add(row.source)
        if row.target.suffix.lower() not in TARGET_SUFFIXES:
            problems.append(f"{_relative(row.target)}: unsupported target format")
        elif row.target.exists():
            problems.append(f"{_relative(row.target)}: target exists, refusing to overwrite")
        elif row.target in targets_seen:
            problems.append(f"{_relative(row.target)}: target listed twice")
        elif not row.target.parent.is_dir():
            problems.append(f"{_relative(row.target)}: target directory does not exist")
        targets_seen.add(row.target)
    if problems:
        raise SystemExit("plan rejected, nothing rendered:\n  " + "\n  ".join(problems))
    return rows


def _relative(path: Path) -> str:
    """Path as written in the plan (relative to the repository) for messages."""
    try:
        return str(path.relative_to(REPO_ROOT))
    except ValueError:
        return str(path)


def run_plan(plan_path: Path) -> None:
    """Render every row of the plan, then delete its source."""
    for row in read_plan(plan_path):
        doc = read_document(row.source)
        try:
            description = render(doc, row.target, row.organisation)
        except BaseException:
            row.target.unlink(missing_ok=True)
            raise
        row.source.unlink()
        print(f"{_relative(row.source)} -> {_relative(row.target)} ({description})")


SAMPLE_ORGANISATION = "Théâtre du Quai"

SAMPLE_MARKDOWN = """\
# Plan d'action numérique 2025 — Théâtre du Quai

Ce document présente les priorités numériques du Théâtre du Quai pour la saison 2025.
Il a été préparé par l’équipe de direction après une consultation des salariés, des
bénévoles et du conseil d’administration. Il fixe trois chantiers et un calendrier
réaliste, compatible avec nos moyens.

## 1. Une campagne de communication pour élargir les publics

Notre fréquentation a progressé de 8 % en 2024, mais le public reste majoritairement
âgé de plus de cinquante ans. La campagne « Le Quai, c’est chez vous » visera les
étudiants et les familles du quartier, avec un budget de **12 000 €**.

- une série de vidéos courtes sur les coulisses, les répétitions, les artistes en résidence… ;
- une lettre d’information mensuelle, plus visuelle et mieux segmentée ;
- des partenariats avec les radios locales et les associations étudiantes ;
- un suivi des résultats : taux d’ouverture, billets vendus, nouveaux abonnés.

## 2. Migration de la billetterie et hébergement du site

Le logiciel de billetterie actuel ne sera plus maintenu après juin 2025. Nous
migrerons vers une solution en ligne qui gère la vente, le contrôle d’accès et le
module “Season Pass” des abonnements. La reprise des données clients devra
respecter le RGPD.

### Calendrier de la migration

1. Choix du prestataire après un appel d’offres, en février.
2. Reprise des fichiers clients et des abonnements, en avril.
3. Formation des agents d’accueil et mise en service avant l’ouverture de la saison.

Le site internet, aujourd’hui hébergé sur un serveur vieillissant, sera transféré
chez un hébergeur français certifié. Cette opération permettra de sécuriser les
paiements et d’améliorer le temps de chargement des pages, notamment sur mobile.

## 3. Réorganisation des rôles, formation et mutualisation

La transformation numérique ne réussira que si l’équipe est accompagnée. Nous
proposons de redéfinir les fiches de poste : la chargée de communication deviendra
*responsable des publics et du numérique*, et un régisseur consacrera une journée
par semaine au support informatique.

- Chaque salarié suivra au moins deux jours de formation (outils collaboratifs,
  billetterie, cybersécurité).
- Un référent numérique sera désigné dans chaque service.
- Nous mutualiserons un poste de technicien réseau et l’achat de licences avec deux
  autres salles de l’agglomération, l’Espace Mœbius et la Scène des Tanneurs.

Cette coopération réduira nos coûts et facilitera le partage d’expérience entre les
lieux, au cœur de notre projet.

## 4. Tableau de suivi des actions

| Action | Responsable | Échéance | Budget |
|---|---|---|---|
| Campagne « Le Quai, c’est chez vous » | Communication | Mars 2025 | 12 000 € |
| Migration de la billetterie | Administration | Juin 2025 | 18 500 € |
| Transfert de l’hébergement du site | Prestataire web | Mai 2025 | 2 400 € |
| Formation des équipes | Direction | Septembre 2025 | 6 000 € |
| Mutualisation avec les salles partenaires | Direction | Décembre 2025 | À définir |

Le conseil d’administration dressera le bilan de ce plan en janvier 2026.
"""


def write_fixtures(directory: Path) -> None:
    """Write the French sample and its renderings, overwriting older fixtures.

    The PDF uses a larger body font so that it spans several pages, which
    lets tests check the running header and page numbers past page 1.
    """
    directory.mkdir(parents=True, exist_ok=True)
    source = directory / "sample.md"
    source.write_text(SAMPLE_MARKDOWN, encoding="utf-8", newline="\n")
    print(source)
    doc = read_document(source)
    pages = render_pdf(doc, directory / "sample.pdf", SAMPLE_ORGANISATION, base_font_size=12.5)
    if pages < 2:
        raise SystemExit(f"sample.pdf has {pages} page; the fixture needs at least 2")
    print(f"{directory / 'sample.pdf'} ({pages} pages)")
    render_docx(doc, directory / "sample.docx", SAMPLE_ORGANISATION)
    render_odt(doc, directory / "sample.odt", SAMPLE_ORGANISATION)
    render_html(doc, directory / "sample.html", SAMPLE_ORGANISATION)
    for name in ("sample.docx", "sample.odt", "sample.html"):
        print(directory / name)


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("plan", nargs="?", type=Path, help="CSV with source,target,organisation")
    group.add_argument("--fixtures", type=Path, metavar="DIR", help="write the sample fixtures")
    args = parser.parse_args(argv)
    if args.fixtures is not None:
        write_fixtures(args.fixtures)
    else:
        run_plan(args.plan)
    return 0


if __name__ == "__main__":
    sys.exit(main())
