"""Persistence of labs, companies, needs and collaborations (SQLAlchemy 2.x).

SQLite by default, any SQLAlchemy URL by configuration. The schema is the one of
:mod:`matcher.store.tables`, created and upgraded by the Alembic migrations, in an explicit
step (:meth:`Store.upgrade`, ``matcher db upgrade``); :meth:`Store.open` refuses a database
that is not at the latest migration rather than change it. A revision number, raised by
every change of what the ranking index and the graph are built from (labs, companies,
collaborations, glossary, schemes), tells their readers, in this process or another, to
build them again.
"""

import contextlib
import dataclasses
import functools
import json
import secrets
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Select, create_engine, event, inspect, make_url, select, update
from sqlalchemy.exc import ArgumentError, IntegrityError, NoSuchModuleError
from sqlalchemy.orm import Session

from ..errors import ConflictError, InvalidInputError, MissingDependencyError, StoreNotReadyError
from ..records.base import Record
from ..records.catalogue import Collaboration, Company, Lab, Need
from ..records.schemes import Scheme
from .tables import CollaborationRow, CompanyRow, LabRow, MetaRow, NeedRow, ResourceRow, utcnow

MIGRATIONS = Path(__file__).parent / "migrations"

RESOURCES = ("glossary", "schemes")  # catalogue-wide lists kept as JSON documents


_ROWS = (
    ("labs", LabRow, Lab, lambda lab: {"acronym": lab.acronym, "name": lab.name, "region": lab.region,
                                       "department": lab.department, "rnsr_id": lab.rnsr_id, "detailed": lab.detailed}),
    ("companies", CompanyRow, Company, lambda c: {"name": c.name, "region": c.region}),
    ("needs", NeedRow, Need, lambda n: {"company_id": n.company_id, "status": n.status}),
    ("collaborations", CollaborationRow, Collaboration,
     lambda c: {"a": c.between[0], "b": c.between[1], "kind": c.kind}),
)
_KINDS = {kind: (row_cls, record_cls, columns) for kind, row_cls, record_cls, columns in _ROWS}


@dataclasses.dataclass(frozen=True)
class Upgrade:
    """What :meth:`Store.upgrade` did: the migration the database was at (None: no schema yet),
    the one it is at now, and whether it was a store made before migrations, adopted."""

    before: str | None
    after: str
    adopted: bool = False

    @property
    def changed(self) -> bool:
        """Whether the schema changed (created, adopted or migrated)."""
        return self.before != self.after


