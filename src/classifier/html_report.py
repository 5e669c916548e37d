"""Self-contained French HTML report of scored records, written for ``--out results.html``.

Why a single file with inline CSS, inline SVG and a small inline script: analysts open the report
from a shared drive or an e-mail attachment, often offline or behind a proxy, so the page must not
fetch anything. Every piece of text that comes from a document (file names, passages, headings,
messages) is escaped with `html.escape`, because file names and passages come from outside.

Why plain functions building strings rather than a template engine: the page is small, the package
should not grow a dependency for it, and each section stays readable as one function.
"""

from __future__ import annotations

import html
from collections import Counter
from datetime import datetime
from pathlib import PurePath

from .labels import (
    COMMITMENTS,
    CRITERIA,
    DIMENSIONS,
    DOC_TYPES,
    REVIEW_LABELS,
    claim_sentence,
    french_number,
)

#: Filter value and display names of unreadable documents (error records).
ERROR_TYPE = "illisible"
ERROR_LABEL = "Illisibles"
ERROR_BADGE = "Illisible"

# Colours are assigned by position in the label tables, so adding a label needs no change here.
#: (accent, tint) per dimension, in `DIMENSIONS` order: evidence quotes and score meters.
_DIMENSION_PALETTE = [("#c2410c", "#fff7ed"), ("#1d4ed8", "#eff6ff"), ("#7e22ce", "#faf5ff"), ("#047857", "#ecfdf5")]
#: Bar and badge colour per document type, in `DOC_TYPES` order; errors get their own.
_TYPE_PALETTE = ["#0f766e", "#c2410c", "#1d4ed8", "#64748b", "#a16207", "#be185d"]
_ERROR_COLOUR = "#b91c1c"
#: The heatmap runs from white (score 0) to this teal (score 1).
_HEAT_RGB = (15, 118, 110)

_MONTHS = (
    "janvier", "février", "mars", "avril", "mai", "juin",
    "juillet", "août", "septembre", "octobre", "novembre", "décembre",
)  # fmt: skip


def render_html(records: list[dict], title: str) -> str:
    """The whole report page for `records` (scored or error records), as one HTML string."""
    documents = list(enumerate(records, start=1))
    errors = sum(_is_error(record) for record in records)
    body = "\n".join(
        [
            _header(title, len(records), errors),
            '<main class="wrap">',
            _types_section(records),
            _heatmap_section(documents),
            _criteria_section(documents),
            _table_section(documents),
            _documents_section(documents),
            "</main>",
            _footer(records),
        ]
    )
    return (
        '<!DOCTYPE html>\n<html lang="fr">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="generator" content="classifier">\n'
        f"<title>{_e(title)}</title>\n<style>\n{_style()}</style>\n</head>\n"
        f"<body>\n{body}\n<script>\n{_SCRIPT}</script>\n</body>\n</html>\n"
    )


# --- small helpers ------------------------------------------------------------------------


def _e(value: object) -> str:
    """Escape any value for use in HTML text or a quoted attribute."""
    return html.escape(str(value), quote=True)


def _is_error(record: dict) -> bool:
    return "error" in record


def _integer(n: int) -> str:
    """Thousands separated by a narrow no-break space, the French convention."""
    return f"{n:,}".replace(",", "\u202f")


def _french_date(moment: datetime) -> str:
    """Spelled out by hand so the output does not depend on the machine's locale."""
    day = "1er" if moment.day == 1 else str(moment.day)
    return f"{day} {_MONTHS[moment.month - 1]} {moment.year} à {moment:%H:%M}"


def _anchor(index: int) -> str:
    """Anchors use the position, never the file name, which may hold any character."""
    return f"doc-{index}"


def _type_label(doc_type: str) -> str:
    # An unknown key (e.g. a record from an older model) is shown as is rather than crashing the report.
    return DOC_TYPES.get(doc_type, doc_type)


def _type_class(doc_type: str) -> str:
    return f"t-{list(DOC_TYPES).index(doc_type)}" if doc_type in DOC_TYPES else "t-other"


def _split_warning(warning: str) -> tuple[str, str]:
    """Warnings read "code: message"; the French message is shown, the code kept discreetly."""
    code, sep, message = warning.partition(": ")
    if sep and code.isidentifier():
        return code, message
    return "", warning


def _badge(record: dict) -> str:
    if _is_error(record):
        return f'<span class="badge t-error">{ERROR_BADGE}</span>'
    doc_type = record["doc_type"]
    return f'<span class="badge {_type_class(doc_type)}">{_e(_type_label(doc_type))}</span>'


