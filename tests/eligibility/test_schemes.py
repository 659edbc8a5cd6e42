"""Scheme verdicts at every rule boundary, on hand-made cases whose answers are known."""

import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matcher.catalogue.reader import load_catalog
from matcher.eligibility.criteria import Case, CompanyFacts, size_class
from matcher.eligibility.schemes import company_facts, evaluate, evaluate_all, find_scheme, project_facts
from matcher.errors import DataError, InvalidInputError, UnknownNameError
from matcher.records.schemes import Scheme

TODAY = datetime.date(2026, 11, 21)


def scheme(*criteria, rules_read="2026-01-01"):
    return Scheme.from_dict({
        "id": "s", "name": "S", "kind": "grant", "scope": "France", "funds": "company", "lab_partner": "optional",
        "summary": {"fr": "s", "en": "s"}, "rules_read": rules_read, "confidence": "high",
        "sources": [{"title": "Call text", "url": "https://example.org/s"}],
        "criteria": [{"confidence": "high", "source": 0, **c} for c in criteria],
    })


def company(headcount=(20, 20), founded=2020, region="Occitanie", turnover=None, balance_sheet=None, **more):
    return CompanyFacts("Co", tuple(headcount), founded, region, turnover, balance_sheet, **more)


@pytest.fixture(scope="module")
def labs():
    return {lab.id: lab for lab in load_catalog("tests/fixtures/catalog").labs}


def check(criterion, **case):
    case.setdefault("company", company())
    result = evaluate(scheme(criterion), Case(today=TODAY, **case))
    return result.criteria[0].status, result


SME = {"test": "company_size", "classes": ["micro", "small", "medium"]}


@pytest.mark.parametrize("staff, expected", [(249, "pass"), (250, "fail")])
def test_sme_ceiling_is_under_250_staff(staff, expected):
    status, result = check(SME, company=company((staff, staff), turnover=20e6))
    assert status == expected
    if expected == "fail":
        assert result.verdict == "not_eligible"
        assert result.missing[0]["en"] == "the applicant must be: micro company, small company, medium-sized company"


@pytest.mark.parametrize("staff, expected", [(249, "pass"), (250, "fail")])
def test_headcount_ceiling(staff, expected):
    assert check({"test": "headcount_max", "max": 249}, company=company((staff, staff)))[0] == expected


def test_a_headcount_range_across_the_ceiling_is_unknown_not_guessed():
    status, result = check({"test": "headcount_max", "max": 249}, company=company((200, 300)))
    assert status == "unknown" and result.verdict == "possibly_eligible"
    assert result.missing == [{"fr": "indiquer l'effectif exact", "en": "give the exact headcount"}]


@pytest.mark.parametrize("turnover, balance, expected", [
    (12e6, 9e6, "small"),      # turnover over 10 M€ but the balance sheet stays under: still small
    (12e6, 11e6, "medium"),    # both over the small ceilings
    (60e6, 40e6, "medium"),    # turnover over 50 M€, balance sheet under 43 M€: still an SME
    (60e6, 45e6, "eti"),       # both over: not an SME despite 40 staff
    (9e6, None, "small"),
])
def test_balance_sheet_is_an_alternative_to_turnover(turnover, balance, expected):
    assert size_class(company((40, 40), turnover=turnover, balance_sheet=balance)) == expected


def test_ten_staff_is_small_not_micro():
    assert size_class(company((9, 9), turnover=1e6)) == "micro"
    assert size_class(company((10, 10), turnover=1e6)) == "small"


def test_an_sme_over_both_money_ceilings_fails_the_sme_rule_with_its_figures():
    status, result = check(SME, company=company((40, 40), turnover=60e6, balance_sheet=45e6))
    assert status == "fail"
    assert result.criteria[0].reason["en"].startswith("mid-cap (ETI) by the EU definition")


def test_size_unknown_without_money_figures_or_declared_class():
    assert check(SME, company=company((40, 40)))[0] == "unknown"
    assert check(SME, company=company((40, 40), size_class="small"))[0] == "pass"


@pytest.mark.parametrize("founded, expected", [(2019, "pass"), (2018, "unknown"), (2017, "fail")])
def test_the_eighth_year(founded, expected):
    # Under 8 years: in 2026, a company founded in 2018 is 7 or 8 depending on its creation date.
    status, result = check({"test": "company_age_max", "years": 8}, company=company(founded=founded))
    assert status == expected
    if expected == "fail":
        assert result.missing[0]["en"] == "the company is 8 years old or more (founded in 2017)"
    if expected == "unknown":
        assert result.missing[0]["en"] == "check the exact creation date: the company turns 8 in 2026"


