"""Front end of scattering.m (V. Lostanlen): options, filter banks, path walk, results.

MATLAB: ``lib/export/sc_setup.m``, ``sc_propagate.m``, ``sc_format.m``, ``sc_unchunk.m``.
"""
from .architecture import Architecture, sc_setup
from .filterbank import set_cache
from .format import sc_format, sc_unchunk
from .options import default_auditory
from .propagate import sc_propagate
from .stream import sc_paths, sc_stream
from .synthesis import (
    ReconstructionResult,
    fill_reconstruction_opt,
    generate_colored_noise,
    sc_backpropagate,
    sc_norm,
    sc_propagate_renorm,
    sc_reconstruct,
    sc_substract,
)

__all__ = ["Architecture", "ReconstructionResult", "default_auditory", "fill_reconstruction_opt",
           "generate_colored_noise", "sc_backpropagate", "sc_format", "sc_norm", "sc_paths",
           "sc_propagate", "sc_propagate_renorm", "sc_reconstruct", "sc_setup", "sc_stream",
           "sc_substract", "sc_unchunk", "set_cache"]
