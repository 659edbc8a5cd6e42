"""The benchmarks' metrics, on examples small enough to check by hand."""

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
from goldstandard import pair_costs  # noqa: E402
from graph_temporal import expected_rank, name_pattern  # noqa: E402
from metrics import ndcg, reciprocal_rank  # noqa: E402

RATINGS = {"a": 5.0, "b": 3.0, "c": 1.0}  # pair weights: a-b 2, a-c 4, b-c 2 -> 8 in all


def loss(scores):
    cost, weight, *_ = pair_costs(scores, RATINGS)
    return cost / weight


def test_gold_standard_loss_is_zero_in_the_right_order_and_one_reversed():
    assert loss({"a": 0.9, "b": 0.5, "c": 0.1}) == 0.0
    assert loss({"a": 0.1, "b": 0.5, "c": 0.9}) == 1.0


def test_gold_standard_loss_weighs_pairs_by_rating_gap_and_halves_ties():
    assert loss({"a": 0.5, "b": 0.9, "c": 0.1}) == pytest.approx(2 / 8)  # only a-b wrong
    assert loss({"a": 0.5, "b": 0.5, "c": 0.5}) == 0.5  # a constant score
    assert loss({"a": 0.9, "b": 0.1, "c": 0.1}) == pytest.approx(1 / 8)  # b-c tied: half of 2


def test_easy_and_hard_pairs_count_ties_as_wrong():
    ratings = {"a": 5.0, "b": 4.0, "c": 2.0, "d": 3.0}  # easy: a-c, b-c; hard: a-b
    *_, easy_right, easy, hard_right, hard = pair_costs({"a": 0.5, "b": 0.5, "c": 0.1, "d": 0.2}, ratings)
    assert (easy_right, easy, hard_right, hard) == (2, 2, 0, 1)


def test_ndcg_and_reciprocal_rank():
    relevant = {"x": 2, "y": 1}
    assert ndcg(["x", "y", "z"], relevant, 5) == 1.0
    assert ndcg(["z", "w"], relevant, 5) == 0.0
    assert reciprocal_rank(["y", "z", "x"], relevant) == pytest.approx(1 / 3)


def test_tied_scores_count_the_mean_of_their_ranks():
    import numpy as np

    scores = np.array([0.5, 0.2, 0.2, 0.2, 0.0])
    assert expected_rank(scores, 0) == 1
    assert expected_rank(scores, 2) == 3  # ranks 2, 3 and 4 shared: 3 on average
    assert expected_rank(np.zeros(46), 7) == 23.5  # a system that cannot tell labs apart


def test_organisation_names_are_masked_from_the_company_words():
    from matcher.catalogue.reader import load_catalog

    catalog = load_catalog(Path(__file__).resolve().parents[1] / "fixtures" / "catalog")
    pattern = name_pattern(catalog)
    assert pattern.sub("_", "AgriBot works with ROBO and the hydrology lab HYDRO") == \
        "_ works with _ and the hydrology lab _"
