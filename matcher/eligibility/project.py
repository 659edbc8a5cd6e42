"""Checks on a scheme's partner labs, consortium and project (TRL, budget, duration, dates).

Each answers pass, fail or unknown like the company checks of :mod:`matcher.eligibility.criteria`.
"""

import datetime
from collections.abc import Sequence

from ..records.catalogue import Lab
from ..records.schemes import LAB_KINDS
from .criteria import _DOCTORAL_PARENTS, Case, Check, _fail, _number, _pass, _unknown


def lab_is(lab: Lab, kind: str) -> bool | None:
    """True, False, or None when the lab's record cannot tell."""
    if kind in ("public_research", "ordc"):
        return True  # every lab of the catalogue is a public research unit
    if kind == "cea":
        return lab.acronym.upper().startswith("CEA") or any(p.upper().startswith("CEA") for p in lab.parents)
    parents = " ".join(lab.parents).casefold()
    return True if any(word in parents for word in _DOCTORAL_PARENTS) else None


def check_lab_required(case: Case, kind: str) -> Check:
    """A partner lab of ``kind`` (a key of ``LAB_KINDS``); unknown when the labs' records cannot tell."""
    kind_fr, kind_en = LAB_KINDS[kind]
    if not case.labs:
        return _fail("aucun laboratoire partenaire", "no partner lab", f"ajouter un partenaire : {kind_fr}",
                     f"add a partner: {kind_en}")
    answers = {lab.acronym: lab_is(lab, kind) for lab in case.labs}
    good = [name for name, ok in answers.items() if ok]
    if good:
        return _pass(f"{', '.join(good)} : {kind_fr}", f"{', '.join(good)}: {kind_en}")
    names = ", ".join(answers)
    if None in answers.values():
        return _unknown(f"{names} : rattachement à une école doctorale non connu",
                        f"{names}: doctoral-school attachment not known",
                        f"vérifier que {names} accueille des doctorants (école doctorale)",
                        f"check that {names} hosts PhD students (doctoral school)")
    return _fail(f"{names} n'est pas {kind_fr}", f"{names} is not {kind_en}", f"le partenaire doit être {kind_fr}",
                 f"the partner must be {kind_en}")


def check_lab_region(case: Case, regions: Sequence[str]) -> Check:
    """Every partner lab is in one of ``regions`` (and there is one)."""
    where = " ou ".join(regions), " or ".join(regions)
    if not case.labs:
        return _fail("aucun laboratoire partenaire", "no partner lab", f"ajouter un laboratoire situé en {where[0]}",
                     f"add a lab located in {where[1]}")
    outside = [lab for lab in case.labs if lab.region not in regions]
    if not outside:
        return _pass(f"laboratoire(s) situé(s) en {where[0]}", f"lab(s) located in {where[1]}")
    names = ", ".join(f"{lab.acronym} ({lab.region})" for lab in outside)
    return _fail(f"hors région : {names}", f"outside the region: {names}",
                 f"le laboratoire partenaire doit être en {where[0]}", f"the partner lab must be in {where[1]}")


def check_no_consortium(case: Case) -> Check:
    """The company applies alone: always passes, saying the lab's place when there is one."""
    if case.labs:
        return _pass("l'entreprise dépose seule ; le laboratoire ne peut intervenir qu'en sous-traitance",
                     "the company applies alone; the lab can take part only as a subcontractor")
    return _pass("l'entreprise dépose seule", "the company applies alone")


def _count(case: Case, what: str) -> int:
    return {"companies": 1, "labs": len(case.labs), "partners": 1 + len(case.labs)}[what]


_WHAT = {"companies": ("entreprise(s)", "company(ies)"), "labs": ("laboratoire(s)", "lab(s)"),
         "partners": ("partenaire(s)", "partner(s)")}


def check_companies_min(case: Case, min: int, region: str | None = None) -> Check:
    """At least ``min`` companies in the project (located in ``region`` when given)."""
    count = _count(case, "companies")
    if count >= min:
        return _pass(f"{count} entreprise(s), au moins {min}", f"{count} company(ies), at least {min}")
    extra_fr = f" située en {region}" if region else ""
    extra_en = f" located in {region}" if region else ""
    return _fail(f"{count} entreprise dans le projet, il en faut au moins {min}",
                 f"{count} company in the project, at least {min} required",
                 f"ajouter {min - count} autre(s) entreprise(s){extra_fr}",
                 f"add {min - count} more company(ies){extra_en}")


def _check_max(case: Case, what: str, max: int) -> Check:
    count = _count(case, what)
    fr, en = _WHAT[what]
    if count <= max:
        return _pass(f"{count} {fr}, au plus {max}", f"{count} {en}, at most {max}")
    return _fail(f"{count} {fr}, plus de {max}", f"{count} {en}, over {max}", f"garder au plus {max} {fr}",
                 f"keep at most {max} {en}")


