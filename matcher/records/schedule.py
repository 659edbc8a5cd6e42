"""A scheduled event: its meetings, what could not be scheduled and why, and each participant's agenda.

These are the results that pages, exports and the API show; they hold ids, so a
reader looks names up in the store (or in ``Schedule.names``).
"""

import dataclasses
import datetime
from collections.abc import Mapping
from typing import Any, Self


@dataclasses.dataclass(frozen=True)
class Meeting:
    """A company and a lab at one table during one slot (both numbered from 1)."""

    company: str
    lab: str
    slot: int
    table: int
    value: float
    why: tuple[dict[str, str], ...] = ()  # {"fr", "en"} phrases: wishes, affinity and shared terms

    def to_dict(self) -> dict[str, Any]:
        """Plain data (JSON), the value rounded to 4 decimals."""
        return {"company": self.company, "lab": self.lab, "slot": self.slot, "table": self.table,
                "value": round(float(self.value), 4), "why": list(self.why)}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Self:
        """The meeting :meth:`to_dict` wrote (read back from the store)."""
        return cls(data["company"], data["lab"], int(data["slot"]), int(data["table"]), float(data["value"]),
                   tuple(data.get("why", ())))

    @property
    def pair(self) -> tuple[str, str]:
        """``(company, lab)``: who meet, which is at most once per event."""
        return self.company, self.lab


@dataclasses.dataclass(frozen=True)
class Unscheduled:
    """A wish (must or like) that no meeting answers, and why."""

    by: str
    to: str
    level: str
    reason: dict[str, str]  # {"fr", "en"}

    def to_dict(self) -> dict[str, Any]:
        """Plain data (JSON)."""
        return dataclasses.asdict(self)


@dataclasses.dataclass(frozen=True)
class Changes:
    """What a new schedule changes in the published one."""

    kept: int
    cancelled: tuple[Meeting, ...]  # published meetings that no longer take place
    moved: tuple[tuple[Meeting, Meeting], ...]  # (published, new) for a meeting at another slot or table
    added: tuple[Meeting, ...]

    def to_dict(self) -> dict[str, Any]:
        """Plain data (JSON): each moved meeting as ``{"from", "to"}``."""
        return {"kept": self.kept, "cancelled": [m.to_dict() for m in self.cancelled],
                "moved": [{"from": old.to_dict(), "to": new.to_dict()} for old, new in self.moved],
                "added": [m.to_dict() for m in self.added]}


@dataclasses.dataclass(frozen=True)
class Schedule:
    """The meetings of an event, with the certificate of how good they are.

    ``value`` is the total value of the meetings and ``bound`` a proven upper bound on
    the value of any schedule that leaves as few participants below their minimum;
    ``gap`` is ``(bound - value) / bound`` (0 when the schedule is optimal).
    """

    event_id: str
    meetings: tuple[Meeting, ...]
    value: float
    bound: float
    gap: float
    unscheduled: tuple[Unscheduled, ...]
    without_meeting: tuple[str, ...]  # participants with no meeting at all
    below_minimum: tuple[str, ...]  # participants with fewer meetings than their minimum
    names: dict[str, str]  # participant id -> name shown
    seconds: float
    changes: Changes | None = None  # set when the schedule replaces a published one

    def agenda(self, participant_id: str) -> list[Meeting]:
        """A participant's meetings in slot order."""
        return sorted((m for m in self.meetings if participant_id in m.pair), key=lambda m: m.slot)

    def to_dict(self) -> dict[str, Any]:
        """Plain data (JSON), figures rounded; :meth:`from_dict` reads it back."""
        return {
            "event_id": self.event_id,
            "meetings": [m.to_dict() for m in self.meetings],
            "value": round(float(self.value), 4), "bound": round(float(self.bound), 4),
            "gap": round(float(self.gap), 6),
            "unscheduled": [u.to_dict() for u in self.unscheduled],
            "without_meeting": list(self.without_meeting), "below_minimum": list(self.below_minimum),
            "names": dict(self.names), "seconds": round(self.seconds, 3),
            "changes": self.changes.to_dict() if self.changes else None,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Self:
        """The schedule :meth:`to_dict` wrote (read back from the store), its changes included."""
        changes = data.get("changes")
        if changes:
            changes = Changes(
                changes["kept"], tuple(map(Meeting.from_dict, changes["cancelled"])),
                tuple((Meeting.from_dict(m["from"]), Meeting.from_dict(m["to"])) for m in changes["moved"]),
                tuple(map(Meeting.from_dict, changes["added"])))
        return cls(
            data["event_id"], tuple(map(Meeting.from_dict, data["meetings"])), data["value"], data["bound"],
            data["gap"], tuple(Unscheduled(**u) for u in data["unscheduled"]), tuple(data["without_meeting"]),
            tuple(data["below_minimum"]), dict(data["names"]), data["seconds"], changes or None)


@dataclasses.dataclass(frozen=True)
class Stored:
    """A schedule as the store keeps it: its id, and when it was computed and published (None: a draft)."""

    id: int
    schedule: Schedule
    created_at: datetime.datetime
    published_at: datetime.datetime | None


@dataclasses.dataclass(frozen=True)
class Stage:
    """Where an event's schedules stand, read without loading them: the newest one's dates and
    whether any was ever published."""

    created_at: datetime.datetime
    published_at: datetime.datetime | None
    any_published: bool
