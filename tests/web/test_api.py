"""The JSON API under /api/v1, on the fixture catalogue (tests/fixtures/catalog).

By hand: a need about river floods seen by satellite shares its words with HYDRO (Occitanie,
CNRS) and the directory lab CRUE (rnsr-100000002b, Toulouse), with nothing else; the
collaborations form a chain riverco - hydro - robo - agribot - batt, with dronco beside robo.
"""

from pathlib import Path

import jsonschema
import pytest
from schemathesis.specs.openapi.definitions import OPENAPI_31

import web
from web import create_app

RIVER_NEED = "prévoir les crues des rivières par satellite"
OCCITANIE_SME = {"headcount": 20, "founded": 2019, "region": "Occitanie"}


@pytest.fixture
def bearer(app):
    """``bearer(email)``: the Authorization header of a fresh token of one of PEOPLE."""
    accounts = app.extensions["tandem"].accounts

    def header(email):
        return {"Authorization": f"Bearer {accounts.issue_token(accounts.find(email).id)}"}

    return header


def data(response, status=200):
    assert response.status_code == status, response.get_data(as_text=True)
    return response.get_json()["data"]


def error(response, status):
    assert response.status_code == status, response.get_data(as_text=True)
    return response.get_json()["error"]["message"]


def fresh_app(settings, **config):
    return create_app({"TESTING": True, "SECRET_KEY": "test", "TANDEM_DATABASE_URL": settings.database_url,
                       "TANDEM_CACHE_DIR": str(settings.cache_dir), **config})


# Matching ----------------------------------------------------------------------------------
def test_match_ranks_the_labs_that_share_the_need_words(client):
    found = data(client.post("/api/v1/match", json={"text": RIVER_NEED, "top": 3}))
    assert [m["lab_id"] for m in found["labs"]] == ["hydro", "rnsr-100000002b"]  # the others share no word
    hydro = found["labs"][0]
    assert 0 < found["labs"][1]["score"] < hydro["score"] <= 1
    assert "crues rivières" in hydro["terms"] and hydro["documents"][0]["title"] == "Équipe altimétrie"
    assert found["proposals"] is None  # no company described


def test_match_filters_by_region_and_by_the_address(client):
    found = data(client.post("/api/v1/match", json={"text": "crues rivières robots", "region": "AURA"}))
    assert [m["lab_id"] for m in found["labs"]] == ["robo"]
    assert [m["lab_id"] for m in data(client.get("/api/v1/match", query_string={"q": RIVER_NEED}))] == \
        ["hydro", "rnsr-100000002b"]


def test_match_with_company_facts_proposes_partnerships_with_their_schemes(client):
    found = data(client.post("/api/v1/match", json={"text": RIVER_NEED, "top": 1, "trl": "3-5",
                                                    "company": OCCITANIE_SME}))
    [proposal] = found["proposals"]
    assert proposal["lab"]["lab_id"] == "hydro" and proposal["need"]["id"] is None
    # Occitanie Pair: company and lab in Occitanie pass, its aid cap is not published (unknown).
    assert [(v["scheme_id"], v["verdict"]) for v in proposal["schemes"]] == [("occitanie-pair", "possibly_eligible")]
    assert proposal["explanation"]["en"].endswith("Schemes within reach: Occitanie Pair (possibly eligible).")


# Catalogue ---------------------------------------------------------------------------------
def test_labs_are_browsed_page_by_page_with_filters(client):
    everything = data(client.get("/api/v1/labs"))
    assert everything["total"] == 5 and [lab["id"] for lab in everything["labs"]][:3] == ["batt", "hydro", "robo"]
    page = data(client.get("/api/v1/labs", query_string={"q": "crue", "per_page": 1, "page": 2}))
    assert (page["total"], page["pages"], [lab["id"] for lab in page["labs"]]) == (2, 2, ["rnsr-100000002b"])
    chemistry = data(client.get("/api/v1/labs", query_string={"domain": "chimie"}))
    assert [lab["id"] for lab in chemistry["labs"]] == ["batt"]


def test_a_lab_its_schemes_and_the_needs_that_suit_it(client):
    lab = data(client.get("/api/v1/labs/hydro"))
    assert (lab["acronym"], lab["trl"], len(lab["documents"])) == ("HYDRO", [1, 4], 2)
    schemes = data(client.get("/api/v1/labs/hydro/schemes"))
    # A CNRS lab is no CEA institute; it is in Occitanie.
    assert [(v["scheme_id"], v["verdict"]) for v in schemes] == [("cea-regional", "not_eligible"),
                                                                 ("occitanie-pair", "eligible")]
    assert [p["need"]["id"] for p in data(client.get("/api/v1/labs/hydro/needs"))] == ["riverco-levels"]
    assert [p["need"]["id"] for p in data(client.get("/api/v1/labs/robo/needs"))] == ["agribot-vision"]


