"""``spec_freq_average``: ScatNet's frequency-averaged spectrogram (an MFCC-like baseline).

MATLAB: ``core/spec_freq_average.m``. A windowed spectrogram whose frequency axis is averaged
with the moduli of the first bank's wavelets, laid out as a first-order scattering.
"""
import math

import numpy as np
import scipy.fft

from .._core.validation import check_signal
from .._errors import InputError, InputTypeError, OptionError
from .._matlab import matlab_round
from ._optcheck import check_keys
from ._post_common import check_int
from .filters import FilterBank1D
from .layers import ScatLayer, ScatResult

__all__ = ["spec_freq_average"]

#: ``supp_mult``: the window spans ``SUPPORT_MULTIPLE·N1`` samples.
SUPPORT_MULTIPLE = 4


def _check_banks(filters, func):
    if isinstance(filters, FilterBank1D) or not isinstance(filters, (list, tuple)) or \
            not filters or not all(isinstance(b, FilterBank1D) for b in filters):
        raise InputTypeError(f"{func}: filters must be the filter banks of wavelet_factory_1d "
                             f"(Wop, filters = wavelet_factory_1d(N, filt_opt)), a tuple of "
                             f"FilterBank1D; got {type(filters).__name__}")
    bank1, bank2 = filters[0], filters[min(1, len(filters) - 1)]
    if bank1.size_filter != bank2.size_filter:
        raise OptionError(f"{func}: the banks have different lengths (size_filter="
                          f"{bank1.size_filter} and {bank2.size_filter}); build both for one N")
    return bank1, bank2


