"""The criteria vocabulary of funding schemes: the case, the answer, and the checks on the company.

The checks on the partner labs, the consortium and the project are in
:mod:`matcher.eligibility.project`; the vocabulary (test name -> check) is
``matcher.eligibility.schemes.CHECKS``. A check looks at a :class:`Case` (a company, its partner
labs, a project) and answers ``pass``, ``fail`` or ``unknown`` with a reason in French
and in English; a failed or
unknown criterion also says, in a manager's words, what would change the answer.
Nothing is guessed: a fact the case does not give makes the criterion unknown.
"""

import dataclasses
import datetime
from collections.abc import Sequence

from ..records.catalogue import Lab
from ..records.schemes import SIZE_NAMES

# EU SME definition (Recommendation 2003/361/EC): staff below the ceiling AND turnover
# OR balance sheet at most the amounts; ETI and large companies by staff (décret 2008-1354).
EU_CLASSES = (("micro", 10, 2e6, 2e6), ("small", 50, 10e6, 10e6), ("medium", 250, 50e6, 43e6))
# Parents that award doctorates: a lab under one of them hosts PhD students.
_DOCTORAL_PARENTS = ("univ", "inp", "insa", "école", "ecole", "isae", "imt", "centrale",
                     "institut national polytechnique", "sorbonne", "comue")


@dataclasses.dataclass(frozen=True)
class CompanyFacts:
    """What the checks know of a company; ``headcount`` is a ``(low, high)`` range."""

    name: str
    headcount: tuple[int, int]
    founded: int
    region: str
    turnover_eur: float | None = None
    balance_sheet_eur: float | None = None
    size_class: str | None = None  # as declared in the catalogue, used when figures are missing
    country: str = "France"
    department: str | None = None
    independent: bool | None = None  # not held 25 % or more by a large group; None when not known


@dataclasses.dataclass(frozen=True)
class Case:
    """What a scheme is checked against: a company, its partner labs and the project's figures."""

    company: CompanyFacts | None  # None when only the criteria on the labs are checked (LAB_TESTS)
    labs: tuple[Lab, ...] = ()
    trl: tuple[int, int] | None = None  # (low, high) TRL range of the project
    budget_eur: float | None = None
    months: int | None = None
    today: datetime.date = dataclasses.field(default_factory=datetime.date.today)


@dataclasses.dataclass(frozen=True)
class Check:
    """One criterion's answer, its reason in both languages and, unless it passes, what would change it."""

    status: str  # "pass", "fail" or "unknown"
    fr: str
    en: str
    todo_fr: str | None = None  # what is missing, for a failed or unknown criterion
    todo_en: str | None = None


def _pass(fr: str, en: str) -> Check:
    return Check("pass", fr, en)


def _fail(fr: str, en: str, todo_fr: str, todo_en: str) -> Check:
    return Check("fail", fr, en, todo_fr, todo_en)


def _unknown(fr: str, en: str, todo_fr: str | None, todo_en: str | None) -> Check:
    return Check("unknown", fr, en, todo_fr, todo_en)


def _number(value: float) -> str:
    return f"{value:,.0f}".replace(",", " ")


def _staff(company: CompanyFacts) -> str:
    low, high = company.headcount
    return _number(low) if low == high else f"{_number(low)}–{_number(high)}"


def size_class(company: CompanyFacts) -> str | None:
    """The company's class by the EU definition, or None when its figures cannot tell."""
    low, high = company.headcount
    if low >= 5000:
        return "large"
    if low >= 250:
        return "eti"
    if high >= 250:
        return None  # the range straddles the SME ceiling
    money = [m for m in (company.turnover_eur, company.balance_sheet_eur) if m is not None]
    if not money:
        return company.size_class if company.size_class in ("micro", "small", "medium") else None
    for name, staff, turnover, balance in EU_CLASSES:
        fits_money = ((company.turnover_eur is not None and company.turnover_eur <= turnover)
                      or (company.balance_sheet_eur is not None and company.balance_sheet_eur <= balance))
        if high < staff and fits_money:
            return name
    return "eti"  # fewer than 250 staff but above both SME money ceilings


