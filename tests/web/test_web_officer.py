"""The tech-transfer officer's space: dashboard, profile edits, collaborations, needs import."""

import base64
import html
import io
import re

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from matcher.catalogue import tabular
from matcher.store.tables import NeedRow

OFFICER = "officer@hydro.test"
PAGES = ["/officer/", "/officer/labs/hydro/edit", "/officer/collaborations/new", "/officer/needs/import",
         "/officer/needs/template.csv"]


def text(response):
    return html.unescape(response.get_data(as_text=True))


def lab_form(lab, **changes):
    """The edit form as the browser posts it for ``lab`` (its current values), with ``changes``."""
    description = next(doc for doc in lab.documents if doc.kind == "description")
    data = {"name": lab.name, "website": lab.website or "", "themes_fr": "\n".join(lab.themes.fr),
            "themes_en": "\n".join(lab.themes.en), "keywords_fr": "\n".join(lab.keywords.fr),
            "keywords_en": "\n".join(lab.keywords.en), "trl_min": str(lab.trl[0]), "trl_max": str(lab.trl[1]),
            "description": description.text, "description_lang": description.lang, "platforms": ""}
    return {**data, **changes}


# Dashboard -----------------------------------------------------------------------------------
def test_dashboard_lists_the_open_needs_that_suit_the_officers_lab(login):
    page = login(OFFICER).get("/officer/")
    body = text(page)
    assert page.status_code == 200
    # riverco-levels is about river levels and floods (HYDRO's subject); agribot-vision is about robots.
    assert '<a href="/needs/riverco-levels">Niveau des rivières</a>' in body
    assert "RiverCo" in body and "Occitanie Pair (peut-être éligible)" in body
    assert "Plant perception" not in body
    assert 'href="/labs/hydro"' in body and 'href="/officer/labs/hydro/edit"' in body


def test_dashboard_data_follows_the_language(login):
    body = text(login(OFFICER).get("/officer/?lang=en"))
    assert "HYDRO fits the need" in body and "Occitanie Pair (possibly eligible)" in body


def test_dashboard_shows_where_each_proposal_stands(login, engine):
    need = engine.save_need("riverco", "Stations de crue", "prévoir les crues des rivières par satellite")
    officer = engine.accounts.find(OFFICER)
    engine.followups.advance(need.id, "hydro", "contacted", user_id=officer.id, note="appel le 3 mars")
    body = text(login(OFFICER).get("/officer/"))
    followups = body[body.index("Suivi des propositions"):]
    assert f'<a href="/needs/{need.id}">Stations de crue</a>' in followups
    assert "contact pris" in followups and "Oscar Hydro" in followups and "appel le 3 mars" in followups


def test_an_admin_picks_any_lab(login):
    client = login("admin@tandem.test")
    assert "Choisissez un laboratoire" in text(client.get("/officer/"))
    body = text(client.get("/officer/?lab=robo"))
    assert '<a href="/needs/agribot-vision">Plant perception</a>' in body and "Niveau des rivières" not in body
    assert client.get("/officer/?lab=nowhere").status_code == 404


def test_an_officer_sees_only_the_labs_they_keep(login):
    assert login(OFFICER).get("/officer/?lab=robo").status_code == 403


@pytest.mark.parametrize("path", PAGES)
def test_smes_are_refused_and_visitors_sent_to_log_in(client, login, path):
    anonymous = client.get(path)
    assert anonymous.status_code == 302 and anonymous.headers["Location"].startswith("/login")
    assert login("sme@riverco.test").get(path).status_code == 403


# Lab profile ---------------------------------------------------------------------------------
def test_an_edit_changes_the_ranking_at_once(login, engine):
    hydro = engine.get("labs", "hydro")
    assert engine.match(["la zymurgie"])[0] == []  # no lab has the word yet
    client = login(OFFICER)
    form = lab_form(hydro, keywords_fr="crue\ndébit\nzymurgie", platforms="Canal : canal d'essais de 30 m")
    response = client.post("/officer/labs/hydro/edit", data=form)
    assert response.status_code == 302 and response.headers["Location"] == "/labs/hydro"
    assert "Le profil de HYDRO est enregistré." in text(client.get("/officer/"))
    assert [m.lab_id for m in engine.match(["la zymurgie"])[0]] == ["hydro"]
    assert "HYDRO" in text(client.get("/", query_string={"q": "la zymurgie"}))
    edited = engine.get("labs", "hydro")
    assert edited.keywords.fr == ("crue", "débit", "zymurgie")
    assert [(p.name, p.description) for p in edited.platforms] == [("Canal", "canal d'essais de 30 m")]
    assert edited.documents == hydro.documents  # the team document and the description are kept


