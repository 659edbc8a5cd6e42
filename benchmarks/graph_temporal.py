"""Graph-aware ranking on held-out collaborations: does the collaboration graph help find a partner?

    python benchmarks/graph_temporal.py [--years 2019 2021] [--data FOLDER]
                                        [--json benchmarks/results/graph_temporal.json]

For each year Y of ``--years``, collaborations that started in Y or later are hidden. For each company of a
hidden lab–company collaboration, the detailed labs are ranked from the company's own
words (its sector and its needs in data/, every organisation's name masked) and the rank of the hidden partner
is read: hit@10 and MRR, over every hidden (company, lab) pair and over the new pairs
only (the partners the company had not worked with before the year, with its earlier
partners left out of the ranking). Systems, in the same run:

- text: the library's ranking alone;
- text + graph (w): ``matcher.matching.ranking.mix`` of the text scores and ``graph_signals`` on the
  graph before the year, as the library ranks a known company's needs;
- Adamic-Adar and resource allocation: link prediction on the graph before the year alone.

Tied scores count the mean of the tied ranks, so that a system that cannot tell labs
apart is not credited with luck. MRR intervals: 1,000 resamplings of the pairs.
"""

import argparse
import re
import sys
import tempfile
from pathlib import Path

import networkx as nx
import numpy as np

from matcher import graph
from matcher.catalogue.reader import load_catalog
from matcher.matching.ranking import LabRanker, mix

sys.path.insert(0, str(Path(__file__).parent))
import record  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
WEIGHTS = (0.05, 0.1, 0.2, 0.3, 0.5)


def expected_rank(scores, target):
    """1-based rank of ``target``, ties counted as the mean of their ranks."""
    above = np.sum(scores > scores[target])
    ties = np.sum(scores == scores[target]) - 1
    return 1 + above + ties / 2


def link_scores(G, company, labs, method):
    if company not in G:
        return np.zeros(len(labs))
    index = {"adamic_adar": nx.adamic_adar_index, "resource_allocation": nx.resource_allocation_index}[method]
    return np.array([score for _, _, score in index(G, [(company, lab) for lab in labs])])


def company_text(company, needs, names):
    """The company's sector and needs, without any organisation's name. Not its description: the
    catalogue's descriptions often tell the very collaboration ("the Cellulose Valley chair at
    LGP2"), which would give the answer away."""
    own = [need.text for need in needs if need.company_id == company.id]
    return names.sub(" ", " ".join([f"{company.sector}.", *own]))


def name_pattern(catalog):
    names = {company.name for company in catalog.companies}
    for lab in catalog.detailed_labs:
        names |= {lab.acronym, lab.name, *lab.acronym.split("-")}
    names = sorted((n for n in names if len(n) >= 3), key=len, reverse=True)
    return re.compile(r"\b(" + "|".join(map(re.escape, names)) + r")\b", re.IGNORECASE)


def held_out(catalog, year):
    """``{company: {labs hidden}}``, the graph before ``year``, and the full graph."""
    labs = catalog.detailed_labs
    G = graph.build_graph(labs, catalog.companies, catalog.collaborations)
    train = graph.before(G, year)
    hidden = {}
    for a, b, data in G.edges(data=True):
        kinds = {G.nodes[a]["kind"], G.nodes[b]["kind"]}
        if kinds != {"lab", "company"}:
            continue
        company, lab = (a, b) if G.nodes[a]["kind"] == "company" else (b, a)
        starts = [graph.first_year(c) for c in data["collaborations"]]
        if any(s is not None and s >= year for s in starts):
            hidden.setdefault(company, set()).add(lab)
    return hidden, train, G


