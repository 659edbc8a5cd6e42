"""The catalogue of labs (browse, filter, search) and each lab's page."""

from flask import Blueprint

bp = Blueprint("labs", __name__, url_prefix="/labs")


@bp.get("/")
def index():  # replaced by the catalogue page
    return "catalogue"
