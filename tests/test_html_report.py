"""The HTML report: well-formed, self-contained, escaped, complete — and actually drawable by a browser."""

from __future__ import annotations

import html
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

from classifier.html_report import render_html
from classifier.labels import COMMITMENTS, CRITERIA, DIMENSIONS, DOC_TYPES

from .conftest import require

ROOT = Path(__file__).resolve().parents[1]
SCREENSHOT_SCRIPT = ROOT / "scripts" / "screenshot_report.py"
HOSTILE_NAME = "présentation <script>alert('été')</script> & co.pdf"
VOID_ELEMENTS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
# SVG shapes written self-closing (<rect/>) reach the parser as start+end; html.parser handles that.


def _record(
    name: str, doc_type: str, confidence: float, scores: dict[str, float], evidence: dict[str, list[dict]], **extra
) -> dict:
    covered = {dim: scores[dim] >= 0.5 for dim in DIMENSIONS}
    return {
        "file": name,
        "doc_type": doc_type,
        "doc_type_confidence": confidence,
        "dimensions": {
            dim: {"covered": covered[dim], "score": scores[dim], "evidence": evidence.get(dim, [])}
            for dim in DIMENSIONS
        },
        "missing": [dim for dim in DIMENSIONS if not covered[dim]],
        "summary": extra.pop("summary", f"{DOC_TYPES[doc_type]} : résumé de test."),
        "language": "fr",
        "pages": extra.pop("pages", 12),
        "words": extra.pop("words", 4503),
        "warnings": extra.pop("warnings", []),
        "model": {"name": "classifier-fr", "version": "1.0.0", "sha256": "abc"},
        **extra,
    }


STRATEGY_PASSAGE = (
    "Nous créerons un pôle numérique transversal rattaché à la direction générale, et les équipes de la "
    "médiation & des publics seront réorganisées autour des parcours des visiteurs."
)
MARKETING_PASSAGE = (
    "La campagne « Nuit des musées » sera relayée sur Instagram et TikTok, avec une lettre d’information "
    "mensuelle segmentée par public."
)


def _with_checklist(record: dict, covered: set[str], mentioned: set[str], committed: set[str], **extra) -> dict:
    """`record` with a checklist (SPEC §2b): criteria statuses, commitments for covered dimensions."""
    evidence = [{"text": "Passage qui le montre.", "page": 3, "heading": "Axe 1", "score": 0.9}]
    for dim, value in record["dimensions"].items():
        value["criteria"] = {
            key: {
                "status": "covered" if key in covered else "mentioned" if key in mentioned else "absent",
                "evidence": evidence if key in covered | mentioned else [],
            }
            for key in CRITERIA[dim]
        }
        if value["covered"]:
            value["commitments"] = {
                k: {
                    "found": k in committed,
                    "evidence": [{**evidence[0], "text": f"Engagement : {k}."}] if k in committed else [],
                }
                for k in COMMITMENTS
            }
    return {**record, **extra}


