"""The Python API for notebooks and scripts (SPEC §9).

    >>> import classifier
    >>> clf = classifier.load()                                  # doctest: +SKIP
    >>> clf.score("plan.pdf")["doc_type"]                        # doctest: +SKIP
    'digital_strategy'
    >>> clf.score_many(["dossier/"], jobs=2)                     # doctest: +SKIP

`score` gives one file's SPEC §4 record (an `error` record if it cannot be read; a ZIP archive,
which holds several documents, is one for `score_many`). `score_many` gives a pandas DataFrame
with the columns of the CSV output (whole numbers as `Int64`, flags as `boolean`, both empty on
error rows), built from a stream of records (`records`), so memory stays flat however many
files a folder holds; it goes through the same engine as the `classify` command
(`batch.score_items`): walking, ZIP archives, de-duplication, worker processes, time limits,
and an error row for every file that cannot be read. A path that does not exist makes it raise
`FileNotFoundError` before anything is scored, as `classify` stops with a usage error.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from .config import LIMITS, Limits
from .persist import DEFAULT_MODEL_DIR, load_model


class Classifier:
    """A loaded model and its card, ready to score files."""

    def __init__(self, model, card: dict, model_dir: Path, limits: Limits = LIMITS):
        self.model = model
        self.card = card
        self.model_dir = Path(model_dir)
        self.limits = limits

    def __repr__(self) -> str:
        return f"Classifier({self.card.get('name', '?')} {self.card.get('version', '?')}, {self.model_dir})"

    def score(self, path: str | Path) -> dict:
        """One file's record, exactly as SPEC §4 defines it (an `error` record if it cannot be read).

        Raises `TypeError` for anything but one path, `ValueError` for an empty one, and
        `IsADirectoryError` for a folder (`score_many` walks folders).
        """
        from .scoring import score_file, to_schema

        path = _one_path(path)
        if path.is_dir():
            raise IsADirectoryError(f"{path} est un dossier : utilisez score_many / a folder: use score_many")
        return to_schema(score_file(path, self.model, self.card, self.limits))

    def records(self, paths: Iterable[str | Path], jobs: int = 1, progress: bool = False) -> Iterator[dict]:
        """Yield one full record per file met (folders walked, ZIP members included), in order.

        Records also carry what the reports use (evidence headings, the file's `sha256`); pass
        one through `scoring.to_schema` for the bare §4 form. Hidden and system files are skipped.
        """
        from .batch import collect_items, missing_inputs, score_items

        paths = [_one_path(p) for p in ([paths] if isinstance(paths, str | os.PathLike) else paths)]
        missing = missing_inputs(paths)
        if missing:
            raise FileNotFoundError(f"fichier ou dossier introuvable / no such file : {', '.join(missing)}")
        items = collect_items(paths, limits=self.limits)
        jobs = max(1, min(jobs, len(items)))
        bar = _progress_bar(len(items)) if progress and items else None
        stream = score_items(items, self.model_dir, jobs, self.limits, loaded=(self.model, self.card))
        if bar is None:
            yield from stream
            return
        with bar[0]:
            for record in stream:
                bar[0].update(bar[1], advance=1)
                yield record

    def score_many(self, paths: Iterable[str | Path], jobs: int = 1, progress: bool = False):
        """A pandas DataFrame, one row per file, with the columns of the CSV output."""
        import pandas as pd

        from .report import ROW_COLUMNS, flatten, typed

        rows = [flatten(record) for record in self.records(paths, jobs, progress)]
        return typed(pd.DataFrame(rows, columns=ROW_COLUMNS))


def load(path: str | Path | None = None, limits: Limits = LIMITS) -> Classifier:
    """The model in `path` (a folder written by `classifier train`), else the one named by
    $CLASSIFIER_MODEL, else the default model shipped inside the package.

    Raises `persist.ModelError` with a French/English message when the model cannot be used.
    """
    directory = Path(path if path is not None else os.environ.get("CLASSIFIER_MODEL", DEFAULT_MODEL_DIR))
    model, card = load_model(directory)
    return Classifier(model, card, directory, limits)


def _one_path(path) -> Path:
    """`path` as a Path, or a clear error: « "" » would otherwise mean the current folder."""
    if not isinstance(path, str | os.PathLike):
        raise TypeError(f"un chemin de fichier est attendu, pas {type(path).__name__} / expected a file path")
    if not str(path).strip():
        raise ValueError("chemin vide / empty path")
    return Path(path)


def _progress_bar(total: int):
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    progress = Progress(TextColumn("[bold]Analyse"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    return progress, progress.add_task("documents", total=total)
