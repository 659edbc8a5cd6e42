"""Ranking catalogue labs for a need, with filters and the evidence behind each score."""

import unicodedata
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import numpy as np
import scipy.sparse as sp

from ..errors import InvalidInputError
from ..records.catalogue import MAX_NEED_CHARS, Lab, Match, normalise_region
from .scoring import ProfileIndex
from .text import fold, words

MAX_TOP = 100


def check_need(text: object) -> str:
    """Return the need stripped, or raise :class:`InvalidInputError` saying what is wrong.

    >>> check_need("  capteurs de crue  ")
    'capteurs de crue'
    >>> check_need("   ")
    Traceback (most recent call last):
    ...
    matcher.errors.InvalidInputError: the need is empty: describe the technical problem in a few words
    """
    if not isinstance(text, str):
        raise InvalidInputError(f"the need must be text, not {type(text).__name__}")
    text = text.strip()
    if not text:
        raise InvalidInputError("the need is empty: describe the technical problem in a few words")
    if len(text) > MAX_NEED_CHARS:
        raise InvalidInputError(
            f"the need is {len(text):,} characters long: at most {MAX_NEED_CHARS:,} are accepted; "
            "summarise it in a few paragraphs"
        )
    binary = sum(1 for ch in text if _is_binary(ch))
    if binary:
        raise InvalidInputError(
            f"the need contains {binary} control or undecodable character{'s' if binary > 1 else ''}: "
            "it looks like binary data; send plain text (UTF-8)"
        )
    if not words(text):
        raise InvalidInputError("the need has no words: describe the technical problem in French or English")
    return text


def _is_binary(ch: str) -> bool:
    if ch in "\n\r\t":
        return False
    category = unicodedata.category(ch)
    # Cc: control characters (NUL...), Cs: lone surrogates (undecodable bytes), Co/Cn: private/unassigned.
    return category in ("Cc", "Cs", "Co", "Cn")


def top_indices(scores: Sequence[float] | np.ndarray, top: int, tie: Callable[[int], Any] | None = None) -> list[int]:
    """Indices of the ``top`` best positive scores, best first; equal scores ordered by ``tie(index)``
    (by index when ``tie`` is None), at the cut too.

    Linear and vectorised (benchmarks/speed_scale.py): the ``top``-th largest maximum of
    blocks of scores is at most the ``top``-th best score, so only the scores at least as
    high are candidates, usually a handful; only those are sorted.

    >>> top_indices(np.array([0.1, 0.0, 0.7, 0.3, 0.7]), 3)
    [2, 4, 3]
    """
    scores = np.asarray(scores)
    n_blocks = len(scores) // _BLOCK
    threshold = 0
    if n_blocks > top:
        maxima = scores[: n_blocks * _BLOCK].reshape(n_blocks, _BLOCK).max(axis=1)
        threshold = np.partition(maxima, n_blocks - top)[n_blocks - top]
    candidates = np.flatnonzero(scores >= threshold) if threshold > 0 else np.flatnonzero(scores > 0)
    if len(candidates) > top:  # keep those at least as high as the top-th best, ties included
        values = scores[candidates]
        candidates = candidates[values >= np.partition(values, len(values) - top)[len(values) - top]]
    key = (lambda j: (-scores[j], j)) if tie is None else (lambda j: (-scores[j], tie(j)))
    return sorted(candidates.tolist(), key=key)[:top]


_BLOCK = 256


def mix(text: np.ndarray, prior: np.ndarray, weight: float) -> np.ndarray:
    """``(1 - weight) * text / best + weight * prior`` row by row, 0 where the text score is 0.

    Text scores are scaled by each need's best so that the weight means the same for every
    need (raw cosines are small and vary from need to need).

    >>> mix(np.array([[0.2, 0.1, 0.0]]), np.array([[0.0, 1.0, 1.0]]), 0.5).tolist()
    [[0.5, 0.75, 0.0]]
    """
    best = text.max(axis=1, keepdims=True)
    scaled = np.divide(text, best, out=np.zeros_like(text, dtype=float), where=best > 0)
    return np.where(text > 0, (1 - weight) * scaled + weight * np.asarray(prior), 0.0)


