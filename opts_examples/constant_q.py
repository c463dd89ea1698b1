"""constant_q: strictly constant-Q first order (max_scale = Inf) at 44.1 kHz, Q1 = 12, with a
Morlet second order: every first-order wavelet has Q = 12 down to the lowest, like a
constant-Q transform, instead of the default constant bandwidth below max_scale.

MATLAB (``constant_q.m``)::

    opts{1}.time = struct('size', length(x), 'T', 2^11, 'max_Q', 12, 'max_scale', Inf, ...
                          'is_chunked', false);
    opts{2}.time = struct('wavelet_handle', @morlet_1d);
"""
import math

#: Samples of the example signal (1.49 s at 44.1 kHz); MATLAB takes ``length(x)``.
N = 2 ** 16


def make_opts(N=N):
    """Options for signals of ``N`` samples (a power of two ≥ 2048)."""
    return [{"time": {"size": N, "T": 2 ** 11, "max_Q": 12, "max_scale": math.inf,
                      "is_chunked": False}},
            {"time": {"wavelet_handle": "@morlet_1d"}}]


opts = make_opts()
