#!/usr/bin/env python3
"""Print a corpus document as annotators read it: its labels, then each section (position,
heading, section labels) with the text the classifier reads under it.

    python scripts/show_document.py net-061
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
from classifier.corpus import load_corpus, section_of_passages
from classifier.segment import segment_pages

corpus = load_corpus(Path(__file__).resolve().parent.parent / "data")
doc_id = sys.argv[1]
row = corpus.documents.set_index("id").loc[doc_id]
print(
    f"# {doc_id} — {row['title']}\n{row['genre']} | type {row['doc_type']} | M{row['marketing']} T{row['technology']} R{row['reorganisation']}\nnotes: {row['notes']}\n"
)
group = corpus.sections[corpus.sections["doc_id"] == doc_id]
headings = group["heading"].tolist()
passages = segment_pages(corpus.text(doc_id).pages, known_headings=headings)
texts = {i: [] for i in range(len(headings))}
for p, section in zip(passages, section_of_passages(passages, headings), strict=True):
    texts[section].append(f"[p.{p.page}] {p.text}")
for i, (_, s) in enumerate(group.iterrows()):
    print(
        f"=== section {s['position']} — {s['heading']}  (M{s['marketing']} T{s['technology']} R{s['reorganisation']})"
    )
    print("\n".join(texts[i]) or "(no text of its own)")
    print()
