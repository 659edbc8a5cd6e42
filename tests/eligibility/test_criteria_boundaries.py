"""Every eligibility criterion just below, at and just above its threshold (n − 1, n, n + 1).

A comparison written ``<`` instead of ``<=`` changes the answer at one value only; each
threshold is therefore tried on both of its sides and on itself. The cases and the scheme
come from tests/eligibility/test_schemes.py (today is 2026-11-21 there).
"""

import dataclasses
import datetime

import pytest
from test_schemes import TODAY, check, company

from matcher.catalogue.reader import load_catalog
from matcher.eligibility.criteria import Check, size_class
from matcher.eligibility.project import check_unknown, lab_is


@pytest.fixture(scope="module")
def labs():
    """The fixture labs: HYDRO (Occitanie, a university parent), ROBO (AURA, INRIA), BATT (AURA, CEA)."""
    return {lab.id: lab for lab in load_catalog("tests/fixtures/catalog").labs}


def statuses(criterion, cases):
    return [check(criterion, **case)[0] for case in cases]


# The company ------------------------------------------------------------------------------
@pytest.mark.parametrize("staff, turnover, expected", [
    ((9, 9), 1e6, "micro"), ((10, 10), 1e6, "small"), ((11, 11), 1e6, "small"),
    ((49, 49), 5e6, "small"), ((50, 50), 5e6, "medium"), ((51, 51), 5e6, "medium"),
    ((249, 249), 20e6, "medium"), ((250, 250), 20e6, "eti"), ((251, 251), 20e6, "eti"),
    ((4999, 4999), None, "eti"), ((5000, 5000), None, "large"), ((5001, 5001), None, "large"),
    ((5, 5), 2e6 - 1, "micro"), ((5, 5), 2e6, "micro"), ((5, 5), 2e6 + 1, "small"),
    ((40, 40), 10e6, "small"), ((40, 40), 10e6 + 1, "medium"),
    ((40, 40), 50e6, "medium"), ((40, 40), 50e6 + 1, "eti"),
])
def test_size_class_at_each_staff_and_turnover_ceiling(staff, turnover, expected):
    assert size_class(company(staff, turnover=turnover)) == expected


@pytest.mark.parametrize("balance, expected", [(43e6 - 1, "medium"), (43e6, "medium"), (43e6 + 1, "eti")])
def test_size_class_at_the_balance_sheet_ceiling(balance, expected):
    assert size_class(company((40, 40), turnover=60e6, balance_sheet=balance)) == expected


@pytest.mark.parametrize("staff, expected", [
    ((200, 249), "medium"),  # every value of the range is under 250
    ((200, 250), None),      # touches 250: medium or ETI, the figures cannot tell
    ((200, 251), None),
    ((250, 300), "eti"),
])
def test_a_headcount_range_touching_250_is_not_a_size(staff, expected):
    assert size_class(company(staff, turnover=20e6)) == expected


@pytest.mark.parametrize("declared, expected", [("micro", "micro"), ("small", "small"), ("medium", "medium"),
                                                ("eti", None), ("large", None), (None, None)])
def test_without_money_figures_only_a_declared_sme_class_counts(declared, expected):
    assert size_class(company((40, 40), size_class=declared)) == expected


def test_a_range_touching_250_leaves_the_sme_rule_unknown():
    status, result = check({"test": "company_size", "classes": ["micro", "small", "medium"]},
                           company=company((200, 250), turnover=20e6))
    assert status == "unknown"
    assert result.criteria[0].reason["en"] == "size not determined (200–250 staff, turnover and balance sheet unknown)"


@pytest.mark.parametrize("staff, expected", [
    ((48, 48), "pass"), ((49, 49), "pass"), ((50, 50), "fail"),
    ((48, 49), "pass"), ((49, 50), "unknown"), ((50, 51), "fail"),
])
def test_headcount_max_49(staff, expected):
    assert check({"test": "headcount_max", "max": 49}, company=company(staff))[0] == expected


@pytest.mark.parametrize("staff, expected", [
    ((9, 9), "fail"), ((10, 10), "pass"), ((11, 11), "pass"),
    ((8, 9), "fail"), ((9, 10), "unknown"), ((10, 11), "pass"),
])
def test_headcount_min_10(staff, expected):
    assert check({"test": "headcount_min", "min": 10}, company=company(staff))[0] == expected


