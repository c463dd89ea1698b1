"""The forward pass that keeps what back-propagation needs, and the backward cascade, on rows.

MATLAB: scattering.m ``lib/backward/sc_backpropagate.m``, ``backpropagate_layer.m``,
``dS_backto_dY.m``, ``dY_backto_dU.m`` (spec §4).

Both work on the engine's arrays for a block of input rows (signals, or chunks of signals):
per layer ``m`` the S rows ``(B, R, frames)``, the U groups and the Y groups ``(B, R, length)``
of the execution plan (:mod:`scatnet._core.plan`). The backward cascade runs from the last layer
down: ``dU_m = blur_m^H dS_m + scatter_m^H ρ'^H dU_{m+1}`` (with the joint/spiral filtering
adjoint in between for such layers), and returns ``dU_0``, the gradient with respect to the rows.
"""
import numpy as np

from ..._core import fft as fftb
from ..._core.engine import run_block
from ..._core.run import threads
from ..._errors import OptionError
from .adjoint import blur_forward_spectra, joint_adjoint, nonlinearity_adjoint, step_adjoint


def check_walk(walk, who):
    """Refuse plans whose layers are not the spectral-resample kind this module inverts.

    Parameters
    ----------
    walk : scatnet._core.plan.Plan
        The execution plan of a scattering.m architecture.
    who : str
        The public function, for messages.

    Raises
    ------
    OptionError
        A step with another spectral rule, a padded group, or a custom nonlinearity (a
        function handle, whose derivative is unknown).
    """
    for m, lw in enumerate(walk.layers):
        for step in (lw.blur, lw.scatter):
            if step is not None and getattr(step.filters, "rule", None) != "resample":
                raise OptionError(f"{who}: layer {m} filters with the rule "
                                  f"{getattr(step.filters, 'rule', None)!r}; only scattering.m "
                                  "architectures (from sc_setup) can be back-propagated")
        for g in lw.groups:
            if (g.pad is not None and len(g.pad)) or g.offset or g.valid != g.length:
                raise OptionError(f"{who}: layer {m} has padded rows (a ScatNet/Kymatio plan); "
                                  "only scattering.m architectures can be back-propagated")
        spec = lw.nonlinearity
        if lw.scatter is not None and spec is not None and spec.name not in ("modulus",
                                                                             "uniform_log"):
            raise OptionError(f"{who}: opts[{m}]['nonlinearity'] is a custom function "
                              f"({spec.name!r}) whose derivative is unknown; use 'modulus' or "
                              "'uniform_log' to back-propagate")


def forward_rows(walk, rows, complex_dtype, n_jobs):
    """Scatter a block of rows and keep S, U and Y for back-propagation.

    Parameters
    ----------
    walk : scatnet._core.plan.Plan
        The execution plan.
    rows : ndarray, float, shape (B, size)
        Input rows (signals, or windowed chunks).
    complex_dtype : dtype-like
        Complex precision matching ``rows``.
    n_jobs : int >= 1
        Threads.

    Returns
    -------
    S : list of (ndarray, shape (B, R, frames), or None)
        Per layer, its S rows (None for a layer without blur).
    U : list of list of ndarray, shape (B, R, length)
        Per layer, its U groups (layer 0: ``rows`` as ``(B, 1, size)``).
    Y : list of (list of ndarray, or None)
        Per layer, its Y groups (complex; None for layer 0).
    """
    with threads(n_jobs):
        S, U, Y = run_block(walk, rows, True, True, complex_dtype, n_jobs)
    S = [s[0] if s else None for s in S]
    return S, U, [None] + list(Y)


def backward_rows(walk, dS, U, Y, complex_dtype, n_jobs, keep=False):
    """Back-propagate gradients with respect to S down to the input rows (exact adjoint).

    Parameters
    ----------
    walk : scatnet._core.plan.Plan
        The execution plan.
    dS : list of (ndarray, real, shape (B, R, frames), or None)
        Per layer, the gradient with respect to its S rows (None: zero).
    U : list of (list of ndarray, or None), or None
        Per layer, the U groups of the forward pass (used by the modulus); None: ``|Y|``.
    Y : list of (list of ndarray, or None)
        Per layer, the complex Y groups of the forward pass (layer 0: None).
    complex_dtype : dtype-like
        Precision of the run.
    n_jobs : int >= 1
        Threads.
    keep : bool, default False
        Also return the gradients with respect to every U and Y group.

    Returns
    -------
    grad : ndarray, real, shape (B, size)
        Gradient with respect to the input rows.
    dU, dY : list
        Only with ``keep``: per layer, the gradients with respect to its U groups (real) and
        Y groups (complex; None for layer 0).
    """
    n = len(walk.layers)
    B = _batch(dS, Y)
    dUs, dYs = [None] * n, [None] * n
    dU_next = None
    with threads(n_jobs):
        for m in reversed(range(n)):
            lw = walk.layers[m]
            lengths = [g.length for g in lw.groups]
            H = [np.zeros((B, len(g.rows), g.length // 2 + 1), complex_dtype) for g in lw.groups]
            if dS[m] is not None and lw.blur.out_groups:
                step_adjoint(walk, lw.blur, [blur_forward_spectra(dS[m], n_jobs)], True,
                             lengths, H, complex_dtype)
            if lw.scatter is not None and dU_next is not None:
                Us = U[m + 1] if U is not None and U[m + 1] is not None else [None] * len(dU_next)
                gY = [nonlinearity_adjoint(lw.nonlinearity, du, y, u)
                      for du, y, u in zip(dU_next, Y[m + 1], Us)]
                dYs[m + 1] = gY
                g_time = (joint_adjoint(walk, lw, gY, lw.scatter.out_groups, complex_dtype)
                          if lw.joint is not None else gY)
                fresh = lw.joint is not None  # g_time are new arrays, gY may be kept
                G = [fftb.fft(g, n_jobs, overwrite_x=fresh) for g in g_time]
                step_adjoint(walk, lw.scatter, G, False, lengths, H, complex_dtype)
            dU_next = [fftb.irfft(h, L, n_jobs) for h, L in zip(H, lengths)]
            dUs[m] = dU_next
    grad = dUs[0][0][:, 0, :]
    if keep:
        return grad, dUs, dYs
    return grad


def _batch(dS, Y):
    for a in dS:
        if a is not None:
            return a.shape[0]
    for groups in Y:
        if groups:
            return groups[0].shape[0]
    return 0
