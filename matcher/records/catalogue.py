"""Tandem's records: labs, companies, needs and ranking results.

Catalogue records are frozen pydantic dataclasses, so that reading a YAML item
validates every field at once and reports all problems with their location.
``from_dict`` builds a record from plain data, ``to_dict`` gives plain data
back (JSON- and YAML-safe).
"""

import dataclasses
import datetime
import re
from typing import Annotated, Literal

import pydantic
from pydantic import AfterValidator, BeforeValidator, ConfigDict, Field, model_validator
from pydantic.dataclasses import dataclass

from ..errors import InvalidInputError
from ..matching.text import fold

REGIONS = ("Occitanie", "Auvergne-Rhône-Alpes")  # the regions the catalogue covers
FRENCH_REGIONS = ("Auvergne-Rhône-Alpes", "Bourgogne-Franche-Comté", "Bretagne", "Centre-Val de Loire", "Corse",
                  "Grand Est", "Hauts-de-France", "Île-de-France", "Normandie", "Nouvelle-Aquitaine", "Occitanie",
                  "Pays de la Loire", "Provence-Alpes-Côte d'Azur", "Guadeloupe", "Guyane", "La Réunion",
                  "Martinique", "Mayotte")
_REGION_ALIASES = {"aura": "Auvergne-Rhône-Alpes", "ara": "Auvergne-Rhône-Alpes", "idf": "Île-de-France",
                   "paca": "Provence-Alpes-Côte d'Azur", "occ": "Occitanie"}
DOMAINS = (
    "Biologie, médecine et santé",
    "Chimie",
    "Mathématiques et leurs interactions",
    "Physique",
    "Sciences agronomiques et écologiques",
    "Sciences de la société",
    "Sciences de la terre et de l'univers, espace",
    "Sciences et technologies de l'information et de la communication",
    "Sciences humaines et humanités",
    "Sciences pour l'ingénieur",
)
LANGS = ("fr", "en")
# Coarse sectors, so that "worked with a company of the same sector" can be answered.
SECTOR_GROUPS = ("microelectronics", "space", "aeronautics-defence", "digital", "energy", "chemistry-materials",
                 "health", "agri-food", "environment", "industry")
COLLABORATION_KINDS = ("joint_lab", "project", "cifre", "licence", "spinoff", "contract", "lab_link")

_SLUG = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
_DEPARTMENT = re.compile(r"\d{2}|2A|2B|97\d")


def _slug(value):
    if not _SLUG.fullmatch(value):
        raise ValueError(
            f"{value!r} is not an identifier: use lowercase letters, digits and single hyphens, like 'cea-leti'"
        )
    return value


def _department(value):
    if not _DEPARTMENT.fullmatch(value):
        raise ValueError(f"{value!r} is not a French department code: use two characters such as '31' or '38'")
    return value


def _trl(value):
    low, high = value
    if not 1 <= low <= high <= 9:
        raise ValueError(f"TRL range {list(value)} is not valid: use [min, max] with 1 <= min <= max <= 9")
    return value


def _year(value):
    this_year = datetime.date.today().year
    if not 1800 <= value <= this_year:
        raise ValueError(f"year {value} is not valid: use a year between 1800 and {this_year}")
    return value


def _headcount(value):
    low, high = value
    if not 0 <= low <= high:
        raise ValueError(f"headcount range {list(value)} is not valid: use [min, max] with 0 <= min <= max")
    return value


Text = Annotated[str, Field(min_length=1)]  # blank text fails too: strings are stripped first
# A title is one line: no line break or other control character (they would break lists and exports).
Line = Annotated[str, Field(min_length=1, pattern=r"^[^\x00-\x1f\x7f]+$")]
Slug = Annotated[str, AfterValidator(_slug)]
Department = Annotated[str, AfterValidator(_department)]
TRL = Annotated[tuple[int, int], AfterValidator(_trl)]
Year = Annotated[int, AfterValidator(_year)]
Headcount = Annotated[tuple[int, int], AfterValidator(_headcount)]
Lang = Literal["fr", "en"]
# YAML reads an unquoted 2024-05-01 as a date: keep it as the ISO text it was written as.
SourceDate = Annotated[str, BeforeValidator(lambda v: v.isoformat() if isinstance(v, datetime.date) else v),
                       pydantic.StringConstraints(pattern=r"^(19|20)\d\d(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")]


