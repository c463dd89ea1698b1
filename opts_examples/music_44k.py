"""music_44k: music at 44.1 kHz — 12 wavelets per octave (semitones), T = 1024 samples (23 ms).

MATLAB (``music_44k.m``)::

    opts{1} = default_auditory(length(x), 44100, 12);
    opts{2}.time = struct();
"""
from scatnet import default_auditory

#: Samples of the example signal (1.49 s at 44.1 kHz); MATLAB takes ``length(x)``.
N = 2 ** 16


def make_opts(N=N):
    """Options for signals of ``N`` samples (a power of two)."""
    return [default_auditory(N, 44100, 12), {"time": {}}]


opts = make_opts()
