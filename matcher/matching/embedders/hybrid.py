"""TF-IDF and a sentence model side by side: the ``hybrid`` embedder.

A row is ``[sqrt(w) * tfidf_row, sqrt(1 - w) * sbert_row]``, so the dot product of two
rows is ``w * cos_tfidf + (1 - w) * cos_sbert`` and rows stay unit norm. TF-IDF rewards
the exact technical terms and explains the match with them; the sentence model links
paraphrases and the two languages.
"""

import numbers
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, Literal, Self

import numpy as np
import scipy.sparse as sp

from ...errors import InvalidInputError
from .sbert import DEFAULT_MODEL, SbertEmbedder
from .tfidf import TfidfEmbedder


class HybridEmbedder:
    """TF-IDF and sentence-transformers embeddings, weighted.

    Parameters
    ----------
    weight : float in [0, 1], default=0.5
        Share of TF-IDF in the similarity; the sentence model has the rest.
    glossary, char_weight
        Passed to :class:`~matcher.matching.embedders.tfidf.TfidfEmbedder`.
    model, device, batch_size, embedding_cache
        Passed to :class:`~matcher.matching.embedders.sbert.SbertEmbedder`.

    Attributes
    ----------
    tfidf_ : TfidfEmbedder
    sbert_ : SbertEmbedder
    """

    def __init__(self, weight: float = 0.5, glossary: Sequence[Mapping[str, Sequence[str]]] | None = None,
                 char_weight: float = 0.0, model: str | Path = DEFAULT_MODEL, device: str = "cpu",
                 batch_size: int = 32, embedding_cache: str | Path | Literal[False] | None = None):
        self.weight = weight
        self.glossary = glossary
        self.char_weight = char_weight
        self.model = model
        self.device = device
        self.batch_size = batch_size
        self.embedding_cache = embedding_cache

    def _parts(self) -> tuple[TfidfEmbedder, SbertEmbedder]:
        return (
            TfidfEmbedder(glossary=self.glossary, char_weight=self.char_weight),
            SbertEmbedder(model=self.model, device=self.device, batch_size=self.batch_size,
                          embedding_cache=self.embedding_cache),
        )

    def cache_params(self) -> dict[str, Any]:
        """Parameters as plain data, those of both parts included (for cache keys)."""
        tfidf, sbert = self._parts()
        return {"weight": self.weight, "tfidf": tfidf.cache_params(), "sbert": sbert.cache_params(), "version": 1}

    def fit(self, texts: Iterable[str]) -> Self:
        """Fit the TF-IDF part on ``texts`` and load the sentence model; the weight is checked here."""
        weight = self.weight
        if isinstance(weight, bool) or not isinstance(weight, numbers.Real) or not 0.0 <= weight <= 1.0:
            raise InvalidInputError(
                f"hybrid weight {weight!r}: use a number between 0 (the sentence model only) and 1 (TF-IDF only)"
            )
        texts = list(texts)
        tfidf, sbert = self._parts()
        self.tfidf_ = tfidf.fit(texts)
        self.sbert_ = sbert.fit(texts)
        return self

    def transform(self, texts: Iterable[str]) -> sp.csr_matrix:
        """Rows for queries: both parts' query rows, side by side."""
        texts = list(texts)
        return self._join(self.tfidf_.transform(texts), self.sbert_.transform(texts))

    def transform_documents(self, texts: Iterable[str]) -> sp.csr_matrix:
        """Rows for documents: both parts' document rows, side by side."""
        texts = list(texts)
        return self._join(self.tfidf_.transform_documents(texts), self.sbert_.transform_documents(texts))

    def _join(self, lexical: sp.csr_matrix, dense: np.ndarray) -> sp.csr_matrix:
        lexical = lexical * np.float32(np.sqrt(self.weight))
        dense = sp.csr_matrix(dense * np.float32(np.sqrt(1.0 - self.weight)))
        return sp.hstack([lexical, dense], format="csr", dtype=np.float32)

    def top_terms(self, query: str, query_row: sp.csr_matrix, document_row: sp.csr_matrix, k: int = 6) -> list[str]:
        """TF-IDF's words, read from its word columns, which come first."""
        return self.top_terms_batch(query, query_row, document_row, k)[0]

    def top_terms_batch(self, query: str, query_row: sp.csr_matrix, document_rows: sp.csr_matrix,
                        k: int = 6) -> list[list[str]]:
        """:meth:`top_terms` for each row of ``document_rows`` (``[]`` each when TF-IDF weighs nothing)."""
        if self.weight == 0:
            return [[] for _ in range(document_rows.shape[0])]  # TF-IDF has no share in the score
        words = len(self.tfidf_.feature_names_)
        return self.tfidf_.top_terms_batch(query, query_row[:, :words], document_rows[:, :words], k=k)
