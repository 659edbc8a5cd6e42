"""The network animators' pages for brokerage events, and what participants see of them.

The fixture catalogue has three companies (riverco, agribot, dronco) and three labs (hydro, robo,
batt). The event below takes two of each, on five slots (09:00, 09:30 after a 10-minute break,
09:50; 14:00, 14:20) and two tables; known partners are not excluded, so every company–lab pair
may meet.
"""

import csv
import html
import io
import json
import re

import icalendar
import openpyxl
import pytest

from matcher.events.service import PARTICIPANT_COLUMNS, read_event

ANIMATOR = "animator@network.test"
SME = "sme@riverco.test"  # RiverCo's SME
OFFICER = "officer@hydro.test"  # keeps HYDRO
EVENT = {
    "id": "rdv-eau", "name": "Rendez-vous Eau & Robots", "date": "2026-12-03", "place": "Toulouse", "tables": 2,
    "exclude_partners": False,
    "sessions": [{"name": "Matin", "start": "09:00", "slot_minutes": 20, "slots": 3,
                  "breaks": [{"after": 1, "minutes": 10}]},
                 {"name": "Après-midi", "start": "14:00", "slot_minutes": 20, "slots": 2}],
    "participants": [{"id": "riverco", "attendees": ["Rita River"]}, {"id": "agribot"}, {"id": "hydro"},
                     {"id": "robo"}],
}
PAIRS = {("riverco", "hydro"), ("riverco", "robo"), ("agribot", "hydro"), ("agribot", "robo")}
NDJSON = {"Accept": "application/x-ndjson"}


def text(response):
    return html.unescape(response.get_data(as_text=True))


@pytest.fixture
def event(engine):
    """The event of EVENT, with RiverCo's wish to meet HYDRO."""
    engine.events.create(read_event(EVENT), None)
    return engine.events.wish("rdv-eau", "riverco", "hydro", "must")


@pytest.fixture
def scheduled(engine, event):
    return engine.events.schedule("rdv-eau")


def creation(**changes):
    """The creation form as a browser posts it: two sessions and a blank third row."""
    data = {"name": "Eau et robots 2026", "id": "", "date": "2026-12-03", "place": "Toulouse", "tables": "2",
            "min_meetings": "1", "exclude_partners": "y",
            "sessions-0-name": "Matin", "sessions-0-start": "09:00", "sessions-0-slot_minutes": "20",
            "sessions-0-slots": "3", "sessions-0-breaks": "1:10",
            "sessions-1-name": "Après-midi", "sessions-1-start": "14:00", "sessions-1-slot_minutes": "20",
            "sessions-1-slots": "2", "sessions-1-breaks": "",
            "sessions-2-name": "", "sessions-2-start": "", "sessions-2-slot_minutes": "", "sessions-2-slots": "",
            "sessions-2-breaks": ""}
    return {**data, **changes}


def stream(client, event_id="rdv-eau"):
    """The NDJSON lines of a streamed scheduling, parsed."""
    response = client.post(f"/events/{event_id}/schedule", headers=NDJSON)
    assert response.status_code == 200 and response.mimetype == "application/x-ndjson"
    return [json.loads(line) for line in response.get_data(as_text=True).splitlines()]


# Creating an event ----------------------------------------------------------------------------
def test_an_animator_creates_an_event_with_two_sessions(login, engine):
    client = login(ANIMATOR)
    form = text(client.get("/events/"))
    assert 'name="sessions-1-start"' in form and "Créer un événement" in form
    response = client.post("/events/", data=creation())
    assert response.status_code == 302 and response.headers["Location"] == "/events/eau-et-robots-2026#participants"
    event = engine.events.get("eau-et-robots-2026")  # the id comes from the name
    assert [(s.name, s.slots, [(b.after, b.minutes) for b in s.breaks]) for s in event.sessions] == [
        ("Matin", 3, [(1, 10)]), ("Après-midi", 2, [])]  # the blank row is left out
    assert (event.tables, event.min_meetings, event.exclude_partners, event.place) == (2, 1, True, "Toulouse")
    page = text(client.get(response.headers["Location"]))
    assert "Événement « Eau et robots 2026 » créé" in page
    starts = re.findall(r'<td class="num">(\d)</td><td>([^<]+)</td>\s*<td class="num">([\d:–]+)</td>', page)
    assert starts == [("1", "Matin", "09:00–09:20"), ("2", "Matin", "09:30–09:50"), ("3", "Matin", "09:50–10:10"),
                      ("4", "Après-midi", "14:00–14:20"), ("5", "Après-midi", "14:20–14:40")]


