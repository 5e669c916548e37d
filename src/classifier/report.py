"""Rendering and writing scored records: French terminal report, spreadsheet rows, output files.

Every output file is written atomically: to a temporary file in the same folder, then
renamed, so an interrupted run never leaves a half-written file or clobbers the previous one.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from .labels import (
    COMMITMENTS,
    CRITERIA,
    CRITERION_KEYS,
    DIMENSIONS,
    DOC_TYPES,
    REVIEW_LABELS,
    claim_sentence,
    french_number,
)
from .scoring import to_schema

OUTPUT_FORMATS = (".csv", ".parquet", ".xlsx", ".jsonl", ".html")


# --- terminal --------------------------------------------------------------------------


def render_terminal(record: dict, console) -> None:
    """Print one record as a readable French report on a rich `Console`."""
    from rich.markup import escape
    from rich.panel import Panel
    from rich.text import Text

    name = escape(record["file"])
    if "error" in record:
        console.print(
            f"[bold red]✘ {name}[/] — {escape(record['error']['message'])} [dim]({record['error']['code']})[/]"
        )
        return
    lines = [
        f"[bold]Type :[/] [bold cyan]{DOC_TYPES[record['doc_type']]}[/] "
        f"(confiance {french_number(record['doc_type_confidence'])}) · {record['pages']} page(s), {record['words']} mots"
    ]
    for dim, label in DIMENSIONS.items():
        value = record["dimensions"][dim]
        mark = "[green]✔ couvert[/]" if value["covered"] else "[red]✘ absent[/]"
        lines.append(f"\n[bold]{label}[/] — {mark} (score {french_number(value['score'])})")
        for evidence in value["evidence"]:
            where = f"p. {evidence['page']}"
            if evidence.get("heading"):
                where += f", « {escape(_shorten(evidence['heading'], 60))} »"
            lines.append(
                f"   [dim]{where} ({french_number(evidence['score'])})[/] {escape(_shorten(evidence['text'], 260))}"
            )
        lines += _checklist_lines(value, dim)
    lines.append(f"\n[bold]En bref :[/] {escape(record['summary'])}")
    claim = claim_sentence(record.get("claimed_type"), record["doc_type"])
    if claim:
        style = "bold yellow" if record["claimed_type"] != record["doc_type"] else "bold"
        lines.append(f"[{style}]{escape(claim)}[/]")
    if record.get("questions"):
        lines.append("[bold]Questions à poser à l'organisation :[/]")
        lines += [f"   {i}. {escape(q)}" for i, q in enumerate(record["questions"], start=1)]
    if record.get("needs_review"):
        reasons = ", ".join(REVIEW_LABELS.get(r, r) for r in record["review_reasons"])
        lines.append(f"[bold magenta]◆ À relire en priorité[/] : décision de type fragile ({escape(reasons)})")
    for warning in record["warnings"]:
        lines.append(f"[yellow]⚠ {escape(warning)}[/]")
    console.print(Panel(Text.from_markup("\n".join(lines)), title=name, title_align="left", expand=True))


#: How a criterion's status and a commitment read in the terminal checklist.
STATUS_MARKS = {"covered": "[green]✔[/]", "mentioned": "[yellow]~[/]", "absent": "[red]✘[/]"}


def _checklist_lines(value: dict, dim: str) -> list[str]:
    """The compact checklist of one dimension: ✔ covered, ~ mentioned, ✘ absent; commitments."""
    lines = []
    if "criteria" in value:
        marks = [f"{STATUS_MARKS[value['criteria'][k]['status']]} {name}" for k, name in CRITERIA[dim].items()]
        lines.append("   " + " · ".join(marks))
    if "commitments" in value:
        found = [
            f"{STATUS_MARKS['covered' if value['commitments'][k]['found'] else 'absent']} {name}"
            for k, name in COMMITMENTS.items()
        ]
        lines.append("   [dim]Engagements :[/] " + " · ".join(found))
    return lines


def _shorten(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1].rsplit(" ", 1)[0] + "…"


# --- spreadsheet rows ------------------------------------------------------------------

ROW_COLUMNS = [
    "file",
    "doc_type",
    "confidence",
    *[f"{dim}_{what}" for dim in DIMENSIONS for what in ("covered", "score")],
    "missing",
    "summary",
    "language",
    "pages",
    "words",
    "warnings",
    "needs_review",
    "review_reasons",
    "claimed_type",
    *[f"criterion_{key}" for key in CRITERION_KEYS],
    *[f"commitment_{dim}_{item}" for dim in DIMENSIONS for item in COMMITMENTS],
    "questions",
    "error_code",
    "error_message",
    *[f"{dim}_evidence_{what}" for dim in DIMENSIONS for what in ("text", "page")],
    "sha256",
]


def flatten(record: dict) -> dict:
    """One spreadsheet row: flags and scores per dimension, and the top evidence passage of each."""
    row = dict.fromkeys(ROW_COLUMNS)
    row["file"], row["sha256"] = record["file"], record.get("sha256")
    if "error" in record:
        row["error_code"], row["error_message"] = record["error"]["code"], record["error"]["message"]
        return row
    row.update(
        doc_type=record["doc_type"],
        confidence=record["doc_type_confidence"],
        missing=", ".join(record["missing"]),
        summary=record["summary"],
        language=record["language"],
        pages=record["pages"],
        words=record["words"],
        warnings=" | ".join(record["warnings"]),
        needs_review=record.get("needs_review", False),
        review_reasons=", ".join(record.get("review_reasons", [])),
    )
    row["claimed_type"] = record.get("claimed_type")
    row["questions"] = " | ".join(record.get("questions", []))
    for dim in DIMENSIONS:
        value = record["dimensions"][dim]
        row[f"{dim}_covered"], row[f"{dim}_score"] = value["covered"], value["score"]
        for key, criterion in value.get("criteria", {}).items():
            row[f"criterion_{key}"] = criterion["status"]
        for item, commitment in value.get("commitments", {}).items():
            row[f"commitment_{dim}_{item}"] = commitment["found"]
        if value["evidence"]:
            row[f"{dim}_evidence_text"] = value["evidence"][0]["text"]
            row[f"{dim}_evidence_page"] = value["evidence"][0]["page"]
    return row


def unflatten(row: dict) -> dict:
    """Rebuild a record from a spreadsheet row (top evidence passage only), for --resume."""

    def present(value) -> bool:
        return value is not None and value == value and value != ""  # NaN != NaN

    base = {"file": row["file"], "sha256": row.get("sha256")}
    if present(row.get("error_code")):
        return {**base, "error": {"code": row["error_code"], "message": row.get("error_message") or ""}}
    dimensions = {}
    for dim in DIMENSIONS:
        evidence = []
        if present(row.get(f"{dim}_evidence_text")):
            page = row.get(f"{dim}_evidence_page")
            evidence.append({"text": row[f"{dim}_evidence_text"], "page": int(_number(page)) if present(page) else 1})
            evidence[0]["score"] = _number(row[f"{dim}_score"])
        covered = _truth(row[f"{dim}_covered"])
        dimensions[dim] = {"covered": covered, "score": _number(row[f"{dim}_score"]), "evidence": evidence}
        statuses = {key: row.get(f"criterion_{key}") for key in CRITERIA[dim]}
        if all(present(v) for v in statuses.values()):
            dimensions[dim]["criteria"] = {k: {"status": v, "evidence": []} for k, v in statuses.items()}
        found = {item: row.get(f"commitment_{dim}_{item}") for item in COMMITMENTS}
        if covered and all(present(v) for v in found.values()):
            dimensions[dim]["commitments"] = {k: {"found": _truth(v), "evidence": []} for k, v in found.items()}
    return {
        **base,
        "doc_type": row["doc_type"],
        "doc_type_confidence": _number(row["confidence"]),
        "dimensions": dimensions,
        "missing": [m for m in str(row.get("missing") or "").split(", ") if m],
        "summary": row.get("summary") or "",
        "language": row.get("language") or "",
        "pages": int(_number(row["pages"])),
        "words": int(_number(row["words"])),
        "warnings": [w for w in str(row.get("warnings") or "").split(" | ") if w],
        "needs_review": _truth(row.get("needs_review")),
        "review_reasons": [r for r in str(row.get("review_reasons") or "").split(", ") if present(r)],
        "claimed_type": row["claimed_type"] if present(row.get("claimed_type")) else None,
        "questions": [q for q in str(row.get("questions") or "").split(" | ") if present(q)],
        "model": {},
    }


def _number(value) -> float:
    """A number as a spreadsheet or our French CSV gives it back (« 0,913 », 0.913, "12")."""
    return float(str(value).replace(",", ".")) if isinstance(value, str) else float(value)


def _truth(value) -> bool:
    """A boolean cell as a spreadsheet or CSV gives it back (True, "True", "1", "VRAI")."""
    return value if isinstance(value, bool) else str(value).strip().lower() in {"true", "1", "vrai"}


# --- files -----------------------------------------------------------------------------


@contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """A temporary path beside `target`, renamed onto it only if the block succeeds. The file
    gets the permissions of the file it replaces, or those a new file would get (the umask):
    the temporary file's private mode would otherwise hide a shared report from colleagues."""
    target = Path(target)
    handle, temporary = tempfile.mkstemp(dir=target.parent or ".", prefix=f".{target.name}.", suffix=".tmp")
    os.close(handle)
    try:
        yield Path(temporary)
        if target.exists():
            shutil.copymode(target, temporary)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(temporary, 0o666 & ~umask)
        os.replace(temporary, target)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


