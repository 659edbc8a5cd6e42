"""Brokerage events: the event, its participants, wishes and exclusions, suggestions, schedules
and each participant's agenda (bearer token on every operation).

Animators (and admins) prepare an event, schedule it and publish a schedule; a company's sme
account and an officer keeping a lab answer for that participant (its wishes, suggestions and
agenda). Every change goes through :class:`matcher.events.service.Events`, which checks the
whole event again before saving it: a refused change leaves the event as it was.
"""


from flask import abort, url_for

from matcher.errors import UnknownNameError
from matcher.records import Stored, Suggestion

from ..envelope import success
from ..extensions import get_engine
from .base import TAGS, TOKEN, bp, caller
from .event_models import (
    Agenda,
    EventBody,
    EventDetail,
    EventPath,
    EventSummary,
    ExclusionBody,
    ParticipantPath,
    ParticipantsBody,
    SchedulePath,
    SuggestionQuery,
    WishBody,
)
from .models import answer, errors

TAG = [TAGS["events"]]
EventAnswer = answer(EventDetail, "EventAnswer")
ScheduleAnswer = answer(Stored, "StoredScheduleAnswer")


@bp.get("/events", tags=TAG, security=TOKEN,
        responses={200: answer(list[EventSummary], "EventsAnswer"), **errors(400, 401)})
def events():
    """The events, most recent date first, with how many participants and where their schedule stands."""
    found = [{"id": event.id, "name": event.name, "date": event.date.isoformat(), "place": event.place,
              "tables": event.tables, "participants": len(event.participants), "schedule": state}
             for event, _stage, state in get_engine().event_stages(caller())]
    return success(found)


@bp.post("/events", tags=TAG, security=TOKEN,
         responses={201: EventAnswer, **errors(400, 401, 403, 409, 413)})
def create_event(body: EventBody):
    """Create an event from the same document as an event file (animators).

    400 names every problem of the document (then those only the store can see: unknown
    companies or labs, a wish between two companies); 409: the id is taken.
    """
    account = caller("animator")
    event = get_engine().create_event(body.model_dump(mode="json"), user_id=account.id)
    return success(_event(event), 201, {"Location": url_for("api.event", event_id=event.id)})


@bp.get("/events/<event_id>", tags=TAG, security=TOKEN,
        responses={200: EventAnswer, **errors(400, 401, 403, 404)})
def event(path: EventPath):
    """The event's document, with its slots (numbered from 1 across sessions, local times).

    For animators; a participant's account (403 for others) sees only its own wishes."""
    account = caller()
    return success(_event(_readable(account, get_engine().events.get(path.event_id)), account))


@bp.post("/events/<event_id>/participants", tags=TAG, security=TOKEN,
         responses={200: EventAnswer, **errors(400, 401, 403, 404, 413)})
def register(path: EventPath, body: ParticipantsBody):
    """Register participants (animators): companies and labs of the store; one already registered is
    replaced by its new entry."""
    caller("animator")
    return success(_event(get_engine().events.register(path.event_id, [p.model_dump(mode="json") for p in body.root])))


@bp.put("/events/<event_id>/wishes", tags=TAG, security=TOKEN,
        responses={200: EventAnswer, **errors(400, 401, 403, 404, 413)})
def wish(path: EventPath, body: WishBody):
    """Set a participant's wish about another (must, like, no), or withdraw it (level null).

    Allowed to whoever acts for ``by``: the company's sme account, an officer keeping the lab,
    animators and admins. Wishes are between a company and a lab.
    """
    account = caller()
    if not account.acts_for(body.by):
        abort(403)
    return success(_event(get_engine().events.wish(path.event_id, body.by, body.to, body.level), account))


@bp.post("/events/<event_id>/exclusions", tags=TAG, security=TOKEN,
         responses={200: EventAnswer, **errors(400, 401, 403, 404, 413)})
def exclude(path: EventPath, body: ExclusionBody):
    """Keep two participants (a company and a lab) from meeting, and say why (animators); it replaces
    an earlier exclusion of the same pair."""
    caller("animator")
    a, b = body.between
    return success(_event(get_engine().events.exclude(path.event_id, a, b, body.reason, body.note)))


@bp.get("/events/<event_id>/participants/<participant_id>/suggestions", tags=TAG, security=TOKEN,
        responses={200: answer(list[Suggestion], "SuggestionsAnswer"), **errors(400, 401, 403, 404)})
def suggestions(path: ParticipantPath, query: SuggestionQuery):
    """Counterparts worth meeting, best affinity first, with the words the profiles share; those the
    participant already answered and pairs that may not meet are left out."""
    if not caller().acts_for(path.participant_id):
        abort(403)
    event = get_engine().events.get(path.event_id)
    found = get_engine().events.suggestions(event, path.participant_id, query.top)
    return success([suggestion.to_dict() for suggestion in found])


@bp.post("/events/<event_id>/schedule", tags=TAG, security=TOKEN,
         responses={201: ScheduleAnswer, **errors(400, 401, 403, 404)})
