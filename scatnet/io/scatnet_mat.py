"""``.mat`` files of ScatNet results: ``S`` / ``U`` as ScatNet's cells of layer structs.

MATLAB: ``[S, U] = scat(x, Wop); save(path, 'S', 'U', 'x')`` (ScatNet, ``core/scat.m``):
``S{m+1}.signal{p}`` is ``n_p × 1`` (``n_p × 1 × K`` for K signals) and ``S{m+1}.meta`` holds
``j`` (m × P, 0-based), ``bandwidth`` (1 × P) and ``resolution`` (1 × P), all doubles.
"""
import numpy as np

from scatnet._errors import InputError, InputTypeError
from scatnet._version import __version__
from scatnet.io._paths import mat_destination, write_mat
from scatnet.matlab.scatnet_reader import ScatnetScript
from scatnet.scatnet_1d import post
from scatnet.scatnet_1d.layers import ScatResult

__all__ = ["LAYOUTS", "save_scatnet_mat", "scatnet_layer_to_matlab", "scatnet_signal_to_matlab",
           "scatnet_to_matlab"]

LAYOUTS = ("nested", "flat", "both")


def _row_cell(items):
    cell = np.empty((1, len(items)), dtype=object)
    for i, item in enumerate(items):
        cell[0, i] = item
    return cell


def _double(a):
    """MATLAB's class of a numeric value: ScatNet keeps indices and resolutions as double."""
    a = np.asarray(a)
    return a.astype(np.float64) if a.dtype.kind in "biu" else a


def _meta_field(value, n_paths):
    """A meta field in ScatNet's orientation: ``(P,)`` → 1 × P, ``(r, P)`` as it is."""
    a = _double(value)
    if a.ndim == 1:
        return np.zeros((0, 0)) if a.size == 0 and n_paths else a.reshape(1, -1)
    return a


def _path_to_matlab(signal, batched):
    """One path ``(n,)`` or ``(K, n)`` → MATLAB ``n × 1`` or ``n × 1 × K``."""
    a = np.asarray(signal)
    return a.T[:, np.newaxis, :] if batched else a.reshape(-1, 1)


def scatnet_layer_to_matlab(layer):
    """One ScatNet layer as the MATLAB struct ``{signal, meta}`` (a dict for savemat).

    MATLAB: ``S{m+1}`` of ``scat``: ``signal`` a 1 × P cell, ``meta`` a struct.

    Parameters
    ----------
    layer : ScatLayer
        Paths ``(n_p,)`` or ``(K, n_p)``, time last.

    Returns
    -------
    dict
        ``'signal'``: object array ``(1, P)`` of ``n_p × 1`` (or ``n_p × 1 × K``) arrays;
        ``'meta'``: dict of float64 arrays, ``(P,)`` fields as ``1 × P`` rows, ``j`` as ``m × P``.

    Examples
    --------
    >>> from scatnet.scatnet_1d.layers import ScatLayer
    >>> layer = ScatLayer([np.zeros(4), np.ones(4)], {'j': np.array([[0, 1]]),
    ...                   'bandwidth': np.array([.5, .25]), 'resolution': np.array([1, 1])})
    >>> out = scatnet_layer_to_matlab(layer)
    >>> out['signal'].shape, out['signal'][0, 1].shape, out['meta']['bandwidth'].shape
    ((1, 2), (4, 1), (1, 2))
    """
    batched = len(layer.batch_shape) > 0
    n_paths = len(layer.signal)
    return {"signal": _row_cell([_path_to_matlab(s, batched) for s in layer.signal]),
            "meta": {key: _meta_field(value, n_paths) for key, value in layer.meta.items()}}


def scatnet_to_matlab(S):
    """Convert a ScatNet result to MATLAB's ``1 × (M+1)`` cell of layer structs.

    MATLAB: ``S`` or ``U`` of ``[S, U] = scat(x, Wop)``.

    Parameters
    ----------
    S : scatnet.scatnet_1d.layers.ScatResult
        ``S`` or ``U`` returned by :func:`scatnet.scat`.

    Returns
    -------
    ndarray of object, shape (1, M + 1)
        ``out[0, m]`` is :func:`scatnet_layer_to_matlab` of layer ``m``.
    """
    return _row_cell([scatnet_layer_to_matlab(layer) for layer in S])


