"""The catalogue of labs and the lab page, on the fixture catalogue.

The fixture holds 5 labs, in the catalogue's order (detailed profiles first):
BATT (Grenoble, AURA, CEA, Chimie), HYDRO (Montpellier, Occitanie, CNRS + Université de Test,
earth sciences), ROBO (Grenoble, AURA, INRIA), then the directory entries CRUE (Toulouse,
Occitanie, earth sciences) and HIST (Lyon, AURA). Collaborations form the chain
riverco - hydro - robo - agribot - batt, with dronco beside robo.
"""

import re

import pytest

from web.pages import labs

ACRONYMS = ("BATT", "HYDRO", "ROBO", "CRUE", "HIST")


def listed(html):
    """The acronyms in the catalogue table, in order."""
    return re.findall(r'<td><a href="/labs/[^"]+">([^<]+)</a></td>', html)


def get(client, url, **query):
    response = client.get(url, query_string=query or None)
    return response.status_code, response.get_data(as_text=True)


# The catalogue -----------------------------------------------------------------------------
def test_catalogue_lists_every_lab_with_its_kind_of_entry(client):
    status, html = get(client, "/labs/")
    assert status == 200
    assert listed(html) == list(ACRONYMS)
    assert "5 laboratoires" in html and "page 1 sur 1" in html
    hydro = html[html.index('href="/labs/hydro"'):html.index('href="/labs/robo"')]
    assert "Montpellier" in hydro and "Occitanie" in hydro and "CNRS, Université de Test" in hydro
    assert "profil détaillé" in hydro
    crue = html[html.index('href="/labs/rnsr-100000002b"'):html.index('href="/labs/rnsr-100000004d"')]
    assert "Toulouse" in crue and "annuaire (RNSR)" in crue


@pytest.mark.parametrize("query, expected", [
    ({"region": "Occitanie"}, ["HYDRO", "CRUE"]),
    ({"region": "aura"}, ["BATT", "ROBO", "HIST"]),
    ({"domain": "Sciences de la terre et de l'univers, espace"}, ["HYDRO", "CRUE"]),
    ({"parent": "cnrs"}, ["HYDRO"]),
    ({"parent": "Université de Test", "region": "Auvergne-Rhône-Alpes"}, []),
    ({"region": "Auvergne-Rhône-Alpes", "domain": "Chimie"}, ["BATT"]),
    ({"q": "debit"}, ["HYDRO"]),  # keyword "débit", typed without its accent
    ({"q": "ELECTROLYTE"}, ["BATT"]),
    ({"q": "rivieres"}, ["HYDRO", "CRUE"]),  # a theme of HYDRO, the name of CRUE
])
def test_filters_and_search(client, query, expected):
    status, html = get(client, "/labs/", **query)
    assert status == 200
    assert listed(html) == expected
    assert (f"{len(expected)} laboratoire" in html) if expected else "Aucun laboratoire ne correspond" in html


def test_filters_are_shown_back_in_the_form(client):
    _, html = get(client, "/labs/", region="aura", parent="cnrs", q="crue")
    assert '<option value="Auvergne-Rhône-Alpes" selected>' in html
    assert 'name="parent" list="parents" value="cnrs"' in html and 'name="q" value="crue"' in html
    assert '<option value="Université de Test">' in html  # the parent bodies offered


def test_pagination_keeps_the_filters(client, monkeypatch):
    monkeypatch.setattr(labs, "PER_PAGE", 2)
    _, html = get(client, "/labs/", region="Auvergne-Rhône-Alpes")
    assert listed(html) == ["BATT", "ROBO"] and "3 laboratoires" in html and "page 1 sur 2" in html
    assert 'rel="prev"' not in html
    following = re.search(r'rel="next" href="([^"]+)"', html).group(1).replace("&amp;", "&")
    status, html = get(client, following)
    assert status == 200 and listed(html) == ["HIST"] and "page 2 sur 2" in html
    assert 'rel="next"' not in html
    back = re.search(r'rel="prev" href="([^"]+)"', html).group(1).replace("&amp;", "&")
    assert listed(get(client, back)[1]) == ["BATT", "ROBO"]


def test_a_page_beyond_the_last_shows_none_and_a_way_back(client):
    status, html = get(client, "/labs/", page="9", region="Occitanie")
    assert status == 200 and listed(html) == []
    assert "au-delà de la dernière" in html
    back = re.search(r'<a href="([^"]+)">Revenir à la première page', html).group(1).replace("&amp;", "&")
    assert listed(get(client, back)[1]) == ["HYDRO", "CRUE"]


