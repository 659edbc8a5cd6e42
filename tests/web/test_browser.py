"""The pages people click, in a real browser: Playwright driving Debian's Chromium.

Each test saves screenshots of the pages it visits in tests/screenshots/ (git-ignored).
"""

import re

import pytest
from browser import browser, live_server, page, screenshot  # noqa: F401  (fixtures)
from conftest import PASSWORD

pytestmark = pytest.mark.slow  # a real browser and a live server

RIVER_NEED = "prévoir les crues des rivières par altimétrie satellite"


def log_in(page, base, email):
    page.goto(f"{base}/login")
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.click("form.card button[type=submit]")
    page.wait_for_url(re.compile(r"^(?!.*/login).*$"))


def test_an_sme_types_a_need_and_sees_labs_and_schemes(live_server, page):
    page.goto(live_server + "/")
    screenshot(page, "home")
    page.fill("#q", RIVER_NEED)
    page.click("#company-facts summary")  # the company's facts are folded until asked for
    page.fill("#headcount", "12")
    page.fill("#founded", "2019")
    page.fill("#company_region", "Occitanie")
    page.click("form.need-form button[type=submit]")
    first = page.locator("article.match").first
    assert first.get_attribute("id") == "match-hydro"
    assert "altimétrie" in first.locator(".reasons").inner_text()
    assert "Occitanie Pair" in first.locator(".match-schemes").inner_text()
    screenshot(page, "home-results")

    first.locator("a.acronym").click()  # on to the lab's page, where its network is drawn
    page.wait_for_url(f"{live_server}/labs/hydro")
    page.wait_for_selector("#network canvas")
    assert "RiverCo" in page.inner_text("body")
    screenshot(page, "lab")


def test_an_officer_edits_a_profile_and_sees_the_ranking_change(live_server, page):
    search = f"{live_server}/?q=zythologie+des+rivières"
    page.goto(search)
    assert "zythologie" not in page.locator("section.results").inner_text()  # no lab knows the word yet

    log_in(page, live_server, "officer@hydro.test")
    page.goto(f"{live_server}/officer/")
    screenshot(page, "officer-dashboard")
    page.goto(f"{live_server}/officer/labs/hydro/edit")
    keywords = page.locator("#keywords_fr")
    keywords.fill(keywords.input_value() + "\nzythologie")
    screenshot(page, "officer-edit")
    page.locator("form button[type=submit]").last.click()
    page.wait_for_url(f"{live_server}/labs/hydro")
    assert "zythologie" in page.inner_text("body")

    page.goto(search)
    first = page.locator("article.match").first
    assert first.get_attribute("id") == "match-hydro" and "zythologie" in first.locator(".reasons").inner_text()


def test_the_language_switch(live_server, page):
    page.goto(live_server + "/labs/")
    assert page.get_attribute("html", "lang") == "fr"
    assert page.locator("header nav").inner_text().startswith("Trouver un laboratoire")
    screenshot(page, "catalogue")
    page.click("header .account a[lang=en]")
    assert page.get_attribute("html", "lang") == "en"
    assert page.locator("header nav").inner_text().startswith("Find a lab")
    assert page.url == live_server + "/labs/"  # the switch comes back to the same page
    page.goto(live_server + "/labs/hydro")  # the choice holds for the next pages
    assert page.get_attribute("html", "lang") == "en"
    screenshot(page, "lab-en")
    page.click("header .account a[lang=fr]")
    assert page.get_attribute("html", "lang") == "fr"


def test_pages_of_the_other_users(live_server, page):
    """The company, need and API documentation pages render in the browser (screenshots to look at)."""
    log_in(page, live_server, "sme@riverco.test")
    page.goto(f"{live_server}/companies/riverco")
    assert "RiverCo" in page.inner_text("h1")
    screenshot(page, "company")
    page.goto(f"{live_server}/needs/riverco-levels")
    assert page.locator("text=HYDRO").count() > 0
    screenshot(page, "need")
    page.goto(f"{live_server}/api/v1/swagger")
    page.wait_for_selector(".swagger-ui .opblock")
    screenshot(page, "api-docs")


