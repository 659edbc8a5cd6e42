"""The benchmarks' ranking metrics on one small ranking, every figure computed by hand.

Checks at 0 and 1 only (tests/bench/test_benchmark_metrics.py) let a wrong gain, a wrong
denominator or a grade-1 lab counted as ideal through; a ranking between the two does not.
"""

import math
import sys
from pathlib import Path

import pytest

# Imported as benchmarks.metrics, from the project root (or from mutmut's copy of it, under `make mutation`).
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from benchmarks.metrics import hit, ndcg, recall, reciprocal_rank, summarise  # noqa: E402

# Two ideal partners (b, e) and one relevant lab (c); e is never ranked.
RELEVANT = {"b": 2, "c": 1, "e": 2}
RANKED = ["a", "b", "c", "d"]


def discount(position):
    """log2(position + 1), for positions from 1."""
    return math.log2(position + 1)


def test_ndcg_uses_exponential_gains():
    # DCG@5: (2² − 1) / log2(3) + (2¹ − 1) / log2(4) = 1.8928 + 0.5 = 2.3928;
    # ideal order e, b, c: 3 / log2(2) + 3 / log2(3) + 1 / log2(4) = 3 + 1.8928 + 0.5 = 5.3928.
    dcg = 3 / discount(2) + 1 / discount(3)
    ideal = 3 / discount(1) + 3 / discount(2) + 1 / discount(3)
    assert ndcg(RANKED, RELEVANT, 5) == pytest.approx(dcg / ideal) == pytest.approx(0.4437, abs=1e-4)
    # Linear gains (g instead of 2^g − 1) would give 0.4683.


def test_ndcg_cuts_both_the_ranking_and_the_ideal_at_k():
    # @2: only a, b count; the ideal is two grade-2 labs: 3 / log2(3) / (3 + 3 / log2(3)) = 0.3869.
    assert ndcg(RANKED, RELEVANT, 2) == pytest.approx(0.3869, abs=1e-4)
    assert ndcg(RANKED, RELEVANT, 1) == 0.0


def test_recall_divides_by_the_relevant_labs_not_by_k():
    assert recall(RANKED, RELEVANT, 2) == pytest.approx(1 / 3)   # b of b, c, e (not 1 / 2)
    assert recall(RANKED, RELEVANT, 10) == pytest.approx(2 / 3)  # b and c (not 2 / 10)


def test_hit_and_reciprocal_rank_count_only_ideal_partners():
    assert hit(["a", "c", "d"], RELEVANT, 5) == 0.0       # c is relevant, not ideal
    assert hit(["a", "c", "d", "x", "y", "b"], RELEVANT, 5) == 0.0  # b is 6th
    assert hit(["a", "c", "d", "x", "b"], RELEVANT, 5) == 1.0
    assert reciprocal_rank(["a", "c", "b"], RELEVANT) == pytest.approx(1 / 3)  # not 1 / 2 for c
    assert reciprocal_rank(["a", "c"], RELEVANT) == 0.0


def test_summarise_averages_over_needs():
    needs = [{"relevant": RELEVANT}, {"relevant": {"a": 2}}]
    figures = summarise([RANKED, RANKED], needs)
    assert figures["n"] == 2
    assert figures["nDCG@5"] == pytest.approx((0.4437016 + 1.0) / 2)
    assert figures["recall@10"] == pytest.approx((2 / 3 + 1.0) / 2)
    assert figures["MRR"] == pytest.approx((1 / 2 + 1.0) / 2)
    assert figures["hit@5"] == pytest.approx((1.0 + 1.0) / 2)
    assert summarise([], [])["n"] == 0


def test_summarise_reads_each_metric_at_its_own_cut():
    # Twelve labs; the ideal partner 6th, the relevant lab 11th: a cut one place later than
    # 5 or 10 would change every figure.
    ranked = [f"p{i}" for i in range(1, 13)]
    figures = summarise([ranked], [{"relevant": {"p6": 2, "p11": 1}}])
    ideal = 3 / discount(1) + 1 / discount(2)
    assert figures == pytest.approx({
        "nDCG@5": 0.0,                              # nothing relevant in the first five
        "nDCG@10": (3 / discount(6)) / ideal,       # 0.2943: p6 only (with p11, 0.3711)
        "recall@10": 0.5,                           # p6 of p6, p11
        "MRR": 1 / 6,
        "hit@5": 0.0,
        "hit@10": 1.0,                              # p6, the ideal partner, is in the first ten
        "n": 1,
    })
    assert figures["nDCG@10"] == pytest.approx(0.2943, abs=1e-4)


def test_ndcg_without_any_relevant_lab_is_zero_and_grade_0_adds_nothing():
    assert ndcg(RANKED, {}, 5) == 0.0
    with_a_zero = {**RELEVANT, "z": 0}  # judged, not relevant: the ideal ranking gains nothing from it
    assert ndcg(RANKED, with_a_zero, 5) == pytest.approx(ndcg(RANKED, RELEVANT, 5))
