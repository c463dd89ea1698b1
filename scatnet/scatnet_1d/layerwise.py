"""Layer-wise maps of ScatNet scattering results: logarithm, frame pooling, resampling, energy.

MATLAB: ``scatutils/log_scat.m``, ``average_scat.m``, ``resample_scat.m``, ``scat_energy.m``,
``scatfun.m``, ``scatfun_layer.m``. Each function treats the paths of a layer independently;
paths of one shape (and resolution) are processed as one stacked array ``(G, *batch, n)``.
Inputs are never modified.
"""
import math
import numbers

import numpy as np

from .._errors import InputError, InputTypeError, OptionTypeError
from ._post_common import (
    as_layers,
    as_resolution_field,
    check_epsilon,
    check_layer,
    check_positive,
    group_paths,
    hanning_standalone,
    interpft,
    map_nested,
    per_path,
    real_dtype,
    resolutions,
    stack,
    where,
)
from .layers import ScatLayer, ScatResult

__all__ = ["average_scat", "log_scat", "resample_scat", "scat_energy", "scatfun", "scatfun_layer"]


def average_scat(S, T, step=None, window=hanning_standalone):
    """Average successive frames of every coefficient with a sliding window (frame pooling).

    MATLAB: ``scatutils/average_scat.m`` (``S = average_scat(S, T, step, window_fun)``).

    For a path at resolution ``r`` with ``N0`` frames and ``T ≥ 2^r``: ``T' = T/2^r``,
    ``s' = max(1, step/2^r)``, ``n_w = floor(N0/s')`` windows; window ``k`` (0-based) has centre
    ``c = k·s' + 1`` (1-based) and covers the frames ``floor(c − T'/2 + 1 + i) − 1``,
    ``i = 0 … T'−1``, read in the half-sample symmetric extension of period ``2·N0``
    (``x[−1] = x[0]``, ``x[N0] = x[N0−1]``). The output frame is ``Σ_i w[i]·x[·]`` with
    ``w = window(T')/Σ window(T')``, and the resolution becomes ``r + log2(s')``. Paths with
    ``T < 2^r`` are left as they are.

    Parameters
    ----------
    S : ScatResult or list of ScatLayer
        The scattering (MATLAB cell ``S``); each path ``(*batch, N0)``, time last.
    T : number > 0
        Window length in input samples.
    step : number > 0, optional
        Hop between windows in input samples (default ``T/2``).
    window : callable, default :func:`hanning_standalone`
        ``window(L)`` returns the ``L`` weights (MATLAB ``window_fun``).

    Returns
    -------
    ScatResult
        New layers; each averaged path is ``(*batch, n_w)`` and its ``meta['resolution']`` is
        raised by ``log2(s')`` (int64 while integral, float64 otherwise).

    Raises
    ------
    InputTypeError
        If ``S`` is not a ScatResult or list of layers.
    OptionTypeError, OptionError
        If ``T`` or ``step`` is not a positive number, or ``window`` is not callable.
    InputError
        If ``T/2^r`` is not an integer for an averaged path (the original fails in ``zeros``),
        or ``window`` returns the wrong number of weights.

    Examples
    --------
    >>> import numpy as np
    >>> from scatnet.scatnet_1d.layers import ScatLayer, ScatResult
    >>> layer = ScatLayer([np.arange(8.0), np.ones(8)],
    ...                   {"j": np.array([[0, 1]]), "bandwidth": np.array([0.5, 0.25]),
    ...                    "resolution": np.array([0, 0])})
    >>> out = average_scat(ScatResult([layer]), 4)
    >>> out[0].signal[0], out[0].meta["resolution"]
    (array([0.6381966, 2.5      , 4.5      , 6.3618034]), array([1, 1]))
    """
    func = "average_scat"
    layers = as_layers(S, func)
    T = check_positive(T, "T", func)
    step = T / 2 if step is None else check_positive(step, "step", func)
    if not callable(window):
        raise OptionTypeError(
            f"{func}: window must be a function of the window length, such as "
            f"hanning_standalone; got {type(window).__name__}")
    out = []
    for m, layer in enumerate(layers):
        res = resolutions(layer)
        lengths = [np.shape(s)[-1] for s in layer.signal]
        signals = [np.array(s, copy=True) for s in layer.signal]
        new_res = res.copy()
        for (_, r), idx in group_paths(layer.signal, keys=list(res)):
            if T < 2.0 ** r:
                continue
            real_T = T / 2.0 ** r
            if real_T != math.floor(real_T):
                raise InputError(
                    f"{func}: T={T:g} is not a multiple of 2^resolution = {2.0 ** r:g} at "
                    f"{where(m, int(idx[0]))} (resolution {r:g}); the window would span "
                    f"T/2^resolution = {real_T:g} frames. Use a T that is a multiple of "
                    f"{2.0 ** r:g}")
            real_T = int(real_T)
            real_step = max(1.0, step / 2.0 ** r)
            n0 = lengths[idx[0]]
            n_windows = math.floor(n0 / real_step)
            # frame indices (1-based in the symmetric extension) of every window, as MATLAB
            center = np.arange(n_windows) * real_step + 1
            pos = np.floor(center[None, :] - real_T / 2 + 1 + np.arange(real_T)[:, None])
            ind0 = np.concatenate([np.arange(n0), np.arange(n0)[::-1]])
            ind = ind0[np.mod(pos.astype(np.int64) - 1, 2 * n0)]
            kernel = np.asarray(window(real_T), dtype=float).reshape(-1)
            if kernel.size != real_T:
                raise InputError(
                    f"{func}: window({real_T}) returned {kernel.size} weights; it must return "
                    f"one weight per frame of the window ({real_T})")
            weights = kernel / np.sum(kernel)
            x = stack(layer.signal, idx)
            frames = x[..., ind]                        # (G, *batch, T', n_w)
            pooled = np.sum(frames * weights[:, None], axis=-2)
            for g, p in enumerate(idx):
                signals[p] = pooled[g]
            new_res[idx] = r + np.log2(real_step)
        meta = {k: np.array(v, copy=True) for k, v in layer.meta.items()}
        if len(layer.signal):
            meta["resolution"] = as_resolution_field(new_res)
        out.append(type(layer)(signals, meta, layer.batch_shape))
    return ScatResult(out, kind=getattr(S, "kind", "S"))


