"""The contract every embedder keeps, run on each registered one."""

import sys

import numpy as np
import pytest
import scipy.sparse as sp

from matcher.errors import MissingDependencyError, UnknownNameError
from matcher.matching.embedders import EMBEDDERS, embedder_params, fit_cached, get_embedder

TEXTS = ["Robots mobiles pour la vigne", "Satellite altimetry of rivers", "Batteries lithium et électrolytes"]


def dense(rows):
    return rows.toarray() if sp.issparse(rows) else np.asarray(rows)


@pytest.fixture(params=sorted(EMBEDDERS))
def new_embedder(request):
    """Makes unfitted embedders of each registered name; those that load a model get the tiny test model."""
    params = {}
    if embedder_params(request.param, model="any"):
        params["model"] = str(request.getfixturevalue("sbert_model"))
    return lambda: get_embedder(request.param, **params)


def test_rows_are_unit_norm_float32(new_embedder):
    embedder = new_embedder()
    assert embedder.fit(TEXTS) is embedder
    rows = dense(embedder.transform(TEXTS + ["altimetry"]))
    assert rows.dtype == np.float32 and rows.shape[0] == 4
    np.testing.assert_allclose(np.linalg.norm(rows, axis=1), 1.0, rtol=1e-5)


def test_a_text_is_closest_to_itself(new_embedder):
    embedder = new_embedder().fit(TEXTS)
    rows = dense(embedder.transform(TEXTS))
    similarities = rows @ rows.T
    assert (similarities.argmax(axis=1) == np.arange(len(TEXTS))).all()


def test_unknown_names_are_refused_with_the_valid_ones():
    with pytest.raises(UnknownNameError, match=r"unknown embedder 'bert': choose one of hybrid, sbert, tfidf"):
        get_embedder("bert")


def test_tfidf_explains_with_readable_words():
    embedder = get_embedder("tfidf").fit(TEXTS)
    query, doc = embedder.transform(["altimetry for rivers", TEXTS[1]])
    terms = embedder.top_terms("altimetry for rivers", query, doc)
    # The pair of words counts as a phrase; its words are not repeated on their own.
    assert terms == ["altimetry rivers"]


def test_tfidf_shows_only_phrases_the_query_wrote():
    embedder = get_embedder("tfidf").fit(["capteurs pour la mesure", "robots agricoles"])
    need = "capteurs autonomes de mesure"
    query, doc = embedder.transform([need, "capteurs pour la mesure"])
    # "capteurs ... mesure" matches as a pair of words two apart in the need: shown as two words.
    assert sorted(embedder.top_terms(need, query, doc)) == ["capteurs", "mesure"]


def test_char_ngrams_link_cognates():
    plain = get_embedder("tfidf").fit(TEXTS)
    chars = get_embedder("tfidf", char_weight=0.5).fit(TEXTS)
    q = "robotisation"
    assert dense(plain.transform([q]) @ plain.transform([TEXTS[0]]).T)[0, 0] == 0.0  # 'robotis' is not 'robot'
    assert dense(chars.transform([q]) @ chars.transform([TEXTS[0]]).T)[0, 0] > 0.1


def test_a_query_whose_language_cannot_be_told_is_stemmed_in_both():
    """'robotique' alone has no function word nor accent: read as English it would miss the French 'robots'."""
    embedder = get_embedder("tfidf").fit(TEXTS)
    documents = embedder.transform_documents(TEXTS)
    assert dense(embedder.transform(["robotique"]) @ documents.T)[0, 0] > 0.3
    assert dense(embedder.transform(["la robotique"]) @ documents.T)[0, 0] > 0.3  # French, told by "la"


def test_fitted_models_are_cached_by_content(tmp_path):
    first = fit_cached(get_embedder("tfidf"), TEXTS, tmp_path)
    assert len(list(tmp_path.glob("*.pkl"))) == 1
    again = fit_cached(get_embedder("tfidf"), TEXTS, tmp_path)
    assert again is not first and again.vectorizer_.vocabulary_ == first.vectorizer_.vocabulary_
    fit_cached(get_embedder("tfidf"), TEXTS + ["one more text"], tmp_path)
    fit_cached(get_embedder("tfidf", sublinear_tf=False), TEXTS, tmp_path)
    assert len(list(tmp_path.glob("*.pkl"))) == 3  # other texts or parameters: another model


@pytest.mark.parametrize("name", ["sbert", "hybrid"])
def test_without_the_neural_extra_the_error_says_what_to_install(name, monkeypatch):
    monkeypatch.setitem(sys.modules, "sentence_transformers", None)  # makes the import fail
    with pytest.raises(MissingDependencyError) as error:
        get_embedder(name).fit(TEXTS)
    assert 'pip install "tandem-matcher[neural]"' in str(error.value) and "torch==2.13.0" in str(error.value)
