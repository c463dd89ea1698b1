"""Sphinx configuration of scatnet's documentation site (``make doc``).

The API reference comes from the numpydoc docstrings (autodoc + numpydoc), the Markdown pages
of ``doc/`` are read by myst-parser, and the scripts of ``examples/`` are run by sphinx-gallery
at their small size (``SCATNET_EXAMPLES_SMALL=1``) to make the tutorial gallery.
"""
import importlib
import os
import re
import sys
from pathlib import Path

import matplotlib

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
matplotlib.use("Agg")

# The examples run inside the build: small sizes, pictures written under the build folder.
os.environ.setdefault("SCATNET_EXAMPLES_SMALL", "1")
os.environ.setdefault("SCATNET_EXAMPLES_OUTPUT", str(HERE / "_build" / "examples_output"))

import scatnet

project = "scatnet"
author = "scatnet developers"
copyright = "scatnet developers (MIT licence)"
release = version = scatnet.__version__

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.mathjax",
    "numpydoc",
    "myst_parser",
    "sphinx_gallery.gen_gallery",
]

source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
root_doc = "index"
templates_path = ["_templates"]
exclude_patterns = ["_build", "auto_examples/*.ipynb", "auto_examples/*.py",
                    "auto_examples/*.zip", "auto_examples/*.md5", "auto_examples/*.json"]

# autodoc / numpydoc: members listed in the API page itself (no generated stub files).
autodoc_default_options = {"member-order": "bysource"}
autosummary_generate = False
numpydoc_show_class_members = False
numpydoc_class_members_toctree = False
numpydoc_xref_param_type = False

# myst-parser: the Markdown pages of doc/ (headings get anchors for their in-page links).
myst_heading_anchors = 3
suppress_warnings = ["myst.xref_missing"]

sphinx_gallery_conf = {
    "examples_dirs": str(ROOT / "examples"),
    "gallery_dirs": "auto_examples",
    "filename_pattern": r"/plot_",
    "within_subsection_order": "FileNameSortKey",
    "download_all_examples": False,
    "remove_config_comments": True,
    "matplotlib_animations": False,
    "abort_on_example_error": True,
    "write_computation_times": False,
}

html_theme = "alabaster"
html_static_path = []
html_title = f"scatnet {release}"


def _module_section(name):
    """reST for a front end's module: its own public names, then a table of those re-exported
    at the top level (documented there once), both read from ``__all__`` so they cannot drift."""
    module = importlib.import_module(name)
    own = [n for n in module.__all__ if getattr(scatnet, n, None) is not getattr(module, n)]
    top = [n for n in module.__all__ if n not in own]
    lines = [f".. automodule:: {name}"]
    if own:
        lines.append(f"   :members: {', '.join(own)}")
    if top:
        lines += ["", "Also in this module, documented at the top level above:", "",
                  ".. autosummary::", ""] + [f"   scatnet.{n}" for n in top]
    return "\n".join(lines) + "\n"


def _fill_api(app, docname, source):
    """Expand the ``@MODULE name@`` lines of ``api.rst``."""
    if docname == "api":
        source[0] = re.sub(r"^@MODULE ([\w.]+)@$", lambda m: _module_section(m.group(1)),
                           source[0], flags=re.MULTILINE)


def setup(app):
    app.connect("source-read", _fill_api)
