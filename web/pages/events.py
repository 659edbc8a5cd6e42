"""The network animators' pages for brokerage events ("rendez-vous d'affaires"): the events, their
participants, wishes and exclusions, and each participant's suggested counterparts.

Scheduling, the schedule's page, the agendas and the exports are in :mod:`web.pages.event_exports`,
on the same blueprint (:mod:`web.pages.event_base`). Animators (and admins) run events; an SME or
an officer sees the events where they act for a participant: its suggestions, its wishes and,
once published, its agenda.
"""

import csv
import io
import re

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    DateField,
    FieldList,
    Form,
    FormField,
    IntegerField,
    SelectChoice,
    SelectField,
    StringField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional, Regexp, ValidationError

from matcher import slugify
from matcher.errors import ConflictError, InvalidInputError, UnknownNameError
from matcher.records import EXCLUSION_REASONS, MAX_SLOTS, PARTICIPANT_COLUMNS, WISH_LEVELS, parse_slots

from ..extensions import get_engine
from ..forms import checked, stripped
from .auth import role_required
from .event_base import LEVEL_WORDS, bp, directory, name_of

_BREAK = re.compile(r"\s*(\d+)\s*:\s*(\d+)\s*")


def slot_text(numbers):
    """``(1, 2, 3, 4, 7)`` -> ``"1-4, 7"`` (as :func:`matcher.records.events.parse_slots` reads it)."""
    runs = []
    for number in numbers:
        if runs and number == runs[-1][1] + 1:
            runs[-1][1] = number
        else:
            runs.append([number, number])
    return ", ".join(str(low) if low == high else f"{low}-{high}" for low, high in runs)


def acting_for(participant_id):
    """Only the participant's own users (its SME, its lab's officers), animators and admins."""
    if not current_user.acts_for(participant_id):
        abort(403)


# Forms ----------------------------------------------------------------------------------------
def _breaks_given(_form, field):
    for part in (field.data or "").split(","):
        if part.strip() and not _BREAK.fullmatch(part):
            raise ValidationError(_("Écrivez « 3:15 » pour 15 minutes après le créneau 3 ; plusieurs pauses "
                                    "séparées par des virgules."))


def _slots_given(_form, field):
    try:
        parse_slots(field.data)
    except ValueError:
        raise ValidationError(_("Écrivez des numéros de créneaux et des plages, par ex. « 1-4, 7 ».")) from None


class SessionForm(Form):
    """One row of sessions; a blank row is left out."""

    name = StringField(_l("Session"), filters=[stripped], validators=[Optional(), Length(max=100)])
    start = StringField(_l("Début"), filters=[stripped],
                        validators=[Optional(), Regexp(r"^([01]?\d|2[0-3]):[0-5]\d$",
                                                       message=_l("Écrivez l'heure ainsi : 09:00."))])
    slot_minutes = IntegerField(_l("Minutes par créneau"), validators=[Optional(), NumberRange(5, 240)])
    slots = IntegerField(_l("Créneaux"), validators=[Optional(), NumberRange(1, MAX_SLOTS)])
    breaks = StringField(_l("Pauses"), filters=[stripped], validators=[Optional(), Length(max=200), _breaks_given])

    def blank(self):
        return not any((self.name.data, self.start.data, self.slot_minutes.data, self.slots.data, self.breaks.data))

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        if not self.blank():
            for field in (self.name, self.start, self.slot_minutes, self.slots):
                if field.data in (None, "") and not field.errors:
                    field.errors.append(_("Requis pour une session."))
                    valid = False
        return valid


class EventForm(FlaskForm):
    name = StringField(_l("Nom"), filters=[stripped], validators=[DataRequired(), Length(max=200)])
    id = StringField(_l("Identifiant"), filters=[stripped], validators=[Optional(), Length(max=100)],
                     description=_l("Dans les adresses et les fichiers ; tiré du nom s'il est laissé vide."))
    date = DateField(_l("Date"), validators=[DataRequired()])
    place = StringField(_l("Lieu"), filters=[stripped], validators=[Optional(), Length(max=200)])
    tables = IntegerField(_l("Tables"), validators=[DataRequired(), NumberRange(1, 5000)])
    min_meetings = IntegerField(_l("Rendez-vous minimum par participant"), default=1,
                                validators=[Optional(), NumberRange(0, MAX_SLOTS)])
    exclude_partners = BooleanField(_l("Exclure les partenaires connus"), default=True,
                                    description=_l("Une entreprise et un laboratoire qui travaillent déjà ensemble "
                                                   "n'ont pas de rendez-vous."))
    sessions = FieldList(FormField(SessionForm), min_entries=3, max_entries=12)


