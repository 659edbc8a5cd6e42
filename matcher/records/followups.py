"""A proposal's follow-up: its statuses, the steps each allows, the length of a note; and the
records of where a proposal stands (:class:`Followup`, its :class:`Step` history).

proposed → contacted → meeting → agreement, or declined at any step before an agreement;
an agreement and a refusal are final. The store keeps each follow-up and refuses a step
its status does not allow (:mod:`matcher.store.followups`).
"""

from typing import Literal

from pydantic import computed_field

from .base import Record, UtcTime, ordered, record

STATUSES = ("proposed", "contacted", "meeting", "agreement", "declined")
NEXT = {
    "proposed": ("contacted", "declined"),
    "contacted": ("meeting", "declined"),
    "meeting": ("agreement", "declined"),
    "agreement": (),
    "declined": (),
}
MAX_NOTE = 2000  # characters of a step's note


@record(result=True)
class Step(Record):
    """One step of a proposal's history: its new status, when, by whom, and why."""

    status: Literal[STATUSES]
    at: UtcTime
    by: str | None  # the account's name, None when Tandem proposed
    note: str


@record(result=True)
class Followup(Record):
    """Where a proposal (a need and a lab) stands, with its history and the steps it may take next."""

    need_id: str
    lab_id: str
    status: Literal[STATUSES]
    score: float | None
    history: tuple[Step, ...]

    @computed_field
    @property
    def next(self) -> tuple[Literal[STATUSES], ...]:
        """The statuses the proposal may move to (none once closed)."""
        return NEXT[self.status]

    _order = ordered("need_id", "lab_id", "status", "next", "score", "history")
