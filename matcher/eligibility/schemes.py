"""Funding schemes as declarative criteria (data/schemes.yaml), and eligibility verdicts.

Each criterion of a scheme is checked against a case (a company, its partner labs, a
project) by :mod:`matcher.eligibility.criteria`: pass, fail or unknown, with reasons in French and
English and the source the rule comes from. A scheme is ``eligible`` when every
criterion passes, ``not_eligible`` when one fails, ``possibly_eligible`` otherwise.
Rules read more than two years ago are flagged to re-check: regional schemes change
every one to three years.
"""

import dataclasses
import datetime
from typing import Literal

import pydantic
from pydantic import ConfigDict, Field, model_validator

from . import criteria, project as criteria_project
from .criteria import LAB_KINDS, SIZE_NAMES, Case, CompanyFacts
from ..errors import InvalidInputError, UnknownNameError
from ..records.catalogue import Department, Slug, Text, french_region, parse_trl

# The vocabulary of criteria: test name -> (check, required parameters, optional parameters).
CHECKS = {
    "company_size": (criteria.check_company_size, ("classes",), ()),
    "headcount_max": (criteria.check_headcount_max, ("max",), ()),
    "headcount_min": (criteria.check_headcount_min, ("min",), ()),
    "company_age_max": (criteria.check_company_age_max, ("years",), ("or_founded_until", "or_years")),
    "company_founded_max": (criteria.check_company_founded_max, ("year",), ()),
    "company_age_min": (criteria.check_company_age_min, ("years",), ()),
    "company_region": (criteria.check_company_region, ("regions",), ()),
    "company_country": (criteria.check_company_country, ("countries",), ()),
    "company_department": (criteria.check_company_department, ("departments",), ()),
    "company_independent": (criteria.check_company_independent, (), ()),
    "lab_required": (criteria_project.check_lab_required, ("kind",), ()),
    "lab_region": (criteria_project.check_lab_region, ("regions",), ()),
    "no_consortium": (criteria_project.check_no_consortium, (), ()),
    "companies_min": (criteria_project.check_companies_min, ("min",), ("region",)),
    "companies_max": (criteria_project.check_companies_max, ("max",), ()),
    "labs_max": (criteria_project.check_labs_max, ("max",), ()),
    "partners_max": (criteria_project.check_partners_max, ("max",), ()),
    "countries_min": (criteria_project.check_countries_min, ("min",), ()),
    "trl": (criteria_project.check_trl, (), ("min", "max")),
    "budget_eur": (criteria_project.check_budget_eur, (), ("min", "max")),
    "duration_months_max": (criteria_project.check_duration_months_max, ("max",), ()),
    "valid_until": (criteria_project.check_valid_until, ("date",), ()),
    "unknown": (criteria_project.check_unknown, (), ()),
}

RECHECK_AFTER_DAYS = 730
VERDICTS = ("eligible", "possibly_eligible", "not_eligible")
VERDICT_WORDS = {"eligible": ("éligible", "eligible"), "possibly_eligible": ("peut-être éligible", "possibly eligible"),
                 "not_eligible": ("non éligible", "not eligible")}
Confidence = Literal["high", "medium", "low"]
_CONFIG = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)


class Words(pydantic.BaseModel):
    """One text in French and in English."""

    model_config = _CONFIG
    fr: Text
    en: Text


class SchemeSource(pydantic.BaseModel):
    model_config = _CONFIG
    title: Text
    url: str | None = None
    date: datetime.date | None = None


class Criterion(pydantic.BaseModel):
    model_config = _CONFIG
    test: Literal[tuple(CHECKS)]
    confidence: Confidence
    source: int = Field(ge=0)
    note: Words | None = None
    classes: tuple[Literal[tuple(SIZE_NAMES)], ...] | None = None
    min: int | float | None = None  # counts stay integers, amounts may not be
    max: int | float | None = None
    years: int | None = Field(default=None, ge=1)
    or_founded_until: int | None = None
    or_years: int | None = Field(default=None, ge=1)
    year: int | None = None
    regions: tuple[Text, ...] | None = None
    countries: tuple[Text, ...] | None = None
    departments: tuple[Department, ...] | None = None
    kind: Literal[tuple(LAB_KINDS)] | None = None
    region: str | None = None
    date: datetime.date | None = None

    @model_validator(mode="after")
    def _parameters_fit_the_test(self):
        _, required, optional = CHECKS[self.test]
        given = {name for name in _PARAMETERS if getattr(self, name) is not None}
        missing = [name for name in required if name not in given]
        extra = sorted(given - set(required) - set(optional))
        if missing or extra:
            raise ValueError(f"test {self.test!r} takes {', '.join(required + optional) or 'no parameter'}"
                             + (f"; missing: {', '.join(missing)}" if missing else "")
                             + (f"; not for this test: {', '.join(extra)}" if extra else ""))
        if self.test == "unknown" and self.note is None:
            raise ValueError("an unknown rule needs a note {fr, en} saying what the rule is and why it is unknown")
        if (self.or_founded_until is None) != (self.or_years is None):
            raise ValueError("or_founded_until and or_years go together: the older rule's last founding year and age")
        if self.test in ("trl", "budget_eur") and self.min is None and self.max is None:
            raise ValueError(f"test {self.test!r} needs min, max or both")
        return self

    def parameters(self):
        _, required, optional = CHECKS[self.test]
        return {name: getattr(self, name) for name in required + optional if getattr(self, name) is not None}


