"""ScatNet's 1-D Selesnick (dual-tree complex wavelet) filter bank.

MATLAB: ``filters/selesnick_filter_bank_1d.m`` and ``filters/selesnick/`` (``selesnick_bis.m``,
``idualtree.m``, ``sfb.m``, ``cshift.m``, ``FSfarras.m``, ``dualfilt1.m``; the dual-tree code
is I. Selesnick's, Polytechnic University). Each filter is the Fourier transform of the
dual-tree synthesis of one unit coefficient.
"""
from __future__ import annotations

import math

import numpy as np
from scipy.signal import upfirdn

from scatnet._errors import OptionError
from scatnet._matlab import matlab_round
from scatnet.scatnet_1d.bank_options import resolve_bank_options, split_filter_options
from scatnet.scatnet_1d.filters import FilterBank1D, optimize_filter
from scatnet.scatnet_1d.spline import dyadic_freq_1d

__all__ = ["selesnick_filter_bank_1d"]

_A, _B, _C = 0.08838834764832, 0.69587998903400, 0.01122679215254
#: Farras filters of the first stage, analysis (FSfarras.m): tree 1 and tree 2, columns
#: (lowpass, highpass).
_FIRST = (np.array([[0, 0], [-_A, -_C], [_A, _C], [_B, _A], [_B, _A], [_A, -_B], [-_A, _B],
                    [_C, -_A], [_C, -_A], [0, 0]]),
          np.array([[_C, 0], [_C, 0], [-_A, -_A], [_A, -_A], [_B, _B], [_B, -_B], [_A, _A],
                    [-_A, _A], [0, _C], [0, -_C]]))
_K = (0.03516384000000, 0.08832942000000, 0.11430184000000, 0.23389032000000, 0.58751830000000,
      0.76027237000000)
#: Kingsbury Q-filters of the later stages, analysis (dualfilt1.m).
_LATER = (np.array([[_K[0], 0], [0, 0], [-_K[1], -_K[2]], [_K[3], 0], [_K[5], _K[4]],
                    [_K[4], -_K[5]], [0, _K[3]], [-_K[2], _K[1]], [0, 0], [0, -_K[0]]]),
          np.array([[0, -_K[0]], [0, 0], [-_K[2], _K[1]], [0, _K[3]], [_K[4], -_K[5]],
                    [_K[5], _K[4]], [_K[3], 0], [-_K[1], -_K[2]], [0, 0], [_K[0], 0]]))


def _sfb(lo, hi, sf):
    """Synthesis filter bank (sfb.m): upsample by 2, filter, fold the tail, cshift(1 − L/2)."""
    N, L = 2 * len(lo), len(sf)
    y = upfirdn(sf[:, 0], lo, 2, 1) + upfirdn(sf[:, 1], hi, 2, 1)
    y[:L - 2] = y[:L - 2] + y[N:N + L - 2]
    return np.roll(y[:N], 1 - L // 2)


def _idualtree(w, J):
    """Inverse dual-tree complex DWT (idualtree.m); ``w[j][d]``, j = 0 … J, d = tree."""
    y = []
    for d in (0, 1):
        sf_first, sf_later = _FIRST[d][::-1], _LATER[d][::-1]
        yd = w[J][d]
        for j in range(J - 1, 0, -1):
            yd = _sfb(yd, w[j][d], sf_later)
        y.append(_sfb(yd, w[0][d], sf_first))
    return (y[0] + y[1]) / math.sqrt(2)


def _selesnick_bis(N: int, J: int):
    """Fourier transforms of the J wavelets and the low-pass (selesnick_bis.m)."""
    M = 1 << (N.bit_length() - 1)                # 2^floor(log2 N)
    pad = (N - M) // 2
    w = [[np.zeros(M >> min(j + 1, J)) for _ in (0, 1)] for j in range(J + 1)]
    out = []
    for j in range(J + 1):
        parts = []
        for d in (0, 1):
            at = int(matlab_round(len(w[j][d]) / 2)) - 1
            w[j][d][at] = 1
            parts.append(_idualtree(w, J))
            w[j][d][at] = 0
        aux = np.concatenate([np.zeros(pad), parts[0] + 1j * parts[1], np.zeros(pad)])
        out.append(np.fft.fft(2 ** (-(j + 1) / 2) * np.fft.fftshift(aux)))
    return out[:J], out[J]


def selesnick_filter_bank_1d(sig_length: int, options=None) -> FilterBank1D:
    """Build a Selesnick (dual-tree complex, Q = 1) wavelet filter bank.

    MATLAB: ``filters/selesnick_filter_bank_1d.m``. N_f = 2N ('symm') or N, not rounded to a
    power of two; the impulse responses are computed at length 2^floor(log2 N_f) and
    zero-padded (``padarray``) to N_f. J defaults to round(log2 N).

    Parameters
    ----------
    sig_length : int
        N, the signal length.
    options : dict, optional
        One bank's options (``J``, ``boundary``, ``precision``, ``filter_format``,
        ``truncate_threshold``); ``filter_type`` defaults to ``'selesnick_1d'``.

    Returns
    -------
    FilterBank1D
        ``meta``: ``J, size_filter, boundary, filter_type``; complex filters.

    Raises
    ------
    OptionError
        2^floor(log2 N_f) not divisible by 2^J, or N_f − 2^floor(log2 N_f) odd (MATLAB fails).
    """
    opt = dict(options or {})
    opt.setdefault("filter_type", "selesnick_1d")
    opts = split_filter_options(opt)
    if len(opts) != 1 or opts[0]["filter_type"] != "selesnick_1d":
        raise OptionError("selesnick_filter_bank_1d: options must describe one 'selesnick_1d' "
                          "bank (scalar fields); use filter_bank for several banks.")
    return design_selesnick_bank(int(sig_length), resolve_bank_options(sig_length, opts[0]))


def design_selesnick_bank(sig_length: int, opt: dict) -> FilterBank1D:
    """Build the bank from resolved options (see :func:`selesnick_filter_bank_1d`).

    Parameters
    ----------
    sig_length : int
        N, the signal length.
    opt : dict
        One bank's resolved options (:func:`~scatnet.scatnet_1d.bank_options.resolve_bank_options`).

    Returns
    -------
    FilterBank1D
        The bank: J complex wavelets, highest frequency first, and the low-pass.

    Raises
    ------
    OptionError
        If 2^floor(log2 N_f) is not divisible by 2^J, or N_f − 2^floor(log2 N_f) is odd.
    """
    N = 2 * sig_length if opt["boundary"] == "symm" else sig_length
    J = opt["J"]
    M = 1 << (N.bit_length() - 1)
    if M % 2 ** J or (N - M) % 2:
        raise OptionError(f"selesnick_filter_bank_1d: with N_f={N}, the dual tree runs on "
                          f"2^floor(log2 N_f)={M} samples, which must be divisible by "
                          f"2^J={2 ** J}, and N_f − {M} must be even; lower filt_opt['J'] "
                          f"(MATLAB filt_opt.J) or change the signal length.")
    dtype = np.dtype(np.complex64 if opt["precision"] == "single" else np.complex128)
    meta = {"J": J, "size_filter": N, "boundary": opt["boundary"], "filter_type": "selesnick_1d"}
    psi_f, phi_f = _selesnick_bis(N, J)
    psi = [optimize_filter(f.astype(dtype), False, opt) for f in psi_f]
    psi_xi, psi_bw, phi_bw = dyadic_freq_1d(meta)
    phi = optimize_filter(phi_f.astype(dtype), True, opt)
    return FilterBank1D(meta, opt, psi, phi, psi_xi, psi_bw, phi_bw)
