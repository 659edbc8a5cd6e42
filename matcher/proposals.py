"""Partnership proposals: a lab that can answer a need, and the schemes the pair can reach.

A proposal joins three answers about one company and one lab: why the lab fits the need
(the ranking's evidence), which co-innovation schemes the partnership makes the project
eligible or possibly eligible for, and what is missing for the schemes it almost reaches.
Only schemes that involve a lab partner are weighed here: a tax status such as the JEI
does not depend on the lab chosen (``matcher schemes check`` lists every scheme). The
record itself, :class:`~matcher.records.proposals.Proposal`, is in :mod:`matcher.records`.
"""

from collections.abc import Iterable, Mapping

from .eligibility.criteria import Case, CompanyFacts
from .eligibility.schemes import evaluate_all
from .records.catalogue import Lab, Match
from .records.proposals import NEAR_MISS_FAILURES, Proposal, ProposalNeed
from .records.schemes import Scheme


def partnership_schemes(schemes: Iterable[Scheme]) -> list[Scheme]:
    """The schemes where the choice of a lab matters."""
    return [scheme for scheme in schemes if scheme.lab_partner != "none"]


def propose(need: ProposalNeed, matches: Iterable[Match], company: CompanyFacts, labs: Mapping[str, Lab],
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