def test_an_older_rule_still_covers_companies_founded_before_its_end():
    rule = {"test": "company_age_max", "years": 8, "or_founded_until": 2022, "or_years": 11}
    assert check(rule, company=company(founded=2017))[0] == "pass"  # 9 years old, founded before 2023
    assert check(rule, company=company(founded=2014))[0] == "fail"  # 12 years old


def test_lab_outside_the_region(labs):
    rule = {"test": "lab_region", "regions": ["Occitanie"]}
    assert check(rule, labs=(labs["hydro"],))[0] == "pass"
    status, result = check(rule, labs=(labs["robo"],))
    assert status == "fail"
    assert result.criteria[0].reason["en"] == "outside the region: ROBO (Auvergne-Rhône-Alpes)"
    assert result.missing[0]["en"] == "the partner lab must be in Occitanie"


def test_missing_cea_partner(labs):
    rule = {"test": "lab_required", "kind": "cea"}
    assert check(rule, labs=(labs["batt"],))[0] == "pass"
    status, result = check(rule, labs=(labs["hydro"],))
    assert status == "fail"
    assert result.missing[0]["en"] == "the partner must be a CEA institute (CEA-Leti, CEA-Liten, CEA-List…)"
    status, result = check(rule)
    assert status == "fail" and result.missing[0]["fr"].startswith("ajouter un partenaire : un institut du CEA")


@pytest.mark.parametrize("trl, expected", [
    ((4, 6), "pass"), ((6, 6), "pass"), ((7, 7), "fail"), ((3, 3), "fail"), ((3, 4), "unknown"), (None, "unknown"),
])
def test_trl_just_outside_the_range(trl, expected):
    assert check({"test": "trl", "min": 4, "max": 6}, trl=trl)[0] == expected


def test_budget_and_duration_bounds():
    budget = {"test": "budget_eur", "min": 40000}
    assert check(budget, budget_eur=40000)[0] == "pass"
    assert check(budget, budget_eur=39999)[0] == "fail"
    assert check(budget)[0] == "unknown"
    months = {"test": "duration_months_max", "max": 36}
    assert [check(months, months=m)[0] for m in (36, 37)] == ["pass", "fail"]


def test_a_second_company_is_asked_for_by_region():
    _, result = check({"test": "companies_min", "min": 2, "region": "Auvergne-Rhône-Alpes"})
    assert result.missing[0]["en"] == "add 1 more company(ies) located in Auvergne-Rhône-Alpes"


def test_department_and_independence():
    rule = {"test": "company_department", "departments": ["31", "81"]}
    assert check(rule, company=company(department="31"))[0] == "pass"
    assert check(rule, company=company(department="34"))[0] == "fail"
    assert check(rule)[0] == "unknown"
    independent = {"test": "company_independent"}
    assert [check(independent, company=company(independent=v))[0] for v in (True, False, None)] == \
           ["pass", "fail", "unknown"]


def test_an_unknown_rule_is_shown_with_its_note_and_keeps_the_verdict_possible():
    result = evaluate(scheme({"test": "headcount_max", "max": 249},
                             {"test": "unknown", "note": {"fr": "Plafond non publié.", "en": "Cap not published."}}),
                      Case(company(), today=TODAY))
    assert result.verdict == "possibly_eligible"
    assert result.criteria[1].reason == {"fr": "Plafond non publié.", "en": "Cap not published."}
    assert result.criteria[1].source == {"title": "Call text", "url": "https://example.org/s"}


def test_rules_read_over_two_years_ago_are_flagged_to_recheck():
    rule = {"test": "headcount_max", "max": 249}
    assert evaluate(scheme(rule, rules_read="2024-11-22"), Case(company(), today=TODAY)).to_recheck is False
    assert evaluate(scheme(rule, rules_read="2024-11-20"), Case(company(), today=TODAY)).to_recheck is True


def test_a_scheme_past_its_end_date_is_not_called_eligible():
    result = evaluate(scheme({"test": "valid_until", "date": "2025-12-31"}), Case(company(), today=TODAY))
    assert result.verdict == "possibly_eligible"
    assert result.missing[0]["en"] == "check whether the scheme was extended"


def test_eligible_first_then_possibly_then_not():
    verdicts = evaluate_all([scheme({"test": "headcount_max", "max": 5}), scheme({"test": "headcount_max", "max": 50}),
                             scheme({"test": "trl", "max": 5})], Case(company(), today=TODAY))
    assert [v.verdict for v in verdicts] == ["eligible", "possibly_eligible", "not_eligible"]


