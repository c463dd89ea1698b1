"""Pointwise nonlinearities on complex wavelet outputs (spec §1.2.6)."""
import numba
import numpy as np

from ._jit import kernel


@kernel(parallel=True)
def modulus(Y, out):
    """``out = |Y|`` for complex ``Y`` of shape (B, R, M) (MATLAB ``abs``)."""
    B, R, M = Y.shape
    for t in numba.prange(B * R):
        y = Y[t // R, t % R]
        o = out[t // R, t % R]
        for i in range(M):
            o[i] = np.abs(y[i])


@kernel(parallel=True)
def uniform_log(Y, out, scale):
    """``out = log1p(|Y|·scale)/scale`` (MATLAB ``uniform_log`` with ``scale = n/denominator``)."""
    B, R, M = Y.shape
    for t in numba.prange(B * R):
        y = Y[t // R, t % R]
        o = out[t // R, t % R]
        for i in range(M):
            o[i] = np.log1p(np.abs(y[i]) * scale) / scale
