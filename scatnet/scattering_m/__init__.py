"""Front end of scattering.m (V. Lostanlen): options, filter banks, path walk, results.

MATLAB: ``lib/export/sc_setup.m``, ``sc_propagate.m``, ``sc_format.m``, ``sc_unchunk.m``.
"""
from .architecture import Architecture, sc_setup
from .edits import with_behavior
from .filterbank import set_cache
from .format import sc_format, sc_unchunk
from .layerwise import (
    LayerY,
    SecondOrderWavelets,
    U_to_Y,
    Y_to_S,
    Y_to_U,
    display_secondorder_wavelets,
    fetch_firstorder,
    fetch_plain,
    format_layer,
    initialize_U,
)
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

__all__ = ["Architecture", "LayerY", "ReconstructionResult", "SecondOrderWavelets", "U_to_Y", "Y_to_S",
           "Y_to_U", "default_auditory", "display_secondorder_wavelets", "fetch_firstorder", "fetch_plain",
           "fill_reconstruction_opt", "format_layer", "generate_colored_noise", "initialize_U",
           "sc_backpropagate", "sc_format", "sc_norm", "sc_paths", "sc_propagate", "sc_propagate_renorm",
           "sc_reconstruct", "sc_setup", "sc_stream", "sc_substract", "sc_unchunk", "set_cache", "with_behavior"]