def check_company_size(case: Case, classes: Sequence[str]) -> Check:
    """Is the company of one of the EU size ``classes``? Unknown when its figures cannot tell."""
    found = size_class(case.company)
    wanted_fr = ", ".join(SIZE_NAMES[c][0] for c in classes)
    wanted_en = ", ".join(SIZE_NAMES[c][1] for c in classes)
    if found is None:
        return _unknown(
            f"taille non déterminée ({_staff(case.company)} salariés, chiffre d'affaires et bilan inconnus)",
            f"size not determined ({_staff(case.company)} staff, turnover and balance sheet unknown)",
            "indiquer l'effectif exact et le chiffre d'affaires ou le total de bilan",
            "give the exact headcount and the turnover or the balance-sheet total")
    name_fr, name_en = SIZE_NAMES[found]
    if found in classes:
        return _pass(f"{name_fr} au sens européen, comme demandé ({wanted_fr})",
                     f"{name_en} by the EU definition, as required ({wanted_en})")
    return _fail(f"{name_fr} au sens européen ; le dispositif demande : {wanted_fr}",
                 f"{name_en} by the EU definition; the scheme requires: {wanted_en}",
                 f"le porteur doit être : {wanted_fr}", f"the applicant must be: {wanted_en}")


def check_headcount_max(case: Case, max: float) -> Check:
    """At most ``max`` staff; unknown when the headcount range straddles the ceiling."""
    low, high = case.company.headcount
    if high <= max:
        return _pass(f"{_staff(case.company)} salariés, au plus {_number(max)}",
                     f"{_staff(case.company)} staff, at most {_number(max)}")
    fr = f"l'entreprise doit compter au plus {_number(max)} salariés"
    en = f"the company must have at most {_number(max)} staff"
    if low > max:
        return _fail(f"{_staff(case.company)} salariés, plus de {_number(max)}",
                     f"{_staff(case.company)} staff, over {_number(max)}", fr, en)
    return _unknown(f"effectif {_staff(case.company)} : de part et d'autre du plafond de {_number(max)}",
                    f"headcount {_staff(case.company)}: on both sides of the ceiling of {_number(max)}",
                    "indiquer l'effectif exact", "give the exact headcount")


def check_headcount_min(case: Case, min: float) -> Check:
    """At least ``min`` staff; unknown when the headcount range straddles the floor."""
    low, high = case.company.headcount
    if low >= min:
        return _pass(f"{_staff(case.company)} salariés, au moins {min}",
                     f"{_staff(case.company)} staff, at least {min}")
    if high < min:
        return _fail(f"{_staff(case.company)} salariés, moins de {min}",
                     f"{_staff(case.company)} staff, fewer than {min}",
                     f"l'entreprise doit compter au moins {min} salarié(s)",
                     f"the company must have at least {min} staff")
    return _unknown(f"effectif {_staff(case.company)} : minimum de {min} non certain",
                    f"headcount {_staff(case.company)}: minimum of {min} not certain",
                    "indiquer l'effectif exact", "give the exact headcount")


def _age(case: Case) -> tuple[int, int]:
    """The company's age as ``(low, high)``: knowing only its creation year, it may not have had
    its birthday yet this year."""
    years = case.today.year - case.company.founded
    return max(years - 1, 0), years


def check_company_age_max(case: Case, years: int, or_founded_until: int | None = None,
                          or_years: int | None = None) -> Check:
    """Under ``years`` old; a company founded in ``or_founded_until`` at the latest is held to
    ``or_years`` instead (an older rule still covers it). Unknown when the creation year cannot tell."""
    founded = case.company.founded
    if or_founded_until is not None and founded <= or_founded_until:
        years = or_years  # the older rule still covers companies founded up to that year
    low, high = _age(case)
    if high < years:
        return _pass(f"créée en {founded} ({high} ans au plus), moins de {years} ans",
                     f"founded in {founded} (at most {high} years old), under {years} years")
    todo = (f"l'entreprise a {years} ans ou plus (créée en {founded})",
            f"the company is {years} years old or more (founded in {founded})")
    if low >= years:
        return _fail(f"créée en {founded} : {low} ans au moins, le dispositif demande moins de {years} ans",
                     f"founded in {founded}: at least {low} years old, the scheme requires under {years} years", *todo)
    return _unknown(f"créée en {founded} : {low} ou {years} ans selon la date de création, limite de {years} ans",
                    f"founded in {founded}: {low} or {years} years old depending on the creation date, "
                    f"limit {years} years",
                    f"vérifier la date exacte de création : l'entreprise atteint {years} ans en {case.today.year}",
                    f"check the exact creation date: the company turns {years} in {case.today.year}")


