"""``.mat`` files: scattering results for MATLAB/Octave users, and signals saved by MATLAB.

MATLAB: ``save``/``load`` of the ``S``/``U`` cells of scattering.m's ``sc_propagate`` and of the
``N × K`` signal matrices it takes.
"""
import numpy as np
import scipy.io

from scatnet._errors import InputError, InputTypeError
from scatnet._version import __version__
from scatnet.io._paths import MAT_READ_ERRORS, existing_file, mat_destination, write_mat
from scatnet.io.cells import scattering_to_matlab, tensor_to_matlab
from scatnet.io.scatnet_mat import save_scatnet_mat
from scatnet.matlab import opts_to_matlab
from scatnet.scatnet_1d.layers import ScatResult
from scatnet.scattering_m.architecture import Architecture
from scatnet.scattering_m.format import sc_format
from scatnet.scattering_m.result import Scattering

__all__ = ["LAYOUTS", "ORIENTATIONS", "load_signal", "save_mat"]

LAYOUTS = ("nested", "flat", "both")
ORIENTATIONS = ("auto", "columns", "rows")
#: ``orientation='auto'`` takes the longer axis as time only if it is at least this many times
#: longer than the other: scattering.m's own rule (``initialize_variables_auto.m``, spec §3.2).
AUTO_RATIO = 2


def _check_result(value, kind, name):
    if not isinstance(value, Scattering) or value.kind != kind:
        got = type(value).__name__ + (f" of kind {value.kind!r}" if isinstance(value, Scattering)
                                      else "")
        hint = ""
        if isinstance(value, Architecture):
            hint = f": scatter first, {kind} = sc_propagate(x, archs{', return_U=True' * (kind == 'U')})"
        elif isinstance(value, (list, tuple, dict)) and not isinstance(value, Scattering):
            hint = (": this looks like the opts list; scatter first, archs = sc_setup(opts) and "
                    f"{'S, U' if kind == 'U' else 'S'} = sc_propagate(x, archs"
                    f"{', return_U=True' * (kind == 'U')})")
        raise InputTypeError(f"save_mat: {name} must be the {kind} returned by sc_propagate "
                             f"(a Scattering of kind {kind!r}) or, for ScatNet, by scat (a "
                             f"ScatResult); got {got}{hint}")


def _is_scatnet_result(value):
    """Whether ``value`` is a ScatNet ``ScatResult``."""
    return isinstance(value, ScatResult)


def _paths_struct(paths):
    out = {}
    for key, column in paths.to_dict().items():
        column = np.asarray(column)
        if column.dtype == object:
            cell = np.empty((len(column), 1), dtype=object)
            for i, v in enumerate(column):
                cell[i, 0] = str(v)
            out[key] = cell
        else:
            out[key] = column.reshape(-1, 1)
    return out


def _signal_to_matlab(x):
    x = np.asarray(x)
    if x.ndim not in (1, 2):
        raise InputError(f"save_mat: x must have shape (N,) or (K, N), time last; got "
                         f"shape={x.shape}")
    return x.reshape(-1, 1) if x.ndim == 1 else x.T


