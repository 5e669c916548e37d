"""File → text with pages. The only module that opens input documents.

Every failure becomes an `ExtractionError` with a stable code (SPEC §4), never a traceback.
"""

from __future__ import annotations

import copy
import functools
import hashlib
import math
import os
import re
import shutil
import stat
import statistics
import subprocess
import tempfile
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from xml.etree import ElementTree

from .clean import clean_pages
from .config import LIMITS, Limits

#: Extensions read by `extract_text`, by format.
FORMATS: dict[str, str] = {
    ".pdf": "pdf",
    ".docx": "docx",
    ".odt": "odt",
    ".doc": "doc",
    ".pptx": "pptx",
    ".odp": "odp",
    ".rtf": "rtf",
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".zip": "zip",
}

#: What the analyst reads in a message about formats.
_FORMAT_NAMES = "PDF, DOCX, DOC, ODT, PPTX, ODP, RTF, HTML, Markdown, texte, archives ZIP"
_IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp", ".gif", ".webp", ".heic"}

#: Files that are not documents but what systems and office suites leave beside them:
#: thumbnail caches, folder settings, Mac resource forks, recycle bins.
_CLUTTER_NAMES = {"thumbs.db", "ehthumbs.db", "desktop.ini", "icon\r", "__macosx", "$recycle.bin"}


def is_clutter(name: str) -> bool:
    """Hidden files and system clutter: walks skip them, and count them, rather than report them.

    Hidden names start with a dot (`.DS_Store`, `._plan.pdf` from a Mac, `.~lock.plan.odt#`);
    `~$plan.docx` is the lock file Word keeps beside an open document.

    >>> [is_clutter(n) for n in (".DS_Store", "Thumbs.db", "~$plan.docx", "__MACOSX", "plan.docx", "..")]
    [True, True, True, True, False, False]
    """
    if name in {".", ".."}:
        return False
    return name.startswith((".", "~$")) or name.lower() in _CLUTTER_NAMES


class ExtractionError(Exception):
    """A document that cannot be read; `code` is one of the stable codes of SPEC §4."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass
class ExtractedText:
    """The text of a document, one string per page, and what lowers trust in it."""

    pages: list[str]
    warnings: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n\n".join(self.pages)


def extract_text(
    path: str | Path, limits: Limits = LIMITS, member: tuple[str, ...] = (), name: str | None = None
) -> ExtractedText:
    """Read a PDF, DOCX, DOC, ODT, PPTX, ODP, RTF, HTML, Markdown or text file into cleaned pages.

    Slide decks give one page per slide, its speaker notes after its text. A file inside a ZIP
    archive is read from `path` (the archive) and `member` (its name in the archive, or the
    names down through nested archives; see `walk_archive`); `name` is how messages call it.

    Raises `ExtractionError` for anything that cannot be read.
    """
    path = Path(path)
    if member:
        return _extract_member(path, member, limits, name or "!".join([str(path), *member]))
    kind = FORMATS.get(path.suffix.lower())
    try:
        size = path.stat().st_size
        if not path.is_file():
            # It exists (a FIFO, a device, a folder), so it is unreadable rather than not found.
            raise ExtractionError("unreadable", f"{path} : ce n'est pas un fichier ordinaire / not a regular file")
    except FileNotFoundError:
        raise ExtractionError("not_found", f"{path} : fichier introuvable / file not found") from None
    except OSError as exc:
        raise ExtractionError("unreadable", f"{path} : lecture impossible / cannot read ({exc.strerror})") from None
    if kind is None:
        raise ExtractionError("unsupported_format", f"{path} : {_unsupported(path.suffix)}")
    if size == 0:
        raise ExtractionError("empty_document", f"{path} : fichier vide (0 octet) / empty file")
    if size > limits.max_bytes:
        raise ExtractionError(
            "too_large",
            f"{path} : {size / 1e6:.1f} Mo dépasse la limite de {limits.max_bytes / 1e6:.0f} Mo / file too large",
        )
    readers = {"pdf": _read_pdf, "docx": _read_docx, "odt": _read_odt, "pptx": _read_pptx, "odp": _read_odp}
    readers |= {"doc": _read_doc, "rtf": _read_rtf, "html": _read_html, "zip": _read_zip}
    reader = readers.get(kind, _read_plain)
    try:
        result = reader(path, limits)
    except ExtractionError:
        raise
    except PermissionError:
        raise ExtractionError("unreadable", f"{path} : accès refusé / permission denied") from None
    except MemoryError:
        raise ExtractionError("too_large", f"{path} : mémoire insuffisante / out of memory") from None
    except Exception as exc:  # a broken file can make any parser fail in its own way
        raise ExtractionError(
            "corrupt_file", f"{path} : fichier illisible ou endommagé / corrupt file ({type(exc).__name__})"
        ) from None
    _truncate(result, limits)
    result.pages = clean_pages(result.pages)
    if not re.search(r"[^\W\d_]{2,}", result.text):
        raise ExtractionError("empty_document", f"{path} : aucun texte exploitable / no words in the document")
    return result


def _unsupported(suffix: str) -> str:
    """Why a file is not read, and what would be: the analyst decides what to do with it."""
    hint = ""
    if suffix.lower() in _IMAGE_SUFFIXES:
        hint = " (une image : un document numérisé se lit une fois enregistré en PDF)"
    shown = f"« {suffix} »" if suffix else "sans extension"
    return f"format {shown} non pris en charge{hint} ; formats lus : {_FORMAT_NAMES} / unsupported format"


def _truncate(result: ExtractedText, limits: Limits) -> None:
    total, kept = 0, []
    for page in result.pages:
        if total + len(page) > limits.max_chars:
            kept.append(page[: limits.max_chars - total])
            result.warnings.append(
                f"truncated: texte tronqué à {limits.max_chars:,} caractères / text truncated".replace(",", " ")
            )
            break
        kept.append(page)
        total += len(page)
    result.pages = kept


# --- PDF -------------------------------------------------------------------------------


def _read_pdf(path: Path, limits: Limits) -> ExtractedText:
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    with path.open("rb") as handle:
        if b"%PDF" not in handle.read(1024):
            raise ExtractionError("corrupt_file", f"{path} : ce n'est pas un PDF / not a PDF file")
    try:
        pdf = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        if exc.err_code == pdfium_c.FPDF_ERR_PASSWORD:
            raise ExtractionError("encrypted_pdf", f"{path} : PDF protégé par mot de passe / encrypted PDF") from None
        raise ExtractionError("corrupt_file", f"{path} : PDF endommagé / corrupt PDF") from None
    warnings: list[str] = []
    sized_pages: list[list[tuple[str, float]]] = []
    scanned: list[int] = []
    try:
        count = len(pdf)
        if count > limits.max_pages:
            warnings.append(f"truncated: seules les {limits.max_pages} premières pages sur {count} sont lues")
        for index in range(min(count, limits.max_pages)):
            page = pdf[index]
            textpage = page.get_textpage()
            lines = _sized_lines(textpage, pdfium_c)
            textpage.close()
            if sum(len(text.strip()) for text, _ in lines) < 10 and any(
                True for _ in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE])
            ):
                scanned.append(index + 1)
            page.close()
            sized_pages.append(lines)
        read, why = _ocr_pages(pdf, scanned, limits) if scanned else ({}, "")
    finally:
        pdf.close()
    for number, lines in read.items():
        sized_pages[number - 1] = lines
    pages = _mark_pdf_headings(sized_pages)
    unread = [number for number in scanned if number not in read]
    if unread and len(unread) == len(pages):
        raise ExtractionError(
            "no_text_layer", f"{path} : PDF numérisé sans couche texte ; {why} / scanned PDF without text layer"
        )
    if read:
        listed = ", ".join(map(str, read))
        warnings.append(f"ocr: texte lu par reconnaissance optique (Tesseract), à vérifier, page(s) {listed}")
    if unread:
        warnings.append(f"scanned_pages: pages sans texte (numérisées) : {', '.join(map(str, unread))} ; {why}")
    return ExtractedText(pages, warnings)


# --- OCR of scanned pages (Tesseract) --------------------------------------------------

_OCR_DPI = 300
#: A page rendered larger than this (a poster at 300 dpi) is rendered at a lower resolution.
_OCR_MAX_PIXELS = 40_000_000
_TESSERACT_PACKAGES = "paquets Debian tesseract-ocr et tesseract-ocr-fra : apt-get install tesseract-ocr-fra"


def _ocr_pages(pdf, numbers: list[int], limits: Limits) -> tuple[dict[int, list[tuple[str, float]]], str]:
    """The lines Tesseract reads on the scanned pages (by page number), each with its estimated
    font size as `_sized_lines` gives a text layer's, and why the other pages stay unread."""
    if not limits.ocr:
        return {}, "OCR désactivé (--no-ocr)"
    tesseract, why = _tesseract()
    if tesseract is None:
        return {}, why
    read: dict[int, list[tuple[str, float]]] = {}
    why = "l'OCR n'y a reconnu aucun texte"
    for number in numbers:
        try:
            lines = _ocr_page(pdf[number - 1], tesseract, limits)
        except subprocess.TimeoutExpired:
            why = f"OCR : délai de {limits.ocr_page_timeout:g} s par page dépassé"
            continue
        except _OcrFailed as exc:
            why = f"OCR en échec ({exc})"
            continue
        if re.search(r"[^\W\d_]{2,}", " ".join(text for text, _ in lines)):
            read[number] = lines
    return read, why


