"""Exports of a scheduled event (matcher.events.exports): CSV, workbook, calendars and printable PDFs.

The fixture is small enough to check by hand. Slots: 1 09:00–09:20, 2 09:20–09:40,
(10-minute break) 3 09:50–10:10, then the afternoon 4 14:00–14:20, 5 14:20–14:40.
"""

import csv
import datetime
import io
import zoneinfo

import icalendar
import openpyxl
import pypdf
import pytest

from matcher.errors import InvalidInputError, UnknownNameError
from matcher.events import exports as event_exports
from matcher.records.events import Event
from matcher.records.schedule import Meeting, Schedule, Unscheduled

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
NAMES = {"acme": "Acme Capteurs", "biotek": "Société Œnologie – Test", "lab-a": "Laboratoire Ampère",
         "lab-b": 'Lab "B", chimie'}  # lab-c has no name: its id is shown
WISH = {"fr": "souhait d'Acme", "en": "Acme's wish"}
TERMS = {"fr": "termes communs : capteurs", "en": "shared terms: sensors"}
REASON = {"fr": "lab-c n'est disponible que l'après-midi", "en": "lab-c is only available in the afternoon"}


def make_event(tables=3):
    return Event.from_dict({
        "id": "salon-2025", "name": "Rencontres Industrie – Recherche", "date": "2025-03-04", "tables": tables,
        "place": "Lyon",
        "sessions": [{"name": "Matin", "start": "09:00", "slot_minutes": 20, "slots": 3,
                      "breaks": [{"after": 2, "minutes": 10}]},
                     {"name": "Après-midi", "start": "14:00", "slot_minutes": 20, "slots": 2}],
        "participants": [{"id": "acme", "attendees": ["Alice Martin"]},
                         {"id": "biotek", "attendees": ["Bruno Roy", "Chloé Petit"]},
                         {"id": "lab-a", "attendees": ["Dr Durand"]}, {"id": "lab-b"}, {"id": "lab-c"}],
        "wishes": [{"by": "biotek", "to": "lab-c", "level": "must"}],
    })


def make_schedule(meetings=None, names=NAMES, event_id="salon-2025"):
    if meetings is None:
        meetings = (  # deliberately out of order
            Meeting("acme", "lab-b", 4, 1, 0.5),
            Meeting("biotek", "lab-a", 3, 3, 0.61),
            Meeting("acme", "lab-a", 1, 2, 0.8234567, (WISH, TERMS)),
            Meeting("biotek", "lab-b", 1, 1, 0.7),
        )
    return Schedule(event_id, tuple(meetings), 2.6, 2.6, 0.0,
                    (Unscheduled("biotek", "lab-c", "must", REASON),), ("lab-c",), ("lab-c",), dict(names), 0.1)


@pytest.fixture
def event():
    return make_event()


@pytest.fixture
def schedule():
    return make_schedule()


def rows(text):
    return list(csv.reader(io.StringIO(text)))


def pdf_pages(data):
    """Each page's text, with runs of white space (line wraps) made single spaces."""
    return [" ".join(page.extract_text().split()) for page in pypdf.PdfReader(io.BytesIO(data)).pages]


def test_meetings_csv_in_slot_then_table_order_with_local_times(event, schedule):
    header, *body = rows(event_exports.meetings_csv(event, schedule))
    assert header == ["Créneau", "Session", "Début", "Fin", "Table", "Id entreprise", "Entreprise",
                      "Id laboratoire", "Laboratoire", "Valeur", "Pourquoi"]
    assert [row[:9] for row in body] == [
        ["1", "Matin", "09:00", "09:20", "1", "biotek", "Société Œnologie – Test", "lab-b", 'Lab "B", chimie'],
        ["1", "Matin", "09:00", "09:20", "2", "acme", "Acme Capteurs", "lab-a", "Laboratoire Ampère"],
        ["3", "Matin", "09:50", "10:10", "3", "biotek", "Société Œnologie – Test", "lab-a", "Laboratoire Ampère"],
        ["4", "Après-midi", "14:00", "14:20", "1", "acme", "Acme Capteurs", "lab-b", 'Lab "B", chimie'],
    ]
    assert body[1][9:] == ["0.8235", "souhait d'Acme ; termes communs : capteurs"]
    assert body[0][10] == ""


def test_meetings_csv_in_english(event, schedule):
    header, *body = rows(event_exports.meetings_csv(event, schedule, lang="en"))
    assert header[:5] == ["Slot", "Session", "Start", "End", "Table"] and header[-1] == "Why"
    assert body[1][-1] == "Acme's wish ; shared terms: sensors"


def test_unscheduled_csv_names_the_wish_and_its_reason(event, schedule):
    assert rows(event_exports.unscheduled_csv(event, schedule)) == [
        ["Id demandeur", "Demandeur", "Id souhaité", "Souhaité", "Niveau", "Raison"],
        ["biotek", "Société Œnologie – Test", "lab-c", "lab-c", "indispensable", REASON["fr"]]]
    header, row = rows(event_exports.unscheduled_csv(event, schedule, lang="en"))
    assert header[-1] == "Reason" and row[4:] == ["must meet", REASON["en"]]


