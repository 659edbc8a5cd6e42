"""What organisers take away from a scheduled event: spreadsheets, calendars and printable agendas.

Every export reads the same rows (meetings in slot then table order, names from
``Schedule.names``), so that the CSV, the workbook and the PDFs never disagree.
Times are local to the event (Europe/Paris): slots are naive datetimes on the
event's date, and only the calendar needs to say which zone they are in.
"""

import csv
import datetime
import io
import zoneinfo
from collections.abc import Iterable, Sequence
from typing import Any
from xml.sax.saxutils import escape

import icalendar
import openpyxl
from openpyxl.styles import Font
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table

from ..errors import InvalidInputError, UnknownNameError
from ..records.events import Event, Participant, Slot
from ..records.schedule import Meeting, Schedule

ZONE = zoneinfo.ZoneInfo("Europe/Paris")
PRODID = "-//Tandem//Event agendas//FR"
TABLES_PER_PAGE = 10  # grid columns that stay readable on an A4 landscape page

LABELS = {
    "fr": {
        "slot": "Créneau", "session": "Session", "start": "Début", "end": "Fin", "table": "Table",
        "company_id": "Id entreprise", "company": "Entreprise", "lab_id": "Id laboratoire", "lab": "Laboratoire",
        "value": "Valeur", "why": "Pourquoi", "by_id": "Id demandeur", "by": "Demandeur", "to_id": "Id souhaité",
        "to": "Souhaité", "level": "Niveau", "reason": "Raison", "participant": "Participant", "time": "Horaire",
        "counterpart": "Interlocuteur", "must": "indispensable", "like": "souhaité",
        "sheets": ("Rendez-vous", "Grille", "Agendas", "Non planifiés"),
        "meeting": "Rendez-vous : {}", "attendees": "Présents : {}", "count": ("{} rendez-vous", "{} rendez-vous"),
        "none": "Aucun rendez-vous n'a été planifié pour {}.", "tables": "tables {} à {}", "date": "%d/%m/%Y",
        "empty": "{} n'a encore aucun participant.",
    },
    "en": {
        "slot": "Slot", "session": "Session", "start": "Start", "end": "End", "table": "Table",
        "company_id": "Company id", "company": "Company", "lab_id": "Lab id", "lab": "Lab",
        "value": "Value", "why": "Why", "by_id": "By id", "by": "By", "to_id": "To id",
        "to": "To", "level": "Level", "reason": "Reason", "participant": "Participant", "time": "Time",
        "counterpart": "Counterpart", "must": "must meet", "like": "would like to meet",
        "sheets": ("Meetings", "Grid", "Agendas", "Unscheduled"),
        "meeting": "Meeting: {}", "attendees": "Attendees: {}", "count": ("{} meeting", "{} meetings"),
        "none": "No meeting was scheduled for {}.", "tables": "tables {} to {}", "date": "%Y-%m-%d",
        "empty": "{} has no participant yet.",
    },
}
MEETING_COLUMNS = ("slot", "session", "start", "end", "table", "company_id", "company", "lab_id", "lab", "value",
                   "why")
UNSCHEDULED_COLUMNS = ("by_id", "by", "to_id", "to", "level", "reason")
AGENDA_COLUMNS = ("participant", "slot", "time", "table", "counterpart")


def meetings_csv(event: Event, schedule: Schedule, lang: str = "fr") -> str:
    """One row per meeting, in slot then table order, with the phrases that say why it was chosen."""
    text = _labels(lang)
    return _csv([text[column] for column in MEETING_COLUMNS], _meeting_rows(event, schedule, lang))


def unscheduled_csv(event: Event, schedule: Schedule, lang: str = "fr") -> str:
    """One row per wish no meeting answers, with the reason, so organisers can tell the participants why."""
    text = _labels(lang)
    _slots(event, schedule)  # refuses another event's schedule, as every other export does
    return _csv([text[column] for column in UNSCHEDULED_COLUMNS], _unscheduled_rows(schedule, lang))