def test_an_animator_prepares_schedules_and_publishes_an_event(live_server, page):
    """Create an event, register two companies and two labs, collect wishes, schedule with the
    progress shown, publish, and open an agenda."""
    statuses = []  # what the status line of the Planifier form said, page after page
    page.expose_function("tandemStatus", lambda text: statuses.append(text))
    page.add_init_script("""document.addEventListener("DOMContentLoaded", () => {
      for (const status of document.querySelectorAll(".schedule-status")) {
        new MutationObserver((records) => records.forEach((record) => record.addedNodes.forEach(
          (node) => window.tandemStatus(node.textContent)))).observe(status, {childList: true});
      }
    });""")
    log_in(page, live_server, "animator@network.test")
    page.click("header nav >> text=Événements")
    page.wait_for_url(f"{live_server}/events/")
    page.fill("#name", "Rendez-vous Eau & Robots")
    assert page.input_value("#id") == "rendez-vous-eau-robots"  # the id follows the name
    page.fill("#date", "2026-12-03")
    page.fill("#place", "Toulouse, Cité de l'espace")
    page.fill("#tables", "2")
    page.uncheck("#exclude_partners")  # RiverCo and HYDRO already work together: let them meet anyway
    for row, values in enumerate([("Matin", "09:00", "20", "3", "1:10"), ("Après-midi", "14:00", "20", "2", "")]):
        for name, value in zip(("name", "start", "slot_minutes", "slots", "breaks"), values):
            page.fill(f"#sessions-{row}-{name}", value)
    page.click("form.event-form button[type=submit]")
    page.wait_for_url(f"{live_server}/events/rendez-vous-eau-robots#participants")

    for participant in ("riverco", "agribot", "hydro", "robo"):
        page.fill("#participant", participant)
        if participant == "riverco":
            page.fill("#attendees", "Rita River")
        page.click("form[action$='/participants'] button[type=submit]")
        page.wait_for_selector(f"#participant-{participant}")
    page.select_option("#wish-by", "riverco")
    page.select_option("#wish-to", "hydro")
    page.select_option("#wish-level", "must")
    page.click("text=Enregistrer le vœu")
    page.wait_for_selector(".event-wishes .level-must")
    assert page.locator(".event-participants tbody tr").count() == 4
    screenshot(page, "event")

    page.click("#participant-robo >> text=Suggestions")
    page.wait_for_url(re.compile(r"/participants/robo$"))
    suggestions = page.locator(".event-suggestions > li")
    assert suggestions.first.get_attribute("id") == "suggestion-agribot"  # the closest company first
    suggestions.first.locator("text=Accepter").click()
    page.wait_for_selector("#wish-agribot")
    assert page.locator("#level-agribot").input_value() == "like"
    screenshot(page, "event-suggestions")

    page.goto(f"{live_server}/events/rendez-vous-eau-robots")
    page.click("form.event-schedule-form button")
    page.wait_for_url(f"{live_server}/events/rendez-vous-eau-robots/schedule")
    assert any(status.startswith("Tour 1 :") for status in statuses), statuses
    assert statuses[-1].startswith("Programme calculé"), statuses
    grid = page.locator("table.event-grid")
    assert grid.locator("td.meeting").count() == 4  # with two slots each, every company meets every lab
    assert "RiverCo — HYDRO" in grid.inner_text()
    assert "Écart" in page.inner_text(".event-quality")
    screenshot(page, "event-schedule")

    page.click("text=Publier")
    page.wait_for_selector(".event-state.published")
    page.goto(f"{live_server}/events/rendez-vous-eau-robots/agenda/riverco")
    rows = page.locator(".event-agenda-table tbody tr")
    assert rows.count() == 2 and "HYDRO" in page.inner_text(".event-agenda-table")
    screenshot(page, "event-agenda")

    page.goto(f"{live_server}/events/")  # the list, with the event and its published schedule
    assert "publié le" in page.inner_text("table.event-list")
    screenshot(page, "events")
