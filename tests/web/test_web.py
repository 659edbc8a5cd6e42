import pytest


def test_home_page_shows_the_form(client):
    page = client.get("/")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert '<textarea id="q" maxlength="10000" name="q"' in html and "Quel est votre besoin technique" in html
    assert 'name="headcount"' in html and 'name="company_region"' in html  # the optional company facts


def test_a_need_gets_ranked_labs_with_reasons(client):
    page = client.get("/", query_string={"q": "prévoir les crues des rivières par satellite"})
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert html.index("HYDRO") < html.index("Crues et rivieres")
    assert '<span class="term">crues rivières</span>' in html  # the shared terms
    assert "Document « Présentation » <span class=\"doc-score\">0.18</span>" in html  # a best document, its score


def test_region_filter(client):
    html = client.get("/", query_string={"q": "crues rivières robots", "region": "Auvergne-Rhône-Alpes"}).get_data(as_text=True)
    assert "ROBO" in html and "HYDRO" not in html


@pytest.mark.parametrize("query, message", [
    ({"q": "   "}, "the need is empty"),
    ({"q": "crues", "region": "Mars"}, "unknown region"),
    ({"q": "x" * 20_000}, "at most 10,000 are accepted"),
])
def test_bad_input_gets_a_clear_page(client, query, message):
    page = client.get("/", query_string=query)
    assert page.status_code == 400
    assert message in page.get_data(as_text=True)


def test_user_text_is_escaped(client):
    payload = '<script>alert("x")</script> crues'
    html = client.get("/", query_string={"q": payload}).get_data(as_text=True)
    assert "<script>alert" not in html and "&lt;script&gt;" in html


def test_unknown_page_is_a_404_page(client):
    page = client.get("/nowhere")
    assert page.status_code == 404 and "Page introuvable" in page.get_data(as_text=True)


def test_a_database_never_migrated_is_the_operators_to_fix(tmp_path):
    # Without `matcher db upgrade` the pages answer 503 with the remedy, not a user's 400 nor a 500.
    from web import create_app

    app = create_app({"SECRET_KEY": "test", "TANDEM_DATABASE_URL": f"sqlite:///{tmp_path / 'new.sqlite3'}",
                      "TANDEM_CACHE_DIR": str(tmp_path / "cache")})
    client = app.test_client()
    response = client.get("/labs/")
    page = response.get_data(as_text=True)
    assert response.status_code == 503
    assert "l'administrateur doit mettre à jour la base de données (matcher db upgrade)" in page.replace("&#39;", "'")
    assert "new.sqlite3" not in page  # where the database is stays in the server's log
    english = client.get("/labs/?lang=en").get_data(as_text=True)
    assert "the administrator must upgrade the database (matcher db upgrade)" in english
