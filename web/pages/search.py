"""The home page: describe a need, see the labs that can answer it, why, and the schemes a partnership reaches."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import InputRequired

from matcher.errors import InvalidInputError
from matcher.records import FRENCH_REGIONS, REGIONS, parse_trl

from ..extensions import get_engine, limiter, match_limit
from ..forms import checked
from ..i18n import lang
from .auth import role_required

bp = Blueprint("search", __name__)

TOP = 10  # labs shown for a need


class SearchForm(FlaskForm):
    """The need, and optionally the company, read from the query string (a search changes nothing: no CSRF)."""

    class Meta:
        csrf = False

    q = TextAreaField(_l("Décrivez-le avec vos mots, en français ou en anglais"))
    # The engine names an unknown region and lists the accepted ones, so the choice is not checked here.
    region = SelectField(_l("Région"), choices=[SelectChoice("", _l("Toutes")), *map(SelectChoice, REGIONS)],
                         validate_choice=False)
    trl = StringField(_l("TRL visé (optionnel, ex. 3-6)"))
    headcount = StringField(_l("Effectif (nombre de salariés)"))
    founded = StringField(_l("Année de création"))
    company_region = StringField(_l("Région de l'entreprise"))


class NeedForm(FlaskForm):
    """An SME saves its need; the engine checks the title, the text and the TRL and names any problem."""

    title = StringField(_l("Titre du besoin"))
    text = TextAreaField(_l("Le besoin"))
    trl = StringField(_l("TRL visé (optionnel, ex. 3-6)"))
    lang = SelectField(_l("Langue du texte"), choices=[SelectChoice("fr", "français"), SelectChoice("en", "English")],
                       validators=[InputRequired()])


def own_company_id():
    """The company of the logged-in SME, or None."""
    if current_user.is_authenticated and current_user.role == "sme":
        return current_user.company_id
    return None


def _whole_number(field, example):
    """The integer typed in ``field``, None when empty; anything else is a 400 naming the field."""
    text = (field.data or "").strip()
    if not text:
        return None
    if not text.isdigit():
        raise InvalidInputError(_("%(field)s « %(value)s » : écrivez un nombre entier positif, par ex. %(example)s.",
                                  field=field.label.text, value=text, example=example))
    return int(text)


def _company(form):
    """The company whose schemes are checked: as described in the form, else the logged-in SME's own.

    Returns ``(facts, record)``; ``record`` (the catalogue company, for the graph) is None for a
    company described inline, and both are None when nothing is known.
    """
    fields = (form.headcount, form.founded, form.company_region)
    if any((field.data or "").strip() for field in fields):
        missing = [str(field.label.text) for field in fields if not (field.data or "").strip()]
        if missing:
            raise InvalidInputError(_("Pour vérifier les dispositifs, décrivez l'entreprise en entier ; il manque : "
                                      "%(missing)s.", missing=", ".join(missing)))
        facts = get_engine().company_facts(headcount=_whole_number(form.headcount, 12),
                                       founded=_whole_number(form.founded, 2019), region=form.company_region.data)
        return facts, None
    if own_company_id():
        record = get_engine().get("companies", own_company_id())
        return get_engine().company_facts(record.id), record
    return None, None


@bp.get("/")
@limiter.limit(match_limit, exempt_when=lambda: "q" not in request.args)  # only a search costs
def home():
    """Rank the labs for the need in the query string, with the schemes each partnership reaches."""
    form = SearchForm(request.args)
    if "q" not in request.args:
        return render_template("search/home.html", form=form, french_regions=FRENCH_REGIONS, results=None)
    text = form.q.data or ""
    trl = parse_trl(form.trl.data) if (form.trl.data or "").strip() else None
    facts, company = _company(form)
    region = form.region.data or None
    proposals = {}
    if facts is None:
        matches = get_engine().match([text], top=TOP, region=region, trl=trl)[0]
    else:
        found = get_engine().propose(text=text, company=facts, top=TOP, trl=trl, region=region)
        matches = [proposal.match for proposal in found]
        proposals = {proposal.match.lab_id: proposal for proposal in found}
    hints = get_engine().collaboration_hints([m.lab_id for m in matches], company.id if company else None)
    need_form = None
    if own_company_id():
        need_form = NeedForm(formdata=None, title=text.strip().splitlines()[0][:120] if text.strip() else "",
                             text=text, trl=form.trl.data, lang=lang())
    return render_template("search/home.html", form=form, french_regions=FRENCH_REGIONS, results=matches,
                           proposals=proposals, hints=hints, facts=facts, company=company, need_form=need_form)


@bp.post("/needs")
@role_required("sme")
def save_need():
    """Save the logged-in SME's need, record its best labs as proposed, and show them."""
    if not own_company_id():
        abort(403)  # an admin speaks for no company in particular
    form = checked(NeedForm())
    need = get_engine().save_need(company_id=own_company_id(), title=form.title.data or "",
                              text=form.text.data or "", lang=form.lang.data,
                              trl=(form.trl.data or "").strip() or None, user_id=current_user.id)
    flash(_("Besoin enregistré. Les laboratoires proposés et leur suivi sont ci-dessous."))
    return redirect(url_for("companies.need", need_id=need.id))
