"""The brokerage-event operations of the JSON API (/api/v1/events…), on the fixture catalogue.

By hand: the companies are riverco, agribot and dronco, the labs hydro, robo and batt; the known
collaborations riverco–hydro, agribot–robo, agribot–batt and dronco–robo make those pairs
"already partners" (not given a meeting unless the event says exclude_partners: false). Of the
text affinities, riverco–hydro is the event's best pair (1 once scaled), agribot–robo 0.70,
riverco–robo 0.06 (they share "build"); riverco–batt is 0.
"""

import jsonschema
import pytest

RIVERCO, OFFICER, ANIMATOR, ADMIN = "sme@riverco.test", "officer@hydro.test", "animator@network.test", \
    "admin@tandem.test"
MORNING = {"name": "Matin", "start": "09:00", "slot_minutes": 20, "slots": 2, "breaks": [{"after": 1, "minutes": 10}]}
AFTERNOON = {"name": "Après-midi", "start": "14:00", "slot_minutes": 20, "slots": 2}


def data(response, status=200):
    assert response.status_code == status, response.get_data(as_text=True)
    return response.get_json()["data"]


def error(response, status):
    assert response.status_code == status, response.get_data(as_text=True)
    body = response.get_json()
    assert (body["ok"], body["data"], body["error"]["status"]) == (False, None, status)
    return body["error"]["message"]


def document(**changes):
    return {"id": "rdv-test", "name": "Rendez-vous test", "date": "2026-05-12", "place": "Toulouse", "tables": 2,
            "sessions": [MORNING, AFTERNOON],
            "participants": [{"id": "riverco", "attendees": ["Rita River"]}, {"id": "agribot"}, {"id": "hydro"},
                             {"id": "robo"}], **changes}


@pytest.fixture
def token(app):
    """``token(email)``: the Authorization header of one of PEOPLE, made once per test."""
    accounts = app.extensions["tandem"].accounts
    made = {}

    def header(email):
        if email not in made:
            made[email] = {"Authorization": f"Bearer {accounts.issue_token(accounts.find(email).id)}"}
        return made[email]

    return header


