"""The public matching's default rate limit: 60 requests a minute per client address.

The other web tests set their own limit (tests/conftest.py: 1000 a minute), so only this
file sees the default that a server started without TANDEM_RATE_LIMIT gets. The limit is read
from the headers Flask-Limiter sends; tests/web/test_api.py checks the 429 itself on a small limit.
"""

from web import create_app


def test_without_a_setting_the_matching_allows_60_requests_a_minute(engine, settings, monkeypatch):
    monkeypatch.delenv("TANDEM_RATE_LIMIT", raising=False)
    client = create_app({"TESTING": True, "SECRET_KEY": "test", "TANDEM_DATABASE_URL": settings.database_url,
                         "TANDEM_CACHE_DIR": str(settings.cache_dir)}).test_client()
    first = client.post("/api/v1/match", json={"text": "crues"})
    assert first.status_code == 200
    assert (first.headers["X-RateLimit-Limit"], first.headers["X-RateLimit-Remaining"]) == ("60", "59")
    second = client.get("/api/v1/match", query_string={"q": "crues"})  # the same budget for GET and POST
    assert (second.headers["X-RateLimit-Limit"], second.headers["X-RateLimit-Remaining"]) == ("60", "58")