def test_the_id_can_be_chosen_and_partners_admitted(login, engine):
    data = creation(id="mon-rdv", min_meetings="2")
    del data["exclude_partners"]  # an unchecked box is not posted
    assert login(ANIMATOR).post("/events/", data=data).status_code == 302
    event = engine.events.get("mon-rdv")
    assert (event.min_meetings, event.exclude_partners) == (2, False)


@pytest.mark.parametrize("changes, problem", [
    ({"sessions-1-start": "10:00"}, "'Matin' (09:00–10:10) and 'Après-midi' (10:00–10:40) overlap"),
    ({"sessions-1-name": "Matin"}, "two sessions have the same name"),
    ({"sessions-0-breaks": "3:15"}, "a break after slot 3 of 3"),
    ({"sessions-0-breaks": "3h15"}, "Écrivez « 3:15 » pour 15 minutes après le créneau 3"),
    ({"sessions-1-slots": ""}, "Requis pour une session."),
    ({"sessions-0-start": "9h"}, "Écrivez l'heure ainsi : 09:00."),
    ({**{f"sessions-{i}-{f}": "" for i in (0, 1) for f in ("name", "start", "slot_minutes", "slots", "breaks")}},
     "Donnez au moins une session"),
    ({"id": "Pas un id"}, "id: "),
])
def test_a_bad_event_is_shown_on_the_form_and_nothing_is_saved(login, engine, changes, problem):
    response = login(ANIMATOR).post("/events/", data=creation(**changes))
    assert response.status_code == 400 and problem in text(response)
    assert 'value="Eau et robots 2026"' in text(response)  # the input is kept
    assert engine.events.all() == []


def test_an_id_already_taken_is_refused(login, engine, event):
    response = login(ANIMATOR).post("/events/", data=creation(id="rdv-eau"))
    assert response.status_code == 400 and "event 'rdv-eau' already exists" in text(response)
    assert engine.events.get("rdv-eau").name == "Rendez-vous Eau & Robots"


def test_the_list_shows_each_event_with_its_schedule_state(login, engine, event):
    client = login(ANIMATOR)

    def row():
        return re.search(r'<tr>\s*<td><a href="/events/rdv-eau">.*?</tr>', text(client.get("/events/")), re.S)[0]

    assert "Rendez-vous Eau & Robots" in row() and "Toulouse" in row() and "aucun programme" in row()
    assert re.search(r'<td class="num">4</td>', row())  # participants
    stored = engine.events.schedule("rdv-eau")
    assert "brouillon" in row() and "publié" not in row()
    engine.events.publish("rdv-eau", stored.id)
    assert "publié le" in row()


# Participants -----------------------------------------------------------------------------------
def test_registering_a_participant_from_the_form(login, engine, event):
    client = login(ANIMATOR)
    page = text(client.get("/events/rdv-eau"))
    assert '<datalist id="catalogue">' in page and '<option value="dronco" label="DronCo (Grenoble)">' in page
    response = client.post("/events/rdv-eau/participants", data={
        "participant": "dronco", "attendees": "Dora Dron; Sam", "available": "1-2, 4", "max_meetings": "3",
        "min_meetings": ""})
    assert response.status_code == 302
    dronco = engine.events.get("rdv-eau").participant("dronco")
    assert (dronco.attendees, dronco.available, dronco.max_meetings, dronco.min_meetings) == (
        ("Dora Dron", "Sam"), (1, 2, 4), 3, None)
    row = re.search(r'<tr id="participant-dronco">.*?</tr>', text(client.get("/events/rdv-eau")), re.S)[0]
    assert "DronCo" in row and "Dora Dron, Sam" in row and "1-2, 4" in row and "entreprise" in row


