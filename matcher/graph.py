"""The collaboration graph: who already works with whom, warm introductions, communities.

Plain functions over a :class:`networkx.Graph`, in the networkx style. Nodes are
organisations (``kind`` "lab" or "company", ``name``, ``region``, and for companies
``sector_group`` and ``size_class``); an edge joins two organisations that worked
together and holds the list of their documented collaborations (``collaborations``)
and how many there are (``weight``).
"""

import collections
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

import networkx as nx
import numpy as np

from .errors import DataError
from .records.catalogue import Collaboration, Company, Lab

KIND_WORDS = {
    "joint_lab": ("laboratoire commun", "joint lab"), "project": ("projet collaboratif", "collaborative project"),
    "cifre": ("thèse CIFRE", "CIFRE PhD"), "licence": ("licence", "licence"), "spinoff": ("essaimage", "spin-off"),
    "contract": ("contrat de recherche", "research contract"), "lab_link": ("lien entre laboratoires", "lab link"),
}


def build_graph(labs: Iterable[Lab], companies: Iterable[Company],
                collaborations: Iterable[Collaboration]) -> nx.Graph:
    """The graph of the given organisations and their collaborations.

    >>> from types import SimpleNamespace as R
    >>> lab = R(id="lab", acronym="LAB", name="A lab", region="Occitanie")
    >>> co = R(id="co", name="Co", region="Occitanie", sector_group="space", size_class="small")
    >>> link = R(id="l1", between=("lab", "co"), kind="project", years=(2020, 2021), title="t", scheme=None, sources=())
    >>> G = build_graph([lab], [co], [link])
    >>> G.number_of_nodes(), G.edges["lab", "co"]["weight"]
    (2, 1)
    """
    G = nx.Graph()
    for lab in labs:
        G.add_node(lab.id, kind="lab", name=lab.acronym, full_name=lab.name, region=lab.region)
    for company in companies:
        if company.id in G:  # one node per organisation: a company must never replace a lab
            raise DataError([f"companies: item id={company.id}: id: {company.id!r} is already a lab"])
        G.add_node(company.id, kind="company", name=company.name, region=company.region,
                   sector_group=company.sector_group, size_class=company.size_class)
    for collaboration in collaborations:
        a, b = collaboration.between
        if a not in G or b not in G:
            continue  # an organisation left out of this graph (a directory lab, a filtered region)
        data = {"id": collaboration.id, "kind": collaboration.kind, "title": collaboration.title,
                "years": list(collaboration.years) if collaboration.years else None, "scheme": collaboration.scheme,
                "sources": [{"title": s.title, "url": s.url} for s in collaboration.sources]}
        if G.has_edge(a, b):
            G.edges[a, b]["collaborations"].append(data)
            G.edges[a, b]["weight"] += 1
        else:
            G.add_edge(a, b, collaborations=[data], weight=1)
    return G


def first_year(collaboration: Mapping[str, Any]) -> int | None:
    """The year a collaboration started, or None when no source gives it."""
    return collaboration["years"][0] if collaboration["years"] else None


def _recency(collaboration: Mapping[str, Any]) -> int:
    """Sort key: running collaborations first, then by last year, undated ones last."""
    years = collaboration["years"]
    return -(years[1] or 9999) if years else 0


