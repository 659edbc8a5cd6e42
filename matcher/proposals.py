"""Partnership proposals: a lab that can answer a need, and the schemes the pair can reach.

A proposal joins three answers about one company and one lab: why the lab fits the need
(the ranking's evidence), which co-innovation schemes the partnership makes the project
eligible or possibly eligible for, and what is missing for the schemes it almost reaches.
Only schemes that involve a lab partner are weighed here: a tax status such as the JEI
does not depend on the lab chosen (``matcher schemes check`` lists every scheme).
"""

import dataclasses
from collections.abc import Iterable, Mapping
from typing import Any

from .eligibility.criteria import Case, CompanyFacts
from .eligibility.schemes import evaluate_all
from .records.catalogue import Lab, Match
from .records.schemes import VERDICT_WORDS, Scheme, Verdict

# A scheme missed on this many failed criteria or fewer is shown with what to change.
NEAR_MISS_FAILURES = 1


@dataclasses.dataclass(frozen=True)
class Proposal:
    """A lab for a need, with the schemes the pair reaches.

    ``reachable`` holds the eligible and possibly eligible verdicts, eligible first;
    ``near_misses`` the schemes that fail on at most ``NEAR_MISS_FAILURES`` criteria.
    """

    need: Mapping[str, str | None]  # {"id", "title", "company_id"}; id and company_id are None for a free text
    match: Match
    reachable: tuple[Verdict, ...]
    near_misses: tuple[Verdict, ...]

    def explanation(self, lang: str = "en") -> str:
        """One paragraph: why this lab, which schemes, what is missing."""
        fr = lang == "fr"
        parts = []
        m = self.match
        if m.terms:
            words = ", ".join(m.terms[:6])
            parts.append(f"{m.acronym} répond au besoin ({words})." if fr else f"{m.acronym} fits the need ({words}).")
        else:
            parts.append(f"{m.acronym} est proche du besoin." if fr else f"{m.acronym} is close to the need.")
        if m.context:  # the collaboration graph weighed in (TANDEM_GRAPH_WEIGHT)
            said = "; ".join(reason["fr" if fr else "en"] for reason in m.context)
            parts.append(said[0].upper() + said[1:] + ".")
        if self.reachable:
            names = "; ".join(f"{v.name} ({VERDICT_WORDS[v.verdict][0 if fr else 1]})" for v in self.reachable)
            parts.append(f"Dispositifs accessibles : {names}." if fr else f"Schemes within reach: {names}.")
        else:
            parts.append("Aucun dispositif partenarial accessible en l'état." if fr
                         else "No partnership scheme within reach as things stand.")
        for verdict in self.near_misses:
            todo = "; ".join(item["fr" if fr else "en"] for item in verdict.missing[:NEAR_MISS_FAILURES])
            parts.append(f"{verdict.name} : {todo}." if fr else f"{verdict.name}: {todo}.")
        return " ".join(parts)

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON: the need, the lab's match, the schemes, the near misses and the explanation."""
        return {
            "need": self.need,
            "lab": self.match.to_dict(),
            "schemes": [v.to_dict() for v in self.reachable],
            "near_misses": [{"scheme_id": v.scheme_id, "name": v.name, "missing": v.missing[:NEAR_MISS_FAILURES]}
                            for v in self.near_misses],
            "explanation": {"fr": self.explanation("fr"), "en": self.explanation("en")},
        }


def partnership_schemes(schemes: Iterable[Scheme]) -> list[Scheme]:
    """The schemes where the choice of a lab matters."""
    return [scheme for scheme in schemes if scheme.lab_partner != "none"]


def propose(need: Mapping[str, str | None], matches: Iterable[Match], company: CompanyFacts, labs: Mapping[str, Lab],
            schemes: Iterable[Scheme], trl: tuple[int, int] | None = None, budget: float | None = None,
            months: int | None = None) -> list[Proposal]:
    """Proposals for one need: each matched lab with the schemes the pair reaches.

    Parameters
    ----------
    need : dict
        ``{"id", "title", "company_id"}`` of the need, shown back in each proposal.
    matches : list of Match
        The ranking's answer for the need, best first; the order is kept.
    company : CompanyFacts
    labs : mapping
        Lab id -> Lab, for every matched lab.
    schemes : list of Scheme
    trl, budget, months : optional
        The project's figures, already checked (``schemes.project_facts``).
    """
    schemes = partnership_schemes(schemes)
    proposals = []
    for match in matches:
        case = Case(company, labs=(labs[match.lab_id],), trl=trl, budget_eur=budget, months=months)
        verdicts = evaluate_all(schemes, case)
        reachable = tuple(v for v in verdicts if v.verdict != "not_eligible")
        near = tuple(v for v in verdicts if v.verdict == "not_eligible"
                     and sum(c.status == "fail" for c in v.criteria) <= NEAR_MISS_FAILURES)
        proposals.append(Proposal(need, match, reachable, near))
    return proposals
