"""Build data/labelled/{documents,sections}.csv from the annotation files written with the corpus.

Each batch of documents was annotated in a JSON-lines file (data/staging/<batch>.jsonl:
document labels and one entry per section). This script, run once when the corpus was
written, merges them into the two tables that analysts and the training code read, and
assigns the fixed test split (~25 %, stratified by doc_type, grouped by organisation).

The split is fixed once made: documents already in data/labelled/documents.csv keep their
split, and only documents added since (a later batch, from new organisations) are split,
among themselves, the same way.

    python scripts/build_labels.py data/staging data
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pandas as pd
from sklearn.model_selection import StratifiedGroupKFold

DIMENSIONS = ["marketing", "technology", "reorganisation"]
COLUMNS = [
    "id",
    "path",
    "title",
    "organisation",
    "sector",
    "country",
    "language",
    "genre",
    "genre_family",
    "source_url",
    "origin",
    "doc_type",
    *DIMENSIONS,
    "split",
    "notes",
]
FORMATS = (".md", ".txt", ".pdf", ".docx", ".odt", ".html")


def main(staging: Path, data: Path) -> None:
    documents, sections = [], []
    for batch in sorted(staging.glob("*.jsonl")):
        for line in batch.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            record = json.loads(line)
            # The rendered file (PDF, DOCX…) replaced the written one under the same id.
            found = [f"{record['id']}{ext}" for ext in FORMATS if (data / "raw" / f"{record['id']}{ext}").exists()]
            record["path"] = found[0] if found else record["path"]
            for position, section in enumerate(record.pop("sections"), start=1):
                sections.append({"doc_id": record["id"], "position": position, **section})
            # A faithful re-telling of one real page says so; every other document was written.
            record.setdefault("origin", "written")
            documents.append(record)
    docs = pd.DataFrame(documents)
    table = data / "labelled" / "documents.csv"
    fixed = pd.read_csv(table, dtype=str).set_index("id")["split"] if table.exists() else pd.Series(dtype=str)
    docs["split"] = docs["id"].map(fixed)
    new = docs[docs["split"].isna()].reset_index()
    if len(new):
        splitter = StratifiedGroupKFold(n_splits=4, shuffle=True, random_state=7)
        _, test = next(splitter.split(new, new["doc_type"], groups=new["organisation"]))
        docs.loc[new["index"], "split"] = "train"
        docs.loc[new.loc[test, "index"], "split"] = "test"
    docs = docs.sort_values("id")
    (data / "labelled").mkdir(parents=True, exist_ok=True)
    docs[COLUMNS].to_csv(data / "labelled" / "documents.csv", index=False)
    sections = pd.DataFrame(sections)[["doc_id", "position", "heading", *DIMENSIONS]]
    sections.to_csv(data / "labelled" / "sections.csv", index=False)
    print(f"{len(docs)} documents ({(docs['split'] == 'test').sum()} en test), {len(sections)} sections")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
