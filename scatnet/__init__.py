"""scatnet: fast, faithful wavelet scattering with scattering.m's options (V. Lostanlen).

>>> from scatnet import sc_setup, sc_propagate, sc_format, default_auditory
>>> archs = sc_setup([default_auditory(8192, 8192, 8), {'time': {}}])

Data flow: options (:mod:`scatnet.options`) → filter banks (:mod:`scatnet.filterbank`) →
architecture (:func:`sc_setup`) → path walk (:mod:`scatnet.walk`) → kernels
(:mod:`scatnet.kernels`) → propagation (:func:`sc_propagate`) → formatting (:func:`sc_format`).
"""
from ._errors import (EnforcedOptionWarning, InputError, InputTypeError, OptionError,
                      OptionTypeError, ScatnetError, ScatnetWarning)
from .architecture import Architecture, sc_setup
from .filterbank import set_cache
from .format import sc_format, sc_unchunk
from .io import load_signal, save_mat
from .matlab import opts_from_matlab, opts_to_matlab
from .options import default_auditory
from .propagate import clear_cache, sc_propagate
from .stream import sc_paths, sc_stream, sc_stream_file

__version__ = "0.1.0"

__all__ = ["sc_setup", "sc_propagate", "sc_format", "sc_unchunk", "opts_from_matlab",
           "opts_to_matlab", "save_mat", "load_signal", "sc_stream", "sc_stream_file",
           "sc_paths", "default_auditory", "Architecture", "clear_cache", "set_cache",
           "ScatnetError", "OptionError", "OptionTypeError", "InputError", "InputTypeError",
           "ScatnetWarning", "EnforcedOptionWarning"]
