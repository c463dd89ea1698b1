"""Adjoints of the linear stages of a layer: blur, time scatter, joint/spiral filtering, modulus.

MATLAB: scattering.m ``lib/duality/dual_*_blur.m``, ``dual_*_scatter.m``, ``multiply_fft*.m``,
``lib/backward/backpropagate_nonlinearity.m`` (spec §4), computed here as exact adjoints.

Every function works on the engine's per-group arrays ``(B, rows, length)`` of one execution plan
(:mod:`scatnet._core.plan`), one kernel call per :class:`~scatnet._core.plan.Calls` (no loop over
paths). The caches (job lists grouped by source row, joint matrices) live in the plan's ``extra``
dict, so they go with the plan.
"""
import numpy as np

from ..._core import fft as fftb
from ..._core.filtering import SERIAL_KERNEL_MAX
from .. import joint
from ._kernels import multiply_resample_adjoint

_CACHE_KEY = "synthesis"


def _cache(walk):
    return walk.extra.setdefault(_CACHE_KEY, {})


def _by_source(walk, calls):
    """Job indices of ``calls`` grouped by source row: ``(src_rows, src_start, job_order)``."""
    cache = _cache(walk)
    key = ("jobs", id(calls))
    hit = cache.get(key)
    if hit is None or hit[0] is not calls:
        order = np.argsort(calls.job_src, kind="stable").astype(np.int64)
        rows, counts = np.unique(calls.job_src[order], return_counts=True)
        start = np.zeros(len(rows) + 1, np.int64)
        np.cumsum(counts, out=start[1:])
        hit = (calls, rows.astype(np.int64), start, order)
        cache[key] = hit
    return hit[1:]


