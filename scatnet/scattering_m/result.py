"""Pythonic containers for S, U and Y, with MATLAB references and paths tables.

Mapping to scattering.m's nested cells (plain time scattering):

=====================  ===============================  ===============================
MATLAB                 scatnet                           tensor shape (one signal)
=====================  ===============================  ===============================
``S{1}.data``          ``S[0][0].data``                  ``(frames,)``
``S{2}.data``          ``S[1][0].data``                  ``(n_γ1, frames)``
``S{3}.data{i}``       ``S[2][i-1].data``                ``(n_γ1(γ2), frames)``
``S{4}.data{i3}{i2}``  ``S[3].tensor(gamma3=…, gamma2=…)``  ``(n_γ1, frames)``
``U{2}.data{i}``       ``U[1][i-1].data``                ``(N·2**ls(γ1),)``
=====================  ===============================  ===============================

MATLAB's tensors are ``time × [channel] × γ1``; scatnet's are ``[K] × γ1 × time`` (time last,
the batch axis first and absent for a 1-D input).
"""
from collections.abc import Sequence

import numpy as np

GAMMA_NAMES = ("gamma1", "gamma2", "gamma3", "gamma4", "gamma5", "gamma6")


class Tensor:
    """One tensor of a layer (one MATLAB cell leaf).

    Each parameter is kept as the attribute of the same name.

    Parameters
    ----------
    data : ndarray
        ``(*batch, *axes, time)``.
    axes : tuple of str
        Names of the non-batch axes, time last (e.g. ``('gamma1', 'time')``).
    cell : dict
        1-based indices of the enclosing cell variables, e.g. ``{'gamma2': 5}``.
    ranges : dict
        MATLAB ``[first, step, last]`` of each axis (time in original samples, 1-based).
    matlab_ref : str
        The MATLAB expression of the tensor, e.g. ``'S{3}.data{1}'``.
    paths : list of tuple or None
        The 1-based (γ1, γ2, …) of each row along the non-time axes (None for joint and
        spiral tensors, described by the layer's paths table).
    valid : tuple of int, optional
        Valid (unpadded) length of each non-time axis, for the padded axes of joint and
        spiral layers (:meth:`unpadded`); None: no padding.
    route : tuple of int, optional
        MATLAB routing subscripts of a joint/spiral tensor (1 = ψ, 2 = φ), time first; None
        for plain layers.
    """

    __slots__ = ("axes", "cell", "data", "matlab_ref", "paths", "ranges", "route", "valid")

    def __init__(self, data, axes, cell, ranges, matlab_ref, paths, valid=None, route=None):
        self.data, self.axes, self.cell = data, axes, cell
        self.ranges, self.matlab_ref, self.paths = ranges, matlab_ref, paths
        self.valid, self.route = valid, route

    def unpadded(self):
        """Cut ``data`` to the valid (unpadded) length of every non-time axis.

        The valid lengths are MATLAB's ``floor((last − first + 1)/step)``; padded axes occur in
        joint and spiral layers.

        Returns
        -------
        ndarray
            A view of ``data`` (``data`` itself when nothing is padded).
        """
        if self.valid is None:
            return self.data
        n = len(self.valid)
        index = (Ellipsis,) + tuple(slice(0, v) for v in self.valid) + (slice(None),)
        return self.data[index] if self.data.ndim >= n + 1 else self.data

    def __repr__(self):
        cell = ", ".join(f"{k}={v}" for k, v in self.cell.items())
        prefix = cell + "; " if cell else ""
        return f"Tensor({self.matlab_ref}: {prefix}axes={self.axes}, shape={self.data.shape})"


