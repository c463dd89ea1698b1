"""speech_16k: speech at 16 kHz — Morlet first order with Q1 = 8, T = 512 samples (32 ms).

MATLAB (``speech_16k.m``)::

    opts{1} = default_auditory(length(x), 16000, 8);
    opts{2}.time = struct();
"""
from scatnet import default_auditory

#: Samples of the example signal (2.05 s at 16 kHz); MATLAB takes ``length(x)``.
N = 2 ** 15


def make_opts(N=N):
    """Options for signals of ``N`` samples (a power of two)."""
    return [default_auditory(N, 16000, 8), {"time": {}}]


opts = make_opts()