def load(data):
    return openpyxl.load_workbook(io.BytesIO(data))


def test_workbook_sheets_and_grid(event, schedule):
    book = load(event_exports.workbook(event, schedule))
    assert book.sheetnames == ["Rendez-vous", "Grille", "Agendas", "Non planifiés"]
    grid = book["Grille"]
    header = [cell.value for cell in grid[1]]
    assert header == ["Créneau", "Horaire", "Table 1", "Table 2", "Table 3"]
    by_slot = {row[0]: row[1:] for row in grid.iter_rows(min_row=2, values_only=True)}
    assert list(by_slot) == [1, 2, 3, 4, 5]
    assert by_slot[1] == ("09:00–09:20", 'Société Œnologie – Test — Lab "B", chimie',
                          "Acme Capteurs — Laboratoire Ampère", None)
    assert by_slot[2] == ("09:20–09:40", None, None, None)
    assert by_slot[3] == ("09:50–10:10", None, None, "Société Œnologie – Test — Laboratoire Ampère")
    assert by_slot[4][0] == "14:00–14:20"
    assert grid.freeze_panes == "C2" and grid["A1"].font.bold


def test_workbook_meetings_agendas_and_unscheduled(event, schedule):
    book = load(event_exports.workbook(event, schedule))
    meetings = book["Rendez-vous"]
    assert meetings.freeze_panes == "A2" and all(cell.font.bold for cell in meetings[1])
    assert [[str(value) for value in row] for row in meetings.iter_rows(values_only=True)] == \
        [[str(value) if value != "" else "None" for value in row]
         for row in rows(event_exports.meetings_csv(event, schedule))]
    assert meetings.column_dimensions["G"].width > meetings.column_dimensions["A"].width
    agendas = list(book["Agendas"].iter_rows(values_only=True))
    assert agendas[0] == ("Participant", "Créneau", "Horaire", "Table", "Interlocuteur")
    assert agendas[1:3] == [("Acme Capteurs", 1, "09:00–09:20", 2, "Laboratoire Ampère"),
                            ("Acme Capteurs", 4, "14:00–14:20", 1, 'Lab "B", chimie')]
    assert len(agendas) == 1 + 2 * 4  # two meetings for each side of the four meetings
    unscheduled = list(book["Non planifiés"].iter_rows(values_only=True))
    assert unscheduled[1][:4] == ("biotek", "Société Œnologie – Test", "lab-c", "lab-c")


def test_workbook_in_english(event, schedule):
    book = load(event_exports.workbook(event, schedule, lang="en"))
    assert book.sheetnames == ["Meetings", "Grid", "Agendas", "Unscheduled"]
    assert book["Grid"]["B1"].value == "Time" and book["Meetings"]["K1"].value == "Why"


def test_workbook_keeps_a_formula_like_name_as_text(event):
    book = load(event_exports.workbook(event, make_schedule(names={**NAMES, "acme": "=1+1"})))
    cell = book["Rendez-vous"]["G3"]
    assert (cell.value, cell.data_type) == ("=1+1", "s")


def vevents(data):
    return icalendar.Calendar.from_ical(data).walk("VEVENT")


def test_calendar_holds_the_participant_meetings_in_paris_time(event, schedule):
    data = event_exports.calendar(event, schedule, "acme")
    cal = icalendar.Calendar.from_ical(data)
    assert str(cal["prodid"]) == "-//Tandem//Event agendas//FR"
    assert [str(zone["tzid"]) for zone in cal.walk("VTIMEZONE")] == ["Europe/Paris"]
    items = vevents(data)
    assert [item.decoded("dtstart") for item in items] == [datetime.datetime(2025, 3, 4, 9, 0, tzinfo=PARIS),
                                                           datetime.datetime(2025, 3, 4, 14, 0, tzinfo=PARIS)]
    assert items[0].decoded("dtstart").astimezone(datetime.UTC).hour == 8  # CET in March
    assert items[0].decoded("dtend") == datetime.datetime(2025, 3, 4, 9, 20, tzinfo=PARIS)
    assert all(item["dtstart"].params["TZID"] == "Europe/Paris" for item in items)
    assert [str(item["summary"]) for item in items] == ["Rendez-vous : Laboratoire Ampère",
                                                        'Rendez-vous : Lab "B", chimie']
    assert [str(item["location"]) for item in items] == ["Table 2, Lyon", "Table 1, Lyon"]
    assert str(items[0]["description"]) == "souhait d'Acme\ntermes communs : capteurs"


