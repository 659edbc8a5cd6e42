"""What comes out of an event's schedule: scheduling with its progress streamed, the schedule's page,
its publication, each participant's agenda, and the exports (routes of the ``events`` blueprint).

Scheduling answers the page's script (``Accept: application/x-ndjson``) one JSON line per step
while the scheduler works in a thread; a browser without script posts the form and is sent to
the schedule's page once it is computed.
"""

import json
import queue
import threading

from babel.numbers import format_percent
from flask import Response, abort, current_app, flash, redirect, render_template, request, stream_with_context, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required

from matcher.errors import MatcherError, UnknownNameError

from ..errors import MESSAGES
from ..extensions import get_engine
from ..i18n import lang
from .auth import role_required
from .event_base import bp, directory, name_of

NDJSON = "application/x-ndjson"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# name in the address -> (kind of Engine.export_schedule, mimetype, file name after the event's id)
EXPORTS = {
    "meetings.csv": ("meetings_csv", "text/csv", "rendez-vous.csv"),
    "unscheduled.csv": ("unscheduled_csv", "text/csv", "non-planifies.csv"),
    "schedule.xlsx": ("workbook", XLSX, "programme.xlsx"),
    "grid.pdf": ("grid_pdf", "application/pdf", "grille.pdf"),
    "agendas.pdf": ("agendas_pdf", "application/pdf", "agendas.pdf"),
}


