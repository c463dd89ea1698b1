"""Access to the scattering.m reference files in tests/data and the parity error measure.

One helper computes the spec's error ``max|a − b| / max|b|``; one tolerance, with its reason.
"""
import functools
import importlib.util
import pathlib

import numpy as np
import scipy.io

DATA = pathlib.Path(__file__).parent / "data"
OPTS_EXAMPLES = pathlib.Path(__file__).parent.parent / "opts_examples"

#: Parity tolerance: the original was run in Octave (FFTW); differences come only from FFT
#: rounding (≈1e-15 relative) and summation order, far below this bound (spec §8 #1).
PARITY_RTOL = 1e-10

#: The cases of plain time scattering checked number for number (issue: core engine).
PLAIN_CASES = ("c01_plain", "c02_order1", "c03_morlet2", "c04_gammatone_varQ", "c08_multichannel",
               "c09_order3", "c10_oversampled", "c11_constantQ")
#: Joint time–frequency (c05) and spiral (c06) cases; their files keep only the gamma/j banks
#: and rebuild F from S_paths (see tests/data/README.md).
JOINT_CASES = ("c05_joint", "c06_spiral")


@functools.cache
def load_case(name):
    """The reference file of case ``name`` as a dict (``simplify_cells=True``).

    Struct arrays that ``simplify_cells`` squeezed to a single dict (one bank, one path) are
    returned as one-element lists, and ``banks_psi_gammas`` as a list of arrays, one per bank.
    """
    d = scipy.io.loadmat(DATA / f"{name}.mat", simplify_cells=True)
    for key in ("banks", "invariants", "S_paths", "U1_paths"):
        if isinstance(d.get(key), dict):
            d[key] = [d[key]]
    gammas = d["banks_psi_gammas"]
    if len(d["banks"]) == 1 or (isinstance(gammas, np.ndarray) and gammas.dtype != object):
        d["banks_psi_gammas"] = [gammas]
    return d


def case_opts(name):
    """The Python opts of case ``name`` (``opts_examples/<name>.py``)."""
    spec = importlib.util.spec_from_file_location(f"opts_{name}", OPTS_EXAMPLES / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.opts


def case_signal(name):
    """The case's input in scatnet's layout: (N,) or (K, N), time last."""
    x = np.asarray(load_case(name)["x"], dtype=float)
    return x.T.copy() if x.ndim == 2 else x


def rel_error(ours, ref):
    """``max|ours − ref| / max|ref|`` (the spec's error measure)."""
    ours, ref = np.asarray(ours), np.asarray(ref)
    scale = np.max(np.abs(ref))
    return float(np.max(np.abs(ours - ref)) / (scale if scale > 0 else 1.0))


def assert_parity(ours, ref, what, rtol=PARITY_RTOL):
    """Assert shapes equal and relative error ≤ rtol; the message names ``what`` and the error."""
    ours, ref = np.asarray(ours), np.asarray(ref)
    assert ours.shape == ref.shape, f"{what}: shape {ours.shape} != reference {ref.shape}"
    err = rel_error(ours, ref)
    assert err <= rtol, f"{what}: max relative error {err:.3e} > tolerance {rtol:.0e}"


def formatted_from_paths(d):
    """MATLAB's ``sc_format(S)`` rebuilt from the stored tensors (reference README §4.4):
    every entry of order ≥ 1 in stored order, each axis cut to ``floor((last−first+1)/step)``,
    reshaped column-major to (time, −1), concatenated, transposed."""
    blocks = []
    for p in d["S_paths"]:
        if int(p["layer"]) < 1:
            continue
        data = np.asarray(p["data"], float)
        ranges = np.asarray(p["ranges"], float).reshape(3, -1, order="F")
        data = data.reshape(data.shape + (1,) * (ranges.shape[1] - data.ndim))
        cut = tuple(slice(0, int((last - first + 1) // step)) for first, step, last in ranges.T)
        data = data[cut]
        blocks.append(data.reshape(data.shape[0], -1, order="F"))
    return np.concatenate(blocks, axis=1).T


def to_matlab_layout(data, batched):
    """scatnet ``([K,] [γ1,] time)`` → MATLAB ``time × [K] × [γ1]``."""
    data = np.asarray(data)
    if batched:
        return data.T if data.ndim == 2 else np.transpose(data, (2, 0, 1))
    return data.T
