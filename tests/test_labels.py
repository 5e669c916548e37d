from itertools import product

import pytest

from classifier.labels import DIMENSIONS, DOC_TYPES, doc_type_from_coverage, doc_type_probabilities, summarise


@pytest.mark.parametrize("flags", list(product([False, True], repeat=3)))
def test_every_coverage_gives_one_known_type_and_a_sentence(flags):
    covered = dict(zip(DIMENSIONS, flags, strict=True))
    doc_type = doc_type_from_coverage(covered)
    assert doc_type in DOC_TYPES
    sentence = summarise(doc_type, covered)
    assert sentence.startswith(DOC_TYPES[doc_type] + " : ")
    assert sentence.endswith(".")


def test_rule_of_spec_section_2():
    assert doc_type_from_coverage({"marketing": True, "technology": True, "reorganisation": True}) == "digital_strategy"
    assert doc_type_from_coverage({"marketing": True, "technology": True, "reorganisation": False}) == "marketing_plan"
    assert (
        doc_type_from_coverage({"marketing": False, "technology": True, "reorganisation": False}) == "technology_plan"
    )
    assert doc_type_from_coverage({"marketing": False, "technology": False, "reorganisation": False}) == "out_of_scope"


def test_type_probabilities_sum_to_one_and_follow_the_cascade():
    p = doc_type_probabilities({"marketing": 0.7, "technology": 0.4, "reorganisation": 0.2})
    assert sum(p.values()) == pytest.approx(1.0)
    assert p["digital_strategy"] == pytest.approx(0.2)
    assert p["marketing_plan"] == pytest.approx(0.8 * 0.7)


def test_summary_names_what_is_missing():
    sentence = summarise("marketing_plan", {"marketing": True, "technology": False, "reorganisation": False})
    assert "réorganisation des activités" in sentence
    assert "mais d'aucune" in sentence
