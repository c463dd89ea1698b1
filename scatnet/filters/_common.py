"""Helpers shared by the time-domain filter generators."""
import numpy as np


def cutoff_amplitude(cutoff_in_dB):
    """Amplitude ratio ``c = 10**(-cutoff_in_dB/20)`` at which neighbouring filters cross."""
    return 10.0 ** (-float(cutoff_in_dB) / 20.0)


def periodize(values, t, N):
    """Fold samples ``values`` taken at integer times ``t`` onto a periodic grid of length N.

    Index ``k`` of the result holds ``sum(values[t % N == k])``: MATLAB's
    ``sum(reshape(x, N, nPeriods), 2)`` followed by the circular shift to t = 0.
    """
    idx = np.mod(t, N)
    if np.iscomplexobj(values):
        return (np.bincount(idx, weights=values.real, minlength=N)
                + 1j * np.bincount(idx, weights=values.imag, minlength=N))
    return np.bincount(idx, weights=values, minlength=N)
