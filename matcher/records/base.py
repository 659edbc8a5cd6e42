"""What every record shares: the field types, one base class, one way to validate and serialise.

Records are frozen pydantic dataclasses, so that reading a YAML item or a form validates
every field at once and reports all problems with their location. :meth:`Record.from_dict`
builds a record from plain data and raises :class:`~matcher.errors.DataError` listing every
problem as ``field: problem``; :meth:`Record.to_dict` gives plain data back (JSON- and
YAML-safe). :class:`Bilingual` is the one French/English pair: one text each
(``Bilingual[str]``) or a list of phrases each (``Bilingual[tuple[str, ...]]``).

Results the library computes (matches, verdicts, proposals, schedules) are records too,
declared with ``@record(result=True)``: their computed parts are pydantic serialisers
(:func:`rounded` figures, ``computed_field`` reasons, :func:`ordered` keys), so that their
``to_dict`` is this base class's and the API's schemas are the records' own.
"""

import datetime
import functools
import re
import unicodedata
from collections.abc import Callable
from typing import Annotated, Any, ClassVar, Generic, Literal, Self, TypeVar

import pydantic
from pydantic import AfterValidator, BeforeValidator, ConfigDict, Field, PlainSerializer, model_serializer
from pydantic.dataclasses import dataclass
from typing_extensions import TypedDict  # pydantic reads TypedDicts from it before Python 3.12

from ..errors import DataError, Problem

_SLUG = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
_DEPARTMENT = re.compile(r"\d{2}|2A|2B|97\d")


def _slug(value: str) -> str:
    if not _SLUG.fullmatch(value):
        raise ValueError(
            f"{value!r} is not an identifier: use lowercase letters, digits and single hyphens, like 'cea-leti'"
        )
    return value


def _department(value: str) -> str:
    if not _DEPARTMENT.fullmatch(value):
        raise ValueError(f"{value!r} is not a French department code: use two characters such as '31' or '38'")
    return value


def check_trl(value: tuple[int, int]) -> tuple[int, int]:
    """A TRL range ``(min, max)`` with 1 <= min <= max <= 9, or a ValueError saying so."""
    low, high = value
    if not 1 <= low <= high <= 9:
        raise ValueError(f"TRL range {list(value)} is not valid: use [min, max] with 1 <= min <= max <= 9")
    return value


def _year(value: int) -> int:
    this_year = datetime.date.today().year
    if not 1800 <= value <= this_year:
        raise ValueError(f"year {value} is not valid: use a year between 1800 and {this_year}")
    return value


def _headcount(value: tuple[int, int]) -> tuple[int, int]:
    low, high = value
    if not 0 <= low <= high:
        raise ValueError(f"headcount range {list(value)} is not valid: use [min, max] with 0 <= min <= max")
    return value


Text = Annotated[str, Field(min_length=1)]  # blank text fails too: strings are stripped first
# A title is one line: no line break or other control character (they would break lists and exports).
Line = Annotated[str, Field(min_length=1, pattern=r"^[^\x00-\x1f\x7f]+$")]
Slug = Annotated[str, AfterValidator(_slug)]
Department = Annotated[str, AfterValidator(_department)]
TRL = Annotated[tuple[int, int], AfterValidator(check_trl)]
Year = Annotated[int, AfterValidator(_year)]
Headcount = Annotated[tuple[int, int], AfterValidator(_headcount)]
Lang = Literal["fr", "en"]
# YAML reads an unquoted 2024-05-01 as a date: keep it as the ISO text it was written as.
SourceDate = Annotated[str, BeforeValidator(lambda v: v.isoformat() if isinstance(v, datetime.date) else v),
                       pydantic.StringConstraints(pattern=r"^(19|20)\d\d(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")]


