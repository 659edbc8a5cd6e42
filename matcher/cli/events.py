"""Commands for brokerage events: schedule one from its file, with exports and rescheduling."""

import json
from pathlib import Path

import click

from ..errors import InvalidInputError
from .base import _cut, _engine, cli


@cli.group("event")
def event_group():
    """Brokerage events: 1:1 meetings between companies and labs."""


@event_group.command()
@click.argument("path", metavar="EVENT.yaml", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the schedule as JSON (meetings, value, bound, gap, "
                                                      "unscheduled wishes).")
@click.option("--keep", "published", metavar="SCHEDULE.json", type=click.Path(dir_okay=False, path_type=Path),
              help="A schedule already sent to participants (this command's --json output): its meetings that can "
                   "still take place stay where they are, and the changes are listed.")
@click.option("--out", metavar="DIR", type=click.Path(file_okay=False, path_type=Path),
              help="Also write the exports there: meetings and unscheduled wishes (CSV), workbook (Excel), grid and "
                   "agendas (PDF), one calendar (ICS) per participant.")
@click.option("--lang", type=click.Choice(["fr", "en"]), default="en", show_default=True,
              help="Language of the reasons and exports.")
@click.pass_context
def schedule(ctx, path, as_json, published, out, lang):
    """Schedule the meetings of an event (participants are ids of the store)."""
    engine = _engine(ctx)
    event, result = engine.events.schedule_file(path, keep=published)
    if out:
        _write_exports(engine, event, result, out, lang)
    if as_json:
        click.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
        return
    _print(event, result, lang)
    if out:
        click.echo(f"exports written to {out}/")


def _print(event, result, lang):
    names = result.names
    slots = {slot.number: slot for slot in event.slots()}
    click.secho(f"{event.name}: {len(result.meetings)} meetings", bold=True)
    click.echo(f"{'slot':>4}  {'time':5}  {'table':>5}  {'company':30}  {'lab':30}  {'value':>6}")
    for m in result.meetings:
        click.echo(f"{m.slot:>4}  {slots[m.slot].start:%H:%M}  {m.table:>5}  "
                   f"{_cut(f'{names[m.company]} ({m.company})', 30):30}  {_cut(f'{names[m.lab]} ({m.lab})', 30):30}  "
                   f"{m.value:>6.1f}")
    click.echo(f"total value {result.value:.1f}; bound {result.bound:.1f}; gap {100 * result.gap:.2f} %  "
               f"({result.seconds:.2f} s)")
    if result.without_meeting:
        click.echo("without a meeting: " + ", ".join(result.without_meeting))
    if result.below_minimum:
        click.echo("below their minimum: " + ", ".join(result.below_minimum))
    if result.unscheduled:
        click.secho(f"{len(result.unscheduled)} wishes not scheduled:", bold=True)
        for u in result.unscheduled:
            click.echo(f"  {u.by} → {u.to} ({u.level}): {u.reason[lang]}")
    if result.changes:
        c = result.changes
        click.secho(f"changes: {c.kept} kept, {len(c.moved)} moved, {len(c.cancelled)} cancelled, "
                    f"{len(c.added)} added", bold=True)
        for old, new in c.moved:
            click.echo(f"  moved: {old.company}–{old.lab} slot {old.slot} table {old.table} → slot {new.slot} "
                       f"table {new.table}")
        for m in c.cancelled:
            click.echo(f"  cancelled: {m.company}–{m.lab} slot {m.slot} table {m.table}")
        for m in c.added:
            click.echo(f"  added: {m.company}–{m.lab} slot {m.slot} table {m.table}")


def _write_exports(engine, event, result, out, lang):
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise InvalidInputError(f"--out {out}: cannot make the folder ({error.strerror})") from None

    def export(kind, participant_id=None):
        return engine.export_schedule(kind, event, result, lang=lang, participant_id=participant_id)

    (out / "meetings.csv").write_text(export("meetings_csv"), encoding="utf-8")
    (out / "unscheduled.csv").write_text(export("unscheduled_csv"), encoding="utf-8")
    (out / f"{event.id}.xlsx").write_bytes(export("workbook"))
    (out / "grid.pdf").write_bytes(export("grid_pdf"))
    (out / "agendas.pdf").write_bytes(export("agendas_pdf"))
    for participant in event.participants:
        (out / f"{participant.id}.ics").write_bytes(export("calendar", participant.id))
