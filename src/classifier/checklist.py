"""The analyst's checklist (SPEC §2b): sub-criteria, commitments, claimed type, questions.

The coverage model says *whether* a document develops a dimension; the checklist says *what*
it develops and whether it commits to it. It works on sections (the passages under one
heading), the unit the annotations of `data/labelled/criteria.csv` and `commitments.csv` are
made on:

* each criterion gets two logistic regressions on a section's features: present (covered or
  mentioned) and covered; a document's status is its sections' strongest, made consistent with
  the coverage decision (a covered dimension has a covered criterion, an uncovered one none);
* each commitment (owner, budget, schedule, indicators) gets one, on the same features plus
  amounts, dates and percentages found in the text; a found commitment belongs to the covered
  dimensions whose criteria the section treats;
* the claimed type is read from the title by the phrases of `lexicons/claims.txt`;
* questions follow from what the claimed (or found) type needs and the document lacks.

Features are the section's lemma TF-IDF, its lexicon hits per criterion and per commitment cue
(`lexicons/criteria.txt`, `lexicons/commitments.txt`), its length and the coverage model's
passage scores in it and in its whole document. scikit-learn and SciPy are imported only where
used, as in `model`'s callers: reading and scoring a file must not wait for them before the
analysis helper starts.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from typing import NamedTuple

import numpy as np

from .labels import COMMITMENTS, CRITERIA, CRITERION_KEYS, DIMENSIONS, STATUSES
from .lexicon import LexiconMatcher, genre_groups, normalise_terms
from .nlp import AnalysedPassage
from .segment import heading_key

#: Amounts ("12 000 €", "45 k$", "CHF 8'000"), years and dates, percentages and counted targets.
_AMOUNT = re.compile(
    r"\d[\d  .,']*\s?(?:€|\$|k€|k\$|m€|m\$|euros?|dollars?|francs?|chf)(?!\w)|(?:chf|\$|€)\s?\d", re.IGNORECASE
)
_DATE = re.compile(r"\b(?:19|20)\d\d\b|\b\d{1,2}(?:er)? (?:janv|févr|mars|avr|mai|juin|juil|août|sept|oct|nov|déc)")
_TARGET = re.compile(r"\d+(?:[.,]\d+)? ?%|\b\d[\d  ]* (?:abonnés|visiteurs|spectateurs|billets|participants|inscrits)")
_PATTERNS = (_AMOUNT, _DATE, _TARGET)
#: Evidence passages per criterion and per commitment.
MAX_EVIDENCE = 2
#: Questions per document, most important first.
MAX_QUESTIONS = 6


@lru_cache(maxsize=1)
def criterion_matcher() -> LexiconMatcher:
    return LexiconMatcher(_groups("criteria.txt"))


@lru_cache(maxsize=1)
def commitment_matcher() -> LexiconMatcher:
    return LexiconMatcher(_groups("commitments.txt"))


def _groups(name: str) -> dict[str, list[str]]:
    return genre_groups((files("classifier") / "lexicons" / name).read_text(encoding="utf-8"))


@dataclass
class Section:
    """Consecutive passages of a document under one heading."""

    heading: str
    passages: list[int]

    def text(self, doc: Sequence[AnalysedPassage]) -> str:
        return "\n".join(doc[i].passage.text for i in self.passages)

    def content(self, doc: Sequence[AnalysedPassage]) -> str:
        return " ".join(doc[i].content for i in self.passages)


def sections_of(doc: Sequence[AnalysedPassage]) -> list[Section]:
    """A document's sections: runs of passages with the same heading."""
    sections: list[Section] = []
    for i, passage in enumerate(doc):
        if i and heading_key(passage.passage.heading) == heading_key(doc[i - 1].passage.heading):
            sections[-1].passages.append(i)
        else:
            sections.append(Section(passage.passage.heading, [i]))
    return sections


def dimension_scores(passage_scores: np.ndarray, passages: Sequence[int]) -> np.ndarray:
    """Max and mean of the coverage model's passage scores per dimension over some passages
    (6 values; zeros for none)."""
    if not len(passages):
        return np.zeros(2 * passage_scores.shape[1])
    rows = passage_scores[list(passages)]
    return np.concatenate([rows.max(axis=0), rows.mean(axis=0)])


#: Columns of `section_scores`: max and mean per dimension in the section, then in its document.
SCORE_COLUMNS = 4 * len(DIMENSIONS)


