"""The collaboration graph on tiny graphs whose answers are computed by hand.

The fixture catalogue's collaborations (tests/fixtures/catalog/collaborations.yaml) make
a chain RiverCo - HYDRO - ROBO - AgriBot - BATT, with DronCo beside ROBO.
"""

import json

import networkx as nx
import pytest

from matcher import graph
from matcher.errors import InvalidInputError, UnknownNameError


def edge(G, a, b, kind="project", years=(2020, 2020)):
    data = {"id": f"{a}-{b}", "kind": kind, "title": f"{a} with {b}", "years": list(years) if years else None,
            "scheme": None, "sources": [{"title": "t", "url": "https://example.org"}]}
    G.add_edge(a, b, collaborations=[data], weight=1)


def tiny(*edges, companies=()):
    G = nx.Graph()
    for a, b in edges:
        for node in (a, b):
            kind = "company" if node in companies else "lab"
            G.add_node(node, name=node.upper(), kind=kind, region="Occitanie", sector_group="space")
        edge(G, a, b)
    return G


def test_two_cliques_joined_by_one_edge_are_two_communities():
    left, right = nx.complete_graph(["a", "b", "c", "d"]).edges, nx.complete_graph(["w", "x", "y", "z"]).edges
    G = tiny(*left, *right, ("d", "w"))
    groups = graph.communities(G)
    assert groups == [["a", "b", "c", "d"], ["w", "x", "y", "z"]]
    # d and w carry every path between the cliques: they are the bridges, and only them.
    assert [(node, touched) for node, _, touched in graph.bridges(G, groups)] == [("d", [0, 1]), ("w", [0, 1])]
    # Labs with no collaboration (the directory's hundreds) change neither the communities nor the betweenness.
    values = graph.bridges(G, groups)
    G.add_nodes_from(f"lonely{n}" for n in range(50))
    assert graph.communities(G) == groups and graph.bridges(G, groups) == values


def test_warm_introductions_are_the_shortest_paths_first():
    # sme - x - lab and sme - y - lab (two hops), sme - z - t - lab (three hops).
    G = tiny(("sme", "x"), ("x", "lab"), ("sme", "y"), ("y", "lab"), ("sme", "z"), ("z", "t"), ("t", "lab"),
             companies={"sme"})
    paths = [i["path"] for i in graph.warm_introductions(G, "sme", "lab", max_paths=3)]
    assert sorted(paths[:2]) == [["sme", "x", "lab"], ["sme", "y", "lab"]]
    assert paths[2] == ["sme", "z", "t", "lab"]
    assert graph.warm_introductions(G, "sme", "lab", max_paths=3, cutoff=2) == \
        graph.warm_introductions(G, "sme", "lab", max_paths=2)


def test_no_path_or_an_outsider_gives_no_introduction():
    G = tiny(("a", "b"), ("c", "d"))
    assert graph.warm_introductions(G, "a", "d") == []
    assert graph.warm_introductions(G, "a", "nobody") == []


def test_an_introduction_names_each_hop_with_its_collaboration(engine):
    found = graph.warm_introductions(engine.graph(), "riverco", "robo")
    assert len(found) == 1
    assert found[0]["path"] == ["riverco", "hydro", "robo"]
    assert found[0]["reason"]["en"] == ("HYDRO can introduce you: RiverCo worked with HYDRO (collaborative project, "
                                        "2020–2021); HYDRO worked with ROBO (lab link)")
    direct = graph.warm_introductions(engine.graph(), "agribot", "batt")[0]
    assert direct["reason"]["fr"] == "déjà partenaires : AgriBot a travaillé avec BATT (contrat de recherche, depuis 2022)"


def test_partners_and_same_sector(engine):
    G = engine.graph()
    assert [node for node, _ in graph.partners(G, "robo")] == ["agribot", "dronco", "hydro"]
    assert graph.collaborations_between(G, "robo", "riverco") == []
    assert [c["kind"] for c in graph.collaborations_between(G, "agribot", "robo")] == ["cifre"]
    # DronCo is in AgriBot's sector (industry): BATT and ROBO worked with a company like it.
    assert [node for node, _ in graph.same_sector_partners(G, "batt", "industry", exclude="dronco")] == ["agribot"]
    assert graph.same_sector_partners(G, "hydro", "industry") == []


def test_graph_signals_and_their_reasons(engine):
    G = engine.graph()
    values, reasons = graph.graph_signals(G, "dronco", "industry", ["robo", "batt", "hydro"])
    # robo: already partners; batt: worked with AgriBot (same sector), shares no partner with DronCo;
    # hydro: no same-sector company, shares ROBO (degree 3) with DronCo.
    assert values.tolist() == [1.0, 0.5, pytest.approx(1 / 3)]
    assert reasons[0][0]["en"] == "already partners (collaborative project, 2019–2020)"
    assert reasons[1][0]["en"] == "worked with AgriBot, same sector (research contract, since 2022)"
    assert reasons[2][0]["en"] == "shared partners: ROBO"


def test_before_a_year_keeps_the_older_dated_collaborations(engine):
    H = graph.before(engine.graph(), 2020)
    assert sorted(tuple(sorted(e)) for e in H.edges) == [("agribot", "robo"), ("dronco", "robo")] and \
        H.number_of_nodes() == engine.graph().number_of_nodes()


def test_communities_have_themes_from_the_labs_keywords(engine):
    found = engine.communities()
    by_lab = {m.id: c.themes for c in found.communities for m in c.members if m.kind == "lab"}
    assert by_lab["batt"] == ("electrolyte",) and by_lab["hydro"] == ("discharge", "flood")
    assert found.bridges[0].id == "robo"


