"""The exceptions Tandem raises for a user's mistake or bad data.

Every message names the bad value and says what is accepted, so that the command
line and the web application can show it as it is. "Not eligible" or "no lab
matched" are results, not errors.
"""

from collections.abc import Iterable
from typing import NamedTuple


class Problem(NamedTuple):
    """One located problem: ``where`` (a file and item, a field; may be empty) and what is wrong there."""

    where: str
    problem: str

    def __str__(self):
        return f"{self.where}: {self.problem}" if self.where else self.problem


class MatcherError(Exception):
    """Base class: a problem the user can fix; its message is shown as it is.

    ``problems`` locates what is wrong as :class:`Problem` pairs ``(where, problem)``, so that
    a program (the JSON API's ``error.problems``) can point at each; empty when the message
    is all there is to say.
    """

    def __init__(self, *args: object, problems: Iterable[tuple[str, str]] = ()):
        super().__init__(*args)
        self.problems = tuple(Problem(*problem) for problem in problems)


class InvalidInputError(MatcherError, ValueError):
    """A value given by the user (a need, a filter, an option) is not acceptable."""


class UnknownNameError(MatcherError, KeyError):
    """A name (embedder, region, lab id, ...) that Tandem does not know."""

    def __str__(self):  # KeyError would quote the message
        return str(self.args[0])


class DataError(InvalidInputError):
    """A catalogue folder or file has problems; ``problems`` lists them all.

    Each problem reads ``file: item N (id=...): field: problem``, or ``field: problem`` for
    one record, whose ``summary`` then heads a one-line message; it is given as a
    ``(where, problem)`` pair or as that line, whose location is then its first part (the file).
    """

    def __init__(self, problems: Iterable[tuple[str, str] | str], summary: str | None = None):
        located = [problem if isinstance(problem, tuple) else _located(problem) for problem in problems]
        if summary:  # one record (a form, a request): its problems on one line
            message = f"{summary}: " + "; ".join(str(Problem(*p)) for p in located)
        else:
            count = len(located)
            head = f"{count} problem{'s' if count != 1 else ''} in the catalogue"
            message = head + ":\n" + "\n".join(f"  {Problem(*p)}" for p in located)
        super().__init__(message, problems=located)


def _located(line: str) -> Problem:
    """``"file: rest"`` -> ``Problem("file", "rest")``; a line without a location keeps ``where`` empty."""
    where, colon, problem = str(line).partition(": ")
    return Problem(where, problem) if colon else Problem("", where)


class MissingDependencyError(MatcherError, ImportError):
    """An optional package or model is not installed; the message says how to get it."""


class ConflictError(MatcherError):
    """The request contradicts the store's state: an id already taken, a step a proposal cannot take."""


class StoreNotReadyError(MatcherError):
    """The database is not at the schema this version needs: an operator runs ``matcher db upgrade``."""