_CONFIG = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)


class _Record:
    """``from_dict``/``to_dict`` shared by every catalogue record."""

    @classmethod
    def from_dict(cls, data):
        """Build and validate a record; raise ``pydantic.ValidationError`` listing every problem."""
        return pydantic.TypeAdapter(cls).validate_python(data)

    def to_dict(self):
        return pydantic.TypeAdapter(type(self)).dump_python(self, mode="json")


@dataclass(config=_CONFIG)
class Source(_Record):
    """Where facts come from: ``date`` is when the source was published or last updated (ISO
    ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``) and ``confidence`` how far it can be trusted."""

    title: Text
    url: Text
    date: SourceDate | None = None
    confidence: Literal["high", "medium", "low"] | None = None


@dataclass(config=_CONFIG)
class Bilingual(_Record):
    """Short phrases in French and in English."""

    fr: tuple[Text, ...] = ()
    en: tuple[Text, ...] = ()


@dataclass(config=_CONFIG)
class Platform(_Record):
    name: Text
    description: Text


@dataclass(config=_CONFIG)
class Document(_Record):
    """One text of a lab's profile: its description, a team, a platform or a project."""

    kind: Literal["description", "team", "platform", "project"]
    title: Text
    lang: Lang
    text: Text


@dataclass(config=_CONFIG)
class Lab(_Record):
    """A research lab: a detailed profile, or a thin entry of the RNSR directory."""

    id: Slug
    acronym: Text
    name: Text
    city: Text
    department: Department
    region: Literal["Occitanie", "Auvergne-Rhône-Alpes"]
    documents: tuple[Document, ...] = Field(min_length=1)
    rnsr_id: str | None = None
    label: str | None = None
    parents: tuple[Text, ...] = ()
    groupings: tuple[Text, ...] = ()
    size: int | None = Field(default=None, ge=1)
    size_note: str | None = None
    domains: tuple[Literal[DOMAINS], ...] = ()
    themes: Bilingual = Bilingual()
    keywords: Bilingual = Bilingual()
    platforms: tuple[Platform, ...] = ()
    trl: TRL | None = None
    website: str | None = None
    industrial_partners: tuple[Text, ...] = ()
    sources: tuple[Source, ...] = ()
    erc_panel: str | None = None
    detailed: bool = True

    @model_validator(mode="after")
    def _detailed_profile_is_complete(self):
        if self.detailed:
            missing = [
                name
                for name, value in (
                    ("themes", self.themes.fr and self.themes.en),
                    ("keywords", self.keywords.fr and self.keywords.en),
                    ("sources", self.sources),
                )
                if not value
            ]
            if missing:
                raise ValueError(
                    "a detailed profile needs " + ", ".join(missing)
                    + " (themes and keywords in both fr and en, at least one source)"
                )
        return self

    def profile(self):
        """The lab as ``(title, text)`` documents; its themes and keywords form one more document."""
        documents = [(doc.title, f"{doc.title}. {doc.text}") for doc in self.documents]
        terms = [*self.themes.fr, *self.themes.en, *self.keywords.fr, *self.keywords.en]
        if terms:
            documents.append(("Thèmes et mots-clés / themes and keywords", f"{self.acronym}: " + "; ".join(terms)))
        return documents


@dataclass(config=_CONFIG)
class Company(_Record):
    id: Slug
    name: Text
    city: Text
    department: Department
    region: Text
    founded: Year
    headcount: Headcount
    size_class: Literal["micro", "small", "medium", "eti", "large"]
    sector: Text
    sector_group: Literal[SECTOR_GROUPS]
    description: Text
    sources: tuple[Source, ...] = Field(min_length=1)
    website: str | None = None
    turnover_eur: float | None = Field(default=None, ge=0)
    balance_sheet_eur: float | None = Field(default=None, ge=0)
    independent: bool | None = None  # not held 25 % or more by a large group; None when not known


@dataclass(config=_CONFIG)
class Need(_Record):
    id: Slug
    company_id: Slug
    lang: Lang
    title: Line
    text: Text
    trl: TRL | None = None
    status: Literal["open", "closed"] = "open"


