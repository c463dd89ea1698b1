"""Spectral multiply + resample: scattering.m's ``ifft_multiply`` bin rules, batched (spec §3.3).

For a source spectrum ``X`` of length ``L`` (bins on the filter's grid), a trimmed filter
``f`` and an output length ``M = L·2**r``, the kernels write the spectrum ``Y`` whose inverse
FFT of length ``M`` is the filtered, resampled signal:

* positive bins ``k = p0 … min(L/2−1, p0+np−1, M/2−1)``: ``Y[k] = X[k]·pos[k−p0]``;
* negative bins ``k = max(−L/2+1, fns, −M/2+1) … nl``: ``Y[M+k] = X[L+k]·neg[k−fns]``;
* the output Nyquist bin follows the original's special cases (spec §3.3, §7 #7).

Sources are either full spectra (length ``L``) or half spectra of real signals
(``rfft``, length ``L/2+1``; negative bins are conjugates). Outputs are either full spectra
(for a complex inverse FFT) or the Hermitian part ``H[k] = (Y[k] + conj(Y[−k]))/2`` for
``k = 0 … M/2`` (for ``irfft``: the real part of the inverse FFT of ``Y``).
"""
import numba
import numpy as np

from ._jit import helper, kernel


@helper
def _src(X, row, k, L, half):
    """X[k] for −L/2 ≤ k ≤ L/2 of source ``row`` (batch-row ``row``)."""
    if half:
        if k >= 0:
            return X[row, k]
        return np.conj(X[row, -k])
    if k >= 0:
        return X[row, k]
    return X[row, L + k]


@helper
def _nyquist(X, row, L, M, half, coefs, po, p0, pl, no, nl, nn):
    """Value of the output Nyquist bin ``Y[M/2]`` (the original's rules, kept as they are).

    Downsampling (``M < L``): if the negative span starts below ``−M/2``, the negative
    coefficient at ``−M/2`` (plus, if the positive span passes ``M/2``, the positive one at
    ``M/2``); otherwise, if the positive span passes ``M/2``, the positive coefficient one bin
    *below* ``M/2`` (sic). Same length: the first stored negative coefficient (sic). Upsampling:
    nothing. Where a rule would read outside the stored span (the original then stops with an
    index error), that coefficient counts as zero.
    """
    val = 0j
    pos_end = p0 + pl - 1
    fns = nl - nn + 1
    h = M // 2
    if M < L:
        if nn > 0 and fns < -h:
            if nl >= -h:
                val = _src(X, row, -h, L, half) * coefs[no - h - fns]
            if pl > 0 and pos_end > h and p0 <= h:
                val += _src(X, row, h, L, half) * coefs[po + h - p0]
        elif pl > 0 and pos_end > h and p0 <= h - 1:
            val = _src(X, row, h, L, half) * coefs[po + h - p0 - 1]
    elif M == L and nn > 0:
        val = _src(X, row, L // 2, L, half) * coefs[no]
    return val


@kernel(parallel=True)
def multiply_resample(X, L, half, job_src, job_filter, job_out,
                      coefs, pos_off, pos_first, pos_len, neg_off, neg_last, neg_len,
                      out, M, hermitian):
    """Fill ``out[b, job_out[j], :]`` with the filtered, resampled spectrum of every job.

    Parameters
    ----------
    X : complex (B, S, Lx)
        Source spectra (``Lx = L`` full, ``L/2+1`` half); ``B`` batch (signals), ``S`` sources.
    L : int
        Length of the source signals.
    half : bool
        ``X`` holds ``rfft`` half spectra.
    job_src, job_filter, job_out : int64 (J,)
        Source row, filter index and output row of each job.
    coefs : complex (C,)
        Coefficients of every filter, packed (:class:`scatnet.scattering_m.filterbank.
        TrimmedFilters`), of the dtype of ``X`` and ``out``.
    pos_off, pos_first, pos_len : int64 (F,)
        Per filter: offset of its positive coefficients in ``coefs``, first kept positive bin
        and number of kept positive bins.
    neg_off, neg_last, neg_len : int64 (F,)
        Per filter: offset of its negative coefficients in ``coefs``, last kept negative
        frequency (−1 is the last bin) and number of kept negative bins.
    out : complex (B, R, Mo)
        Output spectra; ``Mo = M`` (full) or ``M/2+1`` (hermitian). Written rows are zeroed first.
    M : int
        Output length.
    hermitian : bool
        Write ``(Y[k] + conj(Y[−k]))/2`` for ``k = 0 … M/2`` instead of ``Y``.
    """
    n_batch = X.shape[0]
    n_jobs = job_src.shape[0]
    for t in numba.prange(n_batch * n_jobs):
        b = t // n_jobs
        j = t % n_jobs
        x = X[b, job_src[j]]
        f = job_filter[j]
        o = out[b, job_out[j]]
        po, p0, pl = pos_off[f], pos_first[f], pos_len[f]
        no, nl, nn = neg_off[f], neg_last[f], neg_len[f]
        fns = nl - nn + 1
        hi = min(L // 2 - 1, p0 + pl - 1, M // 2 - 1)
        if hermitian:  # negative bins add onto positive ones
            o[:] = 0
        else:  # zero only what the spans below leave unwritten (Nyquist included)
            lo = max(-L // 2 + 1, fns, -M // 2 + 1)
            a, z = (p0, hi + 1) if hi >= p0 else (0, 0)
            c, d = (M + lo, M + nl + 1) if nn > 0 and nl >= lo else (M, M)
            o[:a] = 0
            o[z:c] = 0
            o[d:] = 0
        # positive frequencies: source bins k ≥ 0 are stored as they are, full or half
        shift = po - p0
        if hermitian:
            for k in range(p0, hi + 1):
                o[k] = 0.5 * (x[k] * coefs[shift + k])
            if p0 == 0 and hi >= 0:
                o[0] = o[0] + np.conj(o[0])
        else:
            for k in range(p0, hi + 1):
                o[k] = x[k] * coefs[shift + k]
        # negative frequencies k < 0: X[L+k] (full) or conj(X[−k]) (half)
        if nn > 0:
            lo = max(-L // 2 + 1, fns, -M // 2 + 1)
            shift = no - fns
            if half and hermitian:
                for k in range(lo, nl + 1):
                    o[-k] += 0.5 * (x[-k] * np.conj(coefs[shift + k]))
            elif half:
                for k in range(lo, nl + 1):
                    o[M + k] = np.conj(x[-k]) * coefs[shift + k]
            elif hermitian:
                for k in range(lo, nl + 1):
                    o[-k] += 0.5 * np.conj(x[L + k] * coefs[shift + k])
            else:
                for k in range(lo, nl + 1):
                    o[M + k] = x[L + k] * coefs[shift + k]
        ny = _nyquist(X[b], job_src[j], L, M, half, coefs, po, p0, pl, no, nl, nn)
        if hermitian:
            o[M // 2] += ny.real
        else:
            o[M // 2] = ny
