#!/usr/bin/env python3
"""Check a file of sub-criterion annotations (data/staging/criteria/*.jsonl) against SPEC §2b
and the corpus's section labels: known criteria and statuses, commitments only for dimensions
the document covers, a claimed type with the words that claim it, and consistency with the
section labels (a section labelled 1 for a dimension covers one of its criteria; one labelled
0 covers none). docs/annotation.md §10 says how to annotate.

    python scripts/check_criteria.py data/staging/criteria/crit-0.jsonl
"""

import csv
import json
import sys
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "data" / "labelled"
CRITERIA = {
    "marketing": ["audiences", "objectives_kpis", "positioning_brand", "channels_campaigns"],
    "technology": ["infrastructure", "software_platforms", "digitisation_data", "security_accessibility"],
    "reorganisation": [
        "governance",
        "roles_skills",
        "business_model",
        "processes",
        "partnerships_pooling",
        "data_asset",
    ],
}
DIMENSION_OF = {criterion: dim for dim, criteria in CRITERIA.items() for criterion in criteria}
COMMITMENTS = {"owner", "budget", "schedule", "indicators"}
TYPES = {"digital_strategy", "marketing_plan", "technology_plan", "out_of_scope", None}


def read_rows(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def problems(record: dict, documents: dict, sections: dict) -> list[str]:
    """What is wrong with one document's record."""
    doc_id = record.get("id")
    if doc_id not in documents:
        return [f"unknown id {doc_id}"]
    out = []
    if record.get("claimed_type") not in TYPES:
        out.append(f"{doc_id}: claimed_type {record.get('claimed_type')!r}")
    if bool(record.get("claimed_type")) != bool(record.get("claimed_from", "").strip()):
        out.append(f"{doc_id}: claimed_from must quote the claim exactly when claimed_type is set")
    own = sections.get(doc_id, {})
    annotated: dict[int, dict] = {}
    for section in record.get("sections", []):
        position = section.get("position")
        if position not in own:
            out.append(f"{doc_id}: no section at position {position}")
            continue
        if position in annotated:
            out.append(f"{doc_id}: position {position} twice")
        annotated[position] = section
        for criterion, status in section.get("criteria", {}).items():
            if criterion not in DIMENSION_OF:
                out.append(f"{doc_id} §{position}: unknown criterion {criterion}")
            elif status not in ("covered", "mentioned"):
                out.append(f"{doc_id} §{position}: status {status!r} (covered or mentioned; leave absent ones out)")
        for dim, items in section.get("commitments", {}).items():
            if dim not in CRITERIA:
                out.append(f"{doc_id} §{position}: commitments for unknown dimension {dim}")
            elif documents[doc_id][dim] != "1":
                out.append(f"{doc_id} §{position}: commitments for {dim}, which the document does not cover")
            if not set(items) <= COMMITMENTS or len(set(items)) != len(items):
                out.append(f"{doc_id} §{position}: commitments {items}")
    for position, row in own.items():
        criteria = annotated.get(position, {}).get("criteria", {})
        for dim in CRITERIA:
            covered = any(DIMENSION_OF.get(c) == dim and status == "covered" for c, status in criteria.items())
            where = f"{doc_id} §{position} ({row['heading'][:40]})"
            if row[dim] == "1" and not covered:
                out.append(f"{where}: labelled {dim}=1 but no {dim} criterion covered")
            if row[dim] == "0" and covered:
                out.append(f"{where}: labelled {dim}=0 but a {dim} criterion is covered")
    return out


def main(path: str) -> int:
    documents = {row["id"]: row for row in read_rows(DATA / "documents.csv")}
    sections: dict[str, dict[int, dict]] = {}
    for row in read_rows(DATA / "sections.csv"):
        sections.setdefault(row["doc_id"], {})[int(row["position"])] = row
    seen, bad = set(), 0
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            found = [f"not JSON: {exc}"]
        else:
            found = problems(record, documents, sections)
            if record.get("id") in seen:
                found.append(f"{record.get('id')} twice")
            seen.add(record.get("id"))
        for problem in found:
            print(f"line {number}: {problem}")
        bad += len(found)
    print(f"{len(seen)} documents, {bad} problem(s)")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