class LabRanker:
    """Labs indexed once, ranked for any number of needs.

    Parameters
    ----------
    labs : sequence of Lab
    **index_options
        Passed to :class:`~matcher.matching.scoring.ProfileIndex` (glossary, cache_dir, aggregate ...).
    """

    def __init__(self, labs: Iterable[Lab], **index_options: Any):
        self.labs = list(labs)
        if not self.labs:
            raise InvalidInputError("there is no lab to rank: import a catalogue first ('matcher import data/')")
        profiles = [lab.profile() for lab in self.labs]
        self.titles = [[title for title, _ in profile] for profile in profiles]
        self.index = ProfileIndex(**index_options).fit([[text for _, text in profile] for profile in profiles])

    def rank(self, needs: Iterable[str], top: int = 10, region: str | None = None, department: str | None = None,
             parent: str | None = None, trl: tuple[int, int] | None = None, lab_ids: Iterable[str] | None = None,
             prior: np.ndarray | None = None, prior_weight: float = 0.0,
             prior_reasons: Sequence[Sequence[Sequence[dict[str, str]]]] | None = None) -> list[list[Match]]:
        """The ``top`` best labs for each need, best first, as lists of :class:`Match`.

        ``lab_ids`` keeps only those labs (a lab's own view of the needs). ``prior`` is an
        optional ``(needs, labs)`` array in [0, 1] (the collaboration graph's signals) mixed
        in as ``(1 - prior_weight) * text / best text + prior_weight * prior``, for labs
        that share terms with the need only; ``prior_reasons[q][j]`` explains it.
        """
        needs = [check_need(need) for need in needs]
        if not isinstance(top, int) or not 1 <= top <= MAX_TOP:
            raise InvalidInputError(f"top={top!r}: ask for between 1 and {MAX_TOP} labs")
        allowed = self._filter(region, department, parent, trl)
        if lab_ids is not None:
            allowed &= np.isin([lab.id for lab in self.labs], list(lab_ids))
        rows, similarities, scores = self._score(needs)
        if prior is not None and prior_weight:
            scores = mix(scores, prior, prior_weight)
        # A lab that shares nothing with the need is no match, whatever the filters leave.
        scores[:, ~allowed] = 0.0
        results = []
        for q, need_scores in enumerate(scores):
            best = top_indices(need_scores, top, tie=lambda j: self.labs[j].acronym)
            context = prior_reasons[q] if prior_reasons is not None and prior_weight else None
            results.append(self._matches(needs[q], rows[q], similarities[q], best, need_scores, context))
        return results

    def text_scores(self, needs: Iterable[str]) -> np.ndarray:
        """``(needs, labs)`` array of text scores (no filter), in the order of ``self.labs``."""
        return self._score([check_need(need) for need in needs])[2]

    def _score(self, needs: list[str]) -> tuple[sp.csr_matrix | np.ndarray, np.ndarray, np.ndarray]:
        rows = self.index.embed(needs)
        similarities = self.index.similarities(rows)
        return rows, similarities, self.index.aggregate_scores(similarities)

    def _filter(self, region: str | None, department: str | None, parent: str | None,
                trl: tuple[int, int] | None) -> np.ndarray:
        allowed = np.ones(len(self.labs), dtype=bool)
        if region:
            region = normalise_region(region)
            allowed &= [lab.region == region for lab in self.labs]
        if department:
            department = department.strip().upper()
            known = {lab.department for lab in self.labs}
            if department not in known:
                raise InvalidInputError(
                    f"no lab in department {department!r}: the catalogue covers {', '.join(sorted(known))}"
                )
            allowed &= [lab.department == department for lab in self.labs]
        if parent:
            key = fold(parent.strip())
            hits = [any(key == fold(p) or key in fold(p).split() for p in lab.parents) for lab in self.labs]
            if not any(hits):
                common = sorted({p for lab in self.labs for p in lab.parents if p.isupper()})[:15]
                raise InvalidInputError(f"no lab has the parent body {parent!r}: try one of {', '.join(common)}")
            allowed &= hits
        if trl:
            low, high = trl
            allowed &= [lab.trl is not None and lab.trl[0] <= high and low <= lab.trl[1] for lab in self.labs]
        return allowed

    def _matches(self, need: str, row: sp.csr_matrix | np.ndarray, similarities: np.ndarray, best: list[int],
                 scores: np.ndarray, context: Sequence[Sequence[dict[str, str]]] | None) -> list[Match]:
        """:class:`Match` objects for the labs ``best``, each with its two best documents and the words
        they share with the need (explained together: one sparse product for all the labs)."""
        orders = []
        for j in best:
            start, size = self.index.starts_[j], self.index.sizes_[j]
            own = similarities[start : start + size]
            orders.append([(start + i, float(own[i])) for i in np.argsort(-own)[:2] if own[i] > 0])
        documents = self.index.documents_
        picked = [(k, d) for k, order in enumerate(orders) for d, _ in order]
        selector = sp.csr_matrix((np.ones(len(picked), dtype=documents.dtype),
                                  ([k for k, _ in picked], [d for _, d in picked])),
                                 shape=(len(best), documents.shape[0]))
        terms = self.index.embedder_.top_terms_batch(need, row, selector @ documents)
        matches = []
        for j, order, shared in zip(best, orders, terms):
            lab = self.labs[j]
            start = self.index.starts_[j]
            matches.append(Match(
                lab_id=lab.id, acronym=lab.acronym, name=lab.name, region=lab.region,
                score=float(scores[j]), detailed=lab.detailed, terms=tuple(shared),
                documents=tuple((self.titles[j][d - start], score) for d, score in order),
                context=tuple(context[j]) if context else (),
            ))
        return matches
