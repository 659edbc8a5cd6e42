"""The store's schema comes from the Alembic migrations, and matches matcher.store.tables."""

import dataclasses
import json

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, inspect, text

from matcher.engine import Engine
from matcher.errors import MatcherError
from matcher.store.catalogue import MIGRATIONS, Store, latest_migration
from matcher.store.tables import Base


def alembic_config(connection):
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def schema(connection):
    """``{table: {column: nullable}}`` as the database has it (Alembic's own table aside)."""
    found = inspect(connection)
    return {table: {column["name"]: column["nullable"] for column in found.get_columns(table)}
            for table in found.get_table_names() if table != "alembic_version"}


def expected_schema():
    return {table.name: {column.name: column.nullable for column in table.columns}
            for table in Base.metadata.sorted_tables}


def revision_of(connection):
    return MigrationContext.configure(connection).get_current_revision()


def head():
    return ScriptDirectory(str(MIGRATIONS)).get_current_head()


def assert_at_head(store):
    with store.engine.connect() as connection:
        assert revision_of(connection) == head()
        assert schema(connection) == expected_schema()
        # Alembic's own comparison adds types, indexes, unique constraints and foreign keys.
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []


def test_a_fresh_store_is_at_head_with_the_tables_of_the_code(engine):
    assert head() == "0003"
    assert_at_head(engine.store)


def test_a_store_made_before_migrations_is_adopted_with_its_data(settings, engine):
    hydro = engine.get("labs", "hydro")
    # The store as it was before migrations existed: the 0001 tables only, no alembic_version.
    old = create_engine(settings.database_url.replace("store.sqlite3", "old.sqlite3"))
    with old.begin() as connection:
        command.upgrade(alembic_config(connection), "0001")
        connection.execute(text("DROP TABLE alembic_version"))
        connection.execute(text("INSERT INTO labs (id, acronym, name, region, department, rnsr_id, detailed, data) "
                                "VALUES ('hydro', 'HYDRO', :name, 'Occitanie', '34', NULL, 1, :data)"),
                           {"name": hydro.name, "data": json.dumps(hydro.to_dict())})
        connection.execute(text("INSERT INTO meta (key, value) VALUES ('revision', 7)"))
    old.dispose()
    adopted = Engine(dataclasses.replace(settings, database_url=str(old.url)))
    done = adopted.upgrade_store()
    assert (done.before, done.after, done.adopted) == (None, head(), True)
    assert_at_head(adopted.store)
    assert adopted.get("labs", "hydro") == hydro and adopted.store.revision() == 7
    report = adopted.import_catalog()
    assert report["labs"] == {"added": 4, "updated": 0, "unchanged": 1, "kept": 0}
    adopted.accounts.create("oscar@hydro.test", "correct horse battery", "officer", lab_ids=["hydro"])


def test_downgrade_to_0001_then_upgrade_again(engine):
    engine.accounts.create("oscar@hydro.test", "correct horse battery", "officer", lab_ids=["hydro"])
    labs = engine.store.labs()
    with engine.store.engine.begin() as connection:
        command.downgrade(alembic_config(connection), "0001")
        assert revision_of(connection) == "0001"
        assert "users" not in inspect(connection).get_table_names()
        assert "edited_at" not in {column["name"] for column in inspect(connection).get_columns("labs")}
    done = engine.store.upgrade()
    assert (done.before, done.after, done.adopted, done.changed) == ("0001", head(), False, True)
    assert_at_head(engine.store)
    assert engine.store.labs() == labs and engine.accounts.all() == []


def test_a_lab_edited_in_the_app_survives_a_catalogue_import(engine):
    engine.update_lab("hydro", {"name": "Hydrology lab, edited"})
    report = engine.import_catalog()
    assert report["labs"] == {"added": 0, "updated": 0, "unchanged": 4, "kept": 1}
    assert engine.get("labs", "hydro").name == "Hydrology lab, edited"
    assert engine.import_catalog()["labs"]["kept"] == 1  # and the next import too


def test_opening_a_store_that_is_not_migrated_names_the_remedy_and_changes_nothing(tmp_path):
    url = f"sqlite:///{tmp_path / 'new.sqlite3'}"
    with pytest.raises(MatcherError, match=r"^the database at sqlite:///.*new\.sqlite3 is not up to date: "
                                           r"run `matcher db upgrade`$"):
        Store.open(url)
    with create_engine(url).connect() as connection:
        assert inspect(connection).get_table_names() == []


def test_an_older_schema_is_refused_until_upgraded(engine, settings):
    with engine.store.engine.begin() as connection:
        command.downgrade(alembic_config(connection), "0002")
    with pytest.raises(MatcherError, match="is not up to date: run `matcher db upgrade`"):
        Store.open(settings.database_url)
    assert Store(settings.database_url).upgrade().before == "0002"
    assert_at_head(Store.open(settings.database_url))


def test_an_engine_touches_no_database_until_used_and_upgrading_twice_does_nothing(tmp_path, settings):
    path = tmp_path / "store.sqlite3"
    engine = Engine(settings)
    assert not path.exists()  # the store opens lazily, on first use
    first = engine.upgrade_store()
    assert (first.before, first.after, first.adopted, first.changed) == (None, latest_migration(), False, True)
    again = Engine(settings).upgrade_store()
    assert (again.before, again.changed) == (latest_migration(), False)
    assert_at_head(engine.store)
    assert engine.labs() == []
