"""Commands over funding schemes and partnership proposals."""

import json

import click

from .. import MAX_TOP
from ..errors import InvalidInputError
from ..records.schemes import VERDICT_WORDS
from .base import _cut, _engine, _trl, cli

_MARKS = {"pass": "✓", "fail": "✗", "unknown": "?"}
_LANG = click.option("--lang", type=click.Choice(["en", "fr"]), default="en", show_default=True,
                     help="Language of the reasons.")


@cli.group()
def schemes():
    """Funding schemes: list them, check a company and its partner labs against them."""


@schemes.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print the schemes with their criteria as a JSON array.")
@click.pass_context
def schemes_list(ctx, as_json):
    """List the funding schemes of the store."""
    found = _engine(ctx).schemes()
    if as_json:
        click.echo(json.dumps([s.to_dict() for s in found], ensure_ascii=False, indent=2))
        return
    for s in found:
        unknown = sum(c.test == "unknown" for c in s.criteria)
        click.echo(f"{s.id:<26} {_cut(s.name, 44):<44} {s.scope:<22} lab {s.lab_partner:<8} "
                   f"rules read {s.rules_read}  {len(s.criteria)} criteria ({unknown} unknown)")


def _company_options(command):
    for option in reversed([
        click.option("--headcount", type=int, help="Inline company: number of staff."),
        click.option("--founded", type=int, help="Inline company: creation year."),
        click.option("--region", help="Inline company: French region of the seat, e.g. Occitanie."),
        click.option("--department", help="Inline company: department code, e.g. 31."),
        click.option("--turnover", type=float, help="Inline company: annual turnover in euros."),
        click.option("--balance-sheet", type=float, help="Inline company: balance-sheet total in euros."),
        click.option("--independent/--group-owned", default=None,
                     help="Inline company: not held 25 % or more by a large group (or held)."),
    ]):
        command = option(command)
    return command


@schemes.command("check")
@click.option("--company", "company_id", metavar="ID", help="A company of the store (or describe it inline).")
@click.option("--lab", "lab_ids", metavar="ID", multiple=True, help="A partner lab (repeat for several).")
@click.option("--trl", callback=_trl, help="Project TRL: a level or a range, e.g. 4-6.")
@click.option("--budget", type=float, help="Project budget in euros.")
@click.option("--months", type=int, help="Project duration in months.")
@click.option("--scheme", "scheme_id", metavar="ID", help="Only this scheme.")
@_company_options
@_LANG
@click.option("--json", "as_json", is_flag=True, help="Print the verdicts as a JSON array.")
@click.pass_context
def schemes_check(ctx, company_id, lab_ids, trl, budget, months, scheme_id, lang, as_json, **inline):
    """Say, criterion by criterion, which schemes a company with these labs is eligible for."""
    engine = _engine(ctx)
    if company_id and any(value is not None for value in inline.values()):
        raise InvalidInputError("give either --company ID or the inline facts (--headcount, --founded, --region…), "
                                "not both")
    company = engine.company_facts(company_id) if company_id else engine.company_facts(**inline)
    verdicts = engine.check_schemes(company, lab_ids, trl=trl, budget=budget, months=months, scheme_id=scheme_id)
    if as_json:
        click.echo(json.dumps([v.to_dict() for v in verdicts], ensure_ascii=False, indent=2))
        return
    for verdict in verdicts:
        _echo_verdict(verdict, lang)


def _echo_verdict(verdict, lang):
    words = VERDICT_WORDS[verdict.verdict][lang == "en"]
    color = {"eligible": "green", "possibly_eligible": "yellow", "not_eligible": "red"}[verdict.verdict]
    recheck = (" — à revérifier" if lang == "fr" else " — to re-check") if verdict.to_recheck else ""
    read = "règles lues le" if lang == "fr" else "rules read"
    click.secho(f"{verdict.name}: {words}", fg=color, bold=True, nl=False)
    click.echo(f"  ({read} {verdict.rules_read}{recheck})")
    sources = []
    for c in verdict.criteria:
        if c.source not in sources:
            sources.append(c.source)
        click.echo(f"  {_MARKS[c.status]} {c.reason[lang]}  [{sources.index(c.source) + 1}, {c.confidence}]")
        if c.missing and c.missing != c.reason:
            click.echo(f"      → {c.missing[lang]}")
    for number, source in enumerate(sources, 1):
        click.echo(f"  [{number}] {source['title']}" + (f" <{source['url']}>" if "url" in source else ""))
    click.echo()


@cli.command()
@click.argument("need_id", required=False)
@click.option("--text", help="A need in free text (with the inline company facts) instead of NEED_ID.")
@click.option("--lab", "lab_id", metavar="ID", help="A lab's view: the open needs that suit it best.")
@click.option("--top", "-k", default=5, show_default=True, type=click.IntRange(1, MAX_TOP), help="Proposals.")
@click.option("--trl", callback=_trl, help="Project TRL (default: the need's).")
@click.option("--budget", type=float, help="Project budget in euros.")
@click.option("--months", type=int, help="Project duration in months.")
@_company_options
@_LANG
@click.option("--json", "as_json", is_flag=True, help="Print the proposals as a JSON array.")
@click.pass_context
def propose(ctx, need_id, text, lab_id, top, trl, budget, months, lang, as_json, **inline):
    """Propose partnerships: ranked labs for a need, each with the schemes the pair can reach."""
    engine = _engine(ctx)
    if sum(x is not None for x in (need_id, text, lab_id)) != 1:
        raise InvalidInputError("give one of NEED_ID, --text \"...\" (with --headcount, --founded, --region) "
                                "or --lab ID")
    given = [f"--{name.replace('_', '-')}" for name, value in inline.items() if value is not None]
    if given and text is None:
        raise InvalidInputError(f"{', '.join(given)}: the inline company facts go with --text; a catalogue need "
                                "or lab brings its own company")
    if lab_id:
        project = [name for name, value in (("--trl", trl), ("--budget", budget), ("--months", months)) if value]
        if project:
            raise InvalidInputError(f"{', '.join(project)}: the project figures go with a need; with --lab each "
                                    "need brings its own")
        proposals = engine.propose_for_lab(lab_id, top=top)
    else:
        company = engine.company_facts(**inline) if text is not None else None
        proposals = engine.propose(need_id, text=text, company=company, top=top, trl=trl, budget=budget,
                                   months=months)
    if as_json:
        click.echo(json.dumps([p.to_dict() for p in proposals], ensure_ascii=False, indent=2))
        return
    if not proposals:
        click.echo("no proposal: no lab shares any term with this need" if lab_id is None
                   else "no open need shares any term with this lab")
    for rank, p in enumerate(proposals, 1):
        title = f"{p.need['id']}: {p.need['title']}" if lab_id else f"{p.match.acronym}, {p.match.name}"
        click.secho(f"{rank:>2}. {p.match.score:.3f}  {title}", bold=True)
        click.echo(f"    {p.explanation(lang)}")
        click.echo()