class PathTable:
    """Column table describing the rows (paths) of a layer, in feature order.

    Columns: ``order``; ``gamma1 … gammaM`` (1-based, 0 where the path is shorter);
    ``xi1 …`` and ``bandwidth1 …`` (cycles/sample of each wavelet; ``bandwidth = xi/Q``);
    ``xi1_hz …``, ``bandwidth1_hz …`` when a sample rate is known; ``hop`` (samples between
    frames) and ``matlab_ref`` of the tensor holding the path.

    Parameters
    ----------
    columns : dict of str to ndarray
        The columns, all of one length (kept as ``columns``; it must hold ``'order'``).
    """

    def __init__(self, columns):
        self.columns = columns

    def __len__(self):
        return len(self.columns["order"])

    def __getitem__(self, name):
        return self.columns[name]

    def keys(self):
        return self.columns.keys()

    def to_dict(self):
        """Copy the table into a plain dict (e.g. for ``pandas.DataFrame``).

        Returns
        -------
        dict of str to ndarray
            ``{column: ndarray}``, a new dict holding the same arrays.
        """
        return dict(self.columns)

    def __repr__(self):
        names = [c for c in self.columns if not c.endswith("_hz")]
        lines = ["  ".join(f"{c:>10}" for c in names)]
        for i in range(min(len(self), 6)):
            lines.append("  ".join(f"{self._fmt(self.columns[c][i]):>10}" for c in names))
        if len(self) > 6:
            lines.append(f"  … {len(self)} paths")
        return "PathTable\n" + "\n".join(lines)

    @staticmethod
    def _fmt(v):
        return f"{v:.4g}" if isinstance(v, (float, np.floating)) else str(v)


class ScatteringLayer(Sequence):
    """The tensors of one order (MATLAB ``S{m+1}``) plus its paths table.

    Each parameter is kept as the attribute of the same name.

    Parameters
    ----------
    kind : {'S', 'U', 'Y'}
        The output the layer belongs to.
    order : int
        The order m (0-based index into ``S``).
    tensors : list of Tensor
        The tensors, in MATLAB's cell order.
    paths : PathTable
        One row per path (feature) of the layer.
    """

    #: The ChunkPlan when the tensors keep a chunk axis after the batch axes
    #: (``is_unchunked = False``), set through :attr:`Scattering.chunks`; else None.
    chunks = None

    def __init__(self, kind, order, tensors, paths):
        self.kind, self.order, self.tensors, self.paths = kind, order, tensors, paths

    def __getitem__(self, i):
        return self.tensors[i]

    def __len__(self):
        return len(self.tensors)

    def tensor(self, **cell):
        """Find the tensor whose enclosing cell indices equal ``cell``, e.g. ``tensor(gamma2=5)``.

        Parameters
        ----------
        **cell : int
            1-based indices of cell variables (``gamma2=5``, ``gamma3=2``, …).

        Returns
        -------
        Tensor
            The first tensor whose :attr:`Tensor.cell` matches every given index.

        Raises
        ------
        KeyError
            If no tensor matches.
        """
        for t in self.tensors:
            if all(t.cell.get(k) == v for k, v in cell.items()):
                return t
        raise KeyError(f"no tensor of {self.kind}[{self.order}] with {cell}; available: "
                       f"{[t.cell for t in self.tensors]}")

    def __repr__(self):
        return f"ScatteringLayer({self.kind}{self.order}: {len(self)} tensors, {len(self.paths)} paths)"


