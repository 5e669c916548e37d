"""Many inputs → a stream of scored records: walking, de-duplication, workers, time limits.

Records come out in input order while at most a few documents per worker are in flight,
so memory stays flat however large the batch. Each worker process loads the model once.
"""

from __future__ import annotations

import hashlib
import os
import signal
import stat
import threading
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path

from .config import LIMITS, Limits
from .extract import FORMATS, is_clutter, walk_archive
from .nlp import load_nlp, pipeline_loading, stop_helper_process
from .persist import DEFAULT_MODEL_DIR, load_model
from .scoring import error_record, score_file


@dataclass(frozen=True)
class Item:
    """One input file: how it is named in the output, where it is, and its content hash.

    A file inside a ZIP archive has the archive as `path` and its name in it as `member`
    (preceded by the nested archives it sits in); `error` is set when the walk already
    refused it (unsafe path, archive limits).
    """

    name: str
    path: Path
    sha256: str | None  # None when the file could not even be read for hashing
    member: tuple[str, ...] = ()
    error: tuple[str, str] | None = None


def walk_inputs(paths: Iterable[str | Path], skipped: list[str] | None = None) -> Iterator[Path]:
    """Files named directly, and every file under directories (recursively, sorted).

    Every file met becomes an input, whatever its format: one that cannot be read is an error
    row, never silently dropped. Hidden files and system clutter (`is_clutter`), named or met,
    are skipped instead, and their names appended to `skipped` so the run can say how many.
    A hidden folder is skipped whole and counts once.

    Directory symlinks are followed once: a directory already visited (same device and
    inode) is skipped, so symlink loops end.
    """
    seen: set[tuple[int, int]] = set()
    note = skipped.append if skipped is not None else lambda _name: None
    for path in map(Path, paths):
        if not path.is_dir():
            if is_clutter(path.name):
                note(str(path))
            else:
                yield path
            continue
        for root, dirs, files in os.walk(path, followlinks=True, onerror=None):
            try:
                stat = os.stat(root)
            except OSError:
                continue
            key = (stat.st_dev, stat.st_ino)
            if key in seen:
                dirs[:] = []
                continue
            seen.add(key)
            for name in sorted(d for d in dirs if is_clutter(d)):
                note(str(Path(root) / name))
            dirs[:] = sorted(d for d in dirs if not is_clutter(d))
            for name in sorted(files):
                if is_clutter(name):
                    note(str(Path(root) / name))
                else:
                    yield Path(root) / name


def hash_file(path: Path) -> str | None:
    digest = hashlib.sha256()
    try:
        if not stat.S_ISREG(path.stat().st_mode):
            # Opening a FIFO blocks until a writer comes, and a device may never end:
            # only regular files are hashed; `extract_text` reports the others.
            return None
        with path.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    except OSError:
        return None
    return digest.hexdigest()


def collect_items(paths: Iterable[str | Path], skipped: list[str] | None = None, limits: Limits = LIMITS) -> list[Item]:
    """One item per input file (see `walk_inputs`), and per file inside ZIP archives, walked
    like folders (`extract.walk_archive`); names of skipped clutter go to `skipped`."""
    items = []
    for path in walk_inputs(paths, skipped):
        if path.suffix.lower() == ".zip" and _is_regular(path):
            for member in walk_archive(path, limits, str(path)):
                if member.skipped:
                    if skipped is not None:
                        skipped.append(member.name)
                else:
                    items.append(Item(member.name, path, member.sha256, member.chain, member.error))
        else:
            # A file of a format never read is not hashed: its row costs nothing to redo.
            items.append(Item(str(path), path, hash_file(path) if path.suffix.lower() in FORMATS else None))
    return items


def _is_regular(path: Path) -> bool:
    try:
        return stat.S_ISREG(path.stat().st_mode)
    except OSError:
        return False


# --- workers ---------------------------------------------------------------------------

_WORKER: dict = {}


class _Timeout(BaseException):
    """Not an `Exception`: parsers' catch-alls (`extract_text` turns any `Exception` into
    `corrupt_file`) must not swallow it."""


def _on_alarm(signum, frame):
    if pipeline_loading():
        # Loading spaCy (with the first document of a process) is not this document's time:
        # the limit starts again from now.
        signal.setitimer(signal.ITIMER_REAL, _WORKER["limits"].timeout)
        return
    raise _Timeout


def init_worker(model_dir: str, limits: Limits) -> None:
    """Load the model once in this process (and the spaCy pipeline with the first document)."""
    # Ctrl-C is the parent's to handle; a worker interrupted mid-document would only add noise.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    model, card = load_model(model_dir)
    _WORKER.update(model=model, card=card, limits=limits)