def _file_link(index: int, record: dict, short: bool = False) -> str:
    """A link to the document's details; `short` shows the file's own name (its folders only on
    hover), for narrow columns where a long common folder would hide which file a row is."""
    name = _e(record["file"])
    shown = _e(PurePath(record["file"]).name) if short else name
    return f'<a href="#{_anchor(index)}" title="{name}">{shown}</a>'


# --- header and footer --------------------------------------------------------------------


def _header(title: str, total: int, errors: int) -> str:
    stats = [("Documents", total), ("Analysés", total - errors), ("Illisibles", errors)]
    cells = "".join(f"<div><dt>{label}</dt><dd>{_integer(value)}</dd></div>" for label, value in stats)
    return (
        '<header class="masthead"><div class="wrap">'
        '<p class="eyebrow">Rapport de classification documentaire</p>'
        f"<h1>{_e(title)}</h1>"
        f'<p class="generated">Généré le {_french_date(datetime.now())}</p>'
        f'<dl class="stats">{cells}</dl>'
        '<nav class="toc" aria-label="Sommaire">'
        '<a href="#types">Types</a><a href="#couverture">Couverture</a><a href="#grille">Grille</a>'
        '<a href="#tableau">Tableau</a><a href="#documents">Documents</a></nav>'
        "</div></header>"
    )


def _footer(records: list[dict]) -> str:
    """Names the model(s) behind the scores, so a report can be traced back to what produced it."""
    models = sorted(
        {
            " ".join(part for part in (model.get("name", ""), model.get("version", "")) if part)
            for record in records
            if not _is_error(record) and (model := record.get("model") or {})
        }
        - {""}
    )
    used = f"Modèle : {_e(', '.join(models))}. " if models else ""
    return (
        f'<footer class="colophon wrap">{used}Scores de couverture entre 0 et 1 ; '
        "un document est classé selon les dimensions couvertes (réorganisation, puis marketing, puis technologie)."
        "</footer>"
    )


# --- types chart --------------------------------------------------------------------------


def _types_section(records: list[dict]) -> str:
    counts = Counter(record["doc_type"] for record in records if not _is_error(record))
    bars = [(DOC_TYPES[key], counts[key], _TYPE_PALETTE[i % len(_TYPE_PALETTE)]) for i, key in enumerate(DOC_TYPES)]
    bars += [(_type_label(key), n, _TYPE_PALETTE[-1]) for key, n in counts.items() if key not in DOC_TYPES]
    bars.append((ERROR_LABEL, sum(_is_error(record) for record in records), _ERROR_COLOUR))
    return (
        '<section id="types" class="card"><h2>Répartition par type de document</h2>'
        '<p class="hint">Nombre de documents par type ; les documents illisibles forment une barre à part.</p>'
        f"{_bar_chart(bars)}</section>"
    )


def _bar_chart(bars: list[tuple[str, int, str]]) -> str:
    """Horizontal bar chart as inline SVG: no chart library, nothing to load, prints sharply."""
    label_width, bar_width, value_width = 230, 520, 110
    row, gap, pad = 30, 14, 6
    width = label_width + bar_width + value_width
    height = 2 * pad + len(bars) * (row + gap) - gap
    largest = max((count for _, count, _ in bars), default=0) or 1
    total = sum(count for _, count, _ in bars) or 1
    parts = [
        f'<svg class="chart" viewBox="0 0 {width} {height}" width="{width}" role="img" '
        'aria-labelledby="chart-title"><title id="chart-title">Nombre de documents par type</title>',
        f'<line class="axis" x1="{label_width}" y1="0" x2="{label_width}" y2="{height}"/>',
    ]
    for i, (label, count, colour) in enumerate(bars):
        y = pad + i * (row + gap)
        middle = y + row / 2
        length = bar_width * count / largest
        share = round(100 * count / total)
        parts.append(
            f'<text class="label" x="{label_width - 14}" y="{middle}" text-anchor="end" '
            f'dominant-baseline="central">{_e(label)}</text>'
        )
        if count:
            parts.append(
                f'<rect x="{label_width}" y="{y}" width="{length:.1f}" height="{row}" rx="4" fill="{colour}"/>'
            )
        parts.append(
            f'<text class="value" x="{label_width + length + 10:.1f}" y="{middle}" dominant-baseline="central">'
            f'{_integer(count)}<tspan class="share" dx="8">{share}\u202f%</tspan></text>'
        )
    parts.append("</svg>")
    return "".join(parts)


# --- heatmap ------------------------------------------------------------------------------


def _heat_style(score: float) -> str:
    """Cell colour proportional to the score; text turns white where the background gets dark."""
    s = min(max(float(score), 0.0), 1.0)
    r, g, b = (round(255 + (channel - 255) * s) for channel in _HEAT_RGB)
    ink = "#fff" if s >= 0.55 else "#0f172a"
    return f"background:rgb({r},{g},{b});color:{ink}"


