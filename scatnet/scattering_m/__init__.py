"""Front end of scattering.m (V. Lostanlen): options, filter banks, path walk, results.

MATLAB: ``lib/export/sc_setup.m``, ``sc_propagate.m``, ``sc_format.m``, ``sc_unchunk.m``.
"""
from .architecture import Architecture, sc_setup
from .filterbank import set_cache
from .format import sc_format, sc_unchunk
from .options import default_auditory
from .propagate import sc_propagate
from .stream import sc_paths, sc_stream

__all__ = ["Architecture", "default_auditory", "sc_format", "sc_paths", "sc_propagate", "sc_setup",
           "sc_stream", "sc_unchunk", "set_cache"]
