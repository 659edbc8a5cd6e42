"""The sentence-transformers backend and the hybrid, on a tiny model built locally (conftest)."""

import json
import socket
import time

import numpy as np
import pytest
import scipy.sparse as sp
from click.testing import CliRunner

from matcher.cli import cli
from matcher.errors import InvalidInputError, MissingDependencyError
from matcher.matching.embedders import fit_cached, get_embedder
from matcher.matching.embedders.sbert import load_model

pytest.importorskip("sentence_transformers")

DOCUMENTS = ["Weeding robots for vineyards", "Satellite altimetry of rivers", "Batteries lithium et électrolytes"]


def dense(rows):
    return rows.toarray() if sp.issparse(rows) else np.asarray(rows)


def cosines(embedder, queries, documents=DOCUMENTS):
    return dense(embedder.transform(queries) @ embedder.transform_documents(documents).T)


@pytest.fixture
def sbert(sbert_model, tmp_path):
    """Makes sbert embedders on the tiny model, caching embeddings in this test's folder."""
    return lambda **params: get_embedder("sbert", model=str(sbert_model), embedding_cache=tmp_path, **params)


def test_rows_are_the_models_normalised_embeddings(sbert, sbert_model):
    from sentence_transformers import SentenceTransformer

    rows = sbert().fit(DOCUMENTS).transform(DOCUMENTS + ["robots"])
    assert isinstance(rows, np.ndarray) and rows.dtype == np.float32 and rows.shape == (4, 256)
    np.testing.assert_allclose(np.linalg.norm(rows, axis=1), 1.0, rtol=1e-5)
    model = SentenceTransformer(str(sbert_model), device="cpu")
    expected = model.encode(DOCUMENTS + ["robots"], normalize_embeddings=True)
    np.testing.assert_allclose(rows, expected, atol=1e-6)


def test_texts_sharing_words_are_closer(sbert):
    # The tiny model is a bag of tokens: this checks that the backend keeps its geometry.
    scores = cosines(sbert().fit([]), ["robots in vineyards", "altimetry of the rivers"])
    assert scores[0].argmax() == 0 and scores[1].argmax() == 1
    assert scores[0, 0] > scores[0, 1] + 0.3


def spy_on_encode(embedder, monkeypatch):
    """The calls to the fitted embedder's model's ``encode``, as (texts, keyword arguments)."""
    calls = []
    encode = embedder.model_.encode
    monkeypatch.setattr(embedder.model_, "encode", lambda texts, **kw: calls.append((texts, kw)) or encode(texts, **kw))
    return calls


def test_embeddings_are_cached_on_disk_per_text(sbert, tmp_path, monkeypatch):
    first = sbert().fit([]).transform(DOCUMENTS)
    assert len(list(tmp_path.glob("sbert/*/*.npy"))) == 3
    embedder = sbert().fit([])
    calls = spy_on_encode(embedder, monkeypatch)
    again = embedder.transform(DOCUMENTS + ["a new need", DOCUMENTS[0]])
    assert [texts for texts, _ in calls] == [["a new need"]]  # only the text never seen, once
    np.testing.assert_array_equal(again[:3], first)
    np.testing.assert_array_equal(again[4], first[0])


def test_only_long_encodes_show_a_progress_bar(sbert_model, monkeypatch):
    embedder = get_embedder("sbert", model=str(sbert_model), embedding_cache=False).fit([])
    calls = spy_on_encode(embedder, monkeypatch)
    embedder.transform_documents([f"document {number}" for number in range(257)])
    embedder.transform(["one need"])
    assert [kw["show_progress_bar"] for _, kw in calls] == [True, False]


def test_a_changed_model_gets_new_vectors(build_sbert_model, tmp_path):
    folder = build_sbert_model(tmp_path / "model", seed=1)

    def embed():
        return get_embedder("sbert", model=str(folder), embedding_cache=tmp_path).fit([]).transform(DOCUMENTS)

    before = embed()
    build_sbert_model(folder, seed=2)  # retrained in place: same path, other weights
    after = embed()
    assert len(list(tmp_path.glob("sbert/*"))) == 2
    assert not np.allclose(before, after)


def test_fit_cache_keeps_parameters_not_the_model(sbert_model, tmp_path):
    fit_cached(get_embedder("sbert", model=str(sbert_model)), DOCUMENTS, tmp_path)
    (pickled,) = tmp_path.glob("*.pkl")
    assert pickled.stat().st_size < 2_000  # the model's weights alone weigh 1 MB
    loaded = fit_cached(get_embedder("sbert", model=str(sbert_model)), DOCUMENTS, tmp_path)
    assert not hasattr(loaded, "model_")
    assert loaded.transform(["robots"]).shape == (1, 256)  # the model is reloaded on first use


def test_a_missing_model_folder_is_named_with_where_to_put_it(tmp_path):
    with pytest.raises(MissingDependencyError) as error:
        get_embedder("sbert", model=str(tmp_path / "models" / "minilm")).fit([])
    message = str(error.value)
    assert f"sbert model folder '{tmp_path / 'models' / 'minilm'}' does not exist" in message
    assert "never downloads" in message and "TANDEM_SBERT_MODEL" in message and "Neural backend" in message


