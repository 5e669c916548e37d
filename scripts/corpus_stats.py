#!/usr/bin/env python3
"""Measure the labelled corpus and print the figures of its datasheet as Markdown tables.

Why this exists: the datasheet (docs/corpus.md) and the corpus test
(tests/test_corpus_stats.py) must quote the same numbers, measured on the shipped
files rather than typed by hand. Words are counted on the text that the classifier
itself reads (`classifier.extract.extract_text`), after the same clean-up of page
numbers, running headers and web menus.

Usage::

    python scripts/corpus_stats.py            # corpus in ./data
    python scripts/corpus_stats.py --data DIR --top 15

The templating measure is the share of distinct word 6-grams (lower-cased word tokens)
that occur in three or more documents. Documents written one by one share few long
word sequences beyond set phrases; sentence templates would push the share up.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from classifier.extract import extract_text
from classifier.labels import DIMENSIONS

REPO_ROOT = Path(__file__).resolve().parent.parent

#: Word-count bands of the datasheet, inclusive on both ends.
LENGTH_BANDS: tuple[tuple[int, int], ...] = (
    (80, 250),
    (251, 400),
    (401, 800),
    (801, 1500),
    (1501, 2999),
    (3000, 7999),
    (8000, 40000),
)
#: Families that do not describe an organisation's actions: texts that only name the vocabulary
#: (duties, course topics, eligible expenses: SPEC §2 says such lists cover nothing) and `other`
#: (recipes, product notices, glossaries, tributes, reviews of works). They carry a dimension
#: only by exception, so the balance rule below skips them.
LISTING_FAMILIES: frozenset[str] = frozenset({"job_posting", "course_outline", "funding_rules", "other"})
#: In a family of at least this many documents that can carry content, no type above MAX_TYPE_SHARE.
BALANCED_FAMILY_SIZE = 10
MAX_TYPE_SHARE = 0.8
#: Sectors that are not cultural organisations (the "outside culture" share).
OUTSIDE_CULTURE: frozenset[str] = frozenset({"sme", "ngo", "tourism", "health", "education", "local_government"})
LONG_DOCUMENT = 1500
HARD_MARKER = "HARD:"
NGRAM = 6
WIDESPREAD_DOCS = 3

_WORD = re.compile(r"\w+")


# --------------------------------------------------------------------------
# Measuring
# --------------------------------------------------------------------------


def load_documents(data: Path) -> pd.DataFrame:
    """The document table with three measured columns: ``format``, ``text`` and ``words``.

    ``format`` is the file extension without its dot; ``words`` counts whitespace-separated
    tokens of the extracted text, as the classifier's report does.
    """
    docs = pd.read_csv(data / "labelled" / "documents.csv", dtype=str, keep_default_na=False)
    docs["format"] = docs["path"].map(lambda p: Path(p).suffix.lower().lstrip("."))
    docs["text"] = [extract_text(data / "raw" / path).text for path in docs["path"]]
    docs["words"] = docs["text"].map(lambda text: len(text.split()))
    return docs


def length_band(words: int) -> str:
    """The datasheet band a word count falls in, or ``"outside"``.

    >>> length_band(80), length_band(400), length_band(1501), length_band(5000)
    ('80–250', '251–400', '1,501–4,000', 'outside')
    """
    for low, high in LENGTH_BANDS:
        if low <= words <= high:
            return _band_label(low, high)
    return "outside"


def _band_label(low: int, high: int) -> str:
    return f"{low:,}–{high:,}"


def is_hard(note: str) -> bool:
    """Whether the annotator flagged the document as a hard case.

    >>> is_hard("HARD: titré « Stratégie numérique »"), is_hard("Long document. HARD: outils"), is_hard("Facile")
    (True, True, False)
    """
    return HARD_MARKER in note


def word_ngrams(text: str, n: int = NGRAM) -> set[tuple[str, ...]]:
    """The distinct word n-grams of a text, on lower-cased ``\\w+`` tokens.

    >>> sorted(word_ngrams("Le plan, le plan !", n=2))
    [('le', 'plan'), ('plan', 'le')]
    """
    words = _WORD.findall(text.lower())
    return {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}


@dataclass(frozen=True)
class NgramSpread:
    """How many distinct n-grams the corpus has and how many recur across documents."""

    distinct: int
    widespread: int
    top: list[tuple[str, int]]

    @property
    def share(self) -> float:
        """Share of distinct n-grams found in ``min_docs`` or more documents."""
        return self.widespread / self.distinct if self.distinct else 0.0


def ngram_spread(texts: Iterable[str], n: int = NGRAM, min_docs: int = WIDESPREAD_DOCS, top: int = 15) -> NgramSpread:
    """Count, for each distinct word n-gram, the documents it occurs in.

    >>> spread = ngram_spread(["a b c", "a b d", "a b e"], n=2, min_docs=3, top=1)
    >>> spread.distinct, spread.widespread, spread.top
    (4, 1, [('a b', 3)])
    """
    document_frequency: Counter[tuple[str, ...]] = Counter()
    for text in texts:
        document_frequency.update(word_ngrams(text, n))
    widespread = sum(1 for count in document_frequency.values() if count >= min_docs)
    ranked = sorted(document_frequency.items(), key=lambda item: (-item[1], item[0]))[:top]
    return NgramSpread(len(document_frequency), widespread, [(" ".join(gram), count) for gram, count in ranked])


@dataclass(frozen=True)
class CorpusFigures:
    """The single-number figures of the datasheet."""

    documents: int
    median_words: float
    min_words: int
    max_words: int
    long_documents: int
    outside_culture: int
    hard_cases: int
    test_documents: int
    ngrams: NgramSpread
    grounded: int = 0
    retold: int = 0
    over_3000: int = 0
    over_8000: int = 0

    @property
    def outside_culture_share(self) -> float:
        return self.outside_culture / self.documents

    @property
    def hard_share(self) -> float:
        return self.hard_cases / self.documents

    @property
    def test_share(self) -> float:
        return self.test_documents / self.documents


def measure(docs: pd.DataFrame, top: int = 15) -> CorpusFigures:
    """Compute the single-number figures from :func:`load_documents`' table."""
    words = docs["words"]
    return CorpusFigures(
        documents=len(docs),
        median_words=float(words.median()),
        min_words=int(words.min()),
        max_words=int(words.max()),
        long_documents=int((words >= LONG_DOCUMENT).sum()),
        outside_culture=int(docs["sector"].isin(OUTSIDE_CULTURE).sum()),
        hard_cases=int(docs["notes"].map(is_hard).sum()),
        test_documents=int((docs["split"] == "test").sum()),
        ngrams=ngram_spread(docs["text"], top=top),
        grounded=int((docs.get("source_url", pd.Series(dtype=str)).str.strip() != "").sum()),
        retold=int((docs.get("origin", pd.Series(dtype=str)) == "retold").sum()),
        over_3000=int((words >= 3000).sum()),
        over_8000=int((words >= 8000).sum()),
    )


