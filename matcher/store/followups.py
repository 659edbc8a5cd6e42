"""The follow-up of proposals: proposed → contacted → meeting → agreement, or declined at any step.

A proposal is a need and a lab. Its status and every step taken (who, when, a note)
are kept in the store; a step the proposal cannot take (back from an agreement, say)
is refused with :class:`~matcher.errors.ConflictError`.
"""

from collections.abc import Iterable

from sqlalchemy import ColumnElement, select

from ..errors import ConflictError, InvalidInputError, UnknownNameError
from ..records.followups import MAX_NOTE, NEXT, STATUSES, Followup, Step
from .catalogue import Store
from .tables import FollowupEventRow, FollowupRow, LabRow, NeedRow, UserRow, utcnow


class Followups:
    """The repository of follow-ups, read and written through a :class:`~matcher.store.Store`'s transactions."""

    def __init__(self, store: Store):
        self.store = store

    def propose(self, need_id: str, scored: Iterable[tuple[str, float | None]]) -> None:
        """Record ``(lab_id, score)`` pairs as proposed for a need (pairs already followed are kept)."""
        with self.store.write() as session:
            followed = set(session.scalars(select(FollowupRow.lab_id).where(FollowupRow.need_id == need_id)))
            for lab_id, score in scored:
                if lab_id not in followed:
                    row = FollowupRow(need_id=need_id, lab_id=lab_id, status="proposed", score=score)
                    session.add(row)
                    session.flush()
                    session.add(FollowupEventRow(followup_id=row.id, status="proposed", note=""))

    def advance(self, need_id: str, lab_id: str, status: str, user_id: int | None = None,
                note: str | None = "") -> Followup:
        """Move a proposal to ``status``; a proposal never recorded starts as proposed now."""
        if status not in STATUSES:
            raise InvalidInputError(f"unknown status {status!r}: use one of {', '.join(STATUSES)}")
        note = (note or "").strip()
        if len(note) > MAX_NOTE:
            raise InvalidInputError(f"the note has {len(note):,} characters; at most {MAX_NOTE:,} are accepted")
        with self.store.write() as session:
            row = session.scalar(select(FollowupRow).where(FollowupRow.need_id == need_id,
                                                           FollowupRow.lab_id == lab_id))
            if row is None:
                for noun, row_cls, record_id in (("need", NeedRow, need_id), ("lab", LabRow, lab_id)):
                    if session.get(row_cls, record_id) is None:
                        raise UnknownNameError(f"unknown {noun} {record_id!r}: no proposal can follow it")
                row = FollowupRow(need_id=need_id, lab_id=lab_id, status="proposed")
                session.add(row)
                session.flush()
                session.add(FollowupEventRow(followup_id=row.id, status="proposed", note=""))
            if status not in NEXT[row.status]:
                allowed = " or ".join(NEXT[row.status]) or "nothing: it is closed"
                raise ConflictError(f"the proposal is {row.status}; it can move to {allowed}, not to {status}")
            row.status, row.updated_at = status, utcnow()
            session.add(FollowupEventRow(followup_id=row.id, status=status, user_id=user_id, note=note))
        return self.get(need_id, lab_id)

    def get(self, need_id: str, lab_id: str) -> Followup | None:
        """The follow-up of a need and a lab, or None when never proposed."""
        found = self._query(FollowupRow.need_id == need_id, FollowupRow.lab_id == lab_id)
        return found[0] if found else None

    def for_need(self, need_id: str) -> list[Followup]:
        """The follow-ups of a need's proposals."""
        return self._query(FollowupRow.need_id == need_id)

    def for_labs(self, lab_ids: Iterable[str]) -> list[Followup]:
        """The follow-ups of proposals to these labs, by need."""
        return self._query(FollowupRow.lab_id.in_(list(lab_ids)))

    def _query(self, *where: ColumnElement[bool]) -> list[Followup]:
        with self.store.read() as session:
            rows = session.scalars(select(FollowupRow).where(*where).order_by(FollowupRow.need_id, FollowupRow.id))
            result = []
            for row in rows:
                steps = session.execute(
                    select(FollowupEventRow, UserRow.name).outerjoin(UserRow, UserRow.id == FollowupEventRow.user_id)
                    .where(FollowupEventRow.followup_id == row.id).order_by(FollowupEventRow.id))
                history = tuple(Step(event.status, event.at, name, event.note) for event, name in steps)
                result.append(Followup(row.need_id, row.lab_id, row.status, row.score, history))
            return result