class _OcrFailed(Exception):
    pass


def _tesseract() -> tuple[str | None, str]:
    """The tesseract program if it is installed with its French data, else why not."""
    binary = shutil.which("tesseract")
    if binary is None:
        return None, f"installez Tesseract pour le lire par OCR ({_TESSERACT_PACKAGES})"
    if "fra" not in _tesseract_languages(binary):
        return None, f"Tesseract est installé sans le français ({_TESSERACT_PACKAGES})"
    return binary, ""


@functools.cache
def _tesseract_languages(binary: str) -> frozenset[str]:
    try:
        run = subprocess.run([binary, "--list-langs"], capture_output=True, timeout=30, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return frozenset()
    return frozenset(line.strip() for line in run.stdout.decode("utf-8", errors="replace").splitlines()[1:])


def _ocr_page(page, tesseract: str, limits: Limits) -> list[tuple[str, float]]:
    """Render one page in grey at 300 dpi and read it with Tesseract, in French: its lines, a
    blank line between paragraphs, each line with its estimated font size (`_ocr_lines`)."""
    import numpy as np

    width, height = page.get_size()  # in points, 1/72 inch
    scale = min(_OCR_DPI / 72, math.sqrt(_OCR_MAX_PIXELS / max(width * height, 1.0)))
    pixels = np.ascontiguousarray(page.render(scale=scale, grayscale=True).to_numpy())
    image = b"P5 %d %d 255\n" % (pixels.shape[1], pixels.shape[0]) + pixels.tobytes()  # a PGM picture
    run = subprocess.run(
        [tesseract, "stdin", "stdout", "-l", "fra", "--dpi", str(round(scale * 72)), "tsv"],
        input=image,
        capture_output=True,
        timeout=limits.ocr_page_timeout,
        # One thread per page: batches already run one document per core.
        env={**os.environ, "OMP_THREAD_LIMIT": "1"},
        check=False,
    )
    if run.returncode != 0:
        reason = run.stderr.decode("utf-8", errors="replace").strip().splitlines()
        raise _OcrFailed(reason[-1][:200] if reason else f"code {run.returncode}")
    return _ocr_lines(run.stdout.decode("utf-8", errors="replace"), scale * 72)


#: A word of letters, with at most a closing comma or full stop: its box is a letter's height.
_PLAIN_WORD = re.compile(r"^[^\W\d_][\w'’-]*[,.]?$")
#: Bullets as OCR reads them ("+", "°", "■"…), read back as list items.
_OCR_BULLET = re.compile(r"^[+°■●▪»]\s+(?:_\s+)?")


def _ocr_lines(tsv: str, dpi: float) -> list[tuple[str, float]]:
    r"""Tesseract's TSV output (one row per word, with its box) → lines with a font size.

    A line's size is the median height of its words' boxes, in points: the same scale as the
    font sizes of a text layer, so `_mark_pdf_headings` finds the headings of a scanned page
    (set larger than its body) as it does those of a text PDF. Words with brackets or other
    signs that reach below or above the letters count only in a line made of nothing else.
    Paragraphs are separated by a blank line.

    >>> rows = ["level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext"]
    >>> rows += [f"5\t1\t1\t1\t1\t{i}\t0\t0\t10\t60\t95\t{w}" for i, w in enumerate(["1.", "Publics"], 1)]
    >>> rows += [f"5\t1\t2\t1\t1\t{i}\t0\t0\t10\t40\t95\t{w}" for i, w in enumerate(["Nous", "ferons"], 1)]
    >>> _ocr_lines("\n".join(rows), 300)
    [('1. Publics', 14.5), ('', 0.0), ('Nous ferons', 9.5)]
    """
    lines: dict[tuple[int, int, int], list[tuple[str, int]]] = {}
    for row in tsv.splitlines()[1:]:
        cells = row.split("\t")
        if len(cells) < 12 or cells[0] != "5" or not cells[11].strip():
            continue
        key = (int(cells[2]), int(cells[3]), int(cells[4]))  # block, paragraph, line
        lines.setdefault(key, []).append((cells[11].strip(), int(cells[9])))
    out: list[tuple[str, float]] = []
    previous = None
    for key, words in lines.items():
        if previous is not None and key[:2] != previous[:2]:
            out.append(("", 0.0))
        previous = key
        plain = [height for word, height in words if _PLAIN_WORD.match(word)] or [height for _, height in words]
        size = statistics.median(plain) * 72 / dpi
        text = _OCR_BULLET.sub("• ", " ".join(word for word, _ in words))
        out.append((text, round(size * 2) / 2))  # to the half point, so the body size is one value
    return out


def _sized_lines(textpage, pdfium_c) -> list[tuple[str, float]]:
    """The page's text lines, each with the median font size of its visible characters."""
    text = textpage.get_text_range()
    lines: list[tuple[str, float]] = []
    current: list[str] = []
    sizes: list[float] = []
    for index, char in enumerate(text):
        if char == "\n":
            lines.append(("".join(current), sorted(sizes)[len(sizes) // 2] if sizes else 0.0))
            current, sizes = [], []
        elif char != "\r":
            current.append(char)
            if not char.isspace():
                sizes.append(round(pdfium_c.FPDFText_GetFontSize(textpage, index), 1))
    lines.append(("".join(current), sorted(sizes)[len(sizes) // 2] if sizes else 0.0))
    return lines


def _mark_pdf_headings(pages: list[list[tuple[str, float]]]) -> list[str]:
    """Mark lines set larger than the body text as `#` headings, joining a title wrapped over lines.

    The body size is the size most characters of the document are set in.
    """
    weight: dict[float, int] = {}
    for lines in pages:
        for text, size in lines:
            weight[size] = weight.get(size, 0) + len(text)
    body = max(weight, key=weight.get) if weight else 0.0
    out = []
    for lines in pages:
        marked: list[str] = []
        previous_heading = False
        for text, size in lines:
            heading = body > 0 and size >= 1.12 * body and 0 < len(text.strip()) <= 150
            if heading and previous_heading:
                marked[-1] += " " + text.strip()
            else:
                marked.append("# " + text.strip() if heading else text)
            previous_heading = heading
        out.append("\n".join(marked))
    return out


# --- DOCX, ODT, PPTX and ODP (zip archives) -----------------------------------------------


def _open_zip(path: Path, limits: Limits) -> zipfile.ZipFile:
    """Open an office archive after checking its declared sizes, so a zip bomb is never inflated."""
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile:
        raise ExtractionError(
            "corrupt_file", f"{path} : archive {path.suffix} invalide / not a valid {path.suffix} file"
        ) from None
    declared = sum(info.file_size for info in archive.infolist())
    if declared > limits.max_unzipped_bytes:
        archive.close()
        raise ExtractionError(
            "too_large",
            f"{path} : contenu décompressé déclaré de {declared / 1e6:.0f} Mo (bombe zip ?) / zip bomb suspected",
        )
    # Declared sizes can lie, and `ZipFile.read` then inflates up to 2 GB in one call before
    # cutting at the declared size: each member is first inflated in 1 MB steps, and the
    # archive refused as soon as one yields more than it declares.
    for info in archive.infolist():
        probe = copy.copy(info)
        probe.file_size, probe.CRC = info.file_size + 1, None  # one byte more is proof; the CRC is checked later
        inflated = 0
        with archive.open(probe) as member:
            while inflated <= info.file_size and (chunk := member.read(1 << 20)):
                inflated += len(chunk)
        if inflated > info.file_size:
            archive.close()
            raise ExtractionError(
                "too_large", f"{path} : {info.filename} dépasse sa taille déclarée (bombe zip ?) / zip bomb suspected"
            )
    return archive


def _read_docx(path: Path, limits: Limits) -> ExtractedText:
    import docx
    from docx.table import Table

    with _open_zip(path, limits) as archive:
        if "word/document.xml" not in archive.namelist():
            raise ExtractionError("corrupt_file", f"{path} : pas un document Word / not a Word document")
    document = docx.Document(str(path))
    pages: list[list[str]] = [[]]
    furniture: list[str] = []
    for section in document.sections:
        for part in (section.header, section.footer):
            for paragraph in part.paragraphs:
                if re.search(r"[^\W\d_]{2}", paragraph.text) and paragraph.text not in furniture:
                    furniture.append(paragraph.text)
    for block in _docx_blocks(document.element.body, document._body):
        if isinstance(block, Table):
            for row in block.rows:
                cells = _unique(cell.text.strip() for cell in row.cells)
                pages[-1].append(" — ".join(c for c in cells if c) + "\n")
            continue
        if block._p.xpath("./w:r/w:br[@w:type='page'] | ./w:r/w:lastRenderedPageBreak"):
            pages.append([])
        style = (block.style.name or "").lower() if block.style is not None else ""
        text = _docx_paragraph_text(block._p)
        if style.startswith(("heading", "titre", "title")) and text.strip():
            text = "# " + text
        elif style.startswith("list"):
            text = "- " + text
        pages[-1].append(text + "\n")
        pages[-1] += [box + "\n" for box in _text_boxes(block._p)]
    texts = ["\n".join(page) for page in pages]
    if furniture:
        # Headers and footers repeat on every printed page; reading them once is enough.
        texts[0] = "\n".join(furniture) + "\n\n" + texts[0]
    return ExtractedText(texts)


def _docx_blocks(container, parent):
    """The paragraphs and tables of a Word body in order, those inside content controls
    (`w:sdt`: a cover page's title block, a form) included, which python-docx skips."""
    from docx.oxml.ns import qn
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    for child in container.iterchildren():
        if child.tag == qn("w:p"):
            yield Paragraph(child, parent)
        elif child.tag == qn("w:tbl"):
            yield Table(child, parent)
        elif child.tag == qn("w:sdt"):
            content = child.find(qn("w:sdtContent"))
            if content is not None:
                yield from _docx_blocks(content, parent)


def _docx_paragraph_text(p) -> str:
    """A Word paragraph's text as python-docx reads it, plus its tracked insertions (runs inside
    `w:ins`: a draft sent with changes still marked), which python-docx skips. Deleted text is
    `w:delText`, never read."""
    from docx.oxml.ns import qn

    if p.find(qn("w:ins")) is None:
        return p.text
    parts = []
    for child in p.iterchildren():
        if child.tag == qn("w:ins"):
            parts += [run.text for run in child.iterchildren(qn("w:r"))]
        elif child.tag in (qn("w:r"), qn("w:hyperlink")):
            parts.append(child.text)
    return "".join(parts)


def _text_boxes(p) -> list[str]:
    """The paragraphs of the text boxes anchored in a Word paragraph (each box is stored twice,
    for new and old Word versions; the fallback copy is skipped)."""
    from docx.oxml.ns import qn

    texts = []
    for box in p.iter(qn("w:txbxContent")):
        if any(ancestor.tag.endswith("}Fallback") for ancestor in box.iterancestors()):
            continue
        texts += [t for t in (_docx_paragraph_text(q).strip() for q in box.iter(qn("w:p"))) if t]
    return texts


def _unique(items) -> list[str]:
    """Merged table cells repeat their text in python-docx; keep each once, in order. Known
    defect: two cells that only hold the same amount are kept once too (« 1 200 € — 1 200 € »);
    reading them both changes seven training documents and the model with them
    (`docs/model.md`, *Known weaknesses*), so it waits for its own retrain."""
    seen: list[str] = []
    for item in items:
        if item not in seen:
            seen.append(item)
    return seen


_ODF_TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
_ODF_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"


def _odf_content(path: Path, limits: Limits, what: str) -> ElementTree.Element:
    """The parsed `content.xml` of an OpenDocument file (`what` names the format in the error)."""
    with _open_zip(path, limits) as archive:
        try:
            content = archive.read("content.xml")
        except KeyError:
            raise ExtractionError("corrupt_file", f"{path} : pas un fichier {what} / not an {what} file") from None
    return ElementTree.fromstring(content)


def _read_odt(path: Path, limits: Limits) -> ExtractedText:
    root = _odf_content(path, limits, "ODT")
    lines: list[str] = []
    heading, paragraph = f"{{{_ODF_TEXT}}}h", f"{{{_ODF_TEXT}}}p"
    for element in root.iter():
        if element.tag == heading:
            lines.append("# " + _odf_text(element) + "\n")
        elif element.tag == paragraph:
            lines.append(_odf_text(element) + "\n")
    return ExtractedText(["\n".join(lines)])


def _odf_text(element: ElementTree.Element) -> str:
    """Text of an ODF paragraph; spaces, tabs and line breaks are elements there."""
    spacers = {f"{{{_ODF_TEXT}}}{name}" for name in ("s", "tab", "line-break")}
    parts = [element.text or ""]
    stack = list(reversed(list(element)))
    while stack:
        child = stack.pop()
        if isinstance(child, str):
            parts.append(child)
            continue
        if child.tag in spacers:
            parts.append(" ")
        elif child.tag != f"{{{_ODF_TEXT}}}p":  # nested paragraphs are visited on their own
            parts.append(child.text or "")
            stack.append(child.tail or "")
            stack.extend(reversed(list(child)))
            continue
        parts.append(child.tail or "")
    return "".join(parts)


def _read_pptx(path: Path, limits: Limits) -> ExtractedText:
    from pptx import Presentation

    with _open_zip(path, limits) as archive:
        if "ppt/presentation.xml" not in archive.namelist():
            raise ExtractionError("corrupt_file", f"{path} : pas une présentation PowerPoint / not a PowerPoint file")
    pages = []
    for slide in Presentation(str(path)).slides:
        title = slide.shapes.title
        lines = (
            [f"# {_one_line(title.text_frame.text)}\n"] if title is not None and title.text_frame.text.strip() else []
        )
        for shape in _pptx_shapes(slide.shapes):
            if title is not None and shape.shape_id == title.shape_id:
                continue
            if getattr(shape, "has_table", False) and shape.has_table:
                for row in shape.table.rows:
                    # a merged cell's text is in its origin cell; the cells it spans are empty
                    cells = [_one_line(cell.text).strip() for cell in row.cells if not cell.is_spanned]
                    lines.append(" — ".join(c for c in cells if c))
                lines.append("")
            elif shape.has_text_frame:
                # A slide's paragraphs are points, not wrapped prose: each is a list item.
                lines.extend(f"- {_one_line(p.text)}" for p in shape.text_frame.paragraphs if p.text.strip())
                lines.append("")
        notes = slide.notes_slide.notes_text_frame if slide.has_notes_slide else None
        if notes is not None and notes.text.strip():
            lines.append("\n\n".join(p.text for p in notes.paragraphs if p.text.strip()))
        pages.append("\n".join(lines))
    return ExtractedText(pages)


def _pptx_shapes(shapes):
    """Every shape of a slide in order, the members of groups included."""
    from pptx.enum.shapes import MSO_SHAPE_TYPE

    for shape in shapes:
        if shape.shape_type == MSO_SHAPE_TYPE.GROUP:
            yield from _pptx_shapes(shape.shapes)
        else:
            yield shape


def _one_line(text: str) -> str:
    """python-pptx gives a line break inside a paragraph as a vertical tab."""
    return text.replace("\v", " ").replace("\n", " ")


_ODF_DRAW = "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"
_ODF_PRESENTATION = "urn:oasis:names:tc:opendocument:xmlns:presentation:1.0"


def _read_odp(path: Path, limits: Limits) -> ExtractedText:
    root = _odf_content(path, limits, "ODP")
    pages = []
    for slide in root.iter(f"{{{_ODF_DRAW}}}page"):
        lines: list[str] = []
        notes: list[str] = []
        _odp_lines(slide, lines, notes, kind="")
        pages.append("\n".join([*lines, "", *notes]))
    return ExtractedText(pages)


def _odp_lines(element: ElementTree.Element, lines: list[str], notes: list[str], kind: str) -> None:
    """Lines of a slide in document order: its title as a heading, list items as list items,
    table rows joined; the speaker notes go to `notes`."""
    for child in element:
        tag = child.tag
        if tag == f"{{{_ODF_PRESENTATION}}}notes":
            _odp_lines(child, notes, notes, kind="notes")
        elif tag in {f"{{{_ODF_TEXT}}}p", f"{{{_ODF_TEXT}}}h"}:
            text = _odf_text(child).strip()
            if text:
                marker = {"title": "# ", "item": "- "}.get(kind, "")
                lines.append(marker + text + ("" if marker == "- " else "\n"))
        elif tag == f"{{{_ODF_TABLE}}}table-row":
            cells = (" ".join(_odf_text(p).strip() for p in cell.iter(f"{{{_ODF_TEXT}}}p")) for cell in child)
            lines.append(" — ".join(c for c in cells if c))  # covered (merged) cells are empty
        else:
            if tag == f"{{{_ODF_DRAW}}}frame" and child.get(f"{{{_ODF_PRESENTATION}}}class") == "title":
                child_kind = "title"
            elif tag == f"{{{_ODF_TEXT}}}list-item":
                child_kind = "item"
            else:
                child_kind = kind
            _odp_lines(child, lines, notes, child_kind)


# --- HTML ------------------------------------------------------------------------------

_BLOCK_TAGS = {
    "p", "div", "br", "li", "tr", "section", "article", "main", "header", "footer", "table", "ul", "ol",
    "blockquote", "pre", "dt", "dd", "figcaption", "aside", "hr", "h1", "h2", "h3", "h4", "h5", "h6",
}  # fmt: skip
_SKIPPED_TAGS = {"script", "style", "noscript", "template", "svg", "nav", "head", "button", "select", "iframe"}


class _HTMLText(HTMLParser):
    """Collects visible text with line breaks at block boundaries; no tree, so depth costs nothing."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip_depth = 0

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in _SKIPPED_TAGS:
            self.skip_depth += 1
        elif self.skip_depth:
            return
        elif tag in {"td", "th"}:
            self.parts.append(" — ")
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n\n# " if tag[0] == "h" and tag[1:].isdigit() else "\n")
            if tag == "li":
                self.parts.append("- ")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED_TAGS:
            self.skip_depth = max(0, self.skip_depth - 1)
        elif tag in _BLOCK_TAGS and not self.skip_depth:
            self.parts.append("\n\n" if tag in {"p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "table"} else "\n")

    def handle_data(self, data: str) -> None:
        if not self.skip_depth:
            self.parts.append(data.replace("\n", " "))


def _read_html(path: Path, limits: Limits) -> ExtractedText:
    parser = _HTMLText()
    parser.feed(_decode(path.read_bytes(), path))
    parser.close()
    return ExtractedText(["".join(parser.parts)])


# --- ZIP archives, walked like folders ---------------------------------------------------

#: Below this size, a high compression ratio is only a file of blank lines, not a zip bomb.
_RATIO_FLOOR = 1_000_000


@dataclass(frozen=True)
class ArchiveMember:
    """One file found by `walk_archive`: how it is shown, how to reach it, and what is known of it.

    `chain` holds its name in the archive, preceded by the names of the archives it is nested
    in; `error` is a `(code, message)` pair when it is refused without being read, and
    `skipped` marks hidden files and system clutter.
    """

    name: str
    chain: tuple[str, ...]
    sha256: str | None = None
    error: tuple[str, str] | None = None
    skipped: bool = False


def walk_archive(path: str | Path, limits: Limits = LIMITS, name: str | None = None) -> Iterator[ArchiveMember]:
    """Every file inside a ZIP archive, nested archives walked too, each named `archive.zip!path/in/zip`.

    Nothing is written outside a temporary directory, removed at the end: files are hashed as
    they are inflated, and only nested archives are inflated to disk, under generated names.
    A file that cannot be reached (unsafe path, link, encryption, limits) comes with its error;
    an archive that cannot be walked at all comes as one member with an empty `chain`.
    """
    path = Path(path)
    shown = name or str(path)
    budget = _ArchiveBudget()
    with tempfile.TemporaryDirectory(prefix="classifier-") as folder:
        found = False
        for member in _walk_zip(path, (), shown, limits, budget, Path(folder)):
            found = found or not member.skipped
            yield member
        if not found:
            yield ArchiveMember(
                shown,
                (),
                error=(
                    "empty_document",
                    f"{shown} : archive vide, ou sans autre fichier que des fichiers cachés ou système / empty archive",
                ),
            )


@dataclass
class _ArchiveBudget:
    """What the files of one archive, nested archives included, have used of the limits."""

    members: int = 0
    inflated: int = 0


def _walk_zip(
    path: Path, chain: tuple[str, ...], shown: str, limits: Limits, budget: _ArchiveBudget, folder: Path
) -> Iterator[ArchiveMember]:
    try:
        archive = _open_archive(path, limits, shown, budget)
    except ExtractionError as exc:
        yield ArchiveMember(shown, chain, error=(exc.code, exc.message))
        return
    with archive:
        for info in archive.infolist():
            if info.is_dir():
                continue
            inner_chain, inner_shown = (*chain, info.filename), f"{shown}!{_member_name(info)}"
            if any(is_clutter(part) for part in _member_name(info).replace("\\", "/").split("/")):
                yield ArchiveMember(inner_shown, inner_chain, skipped=True)
                continue
            try:
                _check_member(info, inner_shown)
                suffix = _suffix(info.filename)
                if suffix not in FORMATS:  # its row says so; nothing to inflate
                    yield ArchiveMember(inner_shown, inner_chain)
                    continue
                _check_size(info, limits, inner_shown)
                if budget.inflated + info.file_size > limits.max_archive_unzipped_bytes:
                    raise ExtractionError(
                        "too_large",
                        f"{inner_shown} : l'archive dépasse {limits.max_archive_unzipped_bytes / 1e6:g} Mo "
                        "décompressés au total (--max-archive-unzipped) / archive too large",
                    )
                budget.inflated += info.file_size
                if suffix != ".zip":
                    digest = hashlib.sha256()
                    _inflate(archive, info, digest.update, inner_shown)
                    yield ArchiveMember(inner_shown, inner_chain, sha256=digest.hexdigest())
                    continue
                if len(inner_chain) + 1 > limits.max_archive_depth:
                    raise ExtractionError(
                        "too_deep",
                        f"{inner_shown} : archive imbriquée à plus de {limits.max_archive_depth} niveaux "
                        "(--max-archive-depth) / archives nested too deep",
                    )
                inner = folder / f"{len(inner_chain)}.zip"
                with inner.open("wb") as handle:
                    _inflate(archive, info, handle.write, inner_shown)
                yield from _walk_zip(inner, inner_chain, inner_shown, limits, budget, folder)
                inner.unlink()
            except ExtractionError as exc:
                yield ArchiveMember(inner_shown, inner_chain, error=(exc.code, exc.message))


def _open_archive(path: Path, limits: Limits, shown: str, budget: _ArchiveBudget | None = None) -> zipfile.ZipFile:
    """Open a ZIP archive that is walked like a folder, after checking its size and its declared content."""
    size = path.stat().st_size
    if size > limits.max_archive_bytes:
        raise ExtractionError(
            "too_large",
            f"{shown} : archive de {size / 1e6:.1f} Mo, au-delà de {limits.max_archive_bytes / 1e6:g} Mo "
            "(--max-archive-size) / archive too large",
        )
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, EOFError):
        raise ExtractionError("corrupt_file", f"{shown} : archive ZIP invalide / not a valid ZIP archive") from None
    infos = [info for info in archive.infolist() if not info.is_dir()]
    members = len(infos) + (budget.members if budget else 0)
    # Only files of formats read are inflated: a video in the archive costs nothing.
    declared = sum(info.file_size for info in infos if _suffix(info.filename) in FORMATS)
    declared += budget.inflated if budget else 0
    problem = None
    if members > limits.max_archive_members:
        problem = f"plus de {limits.max_archive_members} fichiers (--max-archive-files)"
    elif declared > limits.max_archive_unzipped_bytes:
        problem = (
            f"contenu décompressé déclaré de {declared / 1e6:.0f} Mo, au-delà de "
            f"{limits.max_archive_unzipped_bytes / 1e6:g} Mo (--max-archive-unzipped ; bombe zip ?)"
        )
    if problem:
        archive.close()
        raise ExtractionError("too_large", f"{shown} : {problem} / archive too large")
    if budget:
        budget.members = members
    return archive


def _member_name(info: zipfile.ZipInfo) -> str:
    """The member's name as its author wrote it: archives made without the UTF-8 flag (by many
    tools) hold UTF-8 bytes that `zipfile` decodes as cp437."""
    if info.flag_bits & 0x800:
        return info.filename
    try:
        return info.filename.encode("cp437").decode("utf-8")
    except UnicodeError:
        return info.filename


def _suffix(member: str) -> str:
    return PurePosixPath(member.replace("\\", "/")).suffix.lower()


def _check_member(info: zipfile.ZipInfo, shown: str) -> None:
    """Refuse, before inflating anything, what is not a plain file safely inside the archive."""
    name = info.filename
    parts = name.replace("\\", "/").split("/")
    if name.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", name) or ".." in parts or "\0" in name:
        raise ExtractionError(
            "unsafe_path", f"{shown} : chemin qui sort de l'archive (« .. », chemin absolu), refusé / unsafe path"
        )
    if stat.S_ISLNK(info.external_attr >> 16):
        raise ExtractionError("unsafe_path", f"{shown} : lien symbolique dans l'archive, non suivi / symbolic link")
    if info.flag_bits & 0x1:
        raise ExtractionError(
            "encrypted_archive", f"{shown} : fichier chiffré dans l'archive (mot de passe) / encrypted archive member"
        )


def _check_size(info: zipfile.ZipInfo, limits: Limits, shown: str) -> None:
    """Refuse, before inflating it, a file that would inflate beyond the limits."""
    nested = _suffix(info.filename) == ".zip"
    largest = limits.max_archive_bytes if nested else limits.max_bytes
    if info.file_size > largest:
        raise ExtractionError(
            "too_large",
            f"{shown} : {info.file_size / 1e6:.1f} Mo décompressés dépassent la limite de {largest / 1e6:g} Mo "
            f"({'--max-archive-size' if nested else '--max-size'}) / file too large",
        )
    ratio = info.file_size / max(info.compress_size, 1)
    if info.file_size > _RATIO_FLOOR and ratio > limits.max_compression_ratio:
        raise ExtractionError(
            "too_large",
            f"{shown} : compressé {ratio:.0f} fois, au-delà de {limits.max_compression_ratio:g} "
            "(--max-ratio ; bombe zip ?) / compression ratio too high",
        )


def _inflate(archive: zipfile.ZipFile, info: zipfile.ZipInfo, sink, shown: str) -> None:
    """Inflate a member in 1 MB steps into `sink`, refusing it as soon as it exceeds its declared size."""
    probe = copy.copy(info)
    probe.file_size, probe.CRC = info.file_size + 1, None  # one byte more is proof of a lie
    inflated, crc = 0, 0
    try:
        with archive.open(probe) as member:
            while chunk := member.read(1 << 20):
                inflated += len(chunk)
                if inflated > info.file_size:
                    raise ExtractionError(
                        "too_large", f"{shown} : plus gros que sa taille déclarée (bombe zip ?) / zip bomb suspected"
                    )
                crc = zlib.crc32(chunk, crc)
                sink(chunk)
    except NotImplementedError:
        raise ExtractionError(
            "unsupported_format", f"{shown} : méthode de compression non prise en charge / unsupported compression"
        ) from None
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError):
        raise ExtractionError("corrupt_file", f"{shown} : fichier endommagé dans l'archive / corrupt member") from None
    if inflated != info.file_size or crc != info.CRC:
        raise ExtractionError("corrupt_file", f"{shown} : fichier endommagé dans l'archive / corrupt member")


def _extract_member(path: Path, chain: tuple[str, ...], limits: Limits, name: str) -> ExtractedText:
    """Read one file of an archive: inflated into a temporary directory, under a generated name."""
    if _suffix(chain[-1]) not in FORMATS:
        raise ExtractionError("unsupported_format", f"{name} : {_unsupported(_suffix(chain[-1]))}")
    with tempfile.TemporaryDirectory(prefix="classifier-") as folder:
        current, shown = path, str(path)
        try:
            for depth, member in enumerate(chain, start=1):
                with _open_archive(current, limits, shown) as archive:
                    shown = name if depth == len(chain) else f"{shown}!{member}"
                    try:
                        info = archive.getinfo(member)
                    except KeyError:
                        raise ExtractionError("not_found", f"{shown} : absent de l'archive / not in archive") from None
                    _check_member(info, shown)
                    _check_size(info, limits, shown)
                    target = Path(folder) / f"{depth}{_suffix(member)}"  # never the member's own path
                    with target.open("wb") as handle:
                        _inflate(archive, info, handle.write, shown)
                current = target
        except FileNotFoundError:
            raise ExtractionError("not_found", f"{name} : archive introuvable / archive not found") from None
        except OSError as exc:
            raise ExtractionError("unreadable", f"{name} : lecture impossible / cannot read ({exc.strerror})") from None
        try:
            return extract_text(current, limits)
        except ExtractionError as exc:  # messages name the temporary file: name the member instead
            raise ExtractionError(exc.code, exc.message.replace(str(current), name, 1)) from None


def _read_zip(path: Path, limits: Limits) -> ExtractedText:
    raise ExtractionError(
        "unsupported_format",
        f"{path} : une archive ZIP se lit fichier par fichier (classify, ou score_many en Python) / "
        "an archive is read file by file",
    )


# --- Word 97-2003 (.doc), through antiword ----------------------------------------------

_OLE_SIGNATURE = bytes.fromhex("D0CF11E0A1B11AE1")


def _read_doc(path: Path, limits: Limits) -> ExtractedText:
    with path.open("rb") as handle:
        head = handle.read(8)
    # Word saves RTF, and people rename DOCX files, under .doc: read what the file is.
    if head.startswith(b"{\\rtf"):
        return _read_rtf(path, limits)
    if head.startswith(b"PK\x03\x04"):
        return _read_docx(path, limits)
    if head != _OLE_SIGNATURE:
        raise ExtractionError("corrupt_file", f"{path} : ce n'est pas un document Word / not a Word document")
    antiword = shutil.which("antiword")
    if antiword is None:
        raise ExtractionError(
            "missing_dependency",
            f"{path} : document Word 97-2003 (.doc) : installez antiword pour le lire "
            "(paquet Debian antiword : apt-get install antiword) / install antiword to read .doc files",
        )
    try:
        # UTF-8 output whatever the locale; -w 0: one line per paragraph, no wrapping.
        run = subprocess.run(
            [antiword, "-m", "UTF-8.txt", "-w", "0", str(path)],
            capture_output=True,
            timeout=limits.timeout or None,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise ExtractionError(
            "timeout", f"{path} : antiword n'a pas fini en {limits.timeout:g} s / antiword timed out"
        ) from None
    if run.returncode != 0:
        reason = run.stderr.decode("utf-8", errors="replace").strip().splitlines()
        if run.returncode < 0:  # antiword crashed (it does on some damaged files)
            reason.append(f"arrêté par le signal {-run.returncode}")
        detail = f" (antiword : {reason[-1][:200]})" if reason else ""
        raise ExtractionError("corrupt_file", f"{path} : document Word illisible{detail} / unreadable Word document")
    lines = []
    for line in run.stdout.decode("utf-8", errors="replace").split("\n"):
        if len(line) > 2 and line.startswith("|") and line.rstrip().endswith("|"):  # antiword's table rows
            line = " — ".join(cell.strip() for cell in line.strip()[1:-1].split("|"))
        lines.append(line)
    return ExtractedText(["\n\n".join(lines)])


# --- RTF -------------------------------------------------------------------------------


def _read_rtf(path: Path, limits: Limits) -> ExtractedText:
    from striprtf.striprtf import rtf_to_text

    data = path.read_bytes()
    if not data.lstrip().startswith(b"{\\rtf"):
        raise ExtractionError("corrupt_file", f"{path} : ce n'est pas un fichier RTF / not an RTF file")
    # RTF is 7-bit with escapes, but some writers leave Windows-1252 bytes as they are.
    text = rtf_to_text(_mark_rtf_headings(data.decode("cp1252", errors="replace")), errors="replace")
    lines = []
    for line in text.split("\n"):
        if line.count("|") >= 2 and line.endswith("|"):  # a table row: striprtf ends each cell with |
            line = " — ".join(cell.strip() for cell in line[:-1].split("|"))
        lines.append(line)
    # One paragraph a line, as in the other readers: a blank line between paragraphs.
    return ExtractedText(["\n\n".join(lines)])


#: A bold group (`{\b …}`, with other character formatting) that closes its paragraph.
_RTF_BOLD_GROUP = re.compile(r"\{\\b(?![a-z0-9])((?:\\[a-z]+-?\d*\s?)*)([^{}]*)\}(?=\s*\\par(?![a-z]))")
#: What may precede a paragraph's first text: the end of the previous one, or paragraph formatting.
_RTF_PARAGRAPH_START = re.compile(r"(?:\\par\}?|\\pard(?:\\[a-z]+-?\d*\s?)*)\s*$")


def _mark_rtf_headings(source: str) -> str:
    r"""Mark as a `#` heading each short paragraph that is bold from start to end, as the DOCX,
    ODT and PDF readers mark theirs: striprtf drops formatting, and without its headings an
    RTF document's sections would run into each other.

    >>> rtf = r"\pard\fs22 {\b\fs28 1. Une campagne}\par Texte {\b en gras} ici.\par {\b Fin.}\par"
    >>> _mark_rtf_headings(rtf)
    '\\pard\\fs22 {\\b\\fs28 # 1. Une campagne}\\par Texte {\\b en gras} ici.\\par {\\b Fin.}\\par'
    """
    out, last = [], 0
    for match in _RTF_BOLD_GROUP.finditer(source):
        visible = re.sub(r"\\'[0-9a-fA-F]{2}", "x", match.group(2))
        visible = re.sub(r"\\[a-z]+-?\d*\s?", "", visible).strip()
        starts = _RTF_PARAGRAPH_START.search(source, max(0, match.start() - 200), match.start())
        if starts and 0 < len(visible) <= 150 and not visible.endswith((".", ";", ",")):
            out.append(source[last : match.start(2)] + "# ")
            last = match.start(2)
    out.append(source[last:])
    return "".join(out)


# --- Plain text and Markdown -----------------------------------------------------------

_MD_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{2,}.*$")
_MD_EMPHASIS = re.compile(r"(\*\*|__|\*|`)(?=\S)(.+?)(?<=\S)\1")
_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")


def _read_plain(path: Path, limits: Limits) -> ExtractedText:
    pages = _decode(path.read_bytes(), path).split("\f")
    if path.suffix.lower() in {".md", ".markdown"}:
        pages = [_markdown_to_text(page) for page in pages]
    return ExtractedText(pages)


def _markdown_to_text(text: str) -> str:
    """Keep `#` headings and list markers (segmentation uses them); drop the rest of the markup."""
    lines = []
    for line in text.split("\n"):
        if _MD_TABLE_RULE.match(line) and "-" in line and not line.strip("|-: "):
            continue
        stripped = line.strip()
        if stripped.startswith("|") and stripped.endswith("|"):
            cells = [cell.strip() for cell in stripped.strip("|").split("|")]
            line = " — ".join(cell for cell in cells if cell)
        line = _MD_LINK.sub(r"\1", line)
        lines.append(_MD_EMPHASIS.sub(r"\2", line))
    return "\n".join(lines)


def _decode(data: bytes, path: Path) -> str:
    """Decode text bytes: BOMs first, then UTF-8, then detection; refuse binary content."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = data.decode("utf-16")
    elif data.startswith(b"\xef\xbb\xbf"):
        text = data[3:].decode("utf-8", errors="replace")
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            from charset_normalizer import from_bytes

            best = from_bytes(data[:200_000]).best()
            if best is None:
                raise ExtractionError(
                    "corrupt_file", f"{path} : contenu binaire, pas du texte / binary content"
                ) from None
            text = data.decode(best.encoding, errors="replace")
    sample = text[:100_000]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\n\r\t\f")
    if sample and controls / len(sample) > 0.02:
        raise ExtractionError("corrupt_file", f"{path} : contenu binaire, pas du texte / binary content")
    return text
