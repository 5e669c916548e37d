"""A whole `classify` run: inputs → scored records → terminal, stdout or an output file.

Output files are written atomically. While a batch runs, every record is also appended
to a journal beside the output (`<out>.partial.jsonl`); an interrupted run (Ctrl-C,
SIGTERM) leaves the previous output untouched and the journal for `--resume`.
"""

from __future__ import annotations

import sys
from contextlib import nullcontext
from pathlib import Path

from .batch import collect_items, missing_inputs, score_items, start_helper_process, stop_helper_process
from .config import LIMITS, Limits
from .persist import ModelError, check_model
from .report import check_writer, file_record, json_line, read_records, render_terminal, write_records
from .scoring import to_schema


class BatchError(Exception):
    """A usage error (exit 2) or an interruption (exit 130), with a message for the analyst."""

    def __init__(self, message: str, exit_code: int = 2):
        super().__init__(message)
        self.exit_code = exit_code


def journal_path(out: Path) -> Path:
    return out.with_name(out.name + ".partial.jsonl")


def run_batch(
    inputs: list[Path],
    model_dir: Path,
    fmt: str = "text",
    out: Path | None = None,
    jobs: int = 1,
    quiet: bool = False,
    resume: bool = False,
    limits: Limits = LIMITS,
) -> int:
    """Score every input and deliver the records; returns how many could not be read."""
    missing = missing_inputs(inputs)
    if missing:
        raise BatchError(f"fichier ou dossier introuvable / no such file : {', '.join(missing)}")
    try:
        check_model(model_dir)
    except ModelError as exc:
        raise BatchError(str(exc)) from None
    if out is not None:
        try:
            check_writer(out)
        except ValueError as exc:
            raise BatchError(str(exc)) from None
    skipped: list[str] = []
    items = collect_items(inputs, skipped, limits)
    if not items:
        note = f" ({skipped_note(skipped)})" if skipped else ""
        raise BatchError(f"aucun fichier à analyser dans les entrées{note} / no file to score")
    done = _previous_records(out) if (resume and out is not None) else {}
    jobs = max(1, min(jobs, len({i.sha256 for i in items} - set(done))))
    errors = 0
    try:
        journal = journal_path(out).open("a", encoding="utf-8") if out is not None else None
    except OSError as exc:
        raise BatchError(f"{journal_path(out)} : écriture impossible ({exc.strerror}) / cannot write") from None
    progress = None if (quiet or out is None) else _progress(len(items))

    def on_record(record: dict) -> None:
        nonlocal errors
        errors += "error" in record
        if journal is not None:
            journal.write(json_line(file_record(record)) + "\n")
            journal.flush()
        if progress is not None:
            progress[0].update(progress[1], advance=1, errors=errors)

    if jobs == 1:
        start_helper_process()
    records = score_items(items, model_dir, jobs, limits, done, on_record)
    try:
        if out is None:
            _print_records(records, fmt)
            if skipped and not quiet:  # every row is on screen; only the skipped files are not
                print(f"{skipped_note(skipped)}.", file=sys.stderr)
        else:
            with progress[0] if progress else nullcontext():
                try:
                    count = write_records(records, out)
                except OSError as exc:  # the disk filled up, the folder vanished…: the journal keeps the work
                    raise BatchError(
                        f"{out} : écriture impossible ({exc.strerror or exc}) ; les documents traités sont dans "
                        f"{journal_path(out)}, relancez avec --resume / cannot write, the journal keeps the work",
                        1,
                    ) from None
            journal.close()
            journal_path(out).unlink()
            if not quiet:
                note = f" ; {skipped_note(skipped)}" if skipped else ""
                print(f"{count} document(s) écrits dans {out}, dont {errors} illisible(s){note}.", file=sys.stderr)
    except KeyboardInterrupt:
        kept = f" ; les documents déjà traités sont dans {journal_path(out)}, relancez avec --resume" if out else ""
        raise BatchError(f"interrompu / interrupted{kept}", 130) from None
    finally:
        stop_helper_process()
        if journal is not None and not journal.closed:
            journal.close()
    return errors


def skipped_note(skipped: list[str]) -> str:
    """How many hidden or system files (or folders) a walk skipped, with the first few names.

    >>> skipped_note(["a/.DS_Store", "a/Thumbs.db", "a/.git", "b/~$plan.docx"])
    '4 fichier(s) ou dossier(s) caché(s) ou système ignoré(s) : .DS_Store, Thumbs.db, .git et 1 autre(s)'
    """
    names = ", ".join(Path(name).name for name in skipped[:3])
    more = f" et {len(skipped) - 3} autre(s)" if len(skipped) > 3 else ""
    return f"{len(skipped)} fichier(s) ou dossier(s) caché(s) ou système ignoré(s) : {names}{more}"


def _previous_records(out: Path) -> dict[str, dict]:
    """Records of the earlier output and of an interrupted run's journal, by content hash."""
    records = []
    for path in (out, journal_path(out)):
        if path.exists() and path.suffix.lower() != ".html":
            try:
                records += read_records(path)
            except Exception as exc:  # an unreadable earlier output only means nothing is reused
                print(f"Avertissement : {path} illisible pour --resume ({exc})", file=sys.stderr)
    return {r["sha256"]: r for r in records if r.get("sha256")}


def _print_records(records, fmt: str) -> None:
    if fmt == "jsonl":
        for record in records:
            print(json_line(to_schema(record)), flush=True)
        return
    from rich.console import Console

    console = Console()
    for record in records:
        render_terminal(record, console)


def _progress(total: int):
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    progress = Progress(
        TextColumn("[bold]Analyse"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("· erreurs : {task.fields[errors]}"),
        TextColumn("· reste"),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        transient=False,
    )
    return progress, progress.add_task("documents", total=total, errors=0)
