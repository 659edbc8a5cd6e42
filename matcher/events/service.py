"""Events kept in the store, and what animators do with them: register participants, collect
wishes, see suggestions, schedule, publish and reschedule.

An event is stored as its validated document; every change reads, changes and writes
it back in one write transaction, so two animators editing at once never lose a
change. Schedules are kept too: the newest published one is what participants have,
and scheduling again after a change keeps its meetings where it can.
"""

import dataclasses
import difflib
import datetime
from pathlib import Path

import numpy as np
import pydantic
import yaml
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..catalogue import tabular
from ..records.schedule import Schedule
from ..errors import ConflictError, InvalidInputError, UnknownNameError
from .plan import Plan, Roster, schedule_event
from ..records.events import Event, Participant, parse_slots
from ..records.catalogue import validation_problems
from ..store.tables import EventRow, EventScheduleRow, utcnow

PARTICIPANT_COLUMNS = ("id", "attendees", "available", "max_meetings", "min_meetings")


def read_event(data, where="the event"):
    """An :class:`Event` from plain data; every problem named in one message."""
    try:
        return Event.from_dict(data)
    except pydantic.ValidationError as error:
        problems = [line for problem in validation_problems(error) for line in problem.splitlines()]
        raise InvalidInputError(f"{where} has {len(problems)} problem{'s' if len(problems) > 1 else ''}:\n"
                                + "\n".join(f"  {p}" for p in problems)) from None


def load_event_file(path):
    """An event from a YAML (or JSON) file, with the file named in any message."""
    path = Path(path)
    try:
        # libyaml's loader when installed: a 1,000-participant event reads 5 times faster.
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except OSError as error:
        raise InvalidInputError(f"{path}: cannot be read ({error.strerror})") from None
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        raise InvalidInputError(f"{path}: not a YAML file ({str(error).splitlines()[0]})") from None
    if not isinstance(data, dict):
        raise InvalidInputError(f"{path}: expected a mapping with id, name, date, tables, sessions, participants")
    return read_event(data, where=str(path))


@dataclasses.dataclass(frozen=True)
class Stage:
    """Where an event's schedules stand, read without loading them: the newest one's dates and
    whether any was ever published."""

    created_at: datetime.datetime
    published_at: datetime.datetime | None
    any_published: bool


@dataclasses.dataclass(frozen=True)
class Stored:
    """A schedule as the store keeps it."""

    id: int
    schedule: Schedule
    created_at: datetime.datetime
    published_at: datetime.datetime | None


