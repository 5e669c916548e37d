"""Build the checklist tables (SPEC §2b) from the annotation files, and measure agreement.

The sub-criteria, commitments and claimed types were annotated per document in
data/staging/criteria/crit-*.jsonl (docs/annotation.md §10). Each file's last three records
re-annotate, blind, the first three documents of another file: they measure agreement and
are not written to the tables. Files `crit-wN-*` are later waves (more training documents),
whose agreement is reported apart; their documents' claimed types were annotated first on their
own, so that annotation stays and the wave's reading of the title is a second reading of it.
The tables are what analysts edit and training reads:

* data/labelled/criteria.csv: one row per section of each annotated document (doc_id, position,
  heading as in sections.csv), one column per criterion: `covered`, `mentioned` or empty (absent);
* data/labelled/commitments.csv: one row per section and dimension that commits to something,
  with 0/1 columns owner, budget, schedule, indicators;
* data/labelled/claims.csv: one row per document, its claimed type (empty: none) and the words
  that claim it. The documents outside the first wave had their claimed type annotated on its
  own (data/staging/claims/claims-*.jsonl, from the title and opening only); a record of a
  document an earlier file annotates is a blind second reading, counted for agreement only.

    python scripts/build_criteria.py data/staging/criteria data
"""

from __future__ import annotations

import csv
import json
import re
import sys
from pathlib import Path

CRITERIA = [
    "audiences", "objectives_kpis", "positioning_brand", "channels_campaigns",
    "infrastructure", "software_platforms", "digitisation_data", "security_accessibility",
    "governance", "roles_skills", "business_model", "processes", "partnerships_pooling", "data_asset",
]  # fmt: skip
COMMITMENTS = ["owner", "budget", "schedule", "indicators"]
DIMENSIONS = ["marketing", "technology", "reorganisation"]
SECOND_READINGS = 3  # the last records of each file


def read_batches(folder: Path) -> tuple[list[dict], list[dict]]:
    """(first annotations in file order, second annotations), each tagged with its wave (files
    `crit-wN-*` are wave N, the others the first)."""
    first, second = [], []
    for path in sorted(folder.glob("crit-*.jsonl")):
        wave = int(match.group(1)) if (match := re.match(r"crit-w(\d+)-", path.name)) else 1
        records = [
            json.loads(line) | {"wave": wave} for line in path.read_text(encoding="utf-8").splitlines() if line.strip()
        ]
        first += records[:-SECOND_READINGS]
        second += records[-SECOND_READINGS:]
    return first, second


def document_view(record: dict) -> tuple[dict[str, int], set[tuple[str, str]], str | None]:
    """Strongest status per criterion (0 absent, 1 mentioned, 2 covered), commitments, claim."""
    rank = {"mentioned": 1, "covered": 2}
    status = dict.fromkeys(CRITERIA, 0)
    commitments = set()
    for section in record["sections"]:
        for criterion, value in section.get("criteria", {}).items():
            status[criterion] = max(status[criterion], rank[value])
        for dim, items in section.get("commitments", {}).items():
            commitments |= {(dim, item) for item in items}
    return status, commitments, record.get("claimed_type")


def agreement(first: list[dict], second: list[dict]) -> str:
    by_id = {r["id"]: r for r in first}
    pairs = [(by_id[r["id"]], r) for r in second if r["id"] in by_id]
    status = covered = commit = claimed = 0
    for a, b in pairs:
        sa, ca, ta = document_view(a)
        sb, cb, tb = document_view(b)
        status += sum(sa[c] == sb[c] for c in CRITERIA)
        covered += sum((sa[c] == 2) == (sb[c] == 2) for c in CRITERIA)
        commit += sum(((d, i) in ca) == ((d, i) in cb) for d in DIMENSIONS for i in COMMITMENTS)
        claimed += ta == tb
    n_status, n_commit = len(pairs) * len(CRITERIA), len(pairs) * len(DIMENSIONS) * len(COMMITMENTS)
    found_f1, covered_f1, sections = section_agreement(pairs)
    return (
        f"{len(pairs)} documents annotated twice: criterion status {status / n_status:.1%} of {n_status}, "
        f"covered or not {covered / n_status:.1%}, commitments {commit / n_commit:.1%} of {n_commit}, "
        f"claimed type {claimed}/{len(pairs)}; per section ({sections} annotated sections), the second "
        f"annotator against the first: F1 of finding a criterion {found_f1:.3f}, of finding it covered "
        f"{covered_f1:.3f} (mean over the criteria either found)"
    )


