"""The labels of SPEC §2, defined once; everything else derives from them."""

from __future__ import annotations

from collections.abc import Mapping

#: Content dimensions (multi-label), in display order, with their French names.
DIMENSIONS: dict[str, str] = {
    "marketing": "Marketing et communication",
    "technology": "Technologie",
    "reorganisation": "Réorganisation structurelle",
}

#: Document types (exactly one per document), with their French names.
DOC_TYPES: dict[str, str] = {
    "digital_strategy": "Stratégie numérique",
    "marketing_plan": "Plan marketing",
    "technology_plan": "Plan technologique",
    "out_of_scope": "Hors sujet",
}

#: Genre families (SPEC §5), the fixed vocabulary of `documents.csv`'s `genre_family` column,
#: with their French names. Genre must not predict the label: evaluation leaves one family out
#: at a time to see whether the model reads content or register (docs/annotation.md §9).
GENRE_FAMILIES: dict[str, str] = {
    "plan": "Plan ou stratégie",
    "report": "Rapport ou chapitre de rapport",
    "interview": "Entretien",
    "news": "Article de presse ou d'actualité",
    "blog": "Billet de blogue ou tribune",
    "case_study": "Étude de cas",
    "conference_notes": "Notes de rencontre professionnelle",
    "slides": "Texte de diaporama",
    "minutes": "Procès-verbal ou compte rendu",
    "press_release": "Communiqué ou dossier de presse",
    "grant_application": "Section de demande de financement",
    "memo": "Note interne ou note au conseil",
    "job_posting": "Offre d'emploi",
    "course_outline": "Programme de formation",
    "funding_rules": "Règlement ou appel à projets",
    "guide": "Guide ou fiche pratique",
    "web_page": "Page Web institutionnelle",
    "announcement": "Annonce d'événement",
    "other": "Autre",
}

#: Where a document comes from (`documents.csv`'s optional `origin` column): written for the
#: corpus, a faithful re-telling of one real public page, or a real document as an analyst
#: received it. The last two are the texts the product is for; the aggregators weigh them more
#: (`ModelConfig.retold_weight`).
ORIGINS: dict[str, str] = {
    "written": "Écrit pour le corpus",
    "retold": "Page réelle racontée à nouveau",
    "real": "Document réel",
}
#: The origins of the texts the product is for, which the aggregators weigh more.
WEIGHED_ORIGINS = frozenset({"retold", "real"})

#: Sub-criteria of each dimension (SPEC §2b), in display order, with their French names.
CRITERIA: dict[str, dict[str, str]] = {
    "marketing": {
        "audiences": "Publics et segments",
        "objectives_kpis": "Objectifs et indicateurs",
        "positioning_brand": "Positionnement et marque",
        "channels_campaigns": "Canaux et campagnes",
    },
    "technology": {
        "infrastructure": "Équipements et infrastructure",
        "software_platforms": "Logiciels et plateformes",
        "digitisation_data": "Numérisation et données",
        "security_accessibility": "Sécurité et accessibilité",
    },
    "reorganisation": {
        "governance": "Gouvernance",
        "roles_skills": "Rôles et compétences",
        "business_model": "Modèle économique",
        "processes": "Processus et chaîne de valeur",
        "partnerships_pooling": "Partenariats et mutualisation",
        "data_asset": "Données, actif de l'organisation",
    },
}
#: Every criterion key, in display order, and the dimension it belongs to.
CRITERION_KEYS: list[str] = [key for criteria in CRITERIA.values() for key in criteria]
DIMENSION_OF: dict[str, str] = {key: dim for dim, criteria in CRITERIA.items() for key in criteria}
#: Statuses of a criterion, weakest first (a document's status is its sections' strongest).
STATUSES = ("absent", "mentioned", "covered")
#: What a document may commit to for a covered dimension (SPEC §2b), with French names.
COMMITMENTS: dict[str, str] = {
    "owner": "responsable",
    "budget": "budget",
    "schedule": "calendrier",
    "indicators": "indicateurs",
}

#: The French reading of each `review_reasons` code.
REVIEW_LABELS = {
    "near_threshold": "score proche du seuil",
    "gated": "écarté comme genre qui ne planifie rien",
    "short_text": "texte très court",
    "not_french": "texte non français",
    "ocr": "texte issu de la reconnaissance de caractères",
}

#: How a lacking dimension reads in a French sentence ("… mais d'aucune <phrase>").
_LACKING_PHRASE: dict[str, str] = {
    "marketing": "action de marketing ou de communication",
    "technology": "dimension technologique",
    "reorganisation": "réorganisation des activités",
}
_COVERED_PHRASE: dict[str, str] = {
    "marketing": "du marketing",
    "technology": "de la technologie",
    "reorganisation": "de la réorganisation des activités",
}


