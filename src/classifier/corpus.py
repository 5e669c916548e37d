"""The labelled corpus (SPEC §5): loading, validation, and training examples.

A corpus is a folder with `raw/` (the documents, never rewritten) and `labelled/`:
`documents.csv` (one row per document) and, optionally, `sections.csv` (which dimensions
each section covers) and the checklist's tables (SPEC §2b): `criteria.csv` (each criterion's
status per section), `commitments.csv` (what a section commits to, per dimension) and
`claims.csv` (the type a document claims). Tables are plain CSV read with pandas; nothing in them is evaluated.
"""

from __future__ import annotations

import hashlib
import itertools
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from .extract import ExtractedText, ExtractionError, extract_text
from .labels import (
    COMMITMENTS,
    CRITERION_KEYS,
    DIMENSION_OF,
    DIMENSIONS,
    DOC_TYPES,
    GENRE_FAMILIES,
    ORIGINS,
    doc_type_from_coverage,
)
from .segment import Passage, heading_key, segment_pages

DOCUMENT_COLUMNS = ["id", "path", "doc_type", *DIMENSIONS, "split", "genre_family"]
#: `source_url`: the public page a document is grounded in (empty when it is not); `origin`:
#: a key of `labels.ORIGINS` (an empty cell, or a corpus without the column, means `written`).
OPTIONAL_COLUMNS = ["title", "organisation", "sector", "country", "language", "genre", "source_url", "origin", "notes"]
SECTION_COLUMNS = ["doc_id", "position", "heading", *DIMENSIONS]
CRITERIA_COLUMNS = ["doc_id", "position", "heading", *CRITERION_KEYS]
COMMITMENT_COLUMNS = ["doc_id", "position", "dimension", *COMMITMENTS]
CLAIM_COLUMNS = ["doc_id", "claimed_type", "claimed_from"]
#: The label tables of `labelled/`, by name (`documents` always there, the others optional).
LABEL_TABLES = ("documents", "sections", "criteria", "commitments", "claims")
SPLITS = {"train", "test"}
NEAR_DUPLICATE = 0.5  # Jaccard similarity of word 6-gram sets


class CorpusError(Exception):
    """A label table that cannot be read at all (so there are no rows to report problems on)."""


@dataclass
class Problem:
    """One thing wrong with the corpus, with the table row (1-based, header excluded) it is on."""

    table: str
    row: int | None
    doc_id: str
    message: str

    def __str__(self) -> str:
        where = f"{self.table}, ligne {self.row}" if self.row is not None else self.table
        return f"{where} [{self.doc_id}] : {self.message}"


@dataclass
class Corpus:
    root: Path
    documents: pd.DataFrame
    sections: pd.DataFrame | None = None
    #: The checklist's tables (None when the corpus has none).
    criteria: pd.DataFrame | None = None
    commitments: pd.DataFrame | None = None
    claims: pd.DataFrame | None = None
    texts: dict[str, ExtractedText] = field(default_factory=dict, repr=False)
    read_errors: dict[str, str] = field(default_factory=dict, repr=False)

    def raw_path(self, relative: str) -> Path:
        return self.root / "raw" / relative

    def ids(self, split: str | None = None) -> list[str]:
        table = self.documents if split is None else self.documents[self.documents["split"] == split]
        return table["id"].tolist()

    def labels(self, ids: list[str]) -> np.ndarray:
        table = self.documents.set_index("id").loc[ids]
        return table[list(DIMENSIONS)].to_numpy(dtype=int)

    def text(self, doc_id: str) -> ExtractedText:
        """The extracted text of a document, read once."""
        if doc_id not in self.texts:
            path = self.documents.loc[self.documents["id"] == doc_id, "path"].iloc[0]  # the first row of a repeated id
            self.texts[doc_id] = extract_text(self.raw_path(str(path)))
        return self.texts[doc_id]


def load_corpus(root: str | Path) -> Corpus:
    """Read `root/labelled/documents.csv` (and `sections.csv` when present); reads no document yet."""
    root = Path(root)
    documents = read_table(root / "labelled" / "documents.csv")
    optional = {}
    for name in LABEL_TABLES[1:]:
        path = root / "labelled" / f"{name}.csv"
        optional[name] = read_table(path) if path.exists() else None
    return Corpus(root, documents, **optional)