def save_mat(path, S, U=None, *, layout="nested", x=None, opts=None, do_compression=True):
    """Save scattering coefficients to a ``.mat`` file laid out as the original's output.

    MATLAB: ``[S, U] = sc_propagate(x, archs); save(path, 'S', 'U')`` (scattering.m).

    Layouts (variables in the file):

    * ``'nested'``: ``S`` (and ``U``) as scattering.m's ``1 × (M+1)`` cell of layer structs
      ``{data, ranges, keys}``, so ``S{3}.data{2}``, ``S{4}.data{3}{2}``,
      ``S{3}{1}.data{4}{2}`` (joint) or ``S{3}{1}.data{2}{4}`` (spiral) index exactly as in the
      original. Tensors are ``time × [channel] × γ1 × …``; ``ranges{1}`` holds each tensor's
      ``3 × n_axes`` ``[first; step; last]`` (nested like ``data``), ``ranges{1+ℓ}`` those of
      the cell level ℓ (1 = innermost); ``keys`` holds the axis keys as text
      (``'time{1}.gamma{1}'``). The original's ``variable_tree`` is not written.
    * ``'flat'``: ``F`` = ``sc_format(S)`` in MATLAB's layout (features × frames, channel
      fastest within each path), ``paths`` (a struct of column vectors, one row per path:
      ``order``, ``gamma1``, …, ``xi1``, ``hop``, ``matlab_ref``), and ``S0`` (frames ×
      channels).
    * ``'both'``: all of the above.

    Always written: ``scatnet`` (a struct: ``version``, ``layout``, ``n_signals``), ``fs``
    when ``S`` knows its sample rate, ``x`` (``N × K``) and ``opts_m`` (MATLAB text of the
    options, see :func:`scatnet.matlab.opts_to_matlab`) when given.

    A ScatNet result (``S`` a :class:`~scatnet.scatnet_1d.ScatResult` of :func:`scatnet.scat`)
    is written in ScatNet's layout instead: ``S{m+1}.signal{p}``, ``S{m+1}.meta`` (and
    ``S_table`` for ``'flat'``), ``x`` as ``N × 1 × K``, ``opts`` as the structs ``filt_opt``
    and ``scat_opt``; see :func:`scatnet.io.scatnet_mat.save_scatnet_mat`.

    Parameters
    ----------
    path : str or os.PathLike
        Destination; ``.mat`` is appended when missing.
    S : Scattering or ScatResult
        From :func:`scatnet.sc_propagate` (or, ScatNet, :func:`scatnet.scat`).
    U : Scattering or ScatResult, optional
        From ``sc_propagate(..., return_U=True)`` (or ``scat(..., return_U=True)``; nested
        layouts only).
    layout : {'nested', 'flat', 'both'}
    x : ndarray, optional
        The input signal(s), ``(N,)`` or ``(K, N)``; written as MATLAB's ``N × K``.
    opts : list of dict, optional
        The options of ``S``, written as MATLAB text ``opts_m`` (ScatNet: a
        :class:`~scatnet.matlab.ScatnetScript` or ``(filt_opt, scat_opt)``).
    do_compression : bool
        Zlib compression (MATLAB 5 format, readable by MATLAB and Octave).

    Returns
    -------
    pathlib.Path
        The file written.

    Raises
    ------
    InputTypeError
        ``S`` (or ``U``) is not a result of ``sc_propagate`` of the right kind (e.g. the
        ``opts`` list or an ``archs``: scatter first); ``opts`` is an Architecture; ``path`` is
        not a file name.
    InputError
        Unknown ``layout``; ``U`` with another batch shape than ``S``; ``x`` of a wrong rank;
        the flat layout for layers of different frame counts (from ``sc_format``); ``path``
        is a folder, or its folder does not exist or cannot be written (checked before any
        conversion).

    Examples
    --------
    >>> import numpy as np, scipy.io, tempfile, os
    >>> from scatnet import sc_setup, sc_propagate
    >>> archs = sc_setup([{'time': {'size': 1024, 'T': 128, 'is_chunked': False}}, {'time': {}}])
    >>> S = sc_propagate(np.cos(np.arange(1024.0)), archs)
    >>> path = save_mat(os.path.join(tempfile.mkdtemp(), 'out.mat'), S)
    >>> scipy.io.loadmat(path)['S'][0, 1]['data'][0, 0].shape   # MATLAB S{2}.data
    (16, 7)
    """
    if _is_scatnet_result(S):
        return save_scatnet_mat(path, S, U, layout=layout, x=x, opts=opts,
                                do_compression=do_compression)
    _check_result(S, "S", "S")
    target = mat_destination(path)
    if isinstance(opts, Architecture):
        raise InputTypeError("save_mat: opts is an Architecture; pass the opts list given to "
                             "sc_setup (opts=opts), whose MATLAB text is written as opts_m")
    opts_m = None if opts is None else opts_to_matlab(opts)
    if layout not in LAYOUTS:
        raise InputError(f"save_mat: layout={layout!r} is not one of {LAYOUTS}")
    if U is not None:
        _check_result(U, "U", "U")
        if U.batch_shape != S.batch_shape:
            raise InputError(f"save_mat: U has batch shape {U.batch_shape} but S has "
                             f"{S.batch_shape}; pass the S and U of the same sc_propagate call")
    batched = len(S.batch_shape) > 0
    n_signals = int(np.prod(S.batch_shape)) if batched else 1
    variables = {"scatnet": {"version": __version__, "layout": layout,
                             "n_signals": float(n_signals)}}
    if layout in ("nested", "both"):
        variables["S"] = scattering_to_matlab(S)
        if U is not None:
            variables["U"] = scattering_to_matlab(U)
    if layout in ("flat", "both"):
        F, paths = sc_format(S, layout="matlab")
        variables.update(F=F, paths=_paths_struct(paths),
                         S0=tensor_to_matlab(S[0][0].data, batched))
    if S.fs is not None:
        variables["fs"] = float(S.fs)
    if x is not None:
        variables["x"] = _signal_to_matlab(x)
    if opts is not None:
        variables["opts_m"] = opts_m
    return write_mat(target, variables, do_compression=do_compression, oned_as="column")


