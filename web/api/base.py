"""What every resource module of the API shares: the blueprint, the tags, the token and who calls.

Every answer is the envelope of :mod:`web.envelope`; errors raised in the views become the
error envelope in :mod:`web.errors`. The resource modules register their routes on
``bp``; :mod:`web.api` imports them, and ``create_app`` exempts ``bp`` from CSRF.
"""

from flask import abort, request
from flask_openapi3 import APIBlueprint, Tag
from werkzeug.datastructures import WWWAuthenticate
from werkzeug.exceptions import Unauthorized

from ..extensions import get_engine

bp = APIBlueprint("api", __name__, url_prefix="/api/v1")

TAGS = {name: Tag(name=name, description=text) for name, text in (
    ("matching", "Rank the labs that can answer a need, with partnership proposals"),
    ("labs", "The catalogue of research labs"),
    ("companies", "The companies of the store"),
    ("needs", "Needs of companies and the follow-up of their proposals"),
    ("schemes", "Funding schemes and eligibility verdicts"),
    ("graph", "Who already works with whom"),
    ("events", "Brokerage events: participants, wishes, suggestions, schedules and agendas"),
)}
TOKEN = [{"token": []}]  # the bearer scheme declared by create_app


def caller(*roles):
    """The account of the request's bearer token (401 without a valid one); with ``roles``, it must
    have one of them (admins always do), else 403.

    The API never takes a session cookie alone for a write: it is exempt from CSRF, and a
    cross-site page cannot send an ``Authorization`` header.
    """
    auth = request.authorization
    # The token's own account, even when the browser also sends a session cookie.
    token = auth.token if auth is not None and auth.type == "bearer" else None
    user = get_engine().accounts.by_token(token) if token else None
    if user is None:
        raise Unauthorized("send a valid API token: 'Authorization: Bearer <token>' (matcher users token EMAIL)",
                           www_authenticate=WWWAuthenticate("bearer"))
    if roles and user.role not in (*roles, "admin"):
        abort(403)
    return user
