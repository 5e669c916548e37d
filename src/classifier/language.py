"""Which language a document is written in, from its most frequent function words.

Documents are long enough for function words to decide, and this costs nothing at start-up,
where a statistical identifier took ~0.8 s to load (see docs/benchmarks.md).
"""

from __future__ import annotations

import re
from collections import Counter

_PROFILES: dict[str, frozenset[str]] = {
    "fr": frozenset(["le", "la", "les", "des", "du", "un", "une", "et", "est", "dans", "pour", "que", "qui", "sur", "au", "aux", "avec", "ce", "ces", "nous", "vous", "sont", "pas", "par", "plus", "ou", "leur", "être"]),
    "en": frozenset(["the", "and", "of", "to", "in", "is", "that", "for", "it", "with", "as", "are", "on", "be", "this", "by", "from", "or", "have", "an", "which", "was"]),
    "es": frozenset(["el", "los", "las", "del", "y", "en", "que", "por", "con", "para", "una", "es", "su", "al", "lo", "como", "más", "pero", "sus", "le", "ya"]),
    "de": frozenset(["der", "die", "das", "und", "ist", "nicht", "mit", "von", "zu", "den", "sich", "auf", "für", "ein", "eine", "dem", "des", "im", "auch"]),
    "it": frozenset(["il", "di", "che", "è", "per", "gli", "della", "con", "non", "una", "sono", "nel", "alla", "anche", "come", "dei", "delle", "più"]),
    "pt": frozenset(["o", "os", "da", "do", "das", "dos", "que", "em", "para", "com", "não", "uma", "um", "é", "no", "na", "por", "mais", "se", "como"]),
    "nl": frozenset(["de", "het", "een", "en", "van", "is", "dat", "op", "te", "in", "voor", "niet", "met", "zijn", "aan", "er", "ook", "als", "bij"]),
}  # fmt: skip
_WORD = re.compile(r"[^\W\d_]+")


def detect_language(text: str, sample_chars: int = 20_000) -> tuple[str, float]:
    """(language code, share of function words that vote for it); "und" when nothing votes.

    >>> detect_language("Le musée et la ville présentent un plan pour les publics.")[0]
    'fr'
    >>> detect_language("The museum and the city present a plan for the public.")[0]
    'en'
    """
    words = Counter(w.lower() for w in _WORD.findall(text[:sample_chars]))
    votes = {lang: sum(words[w] for w in profile) for lang, profile in _PROFILES.items()}
    total = sum(votes.values())
    if total == 0:
        return "und", 0.0
    lang = max(votes, key=votes.get)
    return lang, votes[lang] / total