# The property: a verdict follows from its criteria, whatever the case.
RULES = st.sampled_from([
    SME, {"test": "headcount_max", "max": 49}, {"test": "headcount_min", "min": 10},
    {"test": "company_age_max", "years": 8}, {"test": "company_age_min", "years": 2},
    {"test": "company_region", "regions": ["Occitanie"]}, {"test": "lab_region", "regions": ["Occitanie"]},
    {"test": "lab_required", "kind": "cea"}, {"test": "lab_required", "kind": "doctoral_school"},
    {"test": "trl", "min": 4, "max": 6}, {"test": "budget_eur", "max": 500000},
    {"test": "duration_months_max", "max": 24}, {"test": "countries_min", "min": 2},
    {"test": "company_independent"}, {"test": "valid_until", "date": "2026-06-30"},
])


@settings(max_examples=300, deadline=None)
@given(rules=st.lists(RULES, min_size=1, max_size=6),
       low=st.integers(0, 400), extra=st.integers(0, 300), founded=st.integers(1990, 2026),
       region=st.sampled_from(["Occitanie", "Auvergne-Rhône-Alpes"]), turnover=st.none() | st.floats(0, 1e8),
       n_labs=st.integers(0, 3), trl=st.none() | st.tuples(st.integers(1, 5), st.integers(0, 4)),
       budget=st.none() | st.floats(1, 2e6), independent=st.none() | st.booleans())
def test_never_eligible_while_a_criterion_fails(labs, rules, low, extra, founded, region, turnover, n_labs, trl,
                                                budget, independent):
    partners = tuple(list(labs.values())[:n_labs])
    trl = (trl[0], trl[0] + trl[1]) if trl and trl[0] + trl[1] <= 9 else None
    case = Case(company((low, low + extra), founded, region, turnover, independent=independent), partners, trl,
                budget, today=TODAY)
    result = evaluate(scheme(*rules), case)
    statuses = {c.status for c in result.criteria}
    assert statuses <= {"pass", "fail", "unknown"}
    assert (result.verdict == "eligible") == (statuses == {"pass"})
    assert (result.verdict == "not_eligible") == ("fail" in statuses)
    for criterion in result.criteria:
        assert criterion.reason["fr"] and criterion.reason["en"]
        if criterion.status == "fail":
            assert criterion.missing["fr"] and criterion.missing["en"]


# Bad input and bad rules: clear messages, nothing guessed.
def test_inline_company_figures_are_checked():
    with pytest.raises(InvalidInputError, match="headcount -1 is negative"):
        company_facts(headcount=-1, founded=2020, region="Occitanie")
    with pytest.raises(InvalidInputError, match="founding year 2031 is not valid: give a year between 1800 and 2026"):
        company_facts(headcount=5, founded=2031, region="Occitanie", today=TODAY)
    with pytest.raises(InvalidInputError, match="describe the company with --founded"):
        company_facts(headcount=5, region="Occitanie")
    with pytest.raises(InvalidInputError, match="unknown region 'Bavaria': give a French region"):
        company_facts(headcount=5, founded=2020, region="Bavaria")
    assert company_facts(headcount=5, founded=2020, region="aura").region == "Auvergne-Rhône-Alpes"


def test_project_figures_are_checked():
    assert project_facts("4-6", 100000, 24) == ((4, 6), 100000, 24)
    with pytest.raises(InvalidInputError, match="TRL '7-3' is not valid"):
        project_facts("7-3")
    with pytest.raises(InvalidInputError, match="budget -5 is not valid"):
        project_facts(budget=-5)
    with pytest.raises(InvalidInputError, match="duration 0 is not valid"):
        project_facts(months=0)


def test_unknown_scheme_names_the_choices():
    with pytest.raises(UnknownNameError, match="unknown scheme 'easytek': choose one of s"):
        find_scheme([scheme({"test": "headcount_max", "max": 5})], "easytek")


@pytest.mark.parametrize("criterion, message", [
    ({"test": "headcount_max"}, "test 'headcount_max' takes max; missing: max"),
    ({"test": "headcount_max", "max": 5, "regions": ["Occitanie"]}, "not for this test: regions"),
    ({"test": "unknown"}, "an unknown rule needs a note"),
    ({"test": "trl"}, "test 'trl' needs min, max or both"),
    ({"test": "company_age_max", "years": 8, "or_years": 11}, "or_founded_until and or_years go together"),
    ({"test": "turnover_max", "max": 5}, "Input should be"),
])
def test_a_rule_the_vocabulary_cannot_read_is_refused(criterion, message):
    with pytest.raises(DataError, match=message):
        scheme(criterion)


def test_a_criterion_must_cite_an_existing_source():
    with pytest.raises(DataError, match="source 1 does not exist"):
        Scheme.from_dict({**scheme({"test": "headcount_max", "max": 5}).to_dict(),
                          "criteria": [{"test": "headcount_max", "max": 5, "confidence": "high", "source": 1}]})