def _unreadable(path, error):
    return InputError(f"load_signal: {str(path)!r} is not a MATLAB .mat file that can be read "
                      f"({type(error).__name__}: {error}). Check that the file is complete (not "
                      "truncated by a copy or a download) and was written by MATLAB's save "
                      "(v4 to v7.3) or scipy.io.savemat; re-save it with save(path, 'x', '-v7')")


def _read_variables(path):
    try:
        return scipy.io.loadmat(path, squeeze_me=False), "v5"
    except NotImplementedError:  # MATLAB -v7.3 files are HDF5
        try:
            import h5py
        except ImportError as e:
            raise InputError(f"load_signal: {str(path)!r} is a MATLAB v7.3 (HDF5) file; install "
                             "h5py (pip install 'scatnet[io]') or re-save it in MATLAB with "
                             "save(..., '-v7')") from e
        try:
            with h5py.File(path, "r") as f:  # h5py sees MATLAB's dimensions reversed
                return {k: np.asarray(v).T for k, v in f.items()
                        if isinstance(v, h5py.Dataset) and v.dtype.kind in "biuf"}, "v7.3"
        except MAT_READ_ERRORS as e:
            raise _unreadable(path, e) from e
    except MAT_READ_ERRORS as e:
        raise _unreadable(path, e) from e


def _orient(a, orientation, size, where):
    r, c = a.shape
    if orientation == "columns":
        return a.T
    if orientation == "rows":
        return a
    if size is not None:
        matches = [axis for axis, n in enumerate(a.shape) if n == size]
        if len(matches) == 1:
            return a.T if matches[0] == 0 else a
        why = "both axes" if matches else "neither axis"
        raise InputError(f"load_signal: {where} has shape ({r}, {c}) and {why} has "
                         f"size={size} samples; pass orientation='columns' (MATLAB N × K, one "
                         "signal per column) or orientation='rows' (K × N)")
    if max(r, c) < AUTO_RATIO * min(r, c):
        raise InputError(
            f"load_signal: {where} has shape ({r}, {c}): time cannot be told from channels "
            f"(the longer axis is taken as time only when it is at least {AUTO_RATIO}× the "
            "other, as in scattering.m). Pass orientation='columns' (MATLAB N × K, one signal "
            "per column), orientation='rows' (K × N) or size=N")
    return a.T if r > c else a


