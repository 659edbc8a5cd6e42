"""The collaboration graph: an organisation's network, its partners, warm introductions to a lab."""

from pydantic import BaseModel, ConfigDict, Field

from matcher.records import Introduction, Network, Partner

from ..envelope import success
from ..extensions import get_engine
from .base import TAGS, bp
from .models import answer, errors, ident


class OrgPath(BaseModel):
    org_id: str = ident("riverco", description="a lab or a company")


class HopsQuery(BaseModel):
    hops: int = Field(1, ge=1, le=2, description="how far from the organisation, in collaborations")


class IntroQuery(BaseModel):
    model_config = ConfigDict(populate_by_name=True)
    from_: str = ident("riverco", alias="from", description="the company (or lab) looking for an introduction")
    to: str = ident("batt", description="the lab to reach")
    paths: int = Field(3, ge=1, le=10, description="how many introductions at most")


@bp.get("/graph/intro", tags=[TAGS["graph"]],
        responses={200: answer(list[Introduction], "IntroductionsAnswer"), **errors(400, 404)})
def introductions(query: IntroQuery):
    """Warm introductions: the shortest chains of known partners from an organisation to a lab (empty: none)."""
    return success([found.to_dict() for found in get_engine().introductions(query.from_, query.to,
                                                                            max_paths=query.paths)])


@bp.get("/graph/<org_id>", tags=[TAGS["graph"]], responses={200: answer(Network, "NetworkAnswer"),
                                                             **errors(400, 404)})
def network(path: OrgPath, query: HopsQuery):
    """The organisations within 1 or 2 collaborations of a lab or a company, and the collaborations between them."""
    return success(get_engine().network(path.org_id, hops=query.hops).to_dict())


@bp.get("/graph/<org_id>/partners", tags=[TAGS["graph"]],
        responses={200: answer(list[Partner], "PartnersAnswer"), **errors(400, 404)})
def partners(path: OrgPath):
    """Who a lab or a company worked with, most recent collaborations first."""
    return success([partner.to_dict() for partner in get_engine().partners(path.org_id)])
