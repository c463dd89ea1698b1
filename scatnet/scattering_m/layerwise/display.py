"""``display_secondorder_wavelets``: the second-order wavelets as time × log-frequency images.

MATLAB: scattering.m ``lib/display/display_secondorder_wavelets.m`` (spec §4).
"""
import math
from dataclasses import dataclass

import numpy as np

from ..._errors import InputError, InputTypeError
from ..._matlab import matlab_round
from ..architecture import check_archs
from ._layers import from_groups
from .forward import LayerY, U_to_Y, Y_to_U

__all__ = ["SecondOrderWavelets", "display_secondorder_wavelets"]

#: The parts of the complex wavelets that can be shown.
PARTS = ("real", "imag", "modulus")


@dataclass(eq=False)
class SecondOrderWavelets:
    """Result of :func:`display_secondorder_wavelets`: MATLAB's ``Y2``, the images and the figure.

    ``Y`` is the :class:`LayerY` of the second layer (MATLAB's return value ``Y2``);
    ``images[i]`` is one wavelet, ``(n_γ1, n_frames)`` complex (rows: γ1 increasing, i.e.
    decreasing frequency), ``labels[i]`` its cell indices (``gamma2``, ``gamma_gamma``,
    ``theta``, ``gamma_j``, ``theta_j``), ``gammas1[i]`` the γ1 of its rows (1-based),
    ``times[i]`` the time of its columns in samples; ``dirac`` is the ``(γ1, sample)`` (1-based
    γ1, 0-based sample) of the Dirac; ``fig`` the matplotlib figure (None with ``plot=False``).
    """

    Y: LayerY
    images: list
    labels: list
    gammas1: list
    times: list
    dirac: tuple
    fig: object = None

    def savefig(self, *args, **kwargs):
        """Save the figure (``fig.savefig``).

        Parameters
        ----------
        *args, **kwargs
            Passed to :meth:`matplotlib.figure.Figure.savefig`.

        Returns
        -------
        None
            What ``savefig`` returns.

        Raises
        ------
        InputError
            If there is no figure (``plot=False``).
        """
        if self.fig is None:
            raise InputError("no figure was drawn (plot=False): call display_secondorder_wavelets "
                             "with plot=True")
        return self.fig.savefig(*args, **kwargs)


