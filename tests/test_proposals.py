"""Partnership proposals and the scheme commands, on the fixture catalogue (tests/fixtures/catalog).

Its three schemes (schemes.yaml) make the answers checkable by hand: RiverCo (Occitanie,
founded 2019, small) and AgriBot (Auvergne-Rhône-Alpes, founded 2012, medium); labs HYDRO
(Occitanie, CNRS), ROBO (Auvergne-Rhône-Alpes, INRIA) and BATT (Auvergne-Rhône-Alpes, CEA).
"""

import json

import pytest

from matcher.errors import InvalidInputError, UnknownNameError


def test_a_need_gets_labs_with_the_schemes_the_pair_reaches(engine):
    proposals = engine.propose("riverco-levels", top=1)
    assert [p.match.lab_id for p in proposals] == ["hydro"]
    hydro = proposals[0]
    # The status scheme does not depend on the lab: it is not a partnership scheme.
    assert [(v.scheme_id, v.verdict) for v in hydro.reachable] == [("occitanie-pair", "possibly_eligible")]
    assert hydro.near_misses == ()  # CEA Regional fails twice: wrong region and no CEA institute
    assert hydro.explanation("en").startswith("HYDRO fits the need (")
    assert "Schemes within reach: Occitanie Pair (possibly eligible)." in hydro.explanation("en")
    assert "Dispositifs accessibles : Occitanie Pair (peut-être éligible)." in hydro.explanation("fr")


def test_a_scheme_missed_by_one_criterion_says_what_to_change(engine):
    robo = engine.propose("agribot-vision", top=1)[0]
    assert robo.match.lab_id == "robo"
    assert robo.reachable == ()
    assert [v.scheme_id for v in robo.near_misses] == ["cea-regional"]
    assert robo.explanation("en").endswith(
        "No partnership scheme within reach as things stand. "
        "CEA Regional: the partner must be a CEA institute (CEA-Leti, CEA-Liten, CEA-List…).")


def test_a_free_text_need_with_inline_company_facts(engine):
    company = engine.company_facts(headcount=12, founded=2021, region="Auvergne-Rhône-Alpes")
    proposals = engine.propose(text="batteries lithium vieillissement", company=company, top=1, trl="5")
    assert proposals[0].match.lab_id == "batt"
    assert [(v.scheme_id, v.verdict) for v in proposals[0].reachable] == [("cea-regional", "possibly_eligible")]
    # possibly: the size needs a turnover or balance sheet, the staff count alone does not tell micro from small
    assert proposals[0].to_dict()["need"] == {"id": None, "title": "batteries lithium vieillissement",
                                              "company_id": None}


def test_a_lab_sees_the_open_needs_that_suit_it(engine):
    proposals = engine.propose_for_lab("hydro")
    assert [p.need["id"] for p in proposals][0] == "riverco-levels"
    assert all(p.match.lab_id == "hydro" for p in proposals)


def test_check_schemes_for_a_catalogue_company(engine):
    verdicts = engine.check_schemes(engine.company_facts("agribot"), ["batt"], trl="5")
    assert [(v.scheme_id, v.verdict) for v in verdicts] == [
        ("cea-regional", "eligible"), ("young-sme", "not_eligible"), ("occitanie-pair", "not_eligible")]
    young = verdicts[1]
    assert young.to_recheck is True  # rules read 2020-06-01
    assert young.missing[0]["en"] == "the company is 8 years old or more (founded in 2012)"


def test_unknown_ids_are_named_with_close_matches(engine):
    with pytest.raises(UnknownNameError, match="unknown lab 'hydr': did you mean hydro?"):
        engine.check_schemes(engine.company_facts("riverco"), ["hydr"])
    with pytest.raises(UnknownNameError, match="unknown company 'zzz': no company has this id in the store"):
        engine.company_facts("zzz")
    with pytest.raises(UnknownNameError, match="unknown need"):
        engine.propose("riverco")
    with pytest.raises(InvalidInputError, match="describe the company"):
        engine.propose(text="batteries")


