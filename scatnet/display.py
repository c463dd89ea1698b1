"""Pictures of filter banks, scalograms and scattergrams (matplotlib, imported lazily).

MATLAB: scattering.m ``lib/display/display_bank.m``, ``display_scalogram.m``; MATLAB's
``waveletScattering`` ``filterbank``, ``littlewoodPaleySum``, ``scattergram``.

Every function works with a non-interactive backend (``matplotlib.use('Agg')``) and returns the
arrays it draws together with the figure; the returned objects have ``savefig``.
"""
from dataclasses import dataclass

import numpy as np

from ._core.validation import check_fs
from ._errors import InputError, InputTypeError
from .scattering_m.result import Scattering, ScatteringLayer

FREQUENCY_SCALES = ("log", "linear", "index")


def _pyplot():
    try:
        import matplotlib.pyplot as plt
    except ImportError as e:  # pragma: no cover - depends on the environment
        raise ImportError("plotting needs matplotlib: pip install 'scatnet[plot]'") from e
    return plt


class _Picture:
    def savefig(self, *args, **kwargs):
        """``fig.savefig``."""
        return self.fig.savefig(*args, **kwargs)


@dataclass(eq=False)
class BankPicture(_Picture):
    """Result of :func:`display_bank`: MATLAB's ``[psis, phi, lp]``, frequencies and figure.

    ``frequencies`` holds the frequency of every bin (cycles/sample, or Hz with ``fs``).
    """

    psis: np.ndarray
    phi: np.ndarray
    lp: np.ndarray
    frequencies: np.ndarray
    fig: object


@dataclass(eq=False)
class ImagePicture(_Picture):
    """Result of :func:`display_scalogram` / :func:`display_scattergram`: the image and its axes.

    ``image`` (rows = γ1, before the ``log`` display compression), ``times`` of the columns
    (s with ``fs``, else samples), ``frequencies`` (Hz with ``fs``, else cycles/sample) and
    ``gammas`` of the rows.
    """

    image: np.ndarray
    times: np.ndarray
    frequencies: np.ndarray
    gammas: np.ndarray
    fig: object


def littlewood_paley(bank):
    """Untrimmed responses of a bank and its Littlewood–Paley sum.

    MATLAB: ``[psis, phi, lp] = display_bank(bank)``.

    ``lp = Σ|ψ̂|² + |φ̂|²``, symmetrised ``lp[1:] = ½(lp[1:] + lp[:0:-1])`` when the bank is not
    spinned.

    Parameters
    ----------
    bank : scatnet.scattering_m.filterbank.FilterBank
        E.g. ``archs[0].bank()``.

    Returns
    -------
    psis : ndarray, shape (size, nGammas·nThetas)
        Fourier responses of support 1.
    phi : ndarray, shape (size,)
        The bank's own low-pass.
    lp : ndarray, shape (size,)
        The Littlewood–Paley sum.
    """
    psis = bank.psi_ft().reshape(bank.spec.size, -1)
    phi = bank.phi_ft()
    lp = np.sum(np.abs(psis) ** 2, axis=1) + np.abs(phi) ** 2
    if not bank.spec.is_spinned:
        lp[1:] = 0.5 * (lp[1:] + lp[:0:-1])
    return psis, phi, lp


def _axes(ax, figsize=(9, 4)):
    if ax is not None:
        return ax.figure, ax
    return _pyplot().subplots(figsize=figsize)


