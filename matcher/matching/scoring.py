"""Scoring texts against multi-document profiles.

A profile (a lab, a researcher) is a list of documents. A query is compared to
every document by the cosine of their embeddings; a profile's score aggregates
its documents' scores, then is shrunk for profiles with little text, so that a
two-line directory entry does not outrank a detailed profile only because its
few words all match.
"""

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, Literal, Self

import numpy as np
import scipy.sparse as sp

from ..errors import InvalidInputError
from .embedders import fit_cached, get_embedder

AGGREGATIONS = ("max", "mean", "topk", "softmax")


class ProfileIndex:
    """Profiles embedded once, scored against any number of queries.

    Parameters
    ----------
    embedder : str, default="tfidf"
        Registry name of the embedder.
    aggregate : {"max", "mean", "topk", "softmax"}, default="softmax"
        How a profile's document scores become one score: the best document, the
        mean, the mean of the ``k`` best, or the mean weighted by ``exp(score / temperature)``
        (near the max when one document stands out, near the mean when all are alike).
        Softmax was best on the in-house development needs (benchmarks/README.md).
    k : int, default=2
    temperature : float, default=0.2
    evidence : int, default=100
        Shrinkage: a profile with ``n`` distinct words is scored ``s * n / (n + evidence)``
        (0 disables it).
    cache_dir : path, None or False
        Where fitted embedders are cached (None: the default folder; False: no cache).
    **embedder_params
        Passed to the embedder (for ``tfidf``: ``glossary``, ``char_weight`` ...).

    Examples
    --------
    >>> index = ProfileIndex(cache_dir=False).fit([["robots that walk", "humanoid robot control"],
    ...                                            ["soil moisture from satellite images"]])
    >>> scores = index.score(["satellite soil moisture maps"])
    >>> scores.shape, bool(scores[0, 1] > scores[0, 0])
    ((1, 2), True)
    """

    def __init__(self, embedder: str = "tfidf", aggregate: str = "softmax", k: int = 2, temperature: float = 0.2,
                 evidence: float = 100, cache_dir: str | Path | Literal[False] | None = None,
                 **embedder_params: Any):
        if aggregate not in AGGREGATIONS:
            raise InvalidInputError(f"unknown aggregation {aggregate!r}: choose one of {', '.join(AGGREGATIONS)}")
        self.embedder = embedder
        self.aggregate = aggregate
        self.k = k
        self.temperature = temperature
        self.evidence = evidence
        self.cache_dir = cache_dir
        self.embedder_params = embedder_params

    def fit(self, profiles: Iterable[Iterable[str]], extra_texts: Iterable[str] = ()) -> Self:
        """Embed the profiles' documents; ``extra_texts`` (queries) join the corpus statistics."""
        profiles = [list(p) for p in profiles]
        for number, documents in enumerate(profiles):
            if not any(isinstance(d, str) and d.strip() for d in documents):
                raise InvalidInputError(
                    f"profile {number} has no text: give each profile at least one non-empty document"
                )
        documents = [d for p in profiles for d in p]
        self.sizes_ = np.array([len(p) for p in profiles])
        self.starts_ = np.concatenate([[0], np.cumsum(self.sizes_)[:-1]])
        self.embedder_ = fit_cached(
            get_embedder(self.embedder, **self.embedder_params), documents + list(extra_texts), self.cache_dir
        )
        self.documents_ = self.embedder_.transform_documents(documents)
        # Built once for speed (benchmarks/speed_scale.py): the transpose, which
        # ``rows @ documents_.T`` would otherwise rebuild for every query (nearly all of a need's
        # time at 100,000 profiles), and the profiles' layout for vectorised aggregation.
        self.documents_t_ = self.documents_.T.tocsr() if sp.issparse(self.documents_) else None
        self.layout_ = _Layout(self.sizes_)
        self.evidence_ = self._evidence(profiles)
        return self

    def _evidence(self, profiles: list[list[str]]) -> np.ndarray:
        if not self.evidence:
            return np.ones(len(profiles), dtype=np.float32)
        vocabulary = [len(set(" ".join(p).casefold().split())) for p in profiles]
        n = np.asarray(vocabulary, dtype=np.float32)
        return n / (n + self.evidence)

    def embed(self, queries: Iterable[str]) -> sp.csr_matrix | np.ndarray:
        """The queries' rows, comparable with the documents' (sparse or dense, as the embedder gives)."""
        return self.embedder_.transform(list(queries))

    def similarities(self, rows: sp.csr_matrix | np.ndarray) -> np.ndarray:
        """Cosine of each embedded query with each document: array (n_queries, n_documents)."""
        documents = self.documents_t_
        if sp.issparse(rows) and documents is not None:
            # Per query, only the postings of its own features: the same products summed in
            # the same order as ``rows @ documents`` (so the same floats), without building a
            # sparse result first.
            rows = rows.tocsr()
            scores = np.zeros((rows.shape[0], documents.shape[1]), dtype=np.result_type(rows.dtype, documents.dtype))
            for q in range(rows.shape[0]):
                features = slice(rows.indptr[q], rows.indptr[q + 1])
                if features.stop > features.start:
                    scores[q] = documents[rows.indices[features]].T @ rows.data[features]
        else:  # dense embeddings (or dense query rows): as before
            scores = rows @ self.documents_.T
            scores = scores.toarray() if sp.issparse(scores) else np.asarray(scores)
        return np.clip(scores, 0.0, 1.0, out=scores)

    def aggregate_scores(self, document_scores: np.ndarray) -> np.ndarray:
        """Profile scores, array (n_queries, n_profiles), from document scores."""
        layout = self.layout_
        if self.aggregate == "max":
            result = layout.reduce(np.maximum, document_scores)
        elif self.aggregate == "mean":
            result = layout.reduce(np.add, document_scores) / self.sizes_
        elif self.aggregate == "softmax":
            # Softmax-weighted mean: each document weighs exp(score / T), so the result
            # lies between the mean and the max, near the max when one document stands out.
            weights = np.exp((document_scores - 1.0) / self.temperature)
            result = layout.reduce(np.add, weights * document_scores) / layout.reduce(np.add, weights)
        else:  # topk: mean of the k best documents (fewer when the profile is smaller)
            result = np.empty((document_scores.shape[0], len(self.sizes_)), dtype=np.float32)
            for size, (profiles, documents) in layout.by_size.items():
                take = min(self.k, size)
                blocks = document_scores[:, documents]  # (n_queries, n_profiles of this size, size)
                best = np.ascontiguousarray(-np.partition(-blocks, take - 1, axis=2)[..., :take])
                # Means over C-ordered rows, as for one profile at a time: numpy sums them the
                # same way (pairwise), so the same floats.
                result[:, profiles] = best.reshape(-1, take).mean(axis=1).reshape(best.shape[:2])
        return np.clip(result * self.evidence_, 0.0, 1.0).astype(np.float32)

    def score(self, queries: Iterable[str]) -> np.ndarray:
        """Profile scores of the queries, array (n_queries, n_profiles): embed, compare, aggregate."""
        return self.aggregate_scores(self.similarities(self.embed(queries)))


