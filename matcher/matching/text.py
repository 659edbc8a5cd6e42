"""French and English text: tokens, stems, language guess and glossary expansion.

Stems are what the lexical embedder counts. Each text is stemmed with the
stemmer of its own language (guessed from its function words), and a bilingual
glossary adds, for each concept the text mentions, the stems of the concept's
terms in the other language: that is what lets a French need find a lab
described in English.
"""

import re
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from typing import Literal

import snowballstemmer

from ..records.base import fold

_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*", re.UNICODE)
_ELISION = re.compile(r"^(?:[ldjmnstc]|qu|jusqu|lorsqu|puisqu)['’]", re.IGNORECASE)

FRENCH_STOP_WORDS = frozenset(
    """
    a à afin ai aie aient ainsi alors après as au aucun aucune auprès aussi autre autres aux avant avec avoir
    bien c ça car ce ceci cela celle celles celui cependant certain certaines certains ces cet cette ceux chaque
    chez ci comme comment d dans de depuis des dont du déjà elle elles en encore entre est et été être eu eux
    faire fait font hors il ils j je jusqu l la le les leur leurs lors lorsque lui m ma mais me même mêmes mes moi
    moins mon n ne ni non nos notre nous on ont ou où par parce pas peu peut peuvent plus plusieurs pour pourquoi
    qu quand que quel quelle quelles quels qui quoi s sa sans se selon ses si sien son sont sous souvent sur ta
    te tel telle tels tes toi ton tous tout toute toutes très trop tu un une unes uns vers via voici voilà vos
    votre vous y souhaitons cherchons voudrions aimerions besoin notamment également ainsi donc leurs
    """.split()  # noqa: SIM905 (a block of words reads and edits better than 200 quoted strings)
)

ENGLISH_STOP_WORDS = frozenset(
    """
    a about above after again against all also am an and any are as at be because been before being below
    between both but by can could did do does doing down during each few for from further had has have having
    he her here hers herself him himself his how i if in into is it its itself just me more most my myself no
    nor not now of off on once only or other our ours ourselves out over own same she should so some such than
    that the their theirs them themselves then there these they this those through to too under until up very
    was we were what when where which while who whom why will with would you your yours yourself yourselves
    us want wants need needs looking would like within using use used etc e g ie
    """.split()  # noqa: SIM905 (a block of words reads and edits better than quoted strings)
)

_STEMMERS = {"fr": snowballstemmer.stemmer("french"), "en": snowballstemmer.stemmer("english")}
_STOP = {"fr": FRENCH_STOP_WORDS, "en": ENGLISH_STOP_WORDS}

Language = Literal["fr", "en"]


def words(text: str) -> list[str]:
    """Lowercase words of a text, French elisions removed (``l'eau`` -> ``eau``).

    >>> words("L'analyse d'images satellite, c'est clé !")
    ['analyse', 'images', 'satellite', 'est', 'clé']
    """
    found = []
    for match in _WORD.finditer(text):
        word = _ELISION.sub("", match.group().casefold().replace("’", "'"))
        found.extend(part for part in re.split(r"['-]", word) if part)
    return found


def guess_language(tokens: Sequence[str]) -> Language:
    """``'fr'`` or ``'en'``, from the share of each language's function words."""
    fr = sum(token in FRENCH_STOP_WORDS for token in tokens)
    en = sum(token in ENGLISH_STOP_WORDS for token in tokens)
    if fr == en:
        # No function words (a keyword list): accented letters are the next clue.
        return "fr" if any(fold(t) != t for t in tokens) else "en"
    return "fr" if fr > en else "en"


def clear_language(tokens: Iterable[str]) -> bool:
    """False for a text with neither function words nor accents ("crues", "flood sensors"): its
    language cannot be told, and a query of that kind is stemmed in both languages."""
    return any(token in FRENCH_STOP_WORDS or token in ENGLISH_STOP_WORDS or fold(token) != token
               for token in tokens)


@lru_cache(maxsize=200_000)
def _stem(word: str, lang: Language) -> str:
    return fold(_STEMMERS[lang].stemWord(word))


def stemmed_words(text: str, lang: Language | None = None) -> list[tuple[str, str]]:
    """``(stem, word)`` pairs of a text's content words, in order."""
    tokens = words(text)
    lang = lang or guess_language(tokens)
    stop = _STOP[lang]
    return [(_stem(t, lang), t) for t in tokens if t not in stop and not t.isdigit() and len(t) > 1]


def stems(text: str, lang: Language | None = None) -> list[str]:
    """Content-word stems of a text, accents folded, in order.

    >>> stems("Surveillance des niveaux d'eau des rivières")
    ['surveil', 'niveau', 'eau', 'rivi']
    """
    return [stem for stem, _ in stemmed_words(text, lang)]


class Glossary:
    """Bilingual concepts: each entry joins French and English terms of one concept.

    ``expand(stems)`` returns the terms to add to a text, as tuples of stems: for each
    entry with a term in the text (as a run of stems), the entry's other terms.

    >>> g = Glossary([{"fr": ["télédétection"], "en": ["remote sensing"]}])
    >>> g.expand(stems("télédétection des crues"))
    [('remot', 'sens')]
    """

    def __init__(self, entries: Iterable[Mapping[str, Sequence[str]]] = ()):
        self.entries = [dict(entry) for entry in entries]
        self._terms = {}  # stem tuple -> indices of entries using it
        self._entry_stems = []
        self.surface = {}  # stem -> a word it comes from, to show added terms
        for index, entry in enumerate(self.entries):
            term_stems = []
            for lang in ("fr", "en"):
                for term in entry.get(lang, ()):
                    pairs = stemmed_words(term, lang)
                    for stem, word in pairs:
                        self.surface.setdefault(stem, word)
                    key = tuple(stem for stem, _ in pairs)
                    if key:
                        term_stems.append(key)
                        self._terms.setdefault(key, set()).add(index)
            self._entry_stems.append(term_stems)
        self._longest = max((len(k) for k in self._terms), default=0)

    def __len__(self):
        return len(self.entries)

    def expand(self, text_stems: Sequence[str]) -> list[tuple[str, ...]]:
        """The terms to add to a text of these stems: the other terms of each entry it mentions."""
        found = set()
        n = len(text_stems)
        for size in range(1, self._longest + 1):
            for start in range(n - size + 1):
                found.update(self._terms.get(tuple(text_stems[start : start + size]), ()))
        present = set()
        for size in range(1, self._longest + 1):
            present.update(tuple(text_stems[i : i + size]) for i in range(n - size + 1))
        added = []
        for index in sorted(found):
            for key in self._entry_stems[index]:
                if key not in present:
                    added.append(key)
                    present.add(key)
        return added