def _latest(collaborations: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    return sorted(collaborations, key=_recency)


def before(G: nx.Graph, year: int) -> nx.Graph:
    """The graph of collaborations that started before ``year`` (undated ones are dropped)."""
    H = nx.Graph()
    H.add_nodes_from(G.nodes(data=True))
    for a, b, data in G.edges(data=True):
        kept = [c for c in data["collaborations"] if first_year(c) is not None and first_year(c) < year]
        if kept:
            H.add_edge(a, b, collaborations=kept, weight=len(kept))
    return H


def partners(G: nx.Graph, node: str) -> list[tuple[str, list[dict[str, Any]]]]:
    """``[(partner, collaborations)]``: who ``node`` worked with, the most recent collaborations first."""
    found = [(other, _latest(G.edges[node, other]["collaborations"])) for other in G[node]]
    return sorted(found, key=lambda item: (_recency(item[1][0]), G.nodes[item[0]]["name"].casefold()))


def collaborations_between(G: nx.Graph, a: str, b: str) -> list[dict[str, Any]]:
    """The documented collaborations of ``a`` and ``b`` (empty when they never worked together)."""
    return _latest(G.edges[a, b]["collaborations"]) if G.has_edge(a, b) else []


def same_sector_partners(G: nx.Graph, lab: str, sector_group: str | None,
                         exclude: str | None = None) -> list[tuple[str, list[dict[str, Any]]]]:
    """The companies of ``sector_group`` that worked with ``lab`` (other than ``exclude``)."""
    if lab not in G:
        return []
    return [(other, collaborations) for other, collaborations in partners(G, lab)
            if other != exclude and G.nodes[other]["kind"] == "company"
            and G.nodes[other].get("sector_group") == sector_group]


def describe(G: nx.Graph, collaboration: Mapping[str, Any], lang: str = "en") -> str:
    """``"joint lab, 2019–2023"``: a collaboration's kind and years in words."""
    kind = KIND_WORDS[collaboration["kind"]][lang == "en"]
    years = collaboration["years"]
    if not years:
        return kind
    first, last = years
    since = "depuis" if lang == "fr" else "since"
    when = f"{since} {first}" if last is None else str(first) if first == last else f"{first}–{last}"
    return f"{kind}, {when}"


def warm_introductions(G: nx.Graph, source: str, target: str, max_paths: int = 3,
                       cutoff: int = 4) -> list[dict[str, Any]]:
    """Shortest chains of known partners from ``source`` to ``target``, shortest first.

    Each introduction is ``{"path": [ids], "hops": [{"from", "to", "collaboration"}], "reason": {fr, en}}``,
    each hop with its most recent collaboration. A direct collaboration is a path of
    one hop. No path (or an organisation outside the graph) gives an empty list.

    >>> G = nx.Graph()
    >>> G.add_nodes_from([("sme", {"name": "SME"}), ("x", {"name": "X"}), ("lab", {"name": "LAB"})])
    >>> c = {"kind": "project", "years": [2021, 2021], "title": "t", "id": "e"}
    >>> G.add_edge("sme", "x", collaborations=[c], weight=1)
    >>> G.add_edge("x", "lab", collaborations=[c], weight=1)
    >>> [i["path"] for i in warm_introductions(G, "sme", "lab")]
    [['sme', 'x', 'lab']]
    """
    if source not in G or target not in G or source == target:
        return []
    introductions = []
    try:
        for path in nx.shortest_simple_paths(G, source, target):
            if len(path) - 1 > cutoff or len(introductions) == max_paths:
                break
            introductions.append(_introduction(G, path))
    except nx.NetworkXNoPath:
        return []
    return introductions


def _introduction(G: nx.Graph, path: list[str]) -> dict[str, Any]:
    hops = [{"from": a, "to": b, "collaboration": _latest(G.edges[a, b]["collaborations"])[0]}
            for a, b in zip(path, path[1:])]
    name = G.nodes(data="name")
    reason = {}
    for lang in ("fr", "en"):
        worked = "a travaillé avec" if lang == "fr" else "worked with"
        steps = [f"{name[h['from']]} {worked} {name[h['to']]} ({describe(G, h['collaboration'], lang)})" for h in hops]
        if len(hops) > 1:
            middle = (" puis " if lang == "fr" else " then ").join(name[node] for node in path[1:-1])
            lead = f"{middle} peut vous présenter : " if lang == "fr" else f"{middle} can introduce you: "
            reason[lang] = lead + "; ".join(steps)
        else:
            reason[lang] = ("déjà partenaires : " if lang == "fr" else "already partners: ") + steps[0]
    return {"path": list(path), "hops": hops, "reason": reason}


# What a search or a need page says of a lab's collaborations: French and English sentences.
_SAME_SECTOR = {"fr": "{lab} a travaillé avec {company}, du même secteur que vous ({how}).",
                "en": "{lab} worked with {company}, in the same sector as you ({how})."}
_KNOWN_COMPANIES = {"fr": "Entreprises partenaires connues : {names}.", "en": "Known partner companies: {names}."}


def collaboration_hints(G: nx.Graph, lab: str, company: str | None = None, sector_group: str | None = None,
                        top: int = 3) -> list[dict[str, str]]:
    """What the graph knows of ``lab``, as at most ``top`` sentences ``{"fr", "en"}``.

    For a ``company`` of the graph (of ``sector_group``): how it could be introduced to the
    lab (a chain of at most 3 known partners), then the lab's partners of the same sector.
    Without one: the companies the lab already worked with, in one sentence.

    >>> G = nx.Graph()
    >>> G.add_nodes_from([("lab", {"kind": "lab", "name": "LAB"}), ("co", {"kind": "company", "name": "Co"})])
    >>> G.add_edge("lab", "co", collaborations=[{"kind": "licence", "years": None}], weight=1)
    >>> collaboration_hints(G, "lab")
    [{'fr': 'Entreprises partenaires connues : Co (licence).', 'en': 'Known partner companies: Co (licence).'}]
    """
    if lab not in G:
        return []
    names = G.nodes(data="name")
    if company is not None:
        hints = [intro["reason"] for intro in warm_introductions(G, company, lab, max_paths=1, cutoff=3)]
        hints += [{lang: text.format(lab=names[lab], company=names[other], how=describe(G, collaborations[0], lang))
                   for lang, text in _SAME_SECTOR.items()}
                  for other, collaborations in same_sector_partners(G, lab, sector_group, exclude=company)]
        return hints[:top]
    known = [(other, collaborations[0]) for other, collaborations in partners(G, lab)
             if G.nodes[other]["kind"] == "company"][:top]
    if not known:
        return []
    return [{lang: text.format(names="; ".join(f"{names[other]} ({describe(G, first, lang)})"
                                               for other, first in known))
             for lang, text in _KNOWN_COMPANIES.items()}]


def linked(G: nx.Graph) -> nx.Graph:
    """The organisations that have at least one collaboration (a view of ``G``)."""
    return G.subgraph([node for node in G if G.degree(node) > 0])


def communities(G: nx.Graph, seed: int = 0) -> list[list[str]]:
    """Louvain communities (weighted by the number of collaborations), largest first, as sorted id lists.

    >>> G = nx.complete_graph(["a", "b", "c"])
    >>> G.add_edges_from(nx.complete_graph(["x", "y", "z"]).edges)
    >>> G.add_edge("c", "x")
    >>> communities(G)
    [['a', 'b', 'c'], ['x', 'y', 'z']]
    """
    found = nx.community.louvain_communities(linked(G), weight="weight", seed=seed)
    return sorted((sorted(c) for c in found), key=lambda c: (-len(c), c))


def community_themes(groups: Sequence[Iterable[str]], keywords: Mapping[str, Iterable[str]],
                     top: int = 5) -> list[list[str]]:
    """Words that set each community apart: the labs' keywords weighted by tf-idf across communities.

    ``keywords`` maps a lab id to its keywords; companies have none and count for nothing.

    >>> community_themes([["a"], ["b"]], {"a": ["optics", "laser"], "b": ["laser", "soil"]}, top=1)
    [['optics'], ['soil']]
    """
    counts = [collections.Counter(k.casefold() for node in group for k in keywords.get(node, ())) for group in groups]
    spread = collections.Counter(word for count in counts for word in count)
    themes = []
    for count in counts:
        weight = {w: n * np.log(1 + len(groups) / spread[w]) for w, n in count.items()}
        themes.append(sorted(weight, key=lambda w: (-weight[w], w))[:top])
    return themes


def bridges(G: nx.Graph, groups: Iterable[Iterable[str]], top: int = 5) -> list[tuple[str, float, list[int]]]:
    """The organisations that link communities: highest betweenness, with the communities they touch.

    Returns ``[(node, betweenness, [community numbers])]``, best first. Betweenness is
    normalised over the linked organisations only, so that labs with no collaboration
    (the directory's hundreds) do not dilute it.
    """
    where = {node: number for number, group in enumerate(groups) for node in group}
    centrality = nx.betweenness_centrality(linked(G), weight=None)
    found = []
    for node, value in sorted(centrality.items(), key=lambda item: (-item[1], item[0])):
        touched = sorted({where[n] for n in [node, *G[node]] if n in where})
        if value > 0 and len(touched) > 1:
            found.append((node, round(value, 4), touched))
    return found[:top]


# Graph signals for ranking -------------------------------------------------------------

def graph_signals(G: nx.Graph, company: str, sector_group: str | None,
                  lab_ids: Sequence[str]) -> tuple[np.ndarray, list[list[dict[str, str]]]]:
    """For each lab, a signal in [0, 1] with its reasons, from what the graph knows.

    1 when the company already worked with the lab; otherwise 0.5 when the lab worked
    with a company of the same sector, plus up to 0.5 from the resource-allocation index
    (shared partners, each weighted by the inverse of its degree), capped at 1.
    """
    values = np.zeros(len(lab_ids))
    reasons = [[] for _ in lab_ids]
    for j, lab in enumerate(lab_ids):
        if lab not in G:
            continue
        direct = collaborations_between(G, company, lab) if company in G else []
        if direct:
            values[j] = 1.0
            reasons[j].append({"fr": f"déjà partenaires ({describe(G, direct[0], 'fr')})",
                               "en": f"already partners ({describe(G, direct[0], 'en')})"})
            continue
        same = same_sector_partners(G, lab, sector_group, exclude=company) if sector_group else []
        if same:
            values[j] += 0.5
            other, collaborations = same[0]
            name = G.nodes[other]["name"]
            reasons[j].append({"fr": f"a travaillé avec {name}, même secteur ({describe(G, collaborations[0], 'fr')})",
                               "en": f"worked with {name}, same sector ({describe(G, collaborations[0], 'en')})"})
        if company in G:
            shared = set(G[company]) & set(G[lab])
            if shared:
                values[j] += min(0.5, sum(1 / G.degree(n) for n in shared))
                names = ", ".join(sorted(G.nodes[n]["name"] for n in shared))
                reasons[j].append({"fr": f"partenaires communs : {names}", "en": f"shared partners: {names}"})
    return np.minimum(values, 1.0), reasons


# Checking and exporting ------------------------------------------------------------------

def ego_network(G: nx.Graph, node: str, hops: int = 1) -> dict[str, list[dict[str, Any]]]:
    """The organisations within ``hops`` collaborations of ``node``, and every collaboration between them.

    >>> G = nx.Graph([("a", "b", {"collaborations": [], "weight": 1}), ("b", "c", {"collaborations": [], "weight": 2})])
    >>> nx.set_node_attributes(G, {n: {"kind": "lab", "name": n.upper()} for n in G})
    >>> [n["id"] for n in ego_network(G, "a")["nodes"]], len(ego_network(G, "a", hops=2)["edges"])
    (['a', 'b'], 2)
    """
    H = nx.ego_graph(G, node, radius=hops)
    distance = nx.single_source_shortest_path_length(H, node)
    nodes = [{"id": n, **{k: v for k, v in H.nodes[n].items() if v is not None}, "center": n == node}
             for n in sorted(H, key=lambda n: (n != node, H.nodes[n].get("kind", ""), n))]
    # Each edge points away from the centre, so that the answer does not depend on insertion order.
    ends = sorted(tuple(sorted((a, b), key=lambda n: (distance[n], n))) for a, b in H.edges)
    edges = [{"source": a, "target": b, "weight": H.edges[a, b]["weight"],
              "collaborations": H.edges[a, b]["collaborations"]} for a, b in ends]
    return {"nodes": nodes, "edges": edges}


def to_json(G: nx.Graph) -> dict[str, Any]:
    """Node-link JSON of the graph (``networkx.node_link_data``), ready for ``json.dumps``."""
    return nx.node_link_data(G, edges="edges")


def graphml_lines(G: nx.Graph) -> Iterator[str]:
    """The graph as GraphML lines (Gephi, Cytoscape, yEd), each edge's collaborations flattened."""
    return nx.generate_graphml(_flat(G))


def _flat(G: nx.Graph) -> nx.Graph:
    """A copy with scalar attributes only, as GraphML wants: each edge's kinds, years and sources."""
    H = nx.Graph()
    for node, data in G.nodes(data=True):
        H.add_node(node, **{k: v for k, v in data.items() if v is not None})
    for a, b, data in G.edges(data=True):
        collaborations = data["collaborations"]
        years = [y for c in collaborations if c["years"] for y in c["years"] if y is not None]
        H.add_edge(a, b, weight=data["weight"], kinds=",".join(sorted({c["kind"] for c in collaborations})),
                   titles=" | ".join(c["title"] for c in collaborations),
                   first_year=min(years) if years else -1, last_year=max(years) if years else -1,
                   sources=" ".join(s["url"] for c in collaborations for s in c["sources"]))
    return H
