"""The scorer's defaults, pinned on document scores small enough to aggregate by hand.

The defaults were chosen on the development needs (benchmarks/README.md); a changed default
moves every ranking, so each one is checked by its effect, not only by its value.
"""

import math

import numpy as np
import pytest

from matcher.errors import InvalidInputError
from matcher.matching.scoring import ProfileIndex, score_profiles

DOCUMENT_SCORES = np.array([[0.9, 0.3, 0.0]], dtype=np.float32)  # one query, one profile of three documents


def aggregate(**options):
    """The aggregated score of DOCUMENT_SCORES, without the evidence shrinkage unless asked."""
    options.setdefault("evidence", 0)
    index = ProfileIndex(cache_dir=False, **options).fit([["river", "flood", "drone"]])
    return float(index.aggregate_scores(DOCUMENT_SCORES)[0, 0])


def test_by_default_a_profile_is_the_softmax_weighted_mean_of_its_documents_at_temperature_0_2():
    # Weights exp((s - 1) / 0.2): e^-0.5 = 0.60653, e^-3.5 = 0.03020, e^-5 = 0.00674;
    # (0.9 × 0.60653 + 0.3 × 0.03020 + 0) / (0.60653 + 0.03020 + 0.00674) = 0.55494 / 0.64347 = 0.8624.
    assert aggregate() == pytest.approx(0.8624, abs=1e-4)
    assert aggregate() == pytest.approx(aggregate(aggregate="softmax", temperature=0.2), abs=1e-7)


@pytest.mark.parametrize("options, expected", [
    ({"aggregate": "mean"}, 0.4),                       # (0.9 + 0.3 + 0) / 3
    ({"aggregate": "max"}, 0.9),
    ({"aggregate": "topk"}, 0.6),                       # default k = 2: (0.9 + 0.3) / 2
    ({"aggregate": "topk", "k": 3}, 0.4),
    ({"temperature": 1.0}, 0.5445),                     # weights e^-0.1, e^-0.7, e^-1
    ({"temperature": 0.05}, 0.9),                       # nearly the best document
])
def test_each_other_choice_gives_another_score(options, expected):
    assert aggregate(**options) == pytest.approx(expected, abs=1e-4)
    assert aggregate(**options) != pytest.approx(aggregate(), abs=1e-3)


def test_the_softmax_figures_by_hand():
    def softmax_mean(temperature):
        weights = [math.exp((s - 1.0) / temperature) for s in (0.9, 0.3, 0.0)]
        return sum(w * s for w, s in zip(weights, (0.9, 0.3, 0.0))) / sum(weights)

    assert softmax_mean(0.2) == pytest.approx(0.8624, abs=1e-4)
    assert softmax_mean(1.0) == pytest.approx(0.5445, abs=1e-4)


def test_by_default_a_profile_of_n_distinct_words_is_shrunk_by_n_over_n_plus_100():
    index = ProfileIndex(cache_dir=False).fit([["river flood drone"], ["river"]])  # 3 and 1 distinct words
    scores = index.aggregate_scores(np.array([[0.5, 0.5]], dtype=np.float32))
    assert scores[0].tolist() == pytest.approx([0.5 * 3 / 103, 0.5 * 1 / 101])


def test_the_default_embedder_is_tfidf():
    assert ProfileIndex().embedder == "tfidf"


def test_scores_are_float32_even_when_there_is_nothing_to_score():
    index = ProfileIndex(cache_dir=False).fit([["river flood drone", "robot arm"], ["soil satellite"]])
    assert index.similarities(index.embed(["river robot"])).dtype == np.float32
    assert score_profiles([], [["river"]]).dtype == np.float32
    assert score_profiles(["river"], []).shape == (1, 0) and score_profiles(["river"], []).dtype == np.float32


def test_score_profiles_fits_on_the_queries_too_and_caches_nothing_by_default(tmp_path, monkeypatch):
    monkeypatch.setenv("TANDEM_CACHE_DIR", str(tmp_path))
    profiles, queries = [["river flood drone"], ["river soil"]], ["river river flood"]
    scores = score_profiles(queries, profiles)  # no cache_dir: the fit depends on the queries
    assert list(tmp_path.iterdir()) == []
    with_queries = ProfileIndex(cache_dir=False).fit(profiles, extra_texts=queries).score(queries)
    without = ProfileIndex(cache_dir=False).fit(profiles).score(queries)
    assert scores.tolist() == with_queries.tolist()
    assert scores[0].tolist() != pytest.approx(without[0].tolist())  # the queries' words change the idf


def test_topk_takes_the_k_best_documents_whatever_their_order():
    index = ProfileIndex(cache_dir=False, evidence=0, aggregate="topk").fit([["river", "flood", "drone", "soil"]])
    scores = np.array([[0.1, 0.9, 0.3, 0.5]], dtype=np.float32)
    assert float(index.aggregate_scores(scores)[0, 0]) == pytest.approx((0.9 + 0.5) / 2)


def test_an_unknown_aggregation_names_the_choices():
    message = "^unknown aggregation 'median': choose one of max, mean, topk, softmax$"
    with pytest.raises(InvalidInputError, match=message):
        ProfileIndex(aggregate="median")


def test_the_fit_is_cached_in_the_folder_given(tmp_path):
    ProfileIndex(cache_dir=tmp_path).fit([["river flood drone"], ["soil satellite"]])
    assert len(list(tmp_path.glob("*.pkl"))) == 1
