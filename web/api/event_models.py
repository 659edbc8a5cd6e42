"""The shapes of the brokerage-event operations (web/api_events.py), as pydantic models.

Request bodies mirror the event file (``data/events/*.yaml``, :class:`matcher.records.events.Event`)
with JSON types; the library then checks what needs the whole event (sessions that do not
overlap, wishes between registered participants…) and what needs the store (known companies
and labs). Answers describe the plain data the views build from the library's objects; an
event's answers are made from the fields of :class:`matcher.records.Event` itself, and a schedule
is the record :class:`matcher.records.Stored` (its meetings, changes and unscheduled wishes).
"""

import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, RootModel

from matcher.records import EXCLUSION_REASONS, MAX_SLOTS, WISH_LEVELS, Bilingual, Event, Session

from .models import BODY, body_config, derived, ident

SLUG = r"^[a-z0-9]+(-[a-z0-9]+)*$"
# One line, not blank (bodies strip white space, so " " would be refused as empty).
ONE_LINE = r"^[^\x00-\x1f\x7f]*[^\s\x00-\x1f\x7f][^\x00-\x1f\x7f]*$"
# Far enough for any real event; a date near year 9999 would make the slots' times overflow. The
# view checks it (a constraint the document cannot show would answer 400 before the 401 of a
# request without a token).
FIRST_DATE, LAST_DATE = datetime.date(2000, 1, 1), datetime.date(2999, 12, 31)
# A number of meetings: never more than the slots (a huge one would overflow the scheduler's arrays).
Count = Annotated[int, Field(ge=0, le=MAX_SLOTS)]


def slug(example, **options):
    """A participant's (or an event's) id: lowercase letters, digits and single hyphens."""
    return Field(max_length=100, pattern=SLUG, json_schema_extra={"example": example}, **options)


# Paths and queries ------------------------------------------------------------------------
class EventPath(BaseModel):
    event_id: str = ident("rdv-deeptech-grenoble")


class ParticipantPath(EventPath):
    participant_id: str = ident("riverco", description="a company or a lab registered for the event")


class SchedulePath(EventPath):
    schedule_id: int = Field(ge=1, le=2**53, json_schema_extra={"example": 1},
                             description="as POST /events/{event_id}/schedule answered it")


class SuggestionQuery(BaseModel):
    top: int = Field(5, ge=1, le=50, description="how many counterparts")


# The event document, as request bodies ---------------------------------------------------------
class EventBreak(BaseModel):
    model_config = BODY
    after: int = Field(ge=1, le=MAX_SLOTS, description="after this slot of the session (1 = its first)")
    minutes: int = Field(ge=1, le=600)


class EventSession(BaseModel):
    """Consecutive slots of the same length, with breaks between some of them."""

    model_config = BODY
    name: str = Field(min_length=1, max_length=100, pattern=ONE_LINE)
    start: str = Field(pattern=r"^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$", json_schema_extra={"example": "09:00"},
                       description="local time of the event, HH:MM, without a time zone")
    slot_minutes: int = Field(ge=5, le=240)
    slots: int = Field(ge=1, le=MAX_SLOTS)
    breaks: list[EventBreak] = Field([], max_length=MAX_SLOTS)


class EventParticipant(BaseModel):
    """A company or a lab of the store, with the people who attend for it."""

    model_config = BODY
    id: str = slug("riverco")
    attendees: list[Annotated[str, Field(min_length=1, max_length=200, pattern=ONE_LINE)]] = Field(
        [], max_length=50)
    available: list[Annotated[int, Field(ge=1, le=MAX_SLOTS)]] | None = Field(
        None, max_length=MAX_SLOTS, description="slot numbers (1 = the event's first, across sessions in time "
                                                "order), as a list (the file's '1-4, 7' text is not taken "
                                                "here); null: every slot")
    max_meetings: Count | None = Field(None, description="null: one a slot")
    min_meetings: Count | None = Field(None, description="null: the event's min_meetings")


class EventWish(BaseModel):
    """``by`` would like to meet ``to`` (must, like) or asks not to (no)."""

    model_config = BODY
    by: str = slug("riverco")
    to: str = slug("hydro")
    level: Literal[WISH_LEVELS]


class EventExclusion(BaseModel):
    """Two participants who must not be given a meeting, and why."""

    model_config = BODY
    between: list[Annotated[str, Field(max_length=100, pattern=SLUG)]] = Field(
        min_length=2, max_length=2, json_schema_extra={"example": ["riverco", "hydro"]})
    reason: Literal[EXCLUSION_REASONS]
    note: str | None = Field(None, max_length=500)