def test_companies_with_their_needs(client):
    companies = data(client.get("/api/v1/companies"))
    assert {c["id"]: c["needs"] for c in companies} == {"agribot": ["agribot-vision"], "dronco": [],
                                                        "riverco": ["riverco-levels"]}
    riverco = data(client.get("/api/v1/companies/riverco"))
    assert (riverco["name"], riverco["headcount"], riverco["needs"]) == ("RiverCo", [10, 49], ["riverco-levels"])


def test_needs_are_listed_filtered_and_read(client):
    assert [n["id"] for n in data(client.get("/api/v1/needs"))] == ["agribot-vision", "riverco-levels"]
    assert [n["id"] for n in data(client.get("/api/v1/needs?company_id=agribot&status=open"))] == ["agribot-vision"]
    assert data(client.get("/api/v1/needs?status=closed")) == []
    need = data(client.get("/api/v1/needs/riverco-levels"))
    assert (need["company_id"], need["trl"], need["lang"]) == ("riverco", [3, 5], "fr")


# Saving needs and following proposals --------------------------------------------------------
def test_an_sme_submits_a_need_for_its_company(client, bearer):
    answer = client.post("/api/v1/needs", headers=bearer("sme@riverco.test"),
                         json={"title": "Capteurs de crue", "text": RIVER_NEED, "trl": "3-5"})
    saved = data(answer, 201)
    assert saved["company_id"] == "riverco" and saved["id"].startswith("capteurs-de-crue-")
    assert answer.headers["Location"] == f"/api/v1/needs/{saved['id']}"
    assert data(client.get(answer.headers["Location"]))["trl"] == [3, 5]
    # Its best labs were recorded as proposed, ready to be followed.
    [first, *_] = data(client.get(f"/api/v1/needs/{saved['id']}/proposals"))
    assert first["lab"]["lab_id"] == "hydro"
    assert first["followup"] == {"status": "proposed", "next": ["contacted", "declined"]}


def test_who_may_submit_a_need(client, bearer, login):
    need = {"title": "Vision", "text": "reconnaître les plantes dans les vignes"}
    assert data(client.post("/api/v1/needs", headers=bearer("admin@tandem.test"),
                            json={**need, "company_id": "agribot"}), 201)["company_id"] == "agribot"
    assert "company_id" in error(client.post("/api/v1/needs", headers=bearer("admin@tandem.test"), json=need), 400)
    assert "title: must be one line" in error(client.post(
        "/api/v1/needs", headers=bearer("admin@tandem.test"), json={**need, "company_id": "agribot", "title": "a\nb"}),
        400)
    error(client.post("/api/v1/needs", headers=bearer("sme@riverco.test"), json={**need, "company_id": "agribot"}),
          403)
    for email in ("officer@hydro.test", "animator@network.test"):
        error(client.post("/api/v1/needs", headers=bearer(email), json=need), 403)
    answer = client.post("/api/v1/needs", json=need)
    error(answer, 401)
    assert answer.headers["WWW-Authenticate"] == "Bearer"
    error(client.post("/api/v1/needs", headers={"Authorization": "Bearer not-a-token"}, json=need), 401)
    # The API is exempt from CSRF: a session cookie alone does not let a write through.
    error(login("sme@riverco.test").post("/api/v1/needs", json=need), 401)
    assert [n["id"] for n in data(client.get("/api/v1/needs?company_id=riverco"))] == ["riverco-levels"]


def step(client, header, status, lab_id="hydro", need_id="riverco-levels"):
    return client.post(f"/api/v1/needs/{need_id}/proposals/{lab_id}/status", headers=header,
                       json={"status": status, "note": f"{status} noted"})


def test_a_proposal_goes_to_an_agreement_then_refuses_any_step(client, bearer):
    contacted = data(step(client, bearer("sme@riverco.test"), "contacted"))
    assert (contacted["status"], contacted["next"]) == ("contacted", ["meeting", "declined"])
    assert [(s["status"], s["by"], s["note"]) for s in contacted["history"]] == [
        ("proposed", None, ""), ("contacted", "Rita River", "contacted noted")]
    data(step(client, bearer("officer@hydro.test"), "meeting"))
    assert data(step(client, bearer("admin@tandem.test"), "agreement"))["next"] == []
    message = error(step(client, bearer("sme@riverco.test"), "declined"), 409)
    assert message == "the proposal is agreement; it can move to nothing: it is closed, not to declined"
    followed = {p["lab"]["lab_id"]: p["followup"] for p in data(client.get("/api/v1/needs/riverco-levels/proposals"))}
    assert followed == {"hydro": {"status": "agreement", "next": []}, "rnsr-100000002b": None}


