"""ASGI entry point for uvicorn (`bitgoeul serve`): the app built from the environment's settings, each
worker warming its models and caches before it serves a page."""

from bitgoeul.web.app import create_app

app = create_app(warm=True)