def resample_scat(S, res, preserve_energy=True):
    """Resample every coefficient to one resolution by Fourier interpolation.

    MATLAB: ``scatutils/resample_scat.m``.

    A path at resolution ``r`` with ``n`` frames becomes ``interpft(x, n·2^(r−res))``, multiplied
    by ``2^((res−r)/2)`` when ``preserve_energy`` (so that ``Σ|x|²`` is kept for band-limited
    signals); its resolution becomes ``res``. Works on a ScatResult, a ScatLayer or nested lists
    of them (the original's recursion over cells and layers).

    Parameters
    ----------
    S : ScatResult, ScatLayer or (nested) list of them
        Paths ``(*batch, n)``, time last.
    res : int
        Target resolution (log2 of the hop; MATLAB ``res``).
    preserve_energy : bool, default True
        Apply the ``2^((res−r)/2)`` factor.

    Returns
    -------
    ScatResult, ScatLayer or list
        The same container type as the input; new layers with paths ``(*batch, n·2^(r−res))`` and ``meta['resolution']`` = ``res``.

    Raises
    ------
    InputTypeError
        If ``S`` is not a layer or a container of layers.
    OptionTypeError
        If ``res`` is not an integer.
    InputError
        If ``n·2^(r−res)`` is not a whole number ≥ 1 for some path.

    Examples
    --------
    >>> import numpy as np
    >>> from scatnet.scatnet_1d.layers import ScatLayer
    >>> layer = ScatLayer([np.array([1.0, 3.0]), np.array([2.0, 2.0])],
    ...                   {"j": np.array([[0, 1]]), "bandwidth": np.array([0.5, 0.25]),
    ...                    "resolution": np.array([1, 1])})
    >>> out = resample_scat(layer, 0, preserve_energy=False)
    >>> out.signal[0], out.meta["resolution"]
    (array([1., 2., 3., 2.]), array([0, 0]))
    """
    func = "resample_scat"
    if isinstance(res, bool) or not isinstance(res, numbers.Integral):
        raise OptionTypeError(f"{func}: res must be an integer resolution (log2 hop); got {res!r}")
    res = int(res)

    def one_layer(layer):
        signals = [None] * len(layer.signal)
        res1 = resolutions(layer)
        for (shape, r), idx in group_paths(layer.signal, keys=list(res1)):
            n_new = shape[-1] * 2.0 ** (r - res)
            if n_new != math.floor(n_new) or n_new < 1:
                raise InputError(
                    f"{func}: a path of {shape[-1]} frames at resolution {r:g} would have "
                    f"{n_new:g} frames at res={res}; the length times 2^(resolution − res) must "
                    f"be a whole number ≥ 1")
            x = interpft(stack(layer.signal, idx), int(n_new))
            if preserve_energy:
                x = x * 2.0 ** (-(-res + r) / 2)
            for g, p in enumerate(idx):
                signals[p] = x[g]
        meta = {k: np.array(v, copy=True) for k, v in layer.meta.items()}
        if len(layer.signal):
            meta["resolution"] = np.full(len(layer.signal), res, dtype=np.int64)
        return type(layer)(signals, meta, layer.batch_shape)

    return map_nested(S, one_layer, func)


