"""Extraction from real committed files (rendered from tests/fixtures/sample.md)."""

import os
import shutil
import sys
from pathlib import Path

import pytest

from classifier.config import Limits
from classifier.extract import ExtractionError, extract_text
from classifier.segment import segment_pages

from .conftest import require_tool

FIXTURES = Path(__file__).resolve().parent / "fixtures"
KEY_PHRASES = ["Le Quai, c'est chez vous", "billetterie", "mutualiserons", "formation"]
#: Fixtures read through an optional program: (command, Debian packages).
NEEDS_TOOL = {"sample.doc": ("antiword", "antiword")}


@pytest.mark.parametrize("name", sorted(p.name for p in FIXTURES.glob("sample.*") if p.suffix != ".zip"))
def test_every_format_gives_the_same_words(name):
    if name in NEEDS_TOOL:
        require_tool(*NEEDS_TOOL[name])
    text = " ".join(extract_text(FIXTURES / name).text.split())  # line breaks differ by format
    for phrase in KEY_PHRASES:
        assert phrase in text, f"{name}: {phrase!r} missing"


def test_pdf_keeps_pages_drops_running_header_and_page_numbers_and_marks_headings():
    extracted = extract_text(FIXTURES / "sample.pdf")
    assert len(extracted.pages) == 2
    for page in extracted.pages:
        lines = [line for line in page.split("\n") if line.strip()]
        assert not any(line.strip().lower().startswith(("page ", "p. ")) for line in lines[-2:]), lines[-2:]
        assert not any("Théâtre du Quai Plan d'action" in line for line in lines[:1])
    assert "# 1. Une campagne de communication pour élargir les publics" in extracted.pages[0]
    assert "\x02" not in extracted.text and "\ufffe" not in extracted.text


def test_docx_reads_headings_and_table_rows():
    text = extract_text(FIXTURES / "sample.docx").text
    assert "# 2. Migration de la billetterie et hébergement du site" in text
    assert "Action — Responsable — Échéance — Budget" in text


@pytest.mark.parametrize("name", ["sample.pptx", "sample.odp"])
def test_slide_decks_give_one_page_per_slide_with_its_speaker_notes(name):
    pages = extract_text(FIXTURES / name).pages
    assert len(pages) == 5  # a title slide and one slide per section
    campaign = pages[1]
    assert campaign.startswith("# 1. Une campagne de communication pour élargir les publics")
    assert "- une lettre d'information mensuelle, plus visuelle et mieux segmentée ;" in campaign
    # Only the speaker notes say this: the slide shows the bullet points.
    assert "Notre fréquentation a progressé de 8 % en 2024" in campaign
    assert "Migration de la billetterie — Administration — Juin 2025 — 18 500 €" in pages[4]


def test_rtf_reads_escapes_and_table_rows(tmp_path):
    text = extract_text(FIXTURES / "sample.rtf").text
    assert "Migration de la billetterie — Administration — Juin 2025 — 18 500 €" in text
    assert "l'Espace Mœbius" in text  # œ is a Windows-1252 escape (\\'9c)
    path = tmp_path / "wordpad.rtf"
    path.write_bytes(
        rb"{\rtf1\ansi\ansicpg1252\uc1{\fonttbl{\f0 Arial;}}\f0 Budget de 12\u8239?000 \'80 pour la "
        rb"{\b strat\'e9gie} num\u233?rique.\par}"
    )
    assert extract_text(path).text == "Budget de 12 000 € pour la stratégie numérique."


def test_rtf_bold_paragraphs_are_headings_as_docx_styles_are():
    """striprtf drops formatting: without this, the sample's numbered sections ran together in
    RTF, and its reorganisation section lost its heading (scored 0.41 where DOCX scores 0.53)."""

    def headings(name: str) -> set[str]:
        return {p.heading for p in segment_pages(extract_text(FIXTURES / name).pages)}

    assert "3. Réorganisation des rôles, formation et mutualisation" in headings("sample.rtf")
    assert headings("sample.rtf") == headings("sample.docx")


def test_legacy_doc_is_read_through_antiword():
    require_tool("antiword", "antiword")
    text = extract_text(FIXTURES / "sample.doc").text
    assert text.startswith("Plan d'action numérique 2025 — Théâtre du Quai")
    assert "l'Espace Mœbius" in text and "“Season Pass”" in text