@pytest.mark.parametrize("founded, expected", [
    (2020, "pass"),     # 5 or 6 years old
    (2019, "pass"),     # 6 or 7: under 8 whatever the date
    (2018, "unknown"),  # 7 or 8
    (2017, "fail"),     # 8 or 9
])
def test_company_age_max_8_years(founded, expected):
    assert check({"test": "company_age_max", "years": 8}, company=company(founded=founded))[0] == expected


@pytest.mark.parametrize("founded, expected", [(2015, "pass"), (2016, "pass"), (2017, "fail")])
def test_the_older_age_rule_covers_companies_founded_up_to_its_last_year(founded, expected):
    # Founded up to 2016: under 12 years (2015 is 10 or 11 years old); from 2017 on: under 8 (2017 is 8 or 9).
    rule = {"test": "company_age_max", "years": 8, "or_founded_until": 2016, "or_years": 12}
    assert check(rule, company=company(founded=founded))[0] == expected


@pytest.mark.parametrize("founded, expected", [
    (2025, "fail"),     # 0 or 1 year old
    (2024, "unknown"),  # 1 or 2: turns 2 this year
    (2023, "pass"),     # 2 or 3: at least 2 whatever the date
    (2022, "pass"),
])
def test_company_age_min_2_years(founded, expected):
    assert check({"test": "company_age_min", "years": 2}, company=company(founded=founded))[0] == expected


def test_a_company_founded_this_year_is_under_one_year_old():
    assert check({"test": "company_age_min", "years": 1}, company=company(founded=TODAY.year))[0] == "fail"
    assert check({"test": "company_age_max", "years": 1}, company=company(founded=TODAY.year))[0] == "pass"


@pytest.mark.parametrize("founded, expected", [(2019, "pass"), (2020, "pass"), (2021, "fail")])
def test_company_founded_max_2020(founded, expected):
    assert check({"test": "company_founded_max", "year": 2020}, company=company(founded=founded))[0] == expected


def test_company_region_country_department_and_independence():
    region = {"test": "company_region", "regions": ["Occitanie"]}
    assert statuses(region, [{"company": company(region="Occitanie")},
                             {"company": company(region="Auvergne-Rhône-Alpes")}]) == ["pass", "fail"]
    country = {"test": "company_country", "countries": ["EU member state"]}
    assert statuses(country, [{"company": company()}, {"company": company(country="Switzerland")}]) == ["pass", "fail"]
    assert check({"test": "company_country", "countries": ["Switzerland"]}, company=company())[0] == "fail"
    assert check({"test": "company_country", "countries": ["État membre de l'UE"]}, company=company())[0] == "pass"
    department = {"test": "company_department", "departments": ["31"]}
    assert statuses(department, [{"company": company(department="31")}, {"company": company(department="32")},
                                 {"company": company()}]) == ["pass", "fail", "unknown"]


# The partners and the project -------------------------------------------------------------
def test_lab_required_by_kind(labs):
    cea = {"test": "lab_required", "kind": "cea"}
    cases = [{"labs": (labs["batt"],)}, {"labs": (labs["hydro"],)}, {"labs": (labs["hydro"], labs["batt"])}, {}]
    assert statuses(cea, cases) == ["pass", "fail", "pass", "fail"]
    doctoral = {"test": "lab_required", "kind": "doctoral_school"}
    assert statuses(doctoral, [{"labs": (labs["hydro"],)}, {"labs": (labs["robo"],)}]) == ["pass", "unknown"]
    assert check({"test": "lab_required", "kind": "public_research"}, labs=(labs["robo"],))[0] == "pass"


def test_a_cea_lab_is_told_by_its_acronym_or_its_parents(labs):
    lab = labs["batt"]  # acronym BATT, parent CEA
    assert lab_is(lab, "cea") is True
    assert lab_is(dataclasses.replace(lab, acronym="Cea-Liten", parents=("UGA",)), "cea") is True
    assert lab_is(dataclasses.replace(lab, parents=("UGA",)), "cea") is False
    assert lab_is(dataclasses.replace(lab, parents=("Cea Grenoble",)), "cea") is True


