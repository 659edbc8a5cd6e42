"""What protects users: CSRF tokens on every form, escaping of everything shown back, cookie flags, limits."""

import re

import pytest
from conftest import PASSWORD, PEOPLE

XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'
ESCAPED = "&lt;script&gt;alert("


def assert_escaped(html):
    assert "<script>alert(" not in html and "<img src=x" not in html
    assert ESCAPED in html


# --- CSRF ----------------------------------------------------------------------------------
@pytest.fixture
def guarded(engine, settings):
    """The app with CSRF checks on, as in production."""
    from web import create_app

    for email, account in PEOPLE.items():
        engine.accounts.create(email, PASSWORD, **account)
    return create_app({"TESTING": True, "SECRET_KEY": "test", "TANDEM_DATABASE_URL": settings.database_url,
                       "TANDEM_CACHE_DIR": str(settings.cache_dir)})


def csrf_token(client, path):
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', client.get(path).get_data(as_text=True)).group(1)


def test_every_form_refuses_a_post_without_its_token(guarded, engine):
    client = guarded.test_client()
    token = csrf_token(client, "/login")
    assert client.post("/login", data={"email": "admin@tandem.test", "password": PASSWORD}).status_code == 400
    assert client.post("/login", data={"email": "admin@tandem.test", "password": PASSWORD,
                                       "csrf_token": token}).status_code == 302
    values = {"need_id": "riverco-levels", "lab_id": "hydro", "company_id": "riverco", "event_id": "rdv",
              "participant_id": "riverco", "schedule_id": "1"}
    posts = [rule for rule in guarded.url_map.iter_rules()
             if "POST" in rule.methods and not rule.rule.startswith("/api/")]
    assert len(posts) >= 7  # login, logout, save a need, follow-up, lab edit, collaboration, import ×2
    revision, needs = engine.store.revision(), len(engine.store.needs())
    for rule in posts:
        path = rule.rule
        for name in rule.arguments:
            path = re.sub(rf"<(\w+:)?{name}>", values[name], path)
        answer = client.post(path, data={"title": "x", "text": "crues", "status": "contacted"})
        assert answer.status_code == 400, path
        assert "CSRF" in answer.get_data(as_text=True), path
    assert (engine.store.revision(), len(engine.store.needs())) == (revision, needs)
    assert engine.followups.for_need("riverco-levels") == []


def test_session_cookie_flags(guarded, settings):
    from web import create_app

    client = guarded.test_client()
    client.post("/login", data={"email": "admin@tandem.test", "password": PASSWORD,
                                "csrf_token": csrf_token(client, "/login")})
    cookie = client.get_cookie("session")
    assert cookie.http_only and cookie.same_site == "Lax" and not cookie.secure
    secure = create_app({"TESTING": True, "SECRET_KEY": "t", "TANDEM_SECURE_COOKIES": "1",
                         "TANDEM_DATABASE_URL": settings.database_url, "WTF_CSRF_ENABLED": False})
    client = secure.test_client()
    answer = client.post("/login", data={"email": "admin@tandem.test", "password": PASSWORD})
    assert "Secure" in answer.headers["Set-Cookie"] and "HttpOnly" in answer.headers["Set-Cookie"]


def test_a_wrong_password_says_only_that(client):
    page = client.post("/login", data={"email": "admin@tandem.test", "password": "wrong password"})
    assert page.status_code == 400 and "incorrect" in page.get_data(as_text=True)


def test_login_never_sends_someone_elsewhere(client):
    answer = client.post("/login?next=https://evil.test/", data={"email": "admin@tandem.test", "password": PASSWORD})
    assert answer.headers["Location"] == "/"
    assert client.get("/lang/en?next=//evil.test").headers["Location"] == "/"


# --- Escaping: every field that is shown back ---------------------------------------------
def test_search_fields_are_escaped(client):
    assert_escaped(client.get("/", query_string={"q": XSS + " crues"}).get_data(as_text=True))
    page = client.get("/", query_string={"q": "crues", "headcount": XSS, "founded": "2019", "company_region": "Occitanie"})
    assert page.status_code == 400
    assert_escaped(page.get_data(as_text=True))
    assert_escaped(client.get("/labs/", query_string={"q": XSS}).get_data(as_text=True))
    assert_escaped(client.get("/labs/", query_string={"parent": XSS}).get_data(as_text=True))


