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
from .display import (
    display_scatnet_scattergram,
    littlewood_paley,
    plot_littlewood_paley_1d,
    scattergram_layer,
)
from .factory import WaveletOperators, wavelet_factory_1d
from .freq import scat_freq
from .freq_tables import FreqGroupedLayer, concatenate_freq, separate_freq
from .layers import ScatLayer, ScatResult
from .layerwise import average_scat, log_scat, resample_scat, scat_energy, scatfun
from .options import T_to_J, default_filter_options
from .post import flatten_scat, format_scat, renorm_scat
from .scat import scat
from .spec_freq import spec_freq_average

__all__ = ["FreqGroupedLayer", "ScatLayer", "ScatResult", "T_to_J", "WaveletOperators",
           "average_scat", "concatenate_freq", "default_filter_options",
           "display_scatnet_scattergram", "filter_bank", "filter_freq", "flatten_scat",
           "format_scat", "littlewood_paley", "log_scat", "plot_littlewood_paley_1d", "renorm_scat",
           "resample_scat", "scat", "scat_energy", "scat_freq", "scatfun", "scattergram_layer",
           "separate_freq", "spec_freq_average", "wavelet_factory_1d"]
