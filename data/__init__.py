"""The bundled data set, installed as the package ``geo.bundled`` (importlib.resources)."""