def test_without_antiword_a_doc_is_an_error_naming_what_to_install(monkeypatch):
    _without(monkeypatch, "antiword")
    with pytest.raises(ExtractionError) as info:
        extract_text(FIXTURES / "sample.doc")
    assert info.value.code == "missing_dependency"
    assert "sample.doc" in info.value.message and "apt-get install antiword" in info.value.message


@pytest.mark.parametrize("source", ["sample.rtf", "sample.docx"])
def test_a_doc_that_is_really_rtf_or_docx_is_read_as_what_it_is(tmp_path, monkeypatch, source):
    """Word saves RTF under .doc, and renamed DOCX files circulate: neither needs antiword."""
    monkeypatch.setattr(shutil, "which", lambda *args, **kw: None)
    path = tmp_path / "ancien.doc"
    path.write_bytes((FIXTURES / source).read_bytes())
    assert "mutualiserons" in extract_text(path).text


def test_a_scanned_pdf_is_read_by_ocr_with_a_warning():
    require_tool("tesseract", "tesseract-ocr tesseract-ocr-fra")
    extracted = extract_text(FIXTURES / "sample-scan.pdf")
    assert len(extracted.pages) == 2
    assert [w.split(":")[0] for w in extracted.warnings] == ["ocr"]
    text = " ".join(extracted.text.split())
    for phrase in ("Le Quai, c'est chez vous", "billetterie", "mutualiserons", "formation"):
        assert phrase in text
    # Headings are found by their size on the page, as in a text PDF, and a wrapped one is joined.
    headings = [line for page in extracted.pages for line in page.splitlines() if line.startswith("# ")]
    assert "# 1. Une campagne de communication pour élargir les publics" in headings
    assert "# 3. Réorganisation des rôles, formation et mutualisation" in headings
    assert not any("collaboratifs" in heading for heading in headings)  # a body line ending in brackets


def _without(monkeypatch, command):
    real_which = shutil.which
    monkeypatch.setattr(shutil, "which", lambda name, *args, **kw: None if name == command else real_which(name))


def test_without_tesseract_a_scanned_pdf_has_no_text_layer_and_says_what_to_install(monkeypatch):
    _without(monkeypatch, "tesseract")
    with pytest.raises(ExtractionError) as info:
        extract_text(FIXTURES / "sample-scan.pdf")
    assert info.value.code == "no_text_layer"
    assert "sample-scan.pdf" in info.value.message and "tesseract-ocr-fra" in info.value.message


def test_ocr_can_be_turned_off():
    with pytest.raises(ExtractionError) as info:
        extract_text(FIXTURES / "sample-scan.pdf", Limits(ocr=False))
    assert info.value.code == "no_text_layer" and "--no-ocr" in info.value.message


@pytest.fixture
def fake_tesseract(tmp_path, monkeypatch):
    """A `tesseract` on the PATH that logs how it is called; it reads page N as the Nth `|`-separated
    part of `$FAKE_TEXT`, one line of 10-point words, in Tesseract's TSV format."""
    folder = tmp_path / "bin"
    folder.mkdir()
    log = tmp_path / "calls.log"
    script = folder / "tesseract"
    script.write_text(
        f"#!{sys.executable}\n"
        "import os, sys, time\n"
        "if sys.argv[1] == '--list-langs':\n"
        "    print('List of available languages (2):'); print(os.environ.get('FAKE_LANGS', 'eng\\nfra')); sys.exit()\n"
        f"with open({str(log)!r}, 'a') as log:\n"
        "    log.write(f\"OMP_THREAD_LIMIT={os.environ.get('OMP_THREAD_LIMIT')} {' '.join(sys.argv[1:])}\\n\")\n"
        f"page = len(open({str(log)!r}).read().splitlines())\n"
        "sys.stdin.buffer.read()\n"
        "time.sleep(float(os.environ.get('FAKE_DELAY', '0')))\n"
        "print('level\\tpage_num\\tblock_num\\tpar_num\\tline_num\\tword_num\\tleft\\ttop\\twidth\\theight\\tconf\\ttext')\n"
        "words = os.environ['FAKE_TEXT'].split('|')[page - 1].split()\n"
        "for n, word in enumerate(words, 1):\n"
        "    print(f'5\\t1\\t1\\t1\\t1\\t{n}\\t0\\t0\\t40\\t42\\t96\\t{word}')\n",
        encoding="utf-8",
    )
    script.chmod(0o755)
    monkeypatch.setenv("PATH", f"{folder}:{os.environ['PATH']}")
    monkeypatch.setenv("FAKE_TEXT", "Nous mutualiserons la billetterie.|Nous formerons les équipes.")
    return log