def _event_data(form):
    """The event as :meth:`matcher.Engine.create_event` reads it; blank session rows left out."""
    sessions = []
    for row in (entry.form for entry in form.sessions if not entry.form.blank()):
        breaks = [_BREAK.fullmatch(part).groups() for part in (row.breaks.data or "").split(",") if part.strip()]
        sessions.append({"name": row.name.data, "start": row.start.data, "slot_minutes": row.slot_minutes.data,
                         "slots": row.slots.data,
                         "breaks": [{"after": int(after), "minutes": int(minutes)} for after, minutes in breaks]})
    return {"id": form.id.data or slugify(form.name.data), "name": form.name.data, "date": form.date.data,
            "place": form.place.data or None, "tables": form.tables.data,
            "min_meetings": 1 if form.min_meetings.data is None else form.min_meetings.data,
            "exclude_partners": form.exclude_partners.data, "sessions": sessions}


class RegisterForm(FlaskForm):
    participant = StringField(_l("Entreprise ou laboratoire"), filters=[stripped],
                              validators=[DataRequired(), Length(max=100)],
                              description=_l("Son identifiant dans le catalogue."))
    attendees = StringField(_l("Présents"), filters=[stripped], validators=[Optional(), Length(max=500)],
                            description=_l("Séparés par des points-virgules."))
    available = StringField(_l("Disponibilité"), filters=[stripped],
                            validators=[Optional(), Length(max=200), _slots_given],
                            description=_l("Créneaux, par ex. « 1-4, 7 » ; vide : tous."))
    max_meetings = IntegerField(_l("Maximum"), validators=[Optional(), NumberRange(0, MAX_SLOTS)])
    min_meetings = IntegerField(_l("Minimum"), validators=[Optional(), NumberRange(0, MAX_SLOTS)])


class UploadForm(FlaskForm):
    file = FileField(_l("Fichier .csv ou .xlsx"), validators=[FileRequired()])


class WishForm(FlaskForm):
    by = StringField(_l("Demandeur"), filters=[stripped], validators=[DataRequired(), Length(max=100)])
    to = StringField(_l("Souhaité"), filters=[stripped], validators=[DataRequired(), Length(max=100)])
    level = SelectField(_l("Niveau"), choices=[SelectChoice(level) for level in ("", *WISH_LEVELS)])


class ExclusionForm(FlaskForm):
    first = StringField(_l("Participant"), filters=[stripped], validators=[DataRequired(), Length(max=100)])
    second = StringField(_l("Autre participant"), filters=[stripped], validators=[DataRequired(), Length(max=100)])
    reason = SelectField(_l("Raison"), choices=[SelectChoice(reason) for reason in EXCLUSION_REASONS])
    note = StringField(_l("Note"), filters=[stripped], validators=[Optional(), Length(max=300)])


# The list of events ------------------------------------------------------------------------
@bp.route("/", methods=["GET", "POST"])
@login_required
def index():
    """Animators: every event and a form to create one. Others: the events where they act for a participant."""
    if not current_user.runs_events():
        if request.method == "POST":
            abort(403)
        return render_template("events/index.html", participations=_participations())
    form = EventForm()
    problems = []
    if form.validate_on_submit():
        data = _event_data(form)
        if not data["sessions"]:
            problems.append(_("Donnez au moins une session : nom, début, minutes par créneau, créneaux."))
        else:
            try:  # every problem of the event named at once; nothing is saved when there is one
                event = get_engine().create_event(data, current_user.id)
            except (InvalidInputError, ConflictError) as error:
                problems.append(str(error))
            else:
                flash(_("Événement « %(name)s » créé : inscrivez maintenant les participants.", name=event.name))
                return redirect(url_for(".event", event_id=event.id, _anchor="participants"))  # the next step
        form.id.data = data["id"]
    rows = [(event, stage, state == "published") for event, stage, state in get_engine().event_stages(current_user)]
    status = 400 if form.errors or problems else 200
    return render_template("events/index.html", form=form, problems=problems, rows=rows), status


def _participations():
    """``[(event, [(participant id, name)], whether it is published)]``: where the user acts for someone."""
    found = [(event, [p.id for p in event.participants if current_user.acts_for(p.id)], state == "published")
             for event, _stage, state in get_engine().event_stages(current_user)]
    names = directory() if found else {}
    return [(event, [(pid, name_of(names, pid)) for pid in mine], published) for event, mine, published in found]


# One event ----------------------------------------------------------------------------------
@bp.get("/<event_id>")
@role_required("animator")
def event(event_id):
    """The event: slots, participants, wishes, exclusions, and the forms that change them."""
    event = get_engine().events.get(event_id)
    names = directory()
    return render_template(
        "events/event.html", event=event, slots=event.slots(), names=names, slot_text=slot_text,
        register=RegisterForm(formdata=None), upload=UploadForm(formdata=None), wish=WishForm(formdata=None),
        exclusion=ExclusionForm(formdata=None), latest=get_engine().events.latest(event_id),
        columns=PARTICIPANT_COLUMNS)


