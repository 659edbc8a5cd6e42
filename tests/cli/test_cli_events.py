"""``matcher event schedule``: an event file of the fixture catalogue's ids, scheduled from the command line.

The event: slots 1 09:00, (10-minute break) 2 09:30, then 3 14:00; two tables. Known partners in the
fixture catalogue (hydro-riverco, robo-agribot, batt-agribot, robo-dronco) never meet; agribot's
only other lab, hydro, said no thanks, so agribot has no meeting. dronco (slot 3 only) and batt
(slot 1 only) have no common slot.
"""

import csv
import io
import json

import openpyxl
import pypdf
import pytest

EVENT = """\
id: salon
name: Salon test
date: 2026-03-02
tables: 2
sessions:
  - {name: Matin, start: "09:00", slot_minutes: 20, slots: 2, breaks: [{after: 1, minutes: 10}]}
  - {name: Soir, start: "14:00", slot_minutes: 30, slots: 1}
participants:
  - {id: riverco, attendees: [Rita River]}
  - {id: agribot}
  - {id: dronco, available: "3"}
  - {id: hydro}
  - {id: robo}
  - {id: batt, available: "1"}
wishes:
  - {by: riverco, to: robo, level: must}
  - {by: robo, to: riverco, level: like}
  - {by: dronco, to: batt, level: must}
  - {by: agribot, to: hydro, level: like}
  - {by: hydro, to: agribot, level: no}
"""
PARTICIPANTS = ["riverco", "agribot", "dronco", "hydro", "robo", "batt"]


@pytest.fixture
def event_file(tmp_path):
    path = tmp_path / "salon.yaml"
    path.write_text(EVENT, encoding="utf-8")
    return path