def read_table(path: str | Path) -> pd.DataFrame:
    """A label table as strings, exactly as typed (no NaN, no numbers).

    Comma-separated as written by this project; a spreadsheet in a French locale saves
    "CSV" with semicolons, which is accepted too. A UTF-8 byte-order mark is ignored.
    """
    path = Path(path)
    try:
        with path.open(encoding="utf-8-sig") as handle:
            header = handle.readline()
        # The header names no text with commas, so it tells the separator; cells may hold either.
        separator = ";" if header.count(";") > header.count(",") else ","
        table = pd.read_csv(path, dtype=str, keep_default_na=False, sep=separator, encoding="utf-8-sig")
        # a space typed after « train » or « 1 » in a spreadsheet cannot be seen: it is not data
        table.columns = [str(c).strip() for c in table.columns]
        return table.apply(lambda column: column.str.strip())
    except FileNotFoundError:
        raise CorpusError(f"{path} : tableau introuvable / table not found") from None
    except (OSError, UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise CorpusError(
            f"{path} : tableau illisible ({exc}) ; enregistrez-le en « CSV UTF-8 » / unreadable table"
        ) from None


def validate_corpus(corpus: Corpus) -> list[Problem]:
    """Every problem of the corpus, each with its row; an empty list means it can be trained on."""
    docs = corpus.documents
    problems: list[Problem] = []
    missing = [c for c in DOCUMENT_COLUMNS if c not in docs.columns]
    if missing:
        return [Problem("documents.csv", None, "-", f"colonnes manquantes : {', '.join(missing)}")]
    seen_ids: dict[str, int] = {}
    shingles: dict[str, set[int]] = {}
    for row, record in enumerate(docs.to_dict("records"), start=1):
        doc_id = record["id"]

        def report(message: str, row: int = row, doc_id: str = doc_id) -> None:
            problems.append(Problem("documents.csv", row, doc_id, message))

        if not doc_id:
            report("identifiant vide")
        elif doc_id in seen_ids:
            report(f"identifiant en double (déjà ligne {seen_ids[doc_id]})")
            continue  # the rest of the row cannot be told from the first one's
        seen_ids.setdefault(doc_id, row)
        if record["doc_type"] not in DOC_TYPES:
            report(f"type inconnu « {record['doc_type']} » (attendu : {', '.join(DOC_TYPES)})")
        bad = [d for d in DIMENSIONS if record[d] not in {"0", "1"}]
        for dim in bad:
            report(f"colonne {dim} : « {record[dim]} » n'est pas 0 ou 1")
        if not bad and record["doc_type"] in DOC_TYPES:
            expected = doc_type_from_coverage({d: record[d] == "1" for d in DIMENSIONS})
            if expected != record["doc_type"]:
                report(
                    f"type « {record['doc_type']} » incohérent avec les dimensions (la règle §2 donne « {expected} »)"
                )
        if record["genre_family"] not in GENRE_FAMILIES:
            report(f"famille de genre « {record['genre_family']} » inconnue (attendu : {', '.join(GENRE_FAMILIES)})")
        if record.get("origin", "") not in {"", *ORIGINS}:
            report(f"origine « {record['origin']} » inconnue (attendu : {', '.join(ORIGINS)})")
        url = record.get("source_url", "")
        if url and not re.match(r"https?://\S+$", url):
            report(f"source_url « {url} » n'est pas une adresse http(s)")
        if record["split"] not in SPLITS:
            report(f"split « {record['split']} » inconnu (attendu : train ou test)")
        path = corpus.raw_path(record["path"])
        if not record["path"] or not path.is_file():
            report(f"fichier introuvable : raw/{record['path']}")
            continue
        try:
            text = corpus.text(doc_id).text
        except ExtractionError as exc:
            corpus.read_errors[doc_id] = exc.code
            report(f"texte illisible ({exc.code}) : {exc.message}")
            continue
        shingles[doc_id] = _shingles(text)
    problems += _duplicates(docs, shingles)
    problems += _leakage(docs)
    if corpus.sections is not None:
        problems += _validate_sections(corpus, set(seen_ids))
    if corpus.criteria is not None:
        if docs["id"].duplicated().any():
            problems.append(
                Problem("criteria.csv", None, "-", "non vérifié : corrigez d'abord les identifiants en double")
            )
        else:
            problems += _validate_checklist(corpus)
    return problems


def _validate_checklist(corpus: Corpus) -> list[Problem]:
    """The checklist's tables against SPEC §2b and the section labels: known statuses, one row per
    section of each annotated document, consistent with the section's dimensions (labelled 1: a
    criterion of the dimension covered; 0: none), commitments only for dimensions the document
    covers, claimed types that are §2 keys."""
    problems: list[Problem] = []
    tables = {"criteria.csv": (corpus.criteria, CRITERIA_COLUMNS), "commitments.csv": (corpus.commitments, COMMITMENT_COLUMNS),
              "claims.csv": (corpus.claims, CLAIM_COLUMNS)}  # fmt: skip
    for name, (table, columns) in tables.items():
        if table is None:
            return [Problem(name, None, "-", "tableau manquant (criteria, commitments et claims vont ensemble)")]
        missing = [c for c in columns if c not in table.columns]
        if missing:
            problems.append(Problem(name, None, "-", f"colonnes manquantes : {', '.join(missing)}"))
    if problems or corpus.sections is None:
        return problems or [Problem("criteria.csv", None, "-", "sections.csv manquant")]
    docs = corpus.documents.set_index("id")
    sections = {(r["doc_id"], r["position"]): r for r in corpus.sections.to_dict("records")}
    annotated = set(corpus.criteria["doc_id"])
    for row, record in enumerate(corpus.criteria.to_dict("records"), start=1):
        doc_id = record["doc_id"]
        section = sections.get((doc_id, record["position"]))
        if doc_id not in docs.index:
            problems.append(Problem("criteria.csv", row, doc_id, "document absent de documents.csv"))
            continue
        if section is None:
            problems.append(
                Problem("criteria.csv", row, doc_id, f"pas de section {record['position']} dans sections.csv")
            )
            continue
        for key in CRITERION_KEYS:
            if record[key] not in {"", "covered", "mentioned"}:
                problems.append(
                    Problem("criteria.csv", row, doc_id, f"{key} : « {record[key]} » (covered, mentioned ou vide)")
                )
        for dim in DIMENSIONS:
            covered = any(record[k] == "covered" for k in CRITERION_KEYS if DIMENSION_OF[k] == dim)
            if section[dim] == "1" and not covered:
                problems.append(
                    Problem("criteria.csv", row, doc_id, f"section étiquetée {dim}=1 sans sous-critère couvert")
                )
            if section[dim] == "0" and covered:
                problems.append(
                    Problem("criteria.csv", row, doc_id, f"section étiquetée {dim}=0 avec un sous-critère couvert")
                )
    counts = corpus.criteria.groupby("doc_id").size()
    for doc_id, group in corpus.sections.groupby("doc_id"):
        if doc_id in annotated and counts[doc_id] != len(group):
            problems.append(
                Problem("criteria.csv", None, doc_id, f"{counts[doc_id]} lignes pour {len(group)} sections")
            )
    for row, record in enumerate(corpus.commitments.to_dict("records"), start=1):
        doc_id = record["doc_id"]
        if doc_id not in docs.index:
            problems.append(Problem("commitments.csv", row, doc_id, "document absent de documents.csv"))
        elif doc_id not in annotated or (doc_id, record["position"]) not in sections:
            problems.append(Problem("commitments.csv", row, doc_id, "section non annotée dans criteria.csv"))
        elif record["dimension"] not in DIMENSIONS or docs.at[doc_id, record["dimension"]] != "1":
            problems.append(
                Problem("commitments.csv", row, doc_id, f"dimension « {record['dimension']} » non couverte")
            )
        for key in COMMITMENTS:
            if record[key] not in {"0", "1"}:
                problems.append(Problem("commitments.csv", row, doc_id, f"{key} : « {record[key]} » pas 0/1"))
    seen: set[str] = set()
    for row, record in enumerate(corpus.claims.to_dict("records"), start=1):
        if record["doc_id"] not in docs.index:
            problems.append(Problem("claims.csv", row, record["doc_id"], "document absent de documents.csv"))
        if record["doc_id"] in seen:
            problems.append(Problem("claims.csv", row, record["doc_id"], "document annoté deux fois"))
        seen.add(record["doc_id"])
        if record["claimed_type"] not in {"", *DOC_TYPES}:
            problems.append(Problem("claims.csv", row, record["doc_id"], f"type « {record['claimed_type']} » inconnu"))
    return problems


def _shingles(text: str, n: int = 6) -> set[int]:
    words = re.findall(r"\w+", text.lower())
    return {hash(tuple(words[i : i + n])) for i in range(max(1, len(words) - n + 1))}


def _duplicates(docs: pd.DataFrame, shingles: dict[str, set[int]]) -> list[Problem]:
    rows = {doc_id: i for i, doc_id in enumerate(docs["id"], start=1)}
    problems = []
    for a, b in itertools.combinations(shingles, 2):
        sa, sb = shingles[a], shingles[b]
        similarity = len(sa & sb) / max(1, len(sa | sb))
        if similarity >= NEAR_DUPLICATE:
            kind = "doublon" if similarity > 0.98 else f"quasi-doublon ({similarity:.0%} de 6-grammes communs)"
            problems.append(Problem("documents.csv", rows[b], b, f"{kind} de {a}"))
    return problems


def _leakage(docs: pd.DataFrame) -> list[Problem]:
    """An organisation on both sides of the split lets the test set see its style and vocabulary."""
    if "organisation" not in docs.columns:
        return []
    problems = []
    for org, group in docs.groupby("organisation"):
        if org and group["split"].nunique() > 1:
            row = int(group.index[0]) + 1
            problems.append(
                Problem(
                    "documents.csv", row, group["id"].iloc[0], f"fuite : « {org} » est à la fois en train et en test"
                )
            )
    return problems


def _validate_sections(corpus: Corpus, ids: set[str]) -> list[Problem]:
    sections = corpus.sections
    missing = [c for c in SECTION_COLUMNS if c not in sections.columns]
    if missing:
        return [Problem("sections.csv", None, "-", f"colonnes manquantes : {', '.join(missing)}")]
    problems = []
    docs = corpus.documents.drop_duplicates("id").set_index("id")  # a repeated id: its first row, reported apart
    for row, record in enumerate(sections.to_dict("records"), start=1):
        if record["doc_id"] not in ids:
            problems.append(Problem("sections.csv", row, record["doc_id"], "document inconnu"))
        for dim in DIMENSIONS:
            if record[dim] not in {"0", "1"}:
                problems.append(Problem("sections.csv", row, record["doc_id"], f"{dim} : « {record[dim]} » pas 0/1"))
    for doc_id, group in sections.groupby("doc_id", sort=False):
        if doc_id not in ids or doc_id in corpus.read_errors:
            continue
        row = int(group.index[0]) + 1
        for dim in DIMENSIONS:
            union = int(group[dim].isin(["1"]).any())
            if str(union) != docs.at[doc_id, dim]:
                problems.append(
                    Problem(
                        "sections.csv",
                        row,
                        doc_id,
                        f"{dim} : le document dit {docs.at[doc_id, dim]}, ses sections {union}",
                    )
                )
        try:
            text_key = " " + heading_key(corpus.text(doc_id).text) + " "
        except ExtractionError:
            continue
        for offset, heading in enumerate(group["heading"]):
            if f" {heading_key(heading)} " not in text_key:
                problems.append(
                    Problem("sections.csv", row + offset, doc_id, f"titre introuvable dans le texte : « {heading} »")
                )
    return problems


def passages_with_labels(corpus: Corpus, doc_id: str) -> tuple[list[Passage], np.ndarray | None]:
    """A document's passages and, when the corpus has section labels, their (n, 3) labels."""
    pages = corpus.text(doc_id).pages
    if corpus.sections is None or doc_id not in set(corpus.sections["doc_id"]):
        return segment_pages(pages), None
    group = corpus.sections[corpus.sections["doc_id"] == doc_id]
    headings = group["heading"].tolist()
    labels = group[list(DIMENSIONS)].to_numpy(dtype=int)
    passages = segment_pages(pages, known_headings=headings)
    rows = [labels[i] for i in section_of_passages(passages, headings)]
    return passages, np.array(rows).reshape(len(passages), len(DIMENSIONS))


def section_of_passages(passages: list[Passage], headings: list[str]) -> list[int]:
    """For each passage, the index of the section (of `headings`, in document order) it belongs
    to: the next section with its heading, or the current one when no later heading matches.

    >>> section_of_passages([Passage("a", 1, "Titre"), Passage("b", 1, "Axe 1"), Passage("c", 1, "?")], ["Titre", "Axe 1"])
    [0, 1, 1]
    """
    keys = [heading_key(h) for h in headings]
    out, position = [], 0
    for passage in passages:
        key = heading_key(passage.heading)
        if key != keys[position]:
            later = [i for i in range(position, len(keys)) if keys[i] == key]
            position = later[0] if later else position
        out.append(position)
    return out


def sample_corpus(root: str | Path, out_dir: str | Path, n: int, seed: int = 13) -> Path:
    """Copy a stratified sample of `n` documents of a corpus into `out_dir`; return `out_dir`.

    For trying the retraining workflow quickly (the notebooks' `SAMPLE`, the test suite):
    documents are drawn in proportion to each (doc_type, split) stratum, at least one per stratum
    when `n` is at least the number of strata; within a stratum, in proportion to the documents
    the checklist's tables annotate and the others, at least one of each when the stratum's share
    allows, so that a sample trains and measures the checklist too (a sample of 30 or more holds
    annotated documents of every type in both splits). The sample holds the documents' raw
    files and their rows of every label table (`documents.csv`, `sections.csv` and the
    checklist's).
    Raw files are copied, never moved. The sample of a leakage-free corpus is leakage-free.

        sample = sample_corpus("data", "/tmp/petit-corpus", n=40)
        corpus = load_corpus(sample)
    """
    root, out_dir = Path(root), Path(out_dir)
    corpus = load_corpus(root)
    docs = corpus.documents
    if not 0 < n <= len(docs):
        raise ValueError(f"n must be between 1 and {len(docs)}, got {n}")
    annotated = docs["id"].isin(set(corpus.criteria["doc_id"])) if corpus.criteria is not None else False
    docs_by = docs.assign(annotated=annotated)
    strata = docs_by.groupby(["doc_type", "split"], sort=True).groups
    rng = np.random.default_rng(seed)
    chosen = []
    for key, count in _allocate({k: len(v) for k, v in strata.items()}, n).items():
        inner = docs_by.loc[strata[key]].groupby("annotated", sort=True).groups
        for part, k in _allocate({a: len(v) for a, v in inner.items()}, count).items():
            chosen += list(rng.permutation(np.asarray(inner[part]))[:k])
    sample = docs.loc[sorted(chosen)]
    (out_dir / "labelled").mkdir(parents=True, exist_ok=True)
    sample.to_csv(out_dir / "labelled" / "documents.csv", index=False)
    for name in LABEL_TABLES[1:]:
        table = getattr(corpus, name)
        if table is not None:
            table[table["doc_id"].isin(set(sample["id"]))].to_csv(out_dir / "labelled" / f"{name}.csv", index=False)
    for relative in sample["path"]:
        target = out_dir / "raw" / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(corpus.raw_path(relative), target)
    return out_dir


def _allocate(sizes: dict, n: int) -> dict:
    """`n` shared among groups of the given sizes in proportion to them (largest remainder),
    each at least one when `n` allows it and at most its size."""
    shares = {key: n * size / sum(sizes.values()) for key, size in sizes.items()}
    counts = {key: min(sizes[key], max(1 if n >= len(sizes) else 0, int(share))) for key, share in shares.items()}
    while sum(counts.values()) > n:  # the "at least one" rule overshot: trim the most over-served
        counts[max(counts, key=lambda k: (counts[k] - shares[k], str(k)))] -= 1
    while sum(counts.values()) < n:  # then the most under-served, one at a time
        key = min((k for k in counts if counts[k] < sizes[k]), key=lambda k: (counts[k] - shares[k], str(k)))
        counts[key] += 1
    return counts


def corpus_hash(root: str | Path, parts: tuple[str, ...] = ()) -> str:
    """sha256 over the label tables (the checklist's too) and every raw document, in a stable
    order; and over the corpus-like folders `parts` inside it (e.g. the real pages a model was
    trained on), hashed the same way."""
    root = Path(root)
    digest = hashlib.sha256()
    for base in [root, *(root / part for part in parts)]:
        tables = [base / "labelled" / f"{name}.csv" for name in LABEL_TABLES]
        files = [t for t in tables if t.exists()] + sorted(p for p in (base / "raw").rglob("*") if p.is_file())
        for path in files:
            digest.update(str(path.relative_to(root)).encode())
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()
