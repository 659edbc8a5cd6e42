"""What tests/conftest.py does to make the suite fast keeps production unchanged and tests apart."""

import ast
from pathlib import Path

import conftest
import pytest

from matcher.engine import Engine
from matcher.store import accounts
from matcher.store.tables import UserRow


def test_outside_the_tests_passwords_are_hashed_with_scrypt():
    # The value the module sets, read from its source: tests/conftest.py lowers it in this process.
    tree = ast.parse(Path(accounts.__file__).read_text(encoding="utf-8"))
    defaults = [node.value.value for node in tree.body if isinstance(node, ast.Assign)
                and [getattr(target, "id", None) for target in node.targets] == ["PASSWORD_METHOD"]]
    assert defaults == ["scrypt"]


def test_in_the_tests_accounts_get_a_cheap_hash_that_still_checks(engine):
    from sqlalchemy.orm import Session

    assert accounts.PASSWORD_METHOD == "pbkdf2:sha256:1"
    user = engine.accounts.create("ada@tandem.test", "correct horse battery", role="admin")
    with Session(engine.store.engine) as session:
        assert session.get(UserRow, user.id).password_hash.startswith("pbkdf2:sha256:1$")
    assert engine.accounts.authenticate("ada@tandem.test", "correct horse battery") == user
    assert engine.accounts.authenticate("ada@tandem.test", "wrong horse battery") is None


def test_each_test_gets_its_own_copy_of_the_template_store(engine, settings, template_store):
    engine.update_lab("hydro", {"name": "Edited in this test only"})
    assert Engine(settings).get("labs", "hydro").name == "Edited in this test only"
    assert template_store.parent != settings.data_dir.parent
    template = Engine(conftest.Settings(database_url=f"sqlite:///{template_store}", data_dir=settings.data_dir,
                                        cache_dir=settings.cache_dir))
    assert template.get("labs", "hydro").name != "Edited in this test only"


def test_the_template_holds_what_an_import_of_the_fixture_catalogue_gives(engine, settings, tmp_path):
    import dataclasses

    fresh = Engine(dataclasses.replace(settings, database_url=f"sqlite:///{tmp_path / 'fresh.sqlite3'}"))
    fresh.upgrade_store()
    fresh.import_catalog()
    assert [lab.to_dict() for lab in fresh.labs()] == [lab.to_dict() for lab in engine.labs()]
    assert [c.to_dict() for c in fresh.store.companies()] == [c.to_dict() for c in engine.store.companies()]
    assert [n.to_dict() for n in fresh.store.needs()] == [n.to_dict() for n in engine.store.needs()]
    assert fresh.store.revision() == engine.store.revision()


def test_a_missing_compiled_catalogue_stops_the_suite_with_one_message(monkeypatch, tmp_path):
    monkeypatch.setattr(conftest, "PROJECT", tmp_path)
    monkeypatch.setattr(conftest, "MO", tmp_path / "web" / "translations" / "en" / "LC_MESSAGES" / "messages.mo")
    with pytest.raises(pytest.exit.Exception, match="web/translations/en/LC_MESSAGES/messages.mo is missing: "
                                                    "compile the translations first"):
        conftest.pytest_sessionstart(None)
