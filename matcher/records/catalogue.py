"""The catalogue's records: labs and their documents, companies, needs, collaborations;
and a ranking's result, :class:`Match`.

Their field types and base class are in :mod:`matcher.records.base`.
"""

from collections.abc import Collection, Container, Mapping
from typing import Annotated, Literal

from pydantic import Field, WithJsonSchema, computed_field, field_serializer, model_validator
from typing_extensions import TypedDict

from ..errors import InvalidInputError
from .base import (
    TRL,
    Bilingual,
    Department,
    Headcount,
    Lang,
    Line,
    Phrase,
    Phrases,
    Record,
    Slug,
    SourceDate,
    Text,
    Year,
    check_trl,
    fold,
    ordered,
    record,
    rounded,
)

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
MAX_NEED_CHARS = 10_000  # the longest need text the ranking reads

@record
class Source(Record):
    """Where facts come from: ``date`` is when the source was published or last updated (ISO
    ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``) and ``confidence`` how far it can be trusted."""

    title: Text
    url: Text
    date: SourceDate | None = None
    confidence: Literal["high", "medium", "low"] | None = None


@record
class Platform(Record):
    """A lab's technical platform (equipment, test benches) that partners can work with."""

    name: Text
    description: Text


@record
class Document(Record):
    """One text of a lab's profile: its description, a team, a platform or a project."""

    kind: Literal["description", "team", "platform", "project"]
    title: Text
    lang: Lang
    text: Text


@record
class Lab(Record):
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
    themes: Phrases = Bilingual((), ())
    keywords: Phrases = Bilingual((), ())
    platforms: tuple[Platform, ...] = ()
    trl: TRL | None = None
    website: str | None = None
    industrial_partners: tuple[Text, ...] = ()
    sources: tuple[Source, ...] = ()
    erc_panel: str | None = None
    # RNSR ids of directory entries that are departments of this lab (CEA-Leti's DCOS, DOPT...):
    # the reader folds each into the lab as a team document, so that one unit is one entry.
    departments: tuple[str, ...] = ()
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

    def profile(self) -> list[tuple[str, str]]:
        """The lab as ``(title, text)`` documents; its themes and keywords form one more document."""
        documents = [(doc.title, f"{doc.title}. {doc.text}") for doc in self.documents]
        terms = [*self.themes.fr, *self.themes.en, *self.keywords.fr, *self.keywords.en]
        if terms:
            documents.append(("Thèmes et mots-clés / themes and keywords", f"{self.acronym}: " + "; ".join(terms)))
        return documents


@record
class Company(Record):
    """A company: an SME with needs, or a partner of a documented collaboration (often a large group)."""

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


@record
class Need(Record):
    """A company's technical need, in its own words: what labs are ranked for."""

    id: Slug
    company_id: Slug
    lang: Lang
    title: Line
    text: Text
    trl: TRL | None = None
    status: Literal["open", "closed"] = "open"


CollaborationKey = tuple[frozenset[str], str, tuple[int, int | None] | None]  # pair, kind, years: Collaboration.key


@record
class Collaboration(Record):
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
    def key(self) -> CollaborationKey:
        """What makes two records the same collaboration: the pair, the kind and the years."""
        return frozenset(self.between), self.kind, self.years


class ScoredDocument(TypedDict):
    """A lab document and its similarity with the need, as a match writes it."""

    title: str
    score: Annotated[float, Field(ge=0, le=1)]


# A similarity in [0, 1], written to 4 decimals (the JSON schema says the range; float noise at 1 is not refused).
Score = Annotated[float, rounded(4), WithJsonSchema({"type": "number", "minimum": 0, "maximum": 1})]


@record(result=True)
class Match(Record):
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
    score: Score
    detailed: bool
    terms: tuple[str, ...]
    documents: tuple[tuple[str, float], ...]
    context: tuple[Phrase, ...] = ()  # reasons from the collaboration graph

    @computed_field
    @property
    def reasons(self) -> list[str]:
        """The evidence behind the score, as English sentences: graph reasons, shared terms, best documents."""
        reasons = [reason["en"] for reason in self.context]
        if self.terms:
            reasons.append("shared terms: " + ", ".join(self.terms))
        for title, score in self.documents:
            reasons.append(f"document «{title}» ({score:.2f})")
        if not self.detailed:
            reasons.append("directory entry (RNSR): name and domain only")
        return reasons

    @field_serializer("documents")
    def _documents(self, documents: tuple[tuple[str, float], ...]) -> list[ScoredDocument]:
        return [{"title": title, "score": round(float(score), 4)} for title, score in documents]

    _order = ordered("lab_id", "acronym", "name", "region", "score", "reasons", "terms", "documents", "detailed",
                     "context")


