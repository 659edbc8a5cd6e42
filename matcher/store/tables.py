"""The database schema (SQLAlchemy 2.x declarative tables).

Catalogue records are kept as their validated ``to_dict()`` in a JSON column,
beside the columns used to filter and join. The schema is created and changed
only by the Alembic migrations of ``matcher/migrations``; a test checks that the
migrations give exactly these tables.
"""

import datetime

from sqlalchemy import JSON, Boolean, Date, DateTime, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


def utcnow() -> datetime.datetime:
    """Now in UTC, without a time zone: the columns hold naive UTC times (SQLite keeps no zone)."""
    return datetime.datetime.now(datetime.UTC).replace(tzinfo=None)


class Base(DeclarativeBase):
    """The tables' declarative base (its metadata is what the migrations must give)."""


class LabRow(Base):
    """A lab of the catalogue, or edited in the app."""

    __tablename__ = "labs"
    id: Mapped[str] = mapped_column(String(100), primary_key=True)
    acronym: Mapped[str] = mapped_column(String(200))
    name: Mapped[str] = mapped_column(Text)
    region: Mapped[str] = mapped_column(String(100), index=True)
    department: Mapped[str] = mapped_column(String(3))
    rnsr_id: Mapped[str | None] = mapped_column(String(20), index=True)
    detailed: Mapped[bool] = mapped_column(Boolean)
    data: Mapped[dict] = mapped_column(JSON)
    # Set when a tech-transfer officer edits the profile in the app: a catalogue import keeps the edit.
    edited_at: Mapped[datetime.datetime | None] = mapped_column(DateTime, default=None)


class CompanyRow(Base):
    """A company (an SME of the catalogue, or a partner of a collaboration)."""

    __tablename__ = "companies"
    id: Mapped[str] = mapped_column(String(100), primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    region: Mapped[str] = mapped_column(String(100))
    data: Mapped[dict] = mapped_column(JSON)


class NeedRow(Base):
    """A company's technical need, from the catalogue or saved in the app."""

    __tablename__ = "needs"
    id: Mapped[str] = mapped_column(String(100), primary_key=True)
    company_id: Mapped[str] = mapped_column(ForeignKey("companies.id"), index=True)
    status: Mapped[str] = mapped_column(String(20))
    data: Mapped[dict] = mapped_column(JSON)
    created_at: Mapped[datetime.datetime | None] = mapped_column(DateTime, default=None)  # None: from the catalogue
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", name="fk_needs_created_by_users"),
                                                   default=None)


class CollaborationRow(Base):
    """A collaboration between two organisations (lab or company, hence no foreign key)."""

    __tablename__ = "collaborations"
    id: Mapped[str] = mapped_column(String(100), primary_key=True)
    a: Mapped[str] = mapped_column(String(100), index=True)
    b: Mapped[str] = mapped_column(String(100), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    data: Mapped[dict] = mapped_column(JSON)


class MetaRow(Base):
    """A counter of the store (``revision``: raised by every change the index and the graph read)."""

    __tablename__ = "meta"
    key: Mapped[str] = mapped_column(String(50), primary_key=True)
    value: Mapped[int] = mapped_column(Integer)


class ResourceRow(Base):
    """Catalogue-wide resources kept as JSON (the bilingual glossary, the funding schemes)."""

    __tablename__ = "resources"
    key: Mapped[str] = mapped_column(String(50), primary_key=True)
    value: Mapped[list] = mapped_column(JSON)


class UserRow(Base):
    """An account: its role, its company (sme), hashed password and API token."""

    __tablename__ = "users"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20))
    password_hash: Mapped[str] = mapped_column(String(300))
    company_id: Mapped[str | None] = mapped_column(ForeignKey("companies.id"), default=None)
    token_hash: Mapped[str | None] = mapped_column(String(64), unique=True, default=None)  # sha256 of the API token
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime.datetime] = mapped_column(DateTime, default=utcnow)


class UserLabRow(Base):
    """The labs a tech-transfer officer keeps (and may edit)."""

    __tablename__ = "user_labs"
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    lab_id: Mapped[str] = mapped_column(ForeignKey("labs.id", ondelete="CASCADE"), primary_key=True)


class FollowupRow(Base):
    """Where a proposal (a need and a lab) stands: proposed, contacted, meeting, agreement or declined."""

    __tablename__ = "followups"
    __table_args__ = (UniqueConstraint("need_id", "lab_id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    need_id: Mapped[str] = mapped_column(ForeignKey("needs.id", ondelete="CASCADE"), index=True)
    lab_id: Mapped[str] = mapped_column(ForeignKey("labs.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(20))
    score: Mapped[float | None] = mapped_column(Float, default=None)  # the match score when proposed
    updated_at: Mapped[datetime.datetime] = mapped_column(DateTime, default=utcnow)


class FollowupEventRow(Base):
    """One step of a proposal's history."""

    __tablename__ = "followup_events"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    followup_id: Mapped[int] = mapped_column(ForeignKey("followups.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(20))
    at: Mapped[datetime.datetime] = mapped_column(DateTime, default=utcnow)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), default=None)
    note: Mapped[str] = mapped_column(Text, default="")


class EventRow(Base):
    """A brokerage event, kept as its validated ``Event.to_dict()``."""

    __tablename__ = "events"
    id: Mapped[str] = mapped_column(String(100), primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    date: Mapped[datetime.date] = mapped_column(Date, index=True)
    data: Mapped[dict] = mapped_column(JSON)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), default=None)
    updated_at: Mapped[datetime.datetime] = mapped_column(DateTime, default=utcnow)


class EventScheduleRow(Base):
    """A schedule computed for an event; the newest with ``published_at`` is the one participants have."""

    __tablename__ = "event_schedules"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[str] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    data: Mapped[dict] = mapped_column(JSON)
    created_at: Mapped[datetime.datetime] = mapped_column(DateTime, default=utcnow)
    published_at: Mapped[datetime.datetime | None] = mapped_column(DateTime, default=None)
