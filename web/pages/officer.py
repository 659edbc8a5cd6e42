"""The tech-transfer officer's space: needs for their labs, profile edits, collaborations, needs import."""

import base64
import binascii
import csv
import io

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import HiddenField, IntegerField, SelectChoice, SelectField, StringField, TextAreaField, URLField
from wtforms.validators import URL, DataRequired, Length, NumberRange, Optional, ValidationError

from matcher import NEED_FILE_COLUMNS, NEED_FILE_MAX_ROWS, NEED_FILE_REQUIRED
from matcher.errors import InvalidInputError
from matcher.records import VERDICT_WORDS, parse_years

from ..extensions import get_engine
from ..forms import stripped
from ..i18n import lang
from .auth import role_required

bp = Blueprint("officer", __name__, url_prefix="/officer")

STATUS_WORDS = {"proposed": _l("proposée"), "contacted": _l("contact pris"), "meeting": _l("rendez-vous"),
                "agreement": _l("accord"), "declined": _l("sans suite")}
# "2021", "2019-2023", or "2022-" for a collaboration still running (as `matcher graph add --years`).
def _years_given(_form, field):
    if field.data:
        try:
            parse_years(field.data)
        except InvalidInputError:
            raise ValidationError(
                _("Donnez une année (2021), une période (2019-2023) ou une période en cours (2022-).")) from None


# Dashboard ---------------------------------------------------------------------------------
@bp.get("/")
@role_required("officer")
def dashboard():
    """The open needs that suit each lab the officer keeps, and where their proposals stand."""
    chosen = request.args.get("lab", "").strip()
    if chosen and not current_user.can_edit_lab(chosen):
        abort(403)
    labs = [get_engine().get("labs", lab_id) for lab_id in ([chosen] if chosen else current_user.lab_ids)]
    followups = get_engine().followups.for_labs([lab.id for lab in labs])
    sections = [{"lab": lab, "proposals": get_engine().propose_for_lab(lab.id, top=10),
                 "followups": [f for f in followups if f.lab_id == lab.id]} for lab in labs]
    companies = {p.need["company_id"] for section in sections for p in section["proposals"]}
    return render_template(
        "officer/dashboard.html", sections=sections, chosen=chosen, lang=lang(), verdict_words=VERDICT_WORDS,
        status_words=STATUS_WORDS, companies={cid: get_engine().get("companies", cid).name for cid in companies},
        needs={f.need_id: get_engine().get("needs", f.need_id).title for f in followups})


# Lab profile -------------------------------------------------------------------------------
def _lines(text):
    return tuple(line.strip() for line in (text or "").splitlines() if line.strip())


class LabForm(FlaskForm):
    name = StringField(_l("Nom"), validators=[DataRequired(), Length(max=300)])
    website = URLField(_l("Site web"), validators=[Optional(), URL(), Length(max=500)])
    themes_fr = TextAreaField(_l("Thèmes en français"), description=_l("Un par ligne."))
    themes_en = TextAreaField(_l("Thèmes en anglais"), description=_l("Un par ligne."))
    keywords_fr = TextAreaField(_l("Mots-clés en français"), description=_l("Un par ligne."))
    keywords_en = TextAreaField(_l("Mots-clés en anglais"), description=_l("Un par ligne."))
    trl_min = IntegerField(_l("TRL minimal"), validators=[Optional(), NumberRange(1, 9)])
    trl_max = IntegerField(_l("TRL maximal"), validators=[Optional(), NumberRange(1, 9)])
    description = TextAreaField(_l("Présentation"), validators=[Length(max=10_000)],
                                description=_l("Le texte que la recherche compare aux besoins des entreprises."))
    description_lang = SelectField(_l("Langue de la présentation"),
                                   choices=[SelectChoice("fr", "français"), SelectChoice("en", "English")])
    platforms = TextAreaField(_l("Plateformes"), description=_l("Une par ligne : « nom : description »."))

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        # Checked here: a field's own validators stop at an empty value (Optional).
        if (self.trl_min.data is None) != (self.trl_max.data is None):
            self.trl_max.errors.append(_("Donnez les deux bornes du TRL, ou aucune."))
            return False
        return valid

    def validate_platforms(self, field):
        for number, line in enumerate(_lines(field.data), start=1):
            name, colon, text = line.partition(":")
            if not (colon and name.strip() and text.strip()):
                raise ValidationError(_("Ligne %(n)d : écrivez « nom : description ».", n=number))


def _description(lab):
    """The index of the lab's first description document (the one the form edits), or None."""
    return next((i for i, doc in enumerate(lab.documents) if doc.kind == "description"), None)


