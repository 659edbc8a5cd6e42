"""The catalogue: labs (browse, profile, schemes open to them, needs that suit them) and companies."""

from pydantic import BaseModel, Field

from matcher.records import Lab, Proposal, Verdict

from ..envelope import success
from ..extensions import get_engine
from .base import TAGS, bp
from .models import CompanyDetail, LabPage, LabSummary, answer, errors, ident


class LabPath(BaseModel):
    lab_id: str = ident("hydro")


class CompanyPath(BaseModel):
    company_id: str = ident("riverco")


class LabQuery(BaseModel):
    q: str | None = Field(None, max_length=200, description="words looked for in the acronym, name, city, "
                                                             "themes and keywords (accents and case aside)")
    region: str | None = Field(None, max_length=60, description="Occitanie or Auvergne-Rhône-Alpes (or AURA)")
    domain: str | None = Field(None, max_length=100, description="a scientific domain of the RNSR directory")
    parent: str | None = Field(None, max_length=100, description="parent body, e.g. CNRS")
    page: int = Field(1, ge=1, le=100_000)
    per_page: int = Field(20, ge=1, le=100)


class TopQuery(BaseModel):
    top: int = Field(10, ge=1, le=50, description="how many needs")


@bp.get("/labs", tags=[TAGS["labs"]], responses={200: answer(LabPage, "LabPageAnswer"), **errors(400, 404)})
def labs(query: LabQuery):
    """One page of the catalogue of labs, filtered (404: a domain the catalogue does not have)."""
    found = get_engine().browse_labs(q=query.q, region=query.region, domain=query.domain, parent=query.parent,
                                 page=query.page, per_page=query.per_page)
    return success({"labs": [LabSummary.model_validate(lab).model_dump(mode="json") for lab in found.labs],
                    "total": found.total, "page": found.page, "pages": found.pages})


@bp.get("/labs/<lab_id>", tags=[TAGS["labs"]], responses={200: answer(Lab, "LabAnswer"), **errors(400, 404)})
def lab(path: LabPath):
    """A lab's whole profile: documents, themes, keywords, platforms, TRL range, sources."""
    return success(get_engine().get("labs", path.lab_id).to_dict())


@bp.get("/labs/<lab_id>/schemes", tags=[TAGS["labs"], TAGS["schemes"]],
        responses={200: answer(list[Verdict], "LabSchemesAnswer"), **errors(400, 404)})
def lab_schemes(path: LabPath):
    """The partnership schemes the lab can take part in (its kind and region allow it), whatever the company."""
    return success([verdict.to_dict() for verdict in get_engine().lab_schemes(path.lab_id)])


@bp.get("/labs/<lab_id>/needs", tags=[TAGS["labs"], TAGS["needs"]],
        responses={200: answer(list[Proposal], "LabNeedsAnswer"), **errors(400, 404)})
def lab_needs(path: LabPath, query: TopQuery):
    """The open needs that suit the lab best, each as a partnership proposal."""
    return success([proposal.to_dict() for proposal in get_engine().propose_for_lab(path.lab_id, top=query.top)])


@bp.get("/companies", tags=[TAGS["companies"]], responses={200: answer(list[CompanyDetail], "CompaniesAnswer"),
                                                          **errors(400)})
def companies():
    """The companies of the store, each with the ids of its needs."""
    needs = get_engine().needs()
    return success([_company(company, needs) for company in get_engine().companies()])


@bp.get("/companies/<company_id>", tags=[TAGS["companies"]],
        responses={200: answer(CompanyDetail, "CompanyAnswer"), **errors(400, 404)})
def company(path: CompanyPath):
    """A company, with the ids of its needs."""
    return success(_company(get_engine().get("companies", path.company_id), get_engine().needs_of(path.company_id)))


def _company(company, needs):
    return {**company.to_dict(), "needs": [need.id for need in needs if need.company_id == company.id]}
