"""The adjoint of the spectral multiply + resample kernel (numba), for back-propagation.

The forward kernel (:func:`scatnet.kernels.multiply_resample`, spec §3.3) writes, for each job
(source row, filter, output row), the spectrum ``Y = D·X`` of the output: each output bin ``j``
is ``Σ c·X[f]`` over a few (source frequency ``f``, coefficient ``c``) pairs (one pair, two at
the output Nyquist bin). With ``y = ifft_M(Y)`` and ``X = fft_L(u)`` of a real ``u``, the
gradient of ``Re⟨g, y⟩`` with respect to ``u`` is ``Re(A^H g) = (L/M)·Re(ifft_L(D^H fft_M(g)))``;
``D^H`` puts ``conj(c)·G[j]`` back on bin ``f``. This module writes the half spectrum
``H[k] = (Z[k] + conj(Z[−k]))/2`` of ``Z = (L/M)·D^H G``, so that ``irfft_L(H)`` is the gradient.
"""
import numba
import numpy as np

from ...kernels._jit import helper, kernel


@helper
def _g(G, b, row, j, M, half_g):
    """``G[j]`` of output ``row`` (full spectrum, or half spectrum of a real signal)."""
    if half_g and j > M // 2:
        return np.conj(G[b, row, M - j])
    return G[b, row, j]


@helper
def _put(h, f, a, L):
    """Add the contribution ``a`` of source frequency ``f`` (−L/2 < f ≤ L/2) to the half spectrum ``h``."""
    if f == 0 or 2 * f == L:
        h[abs(f)] += a.real
    elif f > 0:
        h[f] += 0.5 * a
    else:
        h[-f] += 0.5 * np.conj(a)


@kernel(parallel=True)
def multiply_resample_adjoint(G, M, half_g, src_rows, src_start, job_order, job_filter, job_out,
                              coefs, pos_off, pos_first, pos_len, neg_off, neg_last, neg_len,
                              H, L, scale):
    """Add ``scale·D^H G`` of every job to the half spectra ``H`` of its source row.

    Parameters
    ----------
    G : complex (B, R, Mg)
        Spectra of the output gradients: ``Mg = M`` (full) or ``M/2+1`` (``half_g``).
    M : int
        Length of the outputs.
    half_g : bool
        ``G`` holds ``rfft`` half spectra (real output gradients, the blur).
    src_rows : int64 (U,)
        The distinct source rows of the jobs.
    src_start : int64 (U + 1,)
        Jobs ``job_order[src_start[u] : src_start[u + 1]]`` read source row ``src_rows[u]``.
    job_order : int64 (J,)
        Job indices grouped by source row.
    job_filter, job_out : int64 (J,)
        Filter index and output row of each job.
    coefs, pos_off, pos_first, pos_len, neg_off, neg_last, neg_len : arrays
        The packed filters, as for :func:`scatnet.kernels.multiply_resample`.
    H : complex (B, S, L/2+1)
        Half spectra of the source gradients, accumulated in place.
    L : int
        Length of the sources.
    scale : float
        ``L/M``.
    """
    n_batch = H.shape[0]
    n_src = src_rows.shape[0]
    h = M // 2
    for t in numba.prange(n_batch * n_src):
        b = t // n_src
        u = t % n_src
        out = H[b, src_rows[u]]
        for q in range(src_start[u], src_start[u + 1]):
            j = job_order[q]
            f = job_filter[j]
            row = job_out[j]
            po, p0, pl = pos_off[f], pos_first[f], pos_len[f]
            no, nl, nn = neg_off[f], neg_last[f], neg_len[f]
            fns = nl - nn + 1
            hi = min(L // 2 - 1, p0 + pl - 1, h - 1)
            for k in range(p0, hi + 1):
                _put(out, k, scale * np.conj(coefs[po + k - p0]) * _g(G, b, row, k, M, half_g), L)
            if nn > 0:
                lo = max(-L // 2 + 1, fns, -h + 1)
                for k in range(lo, nl + 1):
                    _put(out, k, scale * np.conj(coefs[no + k - fns])
                         * _g(G, b, row, M + k, M, half_g), L)
            gn = scale * _g(G, b, row, h, M, half_g)  # the output Nyquist bin (spec §3.3)
            pos_end = p0 + pl - 1
            if M < L:
                if nn > 0 and fns < -h:
                    if nl >= -h:
                        _put(out, -h, np.conj(coefs[no - h - fns]) * gn, L)
                    if pl > 0 and pos_end > h and p0 <= h:
                        _put(out, h, np.conj(coefs[po + h - p0]) * gn, L)
                elif pl > 0 and pos_end > h and p0 <= h - 1:
                    _put(out, h, np.conj(coefs[po + h - p0 - 1]) * gn, L)
            elif M == L and nn > 0:
                _put(out, L // 2, np.conj(coefs[no]) * gn, L)
