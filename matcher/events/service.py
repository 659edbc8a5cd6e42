"""What animators do with events: register participants, collect wishes, see suggestions,
schedule, publish and reschedule.

The service holds the rules; it reads and writes through an events repository
(:class:`matcher.store.events.EventRepository`), learns the companies and labs from an
``organisations()`` function and scores them with the ranking's scorer, all given by its
caller (the Engine): it never calls back into the Engine. Every change is checked against
the store before it is saved, and scheduling again after a publication keeps the published
meetings where it can.
"""

import dataclasses
import difflib
import json
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, Protocol

import numpy as np
import yaml

from ..catalogue import tabular
from ..errors import DataError, InvalidInputError, UnknownNameError
from ..matching.ranking import LabRanker
from ..records.accounts import User
from ..records.catalogue import Collaboration, Company, Lab, Need
from ..records.events import PARTICIPANT_COLUMNS, Event, Participant, Suggestion, parse_slots
from ..records.schedule import Schedule, Stage, Stored
from .plan import Plan, Roster, schedule_event


def read_event(data: Any, where: str = "the event") -> Event:
    """An :class:`Event` from plain data; every problem named in one message."""
    try:
        return Event.from_dict(data)
    except DataError as error:
        problems = [line for problem in error.problems for line in str(problem).splitlines()]
        raise InvalidInputError(f"{where} has {len(problems)} problem{'s' if len(problems) > 1 else ''}:\n"
                                + "\n".join(f"  {p}" for p in problems),
                                problems=[(p.where, line) for p in error.problems for line in p.problem.splitlines()]) \
            from None


def load_event_file(path: str | Path) -> Event:
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


class EventStore(Protocol):
    """What the service needs of the events repository (:class:`matcher.store.events.EventRepository`)."""

    def all(self) -> list[Event]:
        """Every event, the latest date first."""

    def get(self, event_id: str) -> Event:
        """The event; an unknown id raises :class:`UnknownNameError`."""

    def create(self, event: Event, user_id: int | None) -> Event:
        """Keep a new event; a taken id raises :class:`~matcher.errors.ConflictError`."""

    def change(self, event_id: str, edit: Callable[[Event], Event]) -> Event:
        """Save ``edit(event)``, read and written in one write transaction."""

    def save_schedule(self, event_id: str, schedule: Schedule) -> Stored:
        """Keep a new schedule of the event, as a draft."""

    def publish(self, event_id: str, schedule_id: int) -> Stored:
        """Mark a schedule of the event as published."""

    def latest(self, event_id: str) -> Stored | None:
        """The newest schedule, published or not."""

    def published(self, event_id: str) -> Stored | None:
        """The newest published schedule."""

    def stages(self) -> dict[str, Stage]:
        """Where each event's schedules stand."""


@dataclasses.dataclass(frozen=True)
class Organisations:
    """What the store knows of the organisations an event may bring together."""

    companies: Mapping[str, Company]  # by id
    labs: Mapping[str, Lab]  # by id, in the catalogue's order
    collaborations: Sequence[Collaboration]
    open_needs: Sequence[Need]