def display_bank(bank, *, fs=None, ax=None, log_frequency=False):
    """Plot |ψ̂| of every filter, |φ̂| and the Littlewood–Paley sum of a bank.

    MATLAB: ``[psis, phi, lp] = display_bank(bank)`` (scattering.m); ``filterbank`` and
    ``littlewoodPaleySum`` of MATLAB's ``waveletScattering``.

    Parameters
    ----------
    bank : scatnet.scattering_m.filterbank.FilterBank
        E.g. ``archs[0].bank()`` (first order) or ``archs[1].bank('gamma')``.
    fs : float > 0, optional
        Sample rate; frequencies in Hz instead of cycles/sample.
    ax : matplotlib Axes, optional
        Where to draw; a new figure by default.
    log_frequency : bool
        Positive frequencies only, on a logarithmic axis.

    Returns
    -------
    BankPicture
        ``psis (size, nGammas·nThetas)``, ``phi (size,)``, ``lp (size,)`` as the original
        returns them (see :func:`littlewood_paley`), ``frequencies (size,)`` of the FFT bins,
        and ``fig``.

    Raises
    ------
    InputError
        ``fs`` is not a positive number.
    """
    fs = _check_fs(fs)
    psis, phi, lp = littlewood_paley(bank)
    N = bank.spec.size
    freqs = np.fft.fftfreq(N) * (fs or 1.0)
    order = np.argsort(freqs)
    if log_frequency:
        order = order[freqs[order] > 0]
    fig, ax = _axes(ax)
    f = freqs[order]
    ax.plot(f, np.abs(psis[order]), lw=0.8)
    ax.plot(f, np.abs(phi[order]), "k", lw=1.2, label="|φ̂| (bank low-pass)")
    ax.plot(f, lp[order], "r--", lw=1.0, label=f"Littlewood–Paley sum (max {lp.max():.4f})")
    ax.axhline(1.0, color="0.6", lw=0.6, ls=":")
    if log_frequency:
        ax.set_xscale("log")
    ax.set_xlabel("frequency (Hz)" if fs else "frequency (cycles/sample)")
    ax.set_ylabel("magnitude")
    ax.set_title(f"{bank.spec.wavelet_name}: {bank.n_gammas} filters × {bank.n_thetas} spin(s), "
                 f"N = {N}")
    ax.legend(loc="upper left", fontsize=8)
    return BankPicture(psis, phi, lp, freqs, fig)


def _check_fs(fs):
    return check_fs(fs, "display")


def _check_scale(frequency_scale, fs):
    scale = frequency_scale or ("log" if fs else "index")
    if scale not in FREQUENCY_SCALES:
        raise InputError(f"frequency_scale={frequency_scale!r} is not one of {FREQUENCY_SCALES}")
    return scale


def _check_result(value, kind, name):
    wanted = ScatteringLayer if kind == "layer" else Scattering
    what = "a layer such as U[1]" if kind == "layer" else "the S returned by sc_propagate"
    if not isinstance(value, wanted):
        raise InputTypeError(f"{name} must be {what}; got {type(value).__name__}")


def _check_scalogram_layer(U1):
    """Refuse what :func:`scalogram` cannot draw: anything but the first-order ``U[1]`` of
    unchunked signals."""
    _check_result(U1, "layer", "U1")
    name = f"{U1.kind}[{U1.order}]"
    if U1.kind != "U" or U1.order != 1:
        hint = (f"; to draw {name} use display_scattergram(S, order={U1.order})"
                if U1.kind == "S" and U1.order >= 1 else "")
        raise InputError(f"U1 is {name}, not the first-order scalogram: display_scalogram draws "
                         "U[1] of S, U = sc_propagate(x, archs, return_U=True)" + hint)
    if U1.chunks is not None:
        raise InputError(f"U1 is {name} of a chunked propagation kept in "
                         f"{U1.chunks.n_chunks} chunks (opts[0]['time']['is_unchunked'] = "
                         "False); unchunk it first: display_scalogram(sc_unchunk(U)[1])")


def _select_channel(data, batched, channel):
    if not batched:
        if channel not in (None, 0):
            raise InputError(f"channel={channel!r}: the result holds one signal (use None)")
        return data
    K = data.shape[0]
    if channel is None:
        raise InputError(f"the result holds K={K} signals; choose one with channel=0 … {K - 1}")
    if not isinstance(channel, (int, np.integer)) or not 0 <= channel < K:
        raise InputError(f"channel={channel!r} is out of range 0 … {K - 1}")
    return data[channel]