class Store:
    """The application's record.

    ``Store(url)`` connects and nothing more; :meth:`open` also checks that the schema is at
    the latest migration, and :meth:`upgrade` brings it there.
    """

    def __init__(self, url: str):
        self.url = url
        try:
            parsed = make_url(url)
        except ArgumentError:
            raise InvalidInputError(f"TANDEM_DATABASE_URL={url!r} is not a database URL: "
                                    "write it as SQLAlchemy does, e.g. sqlite:///instance/tandem.sqlite3") from None
        if parsed.get_backend_name() == "sqlite" and parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        try:
            # Writers wait for each other (up to 30 s) rather than fail at once.
            self.engine = create_engine(url, connect_args={"timeout": 30} if self.sqlite else {})
        except NoSuchModuleError:
            raise InvalidInputError(f"TANDEM_DATABASE_URL: SQLAlchemy knows no database {parsed.drivername!r}: "
                                    "use sqlite, postgresql, mysql… (see SQLAlchemy's dialects)") from None
        except ImportError as error:  # the dialect's driver is not installed
            raise MissingDependencyError(f"the database {parsed.render_as_string(hide_password=True)} needs "
                                         f"a driver that is not installed ({error}): install it with pip") from None
        if self.sqlite:
            event.listen(self.engine, "connect", _sqlite_pragmas)

    @classmethod
    def open(cls, url: str) -> "Store":
        """The store at ``url``, whose schema must be at the latest migration.

        A database that is not (a new one, or one made by an older Tandem) is refused with a
        :class:`~matcher.errors.StoreNotReadyError` naming the remedy, and is left as it is.
        """
        store = cls(url)
        if store.schema_revision() != latest_migration():
            store.engine.dispose()
            raise StoreNotReadyError(f"the database at {store.shown_url} is not up to date: run `matcher db upgrade`")
        return store

    @property
    def sqlite(self) -> bool:
        """Whether the database is SQLite (which needs its own pragmas and write lock)."""
        return make_url(self.url).get_backend_name() == "sqlite"

    @property
    def shown_url(self) -> str:
        """The URL as messages show it (a password hidden)."""
        return make_url(self.url).render_as_string(hide_password=True)

    def schema_revision(self) -> str | None:
        """The migration the database is at (None when it has no migrated schema)."""
        with self.engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()

    def upgrade(self) -> Upgrade:
        """Bring the schema to the latest migration, creating it in a new database; a store made
        before migrations (its tables, no Alembic version) is adopted as 0001 first."""
        config = _alembic_config()
        with self.engine.begin() as connection:
            config.attributes["connection"] = connection
            before = MigrationContext.configure(connection).get_current_revision()
            tables = inspect(connection).get_table_names()
            adopted = "labs" in tables and "alembic_version" not in tables
            if adopted:
                command.stamp(config, "0001")
            command.upgrade(config, "head")
        return Upgrade(before, latest_migration(), adopted)

    def read(self) -> Session:
        """A session to read with (``with store.read() as session: ...``); it writes nothing."""
        return Session(self.engine)

    @contextlib.contextmanager
    def write(self) -> Iterator[Session]:
        """A write transaction. On SQLite it takes the write lock at once (BEGIN IMMEDIATE): a
        transaction that read first and wrote later could fail when another writer got in between."""
        with Session(self.engine) as session:
            if self.sqlite:
                session.connection().exec_driver_sql("BEGIN IMMEDIATE")
            yield session
            session.commit()  # an exception leaves the block without it: closing the session rolls back

    def import_catalog(self, catalog: Any) -> dict[str, dict]:
        """Upsert every record of a validated catalogue (a :class:`matcher.catalogue.reader.Catalog`,
        which this layer does not import) in one transaction.

        Returns ``{kind: {"added": n, "updated": n, "unchanged": n}}``; running it
        twice leaves the same content (the second run reports all unchanged).
        """
        report = {}
        with self.write() as session:
            for kind, row_cls, _, columns in _ROWS:
                counts = report[kind] = {"added": 0, "updated": 0, "unchanged": 0}
                if kind == "labs":
                    counts["kept"] = 0  # profiles edited in the app, which the catalogue does not overwrite
                records = getattr(catalog, kind)
                existing = {row.id: row for row in session.scalars(select(row_cls))}
                for record in records:
                    data = record.to_dict()
                    row = existing.get(record.id)
                    if row is None:
                        session.add(row_cls(id=record.id, data=data, **columns(record)))
                        counts["added"] += 1
                    elif getattr(row, "edited_at", None) is not None:
                        counts["kept"] += 1
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
                changed = row is None or _canonical(row.value) != _canonical(value)
                report[key] = {"entries": len(value), "changed": changed}
                if report[key]["changed"]:
                    session.merge(ResourceRow(key=key, value=value))
            if any(c.get("changed") or c.get("added") or c.get("updated") for c in report.values()):
                self._bump(session)
        return report

    def _bump(self, session: Session) -> None:
        bumped = session.execute(update(MetaRow).where(MetaRow.key == "revision").values(value=MetaRow.value + 1))
        if bumped.rowcount == 0:
            session.add(MetaRow(key="revision", value=1))

    def revision(self) -> int:
        """A number that changes whenever the content changes."""
        with self.read() as session:
            meta = session.get(MetaRow, "revision")
            return meta.value if meta else 0

    def labs(self, region: str | None = None) -> list[Lab]:
        """Labs, detailed profiles first, then by acronym."""
        query = select(LabRow).order_by(LabRow.detailed.desc(), LabRow.acronym, LabRow.id)
        if region is not None:
            query = query.where(LabRow.region == region)
        return self._records(query, Lab)

    def companies(self) -> list[Company]:
        """Every company, by id."""
        return self._records(select(CompanyRow).order_by(CompanyRow.id), Company)

    def needs(self, status: str | None = None, company_id: str | None = None) -> list[Need]:
        """The needs, by id; only those of ``status`` (open…) or of ``company_id`` when given."""
        query = select(NeedRow).order_by(NeedRow.id)
        if status is not None:
            query = query.where(NeedRow.status == status)
        if company_id is not None:
            query = query.where(NeedRow.company_id == company_id)
        return self._records(query, Need)

    def collaborations(self) -> list[Collaboration]:
        """Every collaboration, by id."""
        return self._records(select(CollaborationRow).order_by(CollaborationRow.id), Collaboration)

    def add(self, kind: str, record: Record, **extra: Any) -> None:
        """Insert one new record (``kind`` as in the catalogue: "collaborations"…) and raise the revision.

        ``extra`` sets columns kept beside the record (a need's ``created_by``). A record whose
        id is taken is refused with :class:`~matcher.errors.ConflictError`; nothing is written.
        """
        row_cls, _, columns = _KINDS[kind]
        try:
            with self.write() as session:
                session.add(row_cls(id=record.id, data=record.to_dict(), **columns(record), **extra))
                if kind != "needs":  # the ranking index and the graph are not built from needs
                    self._bump(session)
        except IntegrityError:
            noun = "company" if kind == "companies" else kind[:-1]
            raise ConflictError(f"{noun} {record.id!r} already exists") from None

    def add_need(self, need: Need, created_by: int | None = None) -> Need:
        """Save a new need under a fresh id (its own id with a random suffix); returns the saved need.

        Concurrent writers never collide: the suffix is drawn again if the id is taken.
        """
        while True:
            candidate = Need.from_dict({**need.to_dict(), "id": f"{need.id[:60]}-{secrets.token_hex(3)}"})
            try:
                self.add("needs", candidate, created_at=utcnow(), created_by=created_by)
                return candidate
            except ConflictError:
                continue

    def replace(self, kind: str, record: Record) -> None:
        """Replace an existing record by a new version (same id). A lab is marked as edited in the app,
        so that a later catalogue import keeps the edit."""
        row_cls, _, columns = _KINDS[kind]
        with self.write() as session:
            row = session.get(row_cls, record.id)
            if row is None:
                raise ConflictError(f"{record.id!r} is not in the store: nothing to replace")
            row.data = record.to_dict()
            for name, value in columns(record).items():
                setattr(row, name, value)
            if kind == "labs":
                row.edited_at = utcnow()
            self._bump(session)

    def get(self, kind: str, record_id: str) -> Record | None:
        """The record of ``kind`` ("labs", "companies", "needs", "collaborations") with this id, or None."""
        row_cls, record_cls, _ = _KINDS[kind]
        with self.read() as session:
            row = session.get(row_cls, record_id)
            return record_cls.from_dict(row.data) if row else None

    def ids(self, kind: str) -> list[str]:
        """The ids of every record of ``kind``."""
        row_cls = _KINDS[kind][0]
        with self.read() as session:
            return list(session.scalars(select(row_cls.id)))

    def _records(self, query: Select, record_cls: type[Record]) -> list:
        with self.read() as session:
            return [record_cls.from_dict(row.data) for row in session.scalars(query)]

    def glossary(self) -> list[dict]:
        """The bilingual glossary's entries (``{"fr": [...], "en": [...]}``)."""
        return self._resource("glossary")

    def schemes(self) -> list[Scheme]:
        """The funding schemes."""
        return [Scheme.from_dict(data) for data in self._resource("schemes")]

    def _resource(self, key: str) -> list:
        with self.read() as session:
            row = session.get(ResourceRow, key)
            return list(row.value) if row else []


@functools.cache
def latest_migration() -> str:
    """The newest migration of :data:`MIGRATIONS` (the head Alembic upgrades to)."""
    return ScriptDirectory.from_config(_alembic_config()).get_current_head()


def _alembic_config():
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def _canonical(data: Any) -> str:
    return json.dumps(data, sort_keys=True, ensure_ascii=False)


def _sqlite_pragmas(connection: Any, _record: Any) -> None:
    # WAL lets the web app read while an import writes; foreign keys are off by default in SQLite.
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()