def sample_records() -> list[dict]:
    """A digital strategy, a marketing plan, an error record and a hostile file name with accents."""
    strategy = _record(
        "strategie-numerique-musee-2025.pdf",
        "digital_strategy",
        0.91,
        {"marketing": 0.82, "technology": 0.74, "reorganisation": 0.91},
        {
            "reorganisation": [
                {"text": STRATEGY_PASSAGE, "page": 4, "score": 0.93, "heading": "Gouvernance du numérique"},
                {
                    "text": "Un comité de pilotage se réunira chaque trimestre pour arbitrer les priorités.",
                    "page": 5,
                    "score": 0.71,
                    "heading": "",
                },
            ],
            "marketing": [
                {
                    "text": "Refonte du site web et présence renforcée sur les réseaux sociaux.",
                    "page": 7,
                    "score": 0.8,
                    "heading": "Communication",
                }
            ],
            "technology": [
                {
                    "text": "Migration du système de billetterie vers une solution en nuage.",
                    "page": 9,
                    "score": 0.77,
                    "heading": "Infrastructures",
                }
            ],
        },
        summary=(
            "Stratégie numérique : le document traite du marketing, de la technologie et de la réorganisation "
            "des activités, soit les trois dimensions."
        ),
        sha256="0" * 64,
    )
    marketing = _record(
        "plan-marketing-theatre.docx",
        "marketing_plan",
        0.87,
        {"marketing": 0.87, "technology": 0.35, "reorganisation": 0.12},
        {"marketing": [{"text": MARKETING_PASSAGE, "page": 2, "score": 0.88, "heading": "Plan de communication"}]},
        summary=(
            "Plan marketing : le document traite du marketing, mais d'aucune dimension technologique "
            "ni d'aucune réorganisation des activités."
        ),
        warnings=["short_text: texte très court (180 mots), jugement fragile"],
        words=180,
        pages=2,
        needs_review=True,
        review_reasons=["near_threshold", "short_text"],
    )
    hostile = _record(
        HOSTILE_NAME,
        "out_of_scope",
        0.66,
        {"marketing": 0.21, "technology": 0.3, "reorganisation": 0.05},
        {},
        warnings=["not_french: langue détectée « en » (92\u00a0%), scores peu fiables"],
    )
    error = {
        "file": "archives/rapport-corrompu.pdf",
        "error": {"code": "unreadable_pdf", "message": "Le PDF est chiffré ou endommagé."},
        "sha256": "f" * 64,
    }
    strategy = _with_checklist(
        strategy,
        {"audiences", "channels_campaigns", "software_platforms", "governance", "roles_skills"},
        {"business_model", "infrastructure"},
        {"owner", "budget", "schedule"},
        claimed_type="digital_strategy",
        questions=["Quels indicateurs sont prévus pour les nouveaux rôles et la formation des équipes ?"],
    )
    marketing = _with_checklist(
        marketing,
        {"audiences", "objectives_kpis", "channels_campaigns"},
        {"roles_skills"},
        {"budget"},
        claimed_type="digital_strategy",
        questions=["Comment l'organisation prévoit-elle de traiter la gouvernance du numérique ?"],
    )
    return [strategy, marketing, error, hostile]


