"""WSGI entry point for production servers: ``waitress-serve web.wsgi:app``."""

from . import create_app

app = create_app()
