"""Every branch of every eligibility criterion, with the exact words a manager reads.

The verdicts' reasons and what is missing are shown as they are, in French and English, on
the web, in the API and on the command line; the house rules say they never change by
accident. tests/fixtures/criteria_messages.json holds them, one entry per case below;
after a deliberate change of wording, write it again with
``python tests/eligibility/test_criteria_messages.py`` and read the diff.
"""

import json
import sys
from pathlib import Path

from matcher.catalogue.reader import load_catalog
from matcher.eligibility.criteria import Case
from matcher.eligibility.schemes import evaluate

sys.path.insert(0, str(Path(__file__).resolve().parent))
from test_schemes import TODAY, company, scheme  # noqa: E402

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
EXPECTED = FIXTURES / "criteria_messages.json"
SME = {"test": "company_size", "classes": ["micro", "small", "medium"]}

# (criterion, company facts, partner lab ids, project facts): one case per branch of each check.
CASES = [
    (SME, {"headcount": (200, 250), "turnover": 20e6}, (), {}),
    (SME, {"headcount": (40, 40), "turnover": 5e6}, (), {}),
    (SME, {"headcount": (300, 300)}, (), {}),
    ({"test": "headcount_max", "max": 49}, {"headcount": (49, 49)}, (), {}),
    ({"test": "headcount_max", "max": 49}, {"headcount": (1200, 1500)}, (), {}),
    ({"test": "headcount_max", "max": 49}, {"headcount": (40, 60)}, (), {}),
    ({"test": "headcount_min", "min": 10}, {"headcount": (10, 12)}, (), {}),
    ({"test": "headcount_min", "min": 10}, {"headcount": (3, 3)}, (), {}),
    ({"test": "headcount_min", "min": 10}, {"headcount": (9, 10)}, (), {}),
    ({"test": "company_age_max", "years": 8}, {"founded": 2019}, (), {}),
    ({"test": "company_age_max", "years": 8}, {"founded": 2018}, (), {}),
    ({"test": "company_age_max", "years": 8}, {"founded": 2017}, (), {}),
    ({"test": "company_age_max", "years": 8, "or_founded_until": 2016, "or_years": 12}, {"founded": 2016}, (), {}),
    ({"test": "company_age_min", "years": 2}, {"founded": 2023}, (), {}),
    ({"test": "company_age_min", "years": 2}, {"founded": 2025}, (), {}),
    ({"test": "company_age_min", "years": 2}, {"founded": 2024}, (), {}),
    ({"test": "company_founded_max", "year": 2020}, {"founded": 2020}, (), {}),
    ({"test": "company_founded_max", "year": 2020}, {"founded": 2021}, (), {}),
    ({"test": "company_region", "regions": ["Occitanie", "Auvergne-Rhône-Alpes"]}, {}, (), {}),
    ({"test": "company_region", "regions": ["Occitanie"]}, {"region": "Auvergne-Rhône-Alpes"}, (), {}),
    ({"test": "company_region", "regions": ["Occitanie", "Bretagne"]}, {"region": "Auvergne-Rhône-Alpes"}, (), {}),
    ({"test": "company_country", "countries": ["EU member state"]}, {}, (), {}),
    ({"test": "company_country", "countries": ["EU member state", "UE"]}, {"country": "Switzerland"}, (), {}),
    ({"test": "company_department", "departments": ["31", "81"]}, {}, (), {}),
    ({"test": "company_department", "departments": ["31", "81"]}, {"department": "31"}, (), {}),
    ({"test": "company_department", "departments": ["31", "81"]}, {"department": "34"}, (), {}),
    ({"test": "company_independent"}, {"independent": None}, (), {}),
    ({"test": "company_independent"}, {"independent": True}, (), {}),
    ({"test": "company_independent"}, {"independent": False}, (), {}),
    ({"test": "lab_required", "kind": "cea"}, {}, (), {}),
    ({"test": "lab_required", "kind": "cea"}, {}, ("batt",), {}),
    ({"test": "lab_required", "kind": "cea"}, {}, ("hydro", "robo"), {}),
    ({"test": "lab_required", "kind": "doctoral_school"}, {}, ("robo",), {}),
    ({"test": "lab_required", "kind": "public_research"}, {}, ("hydro", "robo"), {}),
    ({"test": "lab_required", "kind": "ordc"}, {}, ("robo",), {}),
    ({"test": "lab_region", "regions": ["Occitanie"]}, {}, (), {}),
    ({"test": "lab_region", "regions": ["Occitanie"]}, {}, ("hydro",), {}),
    ({"test": "lab_region", "regions": ["Occitanie", "Bretagne"]}, {}, ("hydro", "robo", "batt"), {}),
    ({"test": "lab_region", "regions": ["Occitanie", "Bretagne"]}, {}, (), {}),
    ({"test": "lab_region", "regions": ["Occitanie", "Bretagne"]}, {}, ("hydro",), {}),
    ({"test": "no_consortium"}, {}, (), {}),
    ({"test": "no_consortium"}, {}, ("hydro",), {}),
    ({"test": "companies_min", "min": 1}, {}, (), {}),
    ({"test": "companies_min", "min": 3}, {}, (), {}),
    ({"test": "companies_min", "min": 2, "region": "Occitanie"}, {}, (), {}),
    ({"test": "companies_max", "max": 0}, {}, (), {}),
    ({"test": "labs_max", "max": 1}, {}, ("hydro",), {}),
    ({"test": "labs_max", "max": 1}, {}, ("hydro", "robo"), {}),
    ({"test": "partners_max", "max": 2}, {}, ("hydro", "robo"), {}),
    ({"test": "countries_min", "min": 1}, {}, ("hydro",), {}),
    ({"test": "countries_min", "min": 2}, {}, ("hydro",), {}),
    ({"test": "countries_min", "min": 3}, {"country": "Switzerland"}, ("hydro",), {}),
    ({"test": "trl", "min": 4, "max": 6}, {}, (), {}),
    ({"test": "trl", "min": 4, "max": 6}, {}, (), {"trl": (5, 5)}),
    ({"test": "trl", "min": 4, "max": 6}, {}, (), {"trl": (4, 6)}),
    ({"test": "trl", "min": 4, "max": 6}, {}, (), {"trl": (7, 9)}),
    ({"test": "trl", "min": 4}, {}, (), {"trl": (2, 3)}),
    ({"test": "trl", "max": 6}, {}, (), {"trl": (5, 8)}),
    ({"test": "budget_eur", "min": 40000, "max": 500000}, {}, (), {}),
    ({"test": "budget_eur", "min": 40000}, {}, (), {"budget_eur": 1234567}),
    ({"test": "budget_eur", "max": 500000}, {}, (), {"budget_eur": 600000}),
    ({"test": "duration_months_max", "max": 36}, {}, (), {}),
    ({"test": "duration_months_max", "max": 36}, {}, (), {"months": 24}),
    ({"test": "duration_months_max", "max": 36}, {}, (), {"months": 48}),
    ({"test": "valid_until", "date": "2026-12-31"}, {}, (), {}),
    ({"test": "valid_until", "date": "2025-12-31"}, {}, (), {}),
    ({"test": "unknown", "note": {"fr": "Plafond non publié.", "en": "Cap not published."}}, {}, (), {}),
    ({"test": "headcount_max", "max": 49, "note": {"fr": "effectif ETP", "en": "FTE staff"}}, {}, (), {}),
]


