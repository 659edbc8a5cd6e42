"""The shapes the API answers with, as pydantic models: the OpenAPI document is generated from them.

Each model describes the plain data a matcher object gives (``to_dict()``); the views never
build answers through these models, they only declare them. Where a record of
:mod:`matcher.records` is the answer, the record itself is the model (``Lab``, ``Need``,
``Scheme``, ``Bilingual``, and the results ``Match``, ``Verdict``, ``Proposal``, ``Followup``:
their schema is the one of what they write, computed fields included); where the answer shows
some of a record's fields, the model is made from the record's own fields (:func:`derived`), so
that the two cannot drift apart.
"""

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, create_model
from pydantic.dataclasses import dataclass

from matcher.records import STATUSES, CataloguePage, Company, Followup, Lab, Match, Proposal

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




# Ranking and proposals: the results are records (Match, Verdict, Proposal, Followup) ----------
FollowupStatus = derived("FollowupStatus", Followup, ("status",), "Where a proposal's follow-up stands.",
                         next=(list[Literal[STATUSES]], ...))


@dataclass(config=ConfigDict(frozen=True, json_schema_mode_override="serialization"))
class FollowedProposal(Proposal):
    """A proposal with where its follow-up stands (null: nobody has recorded it yet)."""

    followup: FollowupStatus | None


class MatchData(BaseModel):
    labs: list[Match]
    proposals: list[Proposal] | None = Field(
        description="with company facts only: the best labs for the text and TRL (the region, department and "
                    "parent filters apply to labs only), each with the schemes the partnership reaches")


# Catalogue -----------------------------------------------------------------------------
LabSummary = derived("LabSummary", Lab, ("id", "acronym", "name", "city", "region", "detailed", "domains", "parents"),
                     "A lab as a list shows it; ``/labs/{lab_id}`` gives the whole profile.")


LabPage = derived("LabPage", CataloguePage, ("total", "page", "pages"),
                  "One page of the catalogue, filtered: its labs, how many match, the page's number.",
                  labs=(list[LabSummary], ...))


@dataclass(config=ConfigDict(frozen=True))
class CompanyDetail(Company):
    """A company with the ids of its needs."""

    needs: tuple[str, ...] = ()