def _heatmap_section(documents: list[tuple[int, dict]]) -> str:
    scored = [(index, record) for index, record in documents if not _is_error(record)]
    unreadable = len(documents) - len(scored)
    head = "".join(f'<th scope="col">{_e(label)}</th>' for label in DIMENSIONS.values())
    rows = []
    for index, record in scored:
        cells = []
        for dim, label in DIMENSIONS.items():
            value = record["dimensions"][dim]
            mark = "✔" if value["covered"] else "✘"
            state = "couvert" if value["covered"] else "absent"
            cells.append(
                f'<td style="{_heat_style(value["score"])}" title="{_e(label)} : {state}">'
                f'{french_number(value["score"])} <span class="mark">{mark}</span></td>'
            )
        rows.append(f'<tr><th scope="row">{_file_link(index, record, short=True)}</th>{"".join(cells)}</tr>')
    note = f'<p class="hint">{unreadable} document(s) illisible(s) non représenté(s) ici.</p>' if unreadable else ""
    table = (
        f'<div class="scroll"><table class="heatmap"><thead><tr><th scope="col">Document</th>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></div>"
        if rows
        else '<p class="empty">Aucun document analysé.</p>'
    )
    return (
        '<section id="couverture" class="card"><h2>Couverture des dimensions</h2>'
        '<p class="hint">Score de couverture de chaque dimension par document (0 à 1) ; '
        "✔ dimension couverte, ✘ absente.</p>"
        '<div class="legend"><span>0</span><span class="ramp"></span><span>1</span></div>'
        f"{table}{note}</section>"
    )


# --- checklist across documents -------------------------------------------------------------

#: Symbol, French word and cell class of each criterion status.
_STATUS = {
    "covered": ("✔", "couvert", "st-covered"),
    "mentioned": ("~", "mentionné", "st-mentioned"),
    "absent": ("✘", "absent", "st-absent"),
}


def _has_checklist(record: dict) -> bool:
    return not _is_error(record) and all("criteria" in v for v in record["dimensions"].values())


def _criteria_section(documents: list[tuple[int, dict]]) -> str:
    """The 14 sub-criteria of every document in one grid: where a batch is strong or thin."""
    checked = [(index, record) for index, record in documents if _has_checklist(record)]
    if not checked:
        return ""
    groups = "".join(
        f'<th scope="colgroup" colspan="{len(CRITERIA[dim])}" class="dim-{_e(dim)}">{_e(label)}</th>'
        for dim, label in DIMENSIONS.items()
    )
    head = "".join(
        f'<th scope="col" class="crit"><span>{_e(name)}</span></th>'
        for dim in DIMENSIONS
        for name in CRITERIA[dim].values()
    )
    rows = []
    for index, record in checked:
        cells = []
        for dim in DIMENSIONS:
            for key, name in CRITERIA[dim].items():
                mark, word, css = _STATUS[record["dimensions"][dim]["criteria"][key]["status"]]
                cells.append(f'<td class="{css}" title="{_e(name)} : {word}">{mark}</td>')
        rows.append(f'<tr><th scope="row">{_file_link(index, record, short=True)}</th>{"".join(cells)}</tr>')
    return (
        '<section id="grille" class="card"><h2>Grille des sous-critères</h2>'
        '<p class="hint">Chaque sous-critère par document : ✔ développé, ~ seulement mentionné, ✘ absent.</p>'
        '<div class="scroll"><table class="criteria-grid"><thead>'
        f'<tr><th scope="col" rowspan="2">Document</th>{groups}</tr><tr>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></div></section>"
    )


# --- sortable, filterable table -----------------------------------------------------------


def _table_section(documents: list[tuple[int, dict]]) -> str:
    """All documents in one table; sorting and filtering are done by the inline script."""
    options = "".join(f'<option value="{_e(key)}">{_e(label)}</option>' for key, label in DOC_TYPES.items())
    options += f'<option value="{ERROR_TYPE}">{ERROR_LABEL}</option>'
    columns = [("Fichier", "text"), ("Type", "text"), ("Confiance", "number")]
    columns += [(label, "number") for label in DIMENSIONS.values()]
    columns += [("Manques", "number"), ("À relire", "number"), ("Avertissements", "number")]
    head = "".join(
        f'<th scope="col" data-sort-type="{kind}" aria-sort="none"><button type="button">{_e(label)}</button></th>'
        for label, kind in columns
    )
    rows = "".join(_table_row(index, record) for index, record in documents)
    total = len(documents)
    return (
        '<section id="tableau" class="card"><h2>Tous les documents</h2>'
        '<div class="controls">'
        '<label>Fichier <input type="search" id="filter-file" placeholder="Filtrer par nom…" '
        'autocomplete="off"></label>'
        f'<label>Type <select id="filter-type"><option value="">Tous les types</option>{options}</select></label>'
        '<label><input type="checkbox" id="filter-review"> À relire en priorité seulement</label>'
        '<label><input type="checkbox" id="filter-claim"> Type revendiqué ≠ type trouvé</label>'
        f'<span id="filter-count" class="hint" aria-live="polite">{total} / {total} documents</span>'
        "</div>"
        '<p class="hint">Cliquer sur un en-tête de colonne pour trier (croissant, puis décroissant).</p>'
        f'<div class="scroll"><table id="documents-table" class="sortable"><thead><tr>{head}</tr></thead>'
        f"<tbody>{rows}</tbody></table></div></section>"
    )


