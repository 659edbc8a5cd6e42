"""The default, offline embedder: TF-IDF over French/English stems.

Features are stems, pairs of stems a few words apart (``remote sensing`` and
``remote ... sensing`` count as features besides their words) and triples of
consecutive stems: phrases carry much of a text's meaning that single words lose. When a
glossary is given, a query also gets the terms of the other language for each concept it
mentions; documents keep
their own words (expanding both sides was measured worse: benchmarks/README.md).
Optional character n-grams add robustness to spelling variants and cognates
(``robotique`` / ``robotics``); their share of the similarity is ``char_weight``.
"""

from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from typing import Any, Self

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize

from ..text import Glossary, clear_language, fold, guess_language, stemmed_words, words


class TfidfEmbedder:
    """TF-IDF embedder fitted on the texts it will compare.

    Parameters
    ----------
    glossary : list of dict, optional
        Bilingual entries ``{"fr": [...], "en": [...]}`` used to expand texts.
    sublinear_tf : bool, default=True
        Use ``1 + log(tf)``, so that a word repeated ten times does not weigh ten times more.
    pair_window : int, default=2
        Two stems at most this far apart form a pair feature (1: consecutive stems only,
        0: no pairs). Pairs within 2 words with triples were the best compromise between
        the gold standard and the in-house development needs (benchmarks/README.md).
    trigrams : bool, default=True
        Count triples of consecutive stems as features too.
    min_df : int, default=1
        Ignore features seen in fewer texts.
    char_weight : float in [0, 1], default=0.0
        Share of the cosine given by character 3- to 5-grams.

    Attributes
    ----------
    vectorizer_ : TfidfVectorizer
    char_vectorizer_ : TfidfVectorizer or None
    surface_ : dict
        Stem -> the word it most often comes from, for explanations.
    feature_names_ : ndarray of str

    Examples
    --------
    >>> emb = TfidfEmbedder().fit(["robot navigation", "soil moisture from satellites"])
    >>> rows = emb.transform(["satellite soil moisture"])
    >>> round(float(rows.multiply(rows).sum()), 3)
    1.0
    """

    def __init__(self, glossary: Sequence[Mapping[str, Sequence[str]]] | None = None, sublinear_tf: bool = True,
                 pair_window: int = 2, trigrams: bool = True, min_df: int = 1, char_weight: float = 0.0):
        self.glossary = glossary
        self.sublinear_tf = sublinear_tf
        self.pair_window = pair_window
        self.trigrams = trigrams
        self.min_df = min_df
        self.char_weight = char_weight

    def cache_params(self) -> dict[str, Any]:
        """Parameters as plain data, the content of the glossary included (for cache keys)."""
        return {
            "glossary": list(self.glossary or []),
            "sublinear_tf": self.sublinear_tf,
            "pair_window": self.pair_window,
            "trigrams": self.trigrams,
            "min_df": self.min_df,
            "char_weight": self.char_weight,
            "version": 2,
        }

    def _terms(self, text: str, expand: bool) -> tuple[list[tuple[str, str]], list[list[str]]]:
        """The text's stems, then (``expand``) the glossary's terms for the concepts it names."""
        pairs = stemmed_words(text)
        text_stems = [stem for stem, _ in pairs]
        terms = [text_stems]
        tokens = words(text)
        if expand and not clear_language(tokens):
            # "crues" alone reads as English ("crue"); a French document says "cru".
            other = "en" if guess_language(tokens) == "fr" else "fr"
            terms.append([stem for stem, _ in stemmed_words(text, other)])
        if expand and self._glossary is not None:
            terms.extend(list(term) for term in self._glossary.expand(text_stems))
        return pairs, terms

    def _features(self, text: str, surface: defaultdict[str, Counter] | None = None, expand: bool = True) -> list[str]:
        pairs, terms = self._terms(text, expand)
        features = []
        for term in terms:
            features.extend(term)
            for distance in range(1, self.pair_window + 1):
                features.extend(f"{a} {b}" for a, b in zip(term, term[distance:]))
            if self.trigrams:
                features.extend(f"{a} {b} {c}" for a, b, c in zip(term, term[1:], term[2:]))
        if surface is not None:
            for stem, word in pairs:
                surface[stem][word] += 1
        return features

    def fit(self, texts: Sequence[str]) -> Self:
        """Learn the features' weights, and the word each stem stands for, from the texts to compare."""
        if not 0.0 <= self.char_weight <= 1.0:
            raise ValueError(f"char_weight={self.char_weight!r}: use a number between 0 and 1")
        self._glossary = Glossary(self.glossary) if self.glossary else None
        counts = defaultdict(Counter)
        analysed = [self._features(text, counts, expand=False) for text in texts]
        self.vectorizer_ = TfidfVectorizer(
            analyzer=_already_analysed,
            sublinear_tf=self.sublinear_tf,
            min_df=self.min_df,
            dtype=np.float32,
        ).fit(analysed)
        words = {stem: counter.most_common(1)[0][0] for stem, counter in counts.items()}
        if self._glossary is not None:
            for stem, word in self._glossary.surface.items():
                words.setdefault(stem, word)
        self.surface_ = words
        self.feature_names_ = self.vectorizer_.get_feature_names_out()
        self.char_vectorizer_ = None
        if self.char_weight > 0:
            self.char_vectorizer_ = TfidfVectorizer(
                analyzer="char_wb", ngram_range=(3, 5), preprocessor=fold,
                sublinear_tf=self.sublinear_tf, min_df=self.min_df, dtype=np.float32,
            ).fit(texts)
        return self

    def transform(self, texts: Sequence[str]) -> sp.csr_matrix:
        """Rows for queries: each text expanded with the glossary's translations."""
        return self._rows(texts, expand=True)

    def transform_documents(self, texts: Sequence[str]) -> sp.csr_matrix:
        """Rows for documents: their own words only (expanding both sides was measured worse)."""
        return self._rows(texts, expand=False)

    def _rows(self, texts: Sequence[str], expand: bool) -> sp.csr_matrix:
        rows = self.vectorizer_.transform([self._features(text, expand=expand) for text in texts])
        if self.char_vectorizer_ is not None:
            word_part = rows * np.float32(np.sqrt(1.0 - self.char_weight))
            char_part = self.char_vectorizer_.transform(texts) * np.float32(np.sqrt(self.char_weight))
            rows = sp.hstack([word_part, char_part], format="csr")
        return normalize(rows, copy=False).astype(np.float32)

    def _query_words(self, query: str) -> tuple[set[int], set[str]]:
        """The query's own features (column numbers) and the phrases it wrote.

        The last query's are kept: a ranking explains one need for each of its labs, and
        analysing the text again for each was most of a request's time.
        """
        kept = getattr(self, "_explained", None)  # one tuple, replaced whole: safe across threads
        if kept is None or kept[0] != query:
            vocabulary = self.vectorizer_.vocabulary_
            own = {vocabulary[f] for f in self._features(query, expand=False) if f in vocabulary}
            # Only consecutive words are shown as a phrase: a pair of words further apart
            # ("capteurs ... mesure") reads as a phrase the need never wrote; its words, which
            # are features too, are shown on their own.
            _, terms = self._terms(query, expand=True)
            phrases = {" ".join(term[i : i + n]) for term in terms for n in (2, 3) for i in range(len(term) - n + 1)}
            kept = self._explained = (query, own, phrases)
        return kept[1], kept[2]

    def top_terms(self, query: str, query_row: sp.csr_matrix, document_row: sp.csr_matrix, k: int = 6) -> list[str]:
        """The words that weigh most in the cosine of a query and a document, heaviest first.

        Words of the query itself come before the glossary's translations of them,
        which are shown only when they carry the match (a need in one language, a
        document in the other).
        """
        return self.top_terms_batch(query, query_row, document_row, k)[0]

    def top_terms_batch(self, query: str, query_row: sp.csr_matrix, document_rows: sp.csr_matrix,
                        k: int = 6) -> list[list[str]]:
        """:meth:`top_terms` for each row of ``document_rows``, in one sparse product."""
        n_words = len(self.vectorizer_.vocabulary_)
        product = sp.csr_matrix(document_rows.multiply(query_row))
        found = []
        for r in range(product.shape[0]):
            columns = product.indices[product.indptr[r] : product.indptr[r + 1]]
            weights = product.data[product.indptr[r] : product.indptr[r + 1]]
            words = columns < n_words  # the character n-grams that follow them explain nothing to a reader
            found.append(self._labels(query, columns[words], weights[words], k) if words.any() else [])
        return found

    def _labels(self, query: str, columns: np.ndarray, weights: np.ndarray, k: int) -> list[str]:
        own, phrases = self._query_words(query)
        order = sorted(range(len(columns)), key=lambda i: (columns[i] not in own, -weights[i]))
        names = self.feature_names_
        shown = []  # lists of stems, heaviest first
        for index in order:
            name = names[columns[index]]
            parts = name.split(" ")
            if len(parts) > 1 and name not in phrases:
                continue
            if any(set(parts) <= set(label) for label in shown):
                continue  # its words are shown already
            # A pair replaces the single words it contains.
            shown = [label for label in shown if not set(label) < set(parts)] + [parts]
            if len(shown) == k:
                break
        return [" ".join(self.surface_.get(part, part) for part in label) for label in shown]


def _already_analysed(features: list[str]) -> list[str]:
    # A module-level function rather than a lambda, so that fitted models pickle.
    return features
