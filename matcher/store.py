"""Persistence of labs, companies, needs and collaborations (SQLAlchemy 2.x).

SQLite by default, any SQLAlchemy URL by configuration. Each record is kept as
its validated ``to_dict()`` in a JSON column, beside the columns used to filter
and join. A revision number, raised by every write, tells readers (the ranking
index, other processes) that the content changed.
"""

import json

from pathlib import Path

from sqlalchemy import JSON, Boolean, ForeignKey, Integer, String, Text, create_engine, event, make_url, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from .models import Collaboration, Company, Lab, Need
from .schemes import Scheme

RESOURCES = ("glossary", "schemes")  # catalogue-wide lists kept as JSON documents


class Base(DeclarativeBase):
    pass


class LabRow(Base):
    __tablename__ = "labs"
    id: Mapped[str] = mapped_column(String(100), primary_key=True)
    acronym: Mapped[str] = mapped_column(String(200))
    name: Mapped[str] = mapped_column(Text)
    region: Mapped[str] = mapped_column(String(100), index=True)
    department: Mapped[str] = mapped_column(String(3))
    rnsr_id: Mapped[str | None] = mapped_column(String(20), index=True)
    detailed: Mapped[bool] = mapped_column(Boolean)
    data: Mapped[dict] = mapped_column(JSON)