def collaboration_problems(collaboration: Collaboration, kinds: Mapping[str, str],
                           existing: Container[CollaborationKey] = (),
                           schemes: Collection[str] | None = None) -> list[str]:
    """What is wrong with a collaboration against the organisations it links, as sentences.

    ``kinds`` maps each known organisation id to "lab" or "company"; ``existing`` holds the
    keys (pair, kind, years) of the collaborations already recorded; ``schemes`` the known
    scheme ids (None: not checked).
    """
    problems = []
    unknown = [node for node in collaboration.between if node not in kinds]
    for node in unknown:
        problems.append(f"between: {node!r} is not a lab or company of the catalogue (give its id, e.g. 'laas')")
    if not unknown:
        pair = sorted(kinds[node] for node in collaboration.between)
        if pair == ["company", "company"]:
            problems.append("between: two companies; a collaboration links a lab with a company, or two labs")
        if collaboration.kind == "lab_link" and pair != ["lab", "lab"]:
            problems.append("kind: lab_link joins two labs; use joint_lab, project, cifre, licence, spinoff or "
                            "contract for a lab and a company")
        if collaboration.kind != "lab_link" and pair == ["lab", "lab"]:
            problems.append(f"kind: {collaboration.kind} links a lab with a company; two labs take kind lab_link")
    if schemes is not None and collaboration.scheme is not None and collaboration.scheme not in schemes:
        problems.append(f"scheme: {collaboration.scheme!r} is not a scheme of schemes.yaml "
                        f"(one of {', '.join(sorted(schemes))})")
    if collaboration.key in existing:
        years = list(collaboration.years) if collaboration.years else "no years"
        problems.append(f"already recorded: {' and '.join(collaboration.between)}, {collaboration.kind}, {years}")
    return problems


def parse_trl(text: str | int) -> tuple[int, int]:
    """``'3-5'`` or ``'4'`` -> ``(3, 5)`` / ``(4, 4)``; a clear error otherwise."""
    parts = str(text).replace(" ", "").split("-")
    try:
        low, high = (int(parts[0]), int(parts[-1])) if len(parts) <= 2 else (0, 0)
        return check_trl((low, high))
    except ValueError:
        raise InvalidInputError(
            f"TRL {text!r} is not valid: give a level or a range between 1 and 9, like '4' or '3-6'"
        ) from None


def parse_years(text: str | int) -> tuple[int, int | None]:
    """``'2021'`` -> ``(2021, 2021)``; ``'2019-2023'`` -> ``(2019, 2023)``; ``'2022-'`` -> ``(2022, None)``
    (running)."""
    first, dash, last = str(text).replace(" ", "").partition("-")
    try:
        if not dash:
            return int(first), int(first)
        return int(first), int(last) if last else None
    except ValueError:
        raise InvalidInputError(f"years {text!r}: give a year (2021), a range (2019-2023) or an open range (2022-)") \
            from None


def french_region(name: str) -> str:
    """A French region as the catalogue spells it, from any case or accents, or AURA, IDF, PACA.

    >>> french_region("auvergne-rhone-alpes"), french_region("IDF")
    ('Auvergne-Rhône-Alpes', 'Île-de-France')
    """
    key = fold(name.strip())
    found = _REGION_ALIASES.get(key) or next((r for r in FRENCH_REGIONS if fold(r) == key), None)
    if found is None:
        raise InvalidInputError(f"unknown region {name!r}: give a French region, one of {', '.join(FRENCH_REGIONS)}")
    return found


def normalise_region(region: str) -> str:
    """A region of the catalogue as it spells it; accepts any case, no accents, AURA/ARA/OCC.

    >>> normalise_region("auvergne-rhone-alpes"), normalise_region("AURA")
    ('Auvergne-Rhône-Alpes', 'Auvergne-Rhône-Alpes')
    """
    try:
        name = french_region(region)
    except InvalidInputError:
        name = None
    if name not in REGIONS:
        raise InvalidInputError(f"unknown region {region!r}: choose one of {', '.join(REGIONS)} (or AURA)")
    return name