def log_scat(S, epsilon=2 ** -20):
    """Logarithm of every coefficient: ``log(|x| + epsilon·2^(res/2))``.

    MATLAB: ``scatutils/log_scat.m`` (``S = log_scat(S, epsilon)``).

    ``res`` is the path's ``meta['resolution']`` (0 where the layer has none). Works on a
    ScatResult, a ScatLayer, or (nested) lists of them, like the original's recursion over
    cells and layers.

    Parameters
    ----------
    S : ScatResult, ScatLayer or (nested) list/tuple of them
        Paths ``(*batch, n)``, real or complex.
    epsilon : float ≥ 0, default 2**-20
        Regulariser (≈ 1e-6), scaled by ``2^(res/2)`` like the coefficients.

    Returns
    -------
    ScatResult, ScatLayer or list
        The same structure and container types as the input; real paths of the same shapes (float32 stays float32).

    Raises
    ------
    InputTypeError
        If ``S`` (or an element) is not a layer or a container of layers.
    OptionTypeError, OptionError
        If ``epsilon`` is not a number ≥ 0.

    Examples
    --------
    >>> import numpy as np
    >>> from scatnet.scatnet_1d.layers import ScatLayer
    >>> layer = ScatLayer([np.array([1.0, np.e]), np.array([-1.0, 3.0])],
    ...                   {"j": np.array([[0, 1]]), "bandwidth": np.array([0.5, 0.25]),
    ...                    "resolution": np.array([0, 2])})
    >>> log_scat(layer, epsilon=0).signal[0]
    array([0., 1.])
    >>> float(log_scat([layer], epsilon=0.5)[0].signal[1][0])  # log(|−1| + 0.5·2^(2/2))
    0.6931471805599453
    """
    func = "log_scat"
    epsilon = check_epsilon(epsilon, func)

    def one_layer(layer):
        signals = [None] * len(layer.signal)
        offset = epsilon * 2.0 ** (resolutions(layer) / 2)
        for _, idx in group_paths(layer.signal):
            a = np.abs(stack(layer.signal, idx))
            y = np.log(a + per_path(offset[idx], a.ndim).astype(real_dtype(a)))
            for g, p in enumerate(idx):
                signals[p] = y[g]
        return layer.copy(signal=signals)

    return map_nested(S, one_layer, func)


