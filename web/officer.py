"""The tech-transfer officer's space: needs for their labs, profile edits, collaborations, needs import."""

from flask import Blueprint

bp = Blueprint("officer", __name__, url_prefix="/officer")


@bp.get("/")
def dashboard():  # replaced by the dashboard
    return "dashboard"