def check_companies_max(case: Case, max: int) -> Check:
    """At most ``max`` companies in the project."""
    return _check_max(case, "companies", max)


def check_labs_max(case: Case, max: int) -> Check:
    """At most ``max`` partner labs."""
    return _check_max(case, "labs", max)


def check_partners_max(case: Case, max: int) -> Check:
    """At most ``max`` partners, the company and its labs together."""
    return _check_max(case, "partners", max)


def check_countries_min(case: Case, min: int) -> Check:
    """Partners from at least ``min`` countries (a consortium across borders)."""
    # The catalogue holds French companies and labs: a pair counts one country.
    countries = {case.company.country} | {"France" for _ in case.labs}
    if len(countries) >= min:
        return _pass(f"{len(countries)} pays", f"{len(countries)} countries")
    return _fail(f"partenaires d'un seul pays ({', '.join(sorted(countries))}), il en faut {min}",
                 f"partners from one country only ({', '.join(sorted(countries))}), {min} required",
                 f"ajouter un partenaire d'un autre pays (au moins {min} pays)",
                 f"add a partner from another country (at least {min} countries)")


def _range(min: float | None, max: float | None) -> str:
    if min is not None and max is not None:
        return f"{_number(min)}–{_number(max)}"
    return f"≥ {_number(min)}" if min is not None else f"≤ {_number(max)}"


def _in_range(value: float, min: float | None, max: float | None) -> bool:
    return (min is None or value >= min) and (max is None or value <= max)


def check_trl(case: Case, min: int | None = None, max: int | None = None) -> Check:
    """The project's TRL range lies within ``min``–``max``; unknown when not given or only partly within."""
    wanted = _range(min, max)
    if case.trl is None:
        return _unknown(f"TRL du projet non indiqué (attendu : {wanted})",
                        f"project TRL not given (expected: {wanted})",
                        "indiquer le TRL du projet", "give the project's TRL")
    low, high = case.trl
    shown = str(low) if low == high else f"{low}–{high}"
    if _in_range(low, min, max) and _in_range(high, min, max):
        return _pass(f"TRL {shown}, dans la plage {wanted}", f"TRL {shown}, within {wanted}")
    todo = f"le projet doit se situer à un TRL {wanted}", f"the project must be at TRL {wanted}"
    if (max is not None and low > max) or (min is not None and high < min):
        return _fail(f"TRL {shown} hors de la plage {wanted}", f"TRL {shown} outside {wanted}", *todo)
    return _unknown(f"TRL {shown} : en partie seulement dans la plage {wanted}", f"TRL {shown}: only partly within "
                    f"{wanted}", *todo)


def check_budget_eur(case: Case, min: float | None = None, max: float | None = None) -> Check:
    """The project's budget, in euros, lies within ``min``–``max``; unknown when not given."""
    wanted = _range(min, max) + " €"
    if case.budget_eur is None:
        return _unknown(f"budget non indiqué (attendu : {wanted})", f"budget not given (expected: {wanted})",
                        "indiquer le budget du projet", "give the project's budget")
    if _in_range(case.budget_eur, min, max):
        return _pass(f"budget {_number(case.budget_eur)} €, dans la plage {wanted}",
                     f"budget {_number(case.budget_eur)} €, within {wanted}")
    return _fail(f"budget {_number(case.budget_eur)} € hors de la plage {wanted}",
                 f"budget {_number(case.budget_eur)} € outside {wanted}",
                 f"le budget doit être de {wanted}", f"the budget must be {wanted}")


def check_duration_months_max(case: Case, max: int) -> Check:
    """The project lasts at most ``max`` months; unknown when its duration is not given."""
    if case.months is None:
        return _unknown(f"durée non indiquée (au plus {max} mois)", f"duration not given (at most {max} months)",
                        "indiquer la durée du projet", "give the project's duration")
    if case.months <= max:
        return _pass(f"{case.months} mois, au plus {max}", f"{case.months} months, at most {max}")
    return _fail(f"{case.months} mois, plus de {max}", f"{case.months} months, over {max}",
                 f"ramener la durée à {max} mois au plus", f"bring the duration down to {max} months at most")


def check_valid_until(case: Case, date: datetime.date) -> Check:
    """The scheme is still in force: passes until ``date``, unknown after it."""
    if case.today <= date:
        return _pass(f"en vigueur jusqu'au {date.isoformat()}", f"in force until {date.isoformat()}")
    # Past its last known end date; a later law may have extended it, which no source read says.
    return _unknown(f"date de fin connue dépassée ({date.isoformat()})",
                    f"last known end date passed ({date.isoformat()})",
                    "vérifier si le dispositif a été prolongé", "check whether the scheme was extended")


def check_unknown(case: Case) -> Check:
    """A rule whose threshold is not public: always unknown (the criterion's note says why)."""
    return _unknown("règle non vérifiable", "rule that cannot be checked", None, None)