def step_adjoint(walk, step, G, half_g, src_lengths, H, complex_dtype):
    """Add the adjoint of a blur or scatter ``step`` applied to output spectra ``G`` into ``H``.

    For each output group, ``G`` holds the FFT of the gradient with respect to its rows (full
    spectra; for a real output, ``half_g`` and ``rfft`` half spectra). After the call,
    ``irfft(H[g], L_g)`` is the gradient with respect to the rows of source group ``g``.

    Parameters
    ----------
    walk : scatnet._core.plan.Plan
        The plan the step belongs to (holds the caches).
    step : scatnet._core.plan.Step
        A blur or time-scatter step (filters with ``rule = 'resample'``).
    G : list of ndarray, complex, shape (B, R_out, M or M // 2 + 1)
        Spectra of the output gradients, one per output group of ``step``.
    half_g : bool
        Whether ``G`` holds half spectra of real gradients.
    src_lengths : list of int
        Length of each source group.
    H : list of ndarray, complex, shape (B, R_src, L // 2 + 1)
        Half spectra of the source gradients, accumulated in place.
    complex_dtype : dtype-like
        Precision of the run.
    """
    args = step.filters.kernel_args(complex_dtype)
    real = np.finfo(np.dtype(complex_dtype)).dtype.type
    for c in step.calls:
        M = step.out_groups[c.out_group].length
        L = src_lengths[c.src_group]
        rows, start, order = _by_source(walk, c)
        out = H[c.src_group]
        kern = multiply_resample_adjoint
        if out.shape[0] * len(c.job_out) * max(L // 2, 1) < SERIAL_KERNEL_MAX:
            kern = kern.serial
        kern(G[c.out_group], M, half_g, rows, start, order, c.job_filter, c.job_out, *args, out,
             L, real(L / M))


def joint_matrix(walk, block, complex_dtype):
    """Get the matrix of the γ (and j) filtering of one γ2 block: ``(block.n_rows, block.n1)``.

    The joint/spiral filtering maps, at every time sample, the ``n1`` time-scatter rows of a γ2
    onto the block's ``n_rows`` output rows; the matrix is that map applied to the identity
    (``JointBlock.matrix`` when the plan provides it), computed once per block and precision.

    Parameters
    ----------
    walk : scatnet._core.plan.Plan
        The plan (holds the cache).
    block : scatnet.scattering_m.joint.JointBlock
        The block.
    complex_dtype : dtype-like
        Precision of the result.

    Returns
    -------
    ndarray, complex, shape (block.n_rows, block.n1)
        The matrix (read-only).
    """
    cache = _cache(walk)
    key = ("joint", id(block), np.dtype(complex_dtype).str)
    hit = cache.get(key)
    if hit is None or hit[0] is not block:
        method = getattr(block, "matrix", None)
        if callable(method):
            mat = np.asarray(method(np.complex128))
        else:
            eye = np.eye(block.n1, dtype=np.complex128)[None]
            out = np.empty((1, block.n_rows, block.n1), np.complex128)
            joint.run_into(block, eye, np.complex128, 1, out)
            mat = out[0]
        mat = np.ascontiguousarray(mat.conj().T, dtype=complex_dtype)  # stored as M^H
        mat.setflags(write=False)
        hit = (block, mat)
        cache[key] = hit
    return hit[1]


def joint_adjoint(walk, lw, gY_blocks, out_groups, complex_dtype):
    """Adjoint of the joint/spiral filtering of layer ``lw``: block gradients → time-scatter gradients.

    Parameters
    ----------
    walk : scatnet._core.plan.Plan
        The plan.
    lw : scatnet._core.plan.LayerPlan
        The layer whose scatter is followed by joint blocks (``lw.joint``).
    gY_blocks : list of ndarray, complex, shape (B, block.n_rows, L2)
        Gradients with respect to the outputs of each block.
    out_groups : list of scatnet._core.plan.Group
        The time-scatter output groups (``lw.scatter.out_groups``).
    complex_dtype : dtype-like
        Precision of the run.

    Returns
    -------
    list of ndarray, complex, shape (B, R, L)
        Gradients with respect to the time-scatter outputs, one per group.
    """
    B = gY_blocks[0].shape[0] if gY_blocks else 0
    g = [np.zeros((B, len(og.rows), og.length), complex_dtype) for og in out_groups]
    for block, gy in zip(lw.joint, gY_blocks):
        g[block.out_group][:, block.local_rows] += np.matmul(
            joint_matrix(walk, block, complex_dtype), gy)
    return g


def nonlinearity_adjoint(spec, dU, Y, U=None):
    """Gradient with respect to ``Y`` from the gradient ``dU`` with respect to ``U = ρ(Y)``.

    Modulus: ``dY = dU·Y/|Y|`` (0 where ``|Y| = 0``; the original adds ``eps`` to ``|Y|``).
    ``uniform_log`` (``U = log1p(|Y|·s)/s``, ``s = length/denominator``):
    ``dY = dU·Y/(|Y|·(1 + s·|Y|))``. The complex gradient is ``∂/∂Re + i·∂/∂Im``.

    Parameters
    ----------
    spec : NonlinearitySpec or None
        The layer's nonlinearity (None: modulus).
    dU : ndarray, real, shape (B, R, L)
        Gradient with respect to U.
    Y : ndarray, complex, shape (B, R, L)
        The wavelet outputs.
    U : ndarray, real, shape (B, R, L), optional
        ``|Y|`` as propagated (the modulus only); computed from ``Y`` when None.

    Returns
    -------
    ndarray, complex, shape (B, R, L)
        The gradient with respect to ``Y``.
    """
    name = "modulus" if spec is None else spec.name
    modulus = np.abs(Y) if (U is None or name != "modulus") else U
    if name == "modulus":
        ratio = np.divide(dU, modulus, out=np.zeros_like(modulus), where=modulus > 0)
    else:
        scale = Y.shape[-1] / spec.denominator
        den = modulus * (1 + scale * modulus)
        ratio = np.divide(dU, den, out=np.zeros_like(modulus), where=den > 0)
    return ratio * Y


def blur_forward_spectra(dS, n_jobs):
    """``rfft`` of the gradients with respect to S (real): the ``G`` of :func:`step_adjoint`.

    Parameters
    ----------
    dS : ndarray, real, shape (B, R, M)
        Gradient with respect to the rows of S.
    n_jobs : int >= 1
        Threads for the FFT.

    Returns
    -------
    ndarray, complex, shape (B, R, M // 2 + 1)
        The half spectra.
    """
    return fftb.rfft(np.ascontiguousarray(dS), n_jobs)