def test_the_description_document_is_edited(login, engine):
    hydro = engine.get("labs", "hydro")
    form = lab_form(hydro, description="We study karst aquifers.", description_lang="en")
    assert login(OFFICER).post("/officer/labs/hydro/edit", data=form).status_code == 302
    documents = engine.get("labs", "hydro").documents
    assert [(d.kind, d.lang, d.text) for d in documents] == [
        ("description", "en", "We study karst aquifers."), ("team", "fr", hydro.documents[1].text)]


def test_the_edit_page_shows_the_profile(login):
    body = text(login(OFFICER).get("/officer/labs/hydro/edit"))
    assert "crue\ndébit</textarea>" in body and 'name="trl_max" type="number" value="4"' in body
    assert "Le laboratoire étudie les crues des rivières" in body


@pytest.mark.parametrize("changes, problem", [
    ({"trl_min": "8", "trl_max": "3"}, "TRL range [8, 3] is not valid"),
    ({"keywords_en": ""}, "a detailed profile needs keywords"),
    ({"trl_max": ""}, "Donnez les deux bornes du TRL, ou aucune."),
    ({"platforms": "Canal sans description"}, "Ligne 1 : écrivez « nom : description »."),
    ({"website": "pas une adresse"}, "URL non valide"),
])
def test_an_invalid_edit_is_shown_and_changes_nothing(login, engine, changes, problem):
    hydro, revision = engine.get("labs", "hydro"), engine.store.revision()
    response = login(OFFICER).post("/officer/labs/hydro/edit", data=lab_form(hydro, **changes))
    assert response.status_code == 400 and problem in text(response)
    assert engine.get("labs", "hydro") == hydro and engine.store.revision() == revision


def test_an_officer_cannot_edit_another_lab(login, engine):
    robo = engine.get("labs", "robo")
    client = login(OFFICER)
    assert client.get("/officer/labs/robo/edit").status_code == 403
    assert client.post("/officer/labs/robo/edit", data=lab_form(robo, name="Taken over")).status_code == 403
    assert engine.get("labs", "robo") == robo


def test_an_admin_edits_any_lab(login, engine):
    robo = engine.get("labs", "robo")
    response = login("admin@tandem.test").post("/officer/labs/robo/edit", data=lab_form(robo, name="Robotics lab"))
    assert response.status_code == 302 and engine.get("labs", "robo").name == "Robotics lab"


# Collaborations ------------------------------------------------------------------------------
COLLABORATION = {"first": " hydro ", "second": "dronco", "kind": "project", "title": "Drones over rivers",
                 "source_url": "https://example.org/drones", "source_title": "", "years": "2022-", "scheme": ""}


def test_a_recorded_collaboration_joins_the_graph(login, engine):
    response = login(OFFICER).post("/officer/collaborations/new", data=COLLABORATION)
    assert response.status_code == 302
    [recorded] = engine.graph().edges["hydro", "dronco"]["collaborations"]
    assert (recorded["kind"], recorded["years"], recorded["title"]) == ("project", [2022, None], "Drones over rivers")
    assert recorded["sources"] == [{"title": "https://example.org/drones", "url": "https://example.org/drones"}]


@pytest.mark.parametrize("changes, problem", [
    ({"first": "hydro", "second": "riverco", "years": "2020-2021"}, "already recorded: hydro and riverco"),
    ({"second": "nobody"}, "'nobody' is not a lab or company of the catalogue"),
    ({"scheme": "labcom"}, "N'est pas un choix valide"),
    ({"years": "depuis 2020"}, "Donnez une année (2021)"),
    ({"first": "robo"}, "Un des deux partenaires doit être un laboratoire que vous suivez : hydro."),
])
def test_a_refused_collaboration_writes_nothing(login, engine, changes, problem):
    before = engine.store.collaborations()
    response = login(OFFICER).post("/officer/collaborations/new", data={**COLLABORATION, **changes})
    assert response.status_code == 400 and problem in text(response)
    assert engine.store.collaborations() == before


def test_years_and_scheme_are_read_as_the_command_line_reads_them(login, engine):
    data = {**COLLABORATION, "years": "2021", "scheme": "occitanie-pair", "kind": "contract"}
    assert login(OFFICER).post("/officer/collaborations/new", data=data).status_code == 302
    [recorded] = engine.graph().edges["hydro", "dronco"]["collaborations"]
    assert (recorded["years"], recorded["scheme"]) == ([2021, 2021], "occitanie-pair")


# Needs import --------------------------------------------------------------------------------
GOOD_AND_BAD = ("company_id;title;text;lang;trl\n"
                "riverco;Capteurs de crue;Prévoir les crues des rivières avec nos capteurs;fr;3-5\n"
                "nobody;<b>Robot</b>;Un robot;fr;12\n")


