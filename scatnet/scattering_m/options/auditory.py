"""Audio defaults of scattering.m and MATLAB's ``nextpow2``.

MATLAB: ``audio/default_auditory.m``.
"""
from __future__ import annotations

import math
import numbers

import numpy as np

from scatnet._errors import OptionError, OptionTypeError
from scatnet._matlab import nextpow2

__all__ = ["default_auditory", "nextpow2"]


def _number(value, name, *, integer):
    if isinstance(value, np.ndarray) and value.size == 1:
        value = value.reshape(()).item()
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise OptionTypeError(
            f"default_auditory: {name}={value!r} has type {type(value).__name__}; "
            f"expected a positive number.")
    if not (value > 0) or math.isinf(value):
        raise OptionError(f"default_auditory: {name}={value!r} must be a finite number > 0.")
    if integer:
        if value != round(value):
            raise OptionError(f"default_auditory: {name}={value!r} must be an integer "
                              f"(a number of samples or filters).")
        return int(value)
    return value


def default_auditory(N, fs, Q) -> dict:
    """First-layer options suited to audio at sample rate ``fs``.

    MATLAB: ``audio/default_auditory.m``.

    ``T = 2^nextpow2(fs/50)`` (an averaging window of about 20–40 ms),
    ``max_scale = 2^nextpow2(0.2·fs − 1)`` (constant Q down to about 5–10 Hz),
    ``max_Q = Q`` (``nFilters_per_octave`` then defaults to Q), ``size = N``,
    ``is_chunked = False``.

    Parameters
    ----------
    N : int
        Signal length in samples (the first-layer FFT length ``size``; a length that is not a
        power of two is padded to the next one by :func:`scatnet.sc_setup`, with a warning).
    fs : float
        Sample rate in Hz, > 0.
    Q : float
        Maximal quality factor of the first-order wavelets (≥ 1).

    Returns
    -------
    dict
        A layer dict ``{'time': {'T', 'max_Q', 'max_scale', 'size', 'is_chunked'}}``, to be used
        as ``opts[0]``.

    Raises
    ------
    OptionTypeError
        An argument is not a number.
    OptionError
        An argument is not positive and finite, or ``N`` is not an integer.

    Examples
    --------
    >>> default_auditory(8192, 8192, 8)
    {'time': {'T': 256, 'max_Q': 8, 'max_scale': 2048, 'size': 8192, 'is_chunked': False}}
    >>> opts = [default_auditory(65536, 44100, 12), {'time': {}}]
    >>> opts[0]['time']['T'], opts[0]['time']['max_scale']
    (1024, 16384)
    """
    N = _number(N, "N", integer=True)
    fs = _number(fs, "fs", integer=False)
    Q = _number(Q, "Q", integer=False)
    if isinstance(Q, float) and Q == round(Q):
        Q = int(Q)
    return {
        "time": {
            "T": 2 ** nextpow2(fs / 50),
            "max_Q": Q,
            "max_scale": 2 ** nextpow2(0.2 * fs - 1),
            "size": N,
            "is_chunked": False,
        }
    }