@pytest.mark.parametrize("query, status, message", [
    ({"page": "deux"}, 400, "give a whole number from 1"),
    ({"page": "0"}, 400, "pages are numbered from 1"),
    ({"region": "Bretagne"}, 400, "choose one of Occitanie, Auvergne-Rhône-Alpes"),
    ({"domain": "Astrologie"}, 400, "use one of Chimie"),
])
def test_bad_filters_get_a_page_naming_what_is_accepted(client, query, status, message):
    got, html = get(client, "/labs/", **query)
    assert got == status and message in html


# The lab page ------------------------------------------------------------------------------
def test_lab_page_shows_profile_documents_and_partners(client):
    status, html = get(client, "/labs/hydro")
    assert status == 200
    assert "Laboratoire d&#39;hydrologie de test" in html and "CNRS, Université de Test" in html
    assert "hydrologie des rivières" in html and "crue, débit" in html and "1 – 4" in html
    assert 'href="https://example.org/hydro"' in html
    assert "Équipe altimétrie" in html and "Mesure du niveau des rivières par altimétrie satellite" in html
    partners = html[html.index('<ul class="partners">'):]
    partners = partners[:partners.index("</section>")]
    assert re.findall(r'<a href="(/[^"]+)">([^<]+)</a>', partners) == [("/companies/riverco", "RiverCo"),
                                                                     ("/labs/robo", "ROBO")]
    assert "River level stations (projet collaboratif, 2020–2021)" in partners
    assert "Shared field-robotics team (lien entre laboratoires)" in partners
    assert "AgriBot" not in partners  # two collaborations away


def test_lab_page_in_english_shows_english_themes(client):
    html = get(client, "/labs/hydro", lang="en")[1]
    assert "river hydrology" in html and "flood, discharge" in html and "crue, débit" not in html
    assert "collaborative project, 2020–2021" in html


def test_lab_page_shows_platforms(client, engine):
    engine.update_lab("robo", {"platforms": [{"name": "Robot arena", "description": "Indoor weeding tests."}]})
    html = get(client, "/labs/robo")[1]
    assert "<strong>Robot arena</strong> : Indoor weeding tests." in html


def test_directory_entry_page(client):
    status, html = get(client, "/labs/rnsr-100000002b")
    assert status == 200 and "Fiche de l'annuaire (RNSR)" in html and "UMR 2" in html
    assert "Aucune collaboration documentée" in html


def test_schemes_open_and_closed_to_the_lab(client):
    html = get(client, "/labs/hydro")[1]
    open_part, closed_part = html.split('<details class="closed-schemes">')
    assert "Occitanie Pair" in open_part[open_part.index("Dispositifs ouverts"):]
    closed_part = closed_part[:closed_part.index("</details>")]
    assert "CEA Regional" in closed_part and "HYDRO n&#39;est pas un institut du CEA" in closed_part
    assert "Young SME" not in html  # a company status: the lab plays no part in it


def test_unknown_lab_is_a_404_page(client):
    status, html = get(client, "/labs/hydrox")
    assert status == 404 and "unknown lab &#39;hydrox&#39;" in html and "did you mean hydro" in html


def test_a_source_shows_how_recent_it_is(client, engine):
    # A reader judges a fact by its source's date: shown when the catalogue knows it, never invented.
    engine.update_lab("robo", {"sources": [{"title": "Robot lab news", "url": "https://example.org/news",
                                            "date": "2024-05", "confidence": "medium"},
                                           {"title": "Undated page", "url": "https://example.org/about"}]})
    html = get(client, "/labs/robo")[1]
    assert 'Robot lab news</a> <time datetime="2024-05">(2024-05)</time>' in html
    assert 'Undated page</a></li>' in html


def test_only_web_addresses_become_links(client, engine):
    engine.update_lab("hydro", {"website": "javascript:alert(1)"})
    html = get(client, "/labs/hydro")[1]
    assert "javascript:alert(1)" in html and 'href="javascript:' not in html


# The network ------------------------------------------------------------------------------
def network(client, lab_id, **query):
    response = client.get(f"/labs/{lab_id}/network.json", query_string=query)
    return response.status_code, response.get_json()