def test_ocr_runs_tesseract_in_french_at_300_dpi_on_one_thread_per_page(fake_tesseract):
    extracted = extract_text(FIXTURES / "sample-scan.pdf")
    calls = fake_tesseract.read_text().splitlines()
    assert len(calls) == 2  # one call per scanned page
    assert all(c.startswith("OMP_THREAD_LIMIT=1 stdin stdout -l fra --dpi 300 tsv") for c in calls), calls
    assert extracted.pages == ["Nous mutualiserons la billetterie.", "Nous formerons les équipes."]
    assert extracted.warnings == ["ocr: texte lu par reconnaissance optique (Tesseract), à vérifier, page(s) 1, 2"]


def test_a_page_over_the_ocr_time_limit_stays_unread(fake_tesseract, monkeypatch):
    monkeypatch.setenv("FAKE_DELAY", "5")
    with pytest.raises(ExtractionError) as info:
        extract_text(FIXTURES / "sample-scan.pdf", Limits(ocr_page_timeout=0.2))
    assert info.value.code == "no_text_layer" and "délai de 0.2 s par page" in info.value.message


def test_tesseract_without_french_is_as_good_as_absent(fake_tesseract, monkeypatch):
    monkeypatch.setenv("FAKE_LANGS", "eng")
    with pytest.raises(ExtractionError) as info:
        extract_text(FIXTURES / "sample-scan.pdf")
    assert info.value.code == "no_text_layer" and "sans le français (paquets Debian" in info.value.message


def test_a_file_inside_an_archive_is_read_through_its_member_name():
    archive = FIXTURES / "sample.zip"
    text = extract_text(archive, member=("dossier/annexes.zip", "plan d'action.rtf")).text
    assert "mutualiserons" in text
    with pytest.raises(ExtractionError) as info:
        extract_text(archive)  # an archive is not one document
    assert info.value.code == "unsupported_format" and "fichier par fichier" in info.value.message


def test_markdown_loses_its_markup_but_keeps_headings():
    text = extract_text(FIXTURES / "sample.md").text
    assert "**" not in text and "|---" not in text
    assert text.startswith("# Plan d'action numérique 2025")


def test_html_skips_navigation_and_scripts(tmp_path):
    page = tmp_path / "page.html"
    page.write_text(
        "<html><head><title>t</title><script>var x = 'secret';</script></head><body>"
        "<nav><ul><li>Accueil</li></ul></nav><h1>Plan</h1><p>Nous lancerons une campagne.</p>"
        "<table><tr><td>Action</td><td>Budget</td></tr></table></body></html>",
        encoding="utf-8",
    )
    text = extract_text(page).text
    assert "secret" not in text and "Accueil" not in text
    assert "# Plan" in text and "Nous lancerons une campagne." in text
    assert "Action — Budget" in text.replace("  ", " ")


def test_latin1_text_is_decoded(tmp_path):
    path = tmp_path / "latin1.txt"
    path.write_bytes("Stratégie numérique : réorganisation des équipes et mutualisation.".encode("latin-1"))
    assert "réorganisation" in extract_text(path).text


@pytest.mark.parametrize(
    ("content", "suffix", "code"),
    [
        (b"", ".txt", "empty_document"),
        (b"   \n\n  ", ".txt", "empty_document"),
        (b"not a pdf at all", ".pdf", "corrupt_file"),
        (b"PK\x03\x04 broken", ".docx", "corrupt_file"),
        (b"PK\x03\x04 broken", ".pptx", "corrupt_file"),
        (b"PK\x03\x04 broken", ".odp", "corrupt_file"),
        (b"Plan d'action, pas du RTF", ".rtf", "corrupt_file"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), ".doc", "corrupt_file"),
        (b"not a word document", ".doc", "corrupt_file"),
        (b"whatever", ".xyz", "unsupported_format"),
    ],
)
def test_bad_files_raise_a_stable_code_naming_the_file(tmp_path, content, suffix, code):
    path = tmp_path / f"mauvais fichier{suffix}"
    path.write_bytes(content)
    with pytest.raises(ExtractionError) as info:
        extract_text(path)
    assert info.value.code == code
    assert str(path) in info.value.message


def test_missing_file(tmp_path):
    with pytest.raises(ExtractionError) as info:
        extract_text(tmp_path / "absent.pdf")
    assert info.value.code == "not_found"


WPS = "http://schemas.microsoft.com/office/word/2010/wordprocessingShape"