def json_line(value) -> str:
    """`value` as one line of JSON, accents kept. A file name that is not valid UTF-8 (an old
    archive's Latin-1 name, which Python keeps as lone surrogates) is escaped instead
    (« \\udce9 »), so the line can be written and read back by --resume."""
    line = json.dumps(value, ensure_ascii=False)
    try:
        line.encode("utf-8")
    except UnicodeEncodeError:
        line = json.dumps(value)
    return line


def readable(value):
    """`value` with every string that UTF-8 cannot encode made readable: its undecodable bytes
    shown as « \ufffd » (for the spreadsheet and HTML outputs, which show names, not keys)."""
    if isinstance(value, dict):
        return {k: readable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [readable(v) for v in value]
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            try:  # a file name's undecodable bytes, kept by Python as lone surrogates
                raw = value.encode("utf-8", "surrogateescape")
            except UnicodeEncodeError:  # other lone surrogates
                raw = value.encode("utf-8", "replace")
            return raw.decode("utf-8", "replace")
    return value


def check_writer(path: Path) -> None:
    """Fail early, before any scoring, when the output format cannot be written."""
    suffix = path.suffix.lower()
    if suffix not in OUTPUT_FORMATS:
        raise ValueError(f"{path} : extension inconnue, choisir parmi {', '.join(OUTPUT_FORMATS)}")
    needed = {".parquet": "pyarrow", ".xlsx": "openpyxl"}.get(suffix)
    if needed:
        try:
            __import__(needed)
        except ImportError:
            raise ValueError(
                f"{path} : l'écriture {suffix} demande le paquet « {needed} » (pip install 'classifier[parquet]')"
            ) from None
    folder = path.parent
    if not folder.exists():
        raise ValueError(f"{path} : le dossier {folder} n'existe pas / no such folder")
    if not folder.is_dir():
        raise ValueError(f"{path} : {folder} n'est pas un dossier / not a folder")
    if path.is_dir():
        raise ValueError(f"{path} est un dossier : donner un nom de fichier / is a folder, give a file name")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise ValueError(f"{path} : pas le droit d'écrire dans {folder} / folder not writable")


def write_records(records: Iterable[dict], path: Path, title: str = "Analyse des stratégies numériques") -> int:
    """Write all records to `path` in the format its extension names; returns the row count.

    CSV is UTF-8 with BOM, `;` separators and decimal commas, so that a French Excel opens it as
    is; XLSX has its header row frozen and a filter on every column.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    with atomic_path(path) as temporary:
        if suffix == ".jsonl":
            count = 0
            with temporary.open("w", encoding="utf-8") as handle:
                for record in records:
                    handle.write(json_line(file_record(record)) + "\n")
                    count += 1
            return count
        if suffix == ".html":
            from .html_report import render_html

            records = [readable(r) for r in records]
            temporary.write_text(render_html(records, title), encoding="utf-8")
            return len(records)
        import pandas as pd

        frame = typed(pd.DataFrame([readable(flatten(r)) for r in records], columns=ROW_COLUMNS))
        if suffix == ".csv":  # French Excel: « ; » between cells, « , » in numbers
            frame.to_csv(temporary, sep=";", decimal=",", index=False, encoding="utf-8-sig")
        elif suffix == ".parquet":
            frame.to_parquet(temporary, index=False)
        elif suffix == ".xlsx":
            with pd.ExcelWriter(temporary, engine="openpyxl") as writer:
                frame.to_excel(writer, index=False, sheet_name="documents")
                sheet = writer.sheets["documents"]
                sheet.freeze_panes = "B2"  # the header row and the file column stay in view
                sheet.auto_filter.ref = sheet.dimensions  # a filter on every column
        return len(frame)


#: Columns of whole numbers and of true/false flags, which error rows (or uncovered
#: dimensions) leave empty.
WHOLE_COLUMNS = ["pages", "words", *(f"{dim}_evidence_page" for dim in DIMENSIONS)]
FLAG_COLUMNS = [
    *(f"{dim}_covered" for dim in DIMENSIONS),
    "needs_review",
    *(f"commitment_{dim}_{item}" for dim in DIMENSIONS for item in COMMITMENTS),
]


def typed(frame):
    """The rows' table with pandas' nullable types: whole numbers stay whole (not « 12.0 ») and
    flags stay true/false beside the empty cells of an error row, so a notebook can filter on them."""
    return frame.astype({**dict.fromkeys(WHOLE_COLUMNS, "Int64"), **dict.fromkeys(FLAG_COLUMNS, "boolean")})


def file_record(record: dict) -> dict:
    """§4 record plus the content hash that --resume keys on."""
    return {**to_schema(record), "sha256": record.get("sha256")}


def read_records(path: Path) -> list[dict]:
    """Records of an earlier output file (any format but HTML), for --resume."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".jsonl":
        records = []
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
            try:
                record = json.loads(line)
            except json.JSONDecodeError:
                # The last line of a journal cut by a crash (kill -9, power loss): only that
                # document is scored again, instead of the whole journal being discarded.
                continue
            if isinstance(record, dict):
                records.append(record)
        return records
    import pandas as pd

    if suffix == ".csv":
        frame = pd.read_csv(path, sep=";", encoding="utf-8-sig", dtype=str, keep_default_na=False)
    elif suffix == ".parquet":
        frame = pd.read_parquet(path)
    elif suffix == ".xlsx":
        frame = pd.read_excel(path, dtype=str, keep_default_na=False)
    else:
        return []
    return [unflatten(row) for row in frame.to_dict("records")]
