"""Pictures of ScatNet's 1-D toolbox: Littlewood–Paley sums and scattergrams (matplotlib, lazily).

MATLAB: ScatNet ``display/plot_littlewood_paley_1d.m`` (with ``filters/littlewood_paley.m``),
``display/scattergram.m`` and ``display/scattergram_layer.m``; the pictures of
``demo/audio_demo1.m``.

The look, the input checks and the drawing helpers are those of :mod:`scatnet.display`
(scattering.m's pictures): every function works with a non-interactive backend
(``matplotlib.use('Agg')``) and returns the arrays it draws together with the figure; the
returned objects have ``savefig``.
"""
import math
from dataclasses import dataclass

import numpy as np

from .._errors import InputError, InputTypeError
from ..display import _axes, _check_fs, _check_scale, _draw, _Picture, _pyplot, _select_channel
from ._post_common import check_layer, interpft, resolutions
from .filters import FilterBank1D
from .layers import ScatLayer, ScatResult

__all__ = [
    "LittlewoodPaleyPicture",
    "ScattergramPicture",
    "display_scatnet_scattergram",
    "littlewood_paley",
    "plot_littlewood_paley_1d",
    "scattergram_layer",
]

_ORDINALS = {1: "first", 2: "second", 3: "third"}


@dataclass(eq=False)
class LittlewoodPaleyPicture(_Picture):
    """Result of :func:`plot_littlewood_paley_1d`: the curves drawn, one entry per bank (panel).

    Attributes
    ----------
    lp : tuple of ndarray, shape (N_f,)
        Littlewood–Paley sums (MATLAB's ``littlewood``, :func:`littlewood_paley`).
    psi_squared : tuple of ndarray, shape (n_ψ, N_f)
        ½|ψ̂|² of every wavelet, as drawn.
    phi_squared : tuple of ndarray, shape (N_f,)
        |φ̂|² of the low-pass.
    frequencies : tuple of ndarray, shape (N_f,)
        Frequency of each FFT bin (cycles/sample, or Hz with ``fs``).
    fig : matplotlib Figure
        The figure.
    """

    lp: tuple
    psi_squared: tuple
    phi_squared: tuple
    frequencies: tuple
    fig: object


@dataclass(eq=False)
class ScattergramPicture(_Picture):
    """Result of :func:`display_scatnet_scattergram`: the image drawn and its axes.

    Attributes
    ----------
    image : ndarray, shape (n_j, n)
        MATLAB's ``img``: row ``j`` = last wavelet index j_m, −inf where no path has it; before
        the ``log`` display compression.
    times : ndarray, shape (n,)
        Start of each column (s with ``fs``, else samples).
    frequencies : ndarray, shape (n_j,), or None
        Centre frequency of each row (Hz with ``fs``, else cycles/sample); None without
        ``filters``.
    j : ndarray of int, shape (n_j,)
        The j_m of each row (0, 1, …).
    prefix_j : tuple of int
        The (j_1 … j_{m−1}) shown; ``()`` at order 1.
    fig : matplotlib Figure
        The figure.
    """

    image: np.ndarray
    times: np.ndarray
    frequencies: object
    j: np.ndarray
    prefix_j: tuple
    fig: object


def _check_bank(bank, name):
    if not isinstance(bank, FilterBank1D):
        raise InputTypeError(f"{name} must be a FilterBank1D (one element of the filters returned "
                             f"by wavelet_factory_1d or filter_bank); got {type(bank).__name__}")
    return bank


