"""The one JSON envelope of the API: ``{"ok": true, "data": …, "error": null}`` or
``{"ok": false, "data": null, "error": {"status", "code", "message", "problems"}}``."""

from flask import jsonify
from pydantic import BaseModel, Field

CODES = {400: "invalid_input", 401: "login_required", 403: "forbidden", 404: "not_found",
         405: "method_not_allowed", 409: "conflict", 413: "too_large", 415: "unsupported_media_type",
         429: "rate_limited", 500: "server_error", 503: "unavailable"}


class ErrorProblem(BaseModel):
    """One located problem of a failed request (``matcher.errors.Problem``)."""

    where: str = Field(description="what the problem is about: a field of the request, a file and row "
                                   "(empty: the request as a whole)")
    problem: str


class ErrorBody(BaseModel):
    status: int
    code: str
    message: str = Field(description="every problem in one text, to show as it is")
    problems: list[ErrorProblem] = Field(description="the problems one by one, each with where it is (empty when "
                                                     "the message says it all)")


def success(data, status=200, headers=None):
    response = jsonify({"ok": True, "data": data, "error": None})
    response.status_code = status
    response.headers.update(headers or {})
    return response


def failure(status, code=None, message="", problems=()):
    """The error envelope; ``problems``: ``(where, problem)`` pairs, as ``MatcherError.problems`` holds them."""
    error = {"status": status, "code": code or CODES.get(status, "error"), "message": message,
             "problems": [{"where": where, "problem": problem} for where, problem in problems]}
    response = jsonify({"ok": False, "data": None, "error": error})
    response.status_code = status
    return response
