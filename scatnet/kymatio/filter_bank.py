"""Kymatio's 1-D Morlet filter bank, sampled in Fourier: design (numbers) apart from sampling.

Kymatio: ``kymatio/scattering1d/filter_bank.py`` (version 0.3.0).

Frequencies are in cycles per sample (``xi`` in (0, 1/2]); filters are real arrays of DFT bins
(``numpy.fft.fftfreq`` order). The layout of a bank (centre frequencies ``xi``, widths
``sigma``, maximal subsamplings ``j``) depends on numbers only (:func:`compute_params_filterbank`);
:func:`morlet_1d` and :func:`gauss_1d` sample one filter; :func:`scattering_filter_factory`
returns the three banks of a transform as Kymatio's dictionaries.
"""
import math
import warnings

import numpy as np
import scipy.fft

from .._errors import ScatnetWarning

__all__ = ["adaptive_choice_P", "compute_params_filterbank", "compute_sigma_psi",
           "compute_temporal_support", "compute_xi_max", "gauss_1d",
           "get_max_dyadic_subsampling", "morlet_1d", "periodize_filter_fourier",
           "scattering_filter_factory"]

#: Kymatio's design constants: redundancy ``r_psi`` (filters cross at ``r_psi`` of their
#: peak), width ``sigma0 / T`` of the low-pass, and the aliasing margin ``alpha``.
R_PSI = math.sqrt(0.5)
SIGMA0 = 0.1
ALPHA = 5.0

#: Largest number of periods summed when a Gaussian is periodized (Kymatio's cap).
MAX_PERIODS = 5


def adaptive_choice_P(sigma, eps=1e-7):
    """Choose how many periods of a Gaussian of width ``sigma`` to sum on [0, 1).

    Kymatio: ``kymatio/scattering1d/filter_bank.py`` (``adaptive_choice_P``).

    ``P = ceil(sqrt(−2 σ² log eps) + 1)``: the Gaussian is below ``eps`` outside ``[1 − P, P)``.

    Parameters
    ----------
    sigma : float > 0
        Width of the Gaussian in cycles per sample.
    eps : float, default 1e-7
        Amplitude neglected at the ends of the interval.

    Returns
    -------
    int
        ``P >= 2``; the frequencies ``[1 − P, P)`` cover ``2P − 1`` periods.
    """
    return math.ceil(math.sqrt(-2 * sigma ** 2 * math.log(eps)) + 1)