@bp.post("/<event_id>/participants")
@role_required("animator")
def register(event_id):
    """Register a company or a lab of the catalogue (or update its registration)."""
    form = checked(RegisterForm())
    participant = {"id": form.participant.data,
                   "attendees": [a.strip() for a in (form.attendees.data or "").split(";") if a.strip()],
                   "available": parse_slots(form.available.data), "max_meetings": form.max_meetings.data,
                   "min_meetings": form.min_meetings.data}
    get_engine().events.register(event_id, [participant])
    flash(_("%(name)s est inscrit.", name=name_of(directory(), participant["id"])))
    return redirect(url_for(".event", event_id=event_id, _anchor="participants"))


@bp.post("/<event_id>/participants/upload")
@role_required("animator")
def upload(event_id):
    """Register the participants of a CSV or Excel file; a file with a bad row registers nobody."""
    get_engine().events.get(event_id)
    form = checked(UploadForm())
    file = form.file.data
    participants = get_engine().events.participants_file(file.filename, file.read())
    get_engine().events.register(event_id, participants)
    flash(_("%(count)d participant(s) inscrit(s) depuis le fichier.", count=len(participants)))
    return redirect(url_for(".event", event_id=event_id, _anchor="participants"))


@bp.get("/template-participants.csv")
@role_required("animator")
def participants_template():
    """A CSV to fill in: the columns the upload reads, and two example rows."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(PARTICIPANT_COLUMNS)
    writer.writerow(["id-de-l-entreprise", "Marie Dupont;Paul Martin", "1-4, 7", "5", "2"])
    writer.writerow(["id-du-laboratoire", "", "", "", ""])
    return Response("\ufeff" + out.getvalue(), mimetype="text/csv",
                    headers={"Content-Disposition": 'attachment; filename="tandem-participants.csv"'})


@bp.post("/<event_id>/participants/<participant_id>/remove")
@role_required("animator")
def unregister(event_id, participant_id):
    """A cancellation: the participant leaves the event with its wishes and exclusions."""
    get_engine().events.unregister(event_id, participant_id)
    flash(_("%(name)s n'est plus inscrit ; ses vœux et exclusions sont retirés.",
            name=name_of(directory(), participant_id)))
    return redirect(url_for(".event", event_id=event_id, _anchor="participants"))


def _set_wish(event_id, by, to, level):
    """Set ``by``'s wish about ``to`` (``level`` empty: withdraw it); a wish joins a company and a lab."""
    event = get_engine().events.get(event_id)
    for who in (by, to):
        if event.participant(who) is None:
            raise UnknownNameError(_("« %(id)s » n'est pas un participant de l'événement.", id=who))
    get_engine().events.wish(event_id, by, to, level or None)  # a wish between two of a kind is refused there
    names = directory()
    if level:
        flash(_("Vœu de %(by)s pour %(to)s : %(level)s.", by=name_of(names, by), to=name_of(names, to),
                level=LEVEL_WORDS[level]))
    else:
        flash(_("Vœu de %(by)s pour %(to)s retiré.", by=name_of(names, by), to=name_of(names, to)))


@bp.post("/<event_id>/wishes")
@role_required("animator")
def wish(event_id):
    form = checked(WishForm())
    _set_wish(event_id, form.by.data, form.to.data, form.level.data)
    return redirect(url_for(".event", event_id=event_id, _anchor="wishes"))


@bp.post("/<event_id>/exclusions")
@role_required("animator")
def exclude(event_id):
    """Two participants who must not meet (already partners, competitors, a conflict of interest)."""
    form = checked(ExclusionForm())
    get_engine().events.get(event_id)
    if form.first.data == form.second.data:
        raise InvalidInputError(_("Une exclusion relie deux participants différents."))
    get_engine().events.exclude(event_id, form.first.data, form.second.data, form.reason.data, form.note.data)
    names = directory()
    flash(_("%(a)s et %(b)s n'auront pas de rendez-vous.", a=name_of(names, form.first.data),
            b=name_of(names, form.second.data)))
    return redirect(url_for(".event", event_id=event_id, _anchor="exclusions"))


# A participant's suggestions and wishes -------------------------------------------------------
@bp.get("/<event_id>/participants/<participant_id>")
@login_required
def participant(event_id, participant_id):
    """Counterparts suggested to a participant, to accept or decline, and the wishes it made."""
    acting_for(participant_id)
    event = get_engine().events.get(event_id)
    suggestions = get_engine().events.suggestions(event, participant_id, top=8)  # 404 for someone not registered
    names = directory()
    return render_template(
        "events/participant.html", event=event, participant=event.participant(participant_id), names=names,
        name=name_of(names, participant_id),
        kind=names.get(participant_id, ("company",))[0], suggestions=suggestions,
        wishes=[w for w in event.wishes if w.by == participant_id],
        published=get_engine().events.published(event_id))


@bp.post("/<event_id>/participants/<participant_id>/wishes")
@login_required
def participant_wish(event_id, participant_id):
    """The participant accepts (like), declines (no), changes or withdraws a wish about a counterpart."""
    acting_for(participant_id)
    form = checked(WishForm(by=participant_id))
    if form.by.data != participant_id:
        abort(403)
    _set_wish(event_id, participant_id, form.to.data, form.level.data)
    return redirect(url_for(".participant", event_id=event_id, participant_id=participant_id))