def _lab_fields(lab):
    """The form's values for a lab."""
    index = _description(lab)
    document = lab.documents[index] if index is not None else None
    return {"name": lab.name, "website": lab.website, "themes_fr": "\n".join(lab.themes.fr),
            "themes_en": "\n".join(lab.themes.en), "keywords_fr": "\n".join(lab.keywords.fr),
            "keywords_en": "\n".join(lab.keywords.en), "trl_min": lab.trl[0] if lab.trl else None,
            "trl_max": lab.trl[1] if lab.trl else None, "description": document.text if document else "",
            "description_lang": document.lang if document else lang(),
            "platforms": "\n".join(f"{p.name}: {p.description}" for p in lab.platforms)}


def _lab_changes(form, lab):
    """The profile fields the form sets, as :meth:`Engine.update_lab` takes them (other documents are kept)."""
    documents = [doc.to_dict() for doc in lab.documents]
    index = _description(lab)
    text, lang = form.description.data.strip(), form.description_lang.data
    if index is not None:
        documents[index].update(text=text, lang=lang)
    elif text:
        documents.append({"kind": "description", "title": "Présentation" if lang == "fr" else "About",
                          "lang": lang, "text": text})
    platforms = [dict(zip(("name", "description"), (part.strip() for part in line.partition(":")[::2])))
                 for line in _lines(form.platforms.data)]
    trl = [form.trl_min.data, form.trl_max.data] if form.trl_min.data is not None else None
    return {"name": form.name.data, "website": form.website.data or None, "trl": trl, "documents": documents,
            "themes": {"fr": _lines(form.themes_fr.data), "en": _lines(form.themes_en.data)},
            "keywords": {"fr": _lines(form.keywords_fr.data), "en": _lines(form.keywords_en.data)},
            "platforms": platforms}


@bp.route("/labs/<lab_id>/edit", methods=["GET", "POST"])
@role_required("officer")
def edit_lab(lab_id):
    """Edit the profile of a lab the officer keeps; the ranking uses it at once."""
    if not current_user.can_edit_lab(lab_id):
        abort(403)
    lab = get_engine().get("labs", lab_id)
    form = LabForm(data=_lab_fields(lab))
    problems = []
    if form.validate_on_submit():
        try:
            get_engine().update_lab(lab_id, _lab_changes(form, lab))
        except InvalidInputError as error:  # the whole profile is checked: show what is wrong, keep the input
            problems.append(str(error))
        else:
            flash(_("Le profil de %(lab)s est enregistré.", lab=lab.acronym))
            return redirect(url_for("labs.lab", lab_id=lab_id))
    status = 400 if form.errors or problems else 200
    return render_template("officer/lab.html", form=form, lab=lab, problems=problems), status


# Collaborations ----------------------------------------------------------------------------
class CollaborationForm(FlaskForm):
    first = StringField(_l("Laboratoire"), filters=[stripped], validators=[DataRequired(), Length(max=100)],
                        description=_l("Identifiant d'un laboratoire que vous suivez."))
    second = StringField(_l("Partenaire"), filters=[stripped], validators=[DataRequired(), Length(max=100)],
                         description=_l("Identifiant de l'entreprise, ou d'un autre laboratoire."))
    kind = SelectField(_l("Nature"), choices=[])
    title = StringField(_l("Intitulé"), validators=[DataRequired(), Length(max=300)],
                        description=_l("Une ligne : ce que les partenaires ont fait ensemble."))
    source_url = URLField(_l("Source (adresse web)"), validators=[DataRequired(), URL(), Length(max=500)])
    source_title = StringField(_l("Titre de la source"), validators=[Optional(), Length(max=300)])
    years = StringField(_l("Années"), validators=[Optional(), _years_given])
    scheme = SelectField(_l("Dispositif de financement"), choices=[])


def _collaboration_data(form):
    """The collaboration as :meth:`Engine.add_collaboration` takes it (as ``matcher graph add`` builds it)."""
    data = {"between": [form.first.data, form.second.data], "kind": form.kind.data,
            "title": form.title.data,
            "sources": [{"title": form.source_title.data or form.source_url.data, "url": form.source_url.data}]}
    if form.years.data:
        data["years"] = list(parse_years(form.years.data))
    if form.scheme.data:
        data["scheme"] = form.scheme.data
    return data