_PARAMETERS = ("classes", "min", "max", "years", "or_founded_until", "or_years", "year", "regions", "countries",
               "departments", "kind", "region", "date")


class Scheme(pydantic.BaseModel):
    model_config = _CONFIG
    id: Slug
    name: Text
    family: str | None = None
    kind: Literal["grant", "grant_or_advance", "tax_credit", "status", "joint_lab", "phd_grant"]
    scope: Literal["Auvergne-Rhône-Alpes", "Occitanie", "France", "Europe"]
    funds: Literal["company", "lab", "both"]
    lab_partner: Literal["required", "optional", "none"]
    summary: Words
    rules_read: datetime.date
    confidence: Confidence
    sources: tuple[SchemeSource, ...] = Field(min_length=1)
    criteria: tuple[Criterion, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _sources_exist(self):
        for number, criterion in enumerate(self.criteria):
            if criterion.source >= len(self.sources):
                raise ValueError(f"criteria[{number}]: source {criterion.source} does not exist "
                                 f"(the scheme has {len(self.sources)} source(s), numbered from 0)")
        return self

    @classmethod
    def from_dict(cls, data):
        return cls.model_validate(data)

    def to_dict(self):
        return self.model_dump(mode="json", exclude_none=True)


@dataclasses.dataclass(frozen=True)
class CriterionResult:
    test: str
    status: str
    reason: dict  # {"fr": ..., "en": ...}
    missing: dict | None
    source: dict
    confidence: str


@dataclasses.dataclass(frozen=True)
class Verdict:
    """A scheme's answer for one case."""

    scheme_id: str
    name: str
    verdict: str
    criteria: tuple
    to_recheck: bool
    rules_read: str

    @property
    def missing(self):
        """What would make the project eligible (failed criteria), then what to check (unknown ones)."""
        return [c.missing for c in self.criteria if c.status == "fail" and c.missing] + \
               [c.missing for c in self.criteria if c.status == "unknown" and c.missing]

    def to_dict(self):
        data = dataclasses.asdict(self)
        data["missing"] = self.missing
        return data


def company_facts(company=None, headcount=None, founded=None, region=None, turnover=None, balance_sheet=None,
                  department=None, independent=None, today=None):
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


def project_facts(trl=None, budget=None, months=None):
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


def evaluate(scheme, case, tests=None):
    """The :class:`Verdict` of ``scheme`` for ``case``; with ``tests``, only the criteria of those tests
    (``LAB_TESTS``: is the scheme open to a partnership with these labs, whatever the company)."""
    results = []
    for criterion in scheme.criteria:
        if tests is not None and criterion.test not in tests:
            continue
        check = CHECKS[criterion.test][0](case, **criterion.parameters())
        reason = {"fr": check.fr, "en": check.en}
        missing = {"fr": check.todo_fr, "en": check.todo_en} if check.todo_fr else None
        if criterion.note is not None:
            note = criterion.note.model_dump()
            if criterion.test == "unknown":
                reason, missing = note, note
            else:
                reason = {lang: f"{reason[lang]} ({note[lang]})" for lang in ("fr", "en")}
        source = scheme.sources[criterion.source].model_dump(mode="json", exclude_none=True)
        results.append(CriterionResult(criterion.test, check.status, reason, missing, source, criterion.confidence))
    statuses = {r.status for r in results}
    verdict = "not_eligible" if "fail" in statuses else "possibly_eligible" if "unknown" in statuses else "eligible"
    stale = (case.today - scheme.rules_read).days > RECHECK_AFTER_DAYS
    return Verdict(scheme.id, scheme.name, verdict, tuple(results), stale, scheme.rules_read.isoformat())


def evaluate_all(schemes, case):
    """Verdicts of every scheme, eligible first, then possibly eligible, then the others."""
    verdicts = [evaluate(scheme, case) for scheme in schemes]
    return sorted(verdicts, key=lambda v: VERDICTS.index(v.verdict))


def find_scheme(schemes, scheme_id):
    for scheme in schemes:
        if scheme.id == scheme_id:
            return scheme
    raise UnknownNameError(f"unknown scheme {scheme_id!r}: choose one of {', '.join(s.id for s in schemes)}")


__all__ = ["Case", "CompanyFacts", "Scheme", "Verdict", "company_facts", "evaluate", "evaluate_all", "find_scheme",
           "project_facts"]
