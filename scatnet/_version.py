"""The version of scatnet (read by the build, ``pyproject.toml``)."""
__version__ = "0.2.0"
