"""``matcher db``: the store's schema, created and migrated as an explicit step."""

import click

from .base import _engine, cli


@cli.group("db")
def db_group():
    """The store's database: create or migrate its schema."""


@db_group.command()
@click.pass_context
def upgrade(ctx):
    """Create the store's schema, or migrate it to the latest migration (keeping its content).

    Run it once after installing or updating Tandem (`make run` does); the other commands
    refuse a database that is not up to date. A store made before migrations is adopted.
    """
    engine = _engine(ctx)
    done = engine.upgrade_store()
    where = engine.store.shown_url
    if done.adopted:
        click.echo(f"{where}: a store made before migrations, adopted and migrated to {done.after} (the latest)")
    elif done.before is None:
        click.echo(f"{where}: schema created at migration {done.after} (the latest)")
    elif done.changed:
        click.echo(f"{where}: migrated from {done.before} to {done.after} (the latest)")
    else:
        click.echo(f"{where}: already at the latest migration ({done.after}); nothing to do")