def answers():
    """What each case of CASES answers: its status, its reason and what is missing."""
    labs = {lab.id: lab for lab in load_catalog(FIXTURES / "catalog").labs}
    found = []
    for criterion, facts, lab_ids, project in CASES:
        case = Case(company(**facts), tuple(labs[i] for i in lab_ids), today=TODAY, **project)
        result = evaluate(scheme(criterion), case).criteria[0]
        found.append({"criterion": criterion, "company": {k: list(v) if isinstance(v, tuple) else v
                                                          for k, v in facts.items()},
                      "labs": list(lab_ids), "project": {k: list(v) if isinstance(v, tuple) else v
                                                         for k, v in project.items()},
                      "status": result.status, "reason": result.reason, "missing": result.missing})
    return found


def test_every_branch_says_what_it_said():
    expected = json.loads(EXPECTED.read_text(encoding="utf-8"))
    found = answers()
    assert len(found) == len(expected)
    for got, want in zip(found, expected):
        assert got == want


def test_the_cases_reach_every_status_of_every_test():
    statuses = {(entry["criterion"]["test"], entry["status"]) for entry in answers()}
    assert {test for test, _ in statuses} >= {
        "company_size", "headcount_max", "headcount_min", "company_age_max", "company_age_min", "company_founded_max",
        "company_region", "company_country", "company_department", "company_independent", "lab_required",
        "lab_region", "no_consortium", "companies_min", "companies_max", "labs_max", "partners_max", "countries_min",
        "trl", "budget_eur", "duration_months_max", "valid_until", "unknown"}
    assert all((test, "unknown") in statuses for test in ("company_size", "headcount_max", "headcount_min",
                                                           "company_age_max", "company_age_min", "trl"))


if __name__ == "__main__":
    EXPECTED.write_text(json.dumps(answers(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {EXPECTED} ({len(CASES)} cases)")
