"""Brokerage events: sessions of time slots, participants, wishes and exclusions.

An event is validated on its own here (sessions that do not overlap, slots that
exist, wishes between registered participants); what needs the store (is this id
a company or a lab? are they already partners?) is checked by
:func:`matcher.events.plan.plan` when the event is scheduled.

Meetings are between a company and a lab (SME–SME and lab–lab meetings are not
scheduled: the event is for SME–lab partnerships).
"""

import dataclasses
import datetime
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BeforeValidator, Field, model_validator

from .base import Line, Record, Slug, record

WISH_LEVELS = ("must", "like", "no")  # must meet / would like to meet / no thanks
EXCLUSION_REASONS = ("partners", "competitors", "conflict")
MAX_SLOTS = 96
# The columns of a participants file (CSV or Excel), as the event file names a participant's fields.
PARTICIPANT_COLUMNS = ("id", "attendees", "available", "max_meetings", "min_meetings")


def _slot_list(value: Any) -> Any:
    """Slots may be written as text: ``"1-4, 7"``."""
    return parse_slots(value) if isinstance(value, str) else value


def _event_date(value: datetime.date) -> datetime.date:
    if not 2000 <= value.year <= 2999:
        raise ValueError(f"date {value.isoformat()}: give the event's date, between 2000 and 2999")
    return value


def _level(value: Any) -> Any:
    # YAML 1.1 reads an unquoted ``no`` as false.
    return "no" if value is False else value


@record
class Break(Record):
    """A pause in a session, after one of its slots."""

    after: int = Field(ge=1)  # after this slot of the session (1 = the first)
    minutes: int = Field(ge=1, le=600)


@record
class Session(Record):
    """Consecutive slots of the same length, with breaks between some of them."""

    name: Line
    start: datetime.time
    slot_minutes: int = Field(ge=5, le=240)
    slots: int = Field(ge=1, le=MAX_SLOTS)
    breaks: tuple[Break, ...] = ()

    @model_validator(mode="after")
    def _breaks_inside(self):
        if self.start.tzinfo is not None:
            raise ValueError(f"start {self.start.isoformat()}: write the local time of the event, such as 09:00")
        for item in self.breaks:
            if item.after >= self.slots:
                raise ValueError(f"a break after slot {item.after} of {self.slots}: a break comes after one of "
                                 f"slots 1 to {self.slots - 1}")
        if len({item.after for item in self.breaks}) != len(self.breaks):
            raise ValueError("two breaks after the same slot: give one break with their total length")
        return self

    def times(self, date: datetime.date) -> list[tuple[datetime.datetime, datetime.datetime]]:
        """``(start, end)`` datetimes of each slot of the session."""
        pause = {item.after: item.minutes for item in self.breaks}
        start = datetime.datetime.combine(date, self.start)
        length = datetime.timedelta(minutes=self.slot_minutes)
        times = []
        for number in range(1, self.slots + 1):
            times.append((start, start + length))
            start += length + datetime.timedelta(minutes=pause.get(number, 0))
        return times


@record
class Participant(Record):
    """A company or a lab of the store, with the people who attend for it."""

    id: Slug
    attendees: tuple[Line, ...] = ()
    # Slot numbers (1 = the event's first); None: every slot.
    available: Annotated[tuple[int, ...] | None, BeforeValidator(_slot_list)] = None
    max_meetings: int | None = Field(default=None, ge=0, le=MAX_SLOTS)  # None: one a slot
    min_meetings: int | None = Field(default=None, ge=0, le=MAX_SLOTS)  # None: the event's minimum


@record
class Wish(Record):
    """``by`` would like to meet ``to`` (``must``, ``like``) or asks not to (``no``)."""

    by: Slug
    to: Slug
    level: Annotated[Literal[WISH_LEVELS], BeforeValidator(_level)]

    @model_validator(mode="after")
    def _two_participants(self):
        if self.by == self.to:
            raise ValueError(f"{self.by!r} wishes to meet itself: a wish is between two participants")
        return self


@record
class Exclusion(Record):
    """Two participants who must not be given a meeting, and why."""

    between: tuple[Slug, Slug]
    reason: Literal[EXCLUSION_REASONS]
    note: str | None = None

    @model_validator(mode="after")
    def _two_participants(self):
        if self.between[0] == self.between[1]:
            raise ValueError(f"between: {self.between[0]!r} twice: an exclusion is between two participants")
        return self


@dataclasses.dataclass(frozen=True)
class Slot:
    """One slot of an event, with its session and its times (local to the event)."""

    number: int  # 1 = the event's first slot
    session: str
    start: datetime.datetime
    end: datetime.datetime


