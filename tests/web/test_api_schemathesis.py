"""Schemathesis against the API on the fixture store: generated requests, valid and not, on every
operation of the OpenAPI document; no answer may be a server error or differ from the document."""

import hypothesis
import pytest
import schemathesis
from schemathesis.checks import positive_data_acceptance

from web import create_app

# The document is the same for every app (it is generated from the API's models), so it is read
# once here, from an app on an empty in-memory store; each test sends its requests to the `app`
# fixture, on the fixture catalogue. (schemathesis.pytest.from_fixture would avoid this, but it
# fails on pytest 9.2: it sets Function._nodeid, which pytest no longer has.)
schema = schemathesis.openapi.from_wsgi(
    "/api/v1/openapi.json", create_app({"TESTING": True, "SECRET_KEY": "test", "TANDEM_DATABASE_URL": "sqlite://"}))


pytestmark = pytest.mark.slow  # hundreds of generated requests


@pytest.fixture
def admin_token(app):
    """An admin's token, so that the write endpoints are exercised past their 401."""
    accounts = app.extensions["tandem"].accounts
    return accounts.issue_token(accounts.find("admin@tandem.test").id)


@schema.parametrize()
@hypothesis.settings(max_examples=25, deadline=None, derandomize=True, database=None,
                     suppress_health_check=list(hypothesis.HealthCheck))
def test_api_answers_as_documented(case, app, admin_token):
    # A generated run sends more requests than the matching endpoints' rate limit lets a client.
    app.config["TANDEM_RATE_LIMIT"] = "100000 per minute"
    # Values that fit the document but that the catalogue does not know (a region "abc", an
    # unknown lab id) are refused with 400/404 by design: "schema-valid data must succeed" does not apply.
    case.call_and_validate(app=app, headers={"Authorization": f"Bearer {admin_token}"},
                           excluded_checks=[positive_data_acceptance])
