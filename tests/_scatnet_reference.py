"""Access to ScatNet's reference files in tests/data (n01–n04; see tests/data/README.md).

Layout (shared reference README §6): ``x`` is N × 1 × K as passed to ``scat`` (stored N or
N × K); ``S_paths[r]`` is row r of ``S_table`` with ``layer`` (order m), ``j`` (0-based),
``bandwidth``, ``resolution`` and ``data`` (T, or T × K); ``banks[i]`` holds the bank's
options after defaults (``meta``), its filters' Fourier responses and ``filter_freq`` values.
"""
import functools
import pathlib

import numpy as np
import scipy.io

DATA = pathlib.Path(__file__).parent / "data"

#: ScatNet cases checked number for number.
SCATNET_CASES = ("n01_audio", "n03_batch", "n04_gabor_spline")


@functools.cache
def load_scatnet_case(name):
    """The reference file of ScatNet case ``name`` as a dict (``simplify_cells=True``)."""
    d = scipy.io.loadmat(DATA / f"{name}.mat", simplify_cells=True)
    for key in ("banks", "S_paths"):
        if isinstance(d.get(key), dict):
            d[key] = [d[key]]
    return d


def scatnet_signal(name):
    """The case's input in scatnet's layout: (N,) or (K, N), time last."""
    x = np.asarray(load_scatnet_case(name)["x"], dtype=float)
    return x.T.copy() if x.ndim == 2 else x


def psi_ft(bank):
    """The bank's ``N_f × nψ`` wavelet responses, rebuilt from their stored windows."""
    size = int(bank["size_filter"])
    starts = np.atleast_1d(bank["psi_trunc_start"]).astype(int)
    lengths = np.atleast_1d(bank["psi_trunc_length"]).astype(int)
    win = np.asarray(bank["psi_win"]).ravel()
    out = np.zeros((size, len(starts)), dtype=win.dtype)
    pos = 0
    for i, (s, n) in enumerate(zip(starts, lengths)):
        out[(s - 1 + np.arange(n)) % size, i] = win[pos:pos + n]
        pos += n
    return out


def phi_ft(bank):
    """The bank's low-pass response (length ``N_f``)."""
    phi = bank["phi_ft"]
    return np.asarray(phi.toarray() if hasattr(phi, "toarray") else phi).ravel()