def check_company_age_min(case: Case, years: int) -> Check:
    """At least ``years`` old; unknown when the creation year alone cannot tell."""
    founded = case.company.founded
    low, high = _age(case)
    if low >= years:
        return _pass(f"créée en {founded}, au moins {years} an(s)",
                     f"founded in {founded}, at least {years} year(s) old")
    if high < years:
        return _fail(f"créée en {founded} : moins de {years} an(s)", f"founded in {founded}: under {years} year(s) old",
                     f"l'entreprise doit avoir au moins {years} an(s)",
                     f"the company must be at least {years} year(s) old")
    return _unknown(f"créée en {founded} : {years} an(s) atteint(s) en {case.today.year} selon la date de création",
                    f"founded in {founded}: turns {years} in {case.today.year}, depending on the creation date",
                    "vérifier la date exacte de création", "check the exact creation date")


def check_company_founded_max(case: Case, year: int) -> Check:
    """Founded in ``year`` at the latest."""
    founded = case.company.founded
    if founded <= year:
        return _pass(f"créée en {founded}, au plus tard en {year}", f"founded in {founded}, in {year} at the latest")
    return _fail(f"créée en {founded}, après {year}", f"founded in {founded}, after {year}",
                 f"seules les entreprises créées au plus tard en {year} sont couvertes",
                 f"only companies founded in {year} at the latest are covered")


def check_company_region(case: Case, regions: Sequence[str]) -> Check:
    """The company (its seat or the establishment carrying the project) is in one of ``regions``."""
    where = " ou ".join(regions), " or ".join(regions)
    if case.company.region in regions:
        return _pass(f"entreprise située en {case.company.region}", f"company located in {case.company.region}")
    return _fail(f"entreprise située en {case.company.region}, pas en {where[0]}",
                 f"company located in {case.company.region}, not in {where[1]}",
                 f"le siège ou un établissement qui mène le projet doit être en {where[0]}",
                 f"the seat or an establishment carrying the project must be in {where[1]}")


def check_company_department(case: Case, departments: Sequence[str]) -> Check:
    """The company is in one of ``departments``; unknown when its department is not given."""
    listed = ", ".join(departments)
    if case.company.department is None:
        return _unknown("département de l'entreprise non indiqué", "the company's department not given",
                        f"indiquer le département (attendu : {listed})", f"give the department (expected: {listed})")
    if case.company.department in departments:
        return _pass(f"entreprise dans le département {case.company.department}",
                     f"company in department {case.company.department}")
    return _fail(f"entreprise dans le département {case.company.department}, pas dans : {listed}",
                 f"company in department {case.company.department}, not in: {listed}",
                 f"l'établissement qui mène le projet doit être dans l'un des départements : {listed}",
                 f"the establishment carrying the project must be in one of the departments: {listed}")


def check_company_independent(case: Case) -> Check:
    """No large group holds 25 % or more of the company; unknown when that is not known."""
    if case.company.independent is None:
        return _unknown("indépendance vis-à-vis d'un grand groupe non connue",
                        "independence from a large group not known",
                        "confirmer qu'aucun grand groupe ne détient 25 % ou plus du capital",
                        "confirm that no large group holds 25 % or more of the capital")
    if case.company.independent:
        return _pass("entreprise indépendante (pas détenue à 25 % ou plus par un grand groupe)",
                     "independent company (not held 25 % or more by a large group)")
    return _fail("entreprise détenue à 25 % ou plus par un grand groupe", "company held 25 % or more by a large group",
                 "le porteur doit être indépendant : aucun grand groupe à 25 % ou plus du capital",
                 "the applicant must be independent: no large group holding 25 % or more of the capital")


def check_company_country(case: Case, countries: Sequence[str]) -> Check:
    """The company is established in one of ``countries`` (a French company counts for the EU)."""
    european = any("EU" in c or "UE" in c for c in countries)
    if case.company.country in countries or (european and case.company.country == "France"):
        return _pass(f"entreprise établie en {case.company.country}", f"company established in {case.company.country}")
    listed = ", ".join(countries)
    return _fail(f"entreprise établie en {case.company.country}", f"company established in {case.company.country}",
                 f"l'entreprise doit être établie en : {listed}", f"the company must be established in: {listed}")
