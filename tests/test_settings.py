"""Where the defaults put the catalogue and the store: a checkout's folders, or an installed package's."""

import sysconfig
from pathlib import Path

import pytest

from matcher import settings as settings_module
from matcher.settings import Settings

PROJECT = Path(__file__).resolve().parent.parent


def test_in_a_checkout_the_defaults_are_its_data_and_instance_folders():
    defaults = Settings()
    assert defaults.data_dir == PROJECT / "data"
    assert defaults.database_url == f"sqlite:///{PROJECT / 'instance' / 'tandem.sqlite3'}"


@pytest.mark.parametrize("xdg", [True, False])
def test_installed_the_catalogue_is_the_wheels_and_the_store_in_the_users_data_folder(tmp_path, monkeypatch, xdg):
    monkeypatch.setattr(settings_module, "PROJECT_ROOT", tmp_path / "site-packages")  # no data/labs beside it
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    if xdg:
        monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    else:
        monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    defaults = Settings.from_mapping({})
    assert defaults.data_dir == Path(sysconfig.get_path("data")) / "share" / "tandem" / "data"
    folder = tmp_path / "xdg" / "tandem" if xdg else tmp_path / "home" / ".local" / "share" / "tandem"
    assert defaults.database_url == f"sqlite:///{folder / 'tandem.sqlite3'}"


def test_a_given_key_wins_over_the_default(tmp_path):
    given = Settings.from_mapping({"TANDEM_DATA_DIR": str(tmp_path), "TANDEM_DATABASE_URL": "sqlite://"})
    assert (given.data_dir, given.database_url) == (tmp_path, "sqlite://")
