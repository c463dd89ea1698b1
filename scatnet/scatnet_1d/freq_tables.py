"""Grouping of scattering coefficients along the first frequency λ1, and back.

MATLAB: ``scatutils/concatenate_freq.m``, ``scatutils/separate_freq.m``. Operations along
log-frequency (:func:`scatnet.scatnet_1d.freq.scat_freq`) need the coefficients that differ only
in λ1 side by side: one table per (``fr_j``, λ2, λ3, …), rows ordered by decreasing λ1 frequency
(increasing ``j1``). :func:`concatenate_freq` builds these tables, :func:`separate_freq` turns
them back into a layer of paths.
"""
import numpy as np

from .._errors import InputError, InputTypeError, OptionError
from ._post_common import CONTAINERS, check_layer, where
from .layers import ScatLayer, ScatResult

__all__ = ["FreqGroupedLayer", "concatenate_freq", "separate_freq"]

_FMTS = ("table", "cell")


class FreqGroupedLayer:
    """A layer whose coefficients are grouped along λ1 (output of :func:`concatenate_freq`).

    MATLAB: the struct ``Y`` of ``concatenate_freq.m`` (``Y.signal{k}``: a P_k × N × K table,
    ``Y.meta``: one column per coefficient, cumulative over the tables).

    Parameters
    ----------
    signal : list
        ``signal[k]`` is group k: an array ``(*batch, P_k, n)`` (``fmt='table'``; row i is the
        i-th λ1 of the group, time last) or a list of P_k arrays ``(*batch, n)``
        (``fmt='cell'``).
    meta : dict of ndarray
        The meta fields of the paths, columns in group order: columns
        ``sum(P_0 … P_{k−1}) …`` belong to group k, one per row of its table.
    batch_shape : tuple, default ()
        ``()`` for one signal, ``(K,)`` for K signals.
    fmt : {'table', 'cell'}, default 'table'
        How the groups are stored.

    Attributes
    ----------
    signal, meta, batch_shape, fmt
        As given (``signal`` and ``meta`` as a new list and dict).
    """

    __slots__ = ("batch_shape", "fmt", "meta", "signal")

    def __init__(self, signal, meta, batch_shape=(), fmt="table"):
        self.signal = list(signal)
        self.meta = dict(meta)
        self.batch_shape = tuple(batch_shape)
        self.fmt = fmt

    @property
    def sizes(self):
        """Number of λ1 (rows) of each group.

        Returns
        -------
        tuple of int
            ``P_k`` for every group k.
        """
        if self.fmt == "cell":
            return tuple(len(g) for g in self.signal)
        return tuple(int(np.shape(g)[-2]) for g in self.signal)

    def __len__(self):
        return len(self.signal)

    def __repr__(self):
        return (f"FreqGroupedLayer({len(self.signal)} groups of {list(self.sizes)} λ1, "
                f"fmt={self.fmt!r}, batch={self.batch_shape})")


def _rows(value, n_paths):
    """A meta field as a matrix ``(rows, P)`` (a 1-D field is one row)."""
    value = np.asarray(value)
    if value.ndim == 2:
        return value
    if value.size == 0:
        return np.zeros((0, n_paths), dtype=value.dtype if value.dtype != object else np.int64)
    return value.reshape(1, -1)


def _take_columns(meta, order):
    """Every meta field with its columns in ``order`` (1-D fields stay 1-D)."""
    out = {}
    for key, value in meta.items():
        value = np.asarray(value)
        if value.ndim == 0:
            value = value.reshape(1)
        out[key] = value[..., order].copy()
    return out


def _group_labels(layer):
    """Group index of every path: equal ``[fr_j; j[1:]]`` columns share a group; groups are
    numbered in the lexicographic order of these columns (MATLAB ``unique(…, 'rows')``)."""
    n_paths = len(layer.signal)
    key = _rows(layer.meta["j"], n_paths)[1:]
    if "fr_j" in layer.meta:
        key = np.concatenate([_rows(layer.meta["fr_j"], n_paths), key])
    if key.shape[0] == 0 or n_paths == 0:
        return np.zeros(n_paths, dtype=np.intp)
    return np.unique(key.T, axis=0, return_inverse=True)[1].reshape(-1)


