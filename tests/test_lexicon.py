"""Lexicons are data: reviewed like code, checked for duplicates and normalisation."""

import unicodedata

import pytest

from classifier.labels import DIMENSIONS
from classifier.lexicon import LexiconMatcher, load_lexicons, normalise_terms


def test_one_lexicon_per_dimension_and_each_is_substantial():
    lexicons = load_lexicons()
    assert set(lexicons) == set(DIMENSIONS)
    assert all(len(entries) >= 60 for entries in lexicons.values())


@pytest.mark.parametrize("dim", list(DIMENSIONS))
def test_entries_are_lower_case_nfc_stripped_and_unique_after_normalisation(dim):
    entries = load_lexicons()[dim]
    keys = [tuple(normalise_terms(e)) for e in entries]
    for entry, key in zip(entries, keys, strict=True):
        assert entry == entry.strip().lower(), entry
        assert unicodedata.is_normalized("NFC", entry), entry
        assert key, f"{entry!r} normalises to nothing"
    duplicates = {k for k in keys if keys.count(k) > 1}
    assert not duplicates, f"{dim}: entries that normalise to the same key: {duplicates}"


def test_genre_cues_are_normalised_unique_and_find_a_job_posting():
    from classifier.lexicon import genre_matcher

    matcher = genre_matcher()
    assert set(matcher._index) == {"offre_emploi", "appel_reglement", "page_legale", "annonce_communique"}
    for group, index in matcher._index.items():
        keys = [key for keys in index.values() for key in keys]
        assert len(keys) == len(set(keys)) >= 10, group
    text = "Offre d'emploi. Profil recherché : trois ans d'expérience. Envoyez CV et lettre de motivation."
    counts = matcher.count(text)
    assert counts["offre_emploi"][1] >= 4
    assert counts["page_legale"] == counts["annonce_communique"] == (0, 0)


def test_a_genre_cue_outside_any_group_is_refused():
    from classifier.lexicon import genre_groups

    with pytest.raises(ValueError, match="before any"):
        genre_groups("cv\n[job]\nsalaire\n")


def test_matching_folds_plural_gender_and_elision():
    matcher = LexiconMatcher({"marketing": ["réseau social", "taux d'ouverture"]})
    hits, distinct = matcher.count("Les Réseaux sociaux et les taux d’ouverture de l'infolettre.")["marketing"]
    assert (hits, distinct) == (2, 2)


def test_default_lexicons_find_each_dimension_in_typical_sentences():
    from classifier.lexicon import default_matcher

    counts = default_matcher().count(
        "Une campagne sur les réseaux sociaux, la migration du logiciel de billetterie vers l'infonuagique "
        "et un nouveau modèle d'affaires avec la mutualisation des ressources."
    )
    assert all(counts[dim][0] >= 1 for dim in DIMENSIONS), counts