class Scattering(list):
    """``S``, ``U`` or ``Y``: a list of :class:`ScatteringLayer`, index m = order m.

    Parameters
    ----------
    kind : {'S', 'U', 'Y'}
        Which output this is (kept as ``kind``).
    layers : iterable of ScatteringLayer
        The layers, order 0 first.
    batch_shape : tuple of int
        ``()`` for one 1-D signal, ``(K,)`` for K signals (kept as ``batch_shape``).
    fs : float or None
        Sample rate in Hz, if known (kept as ``fs``).
    """

    def __init__(self, kind, layers, batch_shape, fs):
        super().__init__(layers)
        self.kind, self.batch_shape, self.fs = kind, batch_shape, fs
        self.chunks = None

    @property
    def chunks(self):
        """The ChunkPlan when the tensors keep a chunk axis (``is_unchunked = False``), else None.

        Setting it also marks every layer (:attr:`ScatteringLayer.chunks`), so that a layer
        taken alone (``U[1]``) still knows that it is chunked.

        Returns
        -------
        scatnet.scattering_m.chunking.ChunkPlan or None
            The chunk plan of the kept chunk axis.
        """
        return self._chunks

    @chunks.setter
    def chunks(self, plan):
        self._chunks = plan
        for layer in self:
            layer.chunks = plan

    def __repr__(self):
        return (f"Scattering({self.kind}, batch={self.batch_shape}, "
                + ", ".join(f"{self.kind}{l.order}: {len(l.paths)} paths" for l in self) + ")")


def _paths_table(archs, paths, hop, refs, order, fs):
    M = max(1, order)
    n = len(paths)
    cols = {"order": np.full(n, order, dtype=np.int64)}
    for i in range(M):
        metas = archs[i].banks[0].metas if archs[i].banks else None
        g = np.array([p[i] if len(p) > i else 0 for p in paths], dtype=np.int64)
        cols[f"gamma{i + 1}"] = g
        xi = np.array([metas.xi[v - 1] if v else np.nan for v in g]) if metas else np.full(n, np.nan)
        q = np.array([metas.quality_factor[v - 1] if v else np.nan for v in g]) if metas else xi
        cols[f"xi{i + 1}"] = xi
        cols[f"bandwidth{i + 1}"] = xi / q
        if fs is not None:
            cols[f"xi{i + 1}_hz"] = xi * fs
            cols[f"bandwidth{i + 1}_hz"] = xi / q * fs
    cols["hop"] = np.asarray(hop, dtype=float)
    cols["matlab_ref"] = np.array(refs, dtype=object)
    return PathTable(cols)


def _split(paths):
    """Consecutive runs of rows sharing ``path[1:]`` (one MATLAB tensor each)."""
    runs, start = [], 0
    for i in range(1, len(paths) + 1):
        if i == len(paths) or paths[i][1:] != paths[start][1:]:
            runs.append((start, i))
            start = i
    return runs


def _cell_refs(keys_in_order):
    """MATLAB 1-based cell positions of each run: positions count distinct values per level."""
    refs = []
    for idx, key in enumerate(keys_in_order):
        pos = []
        for level in range(len(key)):
            outer = key[:level]
            seen = []
            for k in keys_in_order[: idx + 1]:
                if k[:level] == outer and k[level] not in seen:
                    seen.append(k[level])
            pos.append(seen.index(key[level]) + 1)
        refs.append(pos)
    return refs