def load_signal(path, *, variable=None, orientation="auto", size=None):
    """Load a signal (or several) saved by MATLAB, as scatnet's ``(N,)`` or ``(K, N)``.

    MATLAB: the ``N × K`` input of ``sc_propagate(x, archs)`` (one signal per column).

    Orientation rule. A vector (``N × 1`` or ``1 × N``) gives ``(N,)``. An ``N × 1 × K`` array
    (ScatNet's layout) gives ``(K, N)``. For a matrix ``r × c``:

    * ``orientation='columns'``: MATLAB's layout ``N × K`` (time down the columns);
    * ``orientation='rows'``: ``K × N`` (time along the rows);
    * ``orientation='auto'`` (default): the axis of length ``size`` is time when ``size`` is
      given and exactly one axis has it; otherwise the longer axis is time, but only when it
      is at least twice as long as the other (scattering.m's own rule for telling time from
      channels). Anything else is ambiguous and raises, asking for ``orientation``.

    Parameters
    ----------
    path : str or os.PathLike
        A ``.mat`` file (MATLAB v4–v7 via scipy; v7.3 needs h5py).
    variable : str, optional
        Name of the variable; by default the only numeric, non-scalar variable of the file.
    orientation : {'auto', 'columns', 'rows'}
    size : int, optional
        Expected number of samples N (e.g. ``archs.size``).

    Returns
    -------
    ndarray, shape (N,) or (K, N)
        C-contiguous; float32 stays float32, every other real type becomes float64.

    Raises
    ------
    InputError
        File or variable missing, a file that is not a readable ``.mat`` file (corrupt,
        truncated, another format), several candidate variables, an ambiguous orientation,
        a rank other than 1, 2 or ``N × 1 × K``, or a v7.3 file without h5py.
    InputTypeError
        The variable is not real numeric (complex, char, struct, cell).

    Examples
    --------
    >>> import numpy as np, scipy.io, tempfile, os
    >>> path = os.path.join(tempfile.mkdtemp(), 'x.mat')
    >>> scipy.io.savemat(path, {'x': np.zeros((4096, 3))})     # MATLAB: N × K
    >>> load_signal(path).shape
    (3, 4096)
    """
    if orientation not in ORIENTATIONS:
        raise InputError(f"load_signal: orientation={orientation!r} is not one of {ORIENTATIONS}")
    path = existing_file(path, "load_signal", "file")
    data, _ = _read_variables(path)
    names = [k for k in data if not k.startswith("__")]
    if variable is None:
        candidates = [k for k in names if isinstance(data[k], np.ndarray)
                      and data[k].dtype.kind in "biufc" and data[k].size > 1]
        if len(candidates) != 1:
            found = ", ".join(f"{k} {data[k].shape}" for k in names if hasattr(data[k], "shape"))
            raise InputError(f"load_signal: {str(path)!r} has {len(candidates)} numeric "
                             f"non-scalar variables ({found or 'none'}); choose one with "
                             "variable='…'")
        variable = candidates[0]
    elif variable not in data:
        raise InputError(f"load_signal: {str(path)!r} has no variable {variable!r}; it has "
                         f"{names}")
    a = np.asarray(data[variable])
    where = f"{variable!r} in {path.name}"
    if a.dtype.kind not in "biuf":
        raise InputTypeError(f"load_signal: {where} has dtype={a.dtype}; expected a real "
                             "numeric array (pass x.real for complex data)")
    a = a.astype(np.float32 if a.dtype == np.float32 else np.float64, copy=False)
    if a.ndim == 3 and a.shape[1] == 1:
        a = a[:, 0, :]  # ScatNet's N × 1 × K
        orientation = "columns" if orientation == "auto" else orientation
    if a.ndim != 2:
        raise InputError(f"load_signal: {where} has shape {a.shape}; expected a vector, an "
                         "N × K matrix or N × 1 × K")
    if 1 in a.shape:
        return np.ascontiguousarray(a.ravel())
    return np.ascontiguousarray(_orient(a, orientation, size, where))