def littlewood_paley(filters):
    """Littlewood–Paley sum of one filter bank at its full size.

    MATLAB: ``A = littlewood_paley(filters{m})`` (ScatNet ``filters/littlewood_paley.m``).

    With ``E(ω) = Σ_k |ψ̂_k(ω)|²`` over the bank's wavelets (``realize_filter`` at
    ``N_f = meta['size_filter']``), ``A(ω) = ½·(E(ω) + E(−ω)) + |φ̂(ω)|²`` on the ``N_f`` bins
    (``−ω`` is bin ``(N_f − k) mod N_f``): the energy a real signal keeps at ω. Near 1 on
    ``[0, π]`` (between 1 − ε and 1) the wavelet transform is almost unitary.

    Parameters
    ----------
    filters : FilterBank1D
        One bank, MATLAB ``filters{m}`` (e.g. ``wavelet_factory_1d(N, filt_opt)[1][0]``).

    Returns
    -------
    ndarray, shape (N_f,)
        The sum on the FFT bins 0 … N_f − 1 (frequency ``k/N_f`` cycles/sample); the real dtype of
        the filters (float32 for ``precision='single'``).

    Raises
    ------
    InputTypeError
        ``filters`` is not a FilterBank1D (pass one element of the tuple).

    Notes
    -----
    The original's optional second argument ``N`` always ends in its ``error('Unable to find
    max filter size!')`` (its test is ``isempty(N) && …``), so only the default size is offered.
    The sum is accumulated in the original's order, ψ₁ first, which gives its numbers exactly.

    Examples
    --------
    >>> from scatnet.scatnet_1d import default_filter_options, filter_bank
    >>> banks = filter_bank(1024, default_filter_options('audio', 256))
    >>> lp = littlewood_paley(banks[0])
    >>> lp.shape, float(lp[0])
    ((2048,), 1.0)
    """
    bank = _check_bank(filters, "filters")
    N = bank.size_filter
    dtype = np.abs(np.zeros(1, bank.phi.dtype)).dtype
    energy = np.zeros(N, dtype)
    for psi in bank.psi:
        if psi.format == "fourier_truncated":  # adds the window only: x + 0 = x, same numbers
            idx = (psi.start - 1 + np.arange(len(psi.coefft))) % N
            energy[idx] += np.abs(psi.coefft ** 2)
        else:
            energy += np.abs(psi.full() ** 2)
    energy = 0.5 * (energy + np.roll(energy[::-1], 1))  # circshift(rot90(E, 2), [1, 1])
    return energy + np.abs(bank.phi.full() ** 2)


def _as_banks(filters):
    if isinstance(filters, FilterBank1D):
        return (filters,), False
    if not isinstance(filters, (list, tuple)) or not filters:
        raise InputTypeError("filters must be a FilterBank1D or the non-empty tuple of banks "
                             f"returned by wavelet_factory_1d / filter_bank; got {filters!r:.80}")
    return tuple(_check_bank(b, f"filters[{k}]") for k, b in enumerate(filters)), True


def _panels(ax, n):
    if ax is None:
        fig, axes = _pyplot().subplots(n, 1, figsize=(9, 3.6 * n), squeeze=False)
        return fig, list(axes[:, 0])
    axes = [ax] if n == 1 and hasattr(ax, "plot") else list(np.ravel(np.asarray(ax, object)))
    if len(axes) != n or not all(hasattr(a, "plot") for a in axes):
        raise InputError(f"ax must be one matplotlib Axes per bank ({n}); got {ax!r:.80}")
    return axes[0].figure, axes


def _support(values):
    """Slice of the sorted bins where ``values`` is non-zero, with one zero bin on each side."""
    nz = np.flatnonzero(values)
    if nz.size == 0:
        return slice(0, 0)
    return slice(max(int(nz[0]) - 1, 0), int(nz[-1]) + 2)