@pytest.mark.parametrize("data, status, problem", [
    ({"participant": "nobody"}, 400, "'nobody' is neither a company nor a lab of the store"),
    ({"participant": "dronco", "available": "matin"}, 400, "« 1-4, 7 »"),
    ({"participant": "dronco", "available": "9"}, 400, "available in slot(s) 9, which the event does not have"),
    ({"participant": "dronco", "max_meetings": "1", "min_meetings": "2"}, 400, "the minimum cannot exceed"),
])
def test_a_bad_registration_is_explained_and_saves_nothing(login, engine, event, data, status, problem):
    response = login(ANIMATOR).post("/events/rdv-eau/participants", data=data)
    assert response.status_code == status and problem in text(response)
    assert engine.events.get("rdv-eau") == event


def test_registering_participants_from_a_csv(login, engine, event):
    client = login(ANIMATOR)
    template = client.get("/events/template-participants.csv")
    assert template.mimetype == "text/csv" and "attachment" in template.headers["Content-Disposition"]
    assert next(csv.reader(io.StringIO(template.data.decode("utf-8-sig")))) == list(PARTICIPANT_COLUMNS)
    content = "id,attendees,available,max_meetings\ndronco,Dora;Sam,1-3,2\nbatt,,,\nriverco,Rita River,4-5,\n"
    response = client.post("/events/rdv-eau/participants/upload", content_type="multipart/form-data",
                           data={"file": (io.BytesIO(content.encode()), "participants.csv")})
    assert response.status_code == 302
    event = engine.events.get("rdv-eau")
    assert [p.id for p in event.participants] == ["riverco", "agribot", "hydro", "robo", "dronco", "batt"]
    assert event.participant("dronco").attendees == ("Dora", "Sam") and event.participant("riverco").available == (4, 5)
    assert "3 participant(s) inscrit(s) depuis le fichier." in text(client.get("/events/rdv-eau"))


@pytest.mark.parametrize("content, status, problem", [
    ("id,max_meetings\ndronco,2\nbatt,beaucoup\n", 400, "row 3: max_meetings: 'beaucoup'"),
    ("id,available\ndronco,1-3\nbatt,matin\n", 400, "row 3: slots 'matin'"),
    ("id\ndronco\nghost\n", 400, "'ghost' is neither a company nor a lab"),
    ("name\ndronco\n", 400, "missing: id"),
])
def test_a_participants_file_with_a_bad_row_registers_nobody(login, engine, event, content, status, problem):
    response = login(ANIMATOR).post("/events/rdv-eau/participants/upload", content_type="multipart/form-data",
                                    data={"file": (io.BytesIO(content.encode()), "participants.csv")})
    assert response.status_code == status and problem in text(response)
    assert engine.events.get("rdv-eau") == event


def test_a_cancellation_removes_the_participant_and_its_wishes(login, engine, event):
    response = login(ANIMATOR).post("/events/rdv-eau/participants/hydro/remove")
    assert response.status_code == 302
    event = engine.events.get("rdv-eau")
    assert event.participant("hydro") is None and event.wishes == ()


# Wishes and exclusions ------------------------------------------------------------------------
def test_an_animator_sets_and_withdraws_a_wish(login, engine, event):
    client = login(ANIMATOR)
    answer = client.post("/events/rdv-eau/wishes", data={"by": "robo", "to": "agribot", "level": "like"})
    assert answer.status_code == 302
    assert {(w.by, w.to, w.level) for w in engine.events.get("rdv-eau").wishes} == {
        ("riverco", "hydro", "must"), ("robo", "agribot", "like")}
    page = text(client.get("/events/rdv-eau"))
    wishes = page[page.index('id="wishes"'):page.index('id="exclusions"')]
    assert re.search(r"ROBO</a></td>\s*<td><a [^>]*>AgriBot</a></td>\s*<td><span class=\"level level-like\">souhaité",
                     wishes)
    client.post("/events/rdv-eau/wishes", data={"by": "robo", "to": "agribot", "level": ""})
    assert [(w.by, w.to) for w in engine.events.get("rdv-eau").wishes] == [("riverco", "hydro")]