def evaluate(catalog, year, cache_dir):
    labs = list(catalog.detailed_labs)
    lab_ids = [lab.id for lab in labs]
    ranker = LabRanker(labs, glossary=list(catalog.glossary) or None, cache_dir=cache_dir)
    companies = {c.id: c for c in catalog.companies}
    hidden, train, full = held_out(catalog, year)
    systems = ["text", *(f"text+graph w={w}" for w in WEIGHTS), "adamic_adar", "resource_allocation"]
    ranks = {"all": {s: [] for s in systems}, "new": {s: [] for s in systems}}
    order = sorted(hidden)
    names = name_pattern(catalog)
    text = ranker.text_scores([company_text(companies[c], catalog.needs, names) for c in order])
    for row, company_id in enumerate(order):
        company = companies[company_id]
        signals, _ = graph.graph_signals(train, company_id, company.sector_group, lab_ids)
        scores = {"text": text[row]}
        for w in WEIGHTS:
            scores[f"text+graph w={w}"] = mix(text[row : row + 1], signals[None, :], w)[0]
        for method in ("adamic_adar", "resource_allocation"):
            scores[method] = link_scores(train, company_id, lab_ids, method)
        known = set(train[company_id]) if company_id in train else set()
        for lab in sorted(hidden[company_id]):
            target = lab_ids.index(lab)
            for system, values in scores.items():
                ranks["all"][system].append(expected_rank(values, target))
                if lab not in known:
                    keep = np.array([other not in known or other == lab for other in lab_ids])
                    ranks["new"][system].append(expected_rank(values[keep], int(np.flatnonzero(keep).tolist()
                                                                                  .index(target))))
    stats = {"year": year, "labs": len(lab_ids), "companies": len(order),
             "nodes": full.number_of_nodes(), "edges": full.number_of_edges(),
             "collaborations": len(catalog.collaborations),
             "train_edges": train.number_of_edges(),
             "cold_start_companies": sum(1 for c in order if c not in train or train.degree(c) == 0)}
    return stats, {group: {system: summary(values) for system, values in by_system.items()}
                   for group, by_system in ranks.items()}


def summary(ranks, seed=0):
    ranks = np.asarray(ranks, dtype=float)
    if not len(ranks):
        return {"n": 0}
    rr = 1 / ranks
    rng = np.random.default_rng(seed)
    samples = [rr[rng.integers(0, len(rr), len(rr))].mean() for _ in range(1000)]
    return {"n": len(ranks), "hit@10": float(np.mean(ranks <= 10)), "MRR": float(rr.mean()),
            "MRR_95": [float(np.percentile(samples, 2.5)), float(np.percentile(samples, 97.5))],
            "median_rank": float(np.median(ranks))}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--years", type=int, nargs="+", default=[2019, 2021],
                        help="hide collaborations starting in each of these years or later, one run each")
    parser.add_argument("--data", type=Path, default=ROOT / "data", help="the catalogue folder (default: data/)")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args(argv)
    catalog = load_catalog(args.data)
    figures = {}
    with tempfile.TemporaryDirectory() as cache:
        for year in args.years:
            stats, results = evaluate(catalog, year, cache)
            report(stats, results)
            figures[str(year)] = {"stats": stats, "results": results}
    if args.json:
        record.write(args.json, record.measured_on(args.data, catalog, catalog.needs), figures)
    return 0


def report(stats, results):
    print(f"\nHidden from {stats['year']} on: {results['all']['text']['n']} (company, lab) pairs of "
          f"{stats['companies']} companies ({stats['cold_start_companies']} with no earlier collaboration), "
          f"{results['new']['text']['n']} of them new partners; {stats['labs']} labs ranked; "
          f"graph before {stats['year']}: {stats['train_edges']} links; full graph {stats['nodes']} nodes, "
          f"{stats['edges']} links ({stats['collaborations']} collaborations)")
    for group, title in (("all", "every hidden pair"), ("new", "new partners only, earlier partners left out")):
        print(f"\n{title}\n{'system':<22} {'n':>4} {'hit@10':>7} {'MRR':>6}  {'MRR 95 %':<14} {'median rank':>11}")
        for system, s in results[group].items():
            if s["n"]:
                low, high = s["MRR_95"]
                print(f"{system:<22} {s['n']:>4} {s['hit@10']:>7.3f} {s['MRR']:>6.3f}  [{low:.3f}, {high:.3f}]"
                      f" {s['median_rank']:>11.1f}")


if __name__ == "__main__":
    sys.exit(main())