def doc_type_from_coverage(covered: Mapping[str, bool]) -> str:
    """Apply the rule of SPEC §2: reorganisation makes a strategy, then marketing, then technology.

    >>> doc_type_from_coverage({"marketing": True, "technology": True, "reorganisation": False})
    'marketing_plan'
    >>> doc_type_from_coverage({"marketing": False, "technology": False, "reorganisation": True})
    'digital_strategy'
    """
    if covered["reorganisation"]:
        return "digital_strategy"
    if covered["marketing"]:
        return "marketing_plan"
    if covered["technology"]:
        return "technology_plan"
    return "out_of_scope"


def doc_types(Y) -> list[str]:
    """Document types of 0/1 coverage rows (in `DIMENSIONS` order), by the rule of SPEC §2.

    >>> doc_types([[1, 1, 0], [0, 0, 0]])
    ['marketing_plan', 'out_of_scope']
    """
    return [doc_type_from_coverage(dict(zip(DIMENSIONS, map(bool, row), strict=True))) for row in Y]


def doc_type_probabilities(scores: Mapping[str, float]) -> dict[str, float]:
    """Probability of each type when dimension probabilities are taken as independent.

    The rule of §2 is an ordered cascade, so each type's probability is the chance that
    the cascade stops there.

    >>> p = doc_type_probabilities({"marketing": 0.9, "technology": 0.5, "reorganisation": 0.0})
    >>> round(p["marketing_plan"], 2), round(sum(p.values()), 2)
    (0.9, 1.0)
    """
    r, m, t = scores["reorganisation"], scores["marketing"], scores["technology"]
    return {
        "digital_strategy": r,
        "marketing_plan": (1 - r) * m,
        "technology_plan": (1 - r) * (1 - m) * t,
        "out_of_scope": (1 - r) * (1 - m) * (1 - t),
    }


def summarise(doc_type: str, covered: Mapping[str, bool], planless_genre: bool = False) -> str:
    """One plain French sentence: the type, what the document covers and what it lacks.
    `planless_genre`: the out-of-scope gate applied (the text reads like a job posting, a
    legal page…), which the sentence then says.

    >>> summarise("marketing_plan", {"marketing": True, "technology": True, "reorganisation": False})
    "Plan marketing : le document traite du marketing et de la technologie, mais d'aucune réorganisation des activités."
    >>> summarise("out_of_scope", dict.fromkeys(DIMENSIONS, False), planless_genre=True)[:64]
    'Hors sujet : le texte se lit comme un genre qui ne planifie rien'
    """
    present = [_COVERED_PHRASE[d] for d in DIMENSIONS if covered[d]]
    missing = [_LACKING_PHRASE[d] for d in DIMENSIONS if not covered[d]]
    head = f"{DOC_TYPES[doc_type]} : "
    if not present and planless_genre:
        return head + (
            "le texte se lit comme un genre qui ne planifie rien (offre d'emploi, page légale, annonce…) ; "
            "il ne traite substantiellement d'aucune des trois dimensions."
        )
    if not present:
        return head + "le document ne traite substantiellement d'aucune des trois dimensions."
    body = "le document traite " + join_french(present)
    if not missing:
        return head + body + ", soit les trois dimensions."
    return head + body + ", mais d'aucune " + join_french(missing, " ni d'aucune ") + "."


_CLAIMED = {
    "digital_strategy": "une stratégie numérique",
    "marketing_plan": "un plan marketing",
    "technology_plan": "un plan technologique",
}


def claim_sentence(claimed: str | None, found: str) -> str:
    """What the document claims to be beside what its content shows ("" when it claims nothing).

    >>> claim_sentence("digital_strategy", "marketing_plan")
    "Se présente comme une stratégie numérique ; son contenu est celui d'un plan marketing."
    >>> claim_sentence("marketing_plan", "marketing_plan")
    "Se présente comme un plan marketing ; son contenu est bien celui d'un plan marketing."
    """
    if not claimed:
        return ""
    if found == "out_of_scope":
        content = "son contenu ne développe aucune des trois dimensions"
    else:
        article = _CLAIMED[found].replace("une ", "d'une ", 1).replace("un ", "d'un ", 1)
        content = f"son contenu est {'bien ' if claimed == found else ''}celui {article}"
    return f"Se présente comme {_CLAIMED[claimed]} ; {content}."


def join_french(parts: list[str], last: str = " et ") -> str:
    """A French enumeration.

    >>> join_french(["le marketing", "la technologie", "la réorganisation"])
    'le marketing, la technologie et la réorganisation'
    """
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + last + parts[-1]


def french_number(x: float, digits: int = 2) -> str:
    """Decimal comma, as analysts read numbers in the terminal, the HTML report and spreadsheets.

    >>> french_number(0.9149)
    '0,91'
    """
    return f"{x:.{digits}f}".replace(".", ",")
