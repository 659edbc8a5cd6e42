"""Company and need pages: a company's needs, the labs proposed for each, and their follow-up."""

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from wtforms import SelectChoice, SelectField, TextAreaField

from matcher.records import NEXT, STATUSES

from ..extensions import get_engine
from ..forms import checked
from ..i18n import lang

bp = Blueprint("companies", __name__)

STATUS_WORDS = {"proposed": _l("proposé"), "contacted": _l("contacté"), "meeting": _l("rendez-vous"),
                "agreement": _l("accord"), "declined": _l("décliné")}

SIZE_WORDS = {"micro": _l("micro-entreprise"), "small": _l("petite entreprise"), "medium": _l("moyenne entreprise"),
              "eti": _l("entreprise de taille intermédiaire"), "large": _l("grande entreprise")}


class StatusForm(FlaskForm):
    """The next step of a proposal. The engine refuses a step it cannot take (409) or an unknown one (400)."""

    status = SelectField(_l("Étape suivante"), validate_choice=False)
    note = TextAreaField(_l("Note (optionnelle)"))


@bp.app_context_processor
def status_words():
    return {"status_words": STATUS_WORDS}


def may_follow(need, lab_id):
    """The company's SME, an officer keeping the lab, or an admin may move a proposal on."""
    return current_user.is_authenticated and (current_user.speaks_for_company(need.company_id)
                                              or current_user.can_edit_lab(lab_id))


@bp.get("/companies/<company_id>")
def company(company_id):
    """A company's public facts, its needs with the state of their proposals, and its known collaborations."""
    company = get_engine().get("companies", company_id)
    needs = [(need, _status_counts(get_engine().followups.for_need(need.id)))
             for need in get_engine().needs_of(company.id)]
    describe = get_engine().describe_collaboration
    partners = [{**partner.to_dict(), "collaborations": [{**c, "how": describe(c, lang())}
                                                         for c in partner.collaborations]}
                for partner in get_engine().partners(company.id)]
    return render_template("companies/company.html", company=company, needs=needs, partners=partners,
                           size_words=SIZE_WORDS)


def _status_counts(followups):
    """``[(status, count)]`` in the order of the follow-up, statuses nobody is at left out."""
    counts = dict.fromkeys(STATUSES, 0)
    for followup in followups:
        counts[followup.status] += 1
    return [(status, count) for status, count in counts.items() if count]


@bp.get("/needs/<need_id>")
def need(need_id):
    """A need, the labs proposed for it with their evidence and schemes, and the follow-up of each."""
    need = get_engine().get("needs", need_id)
    company = get_engine().get("companies", need.company_id)
    proposals = get_engine().propose(need_id=need.id)
    followed = {followup.lab_id: followup for followup in get_engine().followups.for_need(need.id)}
    hints = get_engine().collaboration_hints([p.match.lab_id for p in proposals], company.id)
    tracks = [_track(need, p.match.lab_id, p.match.acronym, followed.pop(p.match.lab_id, None), p,
                     hints[p.match.lab_id]) for p in proposals]
    # Labs followed for this need that the ranking no longer proposes (the catalogue changed since).
    labs = {lab.id: lab for lab in get_engine().catalogue()}
    tracks += [_track(need, lab_id, labs[lab_id].acronym if lab_id in labs else lab_id, followup)
               for lab_id, followup in followed.items()]
    return render_template("companies/need.html", need=need, company=company, tracks=tracks)


def _track(need, lab_id, acronym, followup, proposal=None, hints=()):
    """One lab's line on the need page; a proposal never recorded is at "proposed", with no history yet."""
    status = followup.status if followup else "proposed"
    allowed = may_follow(need, lab_id)
    form = None
    if allowed and NEXT[status]:
        form = StatusForm(formdata=None)
        form.status.choices = [SelectChoice(step, STATUS_WORDS[step]) for step in NEXT[status]]
    return {"lab_id": lab_id, "acronym": acronym, "proposal": proposal, "hints": hints, "status": status,
            "history": followup.history if followup else (), "allowed": allowed, "form": form}


@bp.post("/needs/<need_id>/labs/<lab_id>/status")
@login_required
def advance(need_id, lab_id):
    """Move a lab's proposal for a need to its next step, with an optional note."""
    need = get_engine().get("needs", need_id)
    get_engine().get("labs", lab_id)
    if not may_follow(need, lab_id):
        abort(403)
    form = checked(StatusForm())
    followup = get_engine().followups.advance(need.id, lab_id, form.status.data, user_id=current_user.id,
                                          note=form.note.data)
    flash(_("Suivi mis à jour : %(status)s.", status=STATUS_WORDS[followup.status]))
    return redirect(url_for("companies.need", need_id=need.id, _anchor=f"lab-{lab_id}"))
