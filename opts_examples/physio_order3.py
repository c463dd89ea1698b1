"""physio_order3: three orders for slow physiological signals (e.g. respiration or heart rate
resampled at 50 Hz): Q1 = 2, T = 1024 samples (20 s at 50 Hz).

Third order captures modulations of modulations (e.g. breathing-rate changes). It runs in the
original only with its path-mask fix (spec §7 #4); scatnet has the fix.

MATLAB (``physio_order3.m``)::

    T = 2^10;   % 20.5 s at 50 Hz
    opts{1}.time = struct('size', length(x), 'T', T, 'max_Q', 2, 'is_chunked', false);
    opts{2}.time = struct();
    opts{3}.time = struct();
"""
#: Samples of the example signal (5.5 min at 50 Hz); MATLAB takes ``length(x)``.
N = 2 ** 14


def make_opts(N=N):
    """Options for signals of ``N`` samples (a power of two ≥ 1024)."""
    return [{"time": {"size": N, "T": 2 ** 10, "max_Q": 2, "is_chunked": False}},
            {"time": {}},
            {"time": {}}]


opts = make_opts()
