"""The ``matcher`` console command: each module of this package adds its commands to the group."""

from . import catalogue, db, events, graph, schemes, users  # noqa: F401  (they register their commands)
from .base import cli


def main():
    cli(prog_name="matcher")


__all__ = ["cli", "main"]