def score_item(item: Item) -> dict:
    """Score one item within the per-document time limit; never raises."""
    if item.error is not None:  # refused by the walk (archive limits, unsafe path)
        return error_record(item.name, *item.error)
    limits: Limits = _WORKER["limits"]
    # Signals reach the main thread only: from another thread (a notebook's background job),
    # documents are scored without the time limit.
    use_alarm = limits.timeout > 0 and hasattr(signal, "SIGALRM") and _main_thread()
    if use_alarm:
        previous = signal.signal(signal.SIGALRM, _on_alarm)
        signal.setitimer(signal.ITIMER_REAL, limits.timeout)
    try:
        return score_file(item.path, _WORKER["model"], _WORKER["card"], limits, name=item.name, member=item.member)
    except _Timeout:
        if stop_helper_process(kill=True):
            # The helper was still analysing this document; later ones are analysed here,
            # and loading spaCy now (no alarm is set) is charged to no document.
            load_nlp()
        return error_record(
            item.name, "timeout", f"{item.name} : délai de {limits.timeout:g} s dépassé / time limit exceeded"
        )
    except Exception as exc:  # the batch must survive anything one document does
        return error_record(item.name, "internal_error", f"{item.name} : erreur interne / internal error ({exc!r})")
    finally:
        if use_alarm:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)


def _main_thread() -> bool:
    return threading.current_thread() is threading.main_thread()


def _isolated(start_pool, item: Item) -> dict:
    """Score one item in a pool of its own; a dead worker makes it a `worker_crashed` row."""
    pool = start_pool(1)
    try:
        return pool.submit(score_item, item).result()
    except BrokenProcessPool:
        return error_record(
            item.name,
            "worker_crashed",
            f"{item.name} : le processus de calcul s'est arrêté sur ce document / worker process died on this file",
        )
    finally:
        pool.shutdown(wait=False, cancel_futures=True)


def score_items(
    items: list[Item],
    model_dir: str | Path = DEFAULT_MODEL_DIR,
    jobs: int = 1,
    limits: Limits = LIMITS,
    done: dict[str, dict] | None = None,
    on_record: Callable[[dict], None] | None = None,
    loaded: tuple | None = None,
) -> Iterator[dict]:
    """Yield one record per item, in order. `done` maps content hashes to records to reuse (--resume).

    `loaded`: the (model, card) of `model_dir` already in memory, used as is when scoring in
    this process (`jobs=1`); worker processes load their own copy from `model_dir`.

    A file whose content was already scored in this batch, or in `done`, is not scored again:
    its record is copied under its own name.
    """
    done = dict(done or {})
    repeats = Counter(item.sha256 for item in items if item.sha256)
    first: dict[str, dict] = {}
    pending: deque[tuple[Item, Future | dict | None]] = deque()

    def start_pool(workers: int) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(workers, initializer=init_worker, initargs=(str(model_dir), limits))

    executor = start_pool(jobs) if jobs > 1 else None
    if executor is None:
        if loaded is not None:
            _WORKER.update(model=loaded[0], card=loaded[1], limits=limits)
        else:
            init_worker(str(model_dir), limits)
        if _main_thread():
            signal.signal(signal.SIGINT, signal.default_int_handler)
    window = max(2, 4 * jobs)
    submitted: set[str] = set()

    def recover(item: Item) -> dict:
        """A worker died (native crash, out of memory): every document in flight failed with it.

        They are scored again one at a time, so only the document that kills a worker becomes
        an error row; then a fresh pool takes over.
        """
        nonlocal executor
        executor.shutdown(wait=False, cancel_futures=True)
        flight = [i for i, (_, outcome) in enumerate(pending) if isinstance(outcome, Future)]
        records = [_isolated(start_pool, it) for it in [item, *(pending[i][0] for i in flight)]]
        for i, record in zip(flight, records[1:], strict=True):
            pending[i] = (pending[i][0], record)
        executor = start_pool(jobs)
        return records[0]

    def submit(item: Item) -> Future | dict:
        if executor is None:
            return score_item(item)
        try:
            return executor.submit(score_item, item)
        except BrokenProcessPool as exc:  # the pool died since the last submission
            failed: Future = Future()
            failed.set_exception(exc)
            return failed

    def finish(item: Item, outcome) -> dict:
        try:
            record = outcome.result() if isinstance(outcome, Future) else outcome
        except BrokenProcessPool:
            record = recover(item)
        if record is None:  # a repeat of content scored earlier in this batch
            record = {**first[item.sha256], "file": item.name}
        elif item.sha256 and repeats[item.sha256] > 1:
            first[item.sha256] = record
        record = {**record, "sha256": item.sha256}
        if on_record:
            on_record(record)
        return record

    try:
        for item in items:
            if item.sha256 is None:
                outcome: Future | dict | None = submit(item)
            elif item.sha256 in done:
                outcome = {**done[item.sha256], "file": item.name}
            elif item.sha256 in submitted:
                outcome = None
            else:
                submitted.add(item.sha256)
                outcome = submit(item)
            pending.append((item, outcome))
            while len(pending) > window or (pending and not isinstance(pending[0][1], Future)):
                yield finish(*pending.popleft())
        while pending:
            yield finish(*pending.popleft())
    finally:
        if executor is not None:
            executor.shutdown(wait=False, cancel_futures=True)