@pytest.fixture
def api(app, client, token):
    """``api(method, path, as_=email, **kwargs)``: a request to /api/v1 with that account's token.

    Every answer is checked against the OpenAPI document: its status is documented for the
    operation and its body matches the documented schema (formats included)."""
    document = client.get("/api/v1/openapi.json").get_json()
    urls = app.url_map.bind("localhost")

    def send(method, path, as_=ANIMATOR, headers=None, **kwargs):
        headers = {**(token(as_) if as_ else {}), **(headers or {})}
        answer = client.open(f"/api/v1{path}", method=method, headers=headers, **kwargs)
        rule, _ = urls.match(f"/api/v1{path.partition('?')[0]}", method=method, return_rule=True)
        responses = document["paths"][rule.rule.replace("<", "{").replace(">", "}")][method.lower()]["responses"]
        assert str(answer.status_code) in responses, (method, path, answer.status_code)
        schema = responses[str(answer.status_code)]["content"]["application/json"]["schema"]
        validator = jsonschema.Draft202012Validator({**schema, "components": document["components"]},
                                                    format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
        validator.validate(answer.get_json())
        return answer

    return send


@pytest.fixture
def event(api):
    """The event ``rdv-test`` as the animator created it."""
    return data(api("POST", "/events", json=document()), 201)


def pairs(meetings):
    return {(m["company"], m["lab"]) for m in meetings}


def assert_keeps_the_rules(schedule, tables):
    seen = set()
    for m in schedule["meetings"]:
        assert 1 <= m["table"] <= tables
        for key in ((m["slot"], "table", m["table"]), (m["slot"], m["company"]), (m["slot"], m["lab"])):
            assert key not in seen, key  # one meeting per table, nobody twice at once
            seen.add(key)
    assert schedule["value"] == pytest.approx(sum(m["value"] for m in schedule["meetings"]), abs=1e-3)
    assert schedule["gap"] >= 0 and schedule["bound"] >= schedule["value"]


# The whole flow --------------------------------------------------------------------------------
def test_an_event_from_creation_to_agendas_and_a_cancellation(api):
    created = api("POST", "/events", json=document())
    event = data(created, 201)
    assert created.headers["Location"] == "/api/v1/events/rdv-test"
    assert [(s["number"], s["session"], s["start"], s["end"]) for s in event["slots"]] == [
        (1, "Matin", "2026-05-12T09:00:00", "2026-05-12T09:20:00"),
        (2, "Matin", "2026-05-12T09:30:00", "2026-05-12T09:50:00"),  # after the 10-minute break
        (3, "Après-midi", "2026-05-12T14:00:00", "2026-05-12T14:20:00"),
        (4, "Après-midi", "2026-05-12T14:20:00", "2026-05-12T14:40:00")]
    assert [p["id"] for p in event["participants"]] == ["riverco", "agribot", "hydro", "robo"]

    event = data(api("POST", "/events/rdv-test/participants",
                     json=[{"id": "dronco"}, {"id": "batt", "available": [3, 4]}]))
    assert [(p["id"], p["available"]) for p in event["participants"]][-2:] == [("dronco", None), ("batt", [3, 4])]
    assert data(api("GET", "/events", as_=OFFICER)) == [
        {"id": "rdv-test", "name": "Rendez-vous test", "date": "2026-05-12", "place": "Toulouse", "tables": 2,
         "participants": 6, "schedule": "none"}]

    # Suggestions: hydro is riverco's partner, batt shares nothing with it; robo remains.
    [robo] = data(api("GET", "/events/rdv-test/participants/riverco/suggestions", as_=RIVERCO))
    assert (robo["id"], robo["name"], robo["terms"]) == ("robo", "ROBO", ["build"]) and 0 < robo["affinity"] < 0.1
    data(api("PUT", "/events/rdv-test/wishes", as_=RIVERCO, json={"by": "riverco", "to": "robo", "level": "must"}))
    data(api("PUT", "/events/rdv-test/wishes", as_=RIVERCO, json={"by": "riverco", "to": "hydro", "level": "must"}))
    data(api("PUT", "/events/rdv-test/wishes", as_=OFFICER, json={"by": "hydro", "to": "dronco", "level": "like"}))
    assert data(api("GET", "/events/rdv-test/participants/riverco/suggestions", as_=RIVERCO)) == []  # answered
    # robo's partners agribot and dronco are left out; riverco is not.
    assert [s["id"] for s in data(api("GET", "/events/rdv-test/participants/robo/suggestions?top=3"))] == ["riverco"]
    event = data(api("POST", "/events/rdv-test/exclusions",
                     json={"between": ["dronco", "batt"], "reason": "conflict", "note": "same founder"}))
    assert event["exclusions"] == [{"between": ["dronco", "batt"], "reason": "conflict", "note": "same founder"}]
    assert event["wishes"] == [{"by": "riverco", "to": "robo", "level": "must"},
                               {"by": "riverco", "to": "hydro", "level": "must"},
                               {"by": "hydro", "to": "dronco", "level": "like"}]

    # Scheduling gives a draft; participants see nothing until it is published.
    first = data(api("POST", "/events/rdv-test/schedule"), 201)
    assert (first["published"], first["published_at"], first["schedule"]["changes"]) == (False, None, None)
    schedule = first["schedule"]
    assert_keeps_the_rules(schedule, tables=2)
    met = pairs(schedule["meetings"])
    assert {("riverco", "robo"), ("dronco", "hydro")} <= met
    assert not met & {("riverco", "hydro"), ("agribot", "robo"), ("agribot", "batt"), ("dronco", "robo"),
                      ("dronco", "batt")}  # partners and the exclusion
    assert all(m["slot"] in (3, 4) for m in schedule["meetings"] if m["lab"] == "batt")
    assert schedule["unscheduled"] == [{"by": "riverco", "to": "hydro", "level": "must", "reason": {
        "fr": "déjà partenaires : River level stations", "en": "already partners: River level stations"}}]
    [riverco_robo] = [m for m in schedule["meetings"] if m["lab"] == "robo"]
    assert riverco_robo["why"][0] == {"fr": "RiverCo tient à ce rendez-vous", "en": "RiverCo must meet"}
    assert 50 < riverco_robo["value"] < 51  # one side must meet (50) + 10 × affinity 0.06
    assert type(schedule["value"]) is float and type(riverco_robo["slot"]) is int
    assert "no published schedule yet" in error(api("GET", "/events/rdv-test/schedule", as_=RIVERCO), 404)
    assert "no published schedule yet" in error(api("GET", "/events/rdv-test/agenda/riverco", as_=RIVERCO), 404)
    assert data(api("GET", "/events", as_=RIVERCO))[0]["schedule"] == "draft"

    published = data(api("POST", f"/events/rdv-test/schedules/{first['schedule_id']}/publish"))
    assert published["published"] is True and published["published_at"].endswith("Z")
    assert published["schedule"] == schedule
    seen = data(api("GET", "/events/rdv-test/schedule", as_=RIVERCO))
    assert (seen["schedule_id"], seen["published"], seen["schedule"]) == (first["schedule_id"], True, schedule)
    assert data(api("GET", "/events", as_=RIVERCO))[0]["schedule"] == "published"

    agenda = data(api("GET", "/events/rdv-test/agenda/riverco", as_=RIVERCO))
    assert (agenda["name"], agenda["schedule_id"], agenda["published"]) == ("RiverCo", first["schedule_id"], True)
    mine = sorted((m for m in schedule["meetings"] if m["company"] == "riverco"), key=lambda m: m["slot"])
    slots = {s["number"]: s for s in event["slots"]}
    assert agenda["meetings"] == [
        {"slot": m["slot"], "session": slots[m["slot"]]["session"], "start": slots[m["slot"]]["start"],
         "end": slots[m["slot"]]["end"], "table": m["table"], "counterpart_id": m["lab"],
         "counterpart_name": schedule["names"][m["lab"]], "why": m["why"]} for m in mine]
    assert "robo" in [m["counterpart_id"] for m in agenda["meetings"]]
    lab_side = data(api("GET", "/events/rdv-test/agenda/hydro", as_=OFFICER))
    assert ("dronco", "DronCo") in [(m["counterpart_id"], m["counterpart_name"]) for m in lab_side["meetings"]]

    # robo cancels: its wishes go, and scheduling again reports its published meetings as cancelled.
    event = data(api("DELETE", "/events/rdv-test/participants/robo"))
    assert "robo" not in [p["id"] for p in event["participants"]]
    assert [(w["by"], w["to"]) for w in event["wishes"]] == [("riverco", "hydro"), ("hydro", "dronco")]
    second = data(api("POST", "/events/rdv-test/schedule"), 201)
    assert second["schedule_id"] != first["schedule_id"] and second["published"] is False
    changes = second["schedule"]["changes"]
    with_robo = [m for m in schedule["meetings"] if m["lab"] == "robo"]
    assert with_robo and changes["cancelled"] == with_robo
    assert changes["kept"] + len(changes["moved"]) + len(changes["cancelled"]) == len(schedule["meetings"])
    assert "robo" not in {m["lab"] for m in second["schedule"]["meetings"]}
    assert_keeps_the_rules(second["schedule"], tables=2)
    # Participants keep the published schedule until the new one is published; animators see the draft.
    assert data(api("GET", "/events/rdv-test/schedule", as_=RIVERCO))["schedule_id"] == first["schedule_id"]
    assert data(api("GET", "/events/rdv-test/schedule"))["schedule_id"] == second["schedule_id"]
    assert data(api("GET", "/events/rdv-test/agenda/riverco"))["published"] is False


def test_a_tiny_event_gets_its_optimal_schedule(api):
    """Two companies, two labs, one slot, two tables, must wishes both ways on the diagonal: the two
    diagonal meetings are worth 100 each plus 10 × affinity (1 for riverco–hydro, the best pair), far
    more than the crossed pairs (affinities 0.06 and 0), so they are the optimum and the bound is reached."""
    diagonal = [("riverco", "hydro"), ("hydro", "riverco"), ("agribot", "robo"), ("robo", "agribot")]
    data(api("POST", "/events", json={
        "id": "tiny", "name": "Tiny", "date": "2026-06-01", "tables": 2, "exclude_partners": False,
        "sessions": [{"name": "Matin", "start": "10:00", "slot_minutes": 30, "slots": 1}],
        "participants": [{"id": i} for i in ("riverco", "agribot", "hydro", "robo")],
        "wishes": [{"by": a, "to": b, "level": "must"} for a, b in diagonal]}), 201)
    stored = data(api("POST", "/events/tiny/schedule"), 201)
    schedule = stored["schedule"]
    assert sorted((m["company"], m["lab"], m["slot"]) for m in schedule["meetings"]) == [
        ("agribot", "robo", 1), ("riverco", "hydro", 1)]
    assert sorted(m["table"] for m in schedule["meetings"]) == [1, 2]
    values = {m["company"]: m["value"] for m in schedule["meetings"]}
    assert values["riverco"] == 110.0 and 100 < values["agribot"] < 110
    assert schedule["value"] == pytest.approx(values["riverco"] + values["agribot"], abs=1e-3)
    assert (schedule["gap"], schedule["bound"]) == (0.0, schedule["value"])
    assert (schedule["unscheduled"], schedule["without_meeting"], schedule["below_minimum"]) == ([], [], [])
    assert schedule["names"] == {"riverco": "RiverCo", "agribot": "AgriBot", "hydro": "HYDRO", "robo": "ROBO"}
    [meeting] = data(api("GET", "/events/tiny/agenda/robo"))["meetings"]
    assert (meeting["counterpart_id"], meeting["start"], meeting["end"]) == (
        "agribot", "2026-06-01T10:00:00", "2026-06-01T10:30:00")


# Bad input: 400 naming the problem, and nothing changed ------------------------------------------
def test_overlapping_sessions_are_refused(api):
    message = error(api("POST", "/events", json=document(sessions=[
        {"name": "Matin", "start": "09:00", "slot_minutes": 30, "slots": 2},
        {"name": "Midi", "start": "09:30", "slot_minutes": 30, "slots": 2}])), 400)
    assert "'Matin' (09:00–10:00) and 'Midi' (09:30–10:30) overlap" in message
    assert "no event 'rdv-test'" in error(api("GET", "/events/rdv-test"), 404)
    assert data(api("GET", "/events")) == []


def test_a_refused_event_lists_its_problems_one_by_one(api):
    """An InvalidInputError (the event checked as a whole): one entry of ``error.problems`` a problem."""
    answer = api("POST", "/events", json=document(
        participants=[{"id": "riverco", "available": [9]}, {"id": "hydro"}],
        wishes=[{"by": "robo", "to": "hydro", "level": "like"}]))
    message = error(answer, 400)
    problems = answer.get_json()["error"]["problems"]
    assert message == "the event has 2 problems:\n" + "\n".join(f"  {p['problem']}" for p in problems)
    # The event's own rules name the field in the problem (where is the event as a whole).
    assert problems == [
        {"where": "", "problem": "participants: 'riverco' is available in slot(s) 9, which the event does not have "
                                 "(slots 1 to 4)"},
        {"where": "", "problem": "wishes: 'robo' is not a participant of the event; register it first"}]


def test_a_bad_document_names_every_problem(api):
    message = error(api("POST", "/events", json=document(
        sessions=[{"name": "Matin", "start": "09:00", "slot_minutes": 30, "slots": 2},
                  {"name": "Midi", "start": "09:30", "slot_minutes": 30, "slots": 2}],
        participants=[{"id": "riverco", "available": [9]}, {"id": "hydro"}],
        wishes=[{"by": "robo", "to": "hydro", "level": "like"}])), 400)
    for problem in ("'Matin' (09:00–10:00) and 'Midi' (09:30–10:30) overlap",
                    "'riverco' is available in slot(s) 9, which the event does not have (slots 1 to 4)",
                    "wishes: 'robo' is not a participant of the event"):
        assert problem in message
    # Field by field, before the event as a whole.
    message = error(api("POST", "/events", json=document(date="2026-02-30", tables=0, colour="blue",
                                                         participants=[{"id": "River Co"}])), 400)
    for field in ("date:", "tables: Input should be greater than or equal to 1", "colour: Extra inputs",
                  "participants.0.id: String should match pattern"):
        assert field in message
    assert "sessions.0.start: String should match pattern" in error(api("POST", "/events", json=document(
        sessions=[{**MORNING, "start": "09:00+02:00"}])), 400)  # local times only
    assert "date 9999-12-31: give the event's date, between 2000 and 2999" in error(api(
        "POST", "/events", json=document(date="9999-12-31", sessions=[{**MORNING, "start": "23:50"}])),
        400)  # its slots would end after year 9999
    assert data(api("GET", "/events")) == []


def test_an_unknown_participant_is_refused(api, event):
    message = error(api("POST", "/events", json=document(id="other", participants=[{"id": "hydr"}, {"id": "nobody"}])),
                    400)
    assert "participants: 'hydr', 'nobody' are neither a company nor a lab of the store; did you mean hydro?" in message
    assert "no event 'other'" in error(api("GET", "/events/other"), 404)
    message = error(api("POST", "/events/rdv-test/participants", json=[{"id": "dronco"}, {"id": "ghost-lab"}]), 400)
    assert "'ghost-lab' is neither a company nor a lab" in message
    assert data(api("GET", "/events/rdv-test")) == event  # dronco was not registered either
    assert "is not a participant of the event" in error(api("PUT", "/events/rdv-test/wishes", json={
        "by": "riverco", "to": "batt", "level": "like"}), 400)
    assert data(api("GET", "/events/rdv-test"))["wishes"] == []


def test_a_wish_between_two_companies_is_refused(api, event):
    message = error(api("PUT", "/events/rdv-test/wishes", as_=RIVERCO,
                        json={"by": "riverco", "to": "agribot", "level": "must"}), 400)
    assert message == "wishes: 'riverco' and 'agribot' are both companies: meetings are between a company and a lab"
    assert "are both labs" in error(api("POST", "/events", json=document(
        id="labs-only", wishes=[{"by": "hydro", "to": "robo", "level": "like"}])), 400)
    assert "are both labs" in error(api("POST", "/events/rdv-test/exclusions", json={
        "between": ["hydro", "robo"], "reason": "competitors"}), 400)
    after = data(api("GET", "/events/rdv-test"))
    assert (after["wishes"], after["exclusions"]) == ([], [])
    assert [e["id"] for e in data(api("GET", "/events"))] == ["rdv-test"]
    # A wish is withdrawn with level null.
    data(api("PUT", "/events/rdv-test/wishes", as_=RIVERCO, json={"by": "riverco", "to": "robo", "level": "like"}))
    assert data(api("PUT", "/events/rdv-test/wishes", as_=RIVERCO,
                    json={"by": "riverco", "to": "robo", "level": None}))["wishes"] == []
    assert "level: Input should be 'must', 'like' or 'no'" in error(api("PUT", "/events/rdv-test/wishes", json={
        "by": "riverco", "to": "robo", "level": "maybe"}), 400)


def test_more_tables_than_meetings_at_once_cannot_be_scheduled(api):
    data(api("POST", "/events", json=document(tables=3)), 201)  # 2 companies, 2 labs: 2 meetings at once
    message = error(api("POST", "/events/rdv-test/schedule"), 400)
    assert message == ("tables: 3, but at most 2 meetings can take place at once (2 companies, 2 labs); "
                       "use at most 2 tables")
    assert "has not been scheduled yet" in error(api("GET", "/events/rdv-test/schedule"), 404)
    assert data(api("GET", "/events"))[0]["schedule"] == "none"


# Who may do what --------------------------------------------------------------------------------
def test_every_operation_needs_a_token(api, event):
    for method, path in [("GET", "/events"), ("POST", "/events"), ("GET", "/events/rdv-test"),
                         ("POST", "/events/rdv-test/schedule"), ("GET", "/events/rdv-test/agenda/riverco"),
                         ("DELETE", "/events/rdv-test/participants/robo")]:
        answer = api(method, path, as_=None, json=document(id="other") if method == "POST" else None)
        assert error(answer, 401).startswith("send a valid API token"), (method, path)
        assert answer.headers["WWW-Authenticate"] == "Bearer"
    error(api("GET", "/events", as_=None, headers={"Authorization": "Bearer not-a-token"}), 401)
    assert len(data(api("GET", "/events/rdv-test"))["participants"]) == 4
    assert "no event 'other'" in error(api("GET", "/events/other"), 404)


def test_what_each_role_may_do(api, event):
    forbidden = [
        (RIVERCO, "POST", "/events", document(id="other")),
        (OFFICER, "POST", "/events/rdv-test/participants", [{"id": "dronco"}]),
        (RIVERCO, "DELETE", "/events/rdv-test/participants/robo", None),
        (OFFICER, "PUT", "/events/rdv-test/wishes", {"by": "riverco", "to": "hydro", "level": "no"}),
        (RIVERCO, "PUT", "/events/rdv-test/wishes", {"by": "hydro", "to": "riverco", "level": "no"}),
        (RIVERCO, "POST", "/events/rdv-test/exclusions", {"between": ["riverco", "robo"], "reason": "conflict"}),
        (RIVERCO, "GET", "/events/rdv-test/participants/hydro/suggestions", None),
        (OFFICER, "GET", "/events/rdv-test/participants/riverco/suggestions", None),
        (RIVERCO, "POST", "/events/rdv-test/schedule", None),
        (RIVERCO, "POST", "/events/rdv-test/schedules/1/publish", None),
        (RIVERCO, "GET", "/events/rdv-test/agenda/agribot", None),
    ]
    for email, method, path, body in forbidden:
        assert api(method, path, as_=email, json=body).status_code == 403, (email, method, path)
    unchanged = data(api("GET", "/events/rdv-test", as_=RIVERCO))
    assert unchanged == event and data(api("GET", "/events")) == [{
        "id": "rdv-test", "name": "Rendez-vous test", "date": "2026-05-12", "place": "Toulouse", "tables": 2,
        "participants": 4, "schedule": "none"}]
    # Each allowed: the sme for its company, the officer for its lab, admins everywhere.
    assert data(api("PUT", "/events/rdv-test/wishes", as_=OFFICER,
                    json={"by": "hydro", "to": "riverco", "level": "no"}))["wishes"] == [
        {"by": "hydro", "to": "riverco", "level": "no"}]
    data(api("GET", "/events/rdv-test/participants/hydro/suggestions", as_=OFFICER))
    data(api("POST", "/events/rdv-test/schedule", as_=ADMIN), 201)
    data(api("POST", "/events", as_=ADMIN, json=document(id="by-admin")), 201)


def test_unknown_ids_and_taken_ids(api, event):
    assert error(api("GET", "/events/nowhere"), 404) == "no event 'nowhere': see the list of events"
    for method, path in [("POST", "/events/nowhere/schedule"), ("GET", "/events/nowhere/schedule"),
                         ("GET", "/events/nowhere/participants/riverco/suggestions"),
                         ("DELETE", "/events/nowhere/participants/riverco")]:
        assert "no event 'nowhere'" in error(api(method, path), 404), (method, path)
    assert error(api("DELETE", "/events/rdv-test/participants/batt"), 404) == \
        "'batt' is not a participant of the event"
    assert "not a participant" in error(api("GET", "/events/rdv-test/participants/batt/suggestions"), 404)
    assert "not a participant" in error(api("GET", "/events/rdv-test/agenda/batt"), 404)
    assert error(api("POST", "/events/rdv-test/schedules/99/publish"), 404) == "no schedule 99 for event 'rdv-test'"
    assert "has not been scheduled yet" in error(api("GET", "/events/rdv-test/agenda/riverco"), 404)
    assert "already exists" in error(api("POST", "/events", json=document(name="Encore")), 409)
    assert data(api("GET", "/events/rdv-test"))["name"] == "Rendez-vous test"
    # A schedule of another event cannot be published from this one.
    data(api("POST", "/events", json=document(id="other")), 201)
    other = data(api("POST", "/events/other/schedule"), 201)["schedule_id"]
    assert error(api("POST", f"/events/rdv-test/schedules/{other}/publish"), 404) == \
        f"no schedule {other} for event 'rdv-test'"
    assert data(api("GET", "/events/other/schedule"))["published"] is False


def test_participants_read_their_own_wishes_only_and_others_cannot_read_the_event(api, event):
    """Who declined whom stays between the animators and the one who declined."""
    registered = {p["id"] for p in event["participants"]}
    assert {"riverco", "hydro", "robo"} <= registered
    data(api("PUT", "/events/rdv-test/wishes", json={"by": "hydro", "to": "riverco", "level": "no"}))
    data(api("PUT", "/events/rdv-test/wishes", json={"by": "riverco", "to": "robo", "level": "must"}))
    seen_by_sme = data(api("GET", "/events/rdv-test", as_="sme@riverco.test"))
    assert [(w["by"], w["to"]) for w in seen_by_sme["wishes"]] == [("riverco", "robo")]
    assert seen_by_sme["exclusions"] == []
    everything = data(api("GET", "/events/rdv-test"))
    assert ("hydro", "riverco", "no") in {(w["by"], w["to"], w["level"]) for w in everything["wishes"]}
    data(api("DELETE", "/events/rdv-test/participants/riverco"))
    error(api("GET", "/events/rdv-test", as_="sme@riverco.test"), 403)  # no longer a participant
    assert data(api("GET", "/events", as_="sme@riverco.test")) == []