def scatnet_signal_to_matlab(x):
    """Reshape the input of ``scat`` as ScatNet takes it: ``(N,)`` → N × 1, ``(K, N)`` → N × 1 × K.

    Parameters
    ----------
    x : array_like, shape (N,) or (K, N)
        The signals, time last.

    Returns
    -------
    ndarray, shape (N, 1) or (N, 1, K)
        The same values in ScatNet's layout.

    Raises
    ------
    InputError
        If ``x`` is not 1-D or 2-D.
    """
    x = np.asarray(x)
    if x.ndim not in (1, 2):
        raise InputError(f"save_mat: x must have shape (N,) or (K, N), time last; got "
                         f"shape={x.shape}")
    return _path_to_matlab(x, x.ndim == 2)


def _check(value, kind, name):
    if not isinstance(value, ScatResult) or getattr(value, "kind", "S") != kind:
        got = type(value).__name__ + (f" of kind {value.kind!r}" if isinstance(value, ScatResult)
                                      else "")
        raise InputTypeError(f"save_mat: {name} must be the {kind} returned by scat (a ScatResult "
                             f"of kind {kind!r}); got {got}")
    batches = set()
    for m, layer in enumerate(value):
        if not (hasattr(layer, "signal") and hasattr(layer, "meta")):
            raise InputTypeError(f"save_mat: {name}[{m}] (MATLAB {name}{{{m + 1}}}) is a "
                                 f"{type(layer).__name__}, not a ScatLayer")
        batch = tuple(layer.batch_shape)
        for p, s in enumerate(layer.signal):
            if np.shape(s)[:-1] != batch or np.ndim(s) != len(batch) + 1:
                raise InputError(f"save_mat: {name}[{m}].signal[{p}] (MATLAB "
                                 f"{name}{{{m + 1}}}.signal{{{p + 1}}}) has shape {np.shape(s)}; "
                                 f"the layer's batch_shape={batch} needs {batch + ('n',)}")
        batches.add(batch)
    if len(batches) > 1:
        raise InputError(f"save_mat: the orders of {name} have different batch shapes "
                         f"{sorted(batches)}; all orders of one scattering hold the same signals")
    batch = batches.pop() if batches else ()
    if len(batch) > 1:
        raise InputError(f"save_mat: {name} has batch_shape={batch}; ScatNet's layout holds one "
                         "axis of signals (n × 1 × K): reshape the input to (K, N) first")
    return batch


def _option_to_matlab(value):
    """An option value (``filt_opt``/``scat_opt`` field) as MATLAB writes it."""
    if isinstance(value, dict):
        return {k: _option_to_matlab(v) for k, v in value.items()}
    if isinstance(value, (str, bool, np.bool_)):
        return value
    if isinstance(value, (list, tuple)) and value and all(isinstance(v, str) for v in value):
        return _row_cell(list(value))
    a = np.asarray(value)
    if a.size == 0:
        return np.zeros((0, 0))
    return _double(a) if a.ndim == 0 else _double(a).reshape(1, -1)


def _options_variables(opts):
    if isinstance(opts, ScatnetScript):
        out = {"filt_opt": opts.filt_opt, "scat_opt": opts.scat_opt}
        if opts.N is not None:
            out["N"] = float(opts.N)
    elif (isinstance(opts, (tuple, list)) and len(opts) == 2
          and all(isinstance(o, dict) or o is None for o in opts)):
        out = {"filt_opt": opts[0] or {}, "scat_opt": opts[1] or {}}
    else:
        raise InputTypeError(f"save_mat: for a ScatNet result, opts must be the ScatnetScript of "
                             f"scatnet_from_matlab or a pair (filt_opt, scat_opt); got "
                             f"{type(opts).__name__}")
    return {k: _option_to_matlab(v) for k, v in out.items()}


def _table_variables(S):
    format_scat = getattr(post, "format_scat", None)
    if format_scat is None:  # pragma: no cover - format_scat ships with scatnet_1d
        raise InputError("save_mat: layout='flat' for a ScatNet result needs "
                         "scatnet.scatnet_1d.post.format_scat, which this install lacks; use "
                         "layout='nested'")
    table, meta = format_scat(S, "table", layout="matlab")
    n_paths = table.shape[0]
    return {"S_table": table,
            "S_table_meta": {k: _meta_field(v, n_paths) for k, v in meta.items()}}