class CompanyRow(Base):
    __tablename__ = "companies"
    id: Mapped[str] = mapped_column(String(100), primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    region: Mapped[str] = mapped_column(String(100))
    data: Mapped[dict] = mapped_column(JSON)


class NeedRow(Base):
    __tablename__ = "needs"
    id: Mapped[str] = mapped_column(String(100), primary_key=True)
    company_id: Mapped[str] = mapped_column(ForeignKey("companies.id"), index=True)
    status: Mapped[str] = mapped_column(String(20))
    data: Mapped[dict] = mapped_column(JSON)


class CollaborationRow(Base):
    """A collaboration between two organisations (lab or company, hence no foreign key)."""

    __tablename__ = "collaborations"
    id: Mapped[str] = mapped_column(String(100), primary_key=True)
    a: Mapped[str] = mapped_column(String(100), index=True)
    b: Mapped[str] = mapped_column(String(100), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    data: Mapped[dict] = mapped_column(JSON)


class MetaRow(Base):
    __tablename__ = "meta"
    key: Mapped[str] = mapped_column(String(50), primary_key=True)
    value: Mapped[int] = mapped_column(Integer)


class ResourceRow(Base):
    """Catalogue-wide resources kept as JSON (the bilingual glossary, the funding schemes)."""

    __tablename__ = "resources"
    key: Mapped[str] = mapped_column(String(50), primary_key=True)
    value: Mapped[list] = mapped_column(JSON)


_ROWS = (
    ("labs", LabRow, Lab, lambda lab: {"acronym": lab.acronym, "name": lab.name, "region": lab.region,
                                       "department": lab.department, "rnsr_id": lab.rnsr_id, "detailed": lab.detailed}),
    ("companies", CompanyRow, Company, lambda c: {"name": c.name, "region": c.region}),
    ("needs", NeedRow, Need, lambda n: {"company_id": n.company_id, "status": n.status}),
    ("collaborations", CollaborationRow, Collaboration,
     lambda c: {"a": c.between[0], "b": c.between[1], "kind": c.kind}),
)
_KINDS = {kind: (row_cls, record_cls, columns) for kind, row_cls, record_cls, columns in _ROWS}


class Store:
    """The application's record. ``Store(url)`` creates the tables it lacks."""

    def __init__(self, url):
        self.url = url
        database = make_url(url).database
        if make_url(url).get_backend_name() == "sqlite" and database and database != ":memory:":
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        self.engine = create_engine(url)
        if self.engine.dialect.name == "sqlite":
            event.listen(self.engine, "connect", _sqlite_pragmas)
        Base.metadata.create_all(self.engine)

    def import_catalog(self, catalog):
        """Upsert every record of a validated catalogue in one transaction.

        Returns ``{kind: {"added": n, "updated": n, "unchanged": n}}``; running it
        twice leaves the same content (the second run reports all unchanged).
        """
        report = {}
        with Session(self.engine) as session, session.begin():
            for kind, row_cls, _, columns in _ROWS:
                counts = report[kind] = {"added": 0, "updated": 0, "unchanged": 0}
                records = getattr(catalog, kind)
                existing = {row.id: row for row in session.scalars(select(row_cls))}
                for record in records:
                    data = record.to_dict()
                    row = existing.get(record.id)
                    if row is None:
                        session.add(row_cls(id=record.id, data=data, **columns(record)))
                        counts["added"] += 1
                    elif _canonical(row.data) != _canonical(data):
                        row.data = data
                        for name, value in columns(record).items():
                            setattr(row, name, value)
                        counts["updated"] += 1
                    else:
                        counts["unchanged"] += 1
                session.flush()
            for key in RESOURCES:
                value = [item if isinstance(item, dict) else item.to_dict() for item in getattr(catalog, key)]
                row = session.get(ResourceRow, key)
                report[key] = {"entries": len(value), "changed": row is None or _canonical(row.value) != _canonical(value)}
                if report[key]["changed"]:
                    session.merge(ResourceRow(key=key, value=value))
            if any(c.get("changed") or c.get("added") or c.get("updated") for c in report.values()):
                self._bump(session)
        return report

    def _bump(self, session):
        meta = session.get(MetaRow, "revision")
        if meta is None:
            session.add(MetaRow(key="revision", value=1))
        else:
            meta.value += 1

    def revision(self):
        """A number that changes whenever the content changes."""
        with Session(self.engine) as session:
            meta = session.get(MetaRow, "revision")
            return meta.value if meta else 0

    def labs(self, region=None):
        """Labs, detailed profiles first, then by acronym."""
        query = select(LabRow).order_by(LabRow.detailed.desc(), LabRow.acronym, LabRow.id)
        if region is not None:
            query = query.where(LabRow.region == region)
        return self._records(query, Lab)

    def companies(self):
        return self._records(select(CompanyRow).order_by(CompanyRow.id), Company)

    def needs(self, status=None):
        query = select(NeedRow).order_by(NeedRow.id)
        if status is not None:
            query = query.where(NeedRow.status == status)
        return self._records(query, Need)

    def collaborations(self):
        return self._records(select(CollaborationRow).order_by(CollaborationRow.id), Collaboration)

    def add(self, kind, record):
        """Insert one new record (``kind`` as in the catalogue: "collaborations"…) and raise the revision."""
        row_cls, _, columns = _KINDS[kind]
        with Session(self.engine) as session, session.begin():
            session.add(row_cls(id=record.id, data=record.to_dict(), **columns(record)))
            self._bump(session)

    def get(self, kind, record_id):
        """The record of ``kind`` ("labs", "companies", "needs", "collaborations") with this id, or None."""
        row_cls, record_cls, _ = _KINDS[kind]
        with Session(self.engine) as session:
            row = session.get(row_cls, record_id)
            return record_cls.from_dict(row.data) if row else None

    def ids(self, kind):
        row_cls = _KINDS[kind][0]
        with Session(self.engine) as session:
            return list(session.scalars(select(row_cls.id)))

    def _records(self, query, record_cls):
        with Session(self.engine) as session:
            return [record_cls.from_dict(row.data) for row in session.scalars(query)]

    def glossary(self):
        return self._resource("glossary")

    def schemes(self):
        return [Scheme.from_dict(data) for data in self._resource("schemes")]

    def _resource(self, key):
        with Session(self.engine) as session:
            row = session.get(ResourceRow, key)
            return list(row.value) if row else []


def _canonical(data):
    return json.dumps(data, sort_keys=True, ensure_ascii=False)


def _sqlite_pragmas(connection, _record):
    # WAL lets the web app read while an import writes; foreign keys are off by default in SQLite.
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()
