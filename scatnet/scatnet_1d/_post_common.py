"""Helpers shared by ScatNet's post-processing (:mod:`.post`, :mod:`.layerwise`).

Two public ports live here and are re-exported by :mod:`.post`: MATLAB's builtin ``interpft``
(Fourier interpolation, used by ``renorm_scat`` and ``resample_scat``) and
``scatutils/hanning_standalone.m`` (the default window of ``average_scat``). The rest is private:
validation of the ``S`` cell / layer arguments (one message style for every function),
the recursion over nested containers that ``log_scat`` and ``resample_scat`` do in MATLAB
(``if iscell(S) … self-call``), and the grouping of a layer's paths by shape so that paths of
one length are processed as one stacked array.
"""
import numbers

import numpy as np
import scipy.fft

from .._errors import InputError, InputTypeError, OptionError, OptionTypeError
from .layers import ScatLayer, ScatResult

#: Containers that play MATLAB's cell array of layers.
CONTAINERS = (ScatResult, list, tuple)


def where(m, p=None):
    """Spell a layer or path for messages: ``S[m]`` (MATLAB ``S{m+1}``) or ``S[m].signal[p]``.

    Parameters
    ----------
    m : int
        The 0-based layer.
    p : int, optional
        The 0-based path of that layer.

    Returns
    -------
    str
        ``'S[m] (MATLAB S{m+1})'`` or ``'S[m].signal[p] (MATLAB S{m+1}.signal{p+1})'``.
    """
    if p is None:
        return f"S[{m}] (MATLAB S{{{m + 1}}})"
    return f"S[{m}].signal[{p}] (MATLAB S{{{m + 1}}}.signal{{{p + 1}}})"


def as_layers(S, func):
    """Check ``S`` and return its layers.

    Parameters
    ----------
    S : ScatResult or list or tuple of ScatLayer
        A whole scattering (MATLAB's cell ``S``).
    func : str
        The calling function, for error messages.

    Returns
    -------
    list of ScatLayer
        The layers of ``S``, each checked by :func:`check_layer`.

    Raises
    ------
    InputTypeError
        If ``S`` is a single layer or not a container of layers.
    InputError
        If a layer is malformed (:func:`check_layer`).
    """
    if isinstance(S, ScatLayer):
        raise InputTypeError(
            f"{func}: S is one ScatLayer, but {func} works on the whole scattering (MATLAB cell "
            f"S): pass ScatResult([layer]) or [layer] instead")
    if not isinstance(S, CONTAINERS):
        raise InputTypeError(
            f"{func}: S must be a ScatResult (or a list of ScatLayer, MATLAB's cell S); "
            f"got {type(S).__name__}")
    for m, layer in enumerate(S):
        check_layer(layer, func, m)
    return list(S)


def check_layer(layer, func, m=0):
    """Raise unless ``layer`` is a ScatLayer whose meta fields have one column per path.

    Parameters
    ----------
    layer : ScatLayer
        The layer to check.
    func : str
        The calling function, for error messages.
    m : int, default 0
        The index of the layer in ``S``, for error messages.

    Raises
    ------
    InputTypeError
        If ``layer`` is not a ScatLayer.
    InputError
        If a meta field does not have one column per path, ``resolution``, ``j`` or
        ``order`` is complex, or a path is a scalar.
    """
    if not isinstance(layer, ScatLayer):
        raise InputTypeError(
            f"{func}: {where(m)} must be a ScatLayer; got {type(layer).__name__}")
    n_paths = len(layer.signal)
    for key, value in layer.meta.items():
        shape = np.shape(value)
        fits = (len(shape) in (1, 2) and shape[-1] == n_paths) or (n_paths == 1 and shape == ())
        if n_paths and not fits:
            raise InputError(
                f"{func}: {where(m)}.meta[{key!r}] has shape {shape}, but the layer has "
                f"{n_paths} paths: every meta field needs one column per path, shape "
                f"({n_paths},) or (rows, {n_paths})")
        if key in ("resolution", "j", "order") and np.size(value) and np.issubdtype(
                np.asarray(value).dtype, np.complexfloating):
            raise InputError(f"{func}: {where(m)}.meta[{key!r}] must be real")
    for p, sig in enumerate(layer.signal):
        if np.ndim(sig) < 1:
            raise InputError(
                f"{func}: {where(m, p)} is a scalar; every path is an array (*batch, n_p) with "
                f"time last")


