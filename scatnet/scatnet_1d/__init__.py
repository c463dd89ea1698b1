"""ScatNet's 1-D toolbox (J. Andén, L. Sifre, S. Mallat et al.) on scatnet's engine.

MATLAB: ``filters/`` (``default_filter_options``, ``T_to_J``, ``filter_bank``),
``core/`` (``wavelet_factory_1d``, ``scat``), ``scatutils/`` (``format_scat``, ``renorm_scat``,
``log_scat``, …). Same names, same defaults, same numbers; signals are ``(n,)`` or ``(K, n)``
with time last (MATLAB's ``n × 1 × K``).

Data flow: options (:mod:`.options`, :mod:`.bank_options`) → filter banks (:mod:`.bank`,
:mod:`.morlet`, :mod:`.spline`, :mod:`.filters`) → operators (:func:`wavelet_factory_1d`) →
execution plan (:mod:`.plan`) run by the shared core (:func:`scat`) → layers (:mod:`.layers`)
→ post-processing (:mod:`.post`, :mod:`.layerwise`).
"""
from .bank import filter_bank, filter_freq
from .display import (display_scatnet_scattergram, littlewood_paley, plot_littlewood_paley_1d,
                      scattergram_layer)
from .factory import WaveletOperators, wavelet_factory_1d
from .layers import ScatLayer, ScatResult
from .layerwise import average_scat, log_scat, resample_scat, scat_energy, scatfun
from .options import T_to_J, default_filter_options
from .post import flatten_scat, format_scat, renorm_scat
from .scat import scat

__all__ = ["default_filter_options", "T_to_J", "filter_bank", "filter_freq",
           "wavelet_factory_1d", "WaveletOperators", "scat", "ScatLayer", "ScatResult",
           "format_scat", "flatten_scat", "renorm_scat", "log_scat", "average_scat",
           "resample_scat", "scat_energy", "scatfun", "littlewood_paley",
           "plot_littlewood_paley_1d", "scattergram_layer", "display_scatnet_scattergram"]
