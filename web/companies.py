"""Company and need pages: the proposals for each need and their follow-up."""

from flask import Blueprint

bp = Blueprint("companies", __name__)


@bp.get("/companies/<company_id>")
def company(company_id):  # replaced by the company page
    return company_id
