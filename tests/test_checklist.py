"""The analyst's checklist (SPEC §2b): tables, sections, cues, claimed type, questions, and what the
real model gives on real documents."""

from __future__ import annotations

import json
import shutil

import numpy as np
import pandas as pd
import pytest

from classifier.checklist import (
    MAX_QUESTIONS,
    Checklist,
    claimed_type,
    cue_counts,
    questions,
    section_scores,
    sections_of,
    title_and_opening,
)
from classifier.corpus import load_corpus, validate_corpus
from classifier.labels import COMMITMENTS, CRITERIA, CRITERION_KEYS, DIMENSIONS
from classifier.nlp import AnalysedPassage
from classifier.segment import Passage
from classifier.training import _document_commitments

from .conftest import ROOT

EXAMPLES = ROOT / "examples"


def _doc(*items: tuple[str, str]) -> list[AnalysedPassage]:
    return [AnalysedPassage(Passage(text, 1, heading), text.lower()) for heading, text in items]


def test_sections_are_runs_of_passages_under_one_heading():
    doc = _doc(("Titre", "a"), ("Axe 1", "b"), ("Axe 1", "c"), ("Axe 2", "d"), ("Axe 1", "e"))
    assert [(s.heading, s.passages) for s in sections_of(doc)] == [
        ("Titre", [0]),
        ("Axe 1", [1, 2]),
        ("Axe 2", [3]),
        ("Axe 1", [4]),
    ]


def test_a_section_is_scored_in_itself_and_in_its_document():
    passage_scores = np.array([[0.9, 0.1, 0.0], [0.5, 0.3, 0.2], [0.1, 0.8, 0.6]])
    (row,) = section_scores(passage_scores, [[0, 1]])
    own_max, own_mean, doc_max, doc_mean = np.split(row, 4)
    assert own_max.tolist() == [0.9, 0.3, 0.2]
    assert np.allclose(own_mean, [0.7, 0.2, 0.1])
    assert doc_max.tolist() == [0.9, 0.8, 0.6]
    assert np.allclose(doc_mean, [0.5, 0.4, 0.8 / 3])


def test_a_checklist_learnt_from_the_sections_scores_alone_still_reads_todays():
    # checklists pickled before the document's scores were added learnt from 6 columns
    texts = ["campagne sur les réseaux sociaux", "nouveau logiciel de billetterie", "atelier", "affiche et presse"] * 3
    statuses = np.zeros((len(texts), len(CRITERION_KEYS)), dtype=int)
    statuses[::4, 0] = 2
    older = Checklist(min_df=1)._fit(texts, texts, np.ones((len(texts), 6)), statuses, np.zeros((len(texts), 4)))
    del older.score_columns_
    today = np.hstack([np.ones((len(texts), 6)), np.zeros((len(texts), 6))])
    present, covered, committed = older.predict_sections(texts, texts, today)
    assert present.shape == covered.shape == (len(texts), len(CRITERION_KEYS))
    assert committed.shape == (len(texts), len(COMMITMENTS))
    assert present[0, 0] > present[1, 0]


