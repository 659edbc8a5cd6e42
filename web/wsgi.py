"""WSGI entry point for production servers: ``gunicorn web.wsgi:app`` (``make run``)."""

from . import create_app

app = create_app()