@pytest.mark.parametrize("data, status, problem", [
    ({"by": "riverco", "to": "agribot", "level": "must"}, 400, "wishes: 'riverco' and 'agribot' are both companies: meetings are between a company and a lab"),
    ({"by": "riverco", "to": "dronco", "level": "must"}, 404, "« dronco » n'est pas un participant"),
    ({"by": "riverco", "to": "robo", "level": "maybe"}, 400, "Niveau"),
])
def test_a_bad_wish_is_refused(login, engine, event, data, status, problem):
    response = login(ANIMATOR).post("/events/rdv-eau/wishes", data=data)
    assert response.status_code == status and problem in text(response)
    assert engine.events.get("rdv-eau") == event


def test_an_exclusion_is_recorded_and_shown(login, engine, event):
    client = login(ANIMATOR)
    data = {"first": "agribot", "second": "robo", "reason": "competitors", "note": "même marché"}
    assert client.post("/events/rdv-eau/exclusions", data=data).status_code == 302
    [exclusion] = engine.events.get("rdv-eau").exclusions
    assert (exclusion.between, exclusion.reason) == (("agribot", "robo"), "competitors")
    assert exclusion.note == "même marché"
    page = text(client.get("/events/rdv-eau"))
    assert re.search(r"AgriBot</a> — <a [^>]*>ROBO</a></td>\s*<td>concurrents</td><td>même marché</td>", page)
    assert client.post("/events/rdv-eau/exclusions", data={**data, "second": "agribot"}).status_code == 400


# A participant's suggestions --------------------------------------------------------------------
def suggested(response):
    return re.findall(r'<li class="card" id="suggestion-([\w-]+)">', response.get_data(as_text=True))


def test_the_sme_accepts_and_declines_suggestions(login, engine, event):
    engine.events.wish("rdv-eau", "riverco", "hydro", None)  # RiverCo has not answered anyone yet
    client = login(SME)
    page = client.get("/events/rdv-eau/participants/riverco")
    # HYDRO shares RiverCo's words (rivers, floods); ROBO a little ("build"); no lab is left out.
    assert page.status_code == 200 and suggested(page) == ["hydro", "robo"]
    assert "affinité 100\xa0%" in text(page)
    answer = client.post("/events/rdv-eau/participants/riverco/wishes", data={"to": "hydro", "level": "like"})
    assert answer.status_code == 302 and answer.headers["Location"] == "/events/rdv-eau/participants/riverco"
    client.post("/events/rdv-eau/participants/riverco/wishes", data={"to": "robo", "level": "no"})
    assert {(w.by, w.to, w.level) for w in engine.events.get("rdv-eau").wishes} == {
        ("riverco", "hydro", "like"), ("riverco", "robo", "no")}
    page = client.get("/events/rdv-eau/participants/riverco")
    assert suggested(page) == []  # answered suggestions leave the list for the wishes
    assert re.search(r'<option value="like" selected>souhaité</option>', page.get_data(as_text=True))
    client.post("/events/rdv-eau/participants/riverco/wishes", data={"to": "hydro", "level": "must"})
    client.post("/events/rdv-eau/participants/riverco/wishes", data={"to": "robo", "level": ""})
    assert [(w.to, w.level) for w in engine.events.get("rdv-eau").wishes] == [("hydro", "must")]


def test_an_officer_answers_for_their_lab(login, engine, event):
    client = login(OFFICER)
    assert suggested(client.get("/events/rdv-eau/participants/hydro")) == ["riverco"]
    client.post("/events/rdv-eau/participants/hydro/wishes", data={"to": "riverco", "level": "must"})
    assert ("hydro", "riverco", "must") in {(w.by, w.to, w.level) for w in engine.events.get("rdv-eau").wishes}


def test_nobody_answers_for_another_participant(login, engine, event):
    client = login(SME)
    assert client.get("/events/rdv-eau/participants/agribot").status_code == 403
    assert client.post("/events/rdv-eau/participants/agribot/wishes",
                       data={"to": "hydro", "level": "no"}).status_code == 403
    assert client.post("/events/rdv-eau/participants/riverco/wishes",
                       data={"by": "agribot", "to": "hydro", "level": "no"}).status_code == 403
    assert client.get("/events/rdv-eau/participants/dronco").status_code == 403  # not riverco's
    assert engine.events.get("rdv-eau") == event