def _table_row(index: int, record: dict) -> str:
    """One row; `data-sort` carries the raw value so sorting never parses the French display text."""
    link = f'<td class="file">{_file_link(index, record)}</td>'
    if _is_error(record):
        error = record["error"]
        return (
            f'<tr data-type="{ERROR_TYPE}" class="row-error">{link}<td data-sort="{ERROR_BADGE}">{_badge(record)}</td>'
            f'<td colspan="{len(DIMENSIONS) + 4}" data-sort="">'
            f"<code>{_e(error['code'])}</code> — {_e(error['message'])}</td></tr>"
        )
    doc_type = record["doc_type"]
    cells = [
        link,
        f'<td data-sort="{_e(_type_label(doc_type))}">{_badge(record)}</td>',
        f'<td class="num" data-sort="{record["doc_type_confidence"]}">{french_number(record["doc_type_confidence"])}</td>',
    ]
    for dim in DIMENSIONS:
        value = record["dimensions"][dim]
        mark = '<span class="yes">✔</span>' if value["covered"] else '<span class="no">✘</span>'
        cells.append(f'<td class="num" data-sort="{value["score"]}">{french_number(value["score"])} {mark}</td>')
    missing = [DIMENSIONS.get(dim, dim) for dim in record["missing"]]
    cells.append(f'<td data-sort="{len(missing)}">{_e(", ".join(missing)) or "—"}</td>')
    reasons = [REVIEW_LABELS.get(r, r) for r in record.get("review_reasons", [])]
    cells.append(f'<td data-sort="{len(reasons)}" class="review">{_e(", ".join(reasons)) or "—"}</td>')
    warnings = [_split_warning(w)[1] for w in record["warnings"]]
    shown = "".join(f"<li>{_e(w)}</li>" for w in warnings)
    cells.append(f'<td data-sort="{len(warnings)}" class="warn">{f"<ul>{shown}</ul>" if warnings else "—"}</td>')
    review = "1" if record.get("needs_review") else "0"
    claim = "1" if _claim_differs(record) else "0"
    return f'<tr data-type="{_e(doc_type)}" data-review="{review}" data-claim="{claim}">{"".join(cells)}</tr>'


# --- one section per document -------------------------------------------------------------


def _documents_section(documents: list[tuple[int, dict]]) -> str:
    articles = "".join(_document(index, record) for index, record in documents)
    articles = articles or '<p class="empty">Aucun document.</p>'
    return f'<section id="documents"><h2>Détail par document</h2>{articles}</section>'


def _document(index: int, record: dict) -> str:
    name = _e(record["file"])
    top = '<a class="top" href="#tableau">↑ Tableau</a>'
    if _is_error(record):
        error = record["error"]
        return (
            f'<article class="card doc doc-error" id="{_anchor(index)}">'
            f"<header><h3>{name}</h3>{_badge(record)}</header>"
            f'<p class="error-message">Document illisible : {_e(error["message"])}</p>'
            f'<p class="meta">Code d’erreur : <code>{_e(error["code"])}</code></p>{top}</article>'
        )
    meta = (
        f"Confiance {french_number(record['doc_type_confidence'])} · {_integer(record['pages'])} page(s) · "
        f"{_integer(record['words'])} mots · langue « {_e(record['language'])} »"
    )
    dimensions = "".join(_dimension(dim, label, record["dimensions"][dim]) for dim, label in DIMENSIONS.items())
    return (
        f'<article class="card doc" id="{_anchor(index)}"><header><h3>{name}</h3>{_badge(record)}</header>'
        f'<p class="meta">{meta}</p><p class="summary">{_e(record["summary"])}</p>'
        f"{_claim(record)}{_review(record)}{_missing(record['missing'])}{_warnings(record['warnings'])}"
        f'<div class="dimensions">{dimensions}</div>{_questions(record)}{top}</article>'
    )