def test_lab_region_needs_every_partner_inside(labs):
    rule = {"test": "lab_region", "regions": ["Occitanie"]}
    assert statuses(rule, [{"labs": (labs["hydro"],)}, {"labs": (labs["hydro"], labs["robo"])}, {}]) == \
        ["pass", "fail", "fail"]


def test_no_consortium_always_passes(labs):
    assert statuses({"test": "no_consortium"}, [{}, {"labs": (labs["hydro"],)}]) == ["pass", "pass"]


@pytest.mark.parametrize("minimum, expected", [(0, "pass"), (1, "pass"), (2, "fail")])
def test_companies_min_around_the_one_company(minimum, expected):
    assert check({"test": "companies_min", "min": minimum})[0] == expected


@pytest.mark.parametrize("maximum, expected", [(0, "fail"), (1, "pass"), (2, "pass")])
def test_companies_max_around_the_one_company(maximum, expected):
    assert check({"test": "companies_max", "max": maximum})[0] == expected


@pytest.mark.parametrize("maximum, expected", [(1, "fail"), (2, "pass"), (3, "pass")])
def test_labs_max_around_two_labs(labs, maximum, expected):
    assert check({"test": "labs_max", "max": maximum}, labs=(labs["hydro"], labs["robo"]))[0] == expected


@pytest.mark.parametrize("maximum, expected", [(1, "fail"), (2, "pass"), (3, "pass")])
def test_partners_max_around_a_company_and_a_lab(labs, maximum, expected):
    assert check({"test": "partners_max", "max": maximum}, labs=(labs["hydro"],))[0] == expected


@pytest.mark.parametrize("minimum, expected", [(1, "pass"), (2, "fail")])
def test_countries_min_around_one_country(labs, minimum, expected):
    assert check({"test": "countries_min", "min": minimum}, labs=(labs["hydro"],))[0] == expected


def test_countries_are_the_companys_and_the_labs(labs):
    rule = {"test": "countries_min", "min": 2}
    assert check(rule, company=company(country="Switzerland"), labs=(labs["hydro"],))[0] == "pass"
    assert check({"test": "countries_min", "min": 1})[0] == "pass"  # the company alone is one country


@pytest.mark.parametrize("trl, expected", [
    ((3, 3), "fail"), ((4, 4), "pass"), ((5, 5), "pass"),
    ((5, 5), "pass"), ((6, 6), "pass"), ((7, 7), "fail"),
    ((3, 4), "unknown"), ((6, 7), "unknown"), ((1, 3), "fail"), ((7, 9), "fail"),
])
def test_trl_4_to_6(trl, expected):
    assert check({"test": "trl", "min": 4, "max": 6}, trl=trl)[0] == expected


@pytest.mark.parametrize("budget, expected", [
    (39_999, "fail"), (40_000, "pass"), (40_001, "pass"),
    (499_999, "pass"), (500_000, "pass"), (500_001, "fail"),
])
def test_budget_from_40_000_to_500_000(budget, expected):
    assert check({"test": "budget_eur", "min": 40_000, "max": 500_000}, budget_eur=budget)[0] == expected


@pytest.mark.parametrize("months, expected", [(35, "pass"), (36, "pass"), (37, "fail"), (None, "unknown")])
def test_duration_at_most_36_months(months, expected):
    assert check({"test": "duration_months_max", "max": 36}, months=months)[0] == expected


@pytest.mark.parametrize("days, expected", [(-1, "unknown"), (0, "pass"), (1, "pass")])
def test_valid_until_around_today(days, expected):
    end = TODAY + datetime.timedelta(days=days)
    assert check({"test": "valid_until", "date": end.isoformat()})[0] == expected


def test_an_unknown_rule_is_unknown():
    assert check({"test": "unknown", "note": {"fr": "Non publié.", "en": "Not published."}})[0] == "unknown"
    # Its own words, shown where a rule is checked without its note (the scheme shows the note).
    assert check_unknown(None) == Check("unknown", "règle non vérifiable", "rule that cannot be checked")
