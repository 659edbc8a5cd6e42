"""The exceptions Tandem raises for a user's mistake or bad data.

Every message names the bad value and says what is accepted, so that the command
line and the web application can show it as it is. "Not eligible" or "no lab
matched" are results, not errors.
"""


class MatcherError(Exception):
    """Base class: a problem the user can fix; its message is shown as it is."""


class InvalidInputError(MatcherError, ValueError):
    """A value given by the user (a need, a filter, an option) is not acceptable."""


class UnknownNameError(MatcherError, KeyError):
    """A name (embedder, region, lab id, ...) that Tandem does not know."""

    def __str__(self):  # KeyError would quote the message
        return str(self.args[0])


class DataError(MatcherError):
    """A catalogue folder or file has problems; ``problems`` lists them all.

    Each problem reads ``file: item N (id=...): field: problem``.
    """

    def __init__(self, problems):
        self.problems = list(problems)
        count = len(self.problems)
        head = f"{count} problem{'s' if count != 1 else ''} in the catalogue"
        super().__init__(head + ":\n" + "\n".join(f"  {p}" for p in self.problems))


class MissingDependencyError(MatcherError, ImportError):
    """An optional package or model is not installed; the message says how to get it."""


class ConflictError(MatcherError):
    """The request contradicts the store's state: an id already taken, a step a proposal cannot take."""