def _claim_differs(record: dict) -> bool:
    return bool(record.get("claimed_type")) and record["claimed_type"] != record["doc_type"]


def _claim(record: dict) -> str:
    sentence = claim_sentence(record.get("claimed_type"), record["doc_type"])
    if not sentence:
        return ""
    css = "claim differs" if _claim_differs(record) else "claim"
    words = record.get("claimed_from")
    quoted = f' <span class="claimed-from">(« {_e(words)} »)</span>' if words else ""
    return f'<p class="{css}">{_e(sentence)}{quoted}</p>'


def _questions(record: dict) -> str:
    if not record.get("questions"):
        return ""
    items = "".join(f"<li>{_e(q)}</li>" for q in record["questions"])
    return f'<div class="questions"><h4>Questions à poser à l’organisation</h4><ol>{items}</ol></div>'


def _checklist(dim: str, value: dict) -> str:
    """A dimension's sub-criteria (status, first evidence) and its commitments."""
    if "criteria" not in value:
        return ""
    items = []
    for key, name in CRITERIA[dim].items():
        criterion = value["criteria"][key]
        mark, word, css = _STATUS[criterion["status"]]
        label = f'<span class="mark" title="{word}">{mark}</span> {_e(name)}'
        items.append(f'<li class="{css}">{_with_passage(label, criterion["evidence"], where=True)}</li>')
    out = f'<ul class="checklist">{"".join(items)}</ul>'
    if "commitments" in value:
        found = []
        for key, name in COMMITMENTS.items():
            commitment = value["commitments"][key]
            mark, word, css = _STATUS["covered" if commitment["found"] else "absent"]
            label = f'<span class="mark">{mark}</span> {_e(name)}'
            found.append(f'<li class="{css}">{_with_passage(label, commitment.get("evidence", []))}</li>')
        out += f'<p class="commit-title">Engagements</p><ul class="commitments">{"".join(found)}</ul>'
    return out


def _with_passage(label: str, evidence: list[dict], where: bool = False) -> str:
    """A checklist line that opens on the passage behind it (so a ✔ or a ~ can be checked), or
    the bare line when nothing supports it."""
    if not evidence:
        return label
    first = evidence[0]
    place = f"p. {_e(first.get('page', '?'))}" + (f", « {_e(first['heading'])} »" if first.get("heading") else "")
    summary = label + (f' <span class="where">{place}</span>' if where else "")
    return f'<details><summary>{summary}</summary><p class="passage">{_e(first["text"])} <span class="where">({place})</span></p></details>'


def _dimension(dim: str, label: str, value: dict) -> str:
    """A dimension: covered or absent, its score, and the passages that prove it."""
    status = (
        '<span class="status yes">✔ couverte</span>' if value["covered"] else '<span class="status no">✘ absente</span>'
    )
    score = float(value["score"])
    width = min(max(score, 0.0), 1.0) * 100
    meter = f'<span class="meter" aria-hidden="true"><span style="width:{width:.0f}%"></span></span>'
    quotes = "".join(_evidence(item) for item in value["evidence"])
    if not quotes:
        quotes = '<p class="empty">Aucun passage probant.</p>'
    return (
        f'<div class="dimension dim-{_e(dim)}"><div class="dim-head"><h4>{_e(label)}</h4>{status}'
        f'<span class="score">score {french_number(score)}</span>{meter}</div>{quotes}{_checklist(dim, value)}</div>'
    )


def _evidence(item: dict) -> str:
    where = [f"p. {_e(item.get('page', '?'))}"]
    if item.get("heading"):
        where.append(f"« {_e(item['heading'])} »")
    if item.get("score") is not None:
        where.append(f"pertinence {french_number(float(item['score']))}")
    return f'<blockquote class="evidence"><p>{_e(item["text"])}</p><footer>{" · ".join(where)}</footer></blockquote>'


def _missing(missing: list[str]) -> str:
    if not missing:
        return '<p class="missing none">Rien ne manque : les trois dimensions sont couvertes.</p>'
    # the labels hold « et » themselves (« Marketing et communication »): a list, not a sentence
    names = " ; ".join(DIMENSIONS.get(dim, dim) for dim in missing)
    return f'<p class="missing">Manque : {_e(names)}</p>'


def _review(record: dict) -> str:
    if not record.get("needs_review"):
        return ""
    reasons = ", ".join(REVIEW_LABELS.get(r, r) for r in record["review_reasons"])
    return f'<p class="review-flag">À relire en priorité : décision de type fragile ({_e(reasons)}).</p>'