def workbook(event: Event, schedule: Schedule, lang: str = "fr") -> bytes:
    """An .xlsx with the meetings, the slots × tables grid, everyone's agenda and the unscheduled wishes."""
    text = _labels(lang)
    book = openpyxl.Workbook()
    book.remove(book.active)
    meetings, grid, agendas, unscheduled = text["sheets"]
    _sheet(book, meetings, [text[c] for c in MEETING_COLUMNS], _meeting_rows(event, schedule, lang))
    cells = _grid_cells(schedule)
    _sheet(book, grid, [text["slot"], text["time"]] + [_table(n) for n in range(1, event.tables + 1)],
           [[slot.number, _span(slot)] + [cells.get((slot.number, n), "") for n in range(1, event.tables + 1)]
            for slot in event.slots()], freeze="C2")
    _sheet(book, agendas, [text[c] for c in AGENDA_COLUMNS], _agenda_rows(event, schedule))
    _sheet(book, unscheduled, [text[c] for c in UNSCHEDULED_COLUMNS], _unscheduled_rows(schedule, lang))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def calendar(event: Event, schedule: Schedule, participant_id: str, lang: str = "fr") -> bytes:
    """An .ics with one event per meeting of a participant, to import into their calendar.

    The UID stays the same from one export to the next, so importing an export again
    does not add its meetings twice; it names the pair (who meet once per event), so a
    meeting moved by a rescheduling updates the calendar entry instead of adding one.
    """
    text = _labels(lang)
    participant = _participant(event, participant_id)
    slots = _slots(event, schedule)
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("x-wr-calname", f"{event.name} — {_name(schedule, participant.id)}")
    stamp = datetime.datetime.now(datetime.UTC)
    for meeting in schedule.agenda(participant.id):
        slot = slots[meeting.slot]
        item = icalendar.Event()
        item.add("uid", f"{event.id}-{meeting.company}-{meeting.lab}@tandem")
        item.add("dtstamp", stamp)
        item.add("dtstart", slot.start.replace(tzinfo=ZONE))
        item.add("dtend", slot.end.replace(tzinfo=ZONE))
        item.add("summary", text["meeting"].format(_name(schedule, _counterpart(meeting, participant.id))))
        item.add("location", ", ".join(filter(None, (_table(meeting.table), event.place))))
        if meeting.why:
            item.add("description", "\n".join(phrase[lang] for phrase in meeting.why))
        cal.add_component(item)
    cal.add_missing_timezones()
    return cal.to_ical()


def agenda_pdf(event: Event, schedule: Schedule, participant_id: str, lang: str = "fr") -> bytes:
    """A participant's printable agenda (A4): when, at which table and whom they meet, and why."""
    participant = _participant(event, participant_id)
    return _pdf(A4, event.name, _agenda_story(event, schedule, participant, lang))


def agendas_pdf(event: Event, schedule: Schedule, lang: str = "fr") -> bytes:
    """Every participant's agenda, one page each in the event's order, to print them all at once."""
    text = _labels(lang)
    story = []
    for participant in event.participants:
        story += [PageBreak()] if story else []
        story += _agenda_story(event, schedule, participant, lang)
    return _pdf(A4, event.name, story or [Paragraph(escape(text["empty"].format(event.name)), _STYLES["Normal"])])


def grid_pdf(event: Event, schedule: Schedule, lang: str = "fr") -> bytes:
    """The slots × tables grid on A4 landscape, for the welcome desk and the room.

    Many tables do not fit across one page: each page shows at most ``TABLES_PER_PAGE``
    of them and says which; a page that runs out of height repeats the header row.
    """
    text = _labels(lang)
    slots = _slots(event, schedule)
    cells = _grid_cells(schedule)
    cell = ParagraphStyle("grid", _STYLES["Normal"], fontSize=7, leading=8.5)
    width = landscape(A4)[0] - 2 * _MARGIN - 34 * mm
    story = []
    for first in range(1, event.tables + 1, TABLES_PER_PAGE):
        tables = range(first, min(first + TABLES_PER_PAGE - 1, event.tables) + 1)
        story += [PageBreak()] if story else []
        story.append(Paragraph(escape(f"{event.name} — {_when_where(event, text)} — "
                                      f"{text['tables'].format(tables[0], tables[-1])}"), _STYLES["Heading2"]))
        rows = [[text["slot"], text["time"]] + [_table(n) for n in tables]]
        rows += [[slot.number, _span(slot)] + [Paragraph(escape(cells.get((slot.number, n), "")), cell)
                                               for n in tables] for slot in slots.values()]
        story.append(Table(rows, colWidths=[12 * mm, 22 * mm] + [width / len(tables)] * len(tables),
                           repeatRows=1, style=_TABLE_STYLE + [("FONTSIZE", (0, 0), (-1, -1), 7)]))
    return _pdf(landscape(A4), event.name, story)


def _labels(lang: str) -> dict[str, Any]:
    if lang not in LABELS:
        raise InvalidInputError(f"language {lang!r} is not available for exports: use 'fr' or 'en'")
    return LABELS[lang]


def _participant(event: Event, participant_id: str) -> Participant:
    participant = event.participant(participant_id)
    if participant is None:
        raise UnknownNameError(f"{participant_id!r} is not a participant of the event {event.id!r}: "
                               "give the id of a registered company or lab")
    return participant


def _slots(event: Event, schedule: Schedule) -> dict[int, Slot]:
    """The event's slots by number, once the schedule is known to fit the event.

    An event edited after it was scheduled (fewer slots or tables) no longer holds
    every meeting; exporting it would silently drop some.
    """
    if schedule.event_id != event.id:
        raise InvalidInputError(f"the schedule is for the event {schedule.event_id!r}, not {event.id!r}: "
                                "export an event with its own schedule")
    slots = {slot.number: slot for slot in event.slots()}
    for meeting in schedule.meetings:
        if meeting.slot not in slots or not 1 <= meeting.table <= event.tables:
            raise InvalidInputError(
                f"the meeting {meeting.company!r}–{meeting.lab!r} is at slot {meeting.slot}, table {meeting.table}, "
                f"but the event has slots 1 to {len(slots)} and tables 1 to {event.tables}: schedule it again")
    return slots