def build_layers(kind, walk, archs, arrays, batch_shape, fs, length=None):
    """Wrap the raw ``(K, rows, time)`` arrays of a propagation into :class:`Scattering`.

    Parameters
    ----------
    kind : {'S', 'U', 'Y'}
        Which output the arrays are.
    walk : scatnet._core.plan.Plan
        The execution plan that made them.
    archs : Architecture
        The architecture (for the metas of the paths tables).
    arrays : list
        Per layer, the arrays of the sink: for S one ndarray ``(K, rows, time)``, for U and Y
        a list of them (one per group); Y starts at order 1.
    batch_shape : tuple of int
        ``()`` (one 1-D signal: the batch axis is dropped), ``(K,)``, or ``(K, n_chunks)``
        (the row axis is viewed as that shape).
    fs : float or None
        Sample rate in Hz, for the ``_hz`` columns.
    length : int, optional
        Samples of the (unchunked, unpadded) signal, the last index of the time ranges;
        default ``walk.size``.

    Returns
    -------
    Scattering
        The layers with their tensors (views of ``arrays`` where the layout allows) and paths
        tables.
    """
    layers = []
    squeeze = len(batch_shape) == 0
    N = walk.size
    L = N if length is None else length
    if len(batch_shape) > 1:  # (K, chunk) batch: view the flat row axis as the batch shape
        def unflatten(a):
            return a.reshape(tuple(batch_shape) + a.shape[1:])
        arrays = [unflatten(a) if isinstance(a, np.ndarray) else [unflatten(g) for g in a]
                  for a in arrays]
    first_layer = 1 if kind == "Y" else 0
    if kind == "Y":  # no wavelet at order 0: an empty layer keeps Y[m] = order m
        layers.append(ScatteringLayer("Y", 0, [], PathTable({"order": np.zeros(0, np.int64)})))
    for m in range(first_layer, len(walk.layers)):
        lw = walk.layers[m]
        tensors, refs, hops = [], [None] * len(lw.paths), [None] * len(lw.paths)
        paths = lw.paths
        if kind == "S":
            s_group = lw.blur.out_groups[0] if lw.blur.out_groups else None
            post = walk.extra.get("invariants")
            if post and post[m] is not None:  # summed/max-pooled/γ invariants (invariants.py)
                s_group = post[m].group
                paths = s_group.paths
            groups = [(s_group, arrays[m])]
            row_map = {int(r): (0, i) for i, r in enumerate(s_group.rows)}
            refs, hops = [None] * len(paths), [None] * len(paths)
        else:
            groups = list(zip(lw.groups, arrays[m - first_layer]))
            row_map = {int(r): (gi, i) for gi, (g, _) in enumerate(groups) for i, r in enumerate(g.rows)}
        letter = kind
        if lw.tensors is not None:
            layers.append(_joint_layer(kind, m, lw, archs, arrays[m - first_layer], squeeze, N, L, fs))
            continue
        if m == 0:
            gi, i = row_map[0]
            g, arr = groups[gi]
            data = arr[0, i] if squeeze else arr[..., i, :]
            ref = f"{letter}{{1}}.data"
            tensors.append(Tensor(data, ("time",), {}, {"time": (1, N / g.length, L)}, ref, [()]))
            refs[0], hops[0] = ref, N / g.length
        elif m == 1 and kind != "S":
            first = paths[0][0]
            for row, p in enumerate(paths):
                gi, i = row_map[row]
                g, arr = groups[gi]
                ref = f"{letter}{{2}}.data{{{p[0] - first + 1}}}"
                data = arr[0, i] if squeeze else arr[..., i, :]
                tensors.append(Tensor(data, ("time",), {"gamma1": p[0]},
                                      {"time": (1, N / g.length, L)}, ref, [p]))
                refs[row], hops[row] = ref, N / g.length
        else:
            runs = _split(paths)
            keys = [tuple(reversed(paths[a][1:])) for a, _ in runs]
            positions = _cell_refs(keys)
            for (a, b), key, pos in zip(runs, keys, positions):
                gi, i0 = row_map[a]
                g, arr = groups[gi]
                rows = slice(i0, i0 + (b - a))
                data = arr[0, rows] if squeeze else arr[..., rows, :]
                cell = {GAMMA_NAMES[m - 1 - lvl]: v for lvl, v in enumerate(key)}
                ref = f"{letter}{{{m + 1}}}.data" + "".join(f"{{{q}}}" for q in pos)
                g1 = [p[0] for p in paths[a:b]]
                ranges = {"time": (1, N / g.length, L), "gamma1": (g1[0], 1, g1[-1])}
                tensors.append(Tensor(data, ("gamma1", "time"), cell, ranges, ref, paths[a:b]))
                for r in range(a, b):
                    refs[r], hops[r] = ref, N / g.length
        layers.append(ScatteringLayer(kind, m, tensors,
                                      _paths_table(archs, paths, hops, refs, m, fs)))
    return Scattering(kind, layers, batch_shape, fs)