def _warnings(warnings: list[str]) -> str:
    if not warnings:
        return ""
    items = []
    for warning in warnings:
        code, message = _split_warning(warning)
        tag = f' <code class="code">{_e(code)}</code>' if code else ""
        items.append(f"<li>⚠ {_e(message)}{tag}</li>")
    return f'<ul class="warnings" aria-label="Avertissements">{"".join(items)}</ul>'


# --- style and script ---------------------------------------------------------------------


def _style() -> str:
    """Static CSS plus the colour rules derived from the label tables."""
    rules = [_CSS]
    for i, dim in enumerate(DIMENSIONS):
        accent, tint = _DIMENSION_PALETTE[i % len(_DIMENSION_PALETTE)]
        rules.append(f".dim-{dim}{{--accent:{accent};--tint:{tint}}}\n")
    for i, _ in enumerate(DOC_TYPES):
        rules.append(f".badge.t-{i}{{background:{_TYPE_PALETTE[i % len(_TYPE_PALETTE)]}}}\n")
    rules.append(f".badge.t-error{{background:{_ERROR_COLOUR}}}\n")
    r, g, b = _HEAT_RGB
    rules.append(f".legend .ramp{{background:linear-gradient(90deg,#fff,rgb({r},{g},{b}))}}\n")
    return "".join(rules)


