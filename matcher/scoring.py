"""Scoring texts against multi-document profiles.

A profile (a lab, a researcher) is a list of documents. A query is compared to
every document by the cosine of their embeddings; a profile's score aggregates
its documents' scores, then is shrunk for profiles with little text, so that a
two-line directory entry does not outrank a detailed profile only because its
few words all match.
"""

import numpy as np
import scipy.sparse as sp

from .embedders import fit_cached, get_embedder
from .errors import InvalidInputError

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

    def __init__(self, embedder="tfidf", aggregate="softmax", k=2, temperature=0.2, evidence=100,
                 cache_dir=None, **embedder_params):
        if aggregate not in AGGREGATIONS:
            raise InvalidInputError(f"unknown aggregation {aggregate!r}: choose one of {', '.join(AGGREGATIONS)}")
        self.embedder = embedder
        self.aggregate = aggregate
        self.k = k
        self.temperature = temperature
        self.evidence = evidence
        self.cache_dir = cache_dir
        self.embedder_params = embedder_params

    def fit(self, profiles, extra_texts=()):
        """Embed the profiles' documents; ``extra_texts`` (queries) join the corpus statistics."""
        profiles = [list(p) for p in profiles]
        for number, documents in enumerate(profiles):
            if not any(isinstance(d, str) and d.strip() for d in documents):
                raise InvalidInputError(f"profile {number} has no text: give each profile at least one non-empty document")
        documents = [d for p in profiles for d in p]
        self.sizes_ = np.array([len(p) for p in profiles])
        self.starts_ = np.concatenate([[0], np.cumsum(self.sizes_)[:-1]])
        self.embedder_ = fit_cached(
            get_embedder(self.embedder, **self.embedder_params), documents + list(extra_texts), self.cache_dir
        )
        self.documents_ = self.embedder_.transform_documents(documents)
        self.evidence_ = self._evidence(profiles)
        return self

    def _evidence(self, profiles):
        if not self.evidence:
            return np.ones(len(profiles), dtype=np.float32)
        vocabulary = [len(set(" ".join(p).casefold().split())) for p in profiles]
        n = np.asarray(vocabulary, dtype=np.float32)
        return n / (n + self.evidence)

    def embed(self, queries):
        return self.embedder_.transform(list(queries))

    def similarities(self, rows):
        """Cosine of each embedded query with each document: array (n_queries, n_documents)."""
        scores = rows @ self.documents_.T
        scores = scores.toarray() if sp.issparse(scores) else np.asarray(scores)
        return np.clip(scores, 0.0, 1.0, out=scores)

    def aggregate_scores(self, document_scores):
        """Profile scores, array (n_queries, n_profiles), from document scores."""
        starts = self.starts_
        if self.aggregate == "max":
            result = np.maximum.reduceat(document_scores, starts, axis=1)
        elif self.aggregate == "mean":
            result = np.add.reduceat(document_scores, starts, axis=1) / self.sizes_
        elif self.aggregate == "softmax":
            # Softmax-weighted mean: each document weighs exp(score / T), so the result
            # lies between the mean and the max, near the max when one document stands out.
            weights = np.exp((document_scores - 1.0) / self.temperature)
            result = np.add.reduceat(weights * document_scores, starts, axis=1) / np.add.reduceat(weights, starts, axis=1)
        else:  # topk: mean of the k best documents (fewer when the profile is smaller)
            result = np.empty((document_scores.shape[0], len(starts)), dtype=np.float32)
            for column, (start, size) in enumerate(zip(starts, self.sizes_)):
                block = document_scores[:, start : start + size]
                take = min(self.k, size)
                best = -np.partition(-block, take - 1, axis=1)[:, :take]
                result[:, column] = best.mean(axis=1)
        return np.clip(result * self.evidence_, 0.0, 1.0).astype(np.float32)

    def score(self, queries):
        return self.aggregate_scores(self.similarities(self.embed(queries)))


def score_profiles(queries, profiles, **options):
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
