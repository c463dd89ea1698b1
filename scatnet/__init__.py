"""Fast, faithful wavelet scattering (scatnet) for users of scattering.m and ScatNet.

>>> from scatnet import sc_setup, sc_propagate, sc_format, default_auditory
>>> archs = sc_setup([default_auditory(8192, 8192, 8), {'time': {}}])

Layout (data flow): each front end compiles its options into one execution plan that the
private core runs.

* :mod:`scatnet.scattering_m`: scattering.m (V. Lostanlen) — options, filter banks,
  architecture (:func:`sc_setup`), path walk, :func:`sc_propagate`, :func:`sc_format`;
* :mod:`scatnet.scatnet_1d`: ScatNet's 1-D toolbox (Andén, Sifre, Mallat) —
  :func:`default_filter_options`, :func:`wavelet_factory_1d`, :func:`scat`, :func:`format_scat`, …;
* ``scatnet._core``: execution plan, block loop, workspace, FFT helpers, sinks;
  :mod:`scatnet.kernels`: the numba kernels;
* :mod:`scatnet.io`, :mod:`scatnet.matlab`, :mod:`scatnet.display`: files, MATLAB text, pictures;
* :mod:`scatnet.batch`: :func:`extract`, :func:`open_features` and the ``scatnet`` command.
"""
from ._core.cache import clear_cache
from ._core.fft import available_fft_backends, get_fft_backend, set_fft_backend
from ._errors import (
    EnforcedOptionWarning,
    IgnoredOptionWarning,
    InputError,
    InputTypeError,
    MemoryBudgetError,
    OptionError,
    OptionTypeError,
    ScatnetError,
    ScatnetWarning,
)
from ._version import __version__
from .batch import extract, open_features
from .io import load_signal, save_mat
from .matlab import opts_from_matlab, opts_to_matlab
from .scatnet_1d import (
    T_to_J,
    average_scat,
    concatenate_freq,
    default_filter_options,
    display_scatnet_scattergram,
    filter_bank,
    flatten_scat,
    format_scat,
    log_scat,
    plot_littlewood_paley_1d,
    renorm_scat,
    scat,
    scat_freq,
    separate_freq,
    spec_freq_average,
    wavelet_factory_1d,
)
from .scattering_m import (
    Architecture,
    LayerY,
    ReconstructionResult,
    SecondOrderWavelets,
    U_to_Y,
    Y_to_S,
    Y_to_U,
    default_auditory,
    display_secondorder_wavelets,
    fetch_firstorder,
    fetch_plain,
    fill_reconstruction_opt,
    format_layer,
    generate_colored_noise,
    initialize_U,
    sc_backpropagate,
    sc_format,
    sc_norm,
    sc_paths,
    sc_propagate,
    sc_propagate_renorm,
    sc_reconstruct,
    sc_setup,
    sc_substract,
    sc_unchunk,
    set_cache,
)
from .stream import sc_stream, sc_stream_file

__all__ = ["Architecture", "EnforcedOptionWarning", "IgnoredOptionWarning", "InputError", "InputTypeError",
           "LayerY", "MemoryBudgetError", "OptionError", "OptionTypeError", "ReconstructionResult",
           "ScatnetError", "ScatnetWarning", "SecondOrderWavelets", "T_to_J", "U_to_Y", "Y_to_S", "Y_to_U",
           "__version__", "available_fft_backends", "average_scat", "clear_cache", "concatenate_freq",
           "default_auditory", "default_filter_options", "display_scatnet_scattergram",
           "display_secondorder_wavelets", "extract", "fetch_firstorder", "fetch_plain",
           "fill_reconstruction_opt", "filter_bank", "flatten_scat", "format_layer", "format_scat",
           "generate_colored_noise", "get_fft_backend", "initialize_U", "load_signal", "log_scat",
           "open_features", "opts_from_matlab", "opts_to_matlab", "plot_littlewood_paley_1d", "renorm_scat",
           "save_mat", "sc_backpropagate", "sc_format", "sc_norm", "sc_paths", "sc_propagate",
           "sc_propagate_renorm", "sc_reconstruct", "sc_setup", "sc_stream", "sc_stream_file", "sc_substract",
           "sc_unchunk", "scat", "scat_freq", "separate_freq", "set_cache", "set_fft_backend",
           "spec_freq_average", "wavelet_factory_1d"]

#: Submodules given as attributes on first use (``import scatnet; scatnet.display.…``), so that
#: ``import scatnet`` stays free of their imports (matplotlib is imported only when drawing).
_LAZY_SUBMODULES = ("display",)


def __getattr__(name):
    if name in _LAZY_SUBMODULES:
        import importlib
        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | set(_LAZY_SUBMODULES))
