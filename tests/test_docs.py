"""The README documents what users configure and run."""

from pathlib import Path

from matcher.engine import SETTINGS

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def test_every_configuration_key_is_documented():
    assert [key for key in SETTINGS if f"`{key}`" not in README] == []


def test_the_two_commands_come_first():
    first_block = README.split("```")[1]
    assert "make run" in first_block and "make test" in first_block
