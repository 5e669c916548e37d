#!/usr/bin/env python3
"""Render the French sample fixture into the other forms submissions arrive in.

Usage::

    python scripts/render_corpus.py --fixtures tests/fixtures   # sample.md, .pdf, .docx, .odt, .html
    python scripts/make_fixtures.py tests/fixtures               # the files below

Every file carries the text of ``sample.md`` (the Théâtre du Quai's digital action plan),
so the tests can check that each format gives the same words and the same document type:

* ``sample.pptx`` and ``sample.odp``: a slide deck, one slide per section, the bullet
  points on the slides and the prose in the speaker notes, as decks are really written;
* ``sample.rtf``: the text as WordPad or an old word processor saves it (Windows-1252
  escapes, Unicode escapes beyond it, a table);
"""

from __future__ import annotations

import argparse
import sys
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from render_corpus import (  # a sibling script, not a package
    SAMPLE_MARKDOWN,
    SAMPLE_ORGANISATION,
    Document,
    Heading,
    ListBlock,
    Paragraph,
    TableBlock,
    parse_markdown,
    plain,
)


def sample_document() -> Document:
    return parse_markdown(SAMPLE_MARKDOWN, "sample")


#: Archive members get this date, so that rendering again gives the same bytes.
FIXED_DATE = (2025, 1, 6, 9, 0, 0)


def freeze_zip(path: Path) -> None:
    """Rewrite an archive with fixed member dates (office files are zip archives)."""
    with zipfile.ZipFile(path) as archive:
        members = [(info, archive.read(info)) for info in archive.infolist()]
    with zipfile.ZipFile(path, "w") as archive:
        for info, data in members:
            frozen = zipfile.ZipInfo(info.filename, date_time=FIXED_DATE)
            frozen.compress_type, frozen.external_attr = info.compress_type, info.external_attr
            archive.writestr(frozen, data)


# --------------------------------------------------------------------------
# Slide decks
# --------------------------------------------------------------------------


