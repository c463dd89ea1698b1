"""Spectral multiply + fold: ScatNet's ``conv_sub_1d`` (spec scatnet §1.4, reference §6.3).

For a source spectrum ``X`` of length ``L``, a filter window (``coefs`` for the bins
``(start + n) mod L``, ``n < length``) and an output length ``M`` dividing ``L``:
``Y[k mod M] += X[k]·coefs[n]`` — the product summed over the ``L/M`` blocks of length ``M``
(downsampling by ``L/M`` after the inverse FFT).

Sources are full spectra or ``rfft`` half spectra of real signals (``X[k] = conj(X[L−k])`` for
``k > L/2``). Outputs are full spectra (complex inverse FFT) or the Hermitian part
``H[p] = (Y[p] + conj(Y[−p]))/2``, ``p = 0 … M/2`` (``irfft`` gives the real part).
"""
import numba
import numpy as np

from ._jit import kernel


@kernel(parallel=True)
def multiply_fold(X, L, half, job_src, job_filter, job_out, coefs, off, start, length,
                  out, M, hermitian):
    """Fill ``out[b, job_out[j], :]`` with the filtered, folded spectrum of every job.

    Parameters
    ----------
    X : complex (B, S, Lx)
        Source spectra (``Lx = L`` full, ``L/2+1`` half).
    L : int
        Length of the source signals.
    half : bool
        ``X`` holds ``rfft`` half spectra.
    job_src, job_filter, job_out : int64 (J,)
        Source row, filter index and output row of each job.
    coefs : complex (C,)
        Coefficients of every filter window, packed (:class:`scatnet._core.filtering.
        FoldFilters`), of the dtype of ``X`` and ``out``.
    off, start, length : int64 (F,)
        Per filter: offset of its window in ``coefs``, first source bin it multiplies
        (taken mod ``L``) and window length.
    out : complex (B, R, Mo)
        Output spectra; ``Mo = M`` (full) or ``M/2+1`` (hermitian). Written rows are zeroed first.
    M : int
        Output length (divides ``L``).
    hermitian : bool
        Write ``(Y[p] + conj(Y[−p]))/2`` for ``p = 0 … M/2`` instead of ``Y``.
    """
    n_batch = X.shape[0]
    n_jobs = job_src.shape[0]
    h = M // 2
    for t in numba.prange(n_batch * n_jobs):
        b = t // n_jobs
        j = t % n_jobs
        x = X[b, job_src[j]]
        f = job_filter[j]
        o = out[b, job_out[j]]
        o[:] = 0
        c0 = off[f]
        k = start[f] % L
        q = k % M
        for n in range(length[f]):
            if half and k > L // 2:
                v = np.conj(x[L - k]) * coefs[c0 + n]
            else:
                v = x[k] * coefs[c0 + n]
            if hermitian:
                if q <= h:
                    o[q] += 0.5 * v
                if q >= h or q == 0:
                    o[(M - q) % M] += 0.5 * np.conj(v)
            else:
                o[q] += v
            k += 1
            q += 1
            if k == L:
                k = 0
            if q == M:
                q = 0