def test_an_sme_sees_only_its_participations(login, app, engine, event):
    engine.events.create(read_event({**EVENT, "id": "autre", "name": "Sans RiverCo",
                                     "participants": [{"id": "agribot"}, {"id": "robo"}]}), None)
    page = text(login(SME).get("/events/"))
    assert "Rendez-vous Eau & Robots" in page and "Sans RiverCo" not in page
    assert 'href="/events/rdv-eau/participants/riverco"' in page and "pas encore publié" in page
    assert "Créer un événement" not in page and 'href="/events/rdv-eau"' not in page
    assert ">Événements</a>" in page  # the header's link leads participants' accounts here too
    assert ">Événements</a>" in text(login(ANIMATOR).get("/events/"))
    assert ">Événements</a>" not in text(app.test_client().get("/labs/"))  # nobody logged in


# Scheduling ---------------------------------------------------------------------------------------
def test_scheduling_streams_its_progress(login, engine, event):
    lines = stream(login(ANIMATOR))
    assert lines[0] == {"step": "roster"}
    assert [line["step"] for line in lines[1:-1]] and {line["step"] for line in lines[1:-1]} == {"round"}
    assert all(line["round"] == n for n, line in enumerate(lines[1:-1], start=1))
    assert lines[-1] == {"step": "done", "url": "/events/rdv-eau/schedule"}
    stored = engine.events.latest("rdv-eau")
    assert lines[-2]["meetings"] == len(stored.schedule.meetings) == 4
    assert stored.published_at is None


def test_scheduling_without_javascript_redirects_to_the_result(login, engine, event):
    response = login(ANIMATOR).post("/events/rdv-eau/schedule")
    assert response.status_code == 302 and response.headers["Location"] == "/events/rdv-eau/schedule"
    assert engine.events.latest("rdv-eau") is not None


def test_too_many_tables_are_explained_and_nothing_is_kept(login, engine):
    engine.events.create(read_event({**EVENT, "tables": 5}), None)
    client = login(ANIMATOR)
    message = "tables: 5, but at most 2 meetings can take place at once (2 companies, 2 labs)"
    lines = stream(client)
    assert lines[0] == {"step": "roster"} and lines[-1]["step"] == "error" and message in lines[-1]["message"]
    response = client.post("/events/rdv-eau/schedule")
    assert response.status_code == 400 and message in text(response)
    assert engine.events.latest("rdv-eau") is None


def test_the_result_page_shows_the_certificate_and_the_grid(login, engine, scheduled):
    schedule = scheduled.schedule
    assert {m.pair for m in schedule.meetings} == PAIRS  # two slots for two meetings each: every pair meets
    page = text(login(ANIMATOR).get("/events/rdv-eau/schedule"))
    value = f"{schedule.value:.1f}".replace(".", ",")
    assert f"<dt>Valeur totale</dt><dd>{value}</dd>" in page
    assert f"<dt>Borne</dt><dd>{schedule.bound:.1f}".replace(".", ",") in page
    assert re.search(r"<dt>Écart</dt><dd>0\s%</dd>", page)  # every pair meets: the schedule is optimal
    assert "ne peut valoir plus que la borne" in page and "Temps de calcul" in page
    meeting = next(m for m in schedule.meetings if m.pair == ("riverco", "hydro"))
    row = re.search(rf'<th scope="row">{meeting.slot}</th>.*?</tr>', page, re.S)[0]
    cells = re.findall(r'<td class="(?:meeting[^"]*|free)"(?: title="([^"]*)")?>([^<]*)</td>', row)
    assert cells[meeting.table - 1] == ("RiverCo tient à ce rendez-vous ; affinité 1,00", "RiverCo — HYDRO")
    assert len(re.findall(r'<td class="meeting', page)) == 4
    assert "Sans rendez-vous</dt>\n    <dd>aucun</dd>" in page
    assert 'action="/events/rdv-eau/schedules/1/publish"' in page


