"""The JSON API under /api/v1 (OpenAPI document generated from the views' pydantic models).

The blueprint and what the resource modules share live in :mod:`web.api.base`; each
resource module (catalogue, match, needs, graph, events) registers its routes on it when
imported here, so that importing this package gives the blueprint with every route.
"""

from . import catalogue, events, graph, match, needs
from .base import bp

__all__ = ["bp", "catalogue", "events", "graph", "match", "needs"]