@pytest.fixture
def lookups(monkeypatch):
    """Host names looked up (every connection starts with one); each lookup fails at once."""
    hosts = []

    def lookup(host, *args, **kwargs):
        hosts.append(host)
        raise OSError("no network in tests")

    monkeypatch.setattr(socket, "getaddrinfo", lookup)
    return hosts


def test_a_model_folder_loads_without_the_network(sbert_model, lookups):
    model, _ = load_model(str(sbert_model))
    model.encode(["robots"])
    assert lookups == []


def test_a_model_name_missing_from_the_cache_fails_at_once(lookups):
    start = time.monotonic()
    with pytest.raises(MissingDependencyError, match=r"sbert model 'no-such/model-x' not found.*save\('model-x'\)"):
        load_model("no-such/model-x")
    # A download attempt retries for a minute; huggingface_hub itself may look up the Hub once.
    assert time.monotonic() - start < 5 and len(lookups) <= 1


def test_a_folder_without_a_model_is_refused(tmp_path):
    with pytest.raises(MissingDependencyError, match="holds no sentence-transformers model"):
        load_model(str(tmp_path))


@pytest.mark.parametrize("weight", [0.0, 0.3, 1.0])
def test_hybrid_scores_mix_tfidf_and_sbert(sbert_model, weight):
    queries = ["robots for the vines", "altimetry of rivers"]
    hybrid = get_embedder("hybrid", weight=weight, model=str(sbert_model)).fit(DOCUMENTS)
    rows = hybrid.transform(queries)
    np.testing.assert_allclose(sp.linalg.norm(rows, axis=1), 1.0, rtol=1e-5)
    lexical = cosines(get_embedder("tfidf").fit(DOCUMENTS), queries)
    neural = cosines(get_embedder("sbert", model=str(sbert_model)).fit([]), queries)
    np.testing.assert_allclose(cosines(hybrid, queries), weight * lexical + (1 - weight) * neural, atol=1e-6)


def test_hybrid_explains_with_tfidf_words(sbert_model):
    query = "altimetry for rivers"
    tfidf = get_embedder("tfidf").fit(DOCUMENTS)
    expected = tfidf.top_terms(query, tfidf.transform([query]), tfidf.transform_documents([DOCUMENTS[1]]))
    for weight, terms in [(0.5, expected), (0.0, [])]:  # weight 0: TF-IDF has no share to explain
        hybrid = get_embedder("hybrid", weight=weight, model=str(sbert_model)).fit(DOCUMENTS)
        assert hybrid.top_terms(query, hybrid.transform([query]), hybrid.transform_documents([DOCUMENTS[1]])) == terms
    assert expected == ["altimetry rivers"]


@pytest.mark.parametrize("weight", [-0.1, 1.5, float("nan"), "half"])
def test_hybrid_refuses_a_weight_outside_0_1(sbert_model, weight):
    with pytest.raises(InvalidInputError, match=r"hybrid weight .*: use a number between 0 .* and 1"):
        get_embedder("hybrid", weight=weight, model=str(sbert_model)).fit(DOCUMENTS)


@pytest.fixture
def invoke(engine, settings):
    """Runs ``matcher`` on the imported fixture catalogue, with extra environment variables."""

    def run(*args, **env):
        env = {"TANDEM_DATABASE_URL": settings.database_url, "TANDEM_CACHE_DIR": str(settings.cache_dir), **env}
        return CliRunner().invoke(cli, list(args), env=env, catch_exceptions=False)

    return run


def test_matcher_match_with_the_sbert_embedder(invoke, sbert_model):
    result = invoke("match", "weeding robots for vineyards", "--embedder", "sbert", "--model", str(sbert_model),
                    "--json")
    assert result.exit_code == 0, result.output
    matches = json.loads(result.output)[0]["matches"]
    assert matches[0]["lab_id"] == "robo" and matches[0]["terms"] == []


def test_matcher_match_with_the_hybrid_from_the_environment(invoke, sbert_model):
    result = invoke("match", "crues des rivières", "--json",
                    TANDEM_EMBEDDER="hybrid", TANDEM_SBERT_MODEL=str(sbert_model), TANDEM_HYBRID_WEIGHT="0.7")
    assert result.exit_code == 0, result.output
    best = json.loads(result.output)[0]["matches"][0]
    assert best["lab_id"] == "hydro" and best["terms"]  # TF-IDF's words explain the hybrid's score


@pytest.mark.parametrize("args, env, message", [
    (["--embedder", "bert"], {}, "unknown embedder 'bert': choose one of hybrid, sbert, tfidf"),
    (["--model", "models/minilm"], {}, "--model is for the sbert and hybrid embedders, not tfidf"),
    (["--embedder", "sbert", "--model", "/no/models/minilm"], {}, "sbert model folder '/no/models/minilm' does not exist"),
    (["--embedder", "hybrid"], {"TANDEM_HYBRID_WEIGHT": "half"}, "TANDEM_HYBRID_WEIGHT='half': use a number"),
])
def test_a_bad_embedder_option_gets_one_line(invoke, args, env, message):
    result = invoke("match", "crues", *args, **env)
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: {message}") and result.output.count("\n") == 1