def test_who_may_move_a_proposal(client, bearer):
    error(step(client, {}, "contacted"), 401)
    error(step(client, bearer("animator@network.test"), "contacted"), 403)
    error(step(client, bearer("officer@hydro.test"), "contacted", lab_id="robo"), 403)  # not its lab
    error(step(client, bearer("sme@riverco.test"), "contacted", lab_id="robo", need_id="agribot-vision"), 403)
    assert "status" in error(step(client, bearer("admin@tandem.test"), "maybe"), 400)
    assert "did you mean riverco-levels?" in error(step(client, bearer("admin@tandem.test"), "contacted",
                                                        need_id="riverco-level"), 404)
    assert data(client.get("/api/v1/needs/riverco-levels/proposals"))[0]["followup"] is None  # nothing moved


# Schemes and graph ---------------------------------------------------------------------------
def test_schemes_and_their_check(client):
    assert [s["id"] for s in data(client.get("/api/v1/schemes"))] == ["cea-regional", "young-sme", "occitanie-pair"]
    verdicts = data(client.post("/api/v1/schemes/check", json={"company_id": "riverco", "lab_ids": ["hydro"],
                                                               "scheme_id": "occitanie-pair"}))
    assert [(v["scheme_id"], v["verdict"]) for v in verdicts] == [("occitanie-pair", "possibly_eligible")]
    [cea] = data(client.post("/api/v1/schemes/check", json={
        "company": {"headcount": 30, "founded": 2015, "region": "AURA"}, "lab_ids": ["batt"], "trl": "4-6",
        "scheme_id": "cea-regional"}))
    # Without turnover nor balance sheet, the EU size class is not known; the rest passes.
    assert [(c["test"], c["status"]) for c in cea["criteria"]] == [
        ("company_size", "unknown"), ("company_region", "pass"), ("lab_required", "pass"), ("trl", "pass")]
    assert "company_id" in error(client.post("/api/v1/schemes/check", json={"lab_ids": ["hydro"]}), 400)
    assert "did you mean hydro?" in error(client.post("/api/v1/schemes/check", json={
        "company_id": "riverco", "lab_ids": ["hydr"]}), 404)


def test_the_network_partners_and_warm_introductions(client):
    near = data(client.get("/api/v1/graph/riverco"))
    assert [(n["id"], n["center"]) for n in near["nodes"]] == [("riverco", True), ("hydro", False)]
    assert [(e["source"], e["target"]) for e in near["edges"]] == [("riverco", "hydro")]
    assert [n["id"] for n in data(client.get("/api/v1/graph/riverco?hops=2"))["nodes"]] == ["riverco", "hydro", "robo"]
    # Most recent first: the CIFRE until 2021, the project until 2020, the undated lab link last.
    assert [p["id"] for p in data(client.get("/api/v1/graph/robo/partners"))] == ["agribot", "dronco", "hydro"]
    [intro] = data(client.get("/api/v1/graph/intro", query_string={"from": "riverco", "to": "robo"}))
    assert intro["path"] == ["riverco", "hydro", "robo"] and intro["reason"]["en"].startswith("HYDRO can introduce you")
    assert "did you mean riverco?" in error(client.get("/api/v1/graph/intro?from=rivrco&to=robo"), 404)
    assert "hops" in error(client.get("/api/v1/graph/riverco?hops=3"), 400)


# Errors --------------------------------------------------------------------------------------
@pytest.mark.parametrize("body, named", [
    ({}, "text: Field required"),
    ({"text": "crues", "top": 0}, "top: Input should be greater than or equal to 1"),
    ({"text": "crues", "top": "3"}, "top: Input should be a valid integer"),
    ({"text": "crues", "tlr": "3-5"}, "tlr: Extra inputs are not permitted"),
    ({"text": "crues", "trl": "high"}, "trl: String should match pattern"),
    ({"text": "crues", "company": {"headcount": 5}}, "company.founded: Field required"),
    ({"text": "   "}, "text: String should have at least 1 character"),
    ({"text": "crues", "region": "Mars"}, "unknown region 'Mars'"),
])
def test_a_bad_body_is_a_400_naming_the_field(client, body, named):
    message = error(client.post("/api/v1/match", json=body), 400)
    assert named in message