def plot_littlewood_paley_1d(filters, *, fs=None, ax=None, log_frequency=False):
    """Plot ``½|ψ̂|²`` of every wavelet, ``|φ̂|²`` and the Littlewood–Paley sum of ScatNet banks.

    MATLAB: ``littlewood = plot_littlewood_paley_1d(filters{m})`` (ScatNet
    ``display/plot_littlewood_paley_1d.m``); one panel per bank as ``demo/audio_demo1.m`` loops
    over ``filters{m}``.

    The wavelets are drawn halved, ½|ψ̂_k|², as in the original: the sum of a real signal's
    energy at ±ω, ``A(ω) = ½Σ|ψ̂_k(ω)|² + ½Σ|ψ̂_k(−ω)|² + |φ̂(ω)|²`` (:func:`littlewood_paley`),
    then is the sum of the drawn curves at ω and −ω.

    Parameters
    ----------
    filters : FilterBank1D or sequence of FilterBank1D
        One bank (MATLAB ``filters{m}``) or all of them (the ``filters`` returned by
        :func:`~scatnet.scatnet_1d.wavelet_factory_1d` or ``filter_bank``): one panel each.
    fs : float > 0, optional
        Sample rate; frequencies in Hz instead of cycles/sample.
    ax : matplotlib Axes or sequence of Axes, optional
        Where to draw, one Axes per bank; a new figure with one row per bank by default.
    log_frequency : bool, default False
        Positive frequencies only, on a logarithmic axis (the bins 1 … N_f/2 − 1).

    Returns
    -------
    LittlewoodPaleyPicture
        Per bank: ``lp (N_f,)`` (= :func:`littlewood_paley`, MATLAB's ``littlewood``),
        ``psi_squared (n_ψ, N_f)``, ``phi_squared (N_f,)``, ``frequencies (N_f,)``; and ``fig``.
        Tuples of one element when one bank is given.

    Raises
    ------
    InputError
        ``fs`` is not a positive number, or ``ax`` does not hold one Axes per bank.
    InputTypeError
        ``filters`` is not a bank or a sequence of banks.

    Notes
    -----
    The original plots against the bin index 1 … N_f ("Samples"), negative frequencies on the
    right; here the bins are ordered by frequency (cycles/sample or Hz) as in
    :func:`scatnet.display.display_bank`. Only its non-zero bins are drawn for each wavelet (the
    returned arrays are complete). ``N_f`` is the filters' size, twice the signal length with
    ScatNet's default ``boundary='symm'``.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from scatnet.scatnet_1d import default_filter_options, filter_bank
    >>> banks = filter_bank(1024, default_filter_options('audio', 256))
    >>> picture = plot_littlewood_paley_1d(banks, fs=8000, log_frequency=True)
    >>> [lp.shape for lp in picture.lp], len(picture.fig.axes)
    ([(2048,), (2048,)], 2)
    >>> round(float(picture.lp[0].max()), 4)  # MATLAB: max(littlewood_paley(filters{1}))
    1.0187
    """
    fs = _check_fs(fs)
    banks, several = _as_banks(filters)
    fig, axes = _panels(ax, len(banks))
    lps, psis, phis, all_freqs = [], [], [], []
    for k, (bank, a) in enumerate(zip(banks, axes)):
        lp = littlewood_paley(bank)
        psi_sq = np.array([np.abs(f.full()) ** 2 / 2 for f in bank.psi]).reshape(len(bank.psi), -1)
        phi_sq = np.abs(bank.phi.full()) ** 2
        freqs = np.fft.fftfreq(bank.size_filter) * (fs or 1.0)
        order = np.argsort(freqs, kind="stable")
        if log_frequency:
            order = order[freqs[order] > 0]
        f = freqs[order]
        a.plot(f, lp[order], "r", lw=1.0, label=f"Littlewood–Paley sum (max {lp.max():.4f})")
        a.plot(f, phi_sq[order], color=(0.1, 0.6, 0.1), lw=1.2, label="low-pass |φ̂|²")
        for i, row in enumerate(psi_sq):
            window = _support(row[order])
            a.plot(f[window], row[order][window], color=(0.0, 0.0, 0.8), lw=0.6,
                   label="band-pass ½|ψ̂|²" if i == 0 else None)
        a.axhline(1.0, color="0.6", lw=0.6, ls=":")
        if log_frequency:
            a.set_xscale("log")
        a.set_xlim(f[0], f[-1])
        a.set_ylim(bottom=0)
        a.set_xlabel("frequency (Hz)" if fs else "frequency (cycles/sample)")
        a.set_ylabel("squared modulus")
        meta = bank.meta
        params = ", ".join(f"{p} = {meta[p]:g}" for p in ("Q", "J") if p in meta)
        a.set_title((f"filters[{k}]: " if several else "")
                    + f"{meta.get('filter_type', '?')} ({params}), {len(bank.psi)} wavelets, "
                      f"N_f = {bank.size_filter}")
        a.legend(loc="lower left", fontsize=8)
        lps.append(lp)
        psis.append(psi_sq)
        phis.append(phi_sq)
        all_freqs.append(freqs)
    if ax is None:
        fig.tight_layout()
    return LittlewoodPaleyPicture(tuple(lps), tuple(psis), tuple(phis), tuple(all_freqs), fig)