def test_unscheduled_wishes_show_their_reason_in_the_interface_language(login, engine, event):
    engine.events.exclude("rdv-eau", "agribot", "robo", "competitors")
    engine.events.wish("rdv-eau", "agribot", "robo", "like")
    engine.events.schedule("rdv-eau")
    client = login(ANIMATOR)

    def rows(page):
        return re.findall(r"<tr><td>(\w+)</td><td>(\w+)</td><td>([^<]+)</td><td>([^<]+)</td></tr>", text(page))

    assert rows(client.get("/events/rdv-eau/schedule")) == [("AgriBot", "ROBO", "souhaité", "exclus : concurrents")]
    assert rows(client.get("/events/rdv-eau/schedule?lang=en")) == [
        ("AgriBot", "ROBO", "would like to meet", "excluded: competitors")]


def test_publishing_and_the_changes_of_a_new_schedule(login, engine, scheduled):
    client = login(ANIMATOR)
    response = client.post(f"/events/rdv-eau/schedules/{scheduled.id}/publish")
    assert response.status_code == 302 and engine.events.published("rdv-eau").id == scheduled.id
    page = text(client.get("/events/rdv-eau/schedule"))
    assert "publié le" in page and "/publish" not in page
    engine.events.register("rdv-eau", [{"id": "batt"}])  # BATT replaces ROBO, whose two meetings are off
    engine.events.unregister("rdv-eau", "robo")
    engine.events.schedule("rdv-eau")
    page = text(client.get("/events/rdv-eau/schedule"))
    assert "Changements par rapport au programme publié" in page
    assert re.search(r"2 conservé\(s\), 0 déplacé\(s\), 2 annulé\(s\), \d ajouté\(s\)\.", page)
    assert "Annulé : AgriBot — ROBO" in page and "Annulé : RiverCo — ROBO" in page  # named though gone
    assert "brouillon" in page and "(une version antérieure est publiée)" in page
    assert client.post("/events/rdv-eau/schedules/99/publish").status_code == 404


# Agendas ----------------------------------------------------------------------------------------
def agenda_rows(response):
    return re.findall(r'<td class="num">(\d)</td>\s*<td class="num">([\d:–]+)</td>\s*<td class="num">(\d)</td>\s*'
                      r'<td><a href="([^"]+)">([^<]+)</a></td>', response.get_data(as_text=True))


def test_an_agenda_is_shown_to_the_participant_only_once_published(login, engine, scheduled):
    times = {1: "09:00–09:20", 2: "09:30–09:50", 3: "09:50–10:10", 4: "14:00–14:20", 5: "14:20–14:40"}
    expected = [(str(m.slot), times[m.slot], str(m.table), f"/labs/{m.lab}", m.lab.upper())
                for m in scheduled.schedule.agenda("riverco")]
    assert len(expected) == 2
    client = login(SME)
    page = client.get("/events/rdv-eau/agenda/riverco")
    assert page.status_code == 200 and "pas encore publié" in text(page) and agenda_rows(page) == []
    assert client.get("/events/rdv-eau/agenda/riverco.pdf").status_code == 404
    assert client.get("/events/rdv-eau/agenda/riverco.ics").status_code == 404
    animator = login(ANIMATOR)
    assert agenda_rows(animator.get("/events/rdv-eau/agenda/riverco")) == expected  # the draft, for animators
    animator.post(f"/events/rdv-eau/schedules/{scheduled.id}/publish")
    client = login(SME)
    page = client.get("/events/rdv-eau/agenda/riverco")
    assert agenda_rows(page) == expected
    assert "Présents : Rita River" in text(page) and "RiverCo tient à ce rendez-vous" in text(page)
    assert 'href="/events/rdv-eau/agenda/riverco.pdf"' in text(page)
    assert 'href="/events/rdv-eau/agenda/riverco"' in text(client.get("/events/"))
    assert client.get("/events/rdv-eau/agenda/agribot").status_code == 403


