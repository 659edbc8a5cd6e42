"""The README documents what users configure and run."""

from pathlib import Path

from matcher.settings import SETTINGS
from web import WEB_SETTINGS

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def test_every_configuration_key_is_documented():
    assert [key for key in (*SETTINGS, *WEB_SETTINGS) if f"`{key}`" not in README] == []


def test_every_key_the_app_reads_is_declared():
    """A TANDEM_ key used anywhere in the code is one of the documented settings."""
    import re

    root = Path(__file__).resolve().parent.parent
    used = {key for folder in ("matcher", "web") for path in (root / folder).rglob("*.py")
            for key in re.findall(r"TANDEM_[A-Z_]+", path.read_text(encoding="utf-8"))}
    assert sorted(used - set(SETTINGS) - set(WEB_SETTINGS)) == []


def test_the_two_commands_come_first():
    first_block = README.split("```")[1]
    assert "make run" in first_block and "make test" in first_block