def _layer_j(layer, name):
    j = np.asarray(layer.meta.get("j", np.zeros((0, len(layer.signal)))))
    if j.ndim == 1:
        j = j.reshape(1, -1)
    if j.shape[0] == 0 or len(layer.signal) == 0:
        raise InputError(f"{name} has no wavelet index (meta['j'] has {j.shape[0]} rows, "
                         f"{len(layer.signal)} paths): a scattergram needs order ≥ 1 (S[1], S[2], …)")
    return j.astype(np.int64)


def _prefix(j, prefix_j, name):
    """The prefix (j_1 … j_{m−1}) as a tuple; default: the one with the most paths."""
    m = j.shape[0]
    if m == 1 and prefix_j is None:
        return ()
    prefixes, counts = np.unique(j[:-1].T, axis=0, return_counts=True)
    if prefix_j is None:
        return tuple(int(v) for v in prefixes[np.argmax(counts)])
    values = (prefix_j,) if isinstance(prefix_j, (int, np.integer)) else prefix_j
    try:
        values = tuple(values)
    except TypeError:
        values = None
    if values is None or not all(isinstance(v, (int, np.integer)) and not isinstance(v, bool)
                                 for v in values):
        raise InputTypeError(f"prefix_j={prefix_j!r} must be an int or a sequence of ints "
                             f"(j_1 … j_{m - 1}, 0-based as in meta['j'])")
    if len(values) != m - 1:
        raise InputError(f"prefix_j={prefix_j!r} has {len(values)} indices; {name} is of order {m}, "
                         f"so give {m - 1} (j_1 … j_{m - 1})" if m > 1 else
                         f"prefix_j={prefix_j!r}: {name} is of order 1; use prefix_j=None or ()")
    if m > 1 and not np.any(np.all(j[:-1] == np.array(values)[:, None], axis=0)):
        shown = [tuple(int(v) for v in p) for p in prefixes]
        listed = (f"j1 = {shown[0][0]} … {shown[-1][0]}" if m == 2 else
                  f"{shown[:6]}{' …' if len(shown) > 6 else ''}")
        raise InputError(f"prefix_j={prefix_j!r}: no path of {name} starts with it; available: "
                         f"{listed}")
    return tuple(int(v) for v in values)


def scattergram_layer(X, prefix_j=None, *, channel=None):
    """One scattering layer as an image indexed by the last scale j_m and time.

    MATLAB: ``img = scattergram_layer(X{m+1}, [j_1 … j_(m−1)])`` (ScatNet
    ``display/scattergram_layer.m``).

    Row ``j_m`` holds the path ``(prefix_j, j_m)``, Fourier-interpolated to the layer's longest
    path (``n`` samples) and scaled to keep its energy per sample:
    ``interpft(x, n)·sqrt(n_p/n)``; rows no path fills are −inf. The image has
    ``max(j_m) + 1`` rows over the whole layer.

    Parameters
    ----------
    X : ScatLayer
        A layer of order m ≥ 1: ``S[m]`` or ``U[m]`` of :func:`~scatnet.scatnet_1d.scat`, or of
        post-processed results such as ``log_scat(renorm_scat(S))``.
    prefix_j : int or sequence of int, optional
        ``(j_1, …, j_{m−1})``, the original's ``j``, 0-based as in ``meta['j']`` (MATLAB's
        ``meta.j`` is 0-based as well: the demo's ``j1 = 23`` is ``prefix_j=23``). Ignored
        (``()``) at order 1; at order ≥ 2 default the prefix with the most paths.
    channel : int, optional
        Which signal when the layer holds K (required then).

    Returns
    -------
    ndarray, shape (max(j_m) + 1, n)
        Float (float32 for float32 paths).

    Raises
    ------
    InputTypeError
        ``X`` is not a ScatLayer, or ``prefix_j`` not ints.
    InputError
        Order 0, a ``prefix_j`` of the wrong length or that no path has, a missing or out of
        range ``channel``.

    Examples
    --------
    >>> import numpy as np
    >>> from scatnet.scatnet_1d.layers import ScatLayer
    >>> X = ScatLayer([np.ones(4), np.array([4.0]), np.ones(4)],
    ...               {"j": np.array([[0, 0, 1], [1, 3, 2]])})
    >>> scattergram_layer(X, prefix_j=0)  # (0, 3) has 1 sample: interpft → 4, × sqrt(1/4)
    array([[-inf, -inf, -inf, -inf],
           [  1.,   1.,   1.,   1.],
           [-inf, -inf, -inf, -inf],
           [  2.,   2.,   2.,   2.]])
    """
    name = "X"
    if not isinstance(X, ScatLayer):
        raise InputTypeError(f"X must be one ScatLayer (S[m] of scat); got {type(X).__name__}")
    check_layer(X, "scattergram_layer")
    j = _layer_j(X, name)
    prefix = _prefix(j, prefix_j, name)
    batched = len(X.batch_shape) > 0
    n = max(np.shape(s)[-1] for s in X.signal)
    selected = np.flatnonzero(np.all(j[:-1] == np.array(prefix, dtype=np.int64)[:, None], axis=0))
    rows = []
    for p in selected:
        x = _select_channel(np.asarray(X.signal[p]), batched, channel)
        rows.append(interpft(x, n) * math.sqrt(x.shape[-1] / n))  # a Python float: keeps float32
    dtype = np.result_type(*rows, np.float32)
    img = np.full((int(j[-1].max()) + 1, n), -np.inf, dtype=dtype)
    img[j[-1, selected]] = np.array(rows, dtype=dtype)
    return img