def resolutions(layer):
    """Read ``meta['resolution']`` as a float array (P,), 0 where the field is absent (as MATLAB).

    Parameters
    ----------
    layer : ScatLayer
        The layer (P paths).

    Returns
    -------
    ndarray, float64, shape (P,)
        The log2 downsampling of each path; a scalar field is broadcast (read-only view).
    """
    n_paths = len(layer.signal)
    if "resolution" not in layer.meta:
        return np.zeros(n_paths)
    res = np.asarray(layer.meta["resolution"], dtype=float).reshape(-1)
    return np.broadcast_to(res, (n_paths,)) if res.size == 1 else res


def as_resolution_field(values):
    """Make a new ``meta['resolution']``: int64 when every value is integral, else float64.

    MATLAB keeps doubles; a fractional hop appears only after a non-dyadic ``average_scat``
    step.

    Parameters
    ----------
    values : array_like of float
        The resolutions of the paths.

    Returns
    -------
    ndarray, int64 or float64
        ``values`` as int64 if all of them are integral, else as float64.
    """
    values = np.asarray(values, dtype=float)
    if np.all(values == np.round(values)):
        return values.astype(np.int64)
    return values


def group_paths(signals, keys=None):
    """Group the indices of the paths that share a shape, a dtype (and ``keys[p]``).

    Parameters
    ----------
    signals : sequence of array_like
        The paths of a layer, each ``(*batch, n_p)``.
    keys : sequence, optional
        A further key per path (e.g. its resolution) that paths of a group share.

    Returns
    -------
    list of (tuple, ndarray)
        ``(key, idx)`` per group, in first-appearance order: ``key`` is ``(shape,)`` or
        ``(shape, keys[p])`` and ``idx`` an intp array; stacking ``signals[idx]`` gives one
        array ``(G, *batch, n)`` of the paths' dtype.
    """
    groups = {}
    for p, sig in enumerate(signals):
        key = (np.shape(sig),) if keys is None else (np.shape(sig), keys[p])
        groups.setdefault((key, np.asarray(sig).dtype), []).append(p)
    return [(key, np.asarray(idx, dtype=np.intp)) for (key, _), idx in groups.items()]


def stack(signals, idx):
    """Stack the paths ``idx`` into one new array.

    Parameters
    ----------
    signals : sequence of array_like
        The paths of a layer.
    idx : sequence of int
        Paths of one shape (a group of :func:`group_paths`).

    Returns
    -------
    ndarray, shape (G, *batch, n)
        ``np.stack`` of the paths, ``G = len(idx)``.
    """
    return np.stack([np.asarray(signals[i]) for i in idx])


def per_path(values, ndim):
    """Shape per-path ``values`` (G,) to broadcast against a stack of ``ndim`` dimensions.

    Parameters
    ----------
    values : array_like, shape (G,)
        One value per path of a stack.
    ndim : int
        The number of dimensions of the stack ``(G, *batch, n)``.

    Returns
    -------
    ndarray, shape (G, 1, …, 1)
        ``values`` with ``ndim − 1`` trailing axes of length 1.
    """
    return np.asarray(values).reshape((-1,) + (1,) * (ndim - 1))


def real_dtype(a):
    """Choose the floating dtype that results of ``a`` keep: float32 stays float32, else float64.

    Parameters
    ----------
    a : ndarray
        A path (real or complex).

    Returns
    -------
    numpy.dtype
        The dtype of ``abs(a)`` if it is floating (float32 for float32 and complex64), else
        float64.
    """
    dt = np.abs(np.empty(0, dtype=a.dtype)).dtype
    return dt if np.issubdtype(dt, np.floating) else np.dtype(np.float64)


