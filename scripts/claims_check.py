"""The claimed-type rules (`lexicons/claims.txt`) measured on openings they were not written from.

`data/claims/openings.jsonl` holds 480 document openings (title block and first paragraph),
written for this measure by eight writers who did not see the rules, each read again blind by a
second reader (`docs/annotation.md` §10). They come in three parts, each held out until the
rules were rewritten from the parts before it: the rules were rewritten from part 1, then from
parts 1 and 2; no rewrite came from part 3. The training documents' claims (`claims.csv`), which
the rules were first written from, are measured beside them as a check that a change loses
nothing there.

    python scripts/claims_check.py [--errors 1|2|3|train]
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from classifier.checklist import claimed_type, title_and_opening
from classifier.corpus import load_corpus

OPENINGS = Path("data/claims/openings.jsonl")


def accuracy(pairs: list[tuple[str, str]]) -> str:
    """Accuracy on the items that claim a type, then on all of them (gold, found)."""
    claiming = [(g, f) for g, f in pairs if g]
    hits = sum(g == f for g, f in claiming)
    overall = sum(g == f for g, f in pairs)
    false_claims = sum(not g and bool(f) for g, f in pairs)
    return (
        f"claiming {hits / len(claiming):.3f} ({hits}/{len(claiming)}), all {overall / len(pairs):.3f} "
        f"({overall}/{len(pairs)}), claims where there is none {false_claims}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--errors", choices=["1", "2", "3", "train"], help="list the errors of this part")
    args = parser.parse_args()

    items = [json.loads(line) for line in OPENINGS.read_text(encoding="utf-8").splitlines() if line.strip()]
    found = {item["id"]: claimed_type(*title_and_opening(item["text"]))[0] or "" for item in items}
    for part in sorted({item["part"] for item in items}):
        pairs = [(item["claimed_type"] or "", found[item["id"]]) for item in items if item["part"] == part]
        print(f"openings, part {part}    {accuracy(pairs)}")
        if args.errors == str(part):
            for item in items:
                gold = item["claimed_type"] or ""
                if item["part"] == part and found[item["id"]] != gold:
                    title = item["text"].split("\n\n")[0].replace("\n", " / ")
                    print(f"  {item['id']}: {gold or '-'} found {found[item['id']] or '-'} | {title[:140]}")

    corpus = load_corpus("data")
    gold = corpus.claims.set_index("doc_id")["claimed_type"]
    train = [i for i in corpus.ids("train") if i in gold.index]
    pairs = []
    for doc_id in train:
        title, opening = title_and_opening(corpus.text(doc_id).text)
        pairs.append((gold[doc_id], claimed_type(title, opening)[0] or ""))
        if args.errors == "train" and pairs[-1][0] != pairs[-1][1]:
            print(f"  {doc_id}: {pairs[-1][0] or '-'} found {pairs[-1][1] or '-'} | {title[:140]!r}")
    print(f"training documents   {accuracy(pairs)}")


if __name__ == "__main__":
    main()
