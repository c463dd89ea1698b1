"""One layer as a feature matrix, one path as a time series (spec §4).

MATLAB: scattering.m ``lib/indexing/format_layer.m``, ``fetch_firstorder.m``, ``fetch_plain.m``.
"""
import numbers

import numpy as np

from ..._errors import InputError, InputTypeError
from ..format import sc_format
from ..result import Scattering
from ._layers import check_layer

__all__ = ["fetch_firstorder", "fetch_plain", "format_layer"]


def format_layer(S_m, *, layout="python"):
    """Stack the paths of one S layer into a dense array, in the original's feature order.

    MATLAB: ``formatted = format_layer(S{m+1}, 1)`` (``lib/indexing/format_layer.m``): time ×
    features, the features of every tensor in cell order, each unpadded to
    ``floor((last − first + 1)/step)`` along its non-time axes, column-major (spec §4).

    Parameters
    ----------
    S_m : ScatteringLayer
        One layer ``S[m]`` of :func:`scatnet.sc_propagate` or :func:`Y_to_S`.
    layout : {'python', 'matlab'}
        ``'python'``: ``(K, n_features, n_frames)`` (``(n_features, n_frames)`` for one 1-D
        signal), as :func:`scatnet.sc_format`. ``'matlab'``: MATLAB's matrix
        ``(n_frames, n_features·K)``, the signal axis varying fastest inside each path.

    Returns
    -------
    F : ndarray
        The features, in the layout chosen by ``layout``.
    paths : PathTable
        One row per feature path.

    Raises
    ------
    InputError, InputTypeError
        ``S_m`` is not one S layer (a whole ``S``, or a U or Y layer), or ``layout`` is not
        one of the two.

    See Also
    --------
    scatnet.sc_format : Several layers at once (features × time).

    Examples
    --------
    >>> import numpy as np
    >>> from scatnet import sc_setup, sc_propagate, default_auditory, format_layer
    >>> archs = sc_setup([default_auditory(1024, 1024, 4), {'time': {}}])
    >>> S = sc_propagate(np.ones(1024), archs)
    >>> format_layer(S[2])[0].shape, format_layer(S[2], layout='matlab')[0].shape
    ((12, 64), (64, 12))
    """
    S_m = check_layer(S_m, "S", "format_layer", "S_m")
    if layout not in ("python", "matlab"):
        raise InputError(f"format_layer: layout={layout!r} is not one of 'python', 'matlab'")
    F, paths = sc_format(Scattering("S", [S_m], (), None), layers=[0], layout=layout)
    if layout == "matlab":
        return np.ascontiguousarray(F.T), paths
    return F, paths


def _gamma(value, name, who):
    if isinstance(value, bool) or not isinstance(value, (numbers.Integral, np.integer)):
        raise InputTypeError(f"{who}: {name}={value!r} must be an integer filter index (1-based, "
                             "as in MATLAB)")
    return int(value)


def fetch_firstorder(S1, gamma1):
    """Get the first-order path of the wavelet ``γ1`` from ``S[1]``: one time series.

    MATLAB: ``path = fetch_firstorder(S{2}, gamma1)`` (``lib/indexing/fetch_firstorder.m``):
    ``S1.data(:, γ1 − γ1_first + 1)``, ``γ1_first = S1.ranges{1}(1, 2)``.

    Parameters
    ----------
    S1 : ScatteringLayer
        ``S[1]`` of :func:`scatnet.sc_propagate` or :func:`Y_to_S`.
    gamma1 : int
        The first-order wavelet, 1-based as in MATLAB (``S[1].paths['gamma1']``).

    Returns
    -------
    ndarray, shape ``(*batch, frames)``
        A view of ``S1``'s data.

    Raises
    ------
    InputError, InputTypeError
        ``S1`` is not ``S[1]``, or ``gamma1`` is not one of its enabled wavelets.

    See Also
    --------
    fetch_plain : A second-order path.

    Examples
    --------
    >>> import numpy as np
    >>> from scatnet import sc_setup, sc_propagate, default_auditory, fetch_firstorder
    >>> archs = sc_setup([default_auditory(1024, 1024, 4), {'time': {}}])
    >>> S = sc_propagate(np.ones(1024), archs)
    >>> fetch_firstorder(S[1], 3).shape
    (64,)
    """
    S1 = check_layer(S1, "S", "fetch_firstorder", "S1")
    if S1.order != 1:
        raise InputError(f"fetch_firstorder: S1 is S[{S1.order}]; pass the first-order layer S[1] "
                         "(MATLAB S{2})")
    gamma1 = _gamma(gamma1, "gamma1", "fetch_firstorder")
    t = S1[0]
    first, _, last = t.ranges["gamma1"]
    if not first <= gamma1 <= last:
        raise InputError(f"fetch_firstorder: gamma1={gamma1} is not an enabled first-order wavelet: "
                         f"S[1] holds γ1 = {first} … {last}")
    return t.data[..., gamma1 - first, :]