def map_nested(S, layer_fn, func):
    """Apply ``layer_fn`` to every layer of a nested structure, keeping the container types.

    MATLAB: ``if iscell(S), for m … S{m+1} = f(S{m+1}); end, return; end`` followed by the
    per-layer code (``log_scat.m``, ``resample_scat.m``, ``scat_energy.m``).

    Parameters
    ----------
    S : ScatLayer, ScatResult, or (nested) list or tuple of them
        The structure to map.
    layer_fn : callable
        ``layer_fn(layer) -> ScatLayer``, applied to every layer (after :func:`check_layer`).
    func : str
        The calling function, for error messages.

    Returns
    -------
    ScatLayer, ScatResult, list or tuple
        The same structure with every layer replaced by ``layer_fn(layer)``; a ScatResult
        keeps its ``kind``.

    Raises
    ------
    InputTypeError
        If ``S`` (or an element) is none of those.
    """
    if isinstance(S, ScatLayer):
        check_layer(S, func)
        return layer_fn(S)
    if isinstance(S, ScatResult):
        return ScatResult([map_nested(x, layer_fn, func) for x in S], kind=S.kind)
    if isinstance(S, (list, tuple)):
        return type(S)(map_nested(x, layer_fn, func) for x in S)
    raise InputTypeError(
        f"{func}: expected a ScatResult, a ScatLayer or a (nested) list of them (MATLAB: a cell "
        f"of layers or one layer); got {type(S).__name__}")


def check_epsilon(epsilon, func):
    """Check ``epsilon``: a finite real number ≥ 0.

    Parameters
    ----------
    epsilon : float
        The value given.
    func : str
        The calling function, for error messages.

    Returns
    -------
    float
        ``epsilon``.

    Raises
    ------
    OptionTypeError
        If ``epsilon`` is not a real number (bools rejected).
    OptionError
        If it is not finite or is negative.
    """
    if isinstance(epsilon, bool) or not isinstance(epsilon, numbers.Real):
        raise OptionTypeError(
            f"{func}: epsilon must be a real number (default 2**-20); got {epsilon!r}")
    if not np.isfinite(epsilon) or epsilon < 0:
        raise OptionError(
            f"{func}: epsilon={epsilon!r} must be finite and ≥ 0 (default 2**-20 ≈ 1e-6)")
    return float(epsilon)


def check_positive(value, name, func):
    """Check a finite number > 0 (a length or hop in samples).

    Parameters
    ----------
    value : float
        The value given.
    name : str
        The name of the argument, for error messages.
    func : str
        The calling function, for error messages.

    Returns
    -------
    float
        ``value``.

    Raises
    ------
    OptionTypeError
        If ``value`` is not a real number (bools rejected).
    OptionError
        If it is not finite or not > 0.
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise OptionTypeError(f"{func}: {name} must be a number of samples; got {value!r}")
    if not np.isfinite(value) or value <= 0:
        raise OptionError(f"{func}: {name}={value!r} must be a finite number of samples > 0")
    return float(value)


def check_int(value, name, func, minimum):
    """Check an integer option ≥ ``minimum`` (bools rejected).

    Parameters
    ----------
    value : int
        The value given.
    name : str
        The name of the argument, for error messages.
    func : str
        The calling function, for error messages.
    minimum : int
        The smallest value allowed.

    Returns
    -------
    int
        ``value``.

    Raises
    ------
    OptionTypeError
        If ``value`` is not an integer.
    OptionError
        If it is below ``minimum``.
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise OptionTypeError(f"{func}: {name} must be an integer; got {value!r}")
    if value < minimum:
        raise OptionError(f"{func}: {name}={value!r} must be ≥ {minimum}")
    return int(value)


