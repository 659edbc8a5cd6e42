"""A scheduled event: its meetings, what could not be scheduled and why, and each participant's agenda.

These are the results that pages, exports and the API show; they hold ids, so a
reader looks names up in the store (or in ``Schedule.names``). They are records: the
store keeps a schedule as its ``to_dict()`` and reads it back with ``from_dict``.
"""

import datetime
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field, computed_field, field_serializer
from typing_extensions import TypedDict

from .base import Phrase, Record, UtcTime, ordered, record, rounded


@record(result=True)
class Meeting(Record):
    """A company and a lab at one table during one slot (both numbered from 1)."""

    company: str
    lab: str
    slot: Annotated[int, Field(ge=1)]
    table: Annotated[int, Field(ge=1)]
    value: Annotated[float, rounded(4),
                     Field(description="100 both must meet … 20 one would like to, plus up to 10 of affinity")]
    why: tuple[Phrase, ...] = ()  # wishes, affinity and shared terms

    @property
    def pair(self) -> tuple[str, str]:
        """``(company, lab)``: who meet, which is at most once per event."""
        return self.company, self.lab


@record(result=True)
class Unscheduled(Record):
    """A wish (must or like) that no meeting answers, and why."""

    by: str
    to: str
    level: Literal["must", "like"]
    reason: Phrase


Moved = TypedDict("Moved", {"from": Meeting, "to": Meeting})  # "from" is a keyword: the functional form


def _moved_pairs(value: Any) -> Any:
    """Moved meetings as written (``{"from", "to"}``) -> ``(published, new)`` pairs."""
    return [(item["from"], item["to"]) if isinstance(item, dict) else item for item in value]


@record(result=True)
class Changes(Record):
    """What a new schedule changes in the published one."""

    kept: Annotated[int, Field(ge=0)]
    cancelled: Annotated[tuple[Meeting, ...], Field(description="published meetings that no longer take place")]
    # (published, new) for a meeting at another slot or table, written as {"from", "to"}
    moved: Annotated[tuple[tuple[Meeting, Meeting], ...], BeforeValidator(_moved_pairs),
                     Field(description="published meetings at another slot or table")]
    added: tuple[Meeting, ...]

    @field_serializer("moved")
    def _moved(self, moved: tuple[tuple[Meeting, Meeting], ...]) -> list[Moved]:
        return [{"from": old, "to": new} for old, new in moved]


@record(result=True)
class Schedule(Record):
    """The meetings of an event, with the certificate of how good they are.

    ``value`` is the total value of the meetings and ``bound`` a proven upper bound on
    the value of any schedule that leaves as few participants below their minimum;
    ``gap`` is ``(bound - value) / bound`` (0 when the schedule is optimal). Figures are
    written rounded; :meth:`from_dict` reads back what :meth:`to_dict` wrote.
    """

    event_id: str
    meetings: tuple[Meeting, ...]
    value: Annotated[float, rounded(4)]
    bound: Annotated[float, rounded(4)]
    gap: Annotated[float, rounded(6), Field(json_schema_extra={"minimum": 0})]  # float noise is not refused
    unscheduled: tuple[Unscheduled, ...]
    without_meeting: tuple[str, ...]  # participants with no meeting at all
    below_minimum: tuple[str, ...]  # participants with fewer meetings than their minimum
    names: Annotated[dict[str, str], Field(description="participant id -> name shown")]
    seconds: Annotated[float, rounded(3), Field(ge=0)]
    changes: Annotated[Changes | None, Field(description="set when the schedule replaces a published one")] = None

    def agenda(self, participant_id: str) -> list[Meeting]:
        """A participant's meetings in slot order."""
        return sorted((m for m in self.meetings if participant_id in m.pair), key=lambda m: m.slot)


@record(result=True)
class Stored(Record):
    """A schedule as the store keeps it: its id, and when it was computed and published (None: a draft).

    Its plain data names the id ``schedule_id`` and says whether it is ``published``; times are UTC.
    """

    DUMP = {"by_alias": True}
    id: Annotated[int, Field(ge=1, serialization_alias="schedule_id")]
    schedule: Schedule
    created_at: UtcTime
    published_at: UtcTime | None

    @computed_field
    @property
    def published(self) -> bool:
        """Whether participants have it as their agenda."""
        return self.published_at is not None

    _order = ordered("schedule_id", "published", "created_at", "published_at", "schedule")


@record(result=True)
class Stage(Record):
    """Where an event's schedules stand, read without loading them: the newest one's dates and
    whether any was ever published."""

    created_at: datetime.datetime
    published_at: datetime.datetime | None
    any_published: bool
