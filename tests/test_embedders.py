"""The contract every embedder keeps, run on each registered one."""

import numpy as np
import pytest
import scipy.sparse as sp

from matcher.embedders import EMBEDDERS, fit_cached, get_embedder
from matcher.errors import UnknownNameError

TEXTS = ["Robots mobiles pour la vigne", "Satellite altimetry of rivers", "Batteries lithium et électrolytes"]


def dense(rows):
    return rows.toarray() if sp.issparse(rows) else np.asarray(rows)


@pytest.mark.parametrize("name", sorted(EMBEDDERS))
def test_rows_are_unit_norm_float32(name):
    embedder = get_embedder(name)
    assert embedder.fit(TEXTS) is embedder
    rows = dense(embedder.transform(TEXTS + ["altimetry"]))
    assert rows.dtype == np.float32 and rows.shape[0] == 4
    np.testing.assert_allclose(np.linalg.norm(rows, axis=1), 1.0, rtol=1e-5)


@pytest.mark.parametrize("name", sorted(EMBEDDERS))
def test_a_text_is_closest_to_itself(name):
    embedder = get_embedder(name).fit(TEXTS)
    rows = dense(embedder.transform(TEXTS))
    similarities = rows @ rows.T
    assert (similarities.argmax(axis=1) == np.arange(len(TEXTS))).all()


def test_unknown_names_are_refused_with_the_valid_ones():
    with pytest.raises(UnknownNameError, match=r"unknown embedder 'bert': choose one of tfidf"):
        get_embedder("bert")


def test_tfidf_explains_with_readable_words():
    embedder = get_embedder("tfidf").fit(TEXTS)
    query, doc = embedder.transform(["altimetry for rivers", TEXTS[1]])
    terms = embedder.top_terms("altimetry for rivers", query, doc)
    # The pair of words counts as a phrase; its words are not repeated on their own.
    assert terms == ["altimetry rivers"]


def test_char_ngrams_link_cognates():
    plain = get_embedder("tfidf").fit(TEXTS)
    chars = get_embedder("tfidf", char_weight=0.5).fit(TEXTS)
    q = "robotique"
    assert dense(plain.transform([q]) @ plain.transform([TEXTS[0]]).T)[0, 0] == 0.0  # 'robotique' is not 'robots'
    assert dense(chars.transform([q]) @ chars.transform([TEXTS[0]]).T)[0, 0] > 0.1


def test_fitted_models_are_cached_by_content(tmp_path):
    first = fit_cached(get_embedder("tfidf"), TEXTS, tmp_path)
    assert len(list(tmp_path.glob("*.pkl"))) == 1
    again = fit_cached(get_embedder("tfidf"), TEXTS, tmp_path)
    assert again is not first and again.vectorizer_.vocabulary_ == first.vectorizer_.vocabulary_
    fit_cached(get_embedder("tfidf"), TEXTS + ["one more text"], tmp_path)
    fit_cached(get_embedder("tfidf", sublinear_tf=False), TEXTS, tmp_path)
    assert len(list(tmp_path.glob("*.pkl"))) == 3  # other texts or parameters: another model
