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
* ``sample.doc``: a Word 97-2003 binary document, read through antiword. No free library
  writes the format, so it is built here byte by byte: a compound file ([MS-CFB], version
  3) holding a ``WordDocument`` stream (the file information block and the text in UTF-16)
  and a ``1Table`` stream (a piece table with one piece), as [MS-DOC] describes them;
* ``sample.zip``: a submission folder as a Mac zips it: the plan in Markdown, the slide deck,
  annexes zipped again (the plan in RTF), a logo, and the Finder's clutter (``.DS_Store``,
  ``__MACOSX/``) that a walk skips;
* ``sample-scan.pdf``: a scanned document, its pages only pictures (greyscale JPEG at
  120 dpi) of the sample PDF's pages, with no text layer: only OCR can read it.
"""

from __future__ import annotations

import argparse
import struct
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
    render_pdf,
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
# Word 97-2003 (.doc)
# --------------------------------------------------------------------------

_SECTOR = 512
_FREE, _END_OF_CHAIN, _FAT_SECTOR = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD
#: Streams shorter than this would go to the mini stream; every stream here is padded to it.
_MINI_STREAM_CUTOFF = 4096


def compound_file(streams: dict[str, bytes]) -> bytes:
    """A version 3 compound file holding `streams` (two of them) under its root storage.

    Streams are padded to the mini-stream cutoff, so that all live in ordinary sectors.
    """
    streams = {name: data.ljust(_MINI_STREAM_CUTOFF, b"\0") for name, data in streams.items()}
    body, starts, fat = b"", [], []
    for data in streams.values():
        data += b"\0" * (-len(data) % _SECTOR)
        count, first = len(data) // _SECTOR, len(body) // _SECTOR
        starts.append(first)
        fat += [*range(first + 1, first + count), _END_OF_CHAIN]
        body += data
    directory_sector = len(body) // _SECTOR
    fat.append(_END_OF_CHAIN)  # the directory: one sector of four entries
    fat_sectors = -(-(len(fat) + 1) // (_SECTOR // 4))
    fat_start = directory_sector + 1
    fat += [_FAT_SECTOR] * fat_sectors
    fat += [_FREE] * (fat_sectors * _SECTOR // 4 - len(fat))

    def entry(name: str, kind: int, left: int, right: int, child: int, start: int, size: int) -> bytes:
        encoded = (name + "\0").encode("utf-16-le") if name else b""
        return (
            encoded.ljust(64, b"\0")
            + struct.pack("<HBB3I", len(encoded), kind, 1, left, right, child)  # 1: black node
            + bytes(16 + 4 + 16)  # class id, state bits, creation and modification times
            + struct.pack("<IQ", start, size)
        )

    (first_name, first_data), (second_name, second_data) = streams.items()
    # The root's children form a tree ordered by name length first: the shorter name
    # ("1Table") is the left sibling of the longer ("WordDocument").
    assert len(second_name) < len(first_name)
    directory = (
        entry("Root Entry", 5, _FREE, _FREE, 1, _END_OF_CHAIN, 0)
        + entry(first_name, 2, 2, _FREE, _FREE, starts[0], len(first_data))
        + entry(second_name, 2, _FREE, _FREE, _FREE, starts[1], len(second_data))
        + entry("", 0, _FREE, _FREE, _FREE, 0, 0)
    )
    header = (
        bytes.fromhex("D0CF11E0A1B11AE1")
        + bytes(16)
        + struct.pack("<5H", 0x3E, 3, 0xFFFE, 9, 6)  # version 3.62, little-endian, 512-byte sectors
        + bytes(6)
        + struct.pack(
            "<9I", 0, fat_sectors, directory_sector, 0, _MINI_STREAM_CUTOFF, _END_OF_CHAIN, 0, _END_OF_CHAIN, 0
        )
        + struct.pack("<109I", *[fat_start + i for i in range(fat_sectors)], *[_FREE] * (109 - fat_sectors))
    )
    return header + body + directory + struct.pack(f"<{len(fat)}I", *fat)


def word97_document(paragraphs: Sequence[str]) -> bytes:
    """A Word 97-2003 document of plain paragraphs in the Normal style, its text one UTF-16 piece.

    Besides the text, Word readers need the piece table, the style sheet and the font table
    (antiword reads a missing style sheet from uninitialised memory and crashes now and then).
    """
    text = "".join(paragraph + "\r" for paragraph in paragraphs)  # \r ends a paragraph in Word
    encoded = text.encode("utf-16-le")
    text_start = 0x800
    fib = bytearray(text_start)
    struct.pack_into("<5H", fib, 0x00, 0xA5EC, 0xC1, 0x6027, 0x040C, 0)  # Word 97 (nFib 193), French
    struct.pack_into("<H", fib, 0x0A, 0x0200 | 0x1000)  # the table stream is 1Table; extended characters
    struct.pack_into("<H", fib, 0x0C, 0xBF)
    struct.pack_into("<2I", fib, 0x18, text_start, text_start + len(encoded))  # fcMin, fcMac
    struct.pack_into("<H", fib, 0x20, 14)  # 14 shorts follow
    struct.pack_into("<H", fib, 0x3E, 22)  # 22 longs follow
    struct.pack_into("<I", fib, 0x40, text_start + len(encoded))  # cbMac
    struct.pack_into("<I", fib, 0x4C, len(text))  # ccpText: characters in the main text
    struct.pack_into("<H", fib, 0x98, 93)  # 93 (fc, lcb) pairs follow, as Word 97 writes them
    table = bytearray()
    for fc_at, part in ((0xA2, _word_style_sheet()), (0x112, _word_font_table()), (0x1A2, _word_pieces(text))):
        struct.pack_into("<2I", fib, fc_at, len(table), len(part))  # (fc, lcb) of the part in 1Table
        table += part
    return compound_file({"WordDocument": bytes(fib) + encoded, "1Table": bytes(table)})


def _word_pieces(text: str) -> bytes:
    """The piece table (Clx): one piece covering the whole text, at 0x800, not compressed."""
    pieces = struct.pack("<2I", 0, len(text)) + struct.pack("<HIH", 0, 0x800, 0)
    return b"\x02" + struct.pack("<I", len(pieces)) + pieces


def _word_style_sheet() -> bytes:
    """A style sheet (STSH) holding the Normal paragraph style only."""
    name = "Normal"
    std = struct.pack("<5H", 0x0000, 0xFFF1, 0x0002, 32, 0)  # sti 0; paragraph style on no base; 2 UPXs
    std += struct.pack("<H", len(name)) + (name + "\0").encode("utf-16-le")
    std += struct.pack("<3H", 2, 0, 0)  # paragraph UPX: istd 0; character UPX: empty
    assert len(std) == 32
    # STSHI: one style, 10-byte STD base, built-in names written, default fonts 0.
    stshi = struct.pack("<6H3H", 1, 10, 1, 0x5B, 15, 0, 0, 0, 0)
    return struct.pack("<H", len(stshi)) + stshi + struct.pack("<H", len(std)) + std


def _word_font_table() -> bytes:
    """The font table (SttbfFfn): Arial, a TrueType sans-serif font of variable pitch."""
    name = ("Arial\0").encode("utf-16-le")
    ffn = struct.pack("<BHBB", 0x26, 400, 0, 0) + bytes(10 + 24) + name  # family, weight, charset; panose, sig
    return struct.pack("<2H", 1, 0) + bytes([len(ffn)]) + ffn


def doc_paragraphs(doc: Document) -> list[str]:
    """The document as Word paragraphs; table cells separated by tabs, as in older documents."""
    paragraphs = [doc.title]
    for block in doc.blocks:
        match block:
            case Heading(content=content) | Paragraph(content=content):
                paragraphs.append(plain(content))
            case ListBlock(items=items, ordered=ordered):
                paragraphs += [f"{n}. {plain(item)}" if ordered else plain(item) for n, item in enumerate(items, 1)]
            case TableBlock():
                paragraphs += ["\t".join(plain(cell) for cell in row) for row in block.all_rows()]
    return paragraphs


# --------------------------------------------------------------------------
# A zipped submission folder
# --------------------------------------------------------------------------


def zip_bytes(members: dict[str, bytes]) -> bytes:
    """A ZIP archive of `members`, deflated, with fixed dates."""
    import io

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(zipfile.ZipInfo(name, date_time=FIXED_DATE), data, compress_type=zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def write_zip(directory: Path, path: Path) -> None:
    """The submission folder, zipped; run after the PPTX and RTF fixtures are written."""
    import io

    from PIL import Image

    logo = io.BytesIO()
    Image.new("RGB", (16, 16), (122, 46, 31)).save(logo, "PNG")
    annexes = zip_bytes({"plan d'action.rtf": (directory / "sample.rtf").read_bytes()})
    members = {
        "dossier/plan.md": SAMPLE_MARKDOWN.encode("utf-8"),
        "dossier/présentation.pptx": (directory / "sample.pptx").read_bytes(),
        "dossier/annexes.zip": annexes,
        "dossier/logo.png": logo.getvalue(),
        "dossier/.DS_Store": b"\x00\x00\x00\x01Bud1" + bytes(64),
        "__MACOSX/dossier/._plan.md": b"\x00\x05\x16\x07" + bytes(60),
    }
    path.write_bytes(zip_bytes(members))


# --------------------------------------------------------------------------
# A scanned PDF
# --------------------------------------------------------------------------


def write_scanned_pdf(doc: Document, path: Path, dpi: int = 120, quality: int = 50) -> None:
    """Print the sample to PDF, photograph each page, and bind the pictures into a new PDF."""
    import io
    import tempfile

    import pypdfium2 as pdfium
    from reportlab import rl_config
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen.canvas import Canvas

    with tempfile.TemporaryDirectory() as folder:
        printed = Path(folder) / "imprimé.pdf"
        render_pdf(doc, printed, SAMPLE_ORGANISATION, base_font_size=12.5)
        source = pdfium.PdfDocument(str(printed))
        # invariant: no date, the same bytes each time; binary streams, not ASCII85 (a quarter smaller)
        rl_config.useA85 = 0
        scan = Canvas(str(path), pagesize=A4, invariant=True)
        for page in source:
            picture = io.BytesIO()
            page.render(scale=dpi / 72, grayscale=True).to_pil().save(picture, "JPEG", quality=quality)
            scan.drawImage(ImageReader(picture), 0, 0, width=A4[0], height=A4[1])
            scan.showPage()
        source.close()
        scan.save()


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
        "sample.doc": lambda path: path.write_bytes(word97_document(doc_paragraphs(doc))),
        "sample-scan.pdf": lambda path: write_scanned_pdf(doc, path),
        "sample.zip": lambda path: write_zip(directory, path),
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
