"""Commands over the catalogue: rank labs, list them, check and import a catalogue folder."""

import dataclasses
import json
import shutil

import click

from .. import EMBEDDERS, MAX_TOP, Engine, embedder_params
from ..errors import DataError, InvalidInputError
from .base import _cut, _engine, _trl, cli


@cli.command()
@click.argument("texts", nargs=-1, required=True, metavar="TEXT [TEXT ...]")
@click.option("--top", "-k", default=10, show_default=True, type=click.IntRange(1, MAX_TOP), help="Labs per need.")
@click.option("--region", "-r", help="Only labs of this region (Occitanie, Auvergne-Rhône-Alpes).")
@click.option("--department", "-d", help="Only labs of this department code, e.g. 31.")
@click.option("--parent", "-p", help="Only labs with this parent body, e.g. CNRS, INRAE, CEA.")
@click.option("--trl", callback=_trl, help="Only labs working at these TRLs, e.g. 4 or 3-6.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON array, one element per TEXT.")
@click.option("--embedder", "-e", metavar="NAME",
              help=f"One of {', '.join(sorted(EMBEDDERS))} [env TANDEM_EMBEDDER; default: tfidf].")
@click.option("--model", "-m", metavar="PATH",
              help="sbert and hybrid: folder of a sentence-transformers model, or a name in the Hugging Face "
                   "cache [env TANDEM_SBERT_MODEL].")
@click.pass_context
def match(ctx, texts, top, region, department, parent, trl, as_json, embedder, model):
    """Rank the catalogue's labs for each TEXT (a need, in French or English)."""
    settings = dataclasses.replace(ctx.obj, embedder=embedder or ctx.obj.embedder,
                                   sbert_model=model or ctx.obj.sbert_model)
    if model and not embedder_params(settings.embedder, model=model):
        raise InvalidInputError(f"--model is for the sbert and hybrid embedders, not {settings.embedder}: "
                                "add --embedder sbert or --embedder hybrid")
    results = Engine(settings).match(list(texts), top=top, region=region, department=department, parent=parent,
                                     trl=trl)
    if as_json:
        payload = [{"query": text, "matches": [m.to_dict() for m in matches]} for text, matches in zip(texts, results)]
        click.echo(json.dumps(payload, ensure_ascii=False, indent=2))
        return
    width = shutil.get_terminal_size((100, 20)).columns
    for number, (text, matches) in enumerate(zip(texts, results), 1):
        click.secho(f"Need {number}: {_cut(text.strip(), width - 10)}", bold=True)
        if not matches:
            click.echo("  no lab shares any term with this need; try other words or fewer filters")
        for rank, m in enumerate(matches, 1):
            click.echo(f"{rank:>3}. {m.score:.3f}  {_cut(m.acronym, 16):<16} {_cut(m.name, 48):<48} {m.region}")
            if m.terms:
                click.echo(f"       {_cut('terms: ' + ', '.join(m.terms), width - 8)}")
        click.echo()


@cli.command()
@click.option("--region", "-r", help="Only labs of this region.")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array.")
@click.pass_context
def labs(ctx, region, as_json):
    """List the catalogue's labs (detailed profiles first, then directory entries)."""
    found = _engine(ctx).labs(region)
    rows = [{"id": lab.id, "acronym": lab.acronym, "name": lab.name, "region": lab.region,
             "kind": "detailed" if lab.detailed else "directory"} for lab in found]
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for row in rows:
        click.echo(f"{row['id']:<20} {_cut(row['acronym'], 16):<16} {_cut(row['name'], 50):<50} "
                   f"{row['region']:<22} {row['kind']}")
    detailed = sum(row["kind"] == "detailed" for row in rows)
    click.echo(f"{len(rows)} labs: {detailed} detailed, {len(rows) - detailed} directory entries", err=True)


@cli.command("check-data")
@click.argument("path", required=False, type=click.Path(file_okay=False))
@click.pass_context
def check_data(ctx, path):
    """Validate a catalogue folder (default: the shipped data/); exit status 1 on any problem."""
    try:
        catalog = _engine(ctx).check_catalog(path)
    except DataError as error:
        for problem in error.problems:
            click.echo(problem)
        raise click.ClickException(f"{len(error.problems)} problem(s) found") from None
    detailed = len(catalog.detailed_labs)
    click.echo(f"ok: {len(catalog.labs)} labs ({detailed} detailed, {len(catalog.labs) - detailed} directory), "
               f"{len(catalog.companies)} companies, {len(catalog.needs)} needs, "
               f"{len(catalog.glossary)} glossary entries, {len(catalog.schemes)} schemes, "
               f"{len(catalog.collaborations)} collaborations")


@cli.command("import")
@click.argument("path", required=False, type=click.Path(file_okay=False))
@click.pass_context
def import_(ctx, path):
    """Load a catalogue folder into the store (upsert by id; nothing written if it has problems).

    It is the seeding step: the store's schema is first created or migrated, as
    `matcher db upgrade` does.
    """
    report = _engine(ctx).import_catalog(path)
    for kind, counts in report.items():  # the records (labs, companies, needs, collaborations), then the lists
        if "entries" in counts:
            click.echo(f"{kind}: {counts['entries']} entries{' (changed)' if counts['changed'] else ''}")
        else:
            kept = f", {counts['kept']} kept as edited in the app" if counts.get("kept") else ""
            click.echo(f"{kind}: {counts['added']} added, {counts['updated']} updated, {counts['unchanged']} "
                       f"unchanged{kept}")