_CSS = """\
:root{--ink:#0f172a;--muted:#64748b;--line:#e2e8f0;--bg:#f1f5f9;--card:#fff;--brand:#0f766e}
*{box-sizing:border-box}
html{scroll-behavior:smooth}
body{margin:0;background:var(--bg);color:var(--ink);
  font:15px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue","Liberation Sans",Arial,sans-serif}
.wrap{max-width:1320px;margin:0 auto;padding:0 28px}
a{color:var(--brand);text-decoration:none}
a:hover{text-decoration:underline}
code{font:12.5px/1.4 ui-monospace,"SFMono-Regular",Menlo,Consolas,"Liberation Mono",monospace;
  background:#f1f5f9;border-radius:4px;padding:1px 5px}
.masthead{background:linear-gradient(135deg,#0f766e,#115e59 60%,#134e4a);color:#fff;padding:36px 0 0}
.masthead h1{margin:4px 0 6px;font-size:30px;line-height:1.2;font-weight:700;letter-spacing:-.01em}
.eyebrow{margin:0;text-transform:uppercase;letter-spacing:.12em;font-size:12px;opacity:.8}
.generated{margin:0;opacity:.85}
.stats{display:flex;gap:14px;margin:24px 0 0;padding:0}
.stats div{background:rgba(255,255,255,.12);border-radius:10px;padding:12px 20px;min-width:140px}
.stats dt{font-size:12px;text-transform:uppercase;letter-spacing:.08em;opacity:.85}
.stats dd{margin:2px 0 0;font-size:28px;font-weight:700}
.toc{display:flex;gap:4px;margin-top:26px}
.toc a{color:#fff;opacity:.85;padding:10px 14px;border-bottom:3px solid transparent;font-weight:600}
.toc a:hover{opacity:1;border-bottom-color:#5eead4;text-decoration:none}
main.wrap{padding-top:28px;padding-bottom:10px}
.card{background:var(--card);border:1px solid var(--line);border-radius:12px;padding:22px 26px;margin:0 0 22px;
  box-shadow:0 1px 2px rgba(15,23,42,.05)}
h2{margin:0 0 4px;font-size:20px}
#documents>h2{margin:34px 0 14px}
.hint{color:var(--muted);margin:0 0 14px;font-size:13.5px}
.empty{color:var(--muted);font-style:italic;margin:6px 0}
.scroll{overflow-x:auto}
.chart{display:block;max-width:100%;height:auto;margin-top:8px}
.chart .label{font-size:15px;fill:var(--ink)}
.chart .value{font-size:15px;font-weight:700;fill:var(--ink)}
.chart .share{font-weight:400;fill:var(--muted)}
.chart .axis{stroke:#cbd5e1;stroke-width:1}
.legend{display:flex;align-items:center;gap:8px;font-size:12.5px;color:var(--muted);margin:0 0 12px}
.legend .ramp{display:inline-block;width:180px;height:10px;border-radius:5px;border:1px solid var(--line)}
table{border-collapse:collapse;width:100%;font-size:14px}
th,td{padding:8px 10px;text-align:left;vertical-align:top;border-bottom:1px solid var(--line)}
thead th{font-size:11.5px;text-transform:uppercase;letter-spacing:.03em;color:var(--muted);font-weight:600;
  background:#f8fafc;vertical-align:bottom;line-height:1.35}
.heatmap{table-layout:fixed}
.heatmap thead th:first-child{width:46%}
.heatmap thead th+th{text-align:center}
.heatmap th[scope=row]{font-weight:500;max-width:0;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.heatmap td{text-align:center;font-variant-numeric:tabular-nums;font-weight:600;border:2px solid #fff}
.heatmap .mark{font-weight:400;margin-left:4px}
.criteria-grid{table-layout:fixed;min-width:1360px}.criteria-grid thead th:first-child{width:190px}
.criteria-grid th[scope=row]{font-weight:500;font-size:12.5px;overflow-wrap:anywhere}
.criteria-grid th.crit{font-size:10px;text-transform:none;letter-spacing:0;padding:6px 2px;text-align:center;overflow-wrap:normal;word-break:normal}
.criteria-grid td{padding:6px 2px}
.criteria-grid th[scope=colgroup]{text-align:center;border-bottom:2px solid var(--line)}
.criteria-grid td{text-align:center;font-weight:700;border:2px solid #fff}
.st-covered{color:#065f46}.criteria-grid td.st-covered{background:#a7f3d0}
.st-mentioned{color:#92400e}.criteria-grid td.st-mentioned{background:#fef3c7}
.st-absent{color:#991b1b}.criteria-grid td.st-absent{background:#f8fafc;color:#cbd5e1}
.checklist,.commitments{list-style:none;padding:0;margin:10px 0 0;font-size:13.5px}
.checklist li{padding:2px 0}.checklist .mark,.commitments .mark{display:inline-block;width:1.2em;font-weight:700}
.checklist .where,.commitments .where{color:var(--muted);font-size:12px}
.commitments{display:flex;flex-wrap:wrap;gap:4px 16px;margin-top:2px}
.checklist summary,.commitments summary{cursor:pointer;list-style:none}
.checklist summary::-webkit-details-marker,.commitments summary::-webkit-details-marker{display:none}
.checklist details[open],.commitments details[open]{flex-basis:100%}
.checklist .passage,.commitments .passage{margin:4px 0 6px 1.2em;padding:6px 10px;border-left:3px solid var(--line);font-size:12.5px;color:#334155}
.commit-title{margin:10px 0 0;font-size:12px;font-weight:700;text-transform:uppercase;color:var(--muted)}
.claim{margin:4px 0 10px;font-weight:600}.claim.differs{color:#92400e;background:#fffbeb;border-left:4px solid #f59e0b;
  padding:6px 10px}
.claimed-from{font-weight:400;color:var(--muted)}
.questions{margin-top:14px;padding:10px 14px;background:#f8fafc;border-radius:8px}
.questions h4{margin:0 0 6px}.questions ol{margin:0;padding-left:22px}
.controls{display:flex;flex-wrap:wrap;align-items:center;gap:14px 22px;margin:10px 0 6px}
.controls label{display:flex;align-items:center;gap:8px;font-weight:600;font-size:13.5px}
.controls input,.controls select{font:inherit;font-weight:400;padding:7px 10px;border:1px solid #cbd5e1;
  border-radius:8px;background:#fff;color:var(--ink)}
.controls input[type=search]{width:260px}.controls input[type=checkbox]{width:auto;margin:0}
.controls .hint{margin:0}
.sortable th button{all:unset;cursor:pointer}
.sortable th button::after{content:"↕";opacity:.35;margin-left:5px}
.sortable th[aria-sort=ascending] button::after{content:"▲";opacity:1;font-size:10px}
.sortable th[aria-sort=descending] button::after{content:"▼";opacity:1;font-size:10px}
.sortable th button:focus-visible{outline:2px solid var(--brand);outline-offset:2px}
.sortable tbody tr:hover{background:#f8fafc}
.sortable td.file{min-width:170px;max-width:300px;overflow-wrap:anywhere;font-weight:500}
.sortable thead th:nth-child(n+3){text-align:right}
.sortable thead th:nth-last-child(-n+2){text-align:left}
.sortable td:nth-last-child(-n+2){font-size:13px}
.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.yes{color:#047857}.no{color:#b91c1c}
.warn ul{margin:0;padding-left:16px;color:#92400e;font-size:13px}
.row-error td{background:#fef2f2}
.badge{display:inline-block;color:#fff;border-radius:999px;padding:2px 10px;font-size:12.5px;font-weight:600;
  white-space:nowrap}
.badge.t-other{background:#475569}
.doc header{display:flex;align-items:center;justify-content:space-between;gap:16px;margin-bottom:2px}
.doc h3{margin:0;font-size:18px;overflow-wrap:anywhere}
.doc .meta{color:var(--muted);margin:0 0 10px;font-size:13.5px}
.doc .summary{font-size:16px;margin:0 0 12px}
.missing{margin:0 0 10px;padding:8px 12px;border-radius:8px;background:#fef2f2;color:#991b1b;font-weight:600;
  display:inline-block}
.missing.none{background:#ecfdf5;color:#065f46}
.review-flag{margin:0 0 12px;padding:8px 12px;background:#fdf4ff;border-radius:8px;color:#86198f;font-weight:600}
td.review{color:#86198f}
.warnings{list-style:none;margin:0 0 12px;padding:8px 12px;background:#fffbeb;border-radius:8px;color:#92400e;
  font-size:13.5px}
.warnings .code{background:#fef3c7;color:#78350f;font-size:11.5px}
.dimensions{display:grid;gap:12px;margin-top:6px}
.dimension{border:1px solid var(--line);border-radius:10px;padding:12px 16px}
.dim-head{display:flex;align-items:center;flex-wrap:wrap;gap:12px;margin-bottom:8px}
.dim-head h4{margin:0;font-size:15px;color:var(--accent)}
.status{font-size:13px;font-weight:600}
.score{font-size:13px;color:var(--muted);font-variant-numeric:tabular-nums}
.meter{width:120px;height:6px;border-radius:3px;background:#e2e8f0;overflow:hidden}
.meter span{display:block;height:100%;background:var(--accent)}
.evidence{margin:8px 0 0;padding:10px 14px;border-left:4px solid var(--accent);background:var(--tint);
  border-radius:0 8px 8px 0}
.evidence p{margin:0 0 4px}
.evidence footer{font-size:12.5px;color:var(--muted)}
.doc-error .error-message{color:#991b1b;font-weight:600;margin:8px 0 4px}
.top{display:inline-block;margin-top:12px;font-size:13px}
.colophon{color:var(--muted);font-size:12.5px;padding-top:8px;padding-bottom:36px}
@media print{
  body{background:#fff}.toc,.controls,.top{display:none}
  .card{box-shadow:none;break-inside:avoid}.masthead{color:#000;background:none}
}
"""