# --------------------------------------------------------------------------
# Tables
# --------------------------------------------------------------------------


def count_table(values: pd.Series, label: str) -> pd.DataFrame:
    """Counts and shares of each value, most frequent first, with a total row."""
    counts = values.value_counts()
    table = pd.DataFrame({label: counts.index, "documents": counts.to_numpy()})
    table["share"] = [_percent(c / len(values)) for c in table["documents"]]
    total = pd.DataFrame({label: ["**total**"], "documents": [len(values)], "share": ["100 %"]})
    return pd.concat([table, total], ignore_index=True)


def length_table(words: pd.Series) -> pd.DataFrame:
    """Documents per length band, in band order (bands with no document included)."""
    bands = words.map(length_band)
    labels = [_band_label(low, high) for low, high in LENGTH_BANDS]
    if (bands == "outside").any():
        labels.append("outside")
    counts = [int((bands == label).sum()) for label in labels]
    return pd.DataFrame(
        {"words": labels, "documents": counts, "share": [_percent(c / len(words)) for c in counts]},
    )


def profile_table(docs: pd.DataFrame) -> pd.DataFrame:
    """Documents per combination of covered dimensions, with the type it gives (SPEC §2)."""
    table = docs.groupby([*DIMENSIONS, "doc_type"]).size().reset_index(name="documents")
    return table.sort_values([*DIMENSIONS], ascending=False, ignore_index=True)


