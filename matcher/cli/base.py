"""The ``matcher`` command group and what its commands share."""

import dataclasses

import click

from .. import Engine, Settings, __version__
from ..errors import MatcherError
from ..records import parse_trl


class _Group(click.Group):
    """Shows a user's mistake as one clear line (exit status 1), never a traceback."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except MatcherError as error:
            raise click.ClickException(str(error)) from None


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--db", "database_url", metavar="URL",
              help="SQLAlchemy URL of the store [env TANDEM_DATABASE_URL; default: SQLite in instance/, or in "
                   "~/.local/share/tandem when installed].")
@click.version_option(__version__, prog_name="matcher")
@click.pass_context
def cli(ctx, database_url):
    """Tandem: find the research labs that can answer an SME's technical need."""
    settings = Settings.from_env()
    if database_url:
        settings = dataclasses.replace(settings, database_url=database_url)
    ctx.obj = settings


def _engine(ctx):
    return Engine(ctx.obj)


def _trl(_ctx, _param, value):
    try:
        return parse_trl(value) if value else None
    except MatcherError as error:
        raise click.BadParameter(str(error)) from None


def _cut(text, width):
    return text if len(text) <= width else text[: max(width - 1, 1)] + "…"