def test_an_agenda_links_companies_for_a_lab(login, engine, scheduled):
    rows = agenda_rows(login(ANIMATOR).get("/events/rdv-eau/agenda/hydro"))
    assert {(link, name) for *_, link, name in rows} == {("/companies/riverco", "RiverCo"),
                                                         ("/companies/agribot", "AgriBot")}


# Exports ----------------------------------------------------------------------------------------
def test_the_schedule_exports(login, engine, scheduled):
    client = login(ANIMATOR)
    answer = client.get("/events/rdv-eau/schedule/meetings.csv")
    assert answer.mimetype == "text/csv"
    assert answer.headers["Content-Disposition"] == 'attachment; filename="rdv-eau-rendez-vous.csv"'
    rows = list(csv.reader(io.StringIO(answer.data.decode("utf-8-sig"))))
    assert rows[0][:5] == ["Créneau", "Session", "Début", "Fin", "Table"] and len(rows) == 5
    assert {(row[5], row[7]) for row in rows[1:]} == PAIRS
    english = client.get("/events/rdv-eau/schedule/meetings.csv?lang=en").data.decode("utf-8-sig")
    assert english.startswith("Slot,Session,Start,End,Table")
    answer = client.get("/events/rdv-eau/schedule/unscheduled.csv")
    assert answer.mimetype == "text/csv" and list(csv.reader(io.StringIO(answer.data.decode("utf-8-sig"))))[1:] == []
    answer = client.get("/events/rdv-eau/schedule/schedule.xlsx")
    assert answer.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert "rdv-eau-programme.xlsx" in answer.headers["Content-Disposition"]
    book = openpyxl.load_workbook(io.BytesIO(answer.data))
    assert book.sheetnames == ["Rendez-vous", "Grille", "Agendas", "Non planifiés"]
    assert book["Rendez-vous"].max_row == 5
    for name in ("grid.pdf", "agendas.pdf"):
        answer = client.get(f"/events/rdv-eau/schedule/{name}")
        assert answer.mimetype == "application/pdf" and answer.data.startswith(b"%PDF")
        assert answer.headers["Content-Disposition"].startswith("attachment; filename=")
    assert client.get("/events/rdv-eau/schedule/secrets.txt").status_code == 404


def test_the_agenda_exports(login, engine, scheduled):
    client = login(ANIMATOR)
    answer = client.get("/events/rdv-eau/agenda/riverco.pdf")
    assert answer.mimetype == "application/pdf" and answer.data.startswith(b"%PDF")
    assert answer.headers["Content-Disposition"] == 'attachment; filename="rdv-eau-riverco.pdf"'
    answer = client.get("/events/rdv-eau/agenda/riverco.ics")
    assert answer.mimetype == "text/calendar" and "rdv-eau-riverco.ics" in answer.headers["Content-Disposition"]
    meetings = icalendar.Calendar.from_ical(answer.data).walk("VEVENT")
    assert len(meetings) == 2 and {str(m["summary"]) for m in meetings} == {"Rendez-vous : HYDRO",
                                                                           "Rendez-vous : ROBO"}


def test_exports_need_a_schedule(login, event):
    answer = login(ANIMATOR).get("/events/rdv-eau/schedule/meetings.csv")
    assert answer.status_code == 404 and "planifiez-le d'abord" in text(answer)


# Access -------------------------------------------------------------------------------------------
ANIMATOR_PAGES = ["/events/rdv-eau", "/events/rdv-eau/schedule", "/events/rdv-eau/schedule/meetings.csv",
                  "/events/template-participants.csv"]
ANIMATOR_POSTS = ["/events/", "/events/rdv-eau/participants", "/events/rdv-eau/participants/upload",
                  "/events/rdv-eau/participants/riverco/remove", "/events/rdv-eau/wishes",
                  "/events/rdv-eau/exclusions", "/events/rdv-eau/schedule", "/events/rdv-eau/schedules/1/publish"]


@pytest.mark.parametrize("path", ["/events/", *ANIMATOR_PAGES, "/events/rdv-eau/participants/riverco",
                                  "/events/rdv-eau/agenda/riverco", "/events/rdv-eau/agenda/riverco.pdf"])