class _Collector(HTMLParser):
    """Checks that every element is closed in order, and collects tags, attributes and ids."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.starts: list[tuple[str, dict[str, str | None]]] = []
        self.problems: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.starts.append((tag, dict(attrs)))
        if tag not in VOID_ELEMENTS:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.starts.append((tag, dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.problems.append(f"</{tag}> closes {self.stack[-1:] or 'nothing'}")
        else:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _parse(page: str) -> _Collector:
    collector = _Collector()
    collector.feed(page)
    collector.close()
    return collector


def _render() -> tuple[list[dict], str]:
    records = sample_records()
    return records, render_html(records, "Analyse des stratégies numériques")


def test_html_is_well_formed() -> None:
    _, page = _render()
    parsed = _parse(page)
    assert page.startswith("<!DOCTYPE html>")
    assert parsed.problems == []
    assert parsed.stack == []
    assert ("html", {"lang": "fr"}) in parsed.starts


def test_page_is_self_contained() -> None:
    _, page = _render()
    parsed = _parse(page)
    for tag, attrs in parsed.starts:
        for name in ("src", "href", "xlink:href", "action", "data"):
            value = (attrs.get(name) or "").strip().lower()
            assert not value.startswith(("http:", "https:", "//")), f"<{tag} {name}={value!r}> loads from the network"
        assert tag != "link", "no external stylesheet"
        assert not (tag == "script" and "src" in attrs), "no external script"
    assert "@import" not in page and "url(" not in page


def test_hostile_file_name_is_escaped() -> None:
    _, page = _render()
    parsed = _parse(page)
    assert "<script>alert" not in page
    assert html.escape(HOSTILE_NAME) in page
    assert [tag for tag, _ in parsed.starts].count("script") == 1, "only the report's own script"
    assert HOSTILE_NAME in "".join(parsed.text), "the name reads back intact, accents included"


def test_one_section_per_document_and_links_resolve() -> None:
    records, page = _render()
    parsed = _parse(page)
    articles = [attrs for tag, attrs in parsed.starts if tag == "article"]
    assert len(articles) == len(records)
    ids = {attrs.get("id") for _, attrs in parsed.starts if attrs.get("id")}
    anchors = {attrs["href"][1:] for tag, attrs in parsed.starts if tag == "a" and (attrs.get("href") or "")[:1] == "#"}
    assert {attrs["id"] for attrs in articles} <= anchors, "every document is linked from the table"
    assert anchors <= ids, "every in-page link has a target"


def test_french_labels_evidence_and_missing() -> None:
    records, page = _render()
    text = "".join(_parse(page).text)
    for record in records:
        if "error" not in record:
            assert DOC_TYPES[record["doc_type"]] in text
    assert "Illisibles" in text
    for label in DIMENSIONS.values():
        assert label in text
    assert STRATEGY_PASSAGE in text and MARKETING_PASSAGE in text
    assert "Gouvernance du numérique" in text
    assert "Manque : Technologie ; Réorganisation structurelle" in text
    assert "Le PDF est chiffré ou endommagé." in text and "unreadable_pdf" in text
    assert "0,87" in text and "0.87" not in text, "scores use a French decimal comma"
    assert "texte très court" in text


def test_type_chart_counts() -> None:
    _, page = _render()
    chart = page[page.index("<svg") : page.index("</svg>")]
    for label in (*DOC_TYPES.values(), "Illisibles"):
        assert html.escape(label) in chart
    assert chart.count("<rect") == 4, "one bar per non-empty group: 3 types used and the errors"


def test_documents_to_review_are_flagged_and_filterable() -> None:
    records = sample_records()
    page = render_html(records, "Lot")
    parsed = _parse(page)
    assert parsed.problems == []
    assert any(tag == "input" and attrs.get("id") == "filter-review" for tag, attrs in parsed.starts)
    flagged = [attrs for tag, attrs in parsed.starts if tag == "tr" and attrs.get("data-review") == "1"]
    assert len(flagged) == 1  # the marketing plan only; the error row carries no flag
    assert "À relire en priorité : décision de type fragile (score proche du seuil, texte très court)" in page


def test_checklist_grid_claims_and_questions() -> None:
    records = sample_records()
    page = render_html(records, "Lot")
    parsed = _parse(page)
    assert parsed.problems == []
    grid = page[page.index('id="grille"') : page.index('id="tableau"')]
    assert grid.count('<tr><th scope="row">') == 2  # the two records with a checklist
    assert grid.count('class="st-covered"') == 5 + 3 and grid.count('class="st-mentioned"') == 2 + 1
    assert any(tag == "input" and attrs.get("id") == "filter-claim" for tag, attrs in parsed.starts)
    differ = [attrs for tag, attrs in parsed.starts if tag == "tr" and attrs.get("data-claim") == "1"]
    assert len(differ) == 1  # the marketing plan that claims to be a strategy
    assert "Se présente comme une stratégie numérique ; son contenu est celui d&#x27;un plan marketing." in page
    assert "Comment l&#x27;organisation prévoit-elle de traiter la gouvernance du numérique ?" in page
    assert "Engagements" in page and "Publics et segments" in page
    # a ✔ or a ~ opens on the passage behind it, so the analyst can check it; a ✘ has none
    details = page[page.index('id="documents"') :]
    assert details.count('<p class="passage">Passage qui le montre.') == 5 + 3 + 2 + 1
    assert '<p class="passage">Engagement : budget.' in details
    # the grid names each row by its file (folders on hover): a long common folder hid which was which
    nested = {**records[0], "file": "soumissions/2026/mars/strategie-numerique-musee-2025.pdf"}
    grid = render_html([nested, *records[1:]], "Lot")
    grid = grid[grid.index('id="grille"') : grid.index('id="tableau"')]
    assert (
        'title="soumissions/2026/mars/strategie-numerique-musee-2025.pdf">strategie-numerique-musee-2025.pdf</a>'
        in grid
    )


def test_empty_report_renders() -> None:
    page = render_html([], "Vide")
    parsed = _parse(page)
    assert parsed.problems == [] and "Aucun document" in page


def test_screenshot_is_drawn(tmp_path: Path) -> None:
    """A real browser must draw the page (skipped without chromium, except in CI where it fails)."""
    require(shutil.which("chromium") is not None, "chromium", "install it with « apt-get install -y chromium »")
    _, page = _render()
    report = tmp_path / "rapport.html"
    report.write_text(page, encoding="utf-8")
    png = tmp_path / "rapport.png"
    result = subprocess.run(
        [sys.executable, str(SCREENSHOT_SCRIPT), str(report), str(png)],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert png.stat().st_size > 10 * 1024