def test_a_refused_record_lists_its_problems_one_by_one(client, bearer):
    """A DataError (the need's own checks): ``error.problems`` locates each problem, ``message`` says it all."""
    answer = client.post("/api/v1/needs", headers=bearer("admin@tandem.test"),
                         json={"title": "a\nb", "text": "reconnaître les plantes", "company_id": "agribot"})
    problem = ("title", "must be one line, without line breaks or control characters")
    assert error(answer, 400) == "the need is not valid: " + ": ".join(problem)
    assert answer.get_json()["error"]["problems"] == [dict(zip(("where", "problem"), problem))]


def test_a_bad_body_lists_each_field_with_its_problem(client):
    answer = client.post("/api/v1/match", json={"text": "crues", "top": 0, "tlr": "3-5"})
    assert "top: Input should be greater than or equal to 1" in error(answer, 400)
    assert answer.get_json()["error"]["problems"] == [
        {"where": "top", "problem": "Input should be greater than or equal to 1"},
        {"where": "tlr", "problem": "Extra inputs are not permitted"}]


def test_an_error_without_location_has_no_problems(client):
    answer = client.get("/api/v1/labs?region=Mars")
    assert "unknown region 'Mars'" in error(answer, 400)
    assert answer.get_json()["error"]["problems"] == []


def test_a_body_that_is_not_a_json_object_is_a_400(client):
    assert "body:" in error(client.post("/api/v1/match", data="text=crues", content_type="text/plain"), 400)
    assert "body:" in error(client.post("/api/v1/match", data="{crues", content_type="application/json"), 400)


@pytest.mark.parametrize("url, message", [
    ("/api/v1/labs/hydr", "unknown lab 'hydr': did you mean hydro?"),
    ("/api/v1/companies/rivercorp", "unknown company 'rivercorp': did you mean riverco?"),
    ("/api/v1/needs/riverco-level/proposals", "unknown need 'riverco-level': did you mean riverco-levels?"),
    ("/api/v1/graph/rivrco/partners", "unknown organisation 'rivrco': did you mean riverco?"),
])
def test_an_unknown_id_is_a_404_with_the_closest_ids(client, url, message):
    assert error(client.get(url), 404) == message


def test_a_body_over_the_limit_is_a_413(app, settings):
    client = fresh_app(settings, TANDEM_MAX_UPLOAD_MB="0.01").test_client()  # about 10 KB
    answer = client.post("/api/v1/match", json={"text": "crues " * 2000})
    assert answer.status_code == 413 and answer.get_json()["error"]["code"] == "too_large"


def test_matching_is_rate_limited_across_get_and_post(app, settings):
    client = fresh_app(settings, TANDEM_RATE_LIMIT="2 per minute").test_client()
    assert client.get("/api/v1/match", query_string={"q": "crues"}).status_code == 200
    assert client.post("/api/v1/match", json={"text": "crues"}).status_code == 200
    answer = client.post("/api/v1/match", json={"text": "crues"})
    assert answer.status_code == 429 and answer.get_json()["error"]["code"] == "rate_limited"
    assert 0 < int(answer.headers["Retry-After"]) <= 60
    assert client.get("/api/v1/labs").status_code == 200  # only matching is limited


# One envelope everywhere ----------------------------------------------------------------------
PATH_IDS = {"lab_id": "hydro", "company_id": "riverco", "need_id": "riverco-levels", "org_id": "riverco",
            "event_id": "rdv-hydro", "participant_id": "riverco", "schedule_id": 1}  # the event made by POST /events
QUERIES = {"/api/v1/match": {"q": "crues"}, "/api/v1/graph/intro": {"from": "riverco", "to": "robo"}}
BODIES = {
    "/api/v1/match": {"text": RIVER_NEED, "company": OCCITANIE_SME},
    "/api/v1/needs": {"title": "Crues", "text": RIVER_NEED, "company_id": "riverco"},
    "/api/v1/needs/<need_id>/proposals/<lab_id>/status": {"status": "contacted"},
    "/api/v1/schemes/check": {"company_id": "riverco", "lab_ids": ["hydro"]},
    "/api/v1/events": {"id": "rdv-hydro", "name": "RDV", "date": "2026-05-12", "tables": 1,
                       "sessions": [{"name": "Matin", "start": "09:00", "slot_minutes": 20, "slots": 2}],
                       "participants": [{"id": "riverco"}, {"id": "agribot"}, {"id": "hydro"}, {"id": "robo"}]},
    "/api/v1/events/<event_id>/participants": [{"id": "batt"}],
    "/api/v1/events/<event_id>/wishes": {"by": "riverco", "to": "robo", "level": "must"},
    "/api/v1/events/<event_id>/exclusions": {"between": ["agribot", "hydro"], "reason": "competitors"},
    "/api/v1/events/<event_id>/schedule": None,  # no body
    "/api/v1/events/<event_id>/schedules/<schedule_id>/publish": None,
}