def display_secondorder_wavelets(archs, fraction=1 / 5, *, part="real", plot=True):
    """Show the wavelets of the second layer: a Dirac in ``U1`` scattered by ``archs[1]``.

    MATLAB: ``Y2 = display_secondorder_wavelets(archs, fraction)``
    (``lib/display/display_secondorder_wavelets.m``)::

        U1 = Y_to_U(U_to_Y(initialize_U(zeros(N)), archs{1}))   % zeros
        U1.data{round(fraction·end)}(end/2) = 1                 % a Dirac in one γ1 band
        Y2 = U_to_Y(U1, archs{2})

    Each tensor of ``Y2{end}`` is then one second-order wavelet sampled on the (γ1, t) grid:
    ``ψ_γ2(t)`` in the Dirac's γ1 row for plain time scattering, the joint wavelet
    ``ψ_γ2(t)·ψ_γγ,θ(γ1)`` in joint layers, and, in spiral layers, that product times
    ``ψ_j(octave)`` written back on the γ1 axis (``γ1 = chroma + nChromas·octave``).

    Parameters
    ----------
    archs : Architecture
        From :func:`scatnet.sc_setup`, with at least two layers of wavelets.
    fraction : float in (0, 1], default 1/5
        The Dirac's γ1 band: ``round(fraction·n_γ1)`` (MATLAB ``round``), 1-based among the
        enabled first-order bands; the Dirac is at the band's sample ``len/2`` (MATLAB
        ``end/2``, 1-based).
    part : {'real', 'imag', 'modulus'}, default 'real'
        What the picture shows (the images stay complex).
    plot : bool, default True
        Draw the figure (needs matplotlib, ``pip install 'scatnet[plot]'``); False: arrays
        only.

    Returns
    -------
    SecondOrderWavelets
        ``Y`` (MATLAB ``Y2``), ``images``, ``labels``, ``gammas1``, ``times``, ``dirac``,
        ``fig``.

    Raises
    ------
    InputError, InputTypeError
        ``archs`` is not an architecture with two layers of wavelets, ``fraction`` is not in
        (0, 1], or ``part`` is not one of :data:`PARTS`.

    Examples
    --------
    >>> from scatnet import sc_setup, default_auditory, display_secondorder_wavelets
    >>> archs = sc_setup([default_auditory(1024, 1024, 4), {'time': {}, 'gamma': {}}])
    >>> w = display_secondorder_wavelets(archs, plot=False)
    >>> len(w.images), w.images[0].shape, w.dirac
    (10, (4, 512), (4, 511))
    """
    archs = check_archs(archs, "display_secondorder_wavelets")
    if archs.n_layers < 2:
        raise InputError(f"display_secondorder_wavelets: archs has {archs.n_layers} layer(s) of "
                         "wavelets; it needs a second layer (opts[1])")
    if isinstance(fraction, bool) or not isinstance(fraction, (int, float, np.floating, np.integer)):
        raise InputTypeError(f"display_secondorder_wavelets: fraction={fraction!r} must be a number "
                             "in (0, 1] (the Dirac's band: round(fraction·n_γ1))")
    if not 0 < fraction <= 1:
        raise InputError(f"display_secondorder_wavelets: fraction={fraction!r} must be in (0, 1] "
                         "(the Dirac's band: round(fraction·n_γ1))")
    if part not in PARTS:
        raise InputError(f"display_secondorder_wavelets: part={part!r} is not one of {PARTS}")
    N = archs.size
    U0 = from_groups("U", archs, 0, [np.zeros((1, 1, N))], ())  # MATLAB: no chunking here
    U1 = Y_to_U(U_to_Y(U0, archs, 0)[-1], archs, 0)
    band = max(1, int(matlab_round(fraction * len(U1))))
    row = U1[band - 1].data
    row[len(row) // 2 - 1] = 1.0  # MATLAB (end/2), 1-based
    Y2 = U_to_Y(U1, archs, 1)
    images, labels, gammas1, times = [], [], [], []
    for t in Y2[-1]:
        for image, label, rows in _images(t):
            images.append(image)
            labels.append(label)
            gammas1.append(rows)
            times.append(np.arange(image.shape[-1]) * t.ranges["time"][1])
    dirac = (int(U1[band - 1].cell["gamma1"]), len(row) // 2 - 1)
    out = SecondOrderWavelets(Y2, images, labels, gammas1, times, dirac)
    if plot:
        out.fig = _draw(out, part)
    return out


def _images(t):
    """Split one Y tensor into ``(γ1 × time)`` images, one per spin (and octave-filter spin).

    The spin axes lead (:data:`scatnet.scattering_m.joint.AXIS_ORDER`); the others flatten to
    γ1 (spirals: octave-major, ``γ1 = chroma + nChromas·octave``).
    """
    data = np.asarray(t.unpadded())
    axes = t.axes[:-1]
    cell = dict(t.cell)
    spins = [a for a in ("theta_j", "theta") if a in axes]
    lead = [data.shape[axes.index(a)] for a in spins]
    first, step = _gamma1_grid(t)
    for index in np.ndindex(*lead):
        label = dict(cell, **{a: i + 1 for a, i in zip(spins, index)})
        image = data[index].reshape(-1, data.shape[-1])
        yield image, label, first + step * np.arange(image.shape[0])


def _gamma1_grid(t):
    """First γ1 and γ1 step of the rows of a (flattened) tensor."""
    if "gamma1" in t.ranges:
        first, step, _ = t.ranges["gamma1"]
        return int(first), step
    return 1, t.ranges["chroma"][1]


_SYMBOLS = {"gamma2": "γ2", "gamma_gamma": "γγ", "theta": "θ", "gamma_j": "γj", "theta_j": "θj"}


def _support(w):
    """Time span (samples) where any wavelet exceeds 1e-3 of the largest, with a 10 % margin."""
    peak = max((float(np.abs(im).max()) for im in w.images if im.size), default=0.0)
    lo, hi = np.inf, -np.inf
    for image, t in zip(w.images, w.times):
        hit = np.flatnonzero(np.abs(image).max(axis=0) > 1e-3 * peak) if peak else []
        if len(hit):
            lo, hi = min(lo, t[hit[0]]), max(hi, t[hit[-1]])
    if not np.isfinite(lo):
        return w.times[0][0], w.times[0][-1]
    margin = 0.1 * (hi - lo) + 1
    return lo - margin, hi + margin


def _pyplot():
    try:
        import matplotlib.pyplot as plt
    except ImportError as e:  # pragma: no cover - depends on the environment
        raise ImportError("plotting needs matplotlib: pip install 'scatnet[plot]', or pass "
                          "plot=False") from e
    return plt


def _draw(w, part):
    """One panel per wavelet: time horizontally, γ1 (log-frequency) vertically, high at the top."""
    plt = _pyplot()
    n = len(w.images)
    cols = min(n, max(1, math.ceil(math.sqrt(n))))
    rows = math.ceil(n / cols)
    fig, axes = plt.subplots(rows, cols, figsize=(2.6 * cols, 2.4 * rows), squeeze=False,
                             layout="constrained")
    show = {"real": np.real, "imag": np.imag, "modulus": np.abs}[part]
    span = _support(w)
    for ax, image, label, g1, t in zip(axes.flat, w.images, w.labels, w.gammas1, w.times):
        values = show(image)
        limit = float(np.abs(values).max()) or 1.0
        step = t[1] - t[0] if len(t) > 1 else 1.0
        ax.imshow(values, aspect="auto", cmap="RdBu_r" if part != "modulus" else "magma",
                  vmin=-limit if part != "modulus" else 0.0, vmax=limit,
                  extent=(t[0] - step / 2, t[-1] + step / 2, g1[-1] + 0.5, g1[0] - 0.5))
        ax.set_title(" ".join(f"{_SYMBOLS.get(k, k)}={v}" for k, v in label.items()), fontsize=7)
        ax.set_xlim(*span)
        ax.tick_params(labelsize=6)
    for ax in list(axes.flat)[n:]:
        ax.set_visible(False)
    fig.supxlabel("time (samples)")
    fig.supylabel("γ1 (log-frequency, high at the top)")
    fig.suptitle(f"second-order wavelets ({part} part), Dirac at γ1 = {w.dirac[0]}")
    return fig
