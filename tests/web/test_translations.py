"""The interface is French by default and English on request: every string of the code is translated."""

import re
from pathlib import Path

from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
PO = ROOT / "web" / "translations" / "en" / "LC_MESSAGES" / "messages.po"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")


def catalogue():
    with PO.open("rb") as file:
        return {message.id if isinstance(message.id, str) else message.id[0]: message
                for message in read_po(file) if message.id}


def strings_of_the_code():
    """The msgids that `make messages` would extract (babel.cfg: web/**.py and the templates)."""
    found = set()
    for folder, method in (("web", "python"), ("web/templates", "jinja2")):
        for _file, _line, message, _comments, _context in extract_from_dir(
                ROOT / folder, method_map=[("**.py" if method == "python" else "**.html", method)],
                keywords={**DEFAULT_KEYWORDS, "_l": None}):
            found.add(message if isinstance(message, str) else message[0])
    return found


def test_every_string_of_the_interface_is_in_the_catalogue():
    missing = sorted(strings_of_the_code() - set(catalogue()))
    assert missing == [], "run `make messages`, then translate the new strings"


def test_every_message_is_translated_with_the_same_placeholders():
    problems = []
    for msgid, message in catalogue().items():
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        translations = message.string if isinstance(message.string, tuple) else (message.string,)
        if not all(translations) or message.fuzzy:
            problems.append(("not translated", msgid))
        for text in translations:
            if sorted(PLACEHOLDER.findall(text)) not in (sorted(PLACEHOLDER.findall(i)) for i in ids):
                problems.append(("placeholders differ", msgid))
    assert problems == []


def test_english_pages_use_the_catalogue(client):
    html = client.get("/?lang=en").get_data(as_text=True)
    assert '<html lang="en">' in html and "Find a lab" in html and "Trouver un laboratoire" not in html
    assert "Trouver un laboratoire" in client.get("/").get_data(as_text=True)  # French stays the default