def test_recording_a_collaboration_is_durable(engine, settings):
    from matcher.engine import Engine

    engine.add_collaboration({"between": ["batt", "riverco"], "kind": "contract", "years": [2024, 2024],
                              "title": "Battery tests for river stations",
                              "sources": [{"title": "t", "url": "https://example.org/new"}]})
    fresh = Engine(settings)  # another process would see the same
    assert [c["id"] for c in graph.collaborations_between(fresh.graph(), "riverco", "batt")] == \
        ["batt-riverco-contract-2024"]


@pytest.mark.parametrize("data, message", [
    ({"between": ["hydro", "riverco"], "kind": "project", "years": [2020, 2021]}, "already recorded: hydro and riverco"),
    ({"between": ["hydro", "nobody"], "kind": "project"}, "'nobody' is not a lab or company of the catalogue"),
    ({"between": ["riverco", "agribot"], "kind": "project"}, "two companies"),
    ({"between": ["hydro", "batt"], "kind": "project"}, "two labs take kind lab_link"),
    ({"between": ["hydro", "riverco"], "kind": "lab_link"}, "lab_link joins two labs"),
    ({"between": ["hydro", "riverco"], "kind": "project", "scheme": "nope"}, "'nope' is not a scheme"),
    ({"between": ["hydro", "riverco"], "kind": "friendship"}, "kind: Input should be"),
    ({"between": ["hydro", "riverco"], "kind": "project", "years": [2022, 2019]}, "the last year comes before"),
    ({"id": "hydro-riverco-project", "between": ["hydro", "riverco"], "kind": "contract"}, "is already recorded"),
])
def test_a_bad_collaboration_is_refused_and_nothing_is_written(engine, data, message):
    before = engine.store.revision(), len(engine.store.collaborations())
    with pytest.raises(InvalidInputError, match=message):
        engine.add_collaboration({"title": "t", "sources": [{"title": "t", "url": "https://example.org"}], **data})
    assert (engine.store.revision(), len(engine.store.collaborations())) == before


def test_the_catalogue_refuses_collaborations_with_unknown_organisations(catalog_dir, run):
    with (catalog_dir / "collaborations.yaml").open("a", encoding="utf-8") as handle:
        handle.write("- {id: x, between: [hydro, ghost], kind: project, title: t, sources: [{title: t, url: u}]}\n")
    result = run("check-data", str(catalog_dir))
    assert result.exit_code == 1
    assert "catalog/collaborations.yaml: item 6 (id=x): between: 'ghost' is not a lab or company" in result.output


def test_cli_graph_commands(imported, tmp_path):
    partners = json.loads(imported("graph", "partners", "riverco", "--json").output)
    assert [p["id"] for p in partners] == ["hydro"]
    intro = json.loads(imported("graph", "intro", "riverco", "batt", "--json").output)
    assert intro[0]["path"] == ["riverco", "hydro", "robo", "agribot", "batt"]
    assert imported("graph", "intro", "riverco", "bat").output.strip().endswith(
        "unknown organisation 'bat': did you mean batt?")
    communities = json.loads(imported("graph", "communities", "--json").output)
    assert sum(len(c["members"]) for c in communities["communities"]) == 6
    out = tmp_path / "g.graphml"
    assert imported("graph", "export", "--format", "graphml", "-o", str(out)).exit_code == 0
    G = nx.read_graphml(out)
    assert G.number_of_edges() == 5 and G.edges["robo", "agribot"]["kinds"] == "cifre"
    exported = json.loads(imported("graph", "export", "--format", "json").output)
    assert len(exported["edges"]) == 5
    added = imported("graph", "add", "batt", "dronco", "--kind", "contract", "--title", "Drone batteries",
                     "--source-url", "https://example.org/d", "--years", "2024-")
    assert added.output.strip() == "recorded batt-dronco-contract-2024: batt and dronco (contract)"
    bad_path = imported("graph", "export", "--format", "json", "-o", str(tmp_path / "missing" / "g.json"))
    assert bad_path.exit_code == 1 and "cannot write" in bad_path.output and "Traceback" not in bad_path.output
    single = imported("graph", "add", "batt", "riverco", "--kind", "licence", "--title", "Licence",
                      "--source-url", "https://example.org/l", "--years", "2023")
    assert single.exit_code == 0
    assert json.loads(imported("graph", "partners", "riverco", "--json").output)[0]["collaborations"][0]["years"] \
        == [2023, 2023]
    assert "give a year (2021), a range" in imported("graph", "add", "batt", "riverco", "--kind", "licence",
                                                      "--title", "x", "--source-url", "u", "--years", "20x").output
    again = imported("graph", "add", "batt", "dronco", "--kind", "contract", "--title", "Drone batteries",
                     "--source-url", "https://example.org/d", "--years", "2024-", "--id", "other")
    assert again.exit_code == 1 and "already recorded" in again.output


def test_unknown_organisation_is_named(engine):
    with pytest.raises(UnknownNameError, match="unknown organisation 'rivrco': did you mean riverco?"):
        engine.organisation("rivrco")


def test_a_company_with_a_labs_id_never_replaces_the_lab():
    from types import SimpleNamespace as R

    from matcher.errors import DataError

    lab = R(id="batt", acronym="BATT", name="Battery lab", region="Occitanie")
    company = R(id="batt", name="Batt SAS", region="Occitanie", sector_group="energy", size_class="small")
    with pytest.raises(DataError, match="'batt' is already a lab"):
        graph.build_graph([lab], [company], [])
