from matcher.matching.text import Glossary, fold, guess_language, stems, words


def test_words_drop_french_elisions_and_split_hyphens():
    assert words("L'analyse d’images multi-spectrales") == ["analyse", "images", "multi", "spectrales"]


def test_fold_removes_accents_and_case():
    assert fold("Télédétection ÉLECTROLYSE") == "teledetection electrolyse"


def test_language_is_guessed_from_function_words():
    assert guess_language(words("nous cherchons un laboratoire pour la mesure des crues")) == "fr"
    assert guess_language(words("we are looking for a lab to measure the floods")) == "en"


def test_plural_and_singular_share_a_stem_in_each_language():
    assert stems("rivières")[0] == stems("rivière")[0]
    assert stems("the batteries")[0] == stems("the battery")[0]


def test_stop_words_and_numbers_are_dropped():
    assert stems("les capteurs de 2024 et la mesure") == stems("capteurs mesure")


def test_glossary_adds_the_other_language_terms_only():
    glossary = Glossary([{"fr": ["crue", "inondation"], "en": ["flood"]}])
    added = glossary.expand(stems("prévision des crues"))
    assert added == [tuple(stems("inondation", "fr")), tuple(stems("flood", "en"))]
    assert glossary.expand(stems("batterie lithium")) == []


def test_glossary_matches_multi_word_terms():
    glossary = Glossary([{"fr": ["télédétection"], "en": ["remote sensing"]}])
    assert glossary.expand(stems("remote sensing of soils", "en")) == [tuple(stems("télédétection", "fr"))]
    # The two words apart are not the term.
    assert glossary.expand(stems("remote areas, sensing devices", "en")) == []
