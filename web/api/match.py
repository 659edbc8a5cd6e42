"""The public matching endpoints (rate-limited), and the funding schemes with their eligibility check."""

from pydantic import BaseModel, Field

from matcher.errors import InvalidInputError
from matcher.records import MAX_NEED_CHARS, Match, Scheme, Verdict, parse_trl

from ..envelope import success
from ..extensions import get_engine, limiter, match_limit
from .base import TAGS, bp
from .models import BODY, MatchData, answer, body_config, errors, ident, trl_field

MAX_TOP = 50
# GET and POST /match share one budget per client: one cannot dodge the limit by switching method.
MATCH_LIMIT = limiter.shared_limit(match_limit, scope="api-match")


class CompanyFacts(BaseModel):
    """A company described by its figures (the scheme checks read them)."""

    model_config = BODY
    headcount: int = Field(ge=0, le=10_000_000)
    founded: int = Field(ge=1800, le=9999, description="founding year")
    region: str = Field(min_length=1, max_length=60, description="French region of the seat, e.g. Occitanie")
    department: str | None = Field(None, pattern=r"^(\d{2}|2A|2B|97\d)$")
    turnover: float | None = Field(None, ge=0, description="annual turnover in euros")
    balance_sheet: float | None = Field(None, ge=0, description="balance-sheet total in euros")
    independent: bool | None = Field(None, description="not held 25 % or more by a large group")


class Filters(BaseModel):
    region: str | None = Field(None, max_length=60, description="Occitanie or Auvergne-Rhône-Alpes (or AURA)")
    department: str | None = Field(None, max_length=3, description="department code of the lab, e.g. 38")
    parent: str | None = Field(None, max_length=100, description="parent body, e.g. CNRS")
    trl: str | None = trl_field()
    top: int = Field(10, ge=1, le=MAX_TOP, description="how many labs")


class MatchBody(Filters):
    model_config = body_config({"text": "Prévoir les crues des rivières par satellite", "trl": "3-6", "top": 3,
                                "company": {"headcount": 20, "founded": 2019, "region": "Occitanie"}})
    text: str = Field(min_length=1, max_length=MAX_NEED_CHARS, description="the need, in French or English")
    company: CompanyFacts | None = Field(None, description="with it, the answer adds partnership proposals")


class MatchQuery(Filters):
    q: str = Field(min_length=1, max_length=MAX_NEED_CHARS, description="the need, in French or English",
                   json_schema_extra={"example": "prévoir les crues des rivières"})


class SchemeCheckBody(BaseModel):
    model_config = body_config({"company_id": "riverco", "lab_ids": ["hydro"], "trl": "4-6", "budget": 150000,
                                "months": 18})
    company_id: str | None = ident("riverco", default=None, description="a company of the store…")
    company: CompanyFacts | None = Field(None, description="…or one described by its figures")
    lab_ids: list[str] = Field([], max_length=20, description="the partner labs")
    trl: str | None = trl_field()
    budget: float | None = Field(None, gt=0, description="project budget in euros")
    months: int | None = Field(None, gt=0, le=600, description="project duration in months")
    scheme_id: str | None = ident("occitanie-pair", default=None, description="only this scheme")


def _ranked(text, filters):
    trl = parse_trl(filters.trl) if filters.trl else None
    return get_engine().match([text], top=filters.top, region=filters.region, department=filters.department,
                          parent=filters.parent, trl=trl)[0]


@bp.post("/match", tags=[TAGS["matching"]], responses={200: answer(MatchData, "MatchAnswer"),
                                                        **errors(400, 413, 429)})
@MATCH_LIMIT
def match(body: MatchBody):
    """Rank the labs for a need; with company facts, propose partnerships with their schemes."""
    labs = _ranked(body.text, body)
    proposals = None
    if body.company is not None:
        company = get_engine().company_facts(**body.company.model_dump(exclude_none=True))
        proposals = [p.to_dict() for p in get_engine().propose(text=body.text, company=company, top=body.top,
                                                            trl=body.trl, region=body.region,
                                                            department=body.department, parent=body.parent)]
    return success({"labs": [m.to_dict() for m in labs], "proposals": proposals})


@bp.get("/match", tags=[TAGS["matching"]], responses={200: answer(list[Match], "RankedLabsAnswer"),
                                                       **errors(400, 429)})
@MATCH_LIMIT
def match_query(query: MatchQuery):
    """Rank the labs for a need given in the address (?q=…)."""
    return success([m.to_dict() for m in _ranked(query.q, query)])


@bp.get("/schemes", tags=[TAGS["schemes"]], responses={200: answer(list[Scheme], "SchemesAnswer"), **errors(400)})
def schemes():
    """The funding schemes with their criteria and sources."""
    return success([scheme.to_dict() for scheme in get_engine().schemes()])


@bp.post("/schemes/check", tags=[TAGS["schemes"]],
         responses={200: answer(list[Verdict], "VerdictsAnswer"), **errors(400, 404, 413)})
def check_schemes(body: SchemeCheckBody):
    """Which schemes a company with these partner labs is eligible for, criterion by criterion."""
    if (body.company_id is None) == (body.company is None):
        raise InvalidInputError("give one of company_id (a company of the store) or company (its headcount, "
                                "founding year and region)")
    company = get_engine().company_facts(body.company_id, **(body.company.model_dump(exclude_none=True)
                                                           if body.company else {}))
    verdicts = get_engine().check_schemes(company, body.lab_ids, trl=body.trl, budget=body.budget, months=body.months,
                                      scheme_id=body.scheme_id)
    return success([verdict.to_dict() for verdict in verdicts])
