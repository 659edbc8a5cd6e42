"""``matcher users``: accounts of the web application, created by an administrator."""

import click

from ..records import ROLES
from .base import _engine, cli


@cli.group()
def users():
    """Accounts: sme (a company), officer (labs), animator (events), admin."""


@users.command("add")
@click.argument("email")
# Checked by Accounts.create rather than by click, so that every bad value is named on one line.
@click.option("--role", required=True, metavar="ROLE", help=f"One of {', '.join(ROLES)}.")
@click.option("--name", default="", help="Name shown in the application (default: the e-mail's first part).")
@click.option("--company", "company_id", metavar="ID", help="sme: the company the account speaks for.")
@click.option("--lab", "lab_ids", metavar="ID", multiple=True, help="officer: a lab the account keeps (repeat).")
@click.password_option(help="At least 10 characters; asked twice when not given.")
@click.pass_context
def add(ctx, email, role, name, company_id, lab_ids, password):
    """Create an account (nothing is written when a value is not valid)."""
    user = _engine(ctx).accounts.create(email, password, role, name=name, company_id=company_id, lab_ids=lab_ids)
    labs = f", labs {', '.join(user.lab_ids)}" if user.lab_ids else ""
    company = f", company {user.company_id}" if user.company_id else ""
    click.echo(f"created {user.role} account {user.email}{company}{labs}")


@users.command("list")
@click.pass_context
def list_(ctx):
    """Every account with its role, company or labs."""
    for user in _engine(ctx).accounts.all():
        attached = user.company_id or ", ".join(user.lab_ids)
        click.echo(f"{user.email:40} {user.role:9} {attached}")


@users.command("labs")
@click.argument("email")
@click.option("--lab", "lab_ids", metavar="ID", multiple=True, required=True, help="A lab the officer keeps (repeat).")
@click.pass_context
def labs(ctx, email, lab_ids):
    """Set the labs an officer keeps (and may edit)."""
    engine = _engine(ctx)
    user = engine.accounts.find(email)
    engine.accounts.set_labs(user.id, lab_ids)
    click.echo(f"{user.email} keeps {', '.join(lab_ids)}")


@users.command("token")
@click.argument("email")
@click.pass_context
def token(ctx, email):
    """Issue an API token for the account (shown once; the previous one stops working)."""
    engine = _engine(ctx)
    click.echo(engine.accounts.issue_token(engine.accounts.find(email).id))