def test_a_saved_need_and_a_note_are_escaped(login, engine):
    client = login("sme@riverco.test")
    answer = client.post("/needs", data={"title": XSS, "text": XSS + " crues des rivières", "lang": "fr"})
    need_page = client.get(answer.headers["Location"])
    assert_escaped(need_page.get_data(as_text=True))
    need_id = answer.headers["Location"].rsplit("/", 1)[1]
    client.post(f"/needs/{need_id}/labs/hydro/status", data={"status": "contacted", "note": XSS})
    assert_escaped(client.get(f"/needs/{need_id}").get_data(as_text=True))
    assert_escaped(client.get("/companies/riverco").get_data(as_text=True))


def test_lab_profile_fields_are_escaped(login, engine):
    client = login("officer@hydro.test")
    form = client.get("/officer/labs/hydro/edit").get_data(as_text=True)
    fields = dict(re.findall(r'<textarea[^>]*name="(\w+)"[^>]*>\s*([^<]*)</textarea>', form))
    data = {**fields, "name": XSS, "themes_fr": XSS, "keywords_en": XSS + "\nflood", "description": XSS + " crues",
            "description_lang": "fr", "platforms": f"Banc {XSS}: {XSS}", "trl_min": "2", "trl_max": "5"}
    answer = client.post("/officer/labs/hydro/edit", data=data)
    assert answer.status_code == 302, answer.get_data(as_text=True)
    for path in ("/labs/hydro", "/labs/hydro?lang=en", "/labs/", "/officer/"):
        assert_escaped(client.get(path).get_data(as_text=True))
    assert_escaped(client.get("/", query_string={"q": "crues"}).get_data(as_text=True))


def test_collaboration_and_import_fields_are_escaped(login):
    client = login("officer@hydro.test")
    page = client.post("/officer/collaborations/new", data={
        "first": "hydro", "second": XSS, "kind": "project", "title": XSS, "source_url": "https://example.org"})
    assert page.status_code == 400
    assert_escaped(page.get_data(as_text=True))
    import io

    csv = f"company_id,title,text\nriverco,{XSS.replace(',', ' ')},crues\n{XSS.replace(',', ' ')},t,x\n"
    page = client.post("/officer/needs/import", data={"file": (io.BytesIO(csv.encode()), "needs.csv")},
                       content_type="multipart/form-data")
    assert_escaped(page.get_data(as_text=True))


# --- Limits ---------------------------------------------------------------------------------
@pytest.mark.parametrize("setting, message", [
    ({"TANDEM_RATE_LIMIT": "lots"}, "TANDEM_RATE_LIMIT='lots': write a limit such as '60 per minute'"),
    ({"TANDEM_MAX_UPLOAD_MB": "two"}, "TANDEM_MAX_UPLOAD_MB='two': use a number"),
    ({"TANDEM_MAX_UPLOAD_MB": "0"}, "TANDEM_MAX_UPLOAD_MB=0: give a size in MB above 0"),
    ({"TANDEM_SECURE_COOKIES": "maybe"}, "TANDEM_SECURE_COOKIES='maybe': use 1 (on) or 0 (off)"),
])
def test_a_bad_setting_stops_the_app_with_its_name(settings, setting, message):
    """A limit Tandem cannot read is refused at start, never silently dropped."""
    from matcher.errors import InvalidInputError
    from web import create_app

    with pytest.raises(InvalidInputError, match=re.escape(message)):
        create_app({"SECRET_KEY": "t", "TANDEM_DATABASE_URL": settings.database_url, **setting})


def test_a_request_over_the_size_limit_is_a_413_page(client):
    page = client.post("/login", data={"email": "x" * (3 * 1024 * 1024), "password": "p"})
    assert page.status_code == 413 and "MB" in page.get_data(as_text=True)


def test_no_mistake_gives_a_server_error(login):
    client = login("admin@tandem.test")
    for method, path in [("GET", "/labs/%00"), ("GET", "/needs/%ff"), ("GET", "/labs/?page=-1"),
                         ("GET", "/labs/?page=99999999999999999999"), ("GET", "/?q=%00"), ("POST", "/labs/"),
                         ("GET", "/officer/?lab=nowhere"), ("GET", "/lang/de"), ("DELETE", "/"),
                         ("GET", "/labs/hydro/network.json?hops=%ff")]:
        answer = client.open(path, method=method)
        assert answer.status_code < 500, (method, path, answer.status_code)