def fetch_plain(S2, gamma1, gamma2):
    """Get the second-order path ``(γ1, γ2)`` from a plain ``S[2]``: one time series.

    MATLAB: ``path = fetch_plain(S{3}, gamma1, gamma2)`` (``lib/indexing/fetch_plain.m``):
    ``S2.data{γ2 − γ2_first + 1}(:, γ1 − γ1_first + 1)``, and ``0`` for a pair the path mask
    left out.

    Parameters
    ----------
    S2 : ScatteringLayer
        ``S[2]`` of a plain (time) second order.
    gamma1 : int
        The first-order wavelet, 1-based.
    gamma2 : int
        The second-order wavelet, 1-based (``S[2].paths['gamma2']``).

    Returns
    -------
    ndarray, shape ``(*batch, frames)``
        A view of ``S2``'s data, or zeros (a new array) where the path mask left the pair out
        (γ2 not enabled, or γ1 above the last γ1 of that γ2), as MATLAB's ``0``.

    Raises
    ------
    InputError, InputTypeError
        ``S2`` is not a plain ``S[2]`` (joint and spiral layers: use
        ``S[2].tensor(gamma2=…, gamma_gamma=…)``), or an index is not a positive integer.

    See Also
    --------
    fetch_firstorder : A first-order path.

    Examples
    --------
    >>> import numpy as np
    >>> from scatnet import sc_setup, sc_propagate, default_auditory, fetch_plain
    >>> archs = sc_setup([default_auditory(1024, 1024, 4), {'time': {}}])
    >>> S = sc_propagate(np.ones(1024), archs)
    >>> fetch_plain(S[2], 2, 7).shape, float(np.abs(fetch_plain(S[2], 20, 7)).max())
    ((64,), 0.0)
    """
    S2 = check_layer(S2, "S", "fetch_plain", "S2")
    if S2.order != 2 or any(t.axes != ("gamma1", "time") for t in S2):
        raise InputError(f"fetch_plain: S2 is S[{S2.order}]{'' if S2.order != 2 else ' of a joint or spiral layer'}; "
                         "pass the plain second-order layer S[2] (MATLAB S{3}); for joint and "
                         "spiral layers pick the tensor with S[2].tensor(gamma2=…, gamma_gamma=…)")
    if not len(S2):
        raise InputError("fetch_plain: S2 has no tensors (the path mask left no second-order path)")
    gamma1 = _gamma(gamma1, "gamma1", "fetch_plain")
    gamma2 = _gamma(gamma2, "gamma2", "fetch_plain")
    if gamma1 < 1 or gamma2 < 1:
        raise InputError(f"fetch_plain: gamma1={gamma1}, gamma2={gamma2} must be ≥ 1 (1-based "
                         "filter indices, as in MATLAB)")
    for t in S2:
        if t.cell.get("gamma2") == gamma2:
            first, _, last = t.ranges["gamma1"]
            if first <= gamma1 <= last:
                return t.data[..., gamma1 - first, :]
            break
    t = S2[0]
    return np.zeros(t.data.shape[:-2] + t.data.shape[-1:], dtype=t.data.dtype)
