"""Settings for a developer machine and for `make run`: debug on, embedded database and broker."""

from .base import *  # noqa: F403
from .env import env_bool

DEBUG = env_bool("DEBUG", True)