def pairs(data):
    return sorted(tuple(sorted((edge["source"], edge["target"]))) for edge in data["edges"])


def test_network_one_hop(client):
    status, answer = network(client, "hydro", hops=1)
    assert status == 200 and answer["ok"]
    nodes = {node["id"]: node for node in answer["data"]["nodes"]}
    assert set(nodes) == {"hydro", "riverco", "robo"}
    assert [n for n in nodes if nodes[n]["center"]] == ["hydro"]
    assert (nodes["riverco"]["kind"], nodes["riverco"]["url"]) == ("company", "/companies/riverco")
    assert (nodes["robo"]["kind"], nodes["robo"]["url"]) == ("lab", "/labs/robo")
    assert pairs(answer["data"]) == [("hydro", "riverco"), ("hydro", "robo")]
    assert network(client, "hydro")[1] == answer  # one hop unless asked


def test_network_two_hops(client):
    status, answer = network(client, "hydro", hops=2)
    assert status == 200
    assert {node["id"] for node in answer["data"]["nodes"]} == {"hydro", "riverco", "robo", "agribot", "dronco"}
    assert pairs(answer["data"]) == [("agribot", "robo"), ("dronco", "robo"), ("hydro", "riverco"), ("hydro", "robo")]
    cifre = next(edge for edge in answer["data"]["edges"] if "agribot" in (edge["source"], edge["target"]))
    assert [(c["kind"], c["years"], c["label"]) for c in cifre["collaborations"]] == \
        [("cifre", [2018, 2021], "thèse CIFRE, 2018–2021")]


def test_network_words_are_added_to_copies_not_to_the_engine_graph(app, client):
    assert network(client, "hydro", hops=2)[0] == 200
    graph = app.extensions["tandem"].graph()
    assert all("label" not in c for _, _, data in graph.edges(data=True) for c in data["collaborations"])


@pytest.mark.parametrize("hops", ["0", "3", "two", ""])
def test_network_refuses_other_hops(client, hops):
    status, answer = network(client, "hydro", hops=hops)
    assert status == 400 and answer["ok"] is False
    assert answer["error"]["code"] == "invalid_input" and "use 1 or 2" in answer["error"]["message"]


@pytest.mark.parametrize("lab_id", ["nowhere", "riverco"])  # riverco is a company: it has its own page
def test_network_of_an_unknown_lab_is_a_404(client, lab_id):
    status, answer = network(client, lab_id)
    assert status == 404 and answer["error"]["code"] == "not_found" and f"unknown lab '{lab_id}'" in \
        answer["error"]["message"]


def test_the_page_loads_the_vendored_library_and_the_network_script(client):
    html = get(client, "/labs/hydro")[1]
    assert 'data-url="/labs/hydro/network.json' in html
    for path in re.findall(r'<script src="(/static/[^"]+)"', html):
        response = client.get(path)
        assert response.status_code == 200, path
        response.close()
    library = client.get("/static/vendor/cytoscape.min.js")
    assert library.status_code == 200 and b"cytoscape" in library.data
    library.close()
    licence = client.get("/static/vendor/cytoscape.LICENSE")
    assert licence.status_code == 200 and b"Permission is hereby granted" in licence.data
    licence.close()


# What officers see ------------------------------------------------------------------------
OFFICER_ONLY = ('<a href="/needs/riverco-levels">Niveau des rivières</a>', 'href="/officer/labs/hydro/edit"')


@pytest.mark.parametrize("email", ["officer@hydro.test", "admin@tandem.test"])
def test_keepers_see_matching_open_needs_and_the_edit_link(login, email):
    html = login(email).get("/labs/hydro").get_data(as_text=True)
    needs = html[html.index("Besoins ouverts qui correspondent"):]
    assert all(part in html for part in OFFICER_ONLY)
    assert "Dispositifs accessibles : Occitanie Pair" in needs
    assert "Plant perception" not in needs  # agribot's need shares no term with HYDRO


@pytest.mark.parametrize("email", [None, "sme@riverco.test", "officer@hydro.test"])
def test_others_do_not(client, login, email):
    lab_id = "robo" if email == "officer@hydro.test" else "hydro"  # the officer keeps hydro, not robo
    browser = login(email) if email else client
    html = browser.get(f"/labs/{lab_id}").get_data(as_text=True)
    assert "Besoins ouverts qui correspondent" not in html and "Modifier le profil" not in html
    assert "/needs/" not in html
