"""The shapes the API answers with, as pydantic models: the OpenAPI document is generated from them.

Each model describes the plain data a matcher object gives (``to_dict()``); the views never
build answers through these models, they only declare them. Where a record of
:mod:`matcher.records` is the answer, the record itself is the model (``Lab``, ``Need``,
``Scheme``, ``Bilingual``); where the answer shows some of a record's fields, the model is
made from the record's own fields (:func:`derived`), so that the two cannot drift apart.
"""

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, create_model
from pydantic.dataclasses import dataclass

from matcher.records import STATUSES, VERDICTS, Bilingual, Collaboration, Company, Lab, SchemeSource

from ..envelope import ErrorBody

# Request bodies are JSON: values keep their JSON types (no false read as 0, no "10" as 10), an
# unknown field is a mistake worth naming (a typo such as "tlr"), and no number may be NaN or
# infinite (Python's JSON reader accepts them, JSON itself does not).
BODY = ConfigDict(strict=True, extra="forbid", str_strip_whitespace=True, allow_inf_nan=False)


def ident(example, **options):
    """A record id in a path or a query; its example (from the fixture catalogue's kind of ids) shows
    in the document and in Swagger UI."""
    return Field(max_length=100, json_schema_extra={"example": example}, **options)


def trl_field():
    """A project's TRL: a level or a range, as ``matcher.records.catalogue.parse_trl`` reads it."""
    return Field(None, pattern=r"^[1-9](-[1-9])?$", description="a level or a range, e.g. 4 or 3-6")


def body_config(example):
    """A request body's configuration, with the example the document shows for it."""
    return ConfigDict(**BODY, openapi_extra={"example": example})


def answer(data, name):
    """The success envelope whose ``data`` is ``data`` (a type), named ``name`` in the document."""
    return create_model(name, ok=(Literal[True], ...), data=(data, ...), error=(None, ...))


class ErrorAnswer(BaseModel):
    """Every failure: the status again, a stable code (invalid_input, not_found…) and a message."""

    ok: Literal[False]
    data: None
    error: ErrorBody


def errors(*statuses):
    """The ``responses`` entries of an operation's failures."""
    return dict.fromkeys(statuses, ErrorAnswer)


# An answer shows every field, defaults included: the document marks them all required.
ANSWER = ConfigDict(from_attributes=True, json_schema_mode_override="serialization",
                    json_schema_serialization_defaults_required=True)


def derived(name, record, fields, doc, **extra):
    """A response model named ``name``: the ``fields`` of ``record`` as the record declares them (type,
    constraints), then ``extra`` field definitions; ``doc`` describes it in the document."""
    declared = record.__pydantic_fields__
    return create_model(name, __config__=ANSWER, __doc__=doc,
                        **{field: (declared[field].annotation, declared[field]) for field in fields}, **extra)




# Ranking and proposals ---------------------------------------------------------------
class DocumentScore(BaseModel):
    title: str
    score: float = Field(ge=0, le=1)


class MatchOut(BaseModel):
    """A ranked lab: ``score`` in [0, 1] (lexical similarity with the lab's best documents) and why."""

    lab_id: str
    acronym: str
    name: str
    region: str
    score: float = Field(ge=0, le=1)
    reasons: list[str]
    terms: list[str]
    documents: list[DocumentScore]
    detailed: bool
    context: list[Bilingual[str]]


class CriterionOut(BaseModel):
    test: str
    status: Literal["pass", "fail", "unknown"]
    reason: Bilingual[str]
    missing: Bilingual[str] | None
    source: SchemeSource
    confidence: Literal["high", "medium", "low"]


class VerdictOut(BaseModel):
    """A scheme's verdict, criterion by criterion; ``missing``: what would make the project eligible."""

    scheme_id: str
    name: str
    verdict: Literal[VERDICTS]
    criteria: list[CriterionOut]
    to_recheck: bool
    rules_read: str
    missing: list[Bilingual[str]]


class ProposalNeed(BaseModel):
    id: str | None
    title: str
    company_id: str | None


class NearMiss(BaseModel):
    scheme_id: str
    name: str
    missing: list[Bilingual[str]]


class ProposalOut(BaseModel):
    """A lab for a need, with the schemes the pair reaches and those it almost reaches."""

    need: ProposalNeed
    lab: MatchOut
    schemes: list[VerdictOut]
    near_misses: list[NearMiss]
    explanation: Bilingual[str]


class FollowupStatus(BaseModel):
    status: Literal[STATUSES]
    next: list[Literal[STATUSES]]


class FollowedProposal(ProposalOut):
    """A proposal with where its follow-up stands (null: nobody has recorded it yet)."""

    followup: FollowupStatus | None


class StepOut(BaseModel):
    status: Literal[STATUSES]
    at: str
    by: str | None
    note: str


class FollowupOut(FollowupStatus):
    need_id: str
    lab_id: str
    score: float | None
    history: list[StepOut]


class MatchData(BaseModel):
    labs: list[MatchOut]
    proposals: list[ProposalOut] | None = Field(
        description="with company facts only: the best labs for the text and TRL (the region, department and "
                    "parent filters apply to labs only), each with the schemes the partnership reaches")


# Catalogue -----------------------------------------------------------------------------
LabSummary = derived("LabSummary", Lab, ("id", "acronym", "name", "city", "region", "detailed", "domains", "parents"),
                     "A lab as a list shows it; ``/labs/{lab_id}`` gives the whole profile.")


class LabPage(BaseModel):
    labs: list[LabSummary]
    total: int = Field(ge=0)
    page: int = Field(ge=1)
    pages: int = Field(ge=1)


@dataclass(config=ConfigDict(frozen=True))
class CompanyDetail(Company):
    """A company with the ids of its needs."""

    needs: tuple[str, ...] = ()


# Collaboration graph -----------------------------------------------------------------------
GraphCollaboration = derived("GraphCollaboration", Collaboration, ("id", "kind", "title", "years", "scheme", "sources"),
                             "A collaboration on an edge of the graph (the two organisations are the edge's ends).")


class Organisation(BaseModel):
    id: str
    kind: Literal["lab", "company"]
    name: str
    region: str
    full_name: str | None = None
    sector_group: str | None = None
    size_class: str | None = None


class Node(Organisation):
    center: bool


class Edge(BaseModel):
    source: str
    target: str
    weight: int = Field(ge=1)
    collaborations: list[GraphCollaboration]


class Network(BaseModel):
    nodes: list[Node]
    edges: list[Edge]


class Partner(Organisation):
    """A partner, its collaborations with the organisation most recent first."""

    collaborations: list[GraphCollaboration]


class Hop(BaseModel):
    model_config = ConfigDict(populate_by_name=True)
    from_: str = Field(alias="from")
    to: str
    collaboration: GraphCollaboration


class Introduction(BaseModel):
    """A chain of known partners from a company to a lab, with its reason in words."""

    path: list[str]
    hops: list[Hop]
    reason: Bilingual[str]
