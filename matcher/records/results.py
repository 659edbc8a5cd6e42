"""What the engine answers besides matches and proposals: a page of the catalogue, the filters it
offers, and the collaboration graph's answers (an ego network, partners, warm introductions,
communities and who bridges them). The graph's collaborations stay plain dicts (typed): they are
the cached graph's own data, which :mod:`matcher.graph` reads.

They are records, so that pages read their attributes, and the CLI and the API write their
``to_dict()``.
"""

from typing import Annotated, Literal

import pydantic
from pydantic import Field, model_serializer
from typing_extensions import TypedDict

from .base import Phrase, Record, record
from .catalogue import Lab


@record(result=True)
class CataloguePage(Record):
    """One page of the catalogue, filtered: the labs of the page, how many match, and the page's number."""

    labs: tuple[Lab, ...]
    total: Annotated[int, Field(ge=0)]
    page: Annotated[int, Field(ge=1)]
    pages: Annotated[int, Field(ge=1)]


@record(result=True)
class Facets(Record):
    """The values the catalogue's filters offer: regions, domains and the most common parent bodies."""

    regions: tuple[str, ...]
    domains: tuple[str, ...]
    parents: tuple[str, ...]


@record(result=True)
class Member(Record):
    """An organisation of a community."""

    id: str
    name: str
    kind: Literal["lab", "company"]


@record(result=True)
class Community(Record):
    """A Louvain community of the graph and its themes (its labs' most shared keywords)."""

    members: tuple[Member, ...]
    themes: tuple[str, ...]


@record(result=True)
class Bridge(Member):
    """An organisation that links communities: its betweenness and the communities (numbers) it touches."""

    betweenness: float
    communities: tuple[int, ...]


@record(result=True)
class Communities(Record):
    """The communities of the collaboration graph, and the organisations bridging them."""

    communities: tuple[Community, ...]
    bridges: tuple[Bridge, ...]


class LinkedSource(TypedDict):
    """A collaboration's source as the graph keeps it."""

    title: str
    url: str | None


class GraphCollaboration(TypedDict):
    """A collaboration on an edge of the graph, as plain data (the two organisations are the edge's ends)."""

    id: str
    kind: str
    title: str
    years: list[int | None] | None
    scheme: str | None
    sources: list[LinkedSource]


_OWN_FIELDS = {"lab": ("full_name",), "company": ("sector_group", "size_class")}  # what each kind alone has


@record(result=True, kw_only=True)
class Organisation(Record):
    """A lab or a company of the collaboration graph: a lab has a full name, a company a sector and a size."""

    id: str
    kind: Literal["lab", "company"]
    name: str
    full_name: str | None = None
    region: str
    sector_group: str | None = None
    size_class: str | None = None

    @model_serializer(mode="wrap")
    def _own_fields(self, handler: pydantic.SerializerFunctionWrapHandler):
        data = handler(self)
        other = {field for kind, fields in _OWN_FIELDS.items() if kind != self.kind for field in fields}
        return {key: value for key, value in data.items() if key not in other}


@record(result=True, kw_only=True)
class Node(Organisation):
    """An organisation of an ego network, with only the attributes it has; ``center``: the one asked about."""

    center: bool

    @model_serializer(mode="wrap")
    def _own_fields(self, handler: pydantic.SerializerFunctionWrapHandler):
        return {key: value for key, value in Organisation._own_fields(self, handler).items() if value is not None}


@record(result=True, kw_only=True)
class Partner(Organisation):
    """A partner of an organisation, with their collaborations most recent first."""

    collaborations: tuple[GraphCollaboration, ...]


@record(result=True)
class Edge(Record):
    """The collaborations between two organisations of an ego network (``source`` nearer the centre)."""

    source: str
    target: str
    weight: Annotated[int, Field(ge=1)]
    collaborations: tuple[GraphCollaboration, ...]


@record(result=True)
class Network(Record):
    """The organisations within some collaborations of one, and every collaboration between them."""

    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]


Hop = TypedDict("Hop", {"from": str, "to": str, "collaboration": GraphCollaboration})  # "from": a keyword


@record(result=True)
class Introduction(Record):
    """A chain of known partners from a company to a lab, each hop with its latest collaboration, and why."""

    path: tuple[str, ...]
    hops: tuple[Hop, ...]
    reason: Phrase
