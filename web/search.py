"""The home page: describe a need, see the labs that can answer it and why."""

from flask import Blueprint, render_template, request

from matcher.models import REGIONS

from . import engine

bp = Blueprint("search", __name__)


@bp.get("/")
def home():
    need = request.args.get("q", "")
    region = request.args.get("region") or None
    results = None
    if "q" in request.args:
        results = engine().match([need], top=10, region=region)[0]
    return render_template("home.html", need=need, region=region, regions=REGIONS, results=results)
