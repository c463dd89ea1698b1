"""Pure filter generators: numbers in, time-domain arrays out (spec §2.2–2.3).

Each function depends only on its arguments (no hidden state, no caching); the bank layer
(:mod:`scatnet.scattering_m.filterbank`) computes the metas, samples, normalises, trims and caches.
"""
from .finitediff import finitediff_1d
from .gammatone import gammatone_1d, gammatone_alpha, gammatone_rows
from .lowpass import gamma_1d, gaussian_1d, rectangular_1d
from .morlet import morlet_1d, morlet_rows
from .rlc import rlc_1d, rlc_decay

__all__ = ["finitediff_1d", "gamma_1d", "gammatone_1d", "gammatone_alpha", "gammatone_rows",
           "gaussian_1d", "morlet_1d", "morlet_rows", "rectangular_1d", "rlc_1d", "rlc_decay"]