class Events:
    """The event use cases.

    ``repository`` keeps events and schedules (:class:`matcher.store.events.EventRepository`);
    ``organisations()`` gives the store's companies, labs, collaborations and open needs;
    ``ranker()`` gives the ranking's scorer, whose similarities between a company's profile
    and the labs are the affinities. Both are called when needed, so that they reflect the
    store at that moment.
    """

    def __init__(self, repository: EventStore, organisations: Callable[[], Organisations],
                 ranker: Callable[[], LabRanker]):
        self.repository = repository
        self.organisations = organisations
        self.ranker = ranker

    # Events ---------------------------------------------------------------
    def all(self) -> list[Event]:
        """Every event, the latest date first."""
        return self.repository.all()

    def get(self, event_id: str) -> Event:
        """The event ``event_id``; an unknown id is a clear error."""
        return self.repository.get(event_id)

    def create(self, event: Event, user_id: int | None = None) -> Event:
        """Keep a new event once the store can schedule it; a taken id is a :class:`ConflictError`."""
        self.check(event)
        return self.repository.create(event, user_id)

    def change(self, event_id: str, changes: Callable[[dict], None]) -> Event:
        """Apply ``changes(data)`` (it edits the plain data in place) and save the event if it stays valid."""
        def edit(event: Event) -> Event:
            data = event.to_dict()
            changes(data)
            edited = read_event(data)
            self.check(edited)
            return edited
        return self.repository.change(event_id, edit)

    def register(self, event_id: str, participants: Sequence[dict]) -> Event:
        """Add participants (dicts as in the event file); one already registered is updated."""
        def add(data: dict) -> None:
            known = {p["id"]: i for i, p in enumerate(data["participants"])}
            for participant in participants:
                if participant["id"] in known:
                    data["participants"][known[participant["id"]]] = participant
                else:
                    data["participants"].append(participant)
        return self.change(event_id, add)

    def unregister(self, event_id: str, participant_id: str) -> Event:
        """Remove a participant with its wishes and exclusions (a cancellation)."""
        def remove(data: dict) -> None:
            if participant_id not in {p["id"] for p in data["participants"]}:
                raise UnknownNameError(f"{participant_id!r} is not a participant of the event")
            data["participants"] = [p for p in data["participants"] if p["id"] != participant_id]
            data["wishes"] = [w for w in data["wishes"] if participant_id not in (w["by"], w["to"])]
            data["exclusions"] = [x for x in data["exclusions"] if participant_id not in x["between"]]
        return self.change(event_id, remove)

    def wish(self, event_id: str, by: str, to: str, level: str | None) -> Event:
        """Set ``by``'s wish about ``to`` (must, like or no); ``level=None`` withdraws it."""
        def put(data: dict) -> None:
            data["wishes"] = [w for w in data["wishes"] if (w["by"], w["to"]) != (by, to)]
            if level is not None:
                data["wishes"].append({"by": by, "to": to, "level": level})
        return self.change(event_id, put)

    def exclude(self, event_id: str, a: str, b: str, reason: str, note: str | None = None) -> Event:
        """Keep ``a`` and ``b`` from meeting, for ``reason`` (partners, competitors, conflict); replaces
        an exclusion of the same pair."""
        def put(data: dict) -> None:
            data["exclusions"] = [x for x in data["exclusions"] if set(x["between"]) != {a, b}]
            data["exclusions"].append({"between": [a, b], "reason": reason, "note": note or None})
        return self.change(event_id, put)

    def participants_file(self, filename: str, content: bytes) -> list[dict]:
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
            except DataError as error:
                problems += [f"row {number}: {problem}" for problem in error.problems]
            except ValueError as error:  # a bad slot range
                problems.append(f"row {number}: {error}")
        if problems:
            raise InvalidInputError("the file has problems, nothing was registered:\n"
                                    + "\n".join(f"  {p}" for p in problems))
        return participants

    # What the store knows of the participants -------------------------------
    def check(self, event: Event) -> None:
        """Refuse an event the store cannot schedule: unknown participants, wishes or exclusions
        between two companies or two labs."""
        Plan(event, self.roster(event, affinities=False))

    def roster(self, event: Event, affinities: bool = True) -> Roster:
        """Companies and labs of the event, their names, affinities and known partnerships.

        ``affinities=False`` leaves them at 0: checking an event after each edit needs the kinds
        only, not the ranking of every company against every lab."""
        known = self.organisations()
        companies, labs = known.companies, known.labs
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
            ranker = self.ranker()
            column = {lab.id: j for j, lab in enumerate(ranker.labs)}
            texts = _profiles([companies[c] for c in company_ids], known.open_needs)
            scores = ranker.text_scores(texts)[:, [column[i] for i in lab_ids]]
        best = scores.max() if scores.size else 0.0
        affinity = scores / best if best > 0 else scores
        names = {c: companies[c].name for c in company_ids} | {i: labs[i].acronym for i in lab_ids}
        members = set(ids)
        partners = {frozenset(c.between): c.title for c in known.collaborations if set(c.between) <= members}
        return Roster(company_ids, lab_ids, names, affinity, partners)

    def suggestions(self, event: Event, participant_id: str, top: int = 5) -> list[Suggestion]:
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
        return [Suggestion(others[k], roster.names[others[k]], round(float(row[k]), 4), tuple(terms.get(others[k], ())))
                for k in picked]

    def _shared_terms(self, participant_id: str, others: list[str], is_company: bool) -> dict[str, list[str]]:
        """``{counterpart: the terms its pair with the participant shares}`` (the ranking's explanation)."""
        if not others:
            return {}
        ranker, known = self.ranker(), self.organisations()
        if is_company:
            text = _profiles([known.companies[participant_id]], known.open_needs)[0]
            return {m.lab_id: list(m.terms) for m in ranker.rank([text], top=len(others), lab_ids=others)[0]}
        texts = _profiles([known.companies[c] for c in others], known.open_needs)
        found = ranker.rank(texts, top=1, lab_ids=[participant_id])
        return {c: list(matches[0].terms) if matches else [] for c, matches in zip(others, found)}

    # Schedules ----------------------------------------------------------------
    def compute_schedule(self, event: Event, kept: Schedule | None = None,
                         progress: Callable[[int, int], None] | None = None) -> Schedule:
        """Schedule ``event`` without storing it; the meetings of ``kept`` (a schedule participants
        have) that can still take place stay where they are. ``progress(round, meetings)`` is
        called after each round of the scheduler."""
        return schedule_event(event, self.roster(event), kept, progress)

    def schedule(self, event_id: str, progress: Callable[[int, int], None] | None = None) -> Stored:
        """Schedule the stored event and keep the result as a draft;
        after a publication, the published meetings that can still take place stay where they are."""
        event = self.get(event_id)
        published = self.published(event_id)
        schedule = self.compute_schedule(event, published.schedule if published else None, progress)
        return self.repository.save_schedule(event_id, schedule)

    def schedule_file(self, path: str | Path, keep: str | Path | None = None) -> tuple[Event, Schedule]:
        """Schedule the event of a YAML file (participants are ids of the store; nothing is stored).

        ``keep`` names a schedule already sent to participants, as ``matcher event schedule --json``
        printed it: its meetings that can still take place stay where they are."""
        event = load_event_file(path)
        kept = read_schedule_file(keep) if keep else None
        return event, self.compute_schedule(event, kept)

    def publish(self, event_id: str, schedule_id: int) -> Stored:
        """Publish a schedule of the event: participants have it from now on."""
        return self.repository.publish(event_id, schedule_id)

    def for_reader(self, event_id: str, user: User) -> Stored | None:
        """The schedule ``user`` may read: the newest for those who run events, else the published one."""
        return self.latest(event_id) if user.runs_events() else self.published(event_id)

    def stages(self) -> dict[str, Stage]:
        """``{event id: Stage}`` for every event that has a schedule (one query, no schedule loaded)."""
        return self.repository.stages()

    def latest(self, event_id: str) -> Stored | None:
        """The newest schedule, published or not (None before the first run)."""
        return self.repository.latest(event_id)

    def published(self, event_id: str) -> Stored | None:
        """The newest published schedule (None before the first publication)."""
        return self.repository.published(event_id)


def _profiles(companies: Sequence[Company], open_needs: Sequence[Need]) -> list[str]:
    """What each company is and needs, as the text the ranking compares with labs."""
    needs = {}
    for need in open_needs:
        needs.setdefault(need.company_id, []).append(need.text)
    return [" ".join([c.description, *needs.get(c.id, [])]) for c in companies]


def read_schedule_file(path: str | Path) -> Schedule:
    """A schedule from the JSON that ``matcher event schedule --json`` printed, the file named in any message."""
    path = Path(path)
    try:
        return Schedule.from_dict(json.loads(path.read_text(encoding="utf-8")))
    except OSError as error:
        raise InvalidInputError(f"{path}: cannot be read ({error.strerror})") from None
    except (ValueError, KeyError, TypeError, AttributeError):  # not JSON, or JSON of another shape
        raise InvalidInputError(f"{path}: not a schedule; give the JSON that 'matcher event schedule --json' "
                                "printed") from None


def _count(values: Mapping[str, str], column: str) -> int | None:
    text = values.get(column, "")
    if not text:
        return None
    if not text.isdigit():
        raise ValueError(f"{column}: {text!r} is not a number of meetings; write a whole number such as 6")
    return int(text)