def scalogram(U1, *, channel=None, matlab_scale=False):
    """First-order scalogram as an image ``(n_γ1, N)``: every band resampled to full rate.

    MATLAB: ``display_scalogram(U{2})``: row γ = ``interp1(linspace(1, n, len), U{2}.data{γ},
    1:n, 'nearest')``, nearest neighbour with ties rounded up.

    Parameters
    ----------
    U1 : ScatteringLayer
        ``U[1]`` from ``sc_propagate(x, archs, return_U=True)``.
    channel : int, optional
        Which signal, when ``x`` held several (required then).
    matlab_scale : bool
        ``True``: the original's values, each band multiplied by its length (spec §7 #17) on
        top of the ``× hop`` convention of U. ``False`` (default): each band divided by its
        hop, i.e. the full-rate modulus ``|x ⋆ ψ_γ1|`` at the nearest kept sample.

    Returns
    -------
    ndarray, shape (n_γ1, n)
        ``n`` = length of the longest band.

    Raises
    ------
    InputError, InputTypeError
        ``U1`` is not the first-order layer ``U[1]`` (e.g. ``S[1]``), holds chunks (pass
        ``sc_unchunk(U)[1]``), or ``channel`` is missing or out of range.
    """
    _check_scalogram_layer(U1)
    rows = []
    n = max(t.data.shape[-1] for t in U1)
    for t in U1:
        band = _select_channel(t.data, t.data.ndim > 1, channel)
        L = band.shape[-1]
        idx = np.zeros(n, dtype=int) if L == 1 or n == 1 else \
            np.floor(np.arange(n) * (L - 1) / (n - 1) + 0.5).astype(int)
        rows.append(band[idx] * (L if matlab_scale else 1.0 / t.ranges["time"][1]))
    return np.array(rows)


def _edges(centres, scale):
    """Cell edges around sorted row centres: midpoints (geometric on a log scale)."""
    c = np.log(centres) if scale == "log" else np.asarray(centres, dtype=float)
    if c.size == 1:
        edges = c[0] + np.array([-0.5, 0.5])
    else:
        mid = 0.5 * (c[:-1] + c[1:])
        edges = np.concatenate([[2 * c[0] - mid[0]], mid, [2 * c[-1] - mid[-1]]])
    return np.exp(edges) if scale == "log" else edges


def _draw(ax, fig, image, gammas, freqs, hop, fs, log, frequency_scale, title):
    shown = image
    if log:
        positive = image[image > 0]
        shown = np.log1p(np.maximum(image, 0) / (np.median(positive) if positive.size else 1.0))
    n = image.shape[1]
    x = np.arange(n + 1) * hop / (fs or 1.0)
    if frequency_scale == "index":
        mesh = ax.pcolormesh(x, np.arange(len(gammas) + 1) - 0.5, shown, cmap="magma")
        ax.invert_yaxis()
        ticks = np.unique(np.linspace(0, len(gammas) - 1, min(len(gammas), 8)).astype(int))
        ax.set_yticks(ticks)
        ax.set_yticklabels([str(int(gammas[t])) for t in ticks])
        ax.set_ylabel("γ1 (filter index)")
    else:
        order = np.argsort(freqs)
        mesh = ax.pcolormesh(x, _edges(freqs[order], frequency_scale), shown[order],
                             cmap="magma")
        if frequency_scale == "log":
            ax.set_yscale("log")
        ax.set_ylabel("frequency (Hz)" if fs else "frequency (cycles/sample)")
    ax.set_xlabel("time (s)" if fs else "time (samples)")
    ax.set_title(title)
    fig.colorbar(mesh, ax=ax, label="log(1 + value/median)" if log else "value")
    return x[:-1]