def scat_energy(S, U=None):
    """Energy of a scattering: ``Σ_paths Σ_t |x[t]|²``, per signal.

    MATLAB: ``scatutils/scat_energy.m`` (``energy = scat_energy(S, U)``).

    Parameters
    ----------
    S : ScatResult, ScatLayer or (nested) list of them
        Paths ``(*batch, n)``.
    U : same, optional
        Wavelet-modulus coefficients; their energy is added.

    Returns
    -------
    float or ndarray
        The energy, shape ``batch_shape``: a float for one signal, ``(K,)`` for K signals.

    Raises
    ------
    InputTypeError
        If ``S`` or ``U`` is not a layer or a container of layers.

    Notes
    -----
    The original sums over all K signals together (its own TODO notes that several signals do not
    work); ``scat_energy(S).sum()`` gives that number.

    Examples
    --------
    >>> import numpy as np
    >>> from scatnet.scatnet_1d.layers import ScatLayer
    >>> layer = ScatLayer([np.array([1.0, 2.0]), np.array([3.0])],
    ...                   {"j": np.array([[0, 1]]), "bandwidth": np.ones(2),
    ...                    "resolution": np.array([0, 1])})
    >>> float(scat_energy(layer))
    14.0
    """
    func = "scat_energy"
    totals = []

    def one_layer(layer):
        for _, idx in group_paths(layer.signal):
            x = stack(layer.signal, idx)
            totals.append(np.sum(np.abs(x) ** 2, axis=(0, -1)))
        return layer

    map_nested(S, one_layer, func)
    if U is not None:
        map_nested(U, one_layer, func)
    energy = sum(totals) if totals else 0.0
    return float(energy) if np.ndim(energy) == 0 else energy


def scatfun_layer(fun, layer):
    """Apply ``fun`` to every path of one layer.

    MATLAB: ``scatutils/scatfun_layer.m``.

    Parameters
    ----------
    fun : callable
        ``fun(x)`` with ``x`` one path ``(*batch, n)``; returns the new path.
    layer : ScatLayer
        The layer (MATLAB ``layer``).

    Returns
    -------
    ScatLayer
        New layer with ``signal[p] = fun(signal[p])`` and a copy of the meta.

    Raises
    ------
    OptionTypeError
        If ``fun`` is not callable.
    InputTypeError
        If ``layer`` is not a ScatLayer.

    Examples
    --------
    >>> import numpy as np
    >>> from scatnet.scatnet_1d.layers import ScatLayer
    >>> layer = ScatLayer([np.array([1.0, 4.0]), np.array([9.0])],
    ...                   {"j": np.array([[0, 1]]), "bandwidth": np.ones(2),
    ...                    "resolution": np.array([0, 1])})
    >>> scatfun_layer(np.sqrt, layer).signal
    [array([1., 2.]), array([3.])]
    """
    if not callable(fun):
        raise OptionTypeError(f"scatfun_layer: fun must be callable; got {type(fun).__name__}")
    if not isinstance(layer, ScatLayer):
        raise InputTypeError(f"scatfun_layer: layer must be a ScatLayer; got "
                             f"{type(layer).__name__} (use scatfun for a whole scattering)")
    check_layer(layer, "scatfun_layer")
    return layer.copy(signal=[np.asarray(fun(s)) for s in layer.signal])


def scatfun(fun, S):
    """Apply ``fun`` to every path of every layer.

    MATLAB: ``scatutils/scatfun.m``.

    Parameters
    ----------
    fun : callable
        ``fun(x)`` with ``x`` one path ``(*batch, n)``; returns the new path.
    S : ScatResult or list of ScatLayer
        The scattering (MATLAB cell ``Sx``).

    Returns
    -------
    ScatResult
        New layers (meta copied).

    Raises
    ------
    OptionTypeError
        If ``fun`` is not callable.
    InputTypeError
        If ``S`` is not a ScatResult or a list of layers.

    Examples
    --------
    >>> import numpy as np
    >>> from scatnet.scatnet_1d.layers import ScatLayer, ScatResult
    >>> layer = ScatLayer([np.array([1.0, 4.0])], {"j": np.zeros((0, 1), int),
    ...                   "bandwidth": np.ones(1), "resolution": np.array([0])})
    >>> scatfun(lambda x: 2 * x, ScatResult([layer]))[0].signal
    [array([2., 8.])]
    """
    if not callable(fun):
        raise OptionTypeError(f"scatfun: fun must be callable; got {type(fun).__name__}")
    layers = as_layers(S, "scatfun")
    return ScatResult([scatfun_layer(fun, layer) for layer in layers],
                      kind=getattr(S, "kind", "S"))
