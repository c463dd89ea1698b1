"""joint_22k: joint time–frequency scattering at 22.05 kHz (scattering.m's example_joint).

Second order: one wavelet per octave along time and along log-frequency γ1 (spinned up and
down), which captures frequency modulations across neighbouring first-order bands.

MATLAB (``joint_22k.m``)::

    opts{1} = default_auditory(length(x), 22050, 8);
    opts{2}.time = struct('nFilters_per_octave', 1);
    opts{2}.gamma = struct('nFilters_per_octave', 1);
"""
from scatnet import default_auditory

#: Samples of the example signal (2.97 s at 22.05 kHz); MATLAB takes ``length(x)``.
N = 2 ** 16


def make_opts(N=N):
    """Options for signals of ``N`` samples (a power of two)."""
    return [default_auditory(N, 22050, 8),
            {"time": {"nFilters_per_octave": 1}, "gamma": {"nFilters_per_octave": 1}}]


opts = make_opts()