def _joint_layer(kind, m, lw, archs, arrays, squeeze, N, L, fs):
    """Tensors and paths of a joint/spiral layer from its descriptors (:mod:`scatnet.scattering_m.joint`)."""
    tensors, columns = [], []
    for d in lw.tensors:
        if kind == "S":
            arr, rows, length = arrays, d.rows, lw.blur.out_groups[0].length
        else:
            arr = arrays[d.block]
            rows, length = d.block_rows, lw.groups[d.block].length
        data = arr[..., rows, :].reshape(arr.shape[:-2] + d.shape + (arr.shape[-1],))
        if squeeze:
            data = data[0]
        ranges = dict(d.ranges)
        ranges["time"] = (1, N / length, L)
        t = Tensor(data, d.axes, dict(d.cell), ranges, kind + d.matlab_path, None, valid=d.valid,
                   route=d.route)
        tensors.append(t)
        columns.append(_joint_paths(d, archs, m, N / length, t.matlab_ref))
    cols = {k: np.concatenate([c[k] for c in columns]) for k in columns[0]}
    if fs is not None:
        for k in [k for k in cols if k.startswith(("xi", "bandwidth"))]:
            cols[k + "_hz"] = cols[k] * fs
    return ScatteringLayer(kind, m, tensors, PathTable(cols))


def _joint_paths(d, archs, m, hop, ref):
    """One row per valid feature of a joint/spiral tensor, in ``sc_format`` order."""
    t_layer = archs[m - 1]
    t1, t2 = archs[m - 2].banks[0].metas, t_layer.banks[0].metas
    g_metas = t_layer.bank("gamma").metas
    nfo1 = int(archs[m - 2].bank_plans[0].filters.nFilters_per_octave)
    grids = [np.arange(v) for v in d.valid]
    mesh = np.meshgrid(*grids, indexing="ij") if grids else []
    flat = {name: g.ravel() for name, g in zip(d.axes[:-1], mesh)}
    n = int(np.prod(d.valid)) if d.valid else 1
    step = dict(zip(d.axes[:-1], d.steps))
    first1 = d.ranges.get("gamma1", (1,))[0]
    if "gamma1" in flat:
        gamma1 = first1 + flat["gamma1"] * step["gamma1"]
    else:
        gamma1 = (1 + flat["octave"] * step["octave"] * int(d.ranges["chroma"][2])
                  + flat["chroma"] * step["chroma"])
    theta = flat.get("theta", np.zeros(n, int)) + (1 if "theta" in flat else 0)
    sign = np.where(theta == 2, -1.0, 1.0)
    gg = np.full(n, d.gamma_gamma)
    xi_gamma = (g_metas.xi[d.gamma_gamma - 1] * nfo1 * sign) if d.gamma_gamma else np.zeros(n)
    cols = {
        "order": np.full(n, m, dtype=np.int64),
        "gamma1": np.asarray(gamma1, dtype=np.int64),
        "gamma2": np.full(n, d.gamma2, dtype=np.int64),
        "gamma_gamma": gg.astype(np.int64),
        "theta": theta.astype(np.int64),
        "gamma_j": np.full(n, d.gamma_j, dtype=np.int64),
        "octave": (flat["octave"] + 1).astype(np.int64) if "octave" in flat else np.zeros(n, np.int64),
        "route": np.array(["".join("ψφ"[r - 1] for r in d.route)] * n, dtype=object),
        "xi1": np.array([t1.xi[g - 1] if 0 < g <= len(t1) else np.nan for g in gamma1]),
        "xi2": np.full(n, t2.xi[d.gamma2 - 1]),
        "bandwidth2": np.full(n, t2.xi[d.gamma2 - 1] / t2.quality_factor[d.gamma2 - 1]),
        "xi_gamma": np.broadcast_to(xi_gamma, (n,)).astype(float),
        "hop": np.full(n, hop),
        "matlab_ref": np.array([ref] * n, dtype=object),
    }
    return cols