def upload(client, content, filename="needs.csv"):
    return client.post("/officer/needs/import", data={"file": (io.BytesIO(content), filename)},
                       content_type="multipart/form-data")


def hidden(response):
    """The confirmation form's fields, as the preview page holds them."""
    body = response.get_data(as_text=True)
    return {name: re.search(rf'name="{name}" type="hidden" value="([^"]*)"', body).group(1)
            for name in ("filename", "content")}


def test_the_preview_checks_every_row_and_saves_nothing(login, engine):
    response = upload(login(OFFICER), GOOD_AND_BAD.encode())
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    rows = re.findall(r'<tr class="row-(ok|problem)">\s*<td class="num">(\d+)</td>', body)
    assert rows == [("ok", "2"), ("problem", "3")]
    assert "unknown company &#39;nobody&#39;" in body and "between 1 and 9" in body
    assert "&lt;b&gt;Robot&lt;/b&gt;" in body and "<b>Robot" not in body
    assert len(engine.store.needs()) == 2


def test_the_confirmation_saves_only_the_valid_rows(login, engine):
    client = login(OFFICER)
    response = client.post("/officer/needs/import/confirm", data=hidden(upload(client, GOOD_AND_BAD.encode())))
    assert response.status_code == 302
    [saved] = [need for need in engine.needs_of("riverco") if need.id != "riverco-levels"]
    assert (saved.title, saved.trl, saved.lang) == ("Capteurs de crue", (3, 5), "fr")
    assert "nobody" not in {need.company_id for need in engine.store.needs()} and len(engine.store.needs()) == 3
    with Session(engine.store.engine) as session:
        assert session.scalar(select(NeedRow.created_by).where(NeedRow.id == saved.id)) == \
            engine.accounts.find(OFFICER).id
    assert {f.lab_id for f in engine.followups.for_need(saved.id)} >= {"hydro"}  # proposed at once
    body = text(client.get("/officer/"))
    assert "1 besoin enregistré." in body and "Lignes non enregistrées : 3." in body


def test_the_confirmation_checks_the_file_again(login, engine):
    client = login(OFFICER)
    fields = hidden(upload(client, GOOD_AND_BAD.encode()))

    fields["content"] = base64.b64encode(GOOD_AND_BAD.replace("riverco;", "ghost;").encode()).decode()
    client.post("/officer/needs/import/confirm", data=fields)
    assert len(engine.store.needs()) == 2
    assert "0 besoins enregistrés." in text(client.get("/officer/"))


def test_a_damaged_confirmation_is_refused(login, engine):
    response = login(OFFICER).post("/officer/needs/import/confirm", data={"filename": "a.csv", "content": "%%%"})
    assert response.status_code == 400 and "envoyez-le à nouveau" in text(response)
    assert len(engine.store.needs()) == 2


def test_an_excel_file_is_previewed(login):
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    book.active.append(["company_id", "title", "text", "trl"])
    book.active.append(["agribot", "Vision des plants", "Reconnaître les plants de vigne", 4])
    content = io.BytesIO()
    book.save(content)
    response = upload(login(OFFICER), content.getvalue(), "besoins.xlsx")
    assert response.status_code == 200 and 'class="row-ok"' in response.get_data(as_text=True)


@pytest.mark.parametrize("content, filename, problem", [
    (b"%PDF-1.4", "needs.pdf", "is not a spreadsheet Tandem reads"),
    (b"company_id,title\nriverco,Capteurs\n", "needs.csv", "missing: text"),
    (b"", "needs.csv", "the file is empty"),
    ("company_id,title,text\nriverco,Crue,Débit\n".encode("latin-1"), "needs.csv", "not UTF-8"),
])
def test_a_file_that_cannot_be_read_is_explained(login, engine, content, filename, problem):
    response = upload(login(OFFICER), content, filename)
    assert response.status_code == 400 and problem in text(response)
    assert len(engine.store.needs()) == 2


def test_an_upload_without_a_file_is_refused(login):
    response = login(OFFICER).post("/officer/needs/import", data={}, content_type="multipart/form-data")
    assert response.status_code == 400 and 'class="error"' in response.get_data(as_text=True)


def test_a_file_too_large_is_refused(login, app):
    too_large = b"x" * (app.config["MAX_CONTENT_LENGTH"] + 1)
    response = upload(login(OFFICER), too_large)
    assert response.status_code == 413 and "max. 2 MB" in text(response)


def test_the_template_is_a_file_the_import_reads(login):
    response = login(OFFICER).get("/officer/needs/template.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    [(number, row)] = tabular.read_table("template.csv", response.data)
    assert number == 2 and tuple(row) == tabular.COLUMNS and row["trl"] == "3-5"
