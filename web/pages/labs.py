"""The catalogue of labs (browse, filter, search) and each lab's page with its collaboration network."""

from flask import Blueprint, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from matcher.errors import InvalidInputError
from matcher.records import normalise_region

from ..envelope import success
from ..extensions import get_engine
from ..i18n import lang

bp = Blueprint("labs", __name__, url_prefix="/labs")

PER_PAGE = 20
FILTERS = ("q", "region", "domain", "parent")
HOPS = ("1", "2")  # a wider circle would draw most of the catalogue
DOCUMENT_KINDS = {"description": _l("Présentation"), "team": _l("Équipe"), "platform": _l("Plateforme"),
                  "project": _l("Projet")}


@bp.get("/")
def index():
    """One page of the catalogue, filtered; the filters stay in the pagination links."""
    filters = {name: request.args.get(name, "").strip() for name in FILTERS}
    if filters["region"]:  # "aura", "occitanie": spelled as the catalogue does, so the select shows it
        filters["region"] = normalise_region(filters["region"])
    page = _page_number(request.args.get("page", "1"))
    found = get_engine().browse_labs(**{name: value or None for name, value in filters.items()},
                                 page=page, per_page=PER_PAGE)
    kept = {name: value for name, value in filters.items() if value}
    return render_template("labs/index.html", found=found, filters=filters, kept=kept, facets=get_engine().facets())


@bp.get("/<lab_id>")
def lab(lab_id):
    """A lab's profile, documents, partners, the schemes open to it, and (for its officers) the needs it suits."""
    record = get_engine().get("labs", lab_id)
    around = _network(lab_id, 1)
    verdicts = get_engine().lab_schemes(lab_id)
    keeper = current_user.is_authenticated and current_user.can_edit_lab(lab_id)
    return render_template(
        "labs/lab.html", lab=record, lang=lang(), document_kinds=DOCUMENT_KINDS,
        partners=_partners(around, lab_id), keeper=keeper,
        open_schemes=[v for v in verdicts if v.verdict != "not_eligible"],
        closed_schemes=[v for v in verdicts if v.verdict == "not_eligible"],
        proposals=get_engine().propose_for_lab(lab_id, top=10) if keeper else None,
    )


@bp.get("/<lab_id>/network.json")
def network(lab_id):
    """The lab's collaborations within ``hops`` (1 or 2) as the JSON envelope, for the interactive view
    (in the interface's language, with each organisation's page: what the API's /graph does not give)."""
    return success(_network(lab_id, _hops(request.args.get("hops", "1"))))


def _hops(text):
    if text not in HOPS:
        raise InvalidInputError(f"hops {text!r} is not accepted: use {' or '.join(HOPS)}")
    return int(text)


def _page_number(text):
    try:
        return int(text)
    except ValueError:
        raise InvalidInputError(f"page {text!r} is not a number: give a whole number from 1") from None


def _network(lab_id, hops):
    """``get_engine().network`` of a lab, each node with its page and each collaboration described in words."""
    get_engine().get("labs", lab_id)  # a company's id has its own page, not this one
    data = get_engine().network(lab_id, hops)
    describe, words = get_engine().describe_collaboration, lang()
    pages = {"lab": lambda node: url_for("labs.lab", lab_id=node),
             "company": lambda node: url_for("companies.company", company_id=node)}
    return {
        "nodes": [{**node.to_dict(), "url": pages[node.kind](node.id)} for node in data.nodes],
        "edges": [{**edge.to_dict(),
                   "collaborations": [{**c, "label": describe(c, words)} for c in edge.collaborations]}
                  for edge in data.edges],
    }


def _partners(around, lab_id):
    """``[(node, collaborations)]``: the lab's direct partners, by name, from its network."""
    nodes = {node["id"]: node for node in around["nodes"]}
    found = [(nodes[edge["target"] if edge["source"] == lab_id else edge["source"]], edge["collaborations"])
             for edge in around["edges"] if lab_id in (edge["source"], edge["target"])]
    return sorted(found, key=lambda item: item[0]["name"].casefold())
