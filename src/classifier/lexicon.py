"""Curated French lexicons per dimension (data files in `lexicons/`) and how they match text.

Entries are written naturally ("réseaux sociaux", "taux d'ouverture"). Text and entries
go through the same light normalisation — lower case, elisions and a few function words
dropped, plurals and feminine endings folded — so "réseau social", "Réseaux sociaux" and
"réseaux sociales" all meet the same entry without depending on the lemmatiser's guesses
on two-word inputs.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from importlib.resources import files

from .labels import DIMENSIONS

_WORD = re.compile(r"[^\W\d_]+|\d+[a-z]*")
_FUNCTION_WORDS = frozenset(
    ["d", "de", "du", "des", "l", "le", "la", "les", "un", "une", "à", "au", "aux", "en", "et", "ou", "s"]
)
_ENDINGS = (("eaux", "eau"), ("aux", "al"), ("ive", "if"), ("ives", "if"), ("euse", "eur"), ("euses", "eur"))


@lru_cache(maxsize=65_536)
def stem(word: str) -> str:
    """Fold number and gender of a lower-case French word, crudely but predictably.

    >>> [stem(w) for w in ["sociaux", "réseaux", "virtuelle", "virtuels", "collective", "partenaires"]]
    ['social', 'réseau', 'virtuel', 'virtuel', 'collectif', 'partenair']
    """
    for ending, replacement in _ENDINGS:
        if word.endswith(ending) and len(word) > len(ending) + 2:
            return word[: -len(ending)] + replacement
    if len(word) > 3 and word[-1] in "sx":
        word = word[:-1]
    if len(word) > 3 and word[-1] == "e":
        word = word[:-1]
    if len(word) > 3 and word[-1] == word[-2] and word[-1] in "lnt":
        word = word[:-1]
    return word


def normalise_terms(text: str) -> list[str]:
    """The token keys lexicon matching works on.

    >>> normalise_terms("Taux d'ouverture des infolettres")
    ['tau', 'ouvertur', 'infolettr']
    """
    text = unicodedata.normalize("NFC", text.lower())
    return [stem(w) for w in _WORD.findall(text) if w not in _FUNCTION_WORDS]


@lru_cache(maxsize=1)
def load_lexicons() -> dict[str, tuple[str, ...]]:
    """The entries of each dimension's lexicon file, comments and blank lines removed."""
    folder = files("classifier") / "lexicons"
    return {dim: tuple(_entries((folder / f"{dim}.txt").read_text(encoding="utf-8"))) for dim in DIMENSIONS}


def _entries(text: str) -> Iterable[str]:
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            yield line


class LexiconMatcher:
    """Counts lexicon hits per dimension in a text.

    >>> m = LexiconMatcher({"marketing": ["réseau social", "campagne"]})
    >>> m.count("Une campagne sur les réseaux sociaux et une autre campagne.")
    {'marketing': (3, 2)}
    """

    def __init__(self, lexicons: dict[str, Iterable[str]]):
        self._index: dict[str, dict[str, list[tuple[str, ...]]]] = {}
        for dim, entries in lexicons.items():
            index: dict[str, list[tuple[str, ...]]] = {}
            for entry in entries:
                key = tuple(normalise_terms(entry))
                if key:
                    index.setdefault(key[0], []).append(key)
            for keys in index.values():
                keys.sort(key=len, reverse=True)  # longest match first
            self._index[dim] = index
        # The same entries by first term, every dimension at once: one pass over a text's terms
        # visits only the dimensions that have an entry starting there.
        self._by_term: dict[str, list[tuple[str, list[tuple[str, ...]]]]] = {}
        for dim, index in self._index.items():
            for term, keys in index.items():
                self._by_term.setdefault(term, []).append((dim, keys))

    def count(self, text: str) -> dict[str, tuple[int, int]]:
        """(hits, distinct entries hit) per dimension."""
        terms = normalise_terms(text)
        hits = dict.fromkeys(self._index, 0)
        distinct: dict[str, set] = {dim: set() for dim in self._index}
        for i, term in enumerate(terms):
            for dim, keys in self._by_term.get(term, ()):
                for key in keys:
                    if len(key) == 1 or tuple(terms[i : i + len(key)]) == key:
                        hits[dim] += 1
                        distinct[dim].add(key)
                        break
        return {dim: (hits[dim], len(distinct[dim])) for dim in self._index}


@lru_cache(maxsize=1)
def default_matcher() -> LexiconMatcher:
    return LexiconMatcher(load_lexicons())


def document_counts(text: str) -> list[tuple[int, int, float]]:
    """Per dimension, in `DIMENSIONS` order, over a whole text: (hits, distinct entries hit,
    hits per 100 words).

    >>> document_counts("Une campagne Facebook et une infolettre pour la campagne d'automne.")[0]
    (4, 3, 40.0)
    """
    counts = default_matcher().count(text)
    words = max(len(text.split()), 1)
    return [(counts[dim][0], counts[dim][1], 100.0 * counts[dim][0] / words) for dim in DIMENSIONS]


@lru_cache(maxsize=1)
def genre_matcher() -> LexiconMatcher:
    """Cues of genres that plan nothing, one group per genre (job postings, calls and
    funding rules, legal pages, announcements): `[group]` lines open a group."""
    text = (files("classifier") / "lexicons" / "non_plan_genres.txt").read_text(encoding="utf-8")
    return LexiconMatcher(genre_groups(text))


def genre_groups(text: str) -> dict[str, list[str]]:
    r"""Entries per group of a genre-cue file.

    >>> genre_groups("# comment\n[job]\noffre d'emploi\ncv\n[legal]\ncookies\n")
    {'job': ["offre d'emploi", 'cv'], 'legal': ['cookies']}
    """
    groups: dict[str, list[str]] = {}
    current = None
    for entry in _entries(text):
        if entry.startswith("[") and entry.endswith("]"):
            current = groups.setdefault(entry[1:-1].strip(), [])
        elif current is None:
            raise ValueError(f"genre cue {entry!r} comes before any [group] line")
        else:
            current.append(entry)
    return groups
