"""Many inputs → a stream of scored records: walking, de-duplication, processes, time limits.

Records come out in input order while at most a few documents per worker are in flight,
so memory stays flat however large the batch. Each worker process loads the model once.
A run in one process loads the French analysis in a helper process meanwhile (`AnalysisHelper`).
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import multiprocessing
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
from .nlp import analyse_passages, load_nlp, loading
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


def missing_inputs(paths: Iterable[Path]) -> list[str]:
    """The inputs that do not exist (a dangling symlink exists: it becomes an error row)."""
    return [str(p) for p in paths if not p.exists() and not p.is_symlink()]


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


# --- the analysis helper -----------------------------------------------------------------


class AnalysisHelper:
    """A process that loads the French analysis, then analyses the passages sent to it.

    Loading it takes about a second (most of it importing spaCy's parts), as long as loading
    the model: a run in one process starts the helper first, loads the model and reads the
    first document meanwhile, then sends passages there to be analysed.
    """

    def __init__(self):
        self._connection, child = multiprocessing.Pipe()
        self._process = multiprocessing.Process(target=_serve, args=(child,), daemon=True, name="analyse")
        self._process.start()
        child.close()
        self._ready = False

    def loading(self) -> bool:
        """Whether the helper is still loading the analysis."""
        if not self._ready and self._connection.poll():
            self._ready = self._connection.recv() == "ready"
        return not self._ready

    def analyse(self, passages, vectors: bool = False):
        """`nlp.analyse_passages` done in the helper; `EOFError` if the helper died."""
        self.loading()  # takes the "ready" message off the line, if it came
        self._connection.send((list(passages), vectors))
        while True:
            reply = self._connection.recv()
            if reply != "ready":
                return reply
            self._ready = True

    def stop(self, kill: bool = False) -> None:
        """Stop the helper: at once with `kill` (even mid-analysis), else once it is idle."""
        if kill:
            self._process.kill()
        else:
            with contextlib.suppress(OSError):  # already gone
                self._connection.send(None)
        self._connection.close()
        self._process.join(timeout=None if kill else 5)
        if self._process.is_alive():
            self._process.kill()


def _serve(connection) -> None:
    """The helper's loop: load the analysis, then analyse each request until told to stop."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    load_nlp()
    connection.send("ready")
    while (request := connection.recv()) is not None:
        passages, vectors = request
        connection.send(analyse_passages(passages, vectors=vectors))


_HELPER: AnalysisHelper | None = None


def start_helper_process() -> None:
    """Start loading the analysis in a helper process; documents scored in this process use it."""
    global _HELPER
    if _HELPER is None:
        _HELPER = AnalysisHelper()


def stop_helper_process(kill: bool = False) -> bool:
    """Stop the helper process (at once with `kill`, even mid-analysis); False if there was none."""
    global _HELPER
    if _HELPER is None:
        return False
    helper, _HELPER = _HELPER, None
    helper.stop(kill)
    return True


def pipeline_loading() -> bool:
    """Whether the analysis is being loaded, here or in the helper: time no document is charged for."""
    return loading() or (_HELPER is not None and _HELPER.loading())


def analyse(passages, vectors: bool = False):
    """Analyse passages in the helper process when one runs, else in this process."""
    if _HELPER is not None:
        return _HELPER.analyse(passages, vectors)
    return analyse_passages(passages, vectors=vectors)


# --- workers ---------------------------------------------------------------------------

_WORKER: dict = {}


class _Timeout(BaseException):
    """Not an `Exception`: parsers' catch-alls (`extract_text` turns any `Exception` into
    `corrupt_file`) must not swallow it."""


def _on_alarm(timeout: float, signum, frame):
    if pipeline_loading():
        # Loading spaCy (with the first document of a process) is not this document's time:
        # the limit starts again from now.
        signal.setitimer(signal.ITIMER_REAL, timeout)
        return
    raise _Timeout


def init_worker(model_dir: str, limits: Limits) -> None:
    """Load the model once in this process (and the spaCy pipeline with the first document)."""
    # Ctrl-C is the parent's to handle; a worker interrupted mid-document would only add noise.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    model, card = load_model(model_dir)
    _WORKER.update(model=model, card=card, limits=limits)


def score_item(item: Item, state: dict | None = None) -> dict:
    """Score one item within the per-document time limit; never raises. `state` holds the model,
    card and limits to use (default: this worker process's, set by `init_worker`); a batch
    scored in the calling process passes its own, so two loaded classifiers never mix."""
    if item.error is not None:  # refused by the walk (archive limits, unsafe path)
        return error_record(item.name, *item.error)
    state = _WORKER if state is None else state
    limits: Limits = state["limits"]
    # Signals reach the main thread only: from another thread (a notebook's background job),
    # documents are scored without the time limit.
    use_alarm = limits.timeout > 0 and hasattr(signal, "SIGALRM") and _main_thread()
    if use_alarm:
        previous = signal.signal(signal.SIGALRM, functools.partial(_on_alarm, limits.timeout))
        signal.setitimer(signal.ITIMER_REAL, limits.timeout)
    try:
        return score_file(item.path, state["model"], state["card"], limits, item.name, item.member, analyse)
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


def renamed(record: dict, name: str) -> dict:
    """A record reused for another file with the same content (a copy in the batch, or an
    earlier run's with --resume), under that file's name, in its error message too.

    >>> renamed({"file": "a.pdf", "error": {"code": "empty", "message": "a.pdf : fichier vide"}}, "b.txt")["error"]
    {'code': 'empty', 'message': 'b.txt : fichier vide'}
    """
    out = {**record, "file": name}
    if "error" in record and record.get("file"):
        out["error"] = {**record["error"], "message": record["error"]["message"].replace(record["file"], name)}
    return out


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
    state: dict = {}
    if executor is None:
        model, card = loaded if loaded is not None else load_model(str(model_dir))
        state = {"model": model, "card": card, "limits": limits}
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
            return score_item(item, state)
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
            record = renamed(first[item.sha256], item.name)
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
                outcome = renamed(done[item.sha256], item.name)
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