@record
class Event(Record):
    """A brokerage event: sessions of slots, tables, and who comes, wishes to meet whom or must not."""

    id: Slug
    name: Line
    date: Annotated[datetime.date, AfterValidator(_event_date)]
    tables: int = Field(ge=1, le=5000)
    sessions: tuple[Session, ...] = Field(min_length=1)
    place: str | None = None
    participants: tuple[Participant, ...] = ()
    wishes: tuple[Wish, ...] = ()
    exclusions: tuple[Exclusion, ...] = ()
    # Everyone's minimum unless theirs is given; 1: nobody without one.
    min_meetings: int = Field(default=1, ge=0, le=MAX_SLOTS)
    exclude_partners: bool = True  # a company and a lab that already work together are not given a meeting

    @model_validator(mode="after")
    def _coherent(self):
        problems = _overlaps(self) + _participant_problems(self) + _pair_problems(self)
        if problems:
            raise ValueError("\n".join(problems))  # one a line: read_event lists them
        return self

    def slots(self) -> list[Slot]:
        """Every slot of the event, in time order, numbered from 1."""
        slots = []
        for session in sorted(self.sessions, key=lambda s: s.start):
            for start, end in session.times(self.date):
                slots.append(Slot(len(slots) + 1, session.name, start, end))
        return slots

    def slot_count(self) -> int:
        """How many slots the event has, all sessions together."""
        return sum(session.slots for session in self.sessions)

    def participant(self, participant_id: str) -> Participant | None:
        """The participant of id ``participant_id``, or None when it is not registered."""
        return next((p for p in self.participants if p.id == participant_id), None)


def _overlaps(event: Event) -> list[str]:
    spans = sorted((s.times(event.date)[0][0], s.times(event.date)[-1][1], s.name) for s in event.sessions)
    problems = []
    if len({name for _, _, name in spans}) != len(spans):
        problems.append("sessions: two sessions have the same name; name each one differently")
    for (start, end, name), (next_start, next_end, next_name) in zip(spans, spans[1:]):
        if next_start < end:
            problems.append(
                f"sessions: {name!r} ({start:%H:%M}–{end:%H:%M}) and {next_name!r} ({next_start:%H:%M}–"
                f"{next_end:%H:%M}) overlap; start a session after the previous one ends")
    if spans and spans[-1][1].date() != event.date:
        problems.append(f"sessions: {spans[-1][2]!r} ends after midnight; an event's slots are all on its date")
    if sum(s.slots for s in event.sessions) > MAX_SLOTS:
        problems.append(f"sessions: more than {MAX_SLOTS} slots in all; an event has at most {MAX_SLOTS}")
    return problems


def _participant_problems(event: Event) -> list[str]:
    problems = []
    seen = set()
    count = sum(s.slots for s in event.sessions)
    for p in event.participants:
        if p.id in seen:
            problems.append(f"participants: {p.id!r} is registered twice; register each participant once")
        seen.add(p.id)
        wrong = sorted({n for n in p.available or () if not 1 <= n <= count})
        if wrong:
            problems.append(f"participants: {p.id!r} is available in slot(s) {', '.join(map(str, wrong))}, "
                            f"which the event does not have (slots 1 to {count})")
        if p.min_meetings is not None and p.max_meetings is not None and p.min_meetings > p.max_meetings:
            problems.append(f"participants: {p.id!r} asks for at least {p.min_meetings} meetings but at most "
                            f"{p.max_meetings}; the minimum cannot exceed the maximum")
    return problems


def _pair_problems(event: Event) -> list[str]:
    known = {p.id for p in event.participants}
    problems = []
    levels = {}
    for wish in event.wishes:
        for who in (wish.by, wish.to):
            if who not in known:
                problems.append(f"wishes: {who!r} is not a participant of the event; register it first")
        earlier = levels.setdefault((wish.by, wish.to), wish.level)
        if earlier != wish.level:
            problems.append(f"wishes: {wish.by!r} → {wish.to!r} is both {earlier!r} and {wish.level!r}; keep one")
    for exclusion in event.exclusions:
        for who in exclusion.between:
            if who not in known:
                problems.append(f"exclusions: {who!r} is not a participant of the event; register it first")
    return sorted(set(problems), key=problems.index)


def parse_slots(text: str | None) -> tuple[int, ...] | None:
    """Slot numbers from ``"1-4, 7"`` (ranges and single numbers); ``None`` for blank text.

    >>> parse_slots("1-3, 7")
    (1, 2, 3, 7)
    """
    if text is None or not str(text).strip():
        return None
    numbers = set()
    for part in str(text).replace(";", ",").split(","):
        low, _, high = part.strip().partition("-")
        try:
            low, high = int(low), int(high or low)
        except ValueError:
            raise ValueError(f"slots {text!r}: write slot numbers and ranges such as '1-4, 7'") from None
        if low > high:
            raise ValueError(f"slots {text!r}: {low}-{high} runs backwards; write the smaller number first")
        if high > MAX_SLOTS:
            raise ValueError(f"slots {text!r}: slot {high} is beyond any event (at most {MAX_SLOTS} slots)")
        numbers.update(range(low, high + 1))
    return tuple(sorted(numbers))


@record(result=True)
class Suggestion(Record):
    """A counterpart (a lab for a company, a company for a lab) the participant has not answered yet."""

    id: str
    name: str
    # The ranking's text score, 1 for the event's best pair; the range is documented, not re-checked.
    affinity: Annotated[float, Field(description="the ranking's text score, 1 for the event's best pair",
                                     json_schema_extra={"exclusiveMinimum": 0, "maximum": 1})]
    terms: Annotated[tuple[str, ...], Field(description="words the two profiles share")]