def display_scalogram(U1, *, fs=None, channel=None, ax=None, log=True, frequency_scale=None):
    """Show the first-order scalogram ``U[1]`` as a time–frequency image.

    Time in seconds and frequency in Hz (log axis) with a sample rate, else samples and γ1
    (high frequencies at the top).

    MATLAB: ``display_scalogram(U{2})`` (``imagesc`` of the matrix); ``scattergram`` of MATLAB's
    ``waveletScattering`` at order 1 of U.

    Parameters
    ----------
    U1 : ScatteringLayer
        ``U[1]`` from ``sc_propagate(x, archs, return_U=True)``.
    fs : float > 0, optional
        Sample rate (``S.fs`` if you passed one to ``sc_propagate``).
    channel : int, optional
        Which signal when several were scattered.
    ax : matplotlib Axes, optional
        Where to draw; a new figure by default.
    log : bool
        Display ``log1p(value / median)`` (the returned ``image`` stays linear).
    frequency_scale : {'log', 'linear', 'index'}, optional
        Vertical axis; default ``'log'`` with ``fs``, else ``'index'`` (γ1).

    Returns
    -------
    ImagePicture
        ``image`` = :func:`scalogram` ``(n_γ1, N)`` (full-rate modulus), ``times``,
        ``frequencies``, ``gammas``, ``fig``.

    Raises
    ------
    InputError, InputTypeError
        Wrong ``U1`` (not ``U[1]``, or chunked: pass ``sc_unchunk(U)[1]``), ``fs``,
        ``channel`` or ``frequency_scale``.
    """
    _check_scalogram_layer(U1)
    fs = _check_fs(fs)
    scale = _check_scale(frequency_scale, fs)
    image = scalogram(U1, channel=channel)
    gammas = np.array([t.cell["gamma1"] for t in U1])
    freqs = np.asarray(U1.paths["xi1"], dtype=float) * (fs or 1.0)
    fig, ax = _axes(ax)
    times = _draw(ax, fig, image, gammas, freqs, 1.0, fs, log, scale, "first-order scalogram U1")
    return ImagePicture(image, times, freqs, gammas, fig)


def _pick_tensor(layer, order, wanted):
    tensors = list(layer)
    for key in ("gamma3", "gamma2", "gamma_gamma", "gamma_j"):
        present = sorted({t.cell.get(key, 0) for t in tensors})
        if present == [0] and wanted[key] is None:
            continue
        value = wanted[key]
        if value is None:
            value = max(present) if key in ("gamma2", "gamma3") else (1 if 1 in present
                                                                      else present[0])
        elif value not in present:
            raise InputError(f"{key}={value!r} is not available in S[{order}] with the other "
                             f"choices; available: {present}")
        tensors = [t for t in tensors if t.cell.get(key, 0) == value]
    return tensors[0]


def scattergram(S, *, order=2, gamma2=None, gamma3=None, gamma_gamma=None, theta=None,
                gamma_j=None, channel=None):
    """The scattering coefficients of one tensor as an image ``(rows = γ1, frames)``.

    MATLAB: ``S{1+order}.data{…}`` (scattering.m), cut to the valid ranges as ``sc_format`` does.

    Parameters
    ----------
    S : Scattering
        From :func:`scatnet.sc_propagate`.
    order : int ≥ 1
        ``S[order]``; 1 gives S1 over all γ1.
    gamma2, gamma3 : int, optional
        1-based γ2 (and γ3 at order 3); default the largest available (most γ1 paths).
    gamma_gamma : int, optional
        Joint/spiral: wavelet along γ1 (1-based; 0 = the low-pass route); default 1.
    theta : int, optional
        Spin of the γ1 wavelet, 1 (up) or 2 (down); default 1.
    gamma_j : int, optional
        Spiral: wavelet along octaves (0 = low-pass route); default 1.
    channel : int, optional
        Which signal when several were scattered.

    Returns
    -------
    image : ndarray, shape (n_rows, n_frames)
        The coefficients, one row per γ1.
    gammas : ndarray of int, shape (n_rows,)
        The γ1 of each row.
    tensor : scatnet.scattering_m.result.Tensor
        The tensor shown (its ``matlab_ref`` and ``cell`` name it).

    Raises
    ------
    InputError
        ``order`` out of range, an unavailable γ choice, ``theta`` on a tensor without spin.
    """
    _check_result(S, "result", "S")
    if not isinstance(order, (int, np.integer)) or not 1 <= order < len(S):
        raise InputError(f"order={order!r} must be an order of S: 1 … {len(S) - 1}")
    wanted = {"gamma2": gamma2, "gamma3": gamma3, "gamma_gamma": gamma_gamma,
              "gamma_j": gamma_j}
    t = S[order][0] if order == 1 else _pick_tensor(S[order], order, wanted)
    data = _select_channel(t.unpadded(), len(S.batch_shape) > 0, channel)
    axes = t.axes[:-1]
    if "theta" in axes:
        th = 1 if theta is None else theta
        if th not in (1, 2):
            raise InputError(f"theta={theta!r} must be 1 (upward spin) or 2 (downward)")
        data, axes = data[th - 1], axes[1:]
    elif theta is not None:
        raise InputError(f"theta={theta!r}: {t.matlab_ref} has no spin axis (only the ψ routes "
                         "of joint/spiral layers have one)")
    steps = {a: t.ranges[a][1] for a in axes}
    if axes == ("gamma1",):
        gammas = t.ranges["gamma1"][0] + np.arange(data.shape[0]) * steps["gamma1"]
    else:  # spiral: (octave, chroma)
        n_oct, n_chr = data.shape[:2]
        o, c = np.meshgrid(np.arange(n_oct), np.arange(n_chr), indexing="ij")
        gammas = (1 + o * steps["octave"] * int(t.ranges["chroma"][2])
                  + c * steps["chroma"]).ravel()
        data = data.reshape(n_oct * n_chr, -1)
    return np.asarray(data, dtype=float), np.asarray(gammas, dtype=int), t


