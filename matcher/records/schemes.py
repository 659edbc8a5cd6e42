"""Funding schemes as records: a scheme, its declarative criteria and sources (data/schemes.yaml),
and a verdict for one case with each criterion's result.

The criteria's vocabulary (:data:`TESTS`: each test and its parameters) is checked when a
scheme is read; :mod:`matcher.eligibility` holds what each test does.
"""

import datetime
from typing import Any, Literal, NotRequired

from pydantic import Field, computed_field, model_validator
from typing_extensions import TypedDict

from .base import Bilingual, Department, Phrase, Record, Slug, Text, record

SIZE_NAMES = {
    "micro": ("micro-entreprise", "micro company"), "small": ("petite entreprise", "small company"),
    "medium": ("moyenne entreprise", "medium-sized company"), "eti": ("ETI", "mid-cap (ETI)"),
    "large": ("grande entreprise", "large company"),
}
LAB_KINDS = {
    "public_research": ("une unité de recherche publique", "a public research unit"),
    "cea": ("un institut du CEA (CEA-Leti, CEA-Liten, CEA-List…)", "a CEA institute (CEA-Leti, CEA-Liten, CEA-List…)"),
    "doctoral_school": ("un laboratoire rattaché à une école doctorale", "a lab attached to a doctoral school"),
    "ordc": ("un organisme de recherche et de diffusion des connaissances (ORDC)",
             "a research and knowledge-dissemination organisation (ORDC)"),
}
# The vocabulary of criteria: test name -> (required parameters, optional parameters).
TESTS = {
    "company_size": (("classes",), ()),
    "headcount_max": (("max",), ()),
    "headcount_min": (("min",), ()),
    "company_age_max": (("years",), ("or_founded_until", "or_years")),
    "company_founded_max": (("year",), ()),
    "company_age_min": (("years",), ()),
    "company_region": (("regions",), ()),
    "company_country": (("countries",), ()),
    "company_department": (("departments",), ()),
    "company_independent": ((), ()),
    "lab_required": (("kind",), ()),
    "lab_region": (("regions",), ()),
    "no_consortium": ((), ()),
    "companies_min": (("min",), ("region",)),
    "companies_max": (("max",), ()),
    "labs_max": (("max",), ()),
    "partners_max": (("max",), ()),
    "countries_min": (("min",), ()),
    "trl": ((), ("min", "max")),
    "budget_eur": ((), ("min", "max")),
    "duration_months_max": (("max",), ()),
    "valid_until": (("date",), ()),
    "unknown": ((), ()),
}

VERDICTS = ("eligible", "possibly_eligible", "not_eligible")
VERDICT_WORDS = {"eligible": ("éligible", "eligible"), "possibly_eligible": ("peut-être éligible", "possibly eligible"),
                 "not_eligible": ("non éligible", "not eligible")}
Confidence = Literal["high", "medium", "low"]


@record
class SchemeSource(Record):
    """A document a scheme's rules were read from: its title, address and date."""

    DUMP = {"exclude_none": True}
    title: Text
    url: str | None = None
    date: datetime.date | None = None


@record(kw_only=True)
class Criterion(Record):
    """One rule of a scheme: a test of the vocabulary (``TESTS``), its parameters, source and confidence."""

    DUMP = {"exclude_none": True}
    test: Literal[tuple(TESTS)]
    confidence: Confidence
    source: int = Field(ge=0)
    note: Bilingual[Text] | None = None
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
        required, optional = TESTS[self.test]
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

    def parameters(self) -> dict[str, Any]:
        """The parameters the test takes, as keyword arguments of its check (those not given left out)."""
        required, optional = TESTS[self.test]
        return {name: getattr(self, name) for name in required + optional if getattr(self, name) is not None}


_PARAMETERS = ("classes", "min", "max", "years", "or_founded_until", "or_years", "year", "regions", "countries",
               "departments", "kind", "region", "date")


@record(kw_only=True)
class Scheme(Record):
    """A funding scheme (data/schemes.yaml): what it is, where its rules come from, and its criteria."""

    DUMP = {"exclude_none": True}
    id: Slug
    name: Text
    family: str | None = None
    kind: Literal["grant", "grant_or_advance", "tax_credit", "status", "joint_lab", "phd_grant"]
    scope: Literal["Auvergne-Rhône-Alpes", "Occitanie", "France", "Europe"]
    funds: Literal["company", "lab", "both"]
    lab_partner: Literal["required", "optional", "none"]
    summary: Bilingual[Text]
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


class CitedSource(TypedDict):
    """A scheme source as a criterion's result cites it (:class:`SchemeSource`'s plain data)."""

    title: str
    url: NotRequired[str]
    date: NotRequired[str]


@record(result=True)
class CriterionResult(Record):
    """One criterion's answer for a case: pass, fail or unknown, why, what is missing, and its source."""

    test: str
    status: Literal["pass", "fail", "unknown"]
    reason: Phrase
    missing: Phrase | None
    source: CitedSource
    confidence: Confidence


@record(result=True)
class Verdict(Record):
    """A scheme's answer for one case, criterion by criterion; ``missing``: what would make the project eligible."""

    scheme_id: str
    name: str
    verdict: Literal[VERDICTS]
    criteria: tuple[CriterionResult, ...]
    to_recheck: bool
    rules_read: str

    @computed_field
    @property
    def missing(self) -> list[Phrase]:
        """What would make the project eligible (failed criteria), then what to check (unknown ones)."""
        return [c.missing for c in self.criteria if c.status == "fail" and c.missing] + \
               [c.missing for c in self.criteria if c.status == "unknown" and c.missing]
