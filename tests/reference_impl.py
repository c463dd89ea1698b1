"""Plain-NumPy twins of the scatnet kernels, written from the spec, not from the kernels (STYLE G12).

* :func:`ifft_multiply` is scattering.m's ``convolution/ifft_multiply.m`` exactly as spec §3.3
  states it: one full complex source spectrum, one trimmed filter, a log2 resampling ``r``.
  It is deliberately naive (explicit loops over bins, one filter at a time) so that it can be
  read against the spec line by line.
* :func:`hermitian_part` is what a Hermitian-output kernel must write.
* :func:`propagate_order1` is a one-layer scattering (S0, U1, S1) built from :func:`ifft_multiply`
  and NumPy FFTs only.

Nothing here imports from ``scatnet.kernels``.
"""
import math

import numpy as np


class UndefinedInOriginal(Exception):
    """The original would index outside the stored filter here (MATLAB error), so no value is defined."""


def ifft_multiply(X, pos_first, pos, neg_last, neg, r, *, on_undefined="raise"):
    """Spectrum ``Y`` (length ``M = L·2**r``) of the filtered, resampled signal (spec §3.3).

    Parameters
    ----------
    X : complex ndarray, shape (L,)
        Full DFT of the source (bin ``k`` ↔ frequency ``k``, negative ``k`` at ``L + k``).
    pos_first : int
        First kept positive bin of the filter (0-based). Ignored if ``pos`` is empty.
    pos : complex ndarray
        Kept positive coefficients, bins ``pos_first … pos_first + len(pos) − 1``.
    neg_last : int
        Last kept negative frequency (−1 is the bin just below DC). Ignored if ``neg`` is empty.
    neg : complex ndarray
        Kept negative coefficients, frequencies ``neg_last − len(neg) + 1 … neg_last``.
    r : int
        log2 resampling (output length ``L·2**r``).
    on_undefined : {'raise', 'nan'}
        What to do when a Nyquist rule of the original reads outside the stored filter (the
        original stops with an index error there): raise :class:`UndefinedInOriginal`, or put
        NaN in ``Y[M/2]`` (every other bin stays defined).

    Returns
    -------
    Y : complex ndarray, shape (M,)
        ``numpy.fft.ifft(Y)`` is the output signal (1/M normalisation, as MATLAB's ``ifft``).
    """
    X = np.asarray(X, dtype=np.complex128)
    pos = np.asarray(pos, dtype=np.complex128)
    neg = np.asarray(neg, dtype=np.complex128)
    L = X.shape[0]
    M = L * 2 ** r if r >= 0 else L // 2 ** (-r)
    assert L % 2 == 0 and M % 2 == 0 and M >= 2, (L, M)
    Y = np.zeros(M, dtype=np.complex128)
    n_pos, n_neg = len(pos), len(neg)
    pos_end = pos_first + n_pos - 1
    fns = neg_last - n_neg + 1

    def src(k):  # X at signed frequency k, |k| <= L/2
        return X[k] if k >= 0 else X[L + k]

    # positive bins
    if n_pos:
        for k in range(pos_first, min(L // 2 - 1, pos_end, M // 2 - 1) + 1):
            Y[k] = src(k) * pos[k - pos_first]
    # negative bins
    if n_neg:
        for k in range(max(-L // 2 + 1, fns, -M // 2 + 1), neg_last + 1):
            Y[M + k] = src(k) * neg[k - fns]

    # Nyquist bin of Y
    def coef(half, i):
        if not 0 <= i < len(half):
            raise UndefinedInOriginal(f"filter index {i} outside a stored half of length {len(half)}")
        return half[i]

    try:
        if r < 0:
            if n_neg and fns < -M // 2:
                value = src(-M // 2) * coef(neg, -M // 2 - fns)
                if n_pos and pos_end > M // 2:
                    value += src(M // 2) * coef(pos, M // 2 - pos_first)
                Y[M // 2] = value
            elif n_pos and pos_end > M // 2:
                Y[M // 2] = src(M // 2) * coef(pos, M // 2 - pos_first - 1)  # sic: one bin off
        elif r == 0 and n_neg:
            Y[L // 2] = src(L // 2) * neg[0]  # sic: first stored coefficient
        # r > 0: the source Nyquist bin is dropped, Y[M/2] stays 0
    except UndefinedInOriginal:
        if on_undefined == "raise":
            raise
        Y[M // 2] = np.nan
    return Y


def full_from_half(Xh, L):
    """Full spectrum (length L) of a real signal from its ``rfft`` (length L/2 + 1)."""
    Xh = np.asarray(Xh, dtype=np.complex128)
    assert Xh.shape[-1] == L // 2 + 1
    return np.concatenate((Xh, np.conj(Xh[..., 1:L - L // 2][..., ::-1])), axis=-1)


def hermitian_part(Y):
    """``H[k] = (Y[k] + conj(Y[−k])) / 2`` for ``k = 0 … M/2`` (the spectrum of ``ifft(Y).real``)."""
    Y = np.asarray(Y)
    M = Y.shape[-1]
    k = np.arange(M // 2 + 1)
    return (Y[..., k] + np.conj(Y[..., (-k) % M])) / 2


def halves_of(trimmed, i):
    """``(pos_first, pos, neg_last, neg)`` of filter ``i`` of a packed trimmed set (plain read)."""
    po, pl = int(trimmed.pos_off[i]), int(trimmed.pos_len[i])
    no, nl = int(trimmed.neg_off[i]), int(trimmed.neg_len[i])
    return (int(trimmed.pos_first[i]), np.array(trimmed.coefs[po:po + pl]),
            int(trimmed.neg_last[i]), np.array(trimmed.coefs[no:no + nl]))


def _filter(x, halves, r):
    """``ifft`` of ``ifft_multiply(fft(x), halves, r)``: complex output of length ``len(x)·2**r``."""
    return np.fft.ifft(ifft_multiply(np.fft.fft(x), *halves, r))


def propagate_order1(x, bank, phi0, phi1, *, T, U_log2_oversampling=1, S_log2_oversampling=0):
    """Naive one-layer scattering of one signal, straight from spec §3.3 / §3.10.

    Parameters
    ----------
    x : ndarray, shape (N,)
        One real signal (N = the bank size).
    bank : scatnet.scattering_m.filterbank.FilterBank
        First-order wavelets (support 0 only: the root time bank has a single support).
    phi0, phi1 : scatnet.scattering_m.filterbank.TrimmedFilters
        Low-passes making S0 (layer-0 invariant) and S1 (layer-1 invariant).
    T : int
        Averaging scale (both invariants).

    Returns
    -------
    dict with
        ``S0`` (frames,), ``U1`` list of (N·2**ls(γ),), ``Y1`` list (complex), ``S1`` (nγ, frames).

    The rates are the original's: ``ls(γ) = min(log2_resolution(γ) + U_log2_oversampling, 0)``;
    S0 at ``min(1 − log2 T + S_os, 0)``, S1 at ``1 − log2 T + S_os`` (log2 of frames/N).
    """
    x = np.asarray(x, dtype=np.float64)
    J = round(math.log2(T))
    s_rate0 = min(1 - J + S_log2_oversampling, 0)
    s_rate1 = 1 - J + S_log2_oversampling
    S0 = _filter(x, halves_of(phi0, 0), s_rate0).real
    Y1, U1, S1 = [], [], []
    for g in range(len(bank.metas)):
        ls = min(int(bank.metas.log2_resolution[g]) + U_log2_oversampling, 0)
        y = _filter(x, halves_of(bank.psis[0], g), ls)
        u = np.abs(y)
        Y1.append(y)
        U1.append(u)
        S1.append(_filter(u, halves_of(phi1, 0), s_rate1 - ls).real)
    return {"S0": S0, "Y1": Y1, "U1": U1, "S1": np.array(S1)}


def conv_sub_fold(X_full, start, coefs, M):
    """ScatNet's ``conv_sub_1d`` spectrum, the plain way: ``Y[k mod M] += X[k]·F[k]``.

    ``X_full`` (L,) full spectrum; the filter multiplies bins ``(start + n) mod L``; returns
    the folded spectrum of length ``M`` (before the inverse FFT).
    """
    L = len(X_full)
    F = np.zeros(L, dtype=complex)
    np.add.at(F, (start + np.arange(len(coefs))) % L, coefs)
    return (X_full * F).reshape(L // M, M).sum(axis=0)