def test_cues_count_amounts_dates_and_targets():
    counts = cue_counts("Budget : 12 500 € en 2026, puis 40 % de billets en ligne d'ici juin 2027.")
    n = len(CRITERION_KEYS)
    amounts, dates, targets = counts[2 * n + len(COMMITMENTS) :]
    assert (amounts, dates, targets) == (1, 2, 1)
    budget = counts[2 * n + list(COMMITMENTS).index("budget")]
    assert budget >= 1


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Musée des Salines — Stratégie numérique 2027-2029", "digital_strategy"),
        ("Note au conseil — Le virage numérique de notre communication", "digital_strategy"),
        ("PLAN DE COMMUNICATION — SAISON 2026", "marketing_plan"),
        ("Plan de numérisation des fonds photographiques 2026-2030", "technology_plan"),
        ("Connaître nos spectateurs : projet de base de données partagée", "technology_plan"),
        ("Offre d'emploi — Chargé·e de marketing numérique", None),
        ("Le musée lance sa stratégie numérique : ce qu'il faut en retenir", None),
        ("Plan de développement des compétences 2026", None),
        # A head followed by « numérique », or a digital-strategy phrase inside the segment,
        # outweighs a technical word elsewhere in the line (« réseau »).
        ("Réseau des bibliothèques du Val — Projet numérique du réseau 2026-2029", "digital_strategy"),
        ("Plan de virage numérique 2026-2028 du réseau des médiathèques", "digital_strategy"),
        ("Salle Le Quai : remise à niveau technique 2027", "technology_plan"),
        ("Diagnostic et orientations numériques — Compagnie du Fil", "digital_strategy"),
        ("Volet numérique — Repenser la diffusion des œuvres", "digital_strategy"),
        # A segment that opens with an article names a topic, not the document.
        ("« Lire en fête » : une campagne qui remet le livre dans la rue", None),
        ("Vingt ans de numérique : la stratégie de la bibliothèque cantonale", None),
        # A head typed by audience words; a claim phrase of several words inside a head
        # segment, but not a one-word one (« remplacement »), nor the audiences everyone has.
        ("Plan d'actions 2027 — fidélisation des abonnés", "marketing_plan"),
        ("Programme de sauvegarde numérique des films amateurs", "technology_plan"),
        ("Projet de remplacement de la toiture du théâtre", None),
        ("Projet scientifique et culturel 2026-2030 — pour tous les publics", None),
        ("Équipements culturels : horaires d'été 2026", None),
        ("Roadmap digitale 2026 — Musée du Lin", "digital_strategy"),
        ("Ensemble Aurore — Démarche numérique partagée 2026-2029", "digital_strategy"),
        ("Volet 3 : le numérique au service du projet", "digital_strategy"),
        # Titles that claim nothing for the text itself: a sales pitch, a quotation, a job
        # posting, a genre standing alone above the title.
        ("Votre plan de communication culturelle, clé en main — Agence Pivot", None),
        ("« Notre transformation numérique a pris trois ans » — la directrice raconte", None),
        ("« Nos publics d’abord : plan de fidélisation 2026 » — témoignage", None),  # ’ is no closing mark
        ("Technicien·ne informatique — plan de mise à niveau du réseau", "technology_plan"),
        ("Technicien·ne informatique — plan de mise à niveau du réseau (H/F)", None),
        ("Technicien·ne informatique — plan de mise à niveau du réseau F/H/X", None),
        ("Technicien·ne informatique — plan de mise à niveau du réseau (H-F)", None),
        ("Plan de communication 2026 — Entretien", "marketing_plan"),  # the genre comes after the claim
        ("Conférence n° 4\nStratégie numérique des petites salles : premiers enseignements", None),
        # The first claim wins: a table of contents under the title does not undo it.
        ("Stratégie numérique 2025-2028\nSommaire\nGouvernance\nFormation", "digital_strategy"),
        ("Entretien du parc informatique — plan 2026-2028", "technology_plan"),
    ],
)
def test_claimed_type_is_read_from_the_head_of_a_title_segment(title, expected):
    assert claimed_type(title)[0] == expected


def test_claimed_type_from_the_opening_when_the_title_says_nothing():
    claim, words = claimed_type("Saison 2027", "Ce plan de communication présente nos priorités pour l'année.")
    assert claim == "marketing_plan" and "plan de communication" in words


@pytest.mark.parametrize(
    ("opening", "expected"),
    [
        ("Le présent document constitue notre plan marketing pour la saison 2027.", "marketing_plan"),
        ("Cette note tient lieu de plan informatique pour les deux sites.", "technology_plan"),
        ("La présente note expose le projet de renouvellement du réseau informatique des sites.", "technology_plan"),
        ("Ce document définit notre nouvelle stratégie numérique.", "digital_strategy"),
        ("Ce document présente les résultats de la saison et remercie nos mécènes.", None),
        ("Ce dossier présente le projet de création « Marées » et sa fiche technique.", None),
        # « ce chantier » is the building work, not the document: a head needs a word before it.
        ("Fermé pour travaux, le musée profite de ce chantier pour refaire son réseau Wi-Fi.", None),
    ],
)
def test_the_opening_claims_through_a_document_that_names_itself(opening, expected):
    assert claimed_type("Compagnie des Ondes\nDocument de travail", opening)[0] == expected


def test_a_short_first_paragraph_read_with_the_title_still_claims():
    """`title_and_opening` keeps short lines in the title block; the opening keeps them too."""
    text = (
        "Théâtre du Lac\n\nLe présent document constitue notre plan marketing pour 2027.\n\nLa saison 2027 sera riche."
    )
    assert claimed_type(*title_and_opening(text))[0] == "marketing_plan"
    quoted = "« Avec ce plan numérique, on a tout changé » — la directrice raconte\n\nElle dirige le musée depuis 2019."
    assert claimed_type(*title_and_opening(quoted))[0] is None  # someone's words, in the title or the opening