def fold(text: str) -> str:
    """Lowercase and drop accents: ``'Télédétection'`` -> ``'teledetection'``."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


CONFIG = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)
# Results (matches, verdicts, schedules...) are built by the library from records already checked:
# their texts are kept exactly as built (a stored note or name is shown as it was written).
# Their JSON schema is the one of what they write (computed fields included).
RESULT = ConfigDict(extra="forbid", frozen=True, json_schema_mode_override="serialization")
T = TypeVar("T")


@functools.cache
def _adapter(cls: type) -> pydantic.TypeAdapter:
    return pydantic.TypeAdapter(cls)


class Record:
    """Base of every record: ``from_dict`` validates, ``to_dict`` serialises.

    Subclasses are declared with ``@record``. ``DUMP`` holds options of the serialisation
    (e.g. ``{"exclude_none": True}`` for records whose empty fields are left out).
    """

    DUMP: ClassVar[dict] = {}

    @classmethod
    def from_dict(cls, data: Any, what: str | None = None) -> Self:
        """Build and validate a record; raise :class:`DataError` listing every problem.

        ``what`` names the record in the message (``"the need"`` gives ``"the need is not
        valid: title: is empty: write some text"``); without it the message lists the problems.
        """
        try:
            return _adapter(cls).validate_python(data)
        except pydantic.ValidationError as error:
            raise DataError(validation_problems(error), summary=f"{what} is not valid" if what else None) from None

    def to_dict(self) -> dict:
        """The record as plain data (JSON- and YAML-safe)."""
        return _adapter(type(self)).dump_python(self, mode="json", **self.DUMP)


def record(cls: type | None = None, *, kw_only: bool = False, result: bool = False) -> type | Callable[[type], type]:
    """Declare a record: a frozen pydantic dataclass that refuses unknown fields and strips strings.

    ``@record(kw_only=True)`` lets optional fields come before required ones (built by name only);
    ``@record(result=True)`` declares a result the library builds, whose strings are kept as they are.
    """
    def declare(cls: type) -> type:
        return dataclass(config=RESULT if result else CONFIG, kw_only=kw_only)(cls)

    return declare if cls is None else declare(cls)


@record
class Bilingual(Record, Generic[T]):
    """The same thing in French and in English: a text (``Bilingual[str]``) or phrases."""

    fr: T
    en: T


# Phrases in both languages (themes, keywords): a side left out is an empty list, so that a
# record's own rule can say which side a detailed profile lacks.
Phrases = Annotated[Bilingual[tuple[Text, ...]],
                    BeforeValidator(lambda v: {"fr": (), "en": (), **v} if isinstance(v, dict) else v)]


class Phrase(TypedDict):
    """The same phrase in French and in English, as a plain ``{"fr", "en"}`` dict (a result's reasons)."""

    __pydantic_config__ = ConfigDict(extra="forbid")  # type: ignore[misc]
    fr: str
    en: str


def rounded(digits: int) -> PlainSerializer:
    """Serialise a float rounded to ``digits`` decimals (a result's scores and figures): numpy
    values and float noise never reach JSON."""
    return PlainSerializer(lambda value: round(float(value), digits), return_type=float)


# A moment kept in UTC without a zone (as the store does), written in ISO 8601 with its "Z".
UtcTime = Annotated[datetime.datetime, PlainSerializer(lambda moment: moment.isoformat(timespec="seconds") + "Z",
                                                       return_type=str)]


def ordered(*names: str) -> Any:
    """A record's serialiser that writes its fields in the order ``names``: pydantic writes computed
    fields last, and a result's plain data keeps the order it has always been written in."""
    # No return type: the record's own schema stays its JSON schema (the API's documents use it).
    @model_serializer(mode="wrap")
    def _serialise(self: Any, handler: pydantic.SerializerFunctionWrapHandler):
        data = handler(self)
        return {name: data[name] for name in names if name in data}

    return _serialise


def validation_problems(error: pydantic.ValidationError) -> list[Problem]:
    """The located problems of a pydantic ``ValidationError``: ``(field, problem)`` pairs."""
    problems = []
    for item in error.errors():
        where = ""
        for part in item["loc"]:
            where += f"[{part}]" if isinstance(part, int) else (f".{part}" if where else str(part))
        message = item["msg"].removeprefix("Value error, ")
        if item["type"] == "missing":
            message = "missing (required)"
        elif item["type"] == "string_too_short":
            message = "is empty: write some text"
        elif item["type"] == "string_pattern_mismatch" and "x00" in str(item.get("ctx", {}).get("pattern", "")):
            message = "must be one line, without line breaks or control characters"
        elif item["type"] in ("extra_forbidden", "unexpected_keyword_argument"):
            message = "unknown field (see data/README.md for the fields accepted)"
        problems.append(Problem(where, message))
    return problems