# Scheduling -------------------------------------------------------------------------------------
@bp.post("/<event_id>/schedule")
@role_required("animator")
def schedule(event_id):
    """Schedule the event and keep the result as a draft: streamed steps for the page's script,
    else a redirection to the schedule's page once it is computed."""
    events = get_engine().events
    events.get(event_id)  # an unknown event is a 404 before anything is streamed
    result = url_for(".schedule_result", event_id=event_id)
    if request.accept_mimetypes.best_match(["text/html", NDJSON], default="text/html") != NDJSON:
        events.schedule(event_id)
        flash(_("Programme calculé : vérifiez-le, puis publiez-le."))
        return redirect(result)
    return Response(stream_with_context(_steps(events, event_id, result)), mimetype=NDJSON,
                    headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"})


def _steps(events, event_id, result):
    """One JSON line per step; the scheduler runs in a thread whose progress comes through a queue,
    so that each line is sent while it computes."""
    yield _line({"step": "roster"})
    lines = queue.Queue()
    app = current_app._get_current_object()

    def progress(round_number, meetings):
        lines.put({"step": "round", "round": int(round_number), "meetings": int(meetings)})

    def work():
        try:
            events.schedule(event_id, progress=progress)
            lines.put({"step": "done", "url": result})
        except MatcherError as error:  # too many tables, a kind of participant missing: the message says
            lines.put({"step": "error", "message": str(error)})
        except Exception:  # noqa: BLE001  (logged here: the thread's errors reach no handler)
            app.logger.exception("unexpected error while scheduling %s", event_id)
            lines.put({"step": "error", "message": None})
        finally:
            lines.put(None)

    threading.Thread(target=work, name=f"schedule-{event_id}", daemon=True).start()
    while (item := lines.get()) is not None:
        if item["step"] == "error" and item["message"] is None:
            item["message"] = str(MESSAGES[500])
        yield _line(item)


def _line(data):
    return json.dumps(data, ensure_ascii=False) + "\n"


# The schedule's page and its publication ----------------------------------------------------------
@bp.get("/<event_id>/schedule")
@role_required("animator")
def schedule_result(event_id):
    """The latest schedule: its value and how far from the best it can be, the grid, who is left
    without meetings, the wishes not answered and why, and what changed since the publication."""
    event = get_engine().events.get(event_id)
    stored = get_engine().events.latest(event_id)
    published = get_engine().events.published(event_id)
    grid, fits = {}, True
    if stored:
        slots = {slot.number for slot in event.slots()}
        for meeting in stored.schedule.meetings:
            grid[meeting.slot, meeting.table] = meeting
            fits = fits and meeting.slot in slots and meeting.table <= event.tables
    gap = format_percent(round(stored.schedule.gap, 3), locale=get_locale(), decimal_quantization=False) \
        if stored else None  # "0 %", "1,2 %": as precise as it needs
    # A meeting cancelled since the publication may name someone who left the event: the newest
    # schedule's names first, then the published one's, then the catalogue's.
    names = {pid: item[1] for pid, item in directory().items()} if stored else {}
    for kept in (published, stored):
        names.update(kept.schedule.names if kept else {})
    return render_template("events/schedule.html", event=event, stored=stored, published=published, names=names,
                           slots=event.slots(), grid=grid, fits=fits, gap=gap, exports=EXPORTS, lang=lang())


@bp.post("/<event_id>/schedules/<int:schedule_id>/publish")
@role_required("animator")
def publish(event_id, schedule_id):
    """Participants see this schedule in their agendas from now on."""
    get_engine().events.publish(event_id, schedule_id)
    flash(_("Programme publié : chaque participant voit maintenant son agenda."))
    return redirect(url_for(".schedule_result", event_id=event_id))


@bp.get("/<event_id>/schedule/<export>")
@role_required("animator")
def export(event_id, export):
    """The latest schedule as a spreadsheet or a PDF, in the interface language."""
    if export not in EXPORTS:
        abort(404)
    kind, mimetype, filename = EXPORTS[export]
    event = get_engine().events.get(event_id)
    stored = get_engine().events.latest(event_id)
    if stored is None:
        raise UnknownNameError(_("L'événement n'a pas encore de programme : planifiez-le d'abord."))
    return _download(get_engine().export_schedule(kind, event, stored.schedule, lang=lang()), mimetype,
                     f"{event.id}-{filename}")


def _download(content, mimetype, filename):
    if isinstance(content, str):
        content = ("\ufeff" + content).encode()  # the BOM makes Excel read the CSV as UTF-8
        mimetype += "; charset=utf-8"
    return Response(content, mimetype=mimetype,
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


# A participant's agenda ------------------------------------------------------------------------
def _agenda_of(event_id, participant_id):
    """``(event, stored schedule or None)``: the latest for animators, the published one for the
    participant's own users; others are refused."""
    if not current_user.acts_for(participant_id):
        abort(403)
    event = get_engine().events.get(event_id)
    if event.participant(participant_id) is None:
        raise UnknownNameError(_("« %(id)s » n'est pas un participant de l'événement.", id=participant_id))
    return event, get_engine().events.for_reader(event_id, current_user)


@bp.get("/<event_id>/agenda/<participant_id>")
@login_required
def agenda(event_id, participant_id):
    """A participant's meetings: when, at which table, whom and why; printable."""
    event, stored = _agenda_of(event_id, participant_id)
    slots = {slot.number: slot for slot in event.slots()}
    meetings = stored.schedule.agenda(participant_id) if stored else []
    return render_template("events/agenda.html", event=event, participant=event.participant(participant_id),
                           name=name_of(directory(), participant_id), stored=stored, meetings=meetings, slots=slots)


@bp.get("/<event_id>/agenda/<participant_id>.pdf")
@login_required
def agenda_pdf(event_id, participant_id):
    event, stored = _agenda_of(event_id, participant_id)
    _published(stored)
    return _download(get_engine().export_schedule("agenda_pdf", event, stored.schedule, lang(), participant_id),
                     "application/pdf", f"{event.id}-{participant_id}.pdf")


@bp.get("/<event_id>/agenda/<participant_id>.ics")
@login_required
def agenda_calendar(event_id, participant_id):
    event, stored = _agenda_of(event_id, participant_id)
    _published(stored)
    return _download(get_engine().export_schedule("calendar", event, stored.schedule, lang(), participant_id),
                     "text/calendar; charset=utf-8", f"{event.id}-{participant_id}.ics")


def _published(stored):
    if stored is None and current_user.runs_events():
        raise UnknownNameError(_("L'événement n'a pas encore de programme : planifiez-le d'abord."))
    if stored is None:
        raise UnknownNameError(_("Le programme de l'événement n'est pas encore publié."))
