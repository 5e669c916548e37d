#!/usr/bin/env python3
"""Show every run of six or more words that a corpus document shares with its source page.

A corpus document may be grounded in a real public page (its genre, structure, facts and
figures) but must be written anew: no run of more than five words copied (SPEC §5). Save
the page's text (or the excerpts read of it) to a file and run:

    python scripts/check_overlap.py data/raw/art-001.md source.txt

Exit status 1 when a shared run is found, with each run printed; 0 otherwise. Words are
compared lower-cased, punctuation ignored, so a copy cannot hide behind a changed comma.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

RUN = 6


def words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def shared_runs(document: str, source: str, n: int = RUN) -> list[str]:
    """Maximal runs of at least ``n`` words of ``document`` that also occur in ``source``.

    >>> shared_runs("un deux trois quatre cinq six sept", "zéro un deux trois quatre cinq six")
    ['un deux trois quatre cinq six']
    >>> shared_runs("un deux trois", "un deux trois")
    []
    """
    doc, src = words(document), words(source)
    grams = {tuple(src[i : i + n]) for i in range(len(src) - n + 1)}
    runs, start, end = [], None, -1
    for i in range(len(doc) - n + 1):
        if tuple(doc[i : i + n]) in grams:
            if start is None or i > end:
                if start is not None:
                    runs.append(" ".join(doc[start:end]))
                start = i
            end = i + n
    if start is not None:
        runs.append(" ".join(doc[start:end]))
    return runs


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__.strip().splitlines()[0], file=sys.stderr)
        print("usage: check_overlap.py DOCUMENT SOURCE_TEXT", file=sys.stderr)
        return 2
    document, source = (Path(p).read_text(encoding="utf-8", errors="replace") for p in argv)
    runs = shared_runs(document, source)
    for run in runs:
        print(f"copied ({len(run.split())} words): {run}")
    return 1 if runs else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
