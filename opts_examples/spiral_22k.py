"""spiral_22k: spiral scattering at 22.05 kHz — wavelets along time, log-frequency (chroma) and
octaves (finite differences), for pitched sounds. Q1 = 16 (a power of two, as the chroma ×
octave reshape needs).

MATLAB (``spiral_22k.m``)::

    opts{1} = default_auditory(length(x), 22050, 16);
    opts{2}.time = struct();
    opts{2}.gamma = struct();
    opts{2}.j = struct();
"""
from scatnet import default_auditory

#: Samples of the example signal (2.97 s at 22.05 kHz); MATLAB takes ``length(x)``.
N = 2 ** 16


def make_opts(N=N):
    """Options for signals of ``N`` samples (a power of two)."""
    return [default_auditory(N, 22050, 16), {"time": {}, "gamma": {}, "j": {}}]


opts = make_opts()