def test_the_claim_rules_hold_on_openings_they_were_not_written_from():
    """`data/claims/openings.jsonl` part 3 was held out of every rewrite of the rules (0.928 of
    its claims found and 3 false claims with the shipped rules, 0.750 and 13 before): a change to
    the rules that loses much of it is a regression, whatever it gains elsewhere."""
    items = [json.loads(line) for line in (ROOT / "data" / "claims" / "openings.jsonl").open(encoding="utf-8")]
    assert len(items) == 480 and len({item["id"] for item in items}) == 480
    assert {item["claimed_type"] for item in items} == {None, "digital_strategy", "marketing_plan", "technology_plan"}
    held_out = [item for item in items if item["part"] == 3]
    found = [claimed_type(*title_and_opening(item["text"]))[0] for item in held_out]
    claiming = [f == item["claimed_type"] for f, item in zip(found, held_out, strict=True) if item["claimed_type"]]
    false_claims = sum(f is not None and item["claimed_type"] is None for f, item in zip(found, held_out, strict=True))
    assert sum(claiming) / len(claiming) >= 0.9 and false_claims <= 5


def test_the_title_is_found_among_the_first_short_lines():
    """An organisation's name or a memo's header may come before the title (found on training
    documents whose claim was missed when only the first heading was read)."""
    memo = (
        "ASBL Ciné Vesdre\nDe : la coordination\nNote au conseil — Le virage numérique de notre communication\n\n"
        + ("Depuis vingt ans nous communiquons surtout par le programme papier. " * 5)
    )
    title, opening = title_and_opening(memo)
    assert title.splitlines()[-1].startswith("Note au conseil") and opening.startswith("ASBL Ciné Vesdre")
    assert claimed_type(title, opening)[0] == "digital_strategy"
    assert claimed_type("Notre stratégie digitale 2026 : cinq priorités")[0] == "digital_strategy"


def _criteria(**statuses: str) -> dict:
    return {
        dim: {key: {"status": statuses.get(key, "absent"), "evidence": []} for key in keys}
        for dim, keys in CRITERIA.items()
    }


def test_questions_follow_what_the_claimed_type_needs_and_nothing_that_is_there():
    # a marketing plan that claims to be a digital strategy: reorganisation and technology are questioned
    criteria = _criteria(audiences="covered", channels_campaigns="covered", roles_skills="mentioned")
    commitments = {"marketing": {k: {"found": k != "budget", "evidence": []} for k in COMMITMENTS}}
    asked = questions("marketing_plan", "digital_strategy", criteria, commitments)
    assert 0 < len(asked) <= MAX_QUESTIONS
    assert "gouvernance" in asked[0]  # the most important absent criterion first
    assert any("sans les développer" in q and "formation" in q for q in asked)
    assert not any("publics visés" in q and "Comment" in q for q in asked)  # covered: not asked
    # what the organisation would be asked for its covered marketing (two criteria: the dimension)
    plain = questions("marketing_plan", None, criteria, commitments)
    assert plain == ["Quel budget est prévu pour les actions de marketing et de communication ?"]


def test_a_digital_strategy_is_asked_first_what_its_reorganisation_lacks_then_its_commitments():
    # reorganisation covered by one criterion and committed to by nothing; no technology, no marketing
    criteria = _criteria(roles_skills="covered", business_model="mentioned", governance="mentioned")
    commitments = {"reorganisation": {k: {"found": False, "evidence": []} for k in COMMITMENTS}}
    asked = questions("digital_strategy", None, criteria, commitments)
    assert asked[0] == (
        "Quel responsable, quel budget, quel calendrier et quels indicateurs sont prévus "
        "pour les nouveaux rôles et la formation des équipes ?"
    )
    assert "logiciels" in asked[1], "technology or marketing usually comes with a strategy: one question"
    assert not any("publics" in q for q in asked), "marketing is not what a strategy needs"
    # each mentioned criterion in good French
    assert "évoque la gouvernance du numérique (instances, règles de décision) sans la développer" in asked[2]
    assert any("le modèle économique des offres numériques" in q and "sans le développer" in q for q in asked)


