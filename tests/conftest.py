import shutil
from pathlib import Path

import pytest

from matcher.engine import Engine, Settings

FIXTURES = Path(__file__).parent / "fixtures"
PROJECT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def _isolated_cache(tmp_path_factory, monkeypatch):
    """Fitted models go to a per-session folder, never to the user's cache."""
    monkeypatch.setenv("TANDEM_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "model-cache"))
    monkeypatch.delenv("TANDEM_DATABASE_URL", raising=False)


@pytest.fixture
def catalog_dir(tmp_path):
    """A copy of the tiny fixture catalogue that a test may change."""
    target = tmp_path / "catalog"
    shutil.copytree(FIXTURES / "catalog", target)
    return target


@pytest.fixture
def settings(tmp_path, catalog_dir):
    return Settings(database_url=f"sqlite:///{tmp_path / 'store.sqlite3'}", data_dir=catalog_dir,
                    cache_dir=tmp_path / "cache")


@pytest.fixture
def engine(settings):
    """An engine whose store holds the fixture catalogue."""
    engine = Engine(settings)
    engine.import_catalog()
    return engine