@dataclass(config=_CONFIG)
class Collaboration(_Record):
    """A documented collaboration between a lab and a company, or a link between two labs."""

    id: Slug
    between: tuple[Slug, Slug]
    kind: Literal[COLLABORATION_KINDS]
    title: Text
    sources: tuple[Source, ...] = Field(min_length=1)
    years: tuple[Year, Year | None] | None = None  # [first, last]; last is None while it runs
    scheme: Slug | None = None

    @model_validator(mode="after")
    def _coherent(self):
        if self.between[0] == self.between[1]:
            raise ValueError(f"between: {self.between[0]!r} twice: a collaboration links two different organisations")
        if self.years and self.years[1] is not None and self.years[1] < self.years[0]:
            raise ValueError(f"years {list(self.years)}: the last year comes before the first; use [first, last]")
        return self

    @property
    def key(self):
        """What makes two records the same collaboration: the pair, the kind and the years."""
        return frozenset(self.between), self.kind, self.years


@dataclasses.dataclass(frozen=True)
class Match:
    """A lab proposed for a need.

    ``score`` is in [0, 1]: the lexical similarity between the need and the lab's
    best-matching documents (cosine of TF-IDF vectors, 0 when they share no term),
    lowered for profiles with little text. ``terms`` are the words that weigh most in
    that similarity and ``documents`` the lab documents that scored best.
    """

    lab_id: str
    acronym: str
    name: str
    region: str
    score: float
    detailed: bool
    terms: tuple[str, ...]
    documents: tuple[tuple[str, float], ...]
    context: tuple[dict, ...] = ()  # reasons from the collaboration graph, {"fr", "en"} each

    @property
    def reasons(self):
        reasons = [reason["en"] for reason in self.context]
        if self.terms:
            reasons.append("shared terms: " + ", ".join(self.terms))
        for title, score in self.documents:
            reasons.append(f"document «{title}» ({score:.2f})")
        if not self.detailed:
            reasons.append("directory entry (RNSR): name and domain only")
        return reasons

    def to_dict(self):
        return {
            "lab_id": self.lab_id,
            "acronym": self.acronym,
            "name": self.name,
            "region": self.region,
            "score": round(float(self.score), 4),
            "reasons": self.reasons,
            "terms": list(self.terms),
            "documents": [{"title": t, "score": round(float(s), 4)} for t, s in self.documents],
            "detailed": self.detailed,
            "context": list(self.context),
        }


def validation_problems(error):
    """``field: problem`` lines from a pydantic ``ValidationError``."""
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
        problems.append(f"{where}: {message}" if where else message)
    return problems


def parse_trl(text):
    """``'3-5'`` or ``'4'`` -> ``(3, 5)`` / ``(4, 4)``; a clear error otherwise."""
    parts = str(text).replace(" ", "").split("-")
    try:
        low, high = (int(parts[0]), int(parts[-1])) if len(parts) <= 2 else (0, 0)
        return _trl((low, high))
    except ValueError:
        raise InvalidInputError(
            f"TRL {text!r} is not valid: give a level or a range between 1 and 9, like '4' or '3-6'"
        ) from None


def parse_years(text):
    """``'2021'`` -> ``(2021, 2021)``; ``'2019-2023'`` -> ``(2019, 2023)``; ``'2022-'`` -> ``(2022, None)`` (running)."""
    first, dash, last = str(text).replace(" ", "").partition("-")
    try:
        if not dash:
            return int(first), int(first)
        return int(first), int(last) if last else None
    except ValueError:
        raise InvalidInputError(f"years {text!r}: give a year (2021), a range (2019-2023) or an open range (2022-)") \
            from None


def french_region(name):
    """A French region as the catalogue spells it, from any case or accents, or AURA, IDF, PACA.

    >>> french_region("auvergne-rhone-alpes"), french_region("IDF")
    ('Auvergne-Rhône-Alpes', 'Île-de-France')
    """
    key = fold(name.strip())
    found = _REGION_ALIASES.get(key) or next((r for r in FRENCH_REGIONS if fold(r) == key), None)
    if found is None:
        raise InvalidInputError(f"unknown region {name!r}: give a French region, one of {', '.join(FRENCH_REGIONS)}")
    return found