def _pick_layer(S, order):
    if isinstance(S, ScatLayer):
        m = _layer_j(S, "S").shape[0]
        if order not in (None, m):
            raise InputError(f"order={order!r}: S is one layer, of order {m}")
        return S, m, "S"
    if not isinstance(S, (ScatResult, list, tuple)):
        raise InputTypeError("S must be the ScatResult of scat (or a list of ScatLayer, or one "
                             f"ScatLayer); got {type(S).__name__}")
    order = 1 if order is None else order
    if isinstance(order, bool) or not isinstance(order, (int, np.integer)) \
            or not 1 <= order < len(S):
        raise InputError(f"order={order!r} must be an order of S: 1 … {len(S) - 1}")
    return S[order], int(order), getattr(S, "kind", "S")


def _row_frequencies(filters, order, n_rows):
    if filters is None:
        return None
    bank = filters if isinstance(filters, FilterBank1D) else None
    if bank is None:
        if not isinstance(filters, (list, tuple)) or len(filters) < order:
            raise InputError(f"filters must be the tuple of banks of wavelet_factory_1d (at least "
                             f"{order}) or the bank of order {order}; got {filters!r:.80}")
        bank = _check_bank(filters[order - 1], f"filters[{order - 1}]")
    if len(bank.psi_xi) < n_rows:
        raise InputError(f"the bank has {len(bank.psi_xi)} wavelets but the layer uses j up to "
                         f"{n_rows - 1}: pass the filters S was computed with")
    return np.asarray(bank.psi_xi[:n_rows], dtype=float) / (2 * np.pi)


