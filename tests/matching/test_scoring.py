import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matcher import score_profiles
from matcher.errors import InvalidInputError, UnknownNameError
from matcher.matching.scoring import ProfileIndex

PROFILES = [
    ["robots in vineyards", "humanoid robot control", "legged robot balance"],
    ["soil moisture from satellites"],
]


def test_shape_and_bounds():
    scores = score_profiles(["robot", "satellite soil", "unrelated words"], PROFILES, cache_dir=False)
    assert scores.shape == (3, 2) and scores.dtype == np.float32
    assert ((scores >= 0) & (scores <= 1)).all()
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
    # One feature in common (the stem of "télédétection") among the few of each side.
    assert without[0, 0] == 0 and with_glossary[0, 0] > 0.1 and with_glossary[0, 1] == 0


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


words = st.sampled_from(["robot", "vigne", "crue", "river", "flood", "satellite", "batterie", "lithium", "sol", "capteur", "drone"])
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


# The vectorised scoring gives the same floats as the straightforward code it replaced.

def _reference_aggregate(index, document_scores):
    """``aggregate_scores`` as first written: one reduceat per aggregation, a loop for topk."""
    starts, sizes = index.starts_, index.sizes_
    if index.aggregate == "max":
        result = np.maximum.reduceat(document_scores, starts, axis=1)
    elif index.aggregate == "mean":
        result = np.add.reduceat(document_scores, starts, axis=1) / sizes
    elif index.aggregate == "softmax":
        weights = np.exp((document_scores - 1.0) / index.temperature)
        result = np.add.reduceat(weights * document_scores, starts, axis=1) / np.add.reduceat(weights, starts, axis=1)
    else:
        result = np.empty((document_scores.shape[0], len(starts)), dtype=np.float32)
        for column, (start, size) in enumerate(zip(starts, sizes)):
            block = document_scores[:, start : start + size]
            take = min(index.k, size)
            result[:, column] = (-np.partition(-block, take - 1, axis=1)[:, :take]).mean(axis=1)
    return np.clip(result * index.evidence_, 0.0, 1.0).astype(np.float32)


@pytest.mark.parametrize("seed", range(6))
def test_vectorised_aggregation_equals_the_reference_loop(seed):
    rng = np.random.default_rng(seed)
    sizes = rng.choice([1, 1, 1, 2, 3, 7, 8, 9, 12, 20], size=rng.integers(1, 60))
    vocabulary = ["robot", "vigne", "crue", "river", "flood", "satellite", "batterie", "lithium", "sol", "capteur", "drone"]
    profiles = [[" ".join(rng.choice(vocabulary, 3)) for _ in range(size)] for size in sizes]
    index = ProfileIndex(cache_dir=False).fit(profiles)
    for n_queries in (1, 4):
        scores = rng.random((n_queries, int(sizes.sum())), dtype=np.float32)
        scores[rng.random(scores.shape) < 0.5] = 0.0  # most documents share nothing with a need
        scores[:, :3] = 0.25  # ties
        for aggregate in ("max", "mean", "softmax", "topk"):
            for k in (1, 2, 3, 5, 9):
                index.aggregate, index.k = aggregate, k
                np.testing.assert_array_equal(index.aggregate_scores(scores), _reference_aggregate(index, scores),
                                              err_msg=f"{aggregate}, k={k}, {n_queries} queries")


def test_similarities_equal_the_plain_sparse_product(catalog_dir):
    from matcher.catalogue.reader import load_catalog

    catalog = load_catalog(catalog_dir)
    index = ProfileIndex(glossary=list(catalog.glossary), cache_dir=False).fit(
        [[text for _, text in lab.profile()] for lab in catalog.labs])
    needs = ["Robot désherbeur autonome pour la vigne", "crues et rivières", "xylophone", "batteries lithium"]
    rows = index.embed(needs)
    expected = np.clip((rows @ index.documents_.T).toarray(), 0.0, 1.0)
    np.testing.assert_array_equal(index.similarities(rows), expected)
    np.testing.assert_array_equal(index.similarities(rows[1:2]), expected[1:2])
    dense = rows.toarray()  # an embedder with dense rows (no sparse shortcut)
    np.testing.assert_allclose(ProfileIndex.similarities(index, dense), expected, rtol=1e-6, atol=1e-7)


def test_an_unknown_embedder_option_is_refused_with_the_valid_ones():
    with pytest.raises(InvalidInputError, match=r"embedder 'tfidf' has no option bigram: its options are glossary, "):
        score_profiles(["rivers"], [["river floods"]], bigram=True, cache_dir=False)