def schedule(path: EventPath):
    """Schedule the event and keep the result as a draft (animators).

    After a publication, the published meetings that can still take place stay where they
    are, and ``changes`` says what moves or is cancelled. 400: the event cannot be scheduled
    (no company or no lab, more tables than meetings can ever use at once, a wish between two
    companies); nothing is kept then.
    """
    caller("animator")
    stored = get_engine().events.schedule(path.event_id)
    return success(_stored(stored), 201, {"Location": url_for("api.event_schedule", event_id=path.event_id)})


@bp.get("/events/<event_id>/schedule", tags=TAG, security=TOKEN,
        responses={200: ScheduleAnswer, **errors(400, 401, 403, 404)})
def event_schedule(path: EventPath):
    """The event's schedule: animators get the newest (published or not), others the published one."""
    account = caller()
    event = _readable(account, get_engine().events.get(path.event_id))
    return success(_stored(_schedule_for(account, event), account))


@bp.post("/events/<event_id>/schedules/<schedule_id>/publish", tags=TAG, security=TOKEN,
         responses={200: ScheduleAnswer, **errors(400, 401, 403, 404)})
def publish(path: SchedulePath):
    """Publish a schedule (animators): participants then get their agendas from it."""
    caller("animator")
    get_engine().events.get(path.event_id)
    return success(_stored(get_engine().events.publish(path.event_id, path.schedule_id)))


@bp.get("/events/<event_id>/agenda/<participant_id>", tags=TAG, security=TOKEN,
        responses={200: answer(Agenda, "AgendaAnswer"), **errors(400, 401, 403, 404)})
def agenda(path: ParticipantPath):
    """A participant's meetings in slot order, from the published schedule (animators: the newest),
    with their times, tables, counterparts and why they meet."""
    account = caller()
    if not account.acts_for(path.participant_id):
        abort(403)
    event = get_engine().events.get(path.event_id)
    if event.participant(path.participant_id) is None:
        raise UnknownNameError(f"{path.participant_id!r} is not a participant of the event")
    stored = _schedule_for(account, event)
    plan = stored.schedule
    slots = {slot.number: slot for slot in event.slots()}
    meetings = []
    for meeting in plan.agenda(path.participant_id):
        slot = slots.get(meeting.slot)
        other = meeting.lab if meeting.company == path.participant_id else meeting.company
        meetings.append({"slot": meeting.slot, "session": slot.session if slot else None,
                         "start": slot.start.isoformat() if slot else None,
                         "end": slot.end.isoformat() if slot else None, "table": meeting.table,
                         "counterpart_id": other, "counterpart_name": plan.names.get(other, other),
                         "why": list(meeting.why)})
    return success({"event_id": event.id, "participant_id": path.participant_id,
                    "name": plan.names.get(path.participant_id, path.participant_id), "schedule_id": stored.id,
                    "published": stored.published_at is not None, "meetings": meetings})


@bp.delete("/events/<event_id>/participants/<participant_id>", tags=TAG, security=TOKEN,
           responses={200: EventAnswer, **errors(400, 401, 403, 404)})
def unregister(path: ParticipantPath):
    """Cancel a participant (animators), with its wishes and exclusions. Its published meetings stay
    in the published schedule until a new one is published: schedule again to see them cancelled."""
    caller("animator")
    return success(_event(get_engine().events.unregister(path.event_id, path.participant_id)))


def _readable(account, event):
    """Events are read by their animators and by the accounts of their participants (403 for others)."""
    if not get_engine().may_read_event(account, event):
        abort(403)
    return event


def _event(event, account=None):
    """The event's document; a participant's account sees only its own wishes and no exclusions
    (who declined whom stays between the animators and the one who declined)."""
    data = event.to_dict()
    if account is not None and not account.runs_events():
        data["wishes"] = [w for w in data["wishes"] if account.acts_for(w["by"])]
        data["exclusions"] = []
    return {**data, "slots": [{"number": slot.number, "session": slot.session,
                                          "start": slot.start.isoformat(), "end": slot.end.isoformat()}
                                         for slot in event.slots()]}


def _stored(stored, account=None):
    """A stored schedule; a participant's account sees only the unscheduled wishes it made."""
    data = stored.to_dict()
    if account is not None and not account.runs_events():
        data["schedule"]["unscheduled"] = [u for u in data["schedule"]["unscheduled"] if account.acts_for(u["by"])]
    return data


def _schedule_for(account, event):
    """The newest schedule for animators, the published one for others; a clear 404 without one."""
    stored = get_engine().events.for_reader(event.id, account)
    if stored is None and account.runs_events():
        raise UnknownNameError(f"event {event.id!r} has not been scheduled yet: "
                               f"POST /api/v1/events/{event.id}/schedule schedules it")
    if stored is None:
        raise UnknownNameError(f"event {event.id!r} has no published schedule yet: agendas come out when "
                               "the animators publish one")
    return stored