def _name(schedule: Schedule, participant_id: str) -> str:
    return schedule.names.get(participant_id, participant_id)


def _counterpart(meeting: Meeting, participant_id: str) -> str:
    return meeting.lab if participant_id == meeting.company else meeting.company


def _table(number: int) -> str:
    return f"Table {number}"  # the same word in French and English


def _span(slot: Slot) -> str:
    return f"{slot.start:%H:%M}–{slot.end:%H:%M}"


def _when_where(event: Event, text: dict[str, Any]) -> str:
    return ", ".join(filter(None, (event.date.strftime(text["date"]), event.place)))


def _meeting_rows(event: Event, schedule: Schedule, lang: str) -> list[list[Any]]:
    slots = _slots(event, schedule)
    return [[m.slot, slots[m.slot].session, f"{slots[m.slot].start:%H:%M}", f"{slots[m.slot].end:%H:%M}", m.table,
             m.company, _name(schedule, m.company), m.lab, _name(schedule, m.lab), round(float(m.value), 4),
             " ; ".join(phrase[lang] for phrase in m.why)]
            for m in sorted(schedule.meetings, key=lambda m: (m.slot, m.table))]


def _unscheduled_rows(schedule: Schedule, lang: str) -> list[list[str]]:
    text = LABELS[lang]
    return [[u.by, _name(schedule, u.by), u.to, _name(schedule, u.to), text.get(u.level, u.level), u.reason[lang]]
            for u in schedule.unscheduled]


def _agenda_rows(event: Event, schedule: Schedule) -> list[list[Any]]:
    slots = _slots(event, schedule)
    return [[_name(schedule, p.id), m.slot, _span(slots[m.slot]), m.table, _name(schedule, _counterpart(m, p.id))]
            for p in event.participants for m in schedule.agenda(p.id)]


def _grid_cells(schedule: Schedule) -> dict[tuple[int, int], str]:
    return {(m.slot, m.table): f"{_name(schedule, m.company)} — {_name(schedule, m.lab)}" for m in schedule.meetings}


def _csv(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def _sheet(book: openpyxl.Workbook, title: str, header: list[Any], rows: list[list[Any]], freeze: str = "A2") -> None:
    sheet = book.create_sheet(title)
    for row in [header] + rows:
        sheet.append(row)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for column in sheet.iter_cols():
        for cell in column:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"  # a name such as "=Lab" is text, not a formula to run
        longest = max(len(str(cell.value or "")) for cell in column)
        sheet.column_dimensions[column[0].column_letter].width = min(max(longest + 2, 8), 60)
    sheet.freeze_panes = freeze


_STYLES = getSampleStyleSheet()
_CELL = ParagraphStyle("cell", _STYLES["Normal"], fontSize=9, leading=11)
_MARGIN = 15 * mm
_TABLE_STYLE = [("FONTNAME", (0, 0), (-1, 0), "Helvetica-Bold"), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BACKGROUND", (0, 0), (-1, 0), colors.lightgrey),
                ("GRID", (0, 0), (-1, -1), 0.4, colors.grey)]


def _agenda_story(event: Event, schedule: Schedule, participant: Participant, lang: str) -> list[Flowable]:
    """The flowables of one participant's agenda, shared by a single agenda and the whole print run."""
    text = _labels(lang)
    slots = _slots(event, schedule)
    name = _name(schedule, participant.id)
    story = [Paragraph(escape(event.name), _STYLES["Title"]),
             Paragraph(escape(_when_where(event, text)), _STYLES["Normal"]),
             Paragraph(escape(name), _STYLES["Heading2"])]
    if participant.attendees:
        story.append(Paragraph(escape(text["attendees"].format(", ".join(participant.attendees))), _STYLES["Normal"]))
    story.append(Spacer(0, 4 * mm))
    meetings = schedule.agenda(participant.id)
    if not meetings:
        return story + [Paragraph(escape(text["none"].format(name)), _STYLES["Normal"])]
    rows = [[text["slot"], text["time"], text["table"], text["counterpart"], text["why"]]]
    rows += [[m.slot, _span(slots[m.slot]), m.table,
              Paragraph(escape(_name(schedule, _counterpart(m, participant.id))), _CELL),
              Paragraph("<br/>".join(escape(phrase[lang]) for phrase in m.why), _CELL)] for m in meetings]
    count = text["count"][len(meetings) != 1].format(len(meetings))
    return story + [Table(rows, colWidths=[16 * mm, 26 * mm, 14 * mm, 56 * mm, 68 * mm], repeatRows=1,
                          style=_TABLE_STYLE),
                    Spacer(0, 4 * mm), Paragraph(escape(count), _STYLES["Normal"])]


def _pdf(size: tuple[float, float], title: str, story: list[Flowable]) -> bytes:
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=size, title=title, author="Tandem", leftMargin=_MARGIN,
                            rightMargin=_MARGIN, topMargin=_MARGIN, bottomMargin=_MARGIN)
    doc.build(story)
    return out.getvalue()