def section_agreement(pairs: list[tuple[dict, dict]]) -> tuple[float, float, int]:
    """Per criterion, the F1 of one annotator's sections against the other's (found, covered);
    the mean over the criteria either annotator found. Sections neither annotated count as absent
    for both, so only the positions either annotated matter."""
    rank = {"mentioned": 1, "covered": 2}
    pairs_of = {c: {1: [0, 0, 0], 2: [0, 0, 0]} for c in CRITERIA}  # [both, first only, second only]
    sections = 0
    for a, b in pairs:
        sa = {s["position"]: s.get("criteria", {}) for s in a["sections"]}
        sb = {s["position"]: s.get("criteria", {}) for s in b["sections"]}
        sections += len(set(sa) | set(sb))
        for position in set(sa) | set(sb):
            for criterion in CRITERIA:
                ra = rank.get(sa.get(position, {}).get(criterion), 0)
                rb = rank.get(sb.get(position, {}).get(criterion), 0)
                for level in (1, 2):
                    if ra >= level or rb >= level:
                        pairs_of[criterion][level][0 if ra >= level and rb >= level else 1 if ra >= level else 2] += 1
    means = []
    for level in (1, 2):
        f1 = [
            2 * c[level][0] / (2 * c[level][0] + c[level][1] + c[level][2]) for c in pairs_of.values() if any(c[level])
        ]
        means.append(sum(f1) / len(f1))
    return means[0], means[1], sections


def read_claims(folder: Path) -> tuple[list[dict], str]:
    """(claims annotated on their own, agreement of their second readings). A record whose
    document another file already annotates is a blind second reading."""
    first: dict[str, dict] = {}
    pairs = []
    for path in sorted(folder.glob("claims-*.jsonl")):
        records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        for record in records:
            if record["id"] in first:
                pairs.append((first[record["id"]]["claimed_type"], record["claimed_type"]))
            else:
                first[record["id"]] = record
    agree = sum(a == b for a, b in pairs)
    return list(first.values()), f"claimed type annotated on its own: {agree}/{len(pairs)} blind second readings agree"


def main(folder: str, out: str) -> None:
    first, second = read_batches(Path(folder))
    claims_only, claims_agreement = read_claims(Path(folder).parent / "claims")
    labelled = Path(out) / "labelled"
    with (labelled / "sections.csv").open(encoding="utf-8") as handle:
        sections: dict[str, list[dict]] = {}
        for row in csv.DictReader(handle):
            sections.setdefault(row["doc_id"], []).append(row)
    criteria_rows, commitment_rows = [], []
    for record in sorted(first, key=lambda r: r["id"]):
        annotated = {s["position"]: s for s in record["sections"]}
        for row in sections[record["id"]]:
            section = annotated.get(int(row["position"]), {})
            statuses = section.get("criteria", {})
            criteria_rows.append(
                {"doc_id": record["id"], "position": row["position"], "heading": row["heading"]}
                | {c: statuses.get(c, "") for c in CRITERIA}
            )
            for dim in DIMENSIONS:
                items = section.get("commitments", {}).get(dim, [])
                if items:
                    commitment_rows.append(
                        {"doc_id": record["id"], "position": row["position"], "dimension": dim}
                        | {i: int(i in items) for i in COMMITMENTS}
                    )
    # a document of a later wave had its claimed type annotated on its own first: that claim
    # stays, and the wave's reading of the title is a blind second reading of it
    claimed_first = {r["id"]: r for r in claims_only}
    for record in first:
        if (record["wave"] == 1) == (record["id"] in claimed_first):
            raise SystemExit(f"{record['id']}: claimed type annotated twice, or never on its own in a later wave")
    claim_rows = [claim_row(r) for r in first if r["wave"] == 1] + [claim_row(r) for r in claims_only]
    again = [(claimed_first[r["id"]], r) for r in first if r["wave"] > 1]
    claim_rows.sort(key=lambda r: r["doc_id"])
    write(labelled / "criteria.csv", criteria_rows)
    write(labelled / "commitments.csv", commitment_rows)
    write(labelled / "claims.csv", claim_rows)
    print(
        f"{len(first)} documents with sub-criteria ({len(criteria_rows)} sections, {len(commitment_rows)} commitment"
        f" rows), {len(claim_rows)} claimed types",
        file=sys.stderr,
    )
    for wave in sorted({r["wave"] for r in first}):
        ids = {r["id"] for r in first if r["wave"] == wave}
        pairs = [r for r in second if r["wave"] == wave and r["id"] in ids]
        if pairs:
            print(f"wave {wave}: " + agreement([r for r in first if r["wave"] == wave], pairs), file=sys.stderr)
    print(claims_agreement, file=sys.stderr)
    if again:
        agree = sum(a.get("claimed_type") == b.get("claimed_type") for a, b in again)
        print(f"later waves, claimed type read again with the sections: {agree}/{len(again)} agree", file=sys.stderr)


def claim_row(record: dict) -> dict:
    """A row of claims.csv from an annotation record."""
    return {
        "doc_id": record["id"],
        "claimed_type": record.get("claimed_type") or "",
        "claimed_from": record.get("claimed_from", ""),
    }


def write(path: Path, rows: list[dict]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


if __name__ == "__main__":
    main(*sys.argv[1:3])