def interpft(x, n, axis=-1):
    """Resample ``x`` to ``n`` samples along ``axis`` by Fourier (trigonometric) interpolation.

    MATLAB: builtin ``interpft(x, n)``, as GNU Octave 7.3 ``general/interpft.m`` computes it.

    With ``m = x.shape[axis]``, ``inc = ceil(m/n)`` and ``y = fft(x)/m``, the spectrum is
    zero-padded to ``n·inc`` bins after its first ``ceil(m/2)`` bins; for even ``m`` (when padding
    happens) the Nyquist bin ``y[m/2]`` is split in two halves, one at each end of the padding.
    Then ``z = n·ifft(·)`` and, if ``inc > 1``, ``z = inc·z[::inc]``. For ``n ≥ m`` this is the
    band-limited interpolation ``z[t] = x(t·m/n)``; for ``n < m`` it keeps every ``inc``-th sample
    of the interpolation to ``n·inc`` samples (no anti-aliasing, as in the original).

    Parameters
    ----------
    x : array_like, shape (..., m, ...)
        Real or complex samples.
    n : int > 0
        Number of output samples.
    axis : int, default -1
        Axis to resample (time last; MATLAB's default is the first non-singleton dimension).

    Returns
    -------
    ndarray
        Shape of ``x`` with ``n`` along ``axis``; real when ``x`` is real (MATLAB), complex otherwise.

    Raises
    ------
    OptionTypeError
        If ``n`` is not an integer.
    OptionError
        If ``n < 1``.
    InputError
        If ``x`` has no sample along ``axis``.

    Notes
    -----
    MATLAB's own ``interpft`` pads to ``(floor(m/n)+1)·n`` bins when ``n`` divides ``m``, Octave to
    ``m``; both then return ``x[::m/n]`` up to rounding. Octave returns a complex array with
    ~1e-16 imaginary parts for some real inputs; here a real input gives a real output.

    Examples
    --------
    >>> import numpy as np
    >>> np.round(interpft([1.0, 3.0, 2.0, 5.0], 8), 4)
    array([1.    , 1.6893, 3.    , 2.3964, 2.    , 3.8107, 5.    , 3.1036])
    >>> interpft([1.0, 3.0, 2.0, 5.0, 4.0, 7.0], 3)
    array([1., 2., 4.])
    """
    if isinstance(n, bool) or not isinstance(n, numbers.Integral):
        raise OptionTypeError(f"interpft: n must be an integer number of samples; got {n!r}")
    if n < 1:
        raise OptionError(f"interpft: n={n!r} must be ≥ 1 (the number of output samples)")
    x = np.asarray(x)
    x = np.moveaxis(x, axis, -1)
    m = x.shape[-1]
    if m == 0:
        raise InputError("interpft: x has no sample along the resampled axis; it needs m ≥ 1")
    n = int(n)
    inc = -(-m // n)  # ceil(m/n)
    k = -(-m // 2)    # ceil(m/2)
    y = scipy.fft.fft(x, axis=-1) / m
    pad = n * inc - m
    z = np.concatenate([y[..., :k], np.zeros(x.shape[:-1] + (pad,), dtype=y.dtype), y[..., k:]],
                       axis=-1)
    if pad > 0 and 2 * k == m:
        half = z[..., n * inc - k] / 2
        z[..., n * inc - k] = half
        z[..., k] = half
    z = n * scipy.fft.ifft(z, axis=-1)
    if inc != 1:
        z = inc * z[..., ::inc]
    if not np.iscomplexobj(x):
        z = z.real.copy()
    return np.moveaxis(z, -1, axis)


def hanning_standalone(window_length):
    """Symmetric Hann window without its zero end points.

    MATLAB: ``scatutils/hanning_standalone.m``.

    ``w[t] = ½(1 − cos(2π(t+1)/(L+1)))`` for ``t = 0 … L−1``: the half ``t < ceil(L/2)`` is computed
    and mirrored (the middle sample once for odd ``L``).

    Parameters
    ----------
    window_length : int ≥ 1
        ``L``, the number of samples.

    Returns
    -------
    ndarray
        The window, shape ``(L,)``.

    Raises
    ------
    OptionTypeError
        If ``window_length`` is not an integer.
    OptionError
        If ``window_length < 1``.

    Examples
    --------
    >>> hanning_standalone(3)
    array([0.5, 1. , 0.5])
    >>> hanning_standalone(4)
    array([0.3454915, 0.9045085, 0.9045085, 0.3454915])
    """
    if isinstance(window_length, bool) or not isinstance(window_length, numbers.Integral):
        raise OptionTypeError(
            f"hanning_standalone: window_length must be an integer; got {window_length!r}")
    if window_length < 1:
        raise OptionError(f"hanning_standalone: window_length={window_length!r} must be ≥ 1")
    odd = window_length % 2
    half_length = (window_length + odd) // 2
    half = 0.5 * (1 - np.cos(2 * np.pi * np.arange(1, half_length + 1) / (window_length + 1)))
    return np.concatenate([half, half[half_length - 1 - odd::-1] if half_length - odd else []])