def _concatenate_layer(layer, fmt, func, m):
    check_layer(layer, func, m)
    if "j" not in layer.meta:
        raise InputError(f"{func}: {where(m)} has no meta['j']; the groups along λ1 are made "
                         f"from j (rows 2, 3, …) and fr_j, so pass a layer of scat or scat_freq")
    labels = _group_labels(layer)
    order = np.argsort(labels, kind="stable")
    counts = np.bincount(labels, minlength=0)
    groups, start = [], 0
    for count in counts:
        idx = order[start:start + count]
        start += count
        first = np.shape(layer.signal[idx[0]])
        bad = [int(i) for i in idx if np.shape(layer.signal[i]) != first]
        if fmt == "table" and bad:
            raise InputError(
                f"{func}: the paths of one λ1 group differ in shape ({where(m, int(idx[0]))}: "
                f"{first}, {where(m, bad[0])}: {np.shape(layer.signal[bad[0]])}); a table along "
                f"λ1 needs one shape per group: resample them first (resample_scat) or use "
                f"fmt='cell'")
        if fmt == "table":
            groups.append(np.stack([np.asarray(layer.signal[i]) for i in idx], axis=-2))
        else:
            groups.append([np.array(layer.signal[i], copy=True) for i in idx])
    return FreqGroupedLayer(groups, _take_columns(layer.meta, order), layer.batch_shape, fmt)


def concatenate_freq(X, fmt="table"):
    """Group the coefficients that differ only in the first frequency λ1 into tables.

    MATLAB: ``scatutils/concatenate_freq.m`` (``Y = concatenate_freq(X, fmt)``).

    Paths with the same ``[fr_j; j[1:]]`` (``fr_j`` if present, then λ2, λ3, … — every row of
    ``j`` but the first) form one group; groups come in the lexicographic order of that column
    (MATLAB ``unique(…, 'rows')``), the paths of a group in their order in ``X`` (increasing
    ``j1``, i.e. decreasing frequency). Order 0 and order 1 make one group each.

    Parameters
    ----------
    X : ScatLayer, ScatResult or list of ScatLayer
        One layer or a whole scattering (each layer is processed; MATLAB's cell input); needs
        ``meta['j']``.
    fmt : {'table', 'cell'}, default 'table'
        ``'table'``: group k is one array ``(*batch, P_k, n)``; ``'cell'``: a list of its P_k
        paths (copies), which may differ in length.

    Returns
    -------
    FreqGroupedLayer or list of FreqGroupedLayer
        One per layer of ``X``; ``meta`` has the fields of ``X``'s layer with the columns in
        group order.

    Raises
    ------
    OptionError
        If ``fmt`` is not ``'table'`` or ``'cell'``.
    InputTypeError
        If ``X`` is not a layer or a list of layers.
    InputError
        If a layer has no ``meta['j']``, a meta field without one column per path, or
        (``'table'``) paths of different shapes in one group.

    Notes
    -----
    MATLAB's table is P_k × N × K; here the batch comes first and time last,
    ``(K, P_k, N)``. An empty layer gives no group (MATLAB's ``max([])`` loop does the same).

    Examples
    --------
    >>> import numpy as np
    >>> from scatnet.scatnet_1d.layers import ScatLayer
    >>> layer = ScatLayer([np.full(3, v) for v in (1.0, 2.0, 3.0)],
    ...                   {"j": np.array([[0, 0, 1], [2, 3, 3]]), "bandwidth": np.ones(3),
    ...                    "resolution": np.zeros(3, int)})
    >>> Y = concatenate_freq(layer)
    >>> Y.sizes, Y.meta["j"]
    ((1, 2), array([[0, 0, 1],
           [2, 3, 3]]))
    >>> Y.signal[1]
    array([[2., 2., 2.],
           [3., 3., 3.]])
    """
    func = "concatenate_freq"
    if fmt not in _FMTS:
        raise OptionError(f"{func}: unknown fmt={fmt!r}; use 'table' (one array (*batch, P, n) "
                          f"per group, the default) or 'cell' (a list of the paths per group)")
    if isinstance(X, ScatLayer):
        return _concatenate_layer(X, fmt, func, 0)
    if not isinstance(X, CONTAINERS):
        raise InputTypeError(f"{func}: X must be a ScatLayer, a ScatResult or a list of "
                             f"ScatLayer (MATLAB: a layer or a cell of layers); got "
                             f"{type(X).__name__}")
    return [_concatenate_layer(layer, fmt, func, m) for m, layer in enumerate(X)]