def periodize_filter_fourier(h_f, nperiods=1):
    """Fold a sampled spectrum onto one period: the mean of its ``nperiods`` blocks.

    Kymatio: ``kymatio/scattering1d/filter_bank.py`` (``periodize_filter_fourier``).

    ``v[k] = (1/P) Σ_{i<P} h_f[i·M + k]`` with ``M = len(h_f) / P``: the spectrum of the filter
    subsampled by ``P`` in time (or of the filter sampled on ``P`` periods of frequency).

    Parameters
    ----------
    h_f : ndarray, shape (P·M,)
        The spectrum.
    nperiods : int, default 1
        ``P``, which divides ``len(h_f)``.

    Returns
    -------
    ndarray, shape (M,)
        The folded spectrum.
    """
    return h_f.reshape(nperiods, h_f.shape[0] // nperiods).mean(axis=0)


#: ``exp(−x)`` is exactly 0.0 in float64 for ``x > 745.2``: Gaussians are evaluated where
#: ``(f − ξ)²/(2σ²) <= _EXP_CUTOFF`` only, which changes no value.
_EXP_CUTOFF = 760.0


def _gaussian(freqs, center, sigma):
    """``exp(−(freqs − center)²/(2σ²))``, evaluated only where it is not 0.0."""
    out = np.zeros_like(freqs)
    half = math.sqrt(2 * _EXP_CUTOFF) * sigma
    if np.all(freqs[:-1] <= freqs[1:]):  # sorted (always, but fftfreq's): only a slice
        lo, hi = np.searchsorted(freqs, [center - half, center + half])
        where = slice(lo, hi)
    else:
        where = np.abs(freqs - center) <= half
    out[where] = np.exp(-(freqs[where] - center) ** 2 / (2 * sigma ** 2))
    return out


def morlet_1d(N, xi, sigma):
    """Sample the Fourier transform of a Morlet wavelet (or, with ``xi`` = None, a Gaussian).

    Kymatio: ``kymatio/scattering1d/filter_bank.py`` (``morlet_1d``).

    ``ψ̂(ω) = g(ω − ξ) − κ g(ω)``, ``g(ω) = exp(−ω²/(2σ²))`` summed over ``2P − 1`` periods
    (:func:`adaptive_choice_P`, at most 5), ``κ`` such that ``ψ̂(0) = 0``; the filter is then
    divided by its l1 norm in time, ``Σ_t |ifft(ψ̂)[t]|``.

    Parameters
    ----------
    N : int >= 1
        Number of DFT bins (the padded signal length).
    xi : float or None
        Centre frequency in cycles per sample; None or 0 gives the Gaussian low-pass.
    sigma : float > 0
        Width in cycles per sample.

    Returns
    -------
    ndarray, float64, shape (N,)
        The filter at the frequencies ``numpy.fft.fftfreq(N)``.
    """
    P = min(adaptive_choice_P(sigma), MAX_PERIODS)
    freqs = np.arange((1 - P) * N, P * N, dtype=float) / float(N)
    # P = 1 never happens (P >= 2 above); Kymatio then centres the low-pass on [-1/2, 1/2)
    freqs_low = np.fft.fftfreq(N) if P == 1 else freqs
    low_pass_f = periodize_filter_fourier(_gaussian(freqs_low, 0.0, sigma), nperiods=2 * P - 1)
    if xi:
        gabor_f = periodize_filter_fourier(_gaussian(freqs, xi, sigma), nperiods=2 * P - 1)
        kappa = gabor_f[0] / low_pass_f[0]
        filter_f = gabor_f - kappa * low_pass_f
    else:
        filter_f = low_pass_f
    filter_f /= np.abs(scipy.fft.ifft(filter_f)).sum()
    return filter_f


def gauss_1d(N, sigma):
    """Sample the Fourier transform of the Gaussian low-pass of width ``sigma``.

    Kymatio: ``kymatio/scattering1d/filter_bank.py`` (``gauss_1d``).

    Parameters
    ----------
    N : int >= 1
        Number of DFT bins.
    sigma : float > 0
        Width in cycles per sample (``sigma0 / T`` in a scattering transform).

    Returns
    -------
    ndarray, float64, shape (N,)
        :func:`morlet_1d` with ``xi = None``.
    """
    return morlet_1d(N, None, sigma)


def compute_sigma_psi(xi, Q, r=R_PSI):
    """Compute the width of a Morlet wavelet of a bank of ``Q`` wavelets per octave.

    Kymatio: ``kymatio/scattering1d/filter_bank.py`` (``compute_sigma_psi``).

    ``σ = ξ · (1 − 2^(−1/Q)) / (1 + 2^(−1/Q)) / sqrt(2 log(1/r))``: neighbouring wavelets cross
    at ``r`` times their peak (V. Lostanlen, PhD thesis, 2017).

    Parameters
    ----------
    xi : float
        Centre frequency in cycles per sample.
    Q : int >= 1
        Wavelets per octave.
    r : float in (0, 1), default sqrt(1/2)
        Relative height at which neighbours cross.

    Returns
    -------
    float
        The width ``σ`` in cycles per sample.
    """
    factor = 1. / math.pow(2, 1. / Q)
    term1 = (1 - factor) / (1 + factor)
    term2 = 1. / math.sqrt(2 * math.log(1. / r))
    return xi * term1 * term2


def compute_temporal_support(h_f, criterion_amplitude=1e-3):
    """Find the half support in time outside which centred filters hold at most a given l1 mass.

    Kymatio: ``kymatio/scattering1d/filter_bank.py`` (``compute_temporal_support``).

    The smallest ``n`` such that ``Σ_{|t| >= n} |h[t]| <= criterion_amplitude`` (one side) for
    every row, ``h`` the inverse FFT of a row of ``h_f``; half the length (with a warning) if
    there is none.

    Parameters
    ----------
    h_f : ndarray, shape (F, N)
        Spectra of centred, symmetric filters, one per row.
    criterion_amplitude : float, default 1e-3
        The l1 mass allowed outside the support.

    Returns
    -------
    int
        The half support in samples.

    Warns
    -----
    ScatnetWarning
        If no support shorter than ``N // 2`` meets the criterion (border effects).
    """
    h = scipy.fft.ifft(h_f, axis=1)
    half_support = h.shape[1] // 2
    residual = np.abs(h)[:, :half_support][:, ::-1].cumsum(axis=1)[:, ::-1].max(axis=0)
    below = np.flatnonzero(residual <= criterion_amplitude)
    if below.size:
        return int(below[0]) + 1
    warnings.warn(f"the low-pass filter is longer than half the signal ({half_support} samples): "
                  "the padding cannot avoid border effects. Use a smaller T (or J) or longer "
                  "signals", ScatnetWarning, stacklevel=2)
    return half_support


def get_max_dyadic_subsampling(xi, sigma, alpha=ALPHA):
    """Find the largest dyadic subsampling a Gabor or Morlet filter allows without aliasing.

    Kymatio: ``kymatio/scattering1d/filter_bank.py`` (``get_max_dyadic_subsampling``).

    ``j = floor(−log2(min(ξ + α σ, 1/2))) − 1``: the filter's band, up to ``ξ + α σ``, lies
    below ``2^−(j+1)`` cycles per sample, the Nyquist frequency after subsampling by ``2^j``.

    Parameters
    ----------
    xi : float
        Centre frequency in cycles per sample.
    sigma : float > 0
        Width in cycles per sample.
    alpha : float, default 5
        Widths above ``ξ`` that must stay below the Nyquist frequency.

    Returns
    -------
    int
        ``j``: the filter's output may be subsampled by ``2**j``.
    """
    upper_bound = min(xi + alpha * sigma, 0.5)
    return int(math.floor(-math.log2(upper_bound)) - 1)


def compute_xi_max(Q):
    """Compute the centre frequency of the highest wavelet of a bank of ``Q`` per octave.

    Kymatio: ``kymatio/scattering1d/filter_bank.py`` (``compute_xi_max``).

    Parameters
    ----------
    Q : int >= 1
        Wavelets per octave.

    Returns
    -------
    float
        ``max(1 / (1 + 2^(3/Q)), 0.35)`` cycles per sample.
    """
    return max(1. / (1. + math.pow(2., 3. / Q)), 0.35)


def compute_params_filterbank(sigma_min, Q, alpha=ALPHA, r_psi=R_PSI):
    """Lay out a Morlet bank: centre frequencies, widths and maximal subsamplings.

    Kymatio: ``kymatio/scattering1d/filter_bank.py`` (``compute_params_filterbank``; later
    Kymatio versions call it ``anden_generator``).

    From ``ξ_max`` (:func:`compute_xi_max`), ``ξ`` and ``σ`` decrease by ``2^(1/Q)`` while
    ``σ > σ_min 2^(1/Q)`` (constant Q); then ``Q − 1`` wavelets of width ``σ_min`` share the
    band below the last ``ξ`` (the elbow) linearly: ``ξ_elbow (1 − q/Q)``, ``q = 1 … Q − 1``.

    Parameters
    ----------
    sigma_min : float > 0
        Smallest width (``sigma0 / 2**J``).
    Q : int >= 1
        Wavelets per octave.
    alpha : float, default 5
        Aliasing margin of :func:`get_max_dyadic_subsampling`.
    r_psi : float in (0, 1), default sqrt(1/2)
        Redundancy of :func:`compute_sigma_psi`.

    Returns
    -------
    xis : list of float
        Centre frequencies, highest first, in cycles per sample.
    sigmas : list of float
        Widths, in cycles per sample.
    js : list of int
        Maximal dyadic subsampling of each wavelet's output.
    """
    xi_max = compute_xi_max(Q)
    sigma_max = compute_sigma_psi(xi_max, Q, r=r_psi)
    if sigma_max <= sigma_min:
        xis, sigmas, elbow_xi = [], [], sigma_max
    else:
        xis, sigmas = [xi_max], [sigma_max]
        while sigmas[-1] > sigma_min * math.pow(2, 1 / Q):
            xis.append(xis[-1] / math.pow(2, 1 / Q))
            sigmas.append(sigmas[-1] / math.pow(2, 1 / Q))
        elbow_xi = xis[-1]
    for q in range(1, Q):
        xis.append(elbow_xi - q / Q * elbow_xi)
        sigmas.append(sigma_min)
    js = [get_max_dyadic_subsampling(xi, sigma, alpha) for xi, sigma in zip(xis, sigmas)]
    return xis, sigmas, js


def scattering_filter_factory(N, J, Q, T, r_psi=R_PSI, sigma0=SIGMA0, alpha=ALPHA):
    """Build the low-pass and the two wavelet banks of a 1-D scattering, as Kymatio's dicts.

    Kymatio: ``kymatio/scattering1d/filter_bank.py`` (``scattering_filter_factory``).

    Each filter is a dict with ``'xi'``, ``'sigma'`` (cycles per sample), ``'j'`` (maximal
    subsampling; ``floor(log2 T)`` for the low-pass) and ``'levels'``: ``levels[k]`` is the
    filter for inputs subsampled by ``2**k`` (:func:`periodize_filter_fourier` of
    ``levels[0]``, ``N / 2**k`` bins). First-order wavelets have level 0 only; a second-order
    wavelet has the levels of the first-order outputs it filters (``j1 < j2``); the low-pass
    has levels up to ``min(max j, floor(log2 T))``.

    Parameters
    ----------
    N : int
        Number of DFT bins at level 0 (the padded length, :attr:`Scattering1D.N_padded`).
    J : int >= 0
        Log2 of the largest wavelet scale: ``σ_min = sigma0 / 2**J``.
    Q : tuple of (int, int)
        Wavelets per octave of the first and second order.
    T : float >= 1
        Support of the low-pass: ``σ_φ = sigma0 / T``.
    r_psi : float, default sqrt(1/2)
        Redundancy of the wavelets (:func:`compute_sigma_psi`).
    sigma0 : float, default 0.1
        Width constant of the low-pass.
    alpha : float, default 5
        Aliasing margin (:func:`get_max_dyadic_subsampling`).

    Returns
    -------
    phi_f : dict
        The low-pass.
    psi1_f : list of dict
        The first-order wavelets, highest frequency first.
    psi2_f : list of dict
        The second-order wavelets, highest frequency first.

    Examples
    --------
    >>> from scatnet.kymatio import scattering_filter_factory
    >>> phi_f, psi1_f, psi2_f = scattering_filter_factory(1024, 6, (8, 1), 64)
    >>> len(psi1_f), len(psi2_f), phi_f['levels'][0].shape, psi1_f[0]['j']
    (38, 7, (1024,), 0)
    """
    sigma_min = sigma0 / math.pow(2, J)
    xi1s, sigma1s, j1s = compute_params_filterbank(sigma_min, Q[0], alpha, r_psi)
    xi2s, sigma2s, j2s = compute_params_filterbank(sigma_min, Q[1], alpha, r_psi)
    psi2_f = []
    for xi2, sigma2, j2 in zip(xi2s, sigma2s, j2s):
        n_levels = 1 + max([j1 for j1 in j1s if j2 > j1], default=0)
        level0 = morlet_1d(N, xi2, sigma2)
        psi2_f.append({"levels": [periodize_filter_fourier(level0, 2 ** k) for k in range(n_levels)],
                       "xi": xi2, "sigma": sigma2, "j": j2})
    psi1_f = [{"levels": [morlet_1d(N, xi1, sigma1)], "xi": xi1, "sigma": sigma1, "j": j1}
              for xi1, sigma1, j1 in zip(xi1s, sigma1s, j1s)]
    log2_T = math.floor(math.log2(T))
    n_levels = 1 + min(max(j1s + j2s), log2_T)
    level0 = gauss_1d(N, sigma0 / T)
    phi_f = {"levels": [periodize_filter_fourier(level0, 2 ** k) for k in range(n_levels)],
             "xi": 0, "sigma": sigma0 / T, "j": log2_T}
    return phi_f, psi1_f, psi2_f