def display_scatnet_scattergram(S, *, order=None, prefix_j=None, filters=None, fs=None,
                                channel=None, ax=None, log=False, frequency_scale=None):
    """Show one order of a ScatNet scattering as a time–scale image.

    MATLAB: ``scattergram(S{m+1}, [j_1 … j_(m−1)])`` (ScatNet ``display/scattergram.m``,
    ``imagesc`` of :func:`scattergram_layer`); ``demo/audio_demo1.m`` shows
    ``scattergram_layer(S{2}, [])`` and ``scattergram_layer(S{3}, 23)``.

    Parameters
    ----------
    S : ScatResult, list of ScatLayer or ScatLayer
        From :func:`~scatnet.scatnet_1d.scat`, post-processed or not (``log_scat(renorm_scat(S))``);
        or one layer.
    order : int ≥ 1, optional
        ``S[order]`` (MATLAB ``S{order+1}``); default 1, or the order of a layer given as ``S``.
    prefix_j : int or sequence of int, optional
        ``(j_1 … j_{order−1})`` as for :func:`scattergram_layer`, e.g. ``prefix_j=23`` for the
        demo's second-order picture at j1 = 23.
    filters : sequence of FilterBank1D or FilterBank1D, optional
        The filters of :func:`~scatnet.scatnet_1d.wavelet_factory_1d` (or the bank of this order):
        rows placed at the wavelets' centre frequencies ``psi_xi/2π`` instead of by index.
    fs : float > 0, optional
        Sample rate: time in seconds and frequencies in Hz.
    channel : int, optional
        Which signal when several were scattered.
    ax : matplotlib Axes, optional
        Where to draw; a new figure by default.
    log : bool, default False
        Display ``log1p(value / median)`` (the returned ``image`` stays linear); leave False for
        ``log_scat`` outputs, which are logarithms already.
    frequency_scale : {'log', 'linear', 'index'}, optional
        Vertical axis; default ``'log'`` with ``filters``, else ``'index'`` (j_m, 0 = highest
        frequency, at the top as in ``imagesc``). ``'log'``/``'linear'`` need ``filters``.

    Returns
    -------
    ScattergramPicture
        ``image (max(j_m) + 1, n)`` (= :func:`scattergram_layer`, −inf rows not drawn),
        ``times (n,)``, ``frequencies``, ``j``, ``prefix_j``, ``fig``.

    Raises
    ------
    InputError, InputTypeError
        See :func:`scattergram_layer`; also a wrong ``order``, ``fs``, ``frequency_scale``,
        ``filters`` that do not fit, or complex coefficients.

    Notes
    -----
    A column is ``2^resolution`` input samples of the layer's longest path (the original's demo
    uses ``(1:n)/n·N/Fs``, the end of each frame; here the start). The original's gray colour
    map is replaced by the one of :mod:`scatnet.display`.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import numpy as np
    >>> from scatnet.scatnet_1d import default_filter_options, scat, wavelet_factory_1d
    >>> Wop, filters = wavelet_factory_1d(4096, default_filter_options('audio', 256))
    >>> S = scat(np.random.default_rng(0).standard_normal(4096), Wop)
    >>> picture = display_scatnet_scattergram(S, filters=filters, fs=8000)
    >>> picture.image.shape, picture.fig.axes[0].get_ylabel()
    ((36, 32), 'frequency (Hz)')
    >>> display_scatnet_scattergram(S, order=2, prefix_j=5).image.shape
    (8, 32)
    """
    fs = _check_fs(fs)
    layer, order, kind = _pick_layer(S, order)
    check_layer(layer, "display_scatnet_scattergram", order)
    j_all = _layer_j(layer, f"{kind}[{order}]")
    prefix = _prefix(j_all, prefix_j, f"{kind}[{order}]")
    image = scattergram_layer(layer, prefix, channel=channel)
    if np.iscomplexobj(image):
        raise InputError(f"{kind}[{order}] holds complex coefficients; show their modulus")
    freqs = _row_frequencies(filters, order, image.shape[0])
    if frequency_scale in ("log", "linear") and freqs is None:
        raise InputError(f"frequency_scale={frequency_scale!r} needs the filters (filters=...); "
                         "without them use 'index'")
    scale = _check_scale(frequency_scale or ("index" if freqs is None else "log"), fs)
    longest = int(np.argmax([np.shape(s)[-1] for s in layer.signal]))
    hop = 2.0 ** resolutions(layer)[longest]
    rows = np.arange(image.shape[0])
    hz = None if freqs is None else freqs * (fs or 1.0)
    shown = np.where(np.isneginf(image), np.nan, image)  # absent rows: not drawn
    fig, ax = _axes(ax)
    title = (f"{_ORDINALS.get(order, f'order-{order}')}-order scattergram {kind}[{order}]"
             + "".join(f", j{i + 1} = {v}" for i, v in enumerate(prefix)))
    times = _draw(ax, fig, shown, rows, hz, hop, fs, log, scale, title)
    if scale == "index":
        ax.set_ylabel(f"scale index j{order} (0 = highest frequency)")
    return ScattergramPicture(image, times, hz, rows, prefix, fig)
