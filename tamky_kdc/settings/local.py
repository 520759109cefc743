"""Settings for a developer machine, `make run` and `make dev`: embedded database and broker.

`make dev` keeps DEBUG on (the debug server); `make run` turns it off (DEBUG=0) to serve as users see it:
the Vietnamese error pages, and static files through whitenoise straight from their source folders, so
a fresh clone needs no collectstatic."""

from .base import *  # noqa: F403
from .env import env_bool

DEBUG = env_bool("DEBUG", True)
WHITENOISE_USE_FINDERS = True

# One console line a request: the server's access line says it already, so Django's own "Not Found"
# warning is not repeated; errors (500) are still logged.
LOGGING["loggers"]["django.request"] = {"level": "ERROR"}  # noqa: F405