def _frame_indices(n, n_frames, N1, oversampling, width, func):
    """0-based sample indices ``(n_frames, width)`` of the frames, half-sample symmetric at
    both ends (reflected once, as the original)."""
    t = np.arange(n_frames)[:, None]
    ind = matlab_round(t * N1 / 2 ** oversampling + np.arange(-width // 2, width // 2) + 1)
    ind = np.where(ind < 1, 1 - ind, ind)
    ind = np.where(ind > n, 2 * n + 1 - ind, ind)
    if ind.size and (ind.min() < 1 or ind.max() > n):
        raise InputError(
            f"{func}: the signal has n={n} samples but the frames span {width} = 4·N1 samples "
            f"(N1 = {N1}, from the low-pass bandwidth of filters[1]), which reach beyond one "
            f"symmetric reflection at the ends; pass at least n >= {2 * N1} samples or build the "
            f"filters with a smaller T")
    return ind.astype(np.intp) - 1


def spec_freq_average(x, filters, options=None):
    """Frequency-averaged spectrogram, arranged as a first-order scattering.

    MATLAB: ``[out, meta] = spec_freq_average(in, filters, options)``
    (``core/spec_freq_average.m``).

    With ``φ2`` the low-pass of ``filters[1]`` (``filters[0]`` if there is one bank), of
    bandwidth ``bw``: ``N1 = 2**round(log2(2π/bw))``, ``L = 4·N1``, the window
    ``w = ifft(φ̂2)`` cut to its ``L`` central samples (``w[−L/2 … L/2−1]``, circularly) and,
    for ``t = 0 … round(n/N1·2**os) − 1``, the frame
    ``f_t[i] = x[round(t·N1/2**os + i + 1) − 1]``, ``i = −L/2 … L/2−1``, read in the
    half-sample symmetric extension of ``x``. Then, for each wavelet ``ψ_k`` of ``filters[0]``,
    ``out[k, t] = Σ_ω |ψ̂_k[ω·N_f/L]| · |FFT_L(w·f_t)[ω]|``, at resolution ``log2(N1) − os``.

    Parameters
    ----------
    x : array_like, shape (n,) or (K, n)
        Real signal(s), time last (MATLAB ``n × 1 × K``), at least ``2·N1`` samples.
    filters : tuple of FilterBank1D
        The ``filters`` of :func:`scatnet.wavelet_factory_1d`; ``4·N1`` must divide
        ``size_filter``.
    options : dict, optional
        ``oversampling`` (int ≥ 0, default 1): frames every ``N1/2**oversampling`` samples.

    Returns
    -------
    ScatResult
        Two layers as a first-order scattering: ``[0]`` empty (``meta``: ``j`` ``(0, 0)``,
        ``bandwidth``, ``scale``, ``resolution`` with no column); ``[1]`` one path per wavelet
        ``k`` (highest frequency first), ``(frames,)`` or ``(K, frames)``, with ``meta``
        ``order`` (1), ``scale`` (k), ``j`` (``(1, P)``, k), ``bandwidth`` (``bw``) and
        ``resolution``. MATLAB's second output ``meta`` is ``spec[1].meta`` (without ``j``).

    Raises
    ------
    InputTypeError, InputError
        Wrong signal type, rank or values (see :func:`scatnet.scat`), or a signal shorter than
        the frames' single reflection allows.
    OptionTypeError, OptionError
        Unknown option, ``oversampling`` not an integer ≥ 0, filters not from
        wavelet_factory_1d, banks of different lengths, or ``4·N1`` not dividing
        ``size_filter``.

    Notes
    -----
    Differences from the original: with a single bank, ``filters[0]`` gives the window's
    bandwidth too (MATLAB's code reads ``filters{2}.meta`` and fails; its doc promises this
    fallback); ``meta['j']`` is added (equal to ``scale``; the MATLAB doc mentions ``j`` but the
    code stores only ``scale``) so that the result can go to :func:`scat_freq` and
    :func:`format_scat`; ``oversampling`` must be an integer ≥ 0. Memory: the frames,
    ``K·frames·4·N1`` complex numbers.

    Examples
    --------
    >>> import numpy as np
    >>> from scatnet import default_filter_options, wavelet_factory_1d
    >>> _, filters = wavelet_factory_1d(4096, default_filter_options('audio', 512))
    >>> spec = spec_freq_average(np.random.default_rng(0).standard_normal(4096), filters)
    >>> len(spec[1].signal), spec[1].signal[0].shape, int(spec[1].meta["resolution"][0])
    (44, (16,), 8)
    """
    func = "spec_freq_average"
    options = {} if options is None else options
    check_keys(options, ("oversampling",), "options")
    oversampling = check_int(options.get("oversampling", 1), "options['oversampling']", func, 0)
    bank1, bank2 = _check_banks(filters, func)
    xb, batch_shape = check_signal(x)
    n = xb.shape[1]
    size = bank1.size_filter
    N1 = 2 ** int(matlab_round(math.log2(2 * math.pi / bank2.phi_bw)))
    width = SUPPORT_MULTIPLE * N1
    if width > size or size % width:
        raise OptionError(
            f"{func}: the frames have 4·N1 = {width} samples (N1 = {N1}, from the low-pass "
            f"bandwidth {bank2.phi_bw:.4g} of filters[1]) but the filters' length "
            f"size_filter={size} is not a multiple of it; build the filters for a larger "
            f"power-of-two N (size_filter >= {width}) or with a smaller T")
    fs = np.abs(np.stack([psi.full()[::size // width] for psi in bank1.psi], axis=1))
    phi_t = scipy.fft.ifft(bank2.phi.full())
    window = np.concatenate([phi_t[size - width // 2:], phi_t[:width // 2]])
    n_frames = int(matlab_round(n / N1 * 2 ** oversampling))
    ind = _frame_indices(n, n_frames, N1, oversampling, width, func)
    frames = xb[:, ind] * window                                  # (K, frames, L)
    spectra = np.abs(scipy.fft.fft(frames, axis=-1))
    out = spectra @ fs.astype(spectra.dtype, copy=False)          # (K, frames, P)
    n_paths = fs.shape[1]
    paths = np.ascontiguousarray(np.moveaxis(out, -1, 0))       # (P, K, frames)
    signals = [p[0] if not batch_shape else p for p in paths]
    resolution = int(matlab_round(math.log2(N1))) - oversampling
    empty_int = np.zeros(0, dtype=np.int64)
    layer0 = ScatLayer([], {"j": np.zeros((0, 0), dtype=np.int64), "bandwidth": np.zeros(0),
                            "scale": empty_int, "resolution": empty_int.copy()}, batch_shape)
    scale = np.arange(n_paths, dtype=np.int64)
    layer1 = ScatLayer(signals, {"order": np.ones(n_paths, dtype=np.int64), "scale": scale,
                                 "bandwidth": np.full(n_paths, bank2.phi_bw),
                                 "resolution": np.full(n_paths, resolution, dtype=np.int64),
                                 "j": scale[None, :].copy()}, batch_shape)
    return ScatResult([layer0, layer1], "S")
