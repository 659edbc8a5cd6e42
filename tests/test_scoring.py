import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matcher import score_profiles
from matcher.errors import InvalidInputError, UnknownNameError
from matcher.scoring import ProfileIndex

PROFILES = [
    ["robots in vineyards", "humanoid robot control", "legged robot balance"],
    ["soil moisture from satellites"],
]


def test_shape_and_bounds():
    scores = score_profiles(["robot", "satellite soil", "unrelated words"], PROFILES, cache_dir=False)
    assert scores.shape == (3, 2) and scores.dtype == np.float32
    assert ((0 <= scores) & (scores <= 1)).all()
    assert scores[0].argmax() == 0 and scores[1].argmax() == 1
    assert (scores[2] == 0).all()


def test_aggregations_on_hand_checked_document_scores():
    index = ProfileIndex(evidence=0, cache_dir=False).fit([["robot"], ["flood", "river", "drone"]])
    docs = np.array([[0.2, 0.9, 0.3, 0.0]], dtype=np.float32)
    for aggregate, expected in [("max", [0.2, 0.9]), ("mean", [0.2, 0.4]), ("topk", [0.2, 0.6])]:
        index.aggregate = aggregate
        np.testing.assert_allclose(index.aggregate_scores(docs), [expected], rtol=1e-5)
    index.aggregate = "softmax"
    soft = index.aggregate_scores(docs)[0]
    assert 0.3 < soft[1] < 0.9  # between the mean and the max


def test_thin_profiles_are_shrunk():
    """A one-line profile that contains the query's words does not beat a rich profile about it."""
    rich = ["river floods and discharge forecasting with hydrological models",
            "flood risk mapping of rivers from satellite altimetry", "sediment transport in rivers during floods"]
    thin = ["river floods"]
    scores = score_profiles(["forecasting river floods"], [rich, thin], cache_dir=False)
    assert scores[0, 0] > scores[0, 1] > 0
    unshrunk = score_profiles(["forecasting river floods"], [rich, thin], evidence=0, cache_dir=False)
    assert unshrunk[0, 1] > unshrunk[0, 0]  # what would happen without it


def test_glossary_crosses_languages():
    profiles = [["télédétection des sols par satellite"], ["robots pour la vigne"]]
    without = score_profiles(["remote sensing"], profiles, evidence=0, cache_dir=False)
    with_glossary = score_profiles(["remote sensing"], profiles, evidence=0, cache_dir=False,
                                   glossary=[{"fr": ["télédétection"], "en": ["remote sensing"]}])
    assert without[0, 0] == 0 and with_glossary[0, 0] > 0.2 and with_glossary[0, 1] == 0


def test_a_profile_with_no_text_is_refused():
    with pytest.raises(InvalidInputError, match="profile 1 has no text"):
        score_profiles(["robot"], [["robot"], ["", "  "]], cache_dir=False)


def test_unknown_options_are_refused():
    with pytest.raises(InvalidInputError, match="unknown aggregation 'median'"):
        score_profiles(["robot"], [["robot"]], aggregate="median", cache_dir=False)
    with pytest.raises(UnknownNameError, match="unknown embedder"):
        score_profiles(["robot"], [["robot"]], embedder="nope", cache_dir=False)


def test_no_queries_or_no_profiles():
    assert score_profiles([], PROFILES).shape == (0, 2)
    assert score_profiles(["robot"], []).shape == (1, 0)


words = st.sampled_from("robot vigne crue river flood satellite batterie lithium sol capteur drone".split())
texts = st.lists(words, min_size=1, max_size=6).map(" ".join)


@settings(max_examples=40, deadline=None)
@given(queries=st.lists(texts, min_size=1, max_size=4),
       profiles=st.lists(st.lists(texts, min_size=1, max_size=3), min_size=1, max_size=5),
       aggregate=st.sampled_from(["max", "mean", "topk", "softmax"]))
def test_scores_are_bounded_for_any_input(queries, profiles, aggregate):
    scores = score_profiles(queries, profiles, aggregate=aggregate, cache_dir=False)
    assert scores.shape == (len(queries), len(profiles))
    assert np.isfinite(scores).all() and (scores >= 0).all() and (scores <= 1 + 1e-6).all()


@settings(max_examples=30, deadline=None)
@given(profiles=st.lists(st.lists(texts, min_size=1, max_size=3), min_size=2, max_size=5))
def test_a_query_equal_to_a_one_document_profile_ranks_it_first(profiles):
    profiles = profiles + [["vigne lithium drone capteur"]]
    scores = score_profiles(["vigne lithium drone capteur"], profiles, aggregate="max", evidence=0, cache_dir=False)
    assert scores[0, -1] == pytest.approx(scores[0].max())
