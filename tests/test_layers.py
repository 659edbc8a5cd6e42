"""The import graph of the library and the web app: no cycle anywhere, not even between a
package and its own modules (import-linter's contracts in setup.cfg check the layers and
the cycles between siblings; this checks what they cannot see)."""

import grimp
import networkx as nx


def _import_graph():
    graph = grimp.build_graph("matcher", "web")
    G = nx.DiGraph()
    for module in graph.modules:
        G.add_node(module)
        for imported in graph.find_modules_directly_imported_by(module):
            if imported.split(".")[0] in ("matcher", "web"):
                G.add_edge(module, imported)
    return G


def test_no_module_imports_itself_back():
    cycles = [sorted(group) for group in nx.strongly_connected_components(_import_graph()) if len(group) > 1]
    assert cycles == []


def test_the_library_does_not_depend_on_the_web():
    G = _import_graph()
    assert [m for m in G if m.startswith("matcher") and any(n.startswith("web") for n in nx.descendants(G, m))] == []