def test_calendar_of_a_lab_in_english_without_place(schedule):
    event = Event.from_dict({**make_event().to_dict(), "place": None})
    items = vevents(event_exports.calendar(event, schedule, "lab-b", lang="en"))
    assert [(str(item["summary"]), str(item["location"])) for item in items] == [
        ("Meeting: Société Œnologie – Test", "Table 1"), ("Meeting: Acme Capteurs", "Table 1")]
    assert [item.decoded("dtstart").strftime("%H:%M") for item in items] == ["09:00", "14:00"]


def test_calendar_uids_are_stable(event, schedule):
    first, second = (vevents(event_exports.calendar(event, schedule, "biotek")) for _ in range(2))
    assert [str(item["uid"]) for item in first] == [str(item["uid"]) for item in second] == [
        "salon-2025-biotek-lab-b@tandem", "salon-2025-biotek-lab-a@tandem"]


@pytest.mark.parametrize("export", [event_exports.calendar, event_exports.agenda_pdf])
def test_an_unknown_participant_is_named(event, schedule, export):
    with pytest.raises(UnknownNameError, match="'nobody' is not a participant of the event"):
        export(event, schedule, "nobody")


def test_agenda_pdf(event, schedule):
    [page] = pdf_pages(event_exports.agenda_pdf(event, schedule, "biotek"))
    for text in ("Rencontres Industrie – Recherche", "04/03/2025, Lyon", "Société Œnologie – Test",
                 "Présents : Bruno Roy, Chloé Petit", 'Lab "B", chimie', "Laboratoire Ampère",
                 "09:00–09:20", "09:50–10:10", "Interlocuteur", "2 rendez-vous"):
        assert text in page
    assert page.index("09:00–09:20") < page.index("09:50–10:10")
    assert "Acme Capteurs" not in page


def test_agenda_pdf_in_english_with_the_reasons(event, schedule):
    [page] = pdf_pages(event_exports.agenda_pdf(event, schedule, "acme", lang="en"))
    for text in ("Acme Capteurs", "Attendees: Alice Martin", "2025-03-04, Lyon", "Acme's wish",
                 "shared terms: sensors", "14:00–14:20", "Counterpart", "2 meetings"):
        assert text in page


def test_agenda_pdf_without_meetings(event, schedule):
    [page] = pdf_pages(event_exports.agenda_pdf(event, schedule, "lab-c"))
    assert "Aucun rendez-vous n'a été planifié pour lab-c." in page and "Créneau" not in page


def test_agendas_pdf_one_page_per_participant_in_event_order(event, schedule):
    pages = pdf_pages(event_exports.agendas_pdf(event, schedule))
    assert len(pages) == 5
    for page, name in zip(pages, ["Acme Capteurs", "Société Œnologie – Test", "Laboratoire Ampère",
                                  'Lab "B", chimie', "lab-c"]):
        assert f"Recherche 04/03/2025, Lyon {name}" in page


def test_grid_pdf_on_one_page(event, schedule):
    [page] = pdf_pages(event_exports.grid_pdf(event, schedule))
    for text in ("tables 1 à 3", "Table 3", "09:50–10:10", "Société Œnologie – Test — Laboratoire Ampère",
                 "Acme Capteurs — Laboratoire Ampère"):
        assert text in page


def test_grid_pdf_splits_many_tables_across_pages():
    event = make_event(tables=12)
    schedule = make_schedule([Meeting("acme", "lab-a", 1, 2, 0.8), Meeting("biotek", "lab-b", 2, 12, 0.7)])
    first, second = pdf_pages(event_exports.grid_pdf(event, schedule, lang="en"))
    assert "tables 1 to 10" in first and "Table 10" in first and "Table 11" not in first
    assert "tables 11 to 12" in second and "Table 12" in second and "Table 1 " not in second
    assert "Acme Capteurs — Laboratoire Ampère" in first and "Société Œnologie" not in first
    assert 'Société Œnologie – Test — Lab "B", chimie' in second and "14:20–14:40" in second


def test_another_event_schedule_is_refused(event):
    with pytest.raises(InvalidInputError, match="the schedule is for the event 'other', not 'salon-2025'"):
        event_exports.meetings_csv(event, make_schedule(event_id="other"))


def test_a_meeting_the_event_no_longer_holds_is_refused(event):
    schedule = make_schedule([Meeting("acme", "lab-a", 1, 4, 0.8)])
    with pytest.raises(InvalidInputError, match="slot 1, table 4, but the event has slots 1 to 5 and tables 1 to 3"):
        event_exports.grid_pdf(event, schedule)


def test_an_unknown_language_is_refused(event, schedule):
    with pytest.raises(InvalidInputError, match="language 'de' .* use 'fr' or 'en'"):
        event_exports.workbook(event, schedule, lang="de")


def test_agendas_pdf_of_an_event_without_participants():
    event = Event.from_dict({**make_event().to_dict(), "participants": [], "wishes": []})
    [page] = pdf_pages(event_exports.agendas_pdf(event, make_schedule([]), lang="en"))
    assert "Rencontres Industrie – Recherche has no participant yet." in page
