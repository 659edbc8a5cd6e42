"""Embedders: texts -> unit-norm float32 rows, behind a registry of names.

An embedder follows the scikit-learn contract: the constructor stores
parameters, ``fit(texts)`` learns (and returns self), ``transform(texts)`` gives
one L2-normalised row per query text (sparse or dense), so that a dot product
of two rows is their cosine similarity; ``transform_documents(texts)`` does the
same for the documents queries are compared with (an embedder may treat the two
sides differently, as asymmetric retrieval models do). ``top_terms`` explains a similarity with words
when the embedder can (lexical ones), and returns ``[]`` otherwise.
"""

import hashlib
import inspect
import json
import os
import pickle
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Literal

from ...errors import InvalidInputError, UnknownNameError
from ...settings import default_cache_dir
from .hybrid import HybridEmbedder
from .sbert import SbertEmbedder
from .tfidf import TfidfEmbedder

# sbert and hybrid need the optional "neural" extra, imported only when they load a model.
EMBEDDERS = {"tfidf": TfidfEmbedder, "sbert": SbertEmbedder, "hybrid": HybridEmbedder}

Embedder = TfidfEmbedder | SbertEmbedder | HybridEmbedder  # any of EMBEDDERS: they share the contract above


def get_embedder(name: str, **params: Any) -> Embedder:
    """A new, unfitted embedder by registry name; unknown names and options are refused.

    >>> get_embedder("tfidf").__class__.__name__
    'TfidfEmbedder'
    >>> get_embedder("word2vec")
    Traceback (most recent call last):
    ...
    matcher.errors.UnknownNameError: unknown embedder 'word2vec': choose one of hybrid, sbert, tfidf
    >>> get_embedder("tfidf", model="minilm")
    Traceback (most recent call last):
    ...
    matcher.errors.InvalidInputError: embedder 'tfidf' has no option model: its options are glossary, sublinear_tf, pair_window, trigrams, min_df, char_weight
    """  # noqa: E501 (the doctest shows the whole message, longer than a line)
    cls = _embedder_class(name)
    accepted = inspect.signature(cls).parameters
    unknown = [key for key in params if key not in accepted]
    if unknown:
        raise InvalidInputError(f"embedder {name!r} has no option {', '.join(unknown)}: "
                                f"its options are {', '.join(accepted)}")
    return cls(**params)


def embedder_params(name: str, **available: Any) -> dict[str, Any]:
    """The items of ``available`` that embedder ``name`` takes, None values left out.

    Settings hold the options of every embedder; each embedder is given its own.

    >>> embedder_params("tfidf", glossary=None, model="minilm", char_weight=0.2)
    {'char_weight': 0.2}
    """
    accepted = inspect.signature(_embedder_class(name)).parameters
    return {key: value for key, value in available.items() if key in accepted and value is not None}


def _embedder_class(name: str) -> type[Embedder]:
    try:
        return EMBEDDERS[name]
    except (KeyError, TypeError):
        raise UnknownNameError(f"unknown embedder {name!r}: choose one of {', '.join(sorted(EMBEDDERS))}") from None


def fit_cached(embedder: Embedder, texts: Sequence[str],
               cache_dir: str | Path | Literal[False] | None = None) -> Embedder:
    """Fit ``embedder`` on ``texts``, or load the same fit from the disk cache.

    The cache key is a hash of the embedder's class, its parameters and every
    text, so a changed catalogue or parameter never reuses a stale model.
    ``cache_dir=False`` disables the cache.
    """
    if cache_dir is False:
        return embedder.fit(texts)
    digest = hashlib.sha256()
    digest.update(type(embedder).__name__.encode())
    digest.update(json.dumps(embedder.cache_params(), sort_keys=True, ensure_ascii=False).encode())
    for text in texts:
        digest.update(b"\0" + text.encode("utf-8", "surrogatepass"))
    path = Path(cache_dir or default_cache_dir()) / f"{type(embedder).__name__}-{digest.hexdigest()[:32]}.pkl"
    if path.exists():
        with path.open("rb") as handle:
            return pickle.load(handle)
    embedder.fit(texts)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(f".{os.getpid()}.tmp")
    with partial.open("wb") as handle:
        pickle.dump(embedder, handle, protocol=pickle.HIGHEST_PROTOCOL)
    partial.replace(path)  # atomic: a concurrent reader never sees half a file
    return embedder
