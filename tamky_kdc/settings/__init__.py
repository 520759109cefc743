"""Settings modules: base (shared), local (make run), test, production; all read the environment."""
