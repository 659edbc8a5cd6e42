import importlib.util

import pytest

from matcher.engine import Engine
from matcher.errors import DataError, InvalidInputError, MissingDependencyError
from matcher.store import Store


def snapshot(engine):
    store = engine.store
    return ([lab.to_dict() for lab in store.labs()], [c.to_dict() for c in store.companies()],
            [n.to_dict() for n in store.needs()], store.glossary(), [c.to_dict() for c in store.collaborations()])


def test_import_twice_leaves_the_same_content(settings):
    engine = Engine(settings)
    first = engine.import_catalog()
    assert first["labs"] == {"added": 5, "updated": 0, "unchanged": 0, "kept": 0}
    content, revision = snapshot(engine), engine.store.revision()
    second = engine.import_catalog()
    assert second["labs"] == {"added": 0, "updated": 0, "unchanged": 5, "kept": 0}
    assert second["companies"] == {"added": 0, "updated": 0, "unchanged": 3}
    assert snapshot(engine) == content and engine.store.revision() == revision


def test_a_changed_record_is_updated_in_place(engine, catalog_dir):
    path = catalog_dir / "companies.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("founded: 2019", "founded: 2018"), encoding="utf-8")
    revision = engine.store.revision()
    report = engine.import_catalog()
    assert report["companies"] == {"added": 0, "updated": 1, "unchanged": 2}
    assert {c.id: c.founded for c in engine.store.companies()}["riverco"] == 2018
    assert engine.store.revision() == revision + 1


def test_a_bad_catalogue_changes_nothing(engine, catalog_dir):
    before = snapshot(engine)
    path = catalog_dir / "labs" / "fixture.yaml"
    text = path.read_text(encoding="utf-8").replace("id: robo", "id: hydro").replace("Lithium", "Sodium")
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataError):
        engine.import_catalog()
    assert snapshot(engine) == before


def test_content_survives_a_new_engine(engine, settings):
    again = Engine(settings)
    assert [lab.id for lab in again.labs()] == ["batt", "hydro", "robo", "rnsr-100000002b", "rnsr-100000004d"]
    assert [lab.id for lab in again.labs("Occitanie")] == ["hydro", "rnsr-100000002b"]


@pytest.mark.parametrize("url, message", [
    ("notaurl", "TANDEM_DATABASE_URL='notaurl' is not a database URL"),
    ("nosuchdb://x", "SQLAlchemy knows no database 'nosuchdb'"),
])
def test_a_bad_database_url_is_named_not_a_traceback(url, message):
    with pytest.raises(InvalidInputError, match=message):
        Store(url)


@pytest.mark.skipif(importlib.util.find_spec("psycopg") is not None, reason="needs the PostgreSQL driver absent")
def test_a_missing_database_driver_says_so_and_hides_the_password():
    with pytest.raises(MissingDependencyError, match=r"postgresql://u:\*\*\*@127\.0\.0\.1:1/x needs a driver") as info:
        Store("postgresql://u:secret@127.0.0.1:1/x")
    assert "secret" not in str(info.value)