def family_table(docs: pd.DataFrame) -> pd.DataFrame:
    """Genre family × type, with the largest type's share: genre must not predict the label."""
    table = pd.crosstab(docs["genre_family"], docs["doc_type"], margins=True, margins_name="total")
    types = [c for c in table.columns if c != "total"]
    table["largest type"] = [_percent(max(row[t] for t in types) / row["total"]) for _, row in table.iterrows()]
    return table.reset_index().rename(columns={"genre_family": "genre_family \\ doc_type"})


def family_dimension_table(docs: pd.DataFrame) -> pd.DataFrame:
    """Per genre family, how many documents cover each dimension and how many do not."""
    rows = []
    for family, group in docs.groupby("genre_family"):
        row = {"genre_family": family, "documents": len(group)}
        for dim in DIMENSIONS:
            covered = int((group[dim] == "1").sum())
            row[dim] = f"{covered} / {len(group) - covered}"
        rows.append(row)
    return pd.DataFrame(rows)


def unbalanced_families(docs: pd.DataFrame) -> list[str]:
    """Families of ≥ BALANCED_FAMILY_SIZE documents that can carry content where one type
    holds more than MAX_TYPE_SHARE of the documents."""
    out = []
    for family, group in docs.groupby("genre_family"):
        if family in LISTING_FAMILIES or len(group) < BALANCED_FAMILY_SIZE:
            continue
        share = group["doc_type"].value_counts(normalize=True).iloc[0]
        if share > MAX_TYPE_SHARE:
            out.append(f"{family}: {group['doc_type'].value_counts().index[0]} {_percent(share)}")
    return out


def split_table(docs: pd.DataFrame) -> pd.DataFrame:
    """Split × doc_type, with totals and the test share of each type."""
    table = pd.crosstab(docs["doc_type"], docs["split"], margins=True, margins_name="total")
    table["test share"] = [_percent(t / n) for t, n in zip(table.get("test", 0), table["total"], strict=True)]
    return table.reset_index().rename(columns={"doc_type": "doc_type \\ split"})


def figures_table(figures: CorpusFigures) -> pd.DataFrame:
    """The single-number figures as a two-column table."""
    rows = [
        ("documents", f"{figures.documents}"),
        ("median words", f"{figures.median_words:,.0f}"),
        ("min / max words", f"{figures.min_words:,} / {figures.max_words:,}"),
        (f"documents ≥ {LONG_DOCUMENT:,} words", f"{figures.long_documents}"),
        (
            "outside culture (" + ", ".join(sorted(OUTSIDE_CULTURE)) + ")",
            f"{figures.outside_culture} ({_percent(figures.outside_culture_share)})",
        ),
        (f"hard cases (notes with « {HARD_MARKER} »)", f"{figures.hard_cases} ({_percent(figures.hard_share)})"),
        ("grounded in a public page (source_url)", f"{figures.grounded}"),
        ("of which faithful re-tellings of the page (origin retold)", f"{figures.retold}"),
        ("documents ≥ 3,000 words / ≥ 8,000 words", f"{figures.over_3000} / {figures.over_8000}"),
        ("test split", f"{figures.test_documents} ({_percent(figures.test_share)})"),
        (f"distinct word {NGRAM}-grams", f"{figures.ngrams.distinct:,}"),
        (
            f"{NGRAM}-grams in ≥ {WIDESPREAD_DOCS} documents",
            f"{figures.ngrams.widespread:,} ({_percent(figures.ngrams.share, 2)})",
        ),
    ]
    return pd.DataFrame(rows, columns=["measure", "value"])


def agreement_table(docs: pd.DataFrame, second: pd.DataFrame) -> pd.DataFrame:
    """Per label, agreement and Cohen's kappa between the corpus labels and a second
    annotator's labels of a sample (rows of `second`: id, the three dimensions, doc_type).

    >>> first = pd.DataFrame({"id": ["a", "b"], "marketing": ["1", "0"], "technology": ["0", "0"],
    ...                       "reorganisation": ["1", "1"], "doc_type": ["digital_strategy"] * 2})
    >>> again = first.assign(technology=["1", "0"])
    >>> agreement_table(first, again)["agreement"].tolist()
    ['100.0 %', '50.0 %', '100.0 %', '100.0 %']
    """
    from sklearn.metrics import cohen_kappa_score

    merged = docs.merge(second, on="id", suffixes=("", "_second"))
    rows = []
    for label in [*DIMENSIONS, "doc_type"]:
        first_labels, second_labels = merged[label].astype(str), merged[f"{label}_second"].astype(str)
        agreed = float((first_labels == second_labels).mean())
        kappa = cohen_kappa_score(first_labels, second_labels) if first_labels.nunique() > 1 else float("nan")
        rows.append((label, len(merged), _percent(agreed), f"{kappa:.3f}"))
    return pd.DataFrame(rows, columns=["label", "documents", "agreement", "Cohen's κ"])


