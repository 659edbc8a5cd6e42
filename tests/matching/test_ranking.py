import pytest

from matcher.catalogue.reader import load_catalog
from matcher.errors import InvalidInputError
from matcher.matching.ranking import LabRanker, check_need


@pytest.fixture
def ranker(catalog_dir, tmp_path):
    catalog = load_catalog(catalog_dir)
    return LabRanker(catalog.labs, glossary=list(catalog.glossary), cache_dir=tmp_path)


def ids(matches):
    return [m.lab_id for m in matches]


def test_french_need_finds_the_lab_described_only_in_english(ranker):
    [matches] = ranker.rank(["Robot désherbeur autonome pour la vigne"])
    assert ids(matches)[0] == "robo"


def test_english_need_finds_the_lab_described_only_in_french(ranker):
    [matches] = ranker.rank(["Forecasting river floods from satellite altimetry"])
    assert ids(matches)[0] == "hydro"


def test_a_thin_directory_entry_does_not_outrank_the_detailed_profile(ranker):
    # The directory entry "Crues et rivières" is made of the need's words only.
    [matches] = ranker.rank(["crues et rivières"])
    assert ids(matches)[:2] == ["hydro", "rnsr-100000002b"]
    assert "directory entry (RNSR): name and domain only" in matches[1].reasons


def test_reasons_name_the_terms_and_the_documents(ranker):
    [matches] = ranker.rank(["altimétrie satellite des rivières"])
    best = matches[0]
    assert best.lab_id == "hydro"
    assert best.documents[0][0] == "Équipe altimétrie"
    assert best.terms[:2] == ("rivières", "altimétrie satellite")  # the need's own words first
    assert best.reasons[0].startswith("shared terms: ")


def test_results_are_best_first_bounded_and_only_labs_with_shared_terms(ranker):
    batch = ranker.rank(["batteries lithium", "histoire moderne", "xylophone"], top=10)
    for matches in batch:
        scores = [m.score for m in matches]
        assert scores == sorted(scores, reverse=True) and all(0 < s <= 1 for s in scores)
    assert ids(batch[0])[0] == "batt" and ids(batch[1]) == ["rnsr-100000004d"] and batch[2] == []


@pytest.mark.parametrize("filters, allowed", [
    ({"region": "Occitanie"}, {"hydro", "rnsr-100000002b"}),
    ({"region": "auvergne-rhone-alpes"}, {"robo", "batt", "rnsr-100000004d"}),
    ({"department": "38"}, {"robo", "batt"}),
    ({"parent": "cnrs"}, {"hydro"}),
    ({"trl": (5, 9)}, {"robo", "batt"}),
])
def test_filters(ranker, filters, allowed):
    [matches] = ranker.rank(["rivières crues robots batteries histoire vigne"], **filters)
    assert set(ids(matches)) <= allowed and matches


@pytest.mark.parametrize("filters, message", [
    ({"region": "Bretagne"}, "unknown region 'Bretagne': choose one of Occitanie, Auvergne-Rhône-Alpes"),
    ({"department": "75"}, "no lab in department '75': the catalogue covers 31, 34, 38, 69"),
    ({"parent": "NASA"}, "no lab has the parent body 'NASA'"),
    ({"top": 0}, "top=0: ask for between 1 and 100 labs"),
])
def test_bad_filters_are_named(ranker, filters, message):
    with pytest.raises(InvalidInputError, match=message):
        ranker.rank(["rivières"], **filters)


@pytest.mark.parametrize("need, message", [
    ("", "the need is empty"),
    (" \n\t ", "the need is empty"),
    ("x" * 1_000_000, "the need is 1,000,000 characters long: at most 10,000 are accepted"),
    ("\x00\x01binary\x02", "contains 3 control or undecodable characters"),
    ("caf\udce9", "contains 1 control or undecodable character"),
    ("?! … ---", "the need has no words"),
])
def test_bad_needs_are_refused_with_a_clear_message(need, message):
    with pytest.raises(InvalidInputError, match=message):
        check_need(need)


def test_engine_ranking_follows_the_store(engine, catalog_dir):
    """Edit a lab, import again: the ranking reflects it without restarting anything."""
    [before] = engine.match(["cobalt"])
    assert ids(before) == ["batt"]
    path = catalog_dir / "labs" / "fixture.yaml"
    text = path.read_text(encoding="utf-8").replace("récupération du cobalt", "récupération du nickel")
    path.write_text(text, encoding="utf-8")
    engine.import_catalog()
    [after] = engine.match(["cobalt"])
    assert after == []


@pytest.mark.parametrize("seed", range(20))
def test_top_indices_equal_a_full_sort(seed):
    import numpy as np

    from matcher.matching.ranking import top_indices

    rng = np.random.default_rng(seed)
    n = int(rng.choice([0, 1, 5, 11, 300, 3000, 20_000]))
    scores = rng.choice([0.0, 0.0, 0.1, 0.5, 0.9], size=n).astype(np.float32)  # many ties
    scores = np.where(rng.random(n) < 0.3, rng.random(n, dtype=np.float32), scores)
    names = [f"lab{j % 7}" for j in range(n)]
    for top in (1, 3, 10, 100):
        for tie in (None, names.__getitem__):
            key = (lambda j: (-scores[j], j)) if tie is None else (lambda j: (-scores[j], names[j]))
            expected = sorted((j for j in range(n) if scores[j] > 0), key=key)[:top]
            assert top_indices(scores, top, tie=tie) == expected
