"""The database: tables, migrations, and one repository module per aggregate.

All of Tandem's SQL lives in this package. :class:`Store` opens the database and holds the
catalogue's records; :mod:`.accounts`, :mod:`.followups` and :mod:`.events` are the other
aggregates' repositories, each working through the store's transactions.
"""

from .catalogue import RESOURCES, Store

__all__ = ["RESOURCES", "Store"]