def disagreements(docs: pd.DataFrame, second: pd.DataFrame) -> list[str]:
    """One line per dimension on which the two annotators differ: "id: dim first X, second Y"."""
    merged = docs.merge(second, on="id", suffixes=("", "_second"))
    return [
        f"{row['id']}: {dim} first {row[dim]}, second {row[f'{dim}_second']}"
        for _, row in merged.iterrows()
        for dim in DIMENSIONS
        if str(row[dim]) != str(row[f"{dim}_second"])
    ]


def ngram_table(spread: NgramSpread) -> pd.DataFrame:
    """The most widespread n-grams with their document counts."""
    return pd.DataFrame(spread.top, columns=[f"word {NGRAM}-gram", "documents"])


def markdown_table(table: pd.DataFrame) -> str:
    """Render a DataFrame as a GitHub Markdown table (numbers right-aligned).

    >>> print(markdown_table(pd.DataFrame({"a": ["x"], "n": [3]})))
    | a | n |
    |---|--:|
    | x | 3 |
    """
    header = "| " + " | ".join(str(c) for c in table.columns) + " |"
    align = "|" + "|".join("--:" if pd.api.types.is_numeric_dtype(table[c]) else "---" for c in table.columns) + "|"
    body = ["| " + " | ".join(_cell(v) for v in row) + " |" for row in table.itertuples(index=False)]
    return "\n".join([header, align, *body])


def _cell(value: object) -> str:
    return str(value).replace("|", "\\|")


def _percent(share: float, digits: int = 1) -> str:
    return f"{share:.{digits}%}".replace("%", " %")


def render_report(docs: pd.DataFrame, figures: CorpusFigures, second: pd.DataFrame | None = None) -> str:
    """Every datasheet table, in Markdown, with a heading each (agreement if `second` is given)."""
    sections = [
        ("Documents per type", count_table(docs["doc_type"], "doc_type")),
        ("Documents per sector", count_table(docs["sector"], "sector")),
        ("Documents per country", count_table(docs["country"], "country")),
        ("Documents per format (file extension)", count_table(docs["format"], "format")),
        ("Documents per length (words of the extracted text)", length_table(docs["words"])),
        ("Dimensions covered (1 = covered) and the type they give", profile_table(docs)),
        ("Genre family × type", family_table(docs)),
        ("Genre family × dimension (documents covering / not covering)", family_dimension_table(docs)),
        ("Split × type", split_table(docs)),
        ("Figures", figures_table(figures)),
        (f"The {len(figures.ngrams.top)} most widespread word {NGRAM}-grams", ngram_table(figures.ngrams)),
    ]
    text = "\n\n".join(f"#### {title}\n\n{markdown_table(table)}" for title, table in sections) + "\n"
    unbalanced = unbalanced_families(docs)
    text += (
        f"\nFamilies of ≥ {BALANCED_FAMILY_SIZE} documents that can carry content, with one type above "
        f"{MAX_TYPE_SHARE:.0%}: {', '.join(unbalanced) if unbalanced else 'none'}.\n"
    )
    if second is not None:
        listed = "\n".join(f"- {line}" for line in disagreements(docs, second))
        text += f"\n#### Second annotator's sample\n\n{markdown_table(agreement_table(docs, second))}\n\n{listed}\n"
    return text


# --------------------------------------------------------------------------
# Command line
# --------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    """Print the corpus tables to stdout."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=REPO_ROOT / "data", help="corpus folder (raw/ and labelled/)")
    parser.add_argument("--top", type=int, default=15, help="how many widespread 6-grams to list")
    args = parser.parse_args(argv)
    docs = load_documents(args.data)
    sample = args.data / "labelled" / "second-annotator-sample.csv"
    second = pd.read_csv(sample, dtype=str, keep_default_na=False) if sample.exists() else None
    print(render_report(docs, measure(docs, top=args.top), second), end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
