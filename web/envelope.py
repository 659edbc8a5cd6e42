"""The one JSON envelope of the API: ``{"ok": true, "data": …, "error": null}`` or
``{"ok": false, "data": null, "error": {"status", "code", "message"}}``."""

from flask import jsonify
from pydantic import BaseModel

CODES = {400: "invalid_input", 401: "login_required", 403: "forbidden", 404: "not_found",
         405: "method_not_allowed", 409: "conflict", 413: "too_large", 415: "unsupported_media_type",
         429: "rate_limited", 500: "server_error", 503: "unavailable"}


class ErrorBody(BaseModel):
    status: int
    code: str
    message: str


def success(data, status=200, headers=None):
    response = jsonify({"ok": True, "data": data, "error": None})
    response.status_code = status
    response.headers.update(headers or {})
    return response


def failure(status, code=None, message=""):
    response = jsonify({"ok": False, "data": None,
                        "error": {"status": status, "code": code or CODES.get(status, "error"), "message": message}})
    response.status_code = status
    return response