def test_no_question_for_a_complete_committed_document():
    criteria = _criteria(**dict.fromkeys(CRITERION_KEYS, "covered"))
    commitments = {dim: {k: {"found": True, "evidence": []} for k in COMMITMENTS} for dim in DIMENSIONS}
    assert questions("digital_strategy", "digital_strategy", criteria, commitments) == []


# --- the tables ---------------------------------------------------------------------------


def test_the_shipped_checklist_tables_cover_150_documents_across_types_and_every_claim():
    corpus = load_corpus(ROOT / "data")
    annotated = corpus.documents[corpus.documents["id"].isin(corpus.criteria["doc_id"])]
    assert len(annotated) >= 150
    assert annotated["doc_type"].value_counts().min() >= 30
    assert set(corpus.claims["doc_id"]) == set(corpus.documents["id"])  # the claimed type of every document
    assert corpus.claims["claimed_type"].value_counts().drop("").min() >= 40


def test_a_documents_commitments_are_those_of_any_of_its_sections_per_dimension():
    """Commitments are measured per document and covered dimension too, as the record shows them."""
    corpus = load_corpus(ROOT / "data")
    rows = corpus.commitments[corpus.commitments["doc_id"] == "art-018"]
    found = _document_commitments(corpus, ["art-018"])
    assert set(found) == {("art-018", dim) for dim in rows["dimension"]}
    for dim, group in rows.groupby("dimension"):
        assert found[("art-018", dim)] == [int(group[k].astype(int).max()) for k in COMMITMENTS]
    assert found[("art-018", "marketing")] == [1, 0, 1, 1]


@pytest.fixture
def checklist_corpus(tmp_path):
    """Three annotated documents of the shipped corpus, copied with all their tables."""
    labelled = ROOT / "data" / "labelled"
    read = lambda name: pd.read_csv(labelled / name, dtype=str, keep_default_na=False)  # noqa: E731
    criteria, commitments = read("criteria.csv"), read("commitments.csv")
    chosen = commitments["doc_id"].drop_duplicates().head(3).tolist()
    docs = read("documents.csv")
    docs = docs[docs["id"].isin(chosen)]
    (tmp_path / "raw").mkdir()
    (tmp_path / "labelled").mkdir()
    for path in docs["path"]:
        shutil.copy(ROOT / "data" / "raw" / path, tmp_path / "raw" / path)
    docs.to_csv(tmp_path / "labelled" / "documents.csv", index=False)
    for name, table in [("sections.csv", read("sections.csv")), ("criteria.csv", criteria),
                        ("commitments.csv", commitments), ("claims.csv", read("claims.csv"))]:  # fmt: skip
        table[table["doc_id"].isin(chosen)].to_csv(tmp_path / "labelled" / name, index=False)
    return tmp_path


def test_checklist_problems_are_reported_with_their_row(checklist_corpus):
    assert validate_corpus(load_corpus(checklist_corpus)) == []
    labelled = checklist_corpus / "labelled"
    criteria = pd.read_csv(labelled / "criteria.csv", dtype=str, keep_default_na=False)
    sections = pd.read_csv(labelled / "sections.csv", dtype=str, keep_default_na=False)
    criteria.loc[0, "audiences"] = "peut-être"
    technical = sections[sections["technology"] == "1"].iloc[0]
    covering = criteria.index[
        (criteria["doc_id"] == technical["doc_id"]) & (criteria["position"] == technical["position"])
    ][0]
    criteria.loc[covering, list(CRITERIA["technology"])] = ""  # a technology section with no technology criterion
    criteria.to_csv(labelled / "criteria.csv", index=False)
    claims = pd.read_csv(labelled / "claims.csv", dtype=str, keep_default_na=False)
    claims.loc[0, "claimed_type"] = "brochure"
    twice, unknown = claims.iloc[[1]], claims.iloc[[1]].assign(doc_id="inconnu-999")
    claims = pd.concat([claims, twice, unknown], ignore_index=True)
    claims.to_csv(labelled / "claims.csv", index=False)

    problems = [str(p) for p in validate_corpus(load_corpus(checklist_corpus))]
    assert any(p.startswith("criteria.csv, ligne 1 ") and "peut-être" in p for p in problems)
    assert any(p.startswith(f"criteria.csv, ligne {covering + 1} ") and "technology=1" in p for p in problems)
    assert any(p.startswith("claims.csv, ligne 1 ") and "brochure" in p for p in problems)
    n = len(claims)
    assert any(p.startswith(f"claims.csv, ligne {n - 1} ") and "deux fois" in p for p in problems)
    assert any(
        p.startswith(f"claims.csv, ligne {n} ") and "inconnu-999" in p and "documents.csv" in p for p in problems
    )