def test_cli_schemes_list_and_check(imported):
    listing = imported("schemes", "list")
    assert listing.exit_code == 0
    assert listing.output.splitlines()[0].split()[:2] == ["cea-regional", "CEA"]
    result = imported("schemes", "check", "--company", "agribot", "--lab", "batt", "--trl", "5", "--json")
    payload = json.loads(result.output)
    assert payload[0]["scheme_id"] == "cea-regional" and payload[0]["verdict"] == "eligible"
    assert payload[0]["criteria"][2] == {
        "test": "lab_required", "status": "pass", "confidence": "high", "missing": None,
        "reason": {"fr": "BATT : un institut du CEA (CEA-Leti, CEA-Liten, CEA-List…)",
                   "en": "BATT: a CEA institute (CEA-Leti, CEA-Liten, CEA-List…)"},
        "source": {"title": "Regional call text", "url": "https://example.org/cea-regional", "date": "2026-01-15"}}
    text = imported("schemes", "check", "--headcount", "40", "--founded", "2020", "--region", "Occitanie",
                    "--lab", "robo", "--scheme", "occitanie-pair", "--lang", "fr")
    assert text.exit_code == 0
    assert "Occitanie Pair: non éligible" in text.output
    assert "✗ hors région : ROBO (Auvergne-Rhône-Alpes)" in text.output
    assert "→ le laboratoire partenaire doit être en Occitanie" in text.output


@pytest.mark.parametrize("args, message", [
    (["schemes", "check", "--company", "riverco", "--scheme", "easytek"], "unknown scheme 'easytek'"),
    (["schemes", "check", "--headcount", "-4", "--founded", "2020", "--region", "Occitanie"], "headcount -4 is negative"),
    (["schemes", "check", "--headcount", "4", "--founded", "2099", "--region", "Occitanie"], "founding year 2099"),
    (["schemes", "check", "--company", "riverco", "--headcount", "4"], "give either --company ID or the inline"),
    (["schemes", "check", "--company", "riverco", "--budget", "0"], "budget 0.0 is not valid"),
    (["propose"], "give one of NEED_ID"),
    (["propose", "riverco-levels", "--headcount", "4"], "--headcount: the inline company facts go with --text"),
    (["propose", "--text", "crues", "--headcount", "4"], "describe the company with --founded, --region"),
    (["propose", "--lab", "hydro", "--budget", "5000"], "--budget: the project figures go with a need"),
])
def test_cli_bad_input_is_one_clear_line(imported, args, message):
    result = imported(*args)
    assert result.exit_code == 1
    assert message in result.output and "Traceback" not in result.output


def test_cli_propose_for_a_need_and_for_a_lab(imported):
    payload = json.loads(imported("propose", "agribot-vision", "--top", "1", "--json").output)
    assert payload[0]["lab"]["lab_id"] == "robo"
    assert payload[0]["near_misses"] == [{"scheme_id": "cea-regional", "name": "CEA Regional", "missing": [
        {"fr": "le partenaire doit être un institut du CEA (CEA-Leti, CEA-Liten, CEA-List…)",
         "en": "the partner must be a CEA institute (CEA-Leti, CEA-Liten, CEA-List…)"}]}]
    text = imported("propose", "--lab", "hydro", "--top", "1")
    assert text.output.startswith(" 1. ") and "riverco-levels: Niveau des rivières" in text.output


def test_with_a_graph_weight_the_company_collaborations_weigh_in_with_their_reasons(settings):
    import dataclasses

    from matcher.engine import Engine

    engine = Engine(dataclasses.replace(settings, graph_weight=0.5))
    engine.import_catalog()
    robo = engine.propose("agribot-vision", top=1)[0]
    assert robo.match.context[0]["en"] == "already partners (CIFRE PhD, 2018–2021)"
    assert "Already partners (CIFRE PhD, 2018–2021)." in robo.explanation("en")
    plain = Engine(settings).propose("agribot-vision", top=1)[0]
    assert plain.match.context == () and "Already partners" not in plain.explanation("en")