def display_scattergram(S, *, order=2, gamma2=None, gamma3=None, gamma_gamma=None, theta=None,
                        gamma_j=None, fs=None, channel=None, ax=None, log=True,
                        frequency_scale=None):
    """Show one scattering tensor as a time–frequency image.

    S1, a second-order tensor at a chosen γ2, or a joint/spiral tensor at a chosen
    (γ2, γγ, θ[, γj]).

    MATLAB: ``imagesc(S{3}.data{γ2}.')`` (scattering.m); ``scattergram(sf, S, 'FilterBank', 2)``
    of MATLAB's ``waveletScattering``.

    Parameters
    ----------
    S : Scattering
        From :func:`scatnet.sc_propagate`.
    order : int ≥ 1
        As for :func:`scattergram`.
    gamma2, gamma3, gamma_gamma, theta, gamma_j : int, optional
        As for :func:`scattergram`.
    fs : float > 0, optional
        Sample rate: time in seconds, γ1 as centre frequency in Hz on a log axis.
    channel : int, optional
        As for :func:`scattergram`.
    ax : matplotlib Axes, optional
        Where to draw; a new figure by default.
    log : bool
        Display ``log1p(value / median)`` (the returned ``image`` stays linear).
    frequency_scale : {'log', 'linear', 'index'}, optional
        Default ``'log'`` with ``fs``, else ``'index'`` (γ1).

    Returns
    -------
    ImagePicture
        ``image (n_γ1, n_frames)``, ``times``, ``frequencies`` (of γ1), ``gammas``, ``fig``.

    Raises
    ------
    InputError, InputTypeError
        See :func:`scattergram`; also a wrong ``fs`` or ``frequency_scale``.
    """
    fs = _check_fs(fs)
    scale = _check_scale(frequency_scale, fs)
    image, gammas, t = scattergram(S, order=order, gamma2=gamma2, gamma3=gamma3,
                                   gamma_gamma=gamma_gamma, theta=theta, gamma_j=gamma_j,
                                   channel=channel)
    table = S[1].paths
    xi = dict(zip(np.asarray(table["gamma1"]).tolist(), np.asarray(table["xi1"], dtype=float)))
    freqs = np.array([xi.get(int(g), np.nan) for g in gammas]) * (fs or 1.0)
    if np.isnan(freqs).any() and scale != "index":
        raise InputError(f"{t.matlab_ref} has rows γ1 outside S1's range; use "
                         "frequency_scale='index'")
    cell = ", ".join(f"{k.replace('gamma_', 'γ').replace('gamma', 'γ')} = {v}"
                     for k, v in t.cell.items())
    spin = f", θ = {1 if theta is None else theta}" if "theta" in t.axes else ""
    fig, ax = _axes(ax)
    times = _draw(ax, fig, image, gammas, freqs, t.ranges["time"][1], fs, log, scale,
                  f"S{order} {t.matlab_ref}" + (f": {cell}{spin}" if cell else ""))
    return ImagePicture(image, times, freqs, gammas, fig)