def test_visitors_are_sent_to_log_in(client, scheduled, path):
    answer = client.get(path)
    assert answer.status_code == 302 and answer.headers["Location"].startswith("/login")


def test_smes_and_officers_are_refused_the_animators_pages(login, engine, scheduled):
    for email in (SME, OFFICER):
        client = login(email)
        for path in ANIMATOR_PAGES:
            assert client.get(path).status_code == 403, (email, path)
        for path in ANIMATOR_POSTS:
            assert client.post(path, data={"participant": "dronco", "by": "riverco", "to": "robo",
                                            "level": "no"}).status_code == 403, (email, path)
    assert engine.events.get("rdv-eau").participant("riverco") is not None
    assert engine.events.published("rdv-eau") is None and engine.events.latest("rdv-eau").id == scheduled.id


def test_an_unknown_event_is_a_404(login):
    client = login(ANIMATOR)
    for path in ("/events/nowhere", "/events/nowhere/schedule", "/events/nowhere/agenda/riverco"):
        answer = client.get(path)
        assert answer.status_code == 404 and "no event 'nowhere'" in text(answer), path
    assert client.post("/events/nowhere/schedule", headers=NDJSON).status_code == 404


def test_what_people_typed_is_escaped(login, engine, event):
    xss = '<script>alert("x")</script>'
    client = login(ANIMATOR)
    client.post("/events/rdv-eau/participants", data={"participant": "agribot", "attendees": xss})
    client.post("/events/rdv-eau/exclusions", data={"first": "agribot", "second": "hydro", "reason": "conflict",
                                                   "note": xss})
    # A wish the exclusion stops: its reason, with the note, is on the schedule's page.
    client.post("/events/rdv-eau/wishes", data={"by": "agribot", "to": "hydro", "level": "like"})
    engine.events.publish("rdv-eau", engine.events.schedule("rdv-eau").id)
    for path in ("/events/rdv-eau", "/events/rdv-eau/schedule", "/events/rdv-eau/agenda/agribot"):
        body = client.get(path).get_data(as_text=True)
        assert "<script>alert(" not in body and "&lt;script&gt;alert(" in body, path


def test_the_pages_in_english(login, engine, scheduled):
    client = login(ANIMATOR)
    for path, words in [("/events/?lang=en", "Create an event"), ("/events/rdv-eau?lang=en", "Register a participant"),
                        ("/events/rdv-eau/schedule?lang=en", "Total value"),
                        ("/events/rdv-eau/agenda/riverco?lang=en", "RiverCo must meet")]:
        assert words in text(client.get(path)), path


def test_the_scheduling_script_posts_the_forms_token(engine, settings, event):
    """With CSRF checks on, as in production: the streamed scheduling needs the token of the page's form."""
    from conftest import PASSWORD, PEOPLE

    from web import create_app

    for email, account in PEOPLE.items():
        engine.accounts.create(email, PASSWORD, **account)
    client = create_app({"TESTING": True, "SECRET_KEY": "test", "TANDEM_DATABASE_URL": settings.database_url,
                         "TANDEM_CACHE_DIR": str(settings.cache_dir)}).test_client()
    token = lambda path: re.search(r'name="csrf_token"[^>]*value="([^"]+)"',  # noqa: E731
                                   client.get(path).get_data(as_text=True))[1]
    client.post("/login", data={"email": ANIMATOR, "password": PASSWORD, "csrf_token": token("/login")})
    form = re.search(r'<form method="post" action="/events/rdv-eau/schedule".*?</form>',
                     client.get("/events/rdv-eau").get_data(as_text=True), re.S)[0]
    assert "data-schedule" in form and "<progress" in form and 'aria-live="polite"' in form
    assert client.post("/events/rdv-eau/schedule", headers=NDJSON).status_code == 400
    assert engine.events.latest("rdv-eau") is None
    answer = client.post("/events/rdv-eau/schedule", headers=NDJSON,
                         data={"csrf_token": re.search(r'name="csrf_token" value="([^"]+)"', form)[1]})
    assert json.loads(answer.get_data(as_text=True).splitlines()[-1])["step"] == "done"
