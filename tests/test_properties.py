"""Property tests (Hypothesis): clean-up, normalisation, segmentation and lexicon keys hold on any text."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from classifier.clean import clean_pages, join_hyphenated, normalise_text
from classifier.config import SegmentConfig
from classifier.extract import ExtractionError, extract_text
from classifier.lexicon import LexiconMatcher, normalise_terms, stem
from classifier.segment import segment_pages

EXAMPLES = settings(max_examples=200, deadline=None)

# Text that looks like extracted documents: French letters, ligatures, soft hyphens, odd
# spaces and line breaks, list markers, headings, page numbers; plus fully arbitrary text.
_TRICKY = "aàâçéèêëîïôœùûüÿAÉÈÇŒ ﬁﬂ\u00ad\u00a0\u202f\u200b\ufeff\u2019'-–—•*#.,;:!?…«»()0123456789\n\n\n\r\t\f"
tricky_text = st.text(alphabet=_TRICKY, max_size=400)
any_text = st.one_of(st.text(max_size=400), tricky_text)
pages = st.lists(any_text, min_size=0, max_size=5)


def is_subsequence(needle: list[str], haystack: list[str]) -> bool:
    remaining = iter(haystack)
    return all(word in remaining for word in needle)


# --- clean-up and normalisation --------------------------------------------------------


@EXAMPLES
@given(any_text)
def test_normalise_text_is_idempotent(text):
    once = normalise_text(text)
    assert normalise_text(once) == once


@EXAMPLES
@given(any_text)
def test_normalise_text_leaves_tidy_lines(text):
    result = normalise_text(text)
    assert "\r" not in result and "\u00ad" not in result and "\u200b" not in result
    for line in result.split("\n"):
        assert line == line.strip()
        assert "  " not in line


@EXAMPLES
@given(any_text)
def test_join_hyphenated_never_loses_letters(text):
    joined = join_hyphenated(text)
    assert re.sub(r"[\s-]", "", joined) == re.sub(r"[\s-]", "", text)


@EXAMPLES
@given(pages)
def test_clean_pages_never_raises_and_keeps_the_page_count(texts):
    cleaned = clean_pages(texts)
    assert len(cleaned) == len(texts)
    assert all(isinstance(page, str) for page in cleaned)


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=2_000), st.sampled_from([".txt", ".md", ".html"]))
def test_extract_text_raises_only_extraction_errors(data, suffix):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"document{suffix}"
        path.write_bytes(data)
        try:
            extracted = extract_text(path)
        except ExtractionError as exc:
            assert exc.code in {"empty_document", "corrupt_file"}
            assert str(path) in exc.message
        else:
            assert re.search(r"[^\W\d_]{2,}", extracted.text)


# --- segmentation ----------------------------------------------------------------------

configs = st.builds(
    lambda max_words, min_words: SegmentConfig(max_words=max_words, min_words=min(min_words, max_words)),
    st.integers(3, 40),
    st.integers(1, 20),
)


known_headings = st.lists(st.one_of(any_text, st.sampled_from(["Axe 1", "Publics", "", "…"])), max_size=3)


@EXAMPLES
@given(pages, known_headings, configs)
def test_segment_pages_never_raises_and_respects_its_bounds(texts, headings, config):
    passages = segment_pages(texts, known_headings=headings, config=config)
    for passage in passages:
        assert 1 <= passage.page <= max(1, len(texts))
        assert 1 <= passage.words <= config.max_words
    assert [p.page for p in passages] == sorted(p.page for p in passages)


@EXAMPLES
@given(pages, known_headings, configs)
def test_passages_are_words_of_the_input_in_order(texts, headings, config):
    """Only headings and list markers are dropped: what remains is the input's words, in order."""
    passages = segment_pages(texts, known_headings=headings, config=config)
    passage_words = [word for passage in passages for word in passage.text.split()]
    input_words = [word for text in texts for word in text.split()]
    assert is_subsequence(passage_words, input_words)


words = st.text(alphabet="abcdefghijklmnopqrstuvwxyzéèàçœ", min_size=1, max_size=12)
body_lines = st.lists(words, min_size=1, max_size=30).map(lambda ws: " ".join(ws) + ".")  # lower case, ends a sentence
heading_lines = st.lists(words, min_size=1, max_size=6).map(lambda ws: "# " + " ".join(ws).capitalize())
document_lines = st.lists(st.one_of(body_lines, body_lines, heading_lines, st.just("")), max_size=25)


@EXAMPLES
@given(st.lists(document_lines, min_size=1, max_size=4), configs)
def test_passages_cover_every_body_line_in_order(pages_lines, config):
    """Every word of every non-heading line appears in the passages, once, in reading order."""
    texts = ["\n".join(lines) for lines in pages_lines]
    passages = segment_pages(texts, config=config)
    expected = [w for lines in pages_lines for line in lines if not line.startswith("#") for w in line.split()]
    assert [w for passage in passages for w in passage.text.split()] == expected
    headings = {line.lstrip("# ") for lines in pages_lines for line in lines if line.startswith("#")} | {""}
    assert {passage.heading for passage in passages} <= headings
    for passage in passages:
        assert 1 <= passage.page <= len(texts)
        assert passage.words <= config.max_words


# --- lexicon keys ----------------------------------------------------------------------


@EXAMPLES
@given(any_text)
def test_lexicon_normalisation_never_raises(text):
    terms = normalise_terms(text)
    assert all(term and term == term.lower() for term in terms)
    for word in text.split():
        assert isinstance(stem(word.lower()), str)


@EXAMPLES
@given(st.lists(st.text(max_size=30), max_size=5), any_text)
def test_lexicon_matching_never_raises(entries, text):
    counts = LexiconMatcher({"marketing": entries}).count(text)
    hits, distinct = counts["marketing"]
    assert 0 <= distinct <= hits
