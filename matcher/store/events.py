"""The repository of brokerage events and their schedules.

An event is kept as its validated document. A change reads, edits and writes it back in one
write transaction (on SQLite the write lock is taken at its start), so two animators editing
at once never lose a change. Every schedule computed is kept; the newest published one is
what participants have.
"""

from collections.abc import Callable

from sqlalchemy import ColumnElement, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..errors import ConflictError, UnknownNameError
from ..records.events import Event
from ..records.schedule import Schedule, Stage, Stored
from .catalogue import Store
from .tables import EventRow, EventScheduleRow, utcnow


class EventRepository:
    """Events and their schedules, read and written through a :class:`~matcher.store.Store`'s transactions."""

    def __init__(self, store: Store):
        self.store = store

    # Events ---------------------------------------------------------------
    def all(self) -> list[Event]:
        """Every event, the latest date first."""
        with self.store.read() as session:
            rows = session.scalars(select(EventRow).order_by(EventRow.date.desc(), EventRow.id))
            return [Event.from_dict(row.data) for row in rows]

    def get(self, event_id: str) -> Event:
        """The event ``event_id``; an unknown id is a clear error."""
        with self.store.read() as session:
            return Event.from_dict(_event_row(session, event_id).data)

    def create(self, event: Event, user_id: int | None = None) -> Event:
        """Keep a new event; an id already taken is refused with :class:`ConflictError`, nothing written."""
        try:
            with self.store.write() as session:
                session.add(EventRow(id=event.id, name=event.name, date=event.date, data=event.to_dict(),
                                     created_by=user_id))
        except IntegrityError:
            raise ConflictError(f"event {event.id!r} already exists: choose another id") from None
        return event

    def change(self, event_id: str, edit: Callable[[Event], Event]) -> Event:
        """Save ``edit(event)``, read and written in one write transaction; when ``edit`` raises,
        nothing is written."""
        with self.store.write() as session:
            row = _event_row(session, event_id)
            event = edit(Event.from_dict(row.data))
            row.data, row.name, row.date, row.updated_at = event.to_dict(), event.name, event.date, utcnow()
            return event

    # Schedules ------------------------------------------------------------
    def save_schedule(self, event_id: str, schedule: Schedule) -> Stored:
        """Keep a new schedule of the event, as a draft (not published)."""
        with self.store.write() as session:
            row = EventScheduleRow(event_id=event_id, data=schedule.to_dict())
            session.add(row)
            session.flush()
            return Stored(row.id, schedule, row.created_at, None)

    def publish(self, event_id: str, schedule_id: int) -> Stored:
        """Mark a schedule of the event as published (what participants have from now on)."""
        with self.store.write() as session:
            row = session.get(EventScheduleRow, schedule_id)
            if row is None or row.event_id != event_id:
                raise UnknownNameError(f"no schedule {schedule_id} for event {event_id!r}")
            row.published_at = utcnow()
            return _stored(row)

    def latest(self, event_id: str) -> Stored | None:
        """The newest schedule, published or not (None before the first run)."""
        return self._newest(event_id)

    def published(self, event_id: str) -> Stored | None:
        """The newest published schedule (None before the first publication)."""
        return self._newest(event_id, EventScheduleRow.published_at.is_not(None))

    def stages(self) -> dict[str, Stage]:
        """``{event id: Stage}`` for every event that has a schedule (one query, no schedule loaded)."""
        with self.store.read() as session:
            rows = session.execute(select(EventScheduleRow.event_id, EventScheduleRow.created_at,
                                          EventScheduleRow.published_at).order_by(EventScheduleRow.id))
            stages = {}
            for event_id, created_at, published_at in rows:
                earlier = event_id in stages and stages[event_id].any_published
                stages[event_id] = Stage(created_at, published_at, earlier or published_at is not None)
            return stages

    def _newest(self, event_id: str, *where: ColumnElement[bool]) -> Stored | None:
        with self.store.read() as session:
            row = session.scalars(select(EventScheduleRow).where(EventScheduleRow.event_id == event_id, *where)
                                  .order_by(EventScheduleRow.id.desc()).limit(1)).first()
            return _stored(row) if row else None


def _event_row(session: Session, event_id: str) -> EventRow:
    row = session.get(EventRow, event_id)
    if row is None:
        raise UnknownNameError(f"no event {event_id!r}: see the list of events")
    return row


def _stored(row: EventScheduleRow) -> Stored:
    return Stored(row.id, Schedule.from_dict(row.data), row.created_at, row.published_at)