def section_scores(passage_scores: np.ndarray, sections: Sequence[Sequence[int]]) -> np.ndarray:
    """What the checklist knows of some sections of one document from the coverage model, one
    row per section (`SCORE_COLUMNS`): `dimension_scores` of its passages, then of the whole
    document. A campaign section reads differently in a marketing plan than in a strategy that
    mentions one campaign."""
    whole = dimension_scores(passage_scores, range(len(passage_scores)))
    own = np.array([dimension_scores(passage_scores, passages) for passages in sections])
    return np.hstack([own.reshape(len(sections), len(whole)), np.tile(whole, (len(sections), 1))])


def cue_counts(text: str) -> np.ndarray:
    """Hits of each criterion's cues, distinct entries hit per criterion, hits of each
    commitment's cues, then counts of amounts, dates and targets (36 values)."""
    criteria = criterion_matcher().count(text)
    commitments = commitment_matcher().count(text)
    row = [criteria[c][0] for c in CRITERION_KEYS] + [criteria[c][1] for c in CRITERION_KEYS]
    row += [commitments[k][0] for k in COMMITMENTS] + [len(p.findall(text)) for p in _PATTERNS]
    return np.array(row, dtype=float)


def document_agreement(statuses: np.ndarray, ranks: np.ndarray, documents: Sequence[str]) -> float:
    """How well predicted section ranks, taken to their documents (a document's status is its
    sections' strongest), agree with the annotated ones: the mean over criteria of the
    three-status macro-F1."""
    from sklearn.metrics import f1_score

    documents = np.asarray(documents)
    names = np.unique(documents)
    truth = np.array([statuses[documents == d].max(axis=0) for d in names])
    shown = np.array([ranks[documents == d].max(axis=0) for d in names])
    return float(np.mean([f1_score(truth[:, j], shown[:, j], average="macro") for j in range(truth.shape[1])]))


