"""Per-filter metadata of a bank: resolution, bandwidth, quality factor, scale (spec §2.1).

MATLAB: scattering.m ``lib/architecture/fill_bank_metas.m``.

All quantities are in the original's "resolution units": the centre frequency of filter γ is
``xi = mother_xi · resolution`` cycles per sample; ``bandwidth`` is ``resolution / Q`` (so the
bandwidth in cycles per sample is ``mother_xi · bandwidth``).
"""
import dataclasses
import types
from dataclasses import dataclass

import numpy as np

MORLET_TRADEOFF = 4.0


@dataclass(frozen=True, eq=False)
class Metas:
    """Metas of the filters γ = 1 … n of a bank (arrays of length n, read-only)."""

    gamma: np.ndarray  #: 1-based filter indices
    resolution: np.ndarray  #: 2**(-(γ-1)/nfo)
    bandwidth: np.ndarray  #: resolution / Q (resolution units)
    quality_factor: np.ndarray
    scale: np.ndarray
    log2_resolution: np.ndarray  #: min(0, 1 + floor(log2 resolution)), int
    xi: np.ndarray  #: centre frequency, cycles/sample

    def __len__(self):
        return len(self.gamma)

    def row(self, g):
        """The metas of one filter (0-based ``g``) as a record with scalar fields.

        Parameters
        ----------
        g : int
            0-based position of the filter (γ − 1).

        Returns
        -------
        types.SimpleNamespace
            ``gamma``, ``resolution``, ``bandwidth``, ``quality_factor``, ``scale``,
            ``log2_resolution``, ``xi`` of that filter (what a user wavelet receives).
        """
        return types.SimpleNamespace(**{f.name: getattr(self, f.name)[g].item()
                                        for f in dataclasses.fields(self)})


def _freeze(**arrays):
    for a in arrays.values():
        a.setflags(write=False)
    return Metas(**arrays)


def constant_q_elbow(resolution, *, max_Q, max_scale):
    """Apply the Morlet rule: constant Q above the ``max_scale`` elbow, constant bandwidth below.

    ``scale = min(4·max_Q/res, max_scale)``, ``Q = max(scale·res/4, 1)``, ``bw = res/Q``.

    Parameters
    ----------
    resolution : ndarray, shape (n,)
        ``res(γ)``.
    max_Q : float
        Largest quality factor (MATLAB ``max_Q``).
    max_scale : float
        Largest time scale, samples (MATLAB ``max_scale``).

    Returns
    -------
    scale : ndarray, shape (n,)
        Time scale of each filter.
    quality : ndarray, shape (n,)
        Quality factor ``Q(γ)``.
    bandwidth : ndarray, shape (n,)
        Bandwidth, resolution units.
    """
    scale = np.minimum(MORLET_TRADEOFF * max_Q / resolution, max_scale)
    quality = np.maximum(scale * resolution / MORLET_TRADEOFF, 1.0)
    return scale, quality, resolution / quality


def gammatone_variable_q(resolution, *, max_Q, max_scale, nfo, cutoff_in_dB, order):
    """Apply the gammatone rule: Q from a lower bound on the attenuation at ``max_scale`` (spec §2.1).

    Parameters
    ----------
    resolution : ndarray, shape (n,)
        ``res(γ)``.
    max_Q : float
        Largest quality factor.
    max_scale : float
        Largest time scale, samples.
    nfo : int
        Filters per octave.
    cutoff_in_dB : float
        Attenuation where neighbouring filters cross.
    order : int
        Order of the gammatone.

    Returns
    -------
    scale : ndarray, shape (n,)
        Time scale of each filter.
    quality : ndarray, shape (n,)
        Quality factor ``Q(γ)``.
    bandwidth : ndarray, shape (n,)
        Bandwidth, resolution units.
    """
    n_gammas = len(resolution)
    c = 10.0 ** (-cutoff_in_dB / 20.0)
    r = c ** (1.0 / order)
    cath = np.sqrt(1.0 - r * r)
    amult = r * order * cath
    xi = 1.0 / (1.0 + 2.0 ** (1.0 / nfo))
    alpha_lb = 4.0 * xi / max_scale
    m = alpha_lb / (amult * xi * resolution)
    qp = np.finfo(float).eps + order * cath * np.sqrt((1.0 + 2.0 * m * m) ** 2 - 1.0)
    q_lb = -1.0 / np.log2(1.0 - np.minimum(qp, 0.5))
    above = np.flatnonzero(q_lb > 1.0)
    q_elbow = q_lb[min(above[-1] + 1, n_gammas - 1)] if above.size else None
    if q_elbow is not None and q_elbow < max_Q:
        elbow = above[-1]
        res_elbow = resolution[elbow]
        bw_mother = 1.0 / min(max_Q, q_lb[0])
        bw_elbow = res_elbow / q_elbow
        bandwidth = np.full(n_gammas, res_elbow)
        bandwidth[: elbow + 1] = np.interp(resolution[: elbow + 1], [res_elbow, resolution[0]],
                                           [bw_elbow, bw_mother])
        quality = np.maximum(resolution / bandwidth, 1.0)
    else:
        quality = np.full(n_gammas, float(max_Q))
        bandwidth = resolution / max_Q
    scale = 4.0 * xi / bandwidth
    return scale, quality, bandwidth


def fill_bank_metas(spec):
    """Compute the metas of every filter of the bank described by ``spec``.

    MATLAB: ``lib/architecture/fill_bank_metas.m``.

    Parameters
    ----------
    spec : scatnet.scattering_m.options.spec.FilterSpec
        The bank's options.

    Returns
    -------
    Metas
        Read-only arrays over γ = 1 … nGammas (``nfo·J``, or 2 for finite differences).

    Examples
    --------
    >>> from scatnet.scattering_m.options.spec import FilterSpec
    >>> spec = FilterSpec(wavelet='morlet_1d', size=8192, T=256, J=8, max_Q=8,
    ...                   nFilters_per_octave=8, max_scale=2048, mother_xi=1/(1+2**(1/8)))
    >>> m = fill_bank_metas(spec)
    >>> len(m), float(m.quality_factor[0]), float(m.scale[-1])
    (64, 8.0, 2048.0)
    """
    name = spec.wavelet_name
    nfo = int(spec.nFilters_per_octave)
    if name == "finitediff_1d":
        n_gammas = 2
        resolution = 2.0 ** (-np.arange(n_gammas) / nfo)
        quality = np.ones(2)
        scale = np.array([3.0, 3.0])
        bandwidth = np.array([0.5, 0.25])
    else:
        n_gammas = nfo * int(spec.J)
        resolution = 2.0 ** (-np.arange(n_gammas) / nfo)
        if name == "gammatone_1d":
            scale, quality, bandwidth = gammatone_variable_q(
                resolution, max_Q=spec.max_Q, max_scale=spec.max_scale, nfo=nfo,
                cutoff_in_dB=spec.cutoff_in_dB, order=spec.gammatone_order)
        else:  # morlet_1d, RLC_1d (scatnet's design) and user wavelets
            scale, quality, bandwidth = constant_q_elbow(
                resolution, max_Q=spec.max_Q, max_scale=spec.max_scale)
    log2_res = np.minimum(0, 1 + np.floor(np.log2(resolution))).astype(np.int64)
    return _freeze(gamma=np.arange(1, n_gammas + 1), resolution=resolution,
                   bandwidth=np.asarray(bandwidth, float), quality_factor=np.asarray(quality, float),
                   scale=np.asarray(scale, float), log2_resolution=log2_res,
                   xi=spec.mother_xi * resolution)