# Sorting keeps rows without a value (unreadable documents) last in both directions; filtering
# ignores case and accents, since analysts type "strategie" as often as "stratégie".
_SCRIPT = """\
(function () {
  "use strict";
  var table = document.getElementById("documents-table");
  if (!table) return;
  var body = table.tBodies[0];
  var collator = new Intl.Collator("fr", { numeric: true, sensitivity: "base" });
  function key(row, column, numeric) {
    var cell = row.cells[column];
    if (!cell) return null;
    var raw = cell.hasAttribute("data-sort") ? cell.getAttribute("data-sort") : cell.textContent.trim();
    if (raw === "") return null;
    if (!numeric) return raw;
    var value = parseFloat(raw);
    return isNaN(value) ? null : value;
  }
  Array.prototype.forEach.call(table.tHead.rows[0].cells, function (header, column) {
    var button = header.querySelector("button");
    if (!button) return;
    button.addEventListener("click", function () {
      var ascending = header.getAttribute("aria-sort") !== "ascending";
      var numeric = header.getAttribute("data-sort-type") === "number";
      Array.prototype.forEach.call(table.tHead.rows[0].cells, function (other) {
        other.setAttribute("aria-sort", "none");
      });
      header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
      var rows = Array.prototype.slice.call(body.rows);
      rows.sort(function (a, b) {
        var x = key(a, column, numeric), y = key(b, column, numeric);
        if (x === null || y === null) return (x === null) - (y === null);
        var order = numeric ? x - y : collator.compare(x, y);
        return ascending ? order : -order;
      });
      rows.forEach(function (row) { body.appendChild(row); });
    });
  });
  var search = document.getElementById("filter-file");
  var type = document.getElementById("filter-type");
  var count = document.getElementById("filter-count");
  var review = document.getElementById("filter-review");
  var claim = document.getElementById("filter-claim");
  function fold(text) {
    return text.normalize("NFD").replace(/[\\u0300-\\u036f]/g, "").toLowerCase();
  }
  function filter() {
    var wanted = fold(search.value.trim()), kind = type.value, shown = 0;
    Array.prototype.forEach.call(body.rows, function (row) {
      var visible = (!wanted || fold(row.cells[0].textContent).indexOf(wanted) !== -1) &&
        (!kind || row.getAttribute("data-type") === kind) &&
        (!review.checked || row.getAttribute("data-review") === "1") &&
        (!claim.checked || row.getAttribute("data-claim") === "1");
      row.hidden = !visible;
      if (visible) shown += 1;
    });
    count.textContent = shown + " / " + body.rows.length + " documents";
  }
  search.addEventListener("input", filter);
  type.addEventListener("change", filter);
  review.addEventListener("change", filter);
  claim.addEventListener("change", filter);
})();
"""