class Checklist:
    """Section-level criterion statuses and commitments (see the module's docstring).

    `fit(texts, contents, scores, statuses, commitments, documents, groups)`: per section its raw
    text, its content lemmas, the (n, `SCORE_COLUMNS`) max and mean passage scores of each
    dimension in the section and in its document (`section_scores`), an (n, 14) array of status ranks (0 absent,
    1 mentioned, 2 covered, in `CRITERION_KEYS` order), an (n, 4) 0/1 array of commitments (in
    `COMMITMENTS` order), and, to choose the status threshold, each section's document and the
    document's group (organisation).

    The classifiers weigh classes evenly, so 0.5 over-calls rare criteria; the threshold a status
    needs (`threshold_`) is the one of `thresholds` whose out-of-fold statuses, on folds grouped
    by organisation, agree best with the documents' annotated statuses (`document_agreement`):
    it is what the analyst reads.

    The 32 regressions are kept as one (features, models) weight matrix with their intercepts,
    and the constant probability of those that had nothing to learn (NaN elsewhere): one product
    scores every section, where 32 `predict_proba` calls cost more than the analysis.
    """

    def __init__(
        self,
        C: float = 3.0,
        min_df: int = 2,
        max_features: int = 20_000,
        folds: int = 5,
        thresholds: tuple[float, ...] = (0.5, 0.6, 0.7, 0.8),
    ):
        self.C = C
        self.min_df = min_df
        self.max_features = max_features
        self.folds = folds
        self.thresholds = thresholds

    def _features(self, texts: Sequence[str], contents: Sequence[str], scores: np.ndarray):
        from scipy import sparse

        words = np.log1p([len(t.split()) for t in texts])[:, None]
        cues = np.log1p(np.vstack([cue_counts(t) for t in texts]))
        # a checklist pickled before the document's scores were read knows the section's own only
        dense = np.hstack([cues, words, scores[:, : getattr(self, "score_columns_", SCORE_COLUMNS // 2)]])
        return sparse.hstack([self.vectorizer_.transform(contents), sparse.csr_matrix(dense)]).tocsr()

    def fit(
        self,
        texts,
        contents,
        scores: np.ndarray,
        statuses: np.ndarray,
        commitments: np.ndarray,
        documents: Sequence[str] | None = None,
        groups: Sequence[str] | None = None,
    ) -> Checklist:
        self.threshold_ = 0.5
        if documents is not None and groups is not None and len(set(groups)) >= self.folds:
            present, covered, _ = self.out_of_fold(texts, contents, scores, statuses, commitments, groups)
            self.threshold_ = max(
                self.thresholds,
                key=lambda t: document_agreement(statuses, ranks(present, covered, t), documents),
            )
        return self._fit(texts, contents, scores, statuses, commitments)

    def out_of_fold(
        self, texts, contents, scores, statuses, commitments, groups, learn_from: np.ndarray | None = None
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """`predict_sections` of each section by a checklist of these settings fitted on the other
        folds (grouped by `groups`), learning only from the sections of `learn_from` (default:
        all with text); a section without text gets 0 everywhere."""
        from sklearn.model_selection import GroupKFold

        has_text = np.array([bool(t) for t in texts])
        learn_from = has_text if learn_from is None else learn_from & has_text
        present, covered = np.zeros(statuses.shape), np.zeros(statuses.shape)
        committed = np.zeros(commitments.shape)
        for train, test in GroupKFold(n_splits=self.folds).split(texts, groups=groups):
            train = train[learn_from[train]]
            fold = Checklist(self.C, self.min_df, self.max_features)._fit(
                [texts[i] for i in train],
                [contents[i] for i in train],
                scores[train],
                statuses[train],
                commitments[train],
            )
            p, c, k = fold.predict_sections([texts[i] for i in test], [contents[i] for i in test], scores[test])
            present[test], covered[test], committed[test] = p, c, k
        present[~has_text], covered[~has_text], committed[~has_text] = 0, 0, 0
        return present, covered, committed

    def _fit(self, texts, contents, scores, statuses, commitments) -> Checklist:
        from sklearn.feature_extraction.text import TfidfVectorizer

        self.vectorizer_ = TfidfVectorizer(
            ngram_range=(1, 2), min_df=self.min_df, max_features=self.max_features, sublinear_tf=True
        ).fit(contents)
        self.score_columns_ = scores.shape[1]
        X = self._features(texts, contents, scores)
        targets = np.hstack([statuses >= 1, statuses >= 2, commitments > 0])
        self.weights_ = np.zeros((X.shape[1], targets.shape[1]), dtype=np.float32)
        self.bias_ = np.zeros(targets.shape[1])
        self.constant_ = np.full(targets.shape[1], np.nan)
        for j in range(targets.shape[1]):
            self._fit_one(X, targets[:, j], j)
        return self

    def _fit_one(self, X, y: np.ndarray, j: int) -> None:
        from sklearn.linear_model import LogisticRegression

        if y.min() == y.max():  # nothing to learn: a constant
            self.constant_[j] = float(y[0])
            return
        model = LogisticRegression(C=self.C, max_iter=2000, class_weight="balanced").fit(X, y)
        self.weights_[:, j], self.bias_[j] = model.coef_[0], model.intercept_[0]

    def predict_sections(self, texts, contents, scores: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Per section: P(present) and P(covered) per criterion, P(found) per commitment."""
        n, k = len(CRITERION_KEYS), len(COMMITMENTS)
        if not len(texts):
            return np.zeros((0, n)), np.zeros((0, n)), np.zeros((0, k))
        logits = np.asarray(self._features(texts, contents, scores) @ self.weights_) + self.bias_
        proba = np.where(np.isnan(self.constant_), 1.0 / (1.0 + np.exp(-logits)), self.constant_)
        present, covered, committed = proba[:, :n], proba[:, n : 2 * n], proba[:, 2 * n :]
        return present, np.minimum(covered, present), committed


def ranks(present: np.ndarray, covered: np.ndarray, threshold: float) -> np.ndarray:
    """Status ranks (0 absent, 1 mentioned, 2 covered) from P(found) and P(covered)."""
    return np.where(covered >= threshold, 2, np.where(present >= threshold, 1, 0))


def document_checklist(
    checklist: Checklist, doc: Sequence[AnalysedPassage], passage_scores: np.ndarray, covered: dict[str, bool]
) -> tuple[dict[str, dict], dict[str, dict]]:
    """(criteria, commitments) of one scored document, per dimension, as the record holds them;
    `passage_scores` are the coverage model's, (n_passages, 3).

    `covered` is the coverage decision, which the criteria follow: a covered dimension gets its
    likeliest criterion as covered if no section made one so; an uncovered one has none covered.
    """
    sections = sections_of(doc)
    texts = [s.text(doc) for s in sections]
    scores = section_scores(passage_scores, [s.passages for s in sections])
    present, covered_p, committed = checklist.predict_sections(texts, [s.content(doc) for s in sections], scores)
    t = checklist.threshold_
    rank = ranks(present, covered_p, t)
    # what to show: (criterion or commitment column, the sections' strengths, their threshold)
    shown: dict[tuple[str, str], tuple[int, np.ndarray, float]] = {}
    criteria: dict[str, dict] = {}
    for dim, keys in CRITERIA.items():
        columns = [CRITERION_KEYS.index(k) for k in keys]
        best = rank[:, columns].max(axis=0) if len(sections) else np.zeros(len(columns), dtype=int)
        if covered[dim] and len(sections) and not (best == 2).any():
            strongest = int(np.argmax(covered_p[:, columns].max(axis=0)))
            best[strongest] = 2
        if not covered[dim]:
            best = np.minimum(best, 1)
        criteria[dim] = {}
        for key, column, status in zip(keys, columns, best, strict=True):
            criteria[dim][key] = {"status": STATUSES[status], "evidence": []}
            if status:
                strength = covered_p[:, column] if status == 2 else present[:, column]
                shown[dim, key] = (column + (len(CRITERION_KEYS) if status == 2 else 0), strength, t)
    commitments = {}
    for dim in DIMENSIONS:
        if not covered[dim]:
            continue
        columns = [CRITERION_KEYS.index(k) for k in CRITERIA[dim]]
        # a commitment belongs to the dimension whose criteria its section treats
        relevant = (present[:, columns].max(axis=1) >= t) if len(sections) else np.zeros(0, dtype=bool)
        commitments[dim] = {}
        for j, item in enumerate(COMMITMENTS):
            strength = np.where(relevant, committed[:, j], 0.0) if len(sections) else np.zeros(0)
            found = bool(len(strength) and strength.max() >= 0.5)
            commitments[dim][item] = {"found": found, "evidence": []}
            if found:
                shown[dim, item] = (2 * len(CRITERION_KEYS) + j, strength, 0.5)
    chosen = {key: _best_sections(strength, threshold) for key, (_, strength, threshold) in shown.items()}
    by_passage = _passage_strengths(checklist, doc, passage_scores, sections, chosen.values())
    for (dim, key), (column, strength, _) in shown.items():
        target = criteria[dim][key] if key in criteria[dim] else commitments[dim][key]
        target["evidence"] = [
            _evidence(doc, sections[i], by_passage, column, float(strength[i])) for i in chosen[dim, key]
        ]
    return criteria, commitments


def _best_sections(strength: np.ndarray, threshold: float) -> list[int]:
    """The best sections (at most `MAX_EVIDENCE`, those at `threshold` or more, at least one)."""
    order = [int(i) for i in np.argsort(-strength)[:MAX_EVIDENCE]]
    return [i for i in order if strength[i] >= threshold] or order[:1]


def _passage_strengths(checklist, doc, passage_scores: np.ndarray, sections: list[Section], chosen) -> dict:
    """Passage index → the checklist's probabilities for that passage alone (present, covered,
    committed, side by side), for the passages of the sections chosen as evidence that have a
    choice to make (more than one passage) only."""
    wanted = sorted(
        {k for indices in chosen for i in indices if len(sections[i].passages) > 1 for k in sections[i].passages}
    )
    if not wanted:
        return {}
    texts = [doc[k].passage.text for k in wanted]
    contents = [doc[k].content for k in wanted]
    scores = section_scores(passage_scores, [[k] for k in wanted])
    strengths = np.hstack(checklist.predict_sections(texts, contents, scores))
    return dict(zip(wanted, strengths, strict=True))


def _evidence(doc, section: Section, by_passage: dict, column: int, score: float) -> dict:
    """A section shown by its passage that the criterion's (or commitment's) model scores
    highest on its own — the sentence that says it, not the section's longest paragraph."""
    if len(section.passages) == 1:
        k = section.passages[0]
    else:
        k = max(section.passages, key=lambda k: (round(float(by_passage[k][column]), 3), doc[k].passage.words))
    passage = doc[k].passage
    return {"text": passage.text, "page": passage.page, "heading": passage.heading, "score": round(score, 3)}


# ---------------------------------------------------------------------------------------------
# Claimed type


class _ClaimWords(NamedTuple):
    """`lexicons/claims.txt` as `normalise_terms` gives it."""

    phrases: list[tuple[str, tuple[str, ...]]]  # (type, phrase), longest first
    inside: dict[str, list[tuple[str, ...]]]  # the phrases that type a head segment they sit in
    heads: list[tuple[str, ...]]
    genres: list[tuple[str, ...]]
    #: What leaves the title without a claim when it stands alone: the genres and « Entretien ».
    alone: list[tuple[str, ...]]
    digital_heads: list[tuple[str, ...]]  # a head followed by « numérique »
    words: LexiconMatcher  # the groups of `_TYPED_BY`
    self_words: frozenset[str]


#: The title words that type a planning head, strongest first.
_TYPED_BY = (("technique", "technology_plan"), ("numérique", "digital_strategy"), ("publics", "marketing_plan"))
#: Words between « ce » (« cette », « le présent ») and a claim in the opening: « Ce document
#: constitue le plan marketing… », « Cette note tient lieu de plan informatique… ».
_SELF = (
    "document note dossier texte présentation constitue est expose présente tient lieu décrit définit "
    "formalise rassemble fixe détaille notre nos nouveau nouvelle nouvel premier première second seconde"
)


@lru_cache(maxsize=1)
def _claim_words() -> _ClaimWords:
    groups = _groups("claims.txt")
    phrases = [
        (doc_type, tuple(normalise_terms(entry)))
        for doc_type in ("digital_strategy", "marketing_plan", "technology_plan")
        for entry in groups[doc_type]
    ]
    phrases.sort(key=lambda item: -len(item[1]))  # longest first
    # Inside a head segment a one-word phrase says too little (« Projet de remplacement de la
    # toiture »): only phrases of several words type it (« Plan de virage numérique »).
    inside = {
        doc_type: [p for kind, p in phrases if kind == doc_type and len(p) > 1]
        for doc_type in ("digital_strategy", "technology_plan", "marketing_plan")
    }
    heads = [tuple(normalise_terms(e)) for e in groups["tête"]]
    genres = [tuple(normalise_terms(e)) for e in groups["genre sans revendication"]]
    return _ClaimWords(
        phrases=phrases,
        inside=inside,
        heads=heads,
        genres=genres,
        alone=genres + [tuple(normalise_terms(e)) for e in groups["genre seul"]],
        digital_heads=[(*head, "numériqu") for head in heads],
        words=LexiconMatcher({group: groups[group] for group, _ in _TYPED_BY}),
        self_words=frozenset(normalise_terms(_SELF)),
    )


def _without_leading(terms: list[str]) -> list[str]:
    while terms and terms[0] in _LEADING:
        terms = terms[1:]
    return terms


def _starts_with(terms: list[str], phrases: list[tuple[str, ...]]) -> bool:
    return any(tuple(terms[: len(p)]) == p for p in phrases)


def _claim_of(terms: list[str], phrases: list[tuple[str, tuple[str, ...]]]) -> str | None:
    """The type of the (longest) claim phrase that `terms` begin with, if any."""
    return next((doc_type for doc_type, phrase in phrases if _starts_with(terms, [phrase])), None)


#: A title segment that begins with an article names a topic, not the document: « Une campagne
#: qui… » for any claim, « La stratégie de la médiathèque » for one read from a head word.
_INDEFINITE = re.compile(r"(?i)[#*_\s]*(un|une|des)\b")
_ARTICLE = re.compile(r"(?i)[#*_\s]*(la|le|les|l'|l’|un|une|des)\b")
_SEGMENTS = re.compile(r"\s[—–-]\s|\s?:\s|\s?\|\s")  # within one line of the title
#: Words that may precede the claim (« Notre stratégie numérique », « Le présent plan… »), as
#: `normalise_terms` gives them.
_LEADING = {"notr", "nos", "ce", "cet", "présent", "nouveau", "nouvel"}
#: « Votre plan de communication, clé en main » sells or teaches a plan; a quoted segment is
#: someone's words (« Notre virage numérique s'est fait en dix-huit mois » over an interview).
_NOT_ITS_OWN = re.compile(r"(?i)[#*_\s]*(votre|vos\b|[«“\"‘‹„])")
#: A title line that opens with a quotation: the quotation, up to its closing mark (not « ’ »,
#: which is also the apostrophe).
_QUOTED_START = re.compile(r"^[#*_\s]*[«“\"‹„][^»”\"›]*[»”\"›]?")
#: A quotation in the opening: someone's words (« “Avec ce plan numérique…”, raconte-t-elle »).
_QUOTED = re.compile(r"[«“„‹][^»”›]*[»”›]")
#: A job posting's « (H/F) », « F/H/X »…: it names a post, not a plan.
_JOB = re.compile(r"(?i)(?<![\w/])(?:h\s?[/–-]\s?f|f\s?[/–-]\s?h)(?:\s?[/–-]\s?(?:x|n|nb|a))?(?![\w/])")
#: Where the opening may name the document itself: « ce… », « cette… », « le présent… ».
_THIS = re.compile(r"(?i)\b(?:ce|cet|cette|l[ae] présente?|du présent|de la présente)\b")
#: Where what follows « ce document expose le projet de… » stops being about the document.
_CLAUSE = re.compile(r"[,;:«»()]")


def claimed_type(title: str, opening: str = "") -> tuple[str | None, str]:
    """The type a document claims (a §2 key, or None) and the words that claim it: a segment of
    its title that begins with a phrase of `lexicons/claims.txt` (or with a planning head word,
    typed by the title's technical, digital or audience words), else « ce plan de communication »,
    « ce document constitue le plan… » or the like in its opening. The title's lines are read in
    order and the first claim wins. A line with a segment that begins with a genre claiming
    nothing for itself (« Webinaire », « Formation », « Fiche pratique »…) is skipped; a segment
    that is only such a genre (« Entretien », « Atelier 3 ») before any claim, or a job
    posting's « (H/F) », leaves the document without one. A segment that sells to the reader
    (« Votre plan… ») and a quotation that opens a line (an interview's « Notre virage
    numérique… ») claim nothing.

    >>> claimed_type("Théâtre du Lac — Stratégie numérique 2024-2027")
    ('digital_strategy', 'Stratégie numérique 2024-2027')
    >>> claimed_type("Saison 2025 : brief de campagne numérique")
    ('marketing_plan', 'brief de campagne numérique')
    >>> claimed_type("Réseau, Wi-Fi et réseau scénique : plan de mise à niveau 2025")
    ('technology_plan', 'plan de mise à niveau 2025')
    >>> claimed_type("Formation — Élaborer le plan de communication d'une structure culturelle")
    (None, '')
    >>> claimed_type("Webinaire — Votre stratégie numérique en 90 minutes")
    (None, '')
    >>> claimed_type("Atelier Clair-Obscur\\nPlan stratégique numérique 2024-2027")
    ('digital_strategy', 'Plan stratégique numérique 2024-2027')
    >>> claimed_type("# **Stratégie numérique 2025-2028**")  # the words shown, without Markdown marks
    ('digital_strategy', 'Stratégie numérique 2025-2028')
    """
    claims = _claim_words()
    if _JOB.search(title):
        return None, ""  # « Technicien informatique et réseaux — équipements culturels (H/F) »
    for line in title.splitlines():
        line = _QUOTED_START.sub(" ", line)
        parts = [part.strip() for part in _SEGMENTS.split(line)]
        starts = [(terms, _without_leading(terms)) for terms in map(normalise_terms, parts)]
        # « Webinaire — Votre plan de communication », « Fiche pratique no 4 – Un plan… »
        genre = any(_starts_with(t, claims.genres) for pair in starts for t in pair)
        for segment, pair in zip(parts, starts, strict=True):
            if any(_is_genre_alone(t, claims.alone) for t in pair):
                return None, ""  # « Entretien », « Appel à projets 2026 », « Atelier 3 » before any claim
            claim = None if genre else _segment_claim(segment, line, claims)
            if claim:
                return claim, _plain(segment)
    return _opening_claim(opening, claims)


def _segment_claim(segment: str, line: str, claims: _ClaimWords) -> str | None:
    if _INDEFINITE.match(segment) or _NOT_ITS_OWN.match(segment):
        return None
    terms = _without_leading(normalise_terms(segment))
    claim = _claim_of(terms, claims.phrases)
    if not claim and _starts_with(terms, claims.heads) and not _ARTICLE.match(segment):
        claim = _head_claim(terms, (segment, line), claims)
    return claim


def _opening_claim(opening: str, claims: _ClaimWords) -> tuple[str | None, str]:
    """« Ce plan de communication… », « Le présent document constitue notre plan marketing… »,
    « La présente note expose le projet de … réseau… » in the first 60 words, outside quotations."""
    opening = " ".join(opening.split()[:60])
    for sentence in re.split(r"(?<=[.!?])\s", _QUOTED.sub(" ; ", opening)):
        for this in _THIS.finditer(sentence):
            rest = sentence[this.end() :]
            following = normalise_terms(rest)[:12]
            named = next((j for j, term in enumerate(following) if term not in claims.self_words), len(following))
            for k in range(min(named, 4) + 1):
                claim = _claim_of(following[k:], claims.phrases)
                if not claim and k and _starts_with(following[k:], claims.heads):  # not « ce chantier »
                    clause = " ".join(_CLAUSE.split(rest)[0].split()[:14])
                    claim = _head_claim(following[k:], (clause,), claims)
                if claim:
                    return claim, opening[:120]
    return None, ""


def _is_genre_alone(terms: list[str], genres: list[tuple[str, ...]]) -> bool:
    """A title segment that is a genre and nothing else but a number (« Atelier 3 », « n° 4 »)."""
    return any(
        tuple(terms[: len(genre)]) == genre
        and all(t.isdigit() or t in {"n", "no", "numéro"} for t in terms[len(genre) :])
        for genre in genres
    )


def _plain(segment: str) -> str:
    """A title segment as the analyst reads it: without Markdown's heading and emphasis marks."""
    return segment.strip().lstrip("#").strip().strip("*_").strip()


def _head_claim(terms: list[str], texts: tuple[str, ...], claims: _ClaimWords) -> str | None:
    """The type a segment that begins with a planning head word (« Plan », « Projet »,
    « Remise à niveau »…) claims: the type of a claim phrase inside it (« Plan de virage
    numérique », « Programme de sauvegarde numérique des films »), a digital strategy if the
    head is followed by « numérique » (« Projet numérique du réseau »); else typed by the
    technical, digital or audience words of `texts` in turn (the segment, then its title line:
    « Réseau, Wi-Fi… : plan de mise à niveau »)."""
    for doc_type, inside in claims.inside.items():
        if any(_starts_with(terms[k:], inside) for k in range(1, len(terms))):
            return doc_type
    if _starts_with(terms, claims.digital_heads):
        return "digital_strategy"
    for text in texts:
        hits = claims.words.count(text)
        for group, doc_type in _TYPED_BY:
            if hits[group][0] > 0:
                return doc_type
    return None


def title_and_opening(text: str, lines: int = 4) -> tuple[str, str]:
    r"""A document's title block — its first short lines, up to `lines`, before the first
    paragraph: the title and what sits around it (an organisation's name, a memo's « De : »
    line) — and its first 60 words, where « ce plan de communication » would say what it is.

    >>> title_and_opening("Ville de Lorne\nPLAN DE COMMUNICATION 2026\n\n" + "Ce plan présente nos actions. " * 12)[0]
    'Ville de Lorne\nPLAN DE COMMUNICATION 2026'
    """
    head = []
    for line in (line.strip() for line in text.splitlines()):
        if not line:
            continue
        if len(line) > 160 or len(head) == lines:
            break
        head.append(line)
    return "\n".join(head), " ".join(text.split()[:60])


# ---------------------------------------------------------------------------------------------
# Questions

#: What each criterion is about, as a French noun phrase that fits in a question, and the object
#: pronoun that takes its place (« sans le développer », « sans les développer »).
TOPICS: dict[str, tuple[str, str]] = {
    "audiences": ("les publics visés et leurs segments", "les"),
    "objectives_kpis": ("les objectifs chiffrés de fréquentation ou de ventes et leurs indicateurs", "les"),
    "positioning_brand": ("le positionnement et les messages de la marque", "les"),
    "channels_campaigns": ("les canaux et les campagnes de communication", "les"),
    "infrastructure": ("les équipements et l'infrastructure (réseau, matériel, hébergement)", "les"),
    "software_platforms": ("les logiciels et les plateformes", "les"),
    "digitisation_data": ("la numérisation des collections et la gestion des données", "les"),
    "security_accessibility": ("la sécurité informatique et l'accessibilité numérique", "les"),
    "governance": ("la gouvernance du numérique (instances, règles de décision)", "la"),
    "roles_skills": ("les nouveaux rôles et la formation des équipes", "les"),
    "business_model": ("le modèle économique des offres numériques (revenus, droits, partage de la valeur)", "le"),
    "processes": ("l'évolution des processus et de la chaîne de création, production et diffusion", "la"),
    "partnerships_pooling": ("les partenariats structurants et la mutualisation des ressources", "les"),
    "data_asset": ("la politique de données (les données des publics comme actif partagé)", "la"),
}
#: A covered dimension as a whole, for the commitments it lacks when it covers several criteria.
DIMENSION_TOPICS: dict[str, str] = {
    "marketing": "les actions de marketing et de communication",
    "technology": "les chantiers technologiques",
    "reorganisation": "la transformation de l'organisation",
}
#: The criteria each dimension cannot do without, most important first: an absent dimension is
#: questioned on these.
CORE: dict[str, tuple[str, ...]] = {
    "marketing": ("audiences", "channels_campaigns", "objectives_kpis"),
    "technology": ("software_platforms", "infrastructure", "digitisation_data"),
    "reorganisation": ("governance", "roles_skills", "business_model", "processes"),
}
#: The dimensions each type cannot do without (SPEC §2): a digital strategy is its reorganisation;
#: technology and marketing usually come with it (`USUALLY`), so one of them is asked for only
#: when it has neither.
NEEDS: dict[str, tuple[str, ...]] = {
    "digital_strategy": ("reorganisation",),
    "marketing_plan": ("marketing",),
    "technology_plan": ("technology",),
    "out_of_scope": (),
}
USUALLY: dict[str, tuple[str, ...]] = {"digital_strategy": ("technology", "marketing")}
_COMMITMENT_WORDS = {"owner": "quel responsable", "budget": "quel budget", "schedule": "quel calendrier",
                     "indicators": "quels indicateurs"}  # fmt: skip


def questions(doc_type: str, claimed: str | None, criteria: dict, commitments: dict) -> list[str]:
    """French questions to put to the organisation, most important first (at most
    `MAX_QUESTIONS`), nothing asked about what is there:

    1. for each dimension the claimed (else found) type needs (`NEEDS`) and the document does
       not cover, two of its core criteria that are absent or only mentioned;
    2. what the covered dimensions do not commit to (owner, budget, schedule, indicators) —
       SPEC §2b: a document that names what it will change but commits nothing is what an
       analyst most needs to see —, the needed dimensions first;
    3. for a digital strategy with neither technology nor marketing, one core criterion of
       technology;
    4. the criteria only mentioned in the needed dimensions it covers.
    """
    kind = claimed or doc_type
    needed = NEEDS[kind]
    has = {dim: any(v["status"] == "covered" for v in criteria[dim].values()) for dim in criteria}
    asked: list[str] = []
    for dim in needed:
        if not has[dim]:
            asked += [_criterion_question(k, criteria[dim][k]["status"]) for k in _uncovered_core(criteria, dim)[:2]]
    for dim in sorted(commitments, key=lambda d: (d not in needed, list(DIMENSIONS).index(d))):
        lacking = [k for k, v in commitments[dim].items() if not v["found"]]
        if lacking:
            asked.append(_commitment_question(dim, lacking, criteria[dim]))
    usual = USUALLY.get(kind, ())
    if usual and not any(has[dim] for dim in usual):
        asked += [
            _criterion_question(k, criteria[usual[0]][k]["status"]) for k in _uncovered_core(criteria, usual[0])[:1]
        ]
    for dim in needed:
        if has[dim]:
            asked += [
                _criterion_question(k, "mentioned") for k, v in criteria[dim].items() if v["status"] == "mentioned"
            ]
    return asked[:MAX_QUESTIONS]


def _uncovered_core(criteria: dict, dim: str) -> list[str]:
    return [k for k in CORE[dim] if criteria[dim][k]["status"] != "covered"]


def _criterion_question(key: str, status: str) -> str:
    topic, pronoun = TOPICS[key]
    if status == "mentioned":
        return f"Le document évoque {topic} sans {pronoun} développer : qu'est-il prévu concrètement ?"
    return f"Comment l'organisation prévoit-elle de traiter {topic} ?"


def _commitment_question(dim: str, lacking: list[str], criteria: dict) -> str:
    """« Quel budget et quel calendrier sont prévus pour la formation des équipes ? »: about the
    dimension's one covered criterion, or the dimension as a whole when it covers several."""
    covered = [k for k, v in criteria.items() if v["status"] == "covered"]
    topic = TOPICS[covered[0]][0] if len(covered) == 1 else DIMENSION_TOPICS[dim]
    verb = "sont prévus" if len(lacking) > 1 or lacking == ["indicators"] else "est prévu"
    return f"{_commitment_phrase(lacking).capitalize()} {verb} pour {topic} ?"


def _commitment_phrase(lacking: list[str]) -> str:
    """« quel budget et quel calendrier »."""
    words = [_COMMITMENT_WORDS[k] for k in lacking]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " et " + words[-1]