def api_rules(app):
    return [(rule, method) for rule in app.url_map.iter_rules() if rule.endpoint.startswith("api.")
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"})]


def assert_envelope(answer):
    assert answer.mimetype == "application/json"
    body = answer.get_json()
    assert set(body) == {"ok", "data", "error"}
    if answer.status_code < 400:
        assert body["ok"] is True and body["error"] is None and body["data"] is not None
    else:
        assert body["ok"] is False and body["data"] is None
        assert set(body["error"]) == {"status", "code", "message", "problems"}
        assert body["error"]["status"] == answer.status_code
        assert isinstance(body["error"]["code"], str) and isinstance(body["error"]["message"], str)
        assert body["error"]["message"]
        assert all(set(item) == {"where", "problem"} and isinstance(item["where"], str) and item["problem"]
                   for item in body["error"]["problems"])


def test_every_answer_is_the_envelope(app, client, bearer):
    header = bearer("admin@tandem.test")
    rules = api_rules(app)
    assert len(rules) == 30  # every operation of the API is walked
    for rule, method in rules:
        url = rule.rule.replace("<", "{").replace(">", "}").format(**PATH_IDS)
        kwargs = {"headers": header}
        if method in ("POST", "PUT"):
            kwargs["json"] = BODIES[rule.rule]
        else:
            kwargs["query_string"] = QUERIES.get(rule.rule, {})
        answer = client.open(url, method=method, **kwargs)
        assert answer.status_code in (200, 201), (method, url, answer.get_json())
        assert_envelope(answer)
        if rule.arguments:  # an unknown id
            assert_envelope(client.open(url.replace("riverco", "nowhere").replace("hydro", "nowhere"), method=method,
                                        **kwargs))
        if method in ("POST", "PUT"):  # a bad body, and no token
            assert_envelope(client.open(url, method=method, headers=header, json={"unknown": 1}))
            assert_envelope(client.open(url, method=method, json=BODIES[rule.rule]))
    for answer in (client.get("/api/v1/nowhere"), client.delete("/api/v1/labs"), client.get("/api/v1/labs?page=0"),
                   step(client, bearer("animator@network.test"), "contacted"), step(client, header, "proposed")):
        assert answer.status_code >= 400
        assert_envelope(answer)


# The OpenAPI document ------------------------------------------------------------------------
CREATED = {("POST", "/api/v1/needs"), ("POST", "/api/v1/events"), ("POST", "/api/v1/events/{event_id}/schedule")}

def test_the_document_is_valid_openapi_and_lists_every_route(app, client):
    document = client.get("/api/v1/openapi.json").get_json()
    assert document["openapi"] == "3.1.0"
    jsonschema.Draft202012Validator(OPENAPI_31).validate(document)
    for schema in document["components"]["schemas"].values():
        jsonschema.Draft202012Validator.check_schema(schema)
    for rule, method in api_rules(app):
        path = rule.rule.replace("<", "{").replace(">", "}")
        responses = document["paths"][path][method.lower()]["responses"]
        success = responses["201" if (method, path) in CREATED else "200"]
        assert success["content"]["application/json"]["schema"]["$ref"].endswith("Answer")
        failures = [code for code in responses if code.startswith(("4", "5"))]
        assert "400" in failures
        assert all(responses[code]["content"]["application/json"]["schema"]["$ref"] ==
                   "#/components/schemas/ErrorAnswer" for code in failures)
    assert set(document["paths"]["/api/v1/needs"]["post"]["responses"]) >= {"401", "403"}
    assert "409" in document["paths"]["/api/v1/needs/{need_id}/proposals/{lab_id}/status"]["post"]["responses"]
    assert "429" in document["paths"]["/api/v1/match"]["post"]["responses"]


def test_the_document_is_generated_from_the_models(client):
    schemas = client.get("/api/v1/openapi.json").get_json()["components"]["schemas"]
    assert schemas["Match"]["properties"]["score"] == {"maximum": 1.0, "minimum": 0.0, "title": "Score",
                                                          "type": "number"}
    assert schemas["MatchBody"]["properties"]["text"]["maxLength"] == 10_000
    assert schemas["ErrorAnswer"]["required"] == ["ok", "data", "error"]
    assert schemas["ErrorBody"]["required"] == ["status", "code", "message", "problems"]
    assert schemas["ErrorProblem"]["required"] == ["where", "problem"]
    assert not [path for path in Path(web.__file__).parent.rglob("*") if path.name.startswith("openapi")]
