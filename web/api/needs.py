"""Needs of companies: list, read, submit (bearer token), their proposals and the follow-up of each."""

from typing import Literal

from flask import abort, url_for
from pydantic import BaseModel, Field

from matcher.errors import InvalidInputError
from matcher.records import MAX_NEED_CHARS, MAX_NOTE, STATUSES, Followup, Need

from ..envelope import success
from ..extensions import get_engine
from .base import TAGS, TOKEN, bp, caller
from .models import FollowedProposal, answer, body_config, errors, ident, trl_field


class NeedPath(BaseModel):
    need_id: str = ident("riverco-levels")


class ProposalPath(NeedPath):
    lab_id: str = ident("hydro")


class NeedQuery(BaseModel):
    company_id: str | None = ident("riverco", default=None, description="only this company's needs")
    status: Literal["open", "closed"] | None = None


class TopQuery(BaseModel):
    top: int = Field(5, ge=1, le=50, description="how many labs")


class NeedBody(BaseModel):
    model_config = body_config({"title": "Capteurs de niveau", "lang": "fr", "trl": "3-5", "company_id": "riverco",
                                "text": "Mesurer le niveau des rivières par satellite pour prévoir les crues."})
    title: str = Field(min_length=1, max_length=200, description="one line (the need's own checks refuse line breaks)")
    text: str = Field(min_length=1, max_length=MAX_NEED_CHARS, description="the technical need, in plain words")
    lang: Literal["fr", "en"] = "fr"
    trl: str | None = trl_field()
    company_id: str | None = ident("riverco", default=None, description="admins only: whose need it is (an sme "
                                                                         "account submits for its own company)")


class StepBody(BaseModel):
    model_config = body_config({"status": "contacted", "note": "Premier appel avec l'équipe altimétrie."})
    status: Literal[STATUSES]
    note: str = Field("", max_length=MAX_NOTE)


@bp.get("/needs", tags=[TAGS["needs"]], responses={200: answer(list[Need], "NeedsAnswer"), **errors(400, 404)})
def needs(query: NeedQuery):
    """The needs of the store, optionally of one company or with one status."""
    found = (get_engine().needs_of(query.company_id, query.status) if query.company_id  # unknown company: 404
             else get_engine().needs(status=query.status))
    return success([need.to_dict() for need in found])


@bp.get("/needs/<need_id>", tags=[TAGS["needs"]], responses={200: answer(Need, "NeedAnswer"), **errors(400, 404)})
def need(path: NeedPath):
    """A need."""
    return success(get_engine().get("needs", path.need_id).to_dict())


@bp.post("/needs", tags=[TAGS["needs"]], security=TOKEN,
         responses={201: answer(Need, "SavedNeedAnswer"), **errors(400, 401, 403, 404, 413)})
def submit_need(body: NeedBody):
    """Submit a company's need; its best labs are recorded as proposed.

    An sme account submits for its own company; an admin gives company_id.
    """
    account = caller("sme")
    company_id = body.company_id or account.company_id
    if company_id is None:
        raise InvalidInputError("company_id: an admin submits a need for a company of the store: give its id")
    if not account.speaks_for_company(company_id):
        abort(403)
    saved = get_engine().save_need(company_id, body.title, body.text, lang=body.lang, trl=body.trl, user_id=account.id)
    return success(saved.to_dict(), 201, {"Location": url_for("api.need", need_id=saved.id)})


@bp.get("/needs/<need_id>/proposals", tags=[TAGS["needs"], TAGS["matching"]],
        responses={200: answer(list[FollowedProposal], "NeedProposalsAnswer"), **errors(400, 404)})
def proposals(path: NeedPath, query: TopQuery):
    """The labs proposed for a need, with the schemes each pair reaches and where its follow-up stands.

    A lab followed up but no longer among the ``top`` best does not show: ask for more.
    """
    followed = {f.lab_id: f for f in get_engine().followups.for_need(path.need_id)}
    found = []
    for proposal in get_engine().propose(need_id=path.need_id, top=query.top):
        followup = followed.get(proposal.match.lab_id)
        # Anyone may read where a follow-up stands, not its notes nor who took each step (as on the need page).
        found.append({**proposal.to_dict(),
                      "followup": {"status": followup.status, "next": list(followup.next)} if followup else None})
    return success(found)


@bp.post("/needs/<need_id>/proposals/<lab_id>/status", tags=[TAGS["needs"]], security=TOKEN,
         responses={200: answer(Followup, "FollowupAnswer"), **errors(400, 401, 403, 404, 409, 413)})
def advance(path: ProposalPath, body: StepBody):
    """Move a proposal one step: contacted, meeting, agreement, or declined.

    Allowed to the company's sme account, an officer keeping the lab, and admins.
    409: a step the proposal cannot take from where it stands.
    """
    account = caller()
    need = get_engine().get("needs", path.need_id)
    get_engine().get("labs", path.lab_id)
    if not (account.speaks_for_company(need.company_id) or account.can_edit_lab(path.lab_id)):
        abort(403)
    followup = get_engine().followups.advance(need.id, path.lab_id, body.status, user_id=account.id, note=body.note)
    return success(followup.to_dict())