def test_a_commitment_for_an_uncovered_dimension_is_refused(checklist_corpus):
    labelled = checklist_corpus / "labelled"
    docs = pd.read_csv(labelled / "documents.csv", dtype=str, keep_default_na=False).set_index("id")
    commitments = pd.read_csv(labelled / "commitments.csv", dtype=str, keep_default_na=False)
    uncovered = next(d for d in DIMENSIONS if docs.at[commitments.loc[0, "doc_id"], d] == "0")
    commitments.loc[0, "dimension"] = uncovered
    commitments.to_csv(labelled / "commitments.csv", index=False)
    problems = [str(p) for p in validate_corpus(load_corpus(checklist_corpus))]
    assert any(p.startswith("commitments.csv, ligne 1 ") and "non couverte" in p for p in problems)


# --- the real model on real documents -------------------------------------------------------


def _consistent(record: dict) -> None:
    """A covered dimension has a covered criterion and commitments; an uncovered one neither."""
    for dim, value in record["dimensions"].items():
        statuses = [c["status"] for c in value["criteria"].values()]
        assert ("covered" in statuses) == value["covered"], dim
        assert ("commitments" in value) == value["covered"], dim
        for criterion in value["criteria"].values():
            assert bool(criterion["evidence"]) == (criterion["status"] != "absent")


@pytest.mark.parametrize(
    "name", ["plan-musee.pdf", "strategie-numerique-reseau.pdf", "strategie-numerique-musee.docx", "plan-musee.md"]
)
def test_every_record_holds_a_consistent_checklist(default_model, name):
    from classifier.scoring import score_file, to_schema

    model, card = default_model
    record = score_file(EXAMPLES / name, model, card)
    _consistent(record)
    schema = to_schema(record)
    assert {"claimed_type", "questions"} <= set(schema)
    assert all("criteria" in value for value in schema["dimensions"].values())


def test_a_marketing_plan_titled_digital_strategy_is_shown_as_such(default_model):
    """The issue's case: a marketing plan titled « Stratégie numérique »."""
    from classifier.scoring import score_file

    model, card = default_model
    record = score_file(EXAMPLES / "strategie-numerique-musee.docx", model, card)
    assert record["claimed_type"] == "digital_strategy"
    assert record["doc_type"] == "marketing_plan"
    marketing = record["dimensions"]["marketing"]["criteria"]
    assert sum(c["status"] == "covered" for c in marketing.values()) >= 3
    reorganisation = record["dimensions"]["reorganisation"]["criteria"]
    assert not any(c["status"] == "covered" for c in reorganisation.values())
    # the analyst is asked about the reorganisation the title promises
    assert record["questions"] and "gouvernance" in record["questions"][0]


def test_a_criterion_is_shown_by_the_passage_that_says_it(default_model):
    """Not by its section's longest passage: in a plan that is often a table of targets, which
    then stood as the proof of the audiences, the positioning and the channels alike."""
    from classifier.scoring import score_file

    model, card = default_model
    record = score_file(EXAMPLES / "plan-musee.md", model, card)
    marketing = record["dimensions"]["marketing"]["criteria"]
    assert marketing["audiences"]["evidence"][0]["text"].startswith("Publics visés")
    assert marketing["positioning_brand"]["evidence"][0]["text"].startswith("Positionnement")
    shown = [c["evidence"][0]["text"] for c in marketing.values() if c["evidence"]]
    assert len(shown) == 4 and len(set(shown)) >= 3


def test_a_long_strategy_gives_a_full_checklist_with_commitments(default_model):
    from classifier.scoring import score_file

    model, card = default_model
    record = score_file(EXAMPLES / "strategie-numerique-reseau.pdf", model, card)
    assert record["claimed_type"] == "digital_strategy" and record["doc_type"] == "digital_strategy"
    assert record["pages"] >= 20
    reorganisation = record["dimensions"]["reorganisation"]
    covered = [k for k, c in reorganisation["criteria"].items() if c["status"] == "covered"]
    assert {"governance", "roles_skills"} <= set(covered)
    assert sum(c["found"] for c in reorganisation["commitments"].values()) >= 3
    for evidence in reorganisation["criteria"]["governance"]["evidence"]:
        assert evidence["page"] >= 1 and evidence["heading"]


