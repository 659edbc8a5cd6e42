"""A partnership proposal, as a record: a lab for a need, and the schemes the pair reaches.

:mod:`matcher.proposals` builds them (ranking + eligibility); pages, the CLI and the API show them.
"""

from typing import Annotated

from pydantic import Field, computed_field, field_serializer
from typing_extensions import TypedDict

from .base import Phrase, Record, record
from .catalogue import Match
from .schemes import VERDICT_WORDS, Verdict

# A scheme missed on this many failed criteria or fewer is shown with what to change.
NEAR_MISS_FAILURES = 1


class ProposalNeed(TypedDict):
    """The need a proposal answers, as it shows it; ``id`` and ``company_id`` are None for a free text."""

    id: str | None
    title: str
    company_id: str | None


class NearMiss(TypedDict):
    """A scheme the pair almost reaches, and what is missing to reach it."""

    scheme_id: str
    name: str
    missing: list[Phrase]


@record(result=True)
class Proposal(Record):
    """A lab for a need, with the schemes the pair reaches.

    ``reachable`` holds the eligible and possibly eligible verdicts, eligible first;
    ``near_misses`` the schemes that fail on at most ``NEAR_MISS_FAILURES`` criteria. Its plain
    data names the match ``lab`` and the reachable verdicts ``schemes``, and shows of each near
    miss what is missing to reach it.
    """

    DUMP = {"by_alias": True}
    need: ProposalNeed
    match: Annotated[Match, Field(serialization_alias="lab")]
    reachable: Annotated[tuple[Verdict, ...], Field(serialization_alias="schemes")]
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

    @field_serializer("near_misses")
    def _near_misses(self, near_misses: tuple[Verdict, ...]) -> list[NearMiss]:
        return [{"scheme_id": v.scheme_id, "name": v.name, "missing": v.missing[:NEAR_MISS_FAILURES]}
                for v in near_misses]

    @computed_field(alias="explanation")
    @property
    def explanation_both(self) -> Phrase:
        """The explanation in both languages."""
        return {"fr": self.explanation("fr"), "en": self.explanation("en")}
