"""Commands over the collaboration graph: partners, warm introductions, communities, export, add."""

import json

import click

from ..errors import MatcherError
from ..records import COLLABORATION_KINDS, parse_years
from .base import _engine, cli


@cli.group("graph")
def graph_group():
    """The collaboration graph: who already works with whom."""


def _name(G, node):
    return G.nodes[node]["name"]


@graph_group.command()
@click.argument("org_id", metavar="ID")
@click.option("--json", "as_json", is_flag=True, help="Print the partners as a JSON array.")
@click.pass_context
def partners(ctx, org_id, as_json):
    """The partners of a lab or a company, most recent collaborations first."""
    engine = _engine(ctx)
    found = engine.partners(org_id)
    if as_json:
        click.echo(json.dumps([partner.to_dict() for partner in found], ensure_ascii=False, indent=2))
        return
    G = engine.graph()
    if not found:
        click.echo(f"{_name(G, org_id)}: no collaboration recorded")
    for partner in found:
        click.secho(f"{_name(G, partner.id)} ({partner.kind}, {partner.region})", bold=True)
        for c in partner.collaborations:
            click.echo(f"  {engine.describe_collaboration(c)}: {c['title']}")
            click.echo(f"    {c['sources'][0]['url']}")


@graph_group.command()
@click.argument("source", metavar="SME_ID")
@click.argument("target", metavar="LAB_ID")
@click.option("--paths", default=3, show_default=True, type=click.IntRange(1, 10), help="Introductions to show.")
@click.option("--lang", type=click.Choice(["en", "fr"]), default="en", show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print the introductions as a JSON array.")
@click.pass_context
def intro(ctx, source, target, paths, lang, as_json):
    """Warm introductions from a company to a lab: the shortest chains of known partners."""
    engine = _engine(ctx)
    found = engine.introductions(source, target, max_paths=paths)
    G = engine.graph()
    if as_json:
        click.echo(json.dumps([introduction.to_dict() for introduction in found], ensure_ascii=False, indent=2))
        return
    if not found:
        click.echo(f"no chain of known partners links {_name(G, source)} to {_name(G, target)}")
    for number, introduction in enumerate(found, 1):
        click.secho(f"{number}. {' → '.join(_name(G, n) for n in introduction.path)}", bold=True)
        click.echo(f"   {introduction.reason[lang]}")


@graph_group.command()
@click.option("--json", "as_json", is_flag=True, help="Print the communities as a JSON object.")
@click.pass_context
def communities(ctx, as_json):
    """Communities of the network (Louvain), their themes, and who bridges them."""
    found = _engine(ctx).communities()
    if as_json:
        click.echo(json.dumps(found.to_dict(), ensure_ascii=False, indent=2))
        return
    for number, community in enumerate(found.communities):
        click.secho(f"Community {number}: {len(community.members)} organisations — "
                    f"{', '.join(community.themes)}", bold=True)
        click.echo("  " + ", ".join(member.name for member in community.members))
    click.secho("Bridges between communities", bold=True)
    for bridge in found.bridges:
        click.echo(f"  {bridge.name}: betweenness {bridge.betweenness:.3f}, "
                   f"communities {', '.join(map(str, bridge.communities))}")


@graph_group.command()
@click.option("--format", "fmt", type=click.Choice(["graphml", "json"]), required=True)
@click.option("--output", "-o", type=click.Path(dir_okay=False, writable=True), help="File to write (default: stdout).")
@click.pass_context
def export(ctx, fmt, output):
    """Export the graph for Gephi, Cytoscape or a script (GraphML or node-link JSON)."""
    text, organisations, links = _engine(ctx).export_graph(fmt)
    if output:
        try:
            with open(output, "w", encoding="utf-8") as handle:
                handle.write(text + "\n")
        except OSError as error:
            raise click.ClickException(f"cannot write {output}: {error.strerror}") from None
        click.echo(f"{organisations} organisations, {links} links written to {output}", err=True)
    else:
        click.echo(text)


@graph_group.command()
@click.argument("first", metavar="ID")
@click.argument("second", metavar="ID")
@click.option("--kind", required=True, type=click.Choice(COLLABORATION_KINDS))
@click.option("--title", required=True, help="One line: what the partners did together.")
@click.option("--source-url", required=True, help="Where the collaboration is documented.")
@click.option("--source-title", help="Title of that page (default: the URL).")
@click.option("--years", help="First and last year, e.g. 2021 or 2019-2023 or 2022- (still running).")
@click.option("--scheme", help="Id of the scheme that funded it, e.g. labcom.")
@click.option("--id", "collaboration_id", help="Identifier (default: made of the ids, kind and first year).")
@click.pass_context
def add(ctx, first, second, kind, title, source_url, source_title, years, scheme, collaboration_id):
    """Record a documented collaboration between a lab and a company (or two labs)."""
    data = {"between": [first, second], "kind": kind, "title": title,
            "sources": [{"title": source_title or source_url, "url": source_url}]}
    if years:
        data["years"] = _years(years)
    if scheme:
        data["scheme"] = scheme
    if collaboration_id:
        data["id"] = collaboration_id
    collaboration = _engine(ctx).add_collaboration(data)
    click.echo(f"recorded {collaboration.id}: {' and '.join(collaboration.between)} ({collaboration.kind})")


def _years(text):
    try:
        return list(parse_years(text))
    except MatcherError as error:
        raise click.BadParameter(str(error), param_hint="--years") from None