class _Layout:
    """Where each profile's documents lie, arranged for vectorised aggregation.

    ``ufunc.reduceat`` over every profile costs a call per profile; most profiles of a
    large catalogue have one document, whose reduction is the document's own score.
    ``reduce`` takes each profile's first document and calls ``reduceat`` on the other
    profiles' documents only: the same operations in the same order as
    ``ufunc.reduceat(values, starts, axis=1)``.

    >>> layout = _Layout([1, 3, 1])
    >>> layout.reduce(np.add, np.array([[1.0, 2.0, 3.0, 4.0, 5.0]]))
    array([[1., 9., 5.]])
    """

    def __init__(self, sizes: Sequence[int] | np.ndarray):
        sizes = np.asarray(sizes, dtype=np.intp)
        self.starts = np.concatenate([[0], np.cumsum(sizes)[:-1]]).astype(np.intp)
        multi = sizes > 1
        self.multi_profiles = np.flatnonzero(multi)
        self.multi_documents = _ranges(self.starts[multi], sizes[multi])
        self.multi_starts = np.concatenate([[0], np.cumsum(sizes[multi])[:-1]]).astype(np.intp)
        # size -> (profiles of that size, their documents as an array (n_profiles, size))
        self.by_size = {
            int(size): (
                np.flatnonzero(sizes == size),
                _ranges(self.starts[sizes == size], sizes[sizes == size]).reshape(-1, size),
            )
            for size in np.unique(sizes) if size > 0
        }

    def reduce(self, ufunc: np.ufunc, values: np.ndarray) -> np.ndarray:
        """``ufunc.reduceat(values, starts, axis=1)``: one value per profile, for each row."""
        result = np.take(values, self.starts, axis=1)  # right for one-document profiles
        if len(self.multi_profiles):
            multi = np.take(values, self.multi_documents, axis=1)
            result[:, self.multi_profiles] = ufunc.reduceat(multi, self.multi_starts, axis=1)
        return result


def _ranges(starts: np.ndarray, sizes: np.ndarray) -> np.ndarray:
    """Concatenated ``range(start, start + size)`` for each pair, as an array."""
    offsets = np.arange(int(np.sum(sizes)), dtype=np.intp) - np.repeat(np.cumsum(sizes) - sizes, sizes)
    return np.repeat(starts, sizes) + offsets


def score_profiles(queries: Iterable[str], profiles: Sequence[Sequence[str]], **options: Any) -> np.ndarray:
    """Score every query against every profile.

    Parameters
    ----------
    queries : list of str
    profiles : list of list of str
        Each profile is a list of documents.
    **options
        See :class:`ProfileIndex` (embedder, aggregate, k, evidence, glossary ...). The fit
        depends on the queries, so it is not cached on disk unless ``cache_dir`` is given.

    Returns
    -------
    ndarray of float32, shape (len(queries), len(profiles)), values in [0, 1]
        Corpus statistics are fitted on all the documents and queries given.

    Examples
    --------
    >>> s = score_profiles(["fuel cell ageing"], [["hydrogen fuel cells and their ageing"], ["river floods"]],
    ...                    cache_dir=False)
    >>> s.shape, bool(s[0, 0] > s[0, 1]), float(s[0, 1])
    ((1, 2), True, 0.0)
    """
    queries = list(queries)
    if not queries or not profiles:
        return np.zeros((len(queries), len(profiles)), dtype=np.float32)
    options.setdefault("cache_dir", False)
    index = ProfileIndex(**options).fit(profiles, extra_texts=queries)
    return index.score(queries)