class Events:
    def __init__(self, engine):
        self.engine = engine
        self.store = engine.store

    # Events ---------------------------------------------------------------
    def all(self):
        with Session(self.store.engine) as session:
            rows = session.scalars(select(EventRow).order_by(EventRow.date.desc(), EventRow.id))
            return [Event.from_dict(row.data) for row in rows]

    def get(self, event_id):
        with Session(self.store.engine) as session:
            row = session.get(EventRow, event_id)
            if row is None:
                raise UnknownNameError(f"no event {event_id!r}: see the list of events")
            return Event.from_dict(row.data)

    def create(self, event, user_id=None):
        self.check(event)
        try:
            with self.store.write() as session:
                session.add(EventRow(id=event.id, name=event.name, date=event.date, data=event.to_dict(),
                                     created_by=user_id))
        except IntegrityError:
            raise ConflictError(f"event {event.id!r} already exists: choose another id") from None
        return event

    def change(self, event_id, changes):
        """Apply ``changes(data)`` (it edits the plain data in place) and save the event if it stays valid."""
        with self.store.write() as session:
            row = session.get(EventRow, event_id)
            if row is None:
                raise UnknownNameError(f"no event {event_id!r}: see the list of events")
            data = Event.from_dict(row.data).to_dict()
            changes(data)
            event = read_event(data)
            self.check(event)
            row.data, row.name, row.date, row.updated_at = event.to_dict(), event.name, event.date, utcnow()
            return event

    def register(self, event_id, participants):
        """Add participants (dicts as in the event file); one already registered is updated."""
        def add(data):
            known = {p["id"]: i for i, p in enumerate(data["participants"])}
            for participant in participants:
                if participant["id"] in known:
                    data["participants"][known[participant["id"]]] = participant
                else:
                    data["participants"].append(participant)
        return self.change(event_id, add)

    def unregister(self, event_id, participant_id):
        """Remove a participant with its wishes and exclusions (a cancellation)."""
        def remove(data):
            if participant_id not in {p["id"] for p in data["participants"]}:
                raise UnknownNameError(f"{participant_id!r} is not a participant of the event")
            data["participants"] = [p for p in data["participants"] if p["id"] != participant_id]
            data["wishes"] = [w for w in data["wishes"] if participant_id not in (w["by"], w["to"])]
            data["exclusions"] = [x for x in data["exclusions"] if participant_id not in x["between"]]
        return self.change(event_id, remove)

    def wish(self, event_id, by, to, level):
        """Set ``by``'s wish about ``to`` (must, like or no); ``level=None`` withdraws it."""
        def put(data):
            data["wishes"] = [w for w in data["wishes"] if (w["by"], w["to"]) != (by, to)]
            if level is not None:
                data["wishes"].append({"by": by, "to": to, "level": level})
        return self.change(event_id, put)

    def exclude(self, event_id, a, b, reason, note=None):
        def put(data):
            data["exclusions"] = [x for x in data["exclusions"] if set(x["between"]) != {a, b}]
            data["exclusions"].append({"between": [a, b], "reason": reason, "note": note or None})
        return self.change(event_id, put)

    def participants_file(self, filename, content):
        """Participants from a CSV or Excel file (columns ``id``, and optionally ``attendees`` separated
        by ``;``, ``available`` as "1-4, 7", ``max_meetings``, ``min_meetings``)."""
        rows = tabular.read_table(filename, content, PARTICIPANT_COLUMNS, ("id",), "participant")
        participants, problems = [], []
        for number, values in rows:
            try:
                participant = {"id": values["id"],
                               "attendees": [a.strip() for a in values.get("attendees", "").split(";") if a.strip()],
                               "available": parse_slots(values.get("available")),
                               "max_meetings": _count(values, "max_meetings"),
                               "min_meetings": _count(values, "min_meetings")}
                participants.append(Participant.from_dict(participant).to_dict())
            except ValueError as error:  # pydantic's ValidationError is a ValueError too
                found = validation_problems(error) if isinstance(error, pydantic.ValidationError) else [str(error)]
                problems += [f"row {number}: {problem}" for problem in found]
        if problems:
            raise InvalidInputError("the file has problems, nothing was registered:\n"
                                    + "\n".join(f"  {p}" for p in problems))
        return participants

    # What the store knows of the participants -------------------------------
    def check(self, event):
        """Refuse an event the store cannot schedule: unknown participants, wishes or exclusions
        between two companies or two labs."""
        Plan(event, self.roster(event, affinities=False))

    def roster(self, event, affinities=True):
        """Companies and labs of the event, their names, affinities and known partnerships.

        ``affinities=False`` leaves them at 0: checking an event after each edit needs the kinds
        only, not the ranking of every company against every lab."""
        store = self.store
        ranker = self.engine.ranker()
        labs = {lab.id: j for j, lab in enumerate(ranker.labs)}
        companies = {company.id: company for company in store.companies()}
        ids = [p.id for p in event.participants]
        unknown = [i for i in ids if i not in companies and i not in labs]
        if unknown:
            shown = ", ".join(repr(i) for i in unknown[:10]) + (" …" if len(unknown) > 10 else "")
            close = difflib.get_close_matches(unknown[0], [*companies, *labs], n=3)
            hint = f"did you mean {', '.join(close)}?" if close else "check the id, or add it to the catalogue first"
            raise InvalidInputError(f"participants: {shown} {'is' if len(unknown) == 1 else 'are'} neither a company "
                                    f"nor a lab of the store; {hint}")
        company_ids = tuple(i for i in ids if i in companies)
        lab_ids = tuple(i for i in ids if i in labs)
        scores = np.zeros((len(company_ids), len(lab_ids)))
        if affinities and company_ids and lab_ids:
            texts = self._profiles([companies[c] for c in company_ids])
            scores = ranker.text_scores(texts)[:, [labs[i] for i in lab_ids]]
        best = scores.max() if scores.size else 0.0
        affinity = scores / best if best > 0 else scores
        names = {c: companies[c].name for c in company_ids} | {i: ranker.labs[labs[i]].acronym for i in lab_ids}
        members = set(ids)
        partners = {frozenset(c.between): c.title for c in store.collaborations() if set(c.between) <= members}
        return Roster(company_ids, lab_ids, names, affinity, partners)

    def _profiles(self, companies):
        """What a company is and needs, as the text the ranking compares with labs."""
        needs = {}
        for need in self.store.needs(status="open"):
            needs.setdefault(need.company_id, []).append(need.text)
        return [" ".join([c.description, *needs.get(c.id, [])]) for c in companies]

    def suggestions(self, event, participant_id, top=5):
        """Counterparts for a participant, best affinity first, with the words they share; pairs
        that may not meet and counterparts the participant already answered are left out."""
        if event.participant(participant_id) is None:
            raise UnknownNameError(f"{participant_id!r} is not a participant of the event")
        roster = self.roster(event)
        plan = Plan(event, roster)
        answered = {w.to for w in event.wishes if w.by == participant_id}
        is_company = participant_id in roster.companies
        row = roster.affinity[roster.companies.index(participant_id)] if is_company else \
            roster.affinity[:, roster.labs.index(participant_id)]
        others = roster.labs if is_company else roster.companies
        picked = [k for k in np.argsort(-row, kind="stable")
                  if others[k] not in answered and plan.pair(participant_id, others[k]) not in plan.blocked
                  and row[k] > 0][:top]
        terms = self._shared_terms(participant_id, [others[k] for k in picked], is_company)
        return [{"id": others[k], "name": roster.names[others[k]], "affinity": round(float(row[k]), 4),
                 "terms": terms.get(others[k], [])} for k in picked]

    def _shared_terms(self, participant_id, others, is_company):
        if not others:
            return {}
        ranker = self.engine.ranker()
        if is_company:
            text = self._profiles([self.engine.get("companies", participant_id)])[0]
            return {m.lab_id: list(m.terms) for m in ranker.rank([text], top=len(others), lab_ids=others)[0]}
        texts = self._profiles([self.engine.get("companies", c) for c in others])
        found = ranker.rank(texts, top=1, lab_ids=[participant_id])
        return {c: list(matches[0].terms) if matches else [] for c, matches in zip(others, found)}

    # Schedules ----------------------------------------------------------------
    def schedule(self, event_id, progress=None):
        """Schedule the event and keep the result as a draft; after a publication, the published
        meetings that can still take place stay where they are. ``progress(round, meetings)`` is
        called after each round of the scheduler."""
        event = self.get(event_id)
        published = self.published(event_id)
        schedule = schedule_event(event, self.roster(event), published.schedule if published else None, progress)
        with self.store.write() as session:
            row = EventScheduleRow(event_id=event_id, data=schedule.to_dict())
            session.add(row)
            session.flush()
            return Stored(row.id, schedule, row.created_at, None)

    def publish(self, event_id, schedule_id):
        with self.store.write() as session:
            row = session.get(EventScheduleRow, schedule_id)
            if row is None or row.event_id != event_id:
                raise UnknownNameError(f"no schedule {schedule_id} for event {event_id!r}")
            row.published_at = utcnow()
            return _stored(row)

    def for_reader(self, event_id, user):
        """The schedule ``user`` may read: the newest for those who run events, else the published one."""
        return self.latest(event_id) if user.runs_events() else self.published(event_id)

    def stages(self):
        """``{event id: Stage}`` for every event that has a schedule (one query, no schedule loaded)."""
        with Session(self.store.engine) as session:
            rows = session.execute(select(EventScheduleRow.event_id, EventScheduleRow.created_at,
                                          EventScheduleRow.published_at).order_by(EventScheduleRow.id))
            stages = {}
            for event_id, created_at, published_at in rows:
                earlier = event_id in stages and stages[event_id].any_published
                stages[event_id] = Stage(created_at, published_at, earlier or published_at is not None)
            return stages

    def latest(self, event_id):
        """The newest schedule, published or not (None before the first run)."""
        return self._newest(event_id)

    def published(self, event_id):
        return self._newest(event_id, EventScheduleRow.published_at.is_not(None))

    def _newest(self, event_id, *where):
        with Session(self.store.engine) as session:
            row = session.scalars(select(EventScheduleRow).where(EventScheduleRow.event_id == event_id, *where)
                                  .order_by(EventScheduleRow.id.desc()).limit(1)).first()
            return _stored(row) if row else None


def _count(values, column):
    text = values.get(column, "")
    if not text:
        return None
    if not text.isdigit():
        raise ValueError(f"{column}: {text!r} is not a number of meetings; write a whole number such as 6")
    return int(text)


def _stored(row):
    return Stored(row.id, Schedule.from_dict(row.data), row.created_at, row.published_at)