def schedule_json(imported, *args):
    result = imported("event", "schedule", *map(str, args), "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_text_output_lists_meetings_value_bound_gap_and_unscheduled_wishes(imported, event_file):
    result = imported("event", "schedule", str(event_file))
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    payload = schedule_json(imported, event_file)
    assert lines[0] == f"Salon test: {len(payload['meetings'])} meetings"
    assert lines[1].split() == ["slot", "time", "table", "company", "lab", "value"]
    times = {1: "09:00", 2: "09:30", 3: "14:00"}
    rows = [line.split() for line in lines[2:2 + len(payload["meetings"])]]
    for row, meeting in zip(rows, payload["meetings"]):
        assert row[:3] == [str(meeting["slot"]), times[meeting["slot"]], str(meeting["table"])]
        assert f"({meeting['company']})" in row and f"({meeting['lab']})" in row
        assert float(row[-1]) == pytest.approx(meeting["value"], abs=0.05)
    must = next(line for line in lines if "(riverco)" in line and "(robo)" in line)
    assert float(must.split()[-1]) >= 70  # must + like
    total = next(line for line in lines if line.startswith("total value"))
    assert total.startswith(f"total value {payload['value']:.1f}; bound {payload['bound']:.1f}; gap 0.00 %")
    assert "without a meeting: agribot" in lines
    assert "2 wishes not scheduled:" in lines
    assert "  dronco → batt (must): no slot when both are available" in lines
    assert "  agribot → hydro (like): HYDRO said no thanks" in lines


def test_french_reasons_with_lang_fr(imported, event_file):
    result = imported("event", "schedule", str(event_file), "--lang", "fr")
    assert result.exit_code == 0
    assert "  dronco → batt (must): aucun créneau où les deux sont disponibles" in result.output
    assert "  agribot → hydro (like): HYDRO a répondu « non merci »" in result.output


def test_json_output_has_meetings_value_bound_gap_and_unscheduled(imported, event_file):
    payload = schedule_json(imported, event_file)
    assert payload["event_id"] == "salon"
    meetings = payload["meetings"]
    pairs = {(m["company"], m["lab"]) for m in meetings}
    assert ("riverco", "robo") in pairs
    assert not pairs & {("riverco", "hydro"), ("agribot", "robo"), ("agribot", "batt"), ("dronco", "robo"),
                        ("agribot", "hydro"), ("dronco", "batt")}
    for m in meetings:
        assert 1 <= m["slot"] <= 3 and 1 <= m["table"] <= 2 and m["why"]
    assert payload["value"] == pytest.approx(sum(m["value"] for m in meetings), abs=1e-3)
    assert payload["bound"] >= payload["value"] and payload["gap"] == 0
    assert {(u["by"], u["to"], u["level"]) for u in payload["unscheduled"]} == {
        ("dronco", "batt", "must"), ("agribot", "hydro", "like")}
    assert all(u["reason"]["fr"] and u["reason"]["en"] for u in payload["unscheduled"])
    assert payload["without_meeting"] == ["agribot"]
    assert payload["changes"] is None


def test_keep_lists_the_cancelled_meetings_after_a_participant_leaves(imported, event_file, tmp_path):
    before = schedule_json(imported, event_file)
    published = tmp_path / "published.json"
    published.write_text(json.dumps(before), encoding="utf-8")
    gone = [m for m in before["meetings"] if m["lab"] == "robo"]
    assert gone
    text = event_file.read_text(encoding="utf-8").replace("  - {id: robo}\n", "")
    text = "\n".join(line for line in text.splitlines() if "robo," not in line) + "\n"
    after = tmp_path / "after.yaml"
    after.write_text(text, encoding="utf-8")

    result = imported("event", "schedule", str(after), "--keep", str(published))
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    summary = next(line for line in lines if line.startswith("changes: "))
    assert f"{len(gone)} cancelled" in summary
    for m in gone:
        assert f"  cancelled: {m['company']}–robo slot {m['slot']} table {m['table']}" in lines

    payload = schedule_json(imported, after, "--keep", published)
    assert [(m["company"], m["lab"], m["slot"], m["table"]) for m in payload["changes"]["cancelled"]] == [
        (m["company"], m["lab"], m["slot"], m["table"]) for m in gone]
    kept = {(m["company"], m["lab"]): (m["slot"], m["table"]) for m in payload["meetings"]}
    for m in before["meetings"]:
        if m["lab"] != "robo":
            assert kept[m["company"], m["lab"]] == (m["slot"], m["table"])


def test_out_writes_every_export(imported, event_file, tmp_path):
    out = tmp_path / "exports"
    result = imported("event", "schedule", str(event_file), "--out", str(out))
    assert result.exit_code == 0, result.output
    assert f"exports written to {out}/" in result.output
    assert sorted(p.name for p in out.iterdir()) == sorted(
        ["meetings.csv", "unscheduled.csv", "salon.xlsx", "grid.pdf", "agendas.pdf",
         *(f"{p}.ics" for p in PARTICIPANTS)])
    payload = schedule_json(imported, event_file)
    rows = list(csv.reader(io.StringIO((out / "meetings.csv").read_text(encoding="utf-8"))))
    assert len(rows) == 1 + len(payload["meetings"])
    unscheduled = (out / "unscheduled.csv").read_text(encoding="utf-8")
    assert "dronco" in unscheduled and "batt" in unscheduled
    openpyxl.load_workbook(out / "salon.xlsx")
    for name in ("grid.pdf", "agendas.pdf"):
        assert len(pypdf.PdfReader(out / name).pages) >= 1
    riverco = (out / "riverco.ics").read_text(encoding="utf-8")
    assert riverco.startswith("BEGIN:VCALENDAR")
    assert riverco.count("BEGIN:VEVENT") == sum(m["company"] == "riverco" for m in payload["meetings"])


def command(path, *extra):
    return ["event", "schedule", str(path), *map(str, extra)]


def check_bad_input(result, message):
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert result.output.startswith("Error: ")
    assert result.output.count("Error: ") == 1
    assert message in result.output


def test_missing_event_file(imported, tmp_path):
    check_bad_input(imported(*command(tmp_path / "nowhere.yaml")), "nowhere.yaml: cannot be read")


@pytest.mark.parametrize("text, message", [
    ("id: [unclosed\n", "salon.yaml: not a YAML file"),
    ("- just\n- a list\n", "salon.yaml: expected a mapping with id, name, date, tables, sessions"),
    (EVENT.replace('start: "14:00"', 'start: "09:20"'),
     "'Matin' (09:00–09:50) and 'Soir' (09:20–09:50) overlap"),
    (EVENT.replace("{id: batt, ", "{id: ghost-lab, ").replace("to: batt", "to: ghost-lab"),
     "participants: 'ghost-lab' is neither a company nor a lab of the store"),
    (EVENT.replace("tables: 2", "tables: 4"), "use at most 3 tables"),
], ids=["not yaml", "not a mapping", "overlapping sessions", "unknown participant", "too many tables"])
def test_bad_event_file_gets_one_clear_message_and_no_traceback(imported, tmp_path, text, message):
    path = tmp_path / "salon.yaml"
    path.write_text(text, encoding="utf-8")
    result = imported(*command(path))
    check_bad_input(result, message)
    if "overlap" not in message:
        assert len(result.output.strip().splitlines()) == 1


@pytest.mark.parametrize("content", ['{"meetings": []}', "not json at all", '{"event_id": "salon", "meetings": 5}'],
                         ids=["missing keys", "not json", "meetings not a list"])
def test_keep_file_that_is_not_a_schedule(imported, event_file, tmp_path, content):
    keep = tmp_path / "keep.json"
    keep.write_text(content, encoding="utf-8")
    result = imported(*command(event_file, "--keep", keep))
    check_bad_input(result, "keep.json: not a schedule; give the JSON that 'matcher event schedule --json' printed")
    assert len(result.output.strip().splitlines()) == 1


def test_keep_file_that_does_not_exist(imported, event_file, tmp_path):
    check_bad_input(imported(*command(event_file, "--keep", tmp_path / "none.json")), "none.json: cannot be read")


def test_keep_file_with_a_json_list_is_not_a_schedule(imported, event_file, tmp_path):
    keep = tmp_path / "keep.json"
    keep.write_text("[1, 2]", encoding="utf-8")
    result = imported(*command(event_file, "--keep", keep))
    check_bad_input(result, "keep.json: not a schedule")


def test_an_out_folder_that_cannot_be_made_is_named(imported, event_file, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("", encoding="utf-8")
    result = imported(*command(event_file, "--out", blocker / "agendas"))
    check_bad_input(result, f"--out {blocker / 'agendas'}: cannot make the folder")
    assert len(result.output.strip().splitlines()) == 1