def save_scatnet_mat(path, S, U=None, *, layout="nested", x=None, opts=None,
                     do_compression=True):
    """Save a ScatNet result in ScatNet's own layout (the ScatNet branch of ``save_mat``).

    MATLAB: ``[S, U] = scat(x, Wop); save(path, 'S', 'U', 'x')``;
    ``[S_table, S_table_meta] = format_scat(S)`` for the flat layout.

    Variables written:

    * ``'nested'``: ``S`` (and ``U``), ``1 × (M+1)`` cells of structs ``{signal, meta}``:
      ``S{m+1}.signal{p}`` is ``n_p × 1`` (``n_p × 1 × K`` for K signals);
      ``S{m+1}.meta.j`` is ``m × P`` (0-based; order 0: ``0 × 1``), ``meta.bandwidth`` and
      ``meta.resolution`` are ``1 × P``; other meta fields (``order`` after ``flatten_scat``,
      …) likewise. Numbers are doubles, as in ScatNet.
    * ``'flat'``: ``S_table`` = ``format_scat(S)``, ``P × T`` (``P × T × K``), and
      ``S_table_meta`` (``order``, ``j`` padded with −1, ``bandwidth``, ``resolution``).
    * ``'both'``: all of them.

    Always: ``scatnet`` (struct: ``version``, ``toolbox = 'ScatNet'``, ``layout``,
    ``n_signals``); ``x`` (``N × 1`` or ``N × 1 × K``) when given; ``filt_opt``,
    ``scat_opt`` (structs) and ``N`` (if known) when ``opts`` is given.

    Parameters
    ----------
    path : str or os.PathLike
        Destination; ``.mat`` is appended when missing.
    S : ScatResult
        From :func:`scatnet.scat` (kind ``'S'``), possibly post-processed
        (``renorm_scat``, ``log_scat``, …).
    U : ScatResult, optional
        From ``scat(x, Wop, return_U=True)`` (kind ``'U'``); nested layouts only.
    layout : {'nested', 'flat', 'both'}
    x : ndarray, optional
        The input signal(s), ``(N,)`` or ``(K, N)``.
    opts : ScatnetScript or tuple of dict, optional
        :func:`scatnet.matlab.scatnet_from_matlab`'s result or ``(filt_opt, scat_opt)``.
    do_compression : bool
        Zlib compression (MATLAB 5 format, read by MATLAB and Octave).

    Returns
    -------
    pathlib.Path
        The file written.

    Raises
    ------
    InputTypeError
        ``S`` / ``U`` not a ScatResult of the right kind; ``opts`` of another type; ``path``
        not a file name.
    InputError
        Unknown ``layout``; paths whose shape disagrees with the batch; ``U`` or ``x`` with
        other signals than ``S``; ``x`` of a wrong rank; ``'flat'`` when the orders differ in
        frames (from ``format_scat``); ``path`` is a folder, or its folder does not exist or
        cannot be written.
    """
    if layout not in LAYOUTS:
        raise InputError(f"save_mat: layout={layout!r} is not one of {LAYOUTS}")
    batch = _check(S, "S", "S")
    target = mat_destination(path)
    if U is not None:
        u_batch = _check(U, "U", "U")
        if u_batch != batch:
            raise InputError(f"save_mat: U holds signals of batch shape {u_batch} but S "
                             f"{batch}; pass the S and U of the same scat call")
    n_signals = int(np.prod(batch)) if batch else 1
    variables = {"scatnet": {"version": __version__, "toolbox": "ScatNet", "layout": layout,
                             "n_signals": float(n_signals)}}
    if layout in ("nested", "both"):
        variables["S"] = scatnet_to_matlab(S)
        if U is not None:
            variables["U"] = scatnet_to_matlab(U)
    if layout in ("flat", "both"):
        variables.update(_table_variables(S))
    if x is not None:
        xm = scatnet_signal_to_matlab(x)
        if (np.ndim(x) == 2) != bool(batch) or (batch and np.shape(x)[0] != batch[0]):
            raise InputError(f"save_mat: x has shape {np.shape(x)} but S holds "
                             f"{n_signals if batch else 'one'} signal(s) (batch_shape={batch}); "
                             "pass the x given to scat")
        variables["x"] = xm
    if opts is not None:
        variables.update(_options_variables(opts))
    return write_mat(target, variables, do_compression=do_compression, oned_as="row")
