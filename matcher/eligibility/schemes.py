"""Funding schemes as declarative criteria (data/schemes.yaml), and eligibility verdicts.

Each criterion of a scheme is checked against a case (a company, its partner labs, a
project) by :mod:`matcher.eligibility.criteria`: pass, fail or unknown, with reasons in French and
English and the source the rule comes from. A scheme is ``eligible`` when every
criterion passes, ``not_eligible`` when one fails, ``possibly_eligible`` otherwise.
Rules read more than two years ago are flagged to re-check: regional schemes change
every one to three years.
"""

import datetime
from collections.abc import Collection, Iterable, Sequence

from ..errors import InvalidInputError, UnknownNameError
from ..records.catalogue import Company, french_region, parse_trl
from ..records.schemes import TESTS, VERDICTS, CriterionResult, Scheme, Verdict
from . import criteria
from . import project as criteria_project
from .criteria import Case, CompanyFacts

# The vocabulary of criteria (matcher.records.schemes.TESTS): each test's check.
CHECKS = {
    "company_size": criteria.check_company_size,
    "headcount_max": criteria.check_headcount_max,
    "headcount_min": criteria.check_headcount_min,
    "company_age_max": criteria.check_company_age_max,
    "company_founded_max": criteria.check_company_founded_max,
    "company_age_min": criteria.check_company_age_min,
    "company_region": criteria.check_company_region,
    "company_country": criteria.check_company_country,
    "company_department": criteria.check_company_department,
    "company_independent": criteria.check_company_independent,
    "lab_required": criteria_project.check_lab_required,
    "lab_region": criteria_project.check_lab_region,
    "no_consortium": criteria_project.check_no_consortium,
    "companies_min": criteria_project.check_companies_min,
    "companies_max": criteria_project.check_companies_max,
    "labs_max": criteria_project.check_labs_max,
    "partners_max": criteria_project.check_partners_max,
    "countries_min": criteria_project.check_countries_min,
    "trl": criteria_project.check_trl,
    "budget_eur": criteria_project.check_budget_eur,
    "duration_months_max": criteria_project.check_duration_months_max,
    "valid_until": criteria_project.check_valid_until,
    "unknown": criteria_project.check_unknown,
}
assert CHECKS.keys() == TESTS.keys(), "every test of the vocabulary has its check"

RECHECK_AFTER_DAYS = 730


def company_facts(company: Company | None = None, headcount: int | None = None, founded: int | None = None,
                  region: str | None = None, turnover: float | None = None, balance_sheet: float | None = None,
                  department: str | None = None, independent: bool | None = None,
                  today: datetime.date | None = None) -> CompanyFacts:
    """Facts of a catalogue company, or of one described inline (its figures checked)."""
    this_year = (today or datetime.date.today()).year
    if company is not None:
        return CompanyFacts(company.name, tuple(company.headcount), company.founded, company.region,
                            company.turnover_eur, company.balance_sheet_eur, company.size_class,
                            department=company.department, independent=company.independent)
    missing = [name for name, value in (("--headcount", headcount), ("--founded", founded), ("--region", region))
               if value is None]
    if missing:
        raise InvalidInputError(f"describe the company with {', '.join(missing)} (or give --company ID)")
    region = french_region(region)
    if headcount < 0:
        raise InvalidInputError(f"headcount {headcount} is negative: give the number of staff, 0 or more")
    if not 1800 <= founded <= this_year:
        raise InvalidInputError(f"founding year {founded} is not valid: give a year between 1800 and {this_year}")
    for name, value in (("turnover", turnover), ("balance sheet", balance_sheet)):
        if value is not None and value < 0:
            raise InvalidInputError(f"{name} {value} is negative: give an amount in euros, 0 or more")
    return CompanyFacts("the company", (headcount, headcount), founded, region, turnover, balance_sheet,
                        department=department, independent=independent)


def project_facts(trl: str | int | Sequence[int] | None = None, budget: float | None = None,
                  months: int | None = None) -> tuple[tuple[int, int] | None, float | None, int | None]:
    """The project's figures, checked: ``(trl, budget, months)``."""
    if trl is not None:
        trl = parse_trl(trl) if isinstance(trl, str) else tuple(trl) if isinstance(trl, (tuple, list)) else (trl, trl)
        parse_trl(f"{trl[0]}-{trl[1]}")  # the same message for every bad range
    if budget is not None and budget <= 0:
        raise InvalidInputError(f"budget {budget} is not valid: give an amount in euros above 0")
    if months is not None and months <= 0:
        raise InvalidInputError(f"duration {months} is not valid: give a number of months above 0")
    return trl, budget, months


LAB_TESTS = ("lab_required", "lab_region", "valid_until")  # what a lab alone decides, with the scheme's dates


def evaluate(scheme: Scheme, case: Case, tests: Collection[str] | None = None) -> Verdict:
    """The :class:`Verdict` of ``scheme`` for ``case``; with ``tests``, only the criteria of those tests
    (``LAB_TESTS``: is the scheme open to a partnership with these labs, whatever the company)."""
    results = []
    for criterion in scheme.criteria:
        if tests is not None and criterion.test not in tests:
            continue
        check = CHECKS[criterion.test](case, **criterion.parameters())
        reason = {"fr": check.fr, "en": check.en}
        missing = {"fr": check.todo_fr, "en": check.todo_en} if check.todo_fr else None
        if criterion.note is not None:
            note = criterion.note.to_dict()
            if criterion.test == "unknown":
                reason, missing = note, note
            else:
                reason = {lang: f"{reason[lang]} ({note[lang]})" for lang in ("fr", "en")}
        source = scheme.sources[criterion.source].to_dict()
        results.append(CriterionResult(criterion.test, check.status, reason, missing, source, criterion.confidence))
    statuses = {r.status for r in results}
    verdict = "not_eligible" if "fail" in statuses else "possibly_eligible" if "unknown" in statuses else "eligible"
    stale = (case.today - scheme.rules_read).days > RECHECK_AFTER_DAYS
    return Verdict(scheme.id, scheme.name, verdict, tuple(results), stale, scheme.rules_read.isoformat())


def evaluate_all(schemes: Iterable[Scheme], case: Case) -> list[Verdict]:
    """Verdicts of every scheme, eligible first, then possibly eligible, then the others."""
    verdicts = [evaluate(scheme, case) for scheme in schemes]
    return sorted(verdicts, key=lambda v: VERDICTS.index(v.verdict))


def find_scheme(schemes: Sequence[Scheme], scheme_id: str) -> Scheme:
    """The scheme of id ``scheme_id``; an unknown id is refused, naming the known ones."""
    for scheme in schemes:
        if scheme.id == scheme_id:
            return scheme
    raise UnknownNameError(f"unknown scheme {scheme_id!r}: choose one of {', '.join(s.id for s in schemes)}")


__all__ = ["Case", "CompanyFacts", "Scheme", "Verdict", "company_facts", "evaluate", "evaluate_all", "find_scheme",
           "project_facts"]