def test_docx_keeps_content_controls_tracked_insertions_and_text_boxes(tmp_path):
    """What Word files from the field hold and python-docx alone does not read."""
    import copy

    import docx
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls, qn

    document = docx.Document()
    title = document.add_paragraph("Plan de communication 2025-2027", style="Title")
    body = document.add_paragraph("Le théâtre renforcera sa présence en ligne. ")
    table = document.add_table(rows=2, cols=4)
    for cell, text in zip(table.rows[0].cells, ["Poste", "2025", "2026", "Total"], strict=True):
        cell.text = text
    for cell, text in zip(table.rows[1].cells, ["Hébergement du site", "1 200 €", "1 200 €", "2 400 €"], strict=True):
        cell.text = text
    merged = document.add_table(rows=1, cols=3)
    merged.rows[0].cells[0].merge(merged.rows[0].cells[1]).text = "Campagne de rentrée"
    merged.rows[0].cells[2].text = "8 000 €"
    # the title inside a content control, as on a Word cover page
    sdt = parse_xml(f"<w:sdt {nsdecls('w')}><w:sdtPr/><w:sdtContent/></w:sdt>")
    title._p.addprevious(sdt)
    sdt.find(qn("w:sdtContent")).append(title._p)
    # a tracked insertion, and a text box anchored in the paragraph
    inserted = parse_xml(
        f'<w:ins {nsdecls("w")} w:id="1" w:author="A" w:date="2025-03-01T00:00:00Z">'
        "<w:r><w:t>Une cheffe de projet numérique sera recrutée.</w:t></w:r></w:ins>"
    )
    body._p.append(inserted)
    box = parse_xml(
        f"<w:r {nsdecls('w', 'wp', 'a')} xmlns:wps='{WPS}'><w:drawing><wp:inline><wp:extent cx='1' cy='1'/>"
        "<wp:docPr id='1' name='encadré'/><a:graphic><a:graphicData uri='x'><wps:wsp><wps:txbx>"
        "<w:txbxContent><w:p><w:r><w:t>Encadré : le budget est voté en juin.</w:t></w:r></w:p></w:txbxContent>"
        "</wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>"
    )
    body._p.append(copy.deepcopy(box))
    path = tmp_path / "plan.docx"
    document.save(path)
    text = extract_text(path).text
    assert "# Plan de communication 2025-2027" in text
    assert "Le théâtre renforcera sa présence en ligne. Une cheffe de projet numérique sera recrutée." in text
    assert "Encadré : le budget est voté en juin." in text
    assert "Campagne de rentrée — 8 000 €" in text, "a merged cell is read once"


KNOWN_DEFECT = "fixing it changes the text of training documents: it waits for its own retrain (docs/model.md)"


@pytest.mark.xfail(strict=True, reason=KNOWN_DEFECT)
def test_a_word_table_row_keeps_two_equal_amounts(tmp_path):
    import docx

    document = docx.Document()
    row = document.add_table(rows=1, cols=4).rows[0]
    for cell, text in zip(row.cells, ["Hébergement du site", "1 200 €", "1 200 €", "2 400 €"], strict=True):
        cell.text = text
    document.save(tmp_path / "budget.docx")
    assert "Hébergement du site — 1 200 € — 1 200 € — 2 400 €" in extract_text(tmp_path / "budget.docx").text


@pytest.mark.xfail(strict=True, reason=KNOWN_DEFECT)
def test_an_html_page_footer_is_not_read(tmp_path):
    page = tmp_path / "page.html"
    page.write_text("<html><body><p>Notre plan.</p><footer>© 2026 Musée. Mentions légales</footer></body></html>")
    assert "Mentions légales" not in extract_text(page).text


def test_a_slide_table_keeps_equal_cells_and_reads_a_merged_cell_once(tmp_path):
    from pptx import Presentation
    from pptx.util import Inches

    deck = Presentation()
    slide = deck.slides.add_slide(deck.slide_layouts[5])
    slide.shapes.title.text = "Budget"
    table = slide.shapes.add_table(2, 3, Inches(1), Inches(2), Inches(6), Inches(1)).table
    for cell, text in zip(table.rows[0].cells, ["Agence de communication", "15 000 €", "15 000 €"], strict=True):
        cell.text = text
    table.cell(1, 0).merge(table.cell(1, 1))
    table.cell(1, 0).text = "Total"
    table.cell(1, 2).text = "30 000 €"
    path = tmp_path / "budget.pptx"
    deck.save(path)
    text = extract_text(path).text
    assert "Agence de communication — 15 000 € — 15 000 €" in text
    assert "Total — 30 000 €" in text