@bp.route("/collaborations/new", methods=["GET", "POST"])
@role_required("officer")
def new_collaboration():
    """Record a documented collaboration of one of the officer's labs."""
    form = CollaborationForm(first=next(iter(current_user.lab_ids), ""))
    form.kind.choices = [SelectChoice(kind, words) for kind, words in get_engine().collaboration_kinds(lang())]
    form.scheme.choices = [SelectChoice("", "—"), *(SelectChoice(s.id, s.name) for s in get_engine().schemes())]
    problems = []
    if form.validate_on_submit():
        if not (current_user.can_edit_lab(form.first.data) or current_user.can_edit_lab(form.second.data)):
            problems.append(_("Un des deux partenaires doit être un laboratoire que vous suivez : %(labs)s.",
                              labs=", ".join(current_user.lab_ids) or "—"))
        else:
            try:
                collaboration = get_engine().add_collaboration(_collaboration_data(form))
            except InvalidInputError as error:  # a duplicate, an unknown organisation: nothing was written
                problems.append(str(error))
            else:
                flash(_("Collaboration %(id)s enregistrée.", id=collaboration.id))
                return redirect(url_for(".dashboard"))
    status = 400 if form.errors or problems else 200
    return render_template("officer/collaboration.html", form=form, problems=problems,
                           kept=current_user.lab_ids), status


# Needs import ------------------------------------------------------------------------------
class ImportForm(FlaskForm):
    file = FileField(_l("Fichier .csv ou .xlsx"), validators=[FileRequired()])


class ConfirmForm(FlaskForm):
    """The checked file, posted back whole: the confirmation checks it again."""

    filename = HiddenField(validators=[DataRequired(), Length(max=255)])
    content = HiddenField(validators=[DataRequired()])


@bp.route("/needs/import", methods=["GET", "POST"])
@role_required("officer")
def import_needs():
    """Upload a spreadsheet of needs and preview every row; nothing is saved before the confirmation."""
    form = ImportForm()
    if form.validate_on_submit():
        upload = form.file.data
        content = upload.read()
        try:
            rows = get_engine().check_needs_file(upload.filename, content)
        except InvalidInputError as error:  # not a spreadsheet, a missing column, too many rows
            form.file.errors.append(str(error))
        else:
            confirm = ConfirmForm(formdata=None, filename=upload.filename,
                                  content=base64.b64encode(content).decode("ascii"))
            return render_template("officer/import_preview.html", rows=rows, form=confirm,
                                   valid=sum(row.need is not None for row in rows))
    return render_template("officer/import.html", form=form, columns=NEED_FILE_COLUMNS,
                           required=NEED_FILE_REQUIRED, max_rows=NEED_FILE_MAX_ROWS), 400 if form.errors else 200


@bp.post("/needs/import/confirm")
@role_required("officer")
def confirm_import():
    """Save the valid rows of the previewed file, checked again; report the rows left out."""
    form = ConfirmForm()
    if not form.validate_on_submit():
        raise InvalidInputError(_("La confirmation ne contient pas le fichier : envoyez-le à nouveau."))
    try:
        content = base64.b64decode(form.content.data, validate=True)
    except binascii.Error:
        raise InvalidInputError(_("Le fichier confirmé est abîmé : envoyez-le à nouveau.")) from None
    saved, skipped = 0, []
    for row in get_engine().check_needs_file(form.filename.data, content):
        if row.need is None:
            skipped.append(str(row.number))
            continue
        need = row.need
        try:
            get_engine().save_need(need.company_id, need.title, need.text, lang=need.lang, trl=need.trl,
                               user_id=current_user.id)
            saved += 1
        except InvalidInputError as error:  # a check the preview does not make (a text too long to rank)
            skipped.append(f"{row.number} ({error})")
    flash(ngettext("%(num)d besoin enregistré.", "%(num)d besoins enregistrés.", saved))
    if skipped:
        flash(_("Lignes non enregistrées : %(rows)s.", rows=", ".join(skipped)))
    return redirect(url_for(".dashboard"))


@bp.get("/needs/template.csv")
@role_required("officer")
def needs_template():
    """A CSV to fill in: the columns the import reads, and one example row."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(NEED_FILE_COLUMNS)
    writer.writerow(["id-de-l-entreprise", "Capteurs de crue connectés",
                     "Nous cherchons un laboratoire pour prévoir les crues à partir de nos capteurs de niveau.",
                     "fr", "3-5"])
    # The BOM makes Excel read the file as UTF-8; the import skips it.
    return Response("\ufeff" + out.getvalue(), mimetype="text/csv",
                    headers={"Content-Disposition": 'attachment; filename="tandem-besoins.csv"'})
