"""``sc_propagate_renorm``: scattering renormalised by the previous order (ratios S_m / S_{m−1}).

MATLAB: scattering.m ``lib/export/sc_propagate_renorm.m``.
"""
import numpy as np

from ..._errors import OptionError
from ..architecture import check_archs
from ..propagate import sc_propagate
from ..result import Scattering, ScatteringLayer, Tensor

__all__ = ["sc_propagate_renorm"]

#: MATLAB's ``eps()`` (double precision), added to every denominator as the original does.
EPS = float(np.finfo(np.float64).eps)


def _layer(layer, datas):
    tensors = [Tensor(d, t.axes, dict(t.cell), dict(t.ranges), t.matlab_ref, t.paths,
                      valid=t.valid, route=t.route) for t, d in zip(layer, datas)]
    return ScatteringLayer("S", layer.order, tensors, layer.paths)


def sc_propagate_renorm(signal, archs, *, n_jobs=None):
    """Scatter a signal and renormalise each order by the one below.

    MATLAB: ``[ren_S, S] = sc_propagate_renorm(signal, archs)``.

    ``Sabs_0 = φ ⋆ |x|``; ``ren_S_1(γ1) = S_1(γ1) / (ε + max(Sabs_0, 0))``;
    ``ren_S_2(γ1, γ2) = S_2(γ1, γ2) / (ε + max(S_1(γ1), 0))`` frame by frame, ``ε`` = MATLAB's
    ``eps`` (2.2e-16). ``ren_S = (Sabs_0, ren_S_1[, ren_S_2])``.

    Parameters
    ----------
    signal : array_like, shape (N,) or (K, N)
        Real signal(s), time last (as :func:`scatnet.sc_propagate`).
    archs : Architecture
        From :func:`scatnet.sc_setup`: one or two layers of time scattering.
    n_jobs : int, optional
        Threads (as in :func:`scatnet.sc_propagate`).

    Returns
    -------
    ren_S : Scattering
        ``Sabs_0`` (S0 of ``|x|``), then the renormalised orders 1 (and 2).
    S : Scattering
        The plain scattering of ``signal``.

    Raises
    ------
    OptionError
        Checked before any computation: more than two layers, joint/spiral layers (the
        original handles neither), or orders whose frames differ (different ``T``).
    InputError, InputTypeError
        As :func:`scatnet.sc_propagate`.

    Notes
    -----
    The original divides the γ2 tensor by the first rows of S1 (as many as the tensor has γ1);
    scatnet divides each γ1 by its own S1 row, which is the same whenever both start at the
    first γ1 (the default). It propagates ``|x|`` through the whole network to get ``Sabs_0``
    (twice the cost of :func:`scatnet.sc_propagate`).

    Examples
    --------
    >>> import numpy as np
    >>> from scatnet import sc_setup, sc_propagate_renorm, default_auditory
    >>> archs = sc_setup([default_auditory(1024, 1024, 4), {'time': {}}])
    >>> x = np.random.default_rng(0).standard_normal(1024)
    >>> ren_S, S = sc_propagate_renorm(x, archs)
    >>> len(ren_S), ren_S[1][0].data.shape == S[1][0].data.shape
    (3, True)
    """
    archs = check_archs(archs, "sc_propagate_renorm")
    M = archs.n_layers
    if M not in (1, 2):
        raise OptionError(f"sc_propagate_renorm: archs has {M} layers; the renormalisation is "
                          "defined for one or two layers of opts (as in the original)")
    if any(len(layer.banks) > 1 for layer in archs):
        raise OptionError("sc_propagate_renorm: joint/spiral layers ('gamma'/'j' options) are "
                          "not renormalised (the original stops there too); use time scattering")
    walk = archs.walk()
    frames = {lw.blur.out_groups[0].length for lw in walk.layers if lw.blur.out_groups}
    if len(frames) > 1:
        raise OptionError(f"sc_propagate_renorm: the orders have {sorted(frames)} frames "
                          "(different T per layer); the ratios need one frame grid: give every "
                          "opts[m]['time'] the same T")
    S = sc_propagate(signal, archs, n_jobs=n_jobs)
    x = np.asarray(signal)
    Sabs = sc_propagate(np.abs(x), archs, n_jobs=n_jobs)
    s0 = np.asarray(Sabs[0][0].data)
    layers = [Sabs[0]]
    s1 = np.asarray(S[1][0].data)
    layers.append(_layer(S[1], [s1 / (EPS + np.maximum(s0, 0))[..., None, :]]))
    if M == 2:
        row_of = {p[0]: i for i, p in enumerate(S[1][0].paths)}
        den1 = EPS + np.maximum(s1, 0)
        datas = []
        for t in S[2]:
            rows = [row_of[p[0]] for p in t.paths]
            datas.append(np.asarray(t.data) / den1[..., rows, :])
        layers.append(_layer(S[2], datas))
    ren = Scattering("S", layers, tuple(S.batch_shape), S.fs)
    ren.chunks = S.chunks
    return ren, S