def _separate_layer(Y, func, m):
    if not isinstance(Y, FreqGroupedLayer):
        raise InputTypeError(f"{func}: Y[{m}] must be a FreqGroupedLayer, as concatenate_freq "
                             f"returns them; got {type(Y).__name__}: pass "
                             f"separate_freq(concatenate_freq(S))")
    if "j" not in Y.meta:
        raise InputError(f"{func}: Y[{m}] has no meta['j']; separate_freq orders the paths by j")
    signals = []
    for group in Y.signal:
        if Y.fmt == "cell":
            signals.extend(np.array(s, copy=True) for s in group)
        else:
            group = np.asarray(group)
            signals.extend(np.array(group[..., i, :], copy=True) for i in range(group.shape[-2]))
    n_paths = len(signals)
    for key, value in Y.meta.items():
        if np.shape(value)[-1:] != (n_paths,) and not (n_paths == 0 and np.size(value) == 0):
            raise InputError(
                f"{func}: Y[{m}].meta[{key!r}] has shape {np.shape(value)} but the groups hold "
                f"{n_paths} paths (sizes {list(Y.sizes)}); every meta field needs one column per "
                f"row of the tables, as concatenate_freq makes them")
    j = _rows(Y.meta["j"], n_paths)
    order = (np.lexsort(j[::-1]) if j.shape[0] and n_paths else np.arange(n_paths))
    return ScatLayer([signals[i] for i in order], _take_columns(Y.meta, order), Y.batch_shape)


def separate_freq(Y):
    """Split the λ1 tables of :func:`concatenate_freq` back into one path per coefficient.

    MATLAB: ``scatutils/separate_freq.m`` (``Z = separate_freq(Y)``).

    Row i of table k becomes a path ``(*batch, n)``; the paths (and the meta columns) are then
    sorted by their ``j`` column, lexicographically with ``j[0]`` first and stably (MATLAB
    ``sortrows(j.')``), which restores the order of :func:`scatnet.scat`'s layers:
    ``separate_freq(concatenate_freq(S)) == S``.

    Parameters
    ----------
    Y : FreqGroupedLayer or list of FreqGroupedLayer
        Output of :func:`concatenate_freq` (``'table'`` or ``'cell'``).

    Returns
    -------
    ScatLayer or ScatResult
        A layer for a FreqGroupedLayer, a ScatResult for a list; every array is new.

    Raises
    ------
    InputTypeError
        If ``Y`` is not a FreqGroupedLayer or a list of them.
    InputError
        If a layer has no ``meta['j']`` or a meta field does not have one column per row.

    Examples
    --------
    >>> import numpy as np
    >>> from scatnet.scatnet_1d.layers import ScatLayer
    >>> layer = ScatLayer([np.full(2, v) for v in (1.0, 2.0, 3.0)],
    ...                   {"j": np.array([[0, 0, 1], [2, 3, 3]])})
    >>> Z = separate_freq(concatenate_freq(layer))
    >>> Z.meta["j"], [float(s[0]) for s in Z.signal]
    (array([[0, 0, 1],
           [2, 3, 3]]), [1.0, 2.0, 3.0])
    """
    func = "separate_freq"
    if isinstance(Y, FreqGroupedLayer):
        return _separate_layer(Y, func, 0)
    if not isinstance(Y, (list, tuple)):
        raise InputTypeError(f"{func}: Y must be a FreqGroupedLayer or a list of them (output "
                             f"of concatenate_freq); got {type(Y).__name__}")
    return ScatResult([_separate_layer(y, func, m) for m, y in enumerate(Y)])
