"""One block of signals through the path walk: FFTs, kernels, nonlinearity (spec §3).

Data flow per block of signals (all arrays ``(B, rows, time)``, time last):

1. ``rfft`` of every group of ``U_m`` (one call per length; :mod:`scatnet.fftrows`);
2. the blur step writes the Hermitian half-spectra of ``S_m`` (one kernel call per source
   group) and one ``irfft`` gives ``S_m`` (real, as MATLAB's stored real part);
3. the scatter step writes the spectra of ``Y_{m+1}`` grouped by output length, one ``ifft``
   per length (in place), and the nonlinearity kernel makes ``U_{m+1}``.

Work arrays come from a :class:`scatnet.workspace.Workspace`, reused by every block.
"""
import math

import numpy as np
import scipy.fft

from . import joint, kernels
from .fftrows import RFFT_INTO, ifft_inplace, rfft_into, workers_for
from .filterbank.storage import coefs_as
from .workspace import Workspace

#: Kernel calls writing fewer elements run single-threaded (``.serial``, see
#: :func:`scatnet.kernels._jit.kernel`): waking the thread team costs more than they take.
SERIAL_KERNEL_MAX = 2 ** 15

def _apply(step, spectra, lengths, hermitian, complex_dtype, B, buffer):
    """Run a step's kernel calls; returns the output spectra per output group and, as a 1-D
    array, the whole region of ``buffer(n_elements)`` (a flat complex array) they occupy, in
    order."""
    f = step.filters
    coefs = coefs_as(f, complex_dtype)
    shapes = [(B, len(g.rows), g.length // 2 + 1 if hermitian else g.length)
              for g in step.out_groups]
    flat = buffer(sum(math.prod(shape) for shape in shapes))
    outs = _views(flat, shapes)
    for c in step.calls:
        out = outs[c.out_group]
        run = _pick(kernels.multiply_resample, out.shape[0] * len(c.job_out) * out.shape[2])
        run(spectra[c.src_group], lengths[c.src_group], True, c.job_src, c.job_filter, c.job_out,
            coefs, f.pos_off, f.pos_first, f.pos_len, f.neg_off, f.neg_last, f.neg_len,
            out, step.out_groups[c.out_group].length, hermitian)
    return outs, flat


def _nonlinearity(spec, Ys, U_flat, Y_flat=None):
    """``U = ρ(Y)`` (MATLAB ``opts{m}.nonlinearity``) for every group of a layer.

    The U groups are consecutive views of ``U_flat``. ``Y_flat``, if given, is the 1-D array of
    every Y group in order: the modulus then runs as one kernel call over all of them.
    """
    Us = _views(U_flat, [Y.shape for Y in Ys])
    if (spec is None or spec.name == "modulus") and Y_flat is not None:
        _pick(kernels.modulus, Y_flat.size)(Y_flat, U_flat[:Y_flat.size])
        return Us
    for Y, U in zip(Ys, Us):
        if spec is None or spec.name == "modulus":
            _pick(kernels.modulus, Y.size)(Y.reshape(-1), U.reshape(-1))
        elif spec.name == "uniform_log":
            _pick(kernels.uniform_log, Y.size)(Y.reshape(-1), U.reshape(-1),
                                               Y.shape[-1] / spec.denominator)
        else:
            U[...] = np.asarray(spec.handle(Y), dtype=U.dtype)
    return Us


def _pick(kernel, n_out):
    """The parallel kernel, or its serial twin for fewer than :data:`SERIAL_KERNEL_MAX` outputs."""
    return kernel.serial if n_out < SERIAL_KERNEL_MAX else kernel


def _views(flat, shapes):
    """Consecutive views of shapes ``shapes`` at the front of the 1-D array ``flat``."""
    out, start = [], 0
    for shape in shapes:
        out.append(flat[start:start + math.prod(shape)].reshape(shape))
        start += math.prod(shape)
    return out


def _joint_block(block, Y, complex_dtype, n_jobs):
    """γ/j filtering of one γ2 tensor: complex rows ``(B, R_block, L2)`` in the block's row order."""
    results = joint.run_block(block, Y, complex_dtype, n_jobs)
    out = np.empty((Y.shape[0], block.n_rows, Y.shape[2]), dtype=complex_dtype)
    for t in block.tensors:
        array, names = results[t.key]
        joint.to_rows(array, names, out=out[:, t.block_rows])
    return out


def _layer_sizes(walk):
    """Per signal and layer: elements of the half spectra of ``U_m`` and of the spectra of ``Y_m``
    (twice that for a layer followed by joint banks, whose outputs are new arrays)."""
    def n(groups, half=False):
        return sum(len(g.rows) * (g.length // 2 + 1 if half else g.length) for g in groups)
    spectra = [n(lw.groups, half=True) for lw in walk.layers]
    Y = [n(lw.scatter.out_groups) * (2 if lw.joint else 1) if lw.scatter else 0
         for lw in walk.layers]
    blur = max(n(lw.blur.out_groups, half=True) for lw in walk.layers)
    return spectra, Y, blur


def signal_bytes(walk, real_dtype, lean=True):
    """Bytes of work arrays one signal of ``real_dtype`` needs in a block.

    The input row, the half spectra of a layer's U (``rfft`` output), the spectra of its Y
    (``ifft`` in place), the real U made from them and the blurred half spectra. With ``lean``
    (neither U nor Y returned) the Y of every layer share one buffer, with the spectra at its
    back when the real FFT can write there (:data:`~scatnet.fftrows.RFFT_INTO`, see
    :func:`run_block`), and U another; otherwise each layer has its own Y and U.
    """
    real_dtype = np.dtype(real_dtype)
    itemsize = np.dtype(np.result_type(real_dtype, np.complex64)).itemsize
    spectra, Y, blur = _layer_sizes(walk)
    if lean and real_dtype in RFFT_INTO:
        peak = max(s + y for s, y in zip(spectra, Y)) + 0.5 * max(Y)
    elif lean:
        peak = 1.5 * max(Y) + max(spectra)
    else:
        peak = 1.5 * sum(Y) + max(spectra)
    return int((peak + blur) * itemsize + walk.size * itemsize // 2)


def block_size(walk, K, real_dtype, budget, lean=True):
    """Signals per block (at least 1, at most ``K``) whose work arrays fit in ``budget`` bytes."""
    return int(max(1, min(K, budget // max(signal_bytes(walk, real_dtype, lean), 1))))


def run_block(walk, archs, xb, want_U, want_Y, complex_dtype, n_jobs, work=None):
    """Scatter one block of rows ``xb`` (B, size); returns the S, U and Y arrays of the block.

    The U and Y arrays returned live in ``work`` (a :class:`~scatnet.workspace.Workspace`):
    the next block overwrites them, so the caller copies them out first. When neither U nor Y
    is returned, every layer puts the spectra of ``U_m`` at the back (when the real FFT can
    write there, see :data:`~scatnet.fftrows.RFFT_INTO`) and ``Y_m`` at the front of one
    buffer, and ``U_{m+1}`` in another: a block needs about
    ``max_m (|spectra_m| + |Y_m|) + max_m |U_m|`` instead of the sum over layers.
    """
    work = work or Workspace()
    lean = not (want_U or want_Y)
    B = xb.shape[0]
    real_dtype = xb.dtype
    into = real_dtype in RFFT_INTO
    if lean:  # Y at the front of one buffer (and the spectra at its back, if `into`)
        spectra_n, Y_n, _ = _layer_sizes(walk)
        n = max(a + b for a, b in zip(spectra_n, Y_n)) if into else max(Y_n)
        arena = work.get("Y", (B * n,), complex_dtype)
    S_out, U_out, Y_out = [], [], []
    U_groups = [xb[:, None, :]]
    for m, lw in enumerate(walk.layers):
        if want_U:
            U_out.append(U_groups)
        if into:
            shapes = [(B, len(g.rows), g.length // 2 + 1) for g in lw.groups]
            n_spectra = sum(map(math.prod, shapes))
            spectra = [rfft_into(u, out, n_jobs) for u, out in zip(U_groups, _views(
                arena[arena.size - n_spectra:] if lean else
                work.get("spectra", (n_spectra,), complex_dtype), shapes))]
        else:
            spectra = [scipy.fft.rfft(u, axis=-1, workers=workers_for(u, n_jobs)) for u in U_groups]
        lengths = [g.length for g in lw.groups]
        H = _apply(lw.blur, spectra, lengths, True, complex_dtype, B,
                   work.buffer("H", complex_dtype))[0][0]
        S_out.append(scipy.fft.irfft(H, n=lw.blur.out_groups[0].length, axis=-1,
                                     workers=workers_for(H, n_jobs), overwrite_x=True))
        if lw.scatter is None:
            break
        spec_Y, Y_flat = _apply(lw.scatter, spectra, lengths, False, complex_dtype, B,
                                (lambda n: arena[:n]) if lean else
                                work.buffer(("Y", m), complex_dtype))
        del spectra
        Ys = [ifft_inplace(Y, n_jobs) for Y in spec_Y]
        if lw.joint is not None:
            Ys = [_joint_block(block, Ys[block.out_group][:, block.local_rows], complex_dtype, n_jobs)
                  for block in lw.joint]
            Y_flat = None
        if want_Y:
            Y_out.append(Ys)
        U_flat = work.get("U" if lean else ("U", m), (sum(Y.size for Y in Ys),), real_dtype)
        U_groups = _nonlinearity(archs[m].nonlinearity, Ys, U_flat, Y_flat)
        del Ys
    return S_out, (U_out if want_U else None), (Y_out if want_Y else None)