@dataclass
class Slide:
    """What one slide shows (title, bullet points, a table) and what the speaker says."""

    title: str
    bullets: list[str] = field(default_factory=list)
    table: list[list[str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def slides_of(doc: Document) -> list[Slide]:
    """One slide per section: lists and tables on the slide, paragraphs in the notes.

    A sub-heading becomes a bullet point that introduces the list after it.
    """
    slides = [Slide(doc.title, bullets=[f"{SAMPLE_ORGANISATION} — saison 2025"])]
    for block in doc.blocks:
        match block:
            case Heading(level=2, content=content):
                slides.append(Slide(plain(content)))
            case Heading(content=content):
                slides[-1].bullets.append(plain(content) + " :")
            case Paragraph(content=content):
                slides[-1].notes.append(plain(content))
            case ListBlock(items=items):
                slides[-1].bullets.extend(plain(item) for item in items)
            case TableBlock():
                slides[-1].table = [[plain(cell) for cell in row] for row in block.all_rows()]
    return slides


def write_pptx(slides: Sequence[Slide], path: Path) -> None:
    from pptx import Presentation
    from pptx.util import Cm, Pt

    deck = Presentation()
    properties = deck.core_properties
    properties.title, properties.author, properties.last_modified_by = slides[0].title, SAMPLE_ORGANISATION, ""
    properties.comments = ""
    properties.created = properties.modified = datetime(*FIXED_DATE)
    for number, content in enumerate(slides):
        if number == 0:
            slide = deck.slides.add_slide(deck.slide_layouts[0])  # title slide
            slide.placeholders[1].text = content.bullets[0]
        elif content.table:
            slide = deck.slides.add_slide(deck.slide_layouts[5])  # title only
            rows, columns = len(content.table), len(content.table[0])
            frame = slide.shapes.add_table(rows, columns, Cm(1), Cm(4), Cm(23.4), Cm(1.2) * rows)
            for r, row in enumerate(content.table):
                for c, text in enumerate(row):
                    cell = frame.table.cell(r, c)
                    cell.text = text
                    cell.text_frame.paragraphs[0].font.size = Pt(12)
        else:
            slide = deck.slides.add_slide(deck.slide_layouts[1])  # title and content
            body = slide.placeholders[1].text_frame
            body.text = content.bullets[0] if content.bullets else ""
            for bullet in content.bullets[1:]:
                body.add_paragraph().text = bullet
            for paragraph in body.paragraphs:
                paragraph.font.size = Pt(16)
        slide.shapes.title.text = content.title
        if content.notes:
            slide.notes_slide.notes_text_frame.text = "\n".join(content.notes)
    deck.save(str(path))
    freeze_zip(path)


def write_odp(slides: Sequence[Slide], path: Path) -> None:
    from odf import draw, presentation, style, table, text
    from odf.opendocument import OpenDocumentPresentation

    odp = OpenDocumentPresentation()
    layout = style.PageLayout(name="Diapositive")
    layout.addElement(style.PageLayoutProperties(pagewidth="28cm", pageheight="21cm", printorientation="landscape"))
    odp.automaticstyles.addElement(layout)
    master = style.MasterPage(name="Standard", pagelayoutname=layout)
    odp.masterstyles.addElement(master)

    def frame(parent, kind: str, y: float, height: float) -> draw.TextBox:
        box = draw.Frame(x="1.5cm", y=f"{y}cm", width="25cm", height=f"{height}cm", layer="layout")
        box.setAttrNS(presentation.PRESENTATIONNS, "class", kind)
        parent.addElement(box)
        content = draw.TextBox()
        box.addElement(content)
        return content

    for number, content in enumerate(slides, start=1):
        page = draw.Page(name=f"Diapositive {number}", masterpagename=master)
        odp.presentation.addElement(page)
        frame(page, "title", 1, 3).addElement(text.P(text=content.title))
        if content.bullets:
            bullets = text.List()
            for bullet in content.bullets:
                item = text.ListItem()
                item.addElement(text.P(text=bullet))
                bullets.addElement(item)
            frame(page, "outline", 5, 14).addElement(bullets)
        if content.table:
            holder = draw.Frame(x="1.5cm", y="5cm", width="25cm", height="10cm")
            grid = table.Table(name=f"Tableau {number}")
            grid.addElement(table.TableColumn(numbercolumnsrepeated=len(content.table[0])))
            for row in content.table:
                line = table.TableRow()
                for cell_text in row:
                    cell = table.TableCell()
                    cell.addElement(text.P(text=cell_text))
                    line.addElement(cell)
                grid.addElement(line)
            holder.addElement(grid)
            page.addElement(holder)
        if content.notes:
            notes = presentation.Notes()
            page.addElement(notes)
            box = frame(notes, "notes", 14, 10)
            for paragraph in content.notes:
                box.addElement(text.P(text=paragraph))
    odp.save(str(path))
    freeze_zip(path)


# --------------------------------------------------------------------------
# RTF
# --------------------------------------------------------------------------


def rtf_escape(text: str) -> str:
    """RTF is 7-bit: Windows-1252 characters as \\'xx, the others as \\uN? (with a fallback)."""
    out = []
    for char in text:
        if char in "\\{}":
            out.append("\\" + char)
        elif ord(char) < 128:
            out.append(char)
        else:
            try:
                out.append(f"\\'{char.encode('cp1252')[0]:02x}")
            except UnicodeEncodeError:
                out.append(f"\\u{ord(char) if ord(char) < 32768 else ord(char) - 65536}?")
    return "".join(out)


def write_rtf(doc: Document, path: Path) -> None:
    lines = [
        r"{\rtf1\ansi\ansicpg1252\deff0\deflang1036",
        r"{\fonttbl{\f0\fswiss\fcharset0 Arial;}}",
        r"{\info{\title " + rtf_escape(doc.title) + r"}{\author " + rtf_escape(SAMPLE_ORGANISATION) + "}}",
        r"\viewkind4\uc1\pard\sa200\f0\fs22",
        r"{\b\fs32 " + rtf_escape(doc.title) + r"}\par",
    ]
    for block in doc.blocks:
        match block:
            case Heading(level=level, content=content):
                lines.append(r"{\b\fs" + ("28" if level == 2 else "24") + " " + rtf_escape(plain(content)) + r"}\par")
            case Paragraph(content=content):
                lines.append(rtf_escape(plain(content)) + r"\par")
            case ListBlock(items=items, ordered=ordered):
                for number, item in enumerate(items, start=1):
                    marker = f"{number}." if ordered else r"\bullet"
                    lines.append(r"{\pard\fi-360\li720 " + marker + r"\tab " + rtf_escape(plain(item)) + r"\par}")
            case TableBlock():
                for row in block.all_rows():
                    edges = "".join(rf"\cellx{2400 * (i + 1)}" for i in range(len(row)))
                    cells = "".join(rtf_escape(plain(cell)) + r"\cell " for cell in row)
                    lines.append(r"\trowd" + edges + r" \intbl " + cells + r"\row")
                lines.append(r"\pard\par")
    lines.append("}")
    path.write_text("\r\n".join(lines) + "\r\n", encoding="ascii", newline="")


# --------------------------------------------------------------------------
# Command line
# --------------------------------------------------------------------------


def write_fixtures(directory: Path) -> None:
    doc = sample_document()
    slides = slides_of(doc)
    written = {
        "sample.pptx": lambda path: write_pptx(slides, path),
        "sample.odp": lambda path: write_odp(slides, path),
        "sample.rtf": lambda path: write_rtf(doc, path),
    }
    for name, write in written.items():
        write(directory / name)
        print(directory / name)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("directory", type=Path, help="where to write the fixtures (tests/fixtures)")
    args = parser.parse_args(argv)
    args.directory.mkdir(parents=True, exist_ok=True)
    write_fixtures(args.directory)
    return 0


if __name__ == "__main__":
    sys.exit(main())
