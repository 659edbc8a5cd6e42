"""Alembic environment: migrations run on the connection the store hands over (``Store.upgrade``)."""

from alembic import context

from matcher.store.tables import Base

connection = context.config.attributes["connection"]
# Batch mode: SQLite changes a table by copying it, which Alembic does for us.
context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
