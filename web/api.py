"""The JSON API under /api/v1 (OpenAPI document generated from these views' pydantic models)."""

from flask_openapi3 import APIBlueprint

bp = APIBlueprint("api", __name__, url_prefix="/api/v1")