EXAMPLE_EVENT = {
    "id": "rdv-deeptech-grenoble", "name": "Rendez-vous d'affaires Deeptech Grenoble", "date": "2026-12-03",
    "place": "Minatec, Grenoble", "tables": 2,
    "sessions": [{"name": "Matin", "start": "09:00", "slot_minutes": 20, "slots": 3,
                  "breaks": [{"after": 2, "minutes": 15}]},
                 {"name": "Après-midi", "start": "14:00", "slot_minutes": 20, "slots": 2}],
    "participants": [{"id": "riverco", "attendees": ["Rita River"]}, {"id": "agribot", "available": [4, 5]},
                     {"id": "hydro"}, {"id": "robo", "max_meetings": 3}],
    "wishes": [{"by": "riverco", "to": "robo", "level": "must"}, {"by": "robo", "to": "riverco", "level": "like"}],
    "exclusions": [{"between": ["agribot", "hydro"], "reason": "competitors"}],
}


class EventBody(BaseModel):
    """An event, as in its file (data/events/*.yaml)."""

    model_config = body_config(EXAMPLE_EVENT)
    id: str = slug("rdv-deeptech-grenoble")
    name: str = Field(min_length=1, max_length=200, pattern=ONE_LINE)
    date: datetime.date = Field(strict=False, json_schema_extra={"example": "2026-12-03"},
                                description=f"from {FIRST_DATE} to {LAST_DATE}")
    tables: int = Field(ge=1, le=5000)
    sessions: list[EventSession] = Field(min_length=1, max_length=MAX_SLOTS)
    place: str | None = Field(None, max_length=200)
    participants: list[EventParticipant] = Field([], max_length=5000)
    wishes: list[EventWish] = Field([], max_length=100_000)
    exclusions: list[EventExclusion] = Field([], max_length=100_000)
    min_meetings: Count = Field(1, description="everyone's minimum unless theirs is given; 1: nobody without a "
                                               "meeting when that can be avoided")
    exclude_partners: bool = Field(True, description="a company and a lab that already work together (a "
                                                     "collaboration of the store) are not given a meeting")


class ParticipantsBody(RootModel[list[EventParticipant]]):
    """Participants to register (one already registered is replaced by the new entry)."""

    model_config = ConfigDict(strict=True, openapi_extra={"example": [{"id": "dronco", "attendees": ["Dan Drone"]},
                                                                       {"id": "batt", "available": [1, 2, 3]}]})
    root: list[EventParticipant] = Field(min_length=1, max_length=5000)


class WishBody(BaseModel):
    model_config = body_config({"by": "riverco", "to": "robo", "level": "must"})
    by: str = slug("riverco", description="the participant who wishes (the token must act for it)")
    to: str = slug("robo")
    level: Literal[WISH_LEVELS] | None = Field(description="must, like or no; null withdraws the wish")


class ExclusionBody(EventExclusion):
    model_config = body_config({"between": ["agribot", "hydro"], "reason": "competitors",
                                "note": "same market"})


# Answers -------------------------------------------------------------------------------------
class EventSlot(BaseModel):
    number: int = Field(ge=1, description="1 = the event's first slot, across sessions in time order")
    session: str
    start: str = Field(description="local time of the event, ISO 8601 without a zone: 2026-12-03T09:00:00")
    end: str


SessionOut = derived("SessionOut", Session, ("name", "slot_minutes", "slots", "breaks"),
                     "Consecutive slots of the same length, with breaks between some of them.",
                     start=(str, Field(description="local time of the event, HH:MM:SS")))

EventDetail = derived(
    "EventDetail", Event,
    ("id", "name", "date", "tables", "place", "participants", "wishes", "exclusions", "min_meetings",
     "exclude_partners"),
    "An event's document, as the library keeps it, with its slots.",
    sessions=(list[SessionOut], Field(min_length=1)), slots=(list[EventSlot], ...))

EventSummary = derived(
    "EventSummary", Event, ("id", "name", "date", "place", "tables"), "An event as the list of events shows it.",
    participants=(int, Field(ge=0, description="how many are registered")),
    schedule=(Literal["none", "draft", "published"], Field(
        description="published: participants have their agendas (a newer draft may await publication); draft: "
                    "scheduled, nothing published yet; none: not scheduled yet")))


class AgendaMeeting(BaseModel):
    slot: int = Field(ge=1)
    session: str | None
    start: str | None = Field(description="local time of the event, ISO 8601 without a zone")
    end: str | None
    table: int = Field(ge=1)
    counterpart_id: str
    counterpart_name: str
    why: list[Bilingual[str]]


class Agenda(BaseModel):
    """A participant's meetings in slot order."""

    event_id: str
    participant_id: str
    name: str
    schedule_id: int = Field(ge=1)
    published: bool = Field(description="false: an animator reading the newest draft")
    meetings: list[AgendaMeeting]