# --- what the analyst reads ---------------------------------------------------------------


def _record_with_checklist() -> dict:
    from .test_html_report import sample_records

    return sample_records()[1]  # a marketing plan that claims to be a digital strategy


def test_terminal_report_shows_the_checklist_claim_and_questions():
    from rich.console import Console

    from classifier.report import render_terminal

    console = Console(record=True, width=160)
    render_terminal(_record_with_checklist(), console)
    text = console.export_text()
    assert "✔ Publics et segments" in text and "~ Rôles et compétences" in text and "✘ Gouvernance" in text
    assert "Engagements : ✘ responsable · ✔ budget · ✘ calendrier · ✘ indicateurs" in text
    assert "Se présente comme une stratégie numérique ; son contenu est celui d'un plan marketing." in text
    assert "1. Comment l'organisation prévoit-elle de traiter la gouvernance du numérique ?" in text


def test_spreadsheet_columns_per_criterion_and_commitment_survive_a_resume(tmp_path):
    from classifier.report import ROW_COLUMNS, flatten, read_records, write_records

    record = _record_with_checklist()
    row = flatten(record)
    assert row["claimed_type"] == "digital_strategy"
    assert row["criterion_audiences"] == "covered" and row["criterion_roles_skills"] == "mentioned"
    assert row["criterion_governance"] == "absent"
    assert row["commitment_marketing_budget"] is True and row["commitment_marketing_owner"] is False
    assert row["commitment_technology_budget"] is None  # technology is not covered
    assert {f"criterion_{k}" for k in CRITERION_KEYS} <= set(ROW_COLUMNS)
    for suffix in (".csv", ".xlsx"):
        path = tmp_path / f"lot{suffix}"
        write_records([record], path)
        back = read_records(path)[0]
        assert back["claimed_type"] == "digital_strategy" and back["questions"] == record["questions"]
        marketing = back["dimensions"]["marketing"]
        assert marketing["criteria"]["audiences"]["status"] == "covered"
        assert back["dimensions"]["reorganisation"]["criteria"]["roles_skills"]["status"] == "mentioned"
        assert marketing["commitments"]["budget"]["found"] is True
        assert "commitments" not in back["dimensions"]["technology"]


def test_a_model_trained_without_checklist_tables_scores_as_before(default_model):
    """A corpus without criteria.csv trains a model with no checklist: records simply lack it."""
    import copy

    from rich.console import Console

    from classifier.report import flatten, render_terminal
    from classifier.scoring import score_file, to_schema

    model, card = default_model
    plain = copy.copy(model)
    plain.checklist_ = None
    record = score_file(EXAMPLES / "plan-musee.md", plain, card)
    assert record["claimed_type"] is None and record["questions"] == []
    assert all(set(v) == {"covered", "score", "evidence"} for v in to_schema(record)["dimensions"].values())
    assert flatten(record)["criterion_audiences"] is None
    console = Console(record=True, width=120)
    render_terminal(record, console)
    assert "Engagements" not in console.export_text()


def test_the_two_examples_checklists_are_drawn_by_a_browser(default_model, tmp_path):
    """The issue's acceptance: a long strategy and a marketing plan titled « Stratégie numérique »,
    scored by the real model, in the HTML report as a browser draws it."""
    import shutil
    import subprocess
    import sys

    from classifier.report import write_records
    from classifier.scoring import score_file

    from .conftest import require

    model, card = default_model
    records = [
        score_file(EXAMPLES / name, model, card)
        for name in ("strategie-numerique-reseau.pdf", "strategie-numerique-musee.docx")
    ]
    report = tmp_path / "grille.html"
    write_records(records, report)
    page = report.read_text(encoding="utf-8")
    grid = page[page.index('id="grille"') : page.index('id="tableau"')]
    assert grid.count('<tr><th scope="row">') == 2
    assert page.count('data-claim="1"') == 1  # the museum's plan claims more than it is
    assert "Questions à poser à l’organisation" in page
    require(shutil.which("chromium") is not None, "chromium", "install it with « apt-get install -y chromium »")
    png = tmp_path / "grille.png"
    script = ROOT / "scripts" / "screenshot_report.py"
    result = subprocess.run(
        [sys.executable, str(script), str(report), str(png), "--size", "1400,3000"],
        capture_output=True, text=True, timeout=180, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 50 * 1024
