"""Kymatio's ``Scattering1D`` on scatnet's core: same arguments, paths and numbers.

Kymatio: ``kymatio/scattering1d/frontend/base_frontend.py`` and ``numpy_frontend.py``
(``ScatteringNumPy1D``), version 0.3.0.
"""
import functools
import math

import numpy as np

from .._core.run import check_memory_budget, n_threads, run_blocks
from .._core.sinks import RowSink
from .._core.validation import as_array
from .._errors import InputError, InputTypeError
from .filter_bank import ALPHA, R_PSI, SIGMA0, scattering_filter_factory
from .options import check_max_order, check_out_type, check_oversampling, resolve
from .plan import get_plan, walk

__all__ = ["Scattering1D"]


class Scattering1D:
    r"""The 1-D scattering transform of Kymatio 0.3, computed by scatnet's core.

    Kymatio: ``kymatio.scattering1d.frontend.numpy_frontend.ScatteringNumPy1D`` (0.3.0).

    ``S x = [x ⋆ φ, |x ⋆ ψ¹_λ| ⋆ φ, ||x ⋆ ψ¹_λ| ⋆ ψ²_μ| ⋆ φ]`` over the first-order wavelets λ
    (``Q1`` per octave) and the second-order wavelets μ (``Q2`` per octave) with ``j2 > j1``,
    ``φ`` a Gaussian low-pass of support ``T``. Signals are reflect-padded to ``N_padded``
    samples; outputs are subsampled by ``2**max(floor(log2 T) − oversampling, 0)`` and cut back
    to the signal (Kymatio's ``unpad``).

    Parameters
    ----------
    J : int >= 0
        Log2 of the largest wavelet scale.
    shape : int or tuple of one int
        Length ``N`` of the signals.
    Q : int or tuple of (int, int), default 1
        Wavelets per octave of the first order, or ``(Q1, Q2)`` (``Q2`` defaults to 1).
    T : None, 0 or float in [1, N], default None
        Support of the low-pass: None for ``2**J``; 0 for no averaging (the outputs are then
        ``|U_m|`` at their own rates: use ``out_type='list'`` or ``'dict'``).
    max_order : int, 1 or 2, default 2
        The largest scattering order.
    average : bool, optional
        Deprecated in Kymatio 0.3 (removed in 0.4) in favour of ``T``: None follows ``T``;
        ``False`` with ``T=None`` is ``T=0``. Giving it warns.
    oversampling : int >= 0, default 0
        Log2 of the oversampling relative to the default subsampling.
    out_type : {'array', 'list', 'dict'}, default 'array'
        ``'array'``: one array ``(*batch, C, T')``; ``'list'``: one dict per path with
        ``'coef'``, ``'j'`` and ``'n'``; ``'dict'``: ``{n: coef}``.

    Attributes
    ----------
    phi_f, psi1_f, psi2_f : dict, list of dict, list of dict
        The filters, as Kymatio's ``scattering_filter_factory`` gives them (made on first
        access): ``'levels'``, ``'xi'``, ``'sigma'``, ``'j'``.
    pad_left, pad_right : int
        Reflect padding before and after the signal.
    ind_start, ind_end : dict of int to int
        The signal's samples at each subsampling ``2**k``: ``[ind_start[k], ind_end[k])``.

    Raises
    ------
    OptionError, OptionTypeError
        If an argument is out of range, of the wrong type, or contradicts another.

    Notes
    -----
    ``max_order``, ``average``, ``oversampling`` and ``out_type`` may be changed after
    construction, as in Kymatio; each set-up is compiled once (filters and execution plan,
    cached; :func:`scatnet.clear_cache`). Differences from Kymatio 0.3.0's NumPy frontend:
    float32 signals are computed in float32 (Kymatio returns float64); filters are applied on
    the bins where they exceed 1e-20 of their peak (no change at float64 precision); ``Q`` may
    be a list, and NumPy integers are accepted.

    Examples
    --------
    >>> import numpy as np
    >>> from scatnet.kymatio import Scattering1D
    >>> S = Scattering1D(J=6, shape=1000, Q=8)
    >>> Sx = S(np.random.default_rng(0).standard_normal((2, 1000)))
    >>> Sx.shape, S.output_size(detail=True)
    ((2, 126, 15), [1, 38, 87])
    >>> S.meta()['key'][:3], S.meta()['key'][39]
    ([(), (0,), (1,)], (0, 3))
    """

    def __init__(self, J, shape, Q=1, T=None, max_order=2, average=None, oversampling=0,
                 out_type="array"):
        self._spec, average = resolve(J, shape, Q, T, average)
        self.max_order, self.average = max_order, average
        self.oversampling, self.out_type = oversampling, out_type
        check_out_type(self.out_type, self.average)
        self._plan()

    # ---------------------------------------------------------------- settings
    @property
    def max_order(self):
        """The largest scattering order (may be changed).

        Returns
        -------
        int
            1 or 2.
        """
        return self._max_order

    @max_order.setter
    def max_order(self, value):
        self._max_order = check_max_order(value)

    @property
    def oversampling(self):
        """Log2 of the oversampling relative to the default subsampling (may be changed).

        Returns
        -------
        int
            ``oversampling >= 0``.
        """
        return self._oversampling

    @oversampling.setter
    def oversampling(self, value):
        self._oversampling = check_oversampling(value)

    @property
    def out_type(self):
        """The layout of the outputs (may be changed).

        Returns
        -------
        str
            ``'array'``, ``'list'`` or ``'dict'``.
        """
        return self._out_type

    @out_type.setter
    def out_type(self, value):
        self._out_type = check_out_type(value, True)

    @property
    def average(self):
        """Whether the outputs are averaged by the low-pass (may be changed).

        Returns
        -------
        bool
            False after ``T=0``.
        """
        return self._average

    @average.setter
    def average(self, value):
        self._average = bool(value)

    # ---------------------------------------------------------------- set-up (read-only)
    J = property(lambda self: self._spec.J, doc="int: Log2 of the largest wavelet scale.")
    shape = property(lambda self: (self._spec.N,), doc="tuple of int: ``(N,)``.")
    Q = property(lambda self: self._spec.Q, doc="tuple of int: ``(Q1, Q2)``.")
    T = property(lambda self: self._spec.T, doc="int or float: Support of the low-pass.")
    log2_T = property(lambda self: self._spec.log2_T, doc="int: ``floor(log2 T)``.")
    N_padded = property(lambda self: self._spec.N_padded,
                        doc="int: Length of the padded signals (a power of two).")
    pad_left = property(lambda self: self._spec.pad_left, doc="int: Samples padded before.")
    pad_right = property(lambda self: self._spec.pad_right, doc="int: Samples padded after.")
    r_psi, sigma0, alpha = R_PSI, SIGMA0, ALPHA

    @property
    def ind_start(self):
        """First sample of the signal in the padded rows subsampled by ``2**k``.

        Returns
        -------
        dict of int to int
            ``ind_start[k]`` for ``k = 0 … max(log2_T, J)``.
        """
        return {k: self._spec.border(k)[0] for k in range(max(self.log2_T, self.J) + 1)}

    @property
    def ind_end(self):
        """One past the last sample of the signal in the padded rows subsampled by ``2**k``.

        Returns
        -------
        dict of int to int
            ``ind_end[k]`` for ``k = 0 … max(log2_T, J)``.
        """
        return {k: self._spec.border(k)[1] for k in range(max(self.log2_T, self.J) + 1)}

    @functools.cached_property
    def _filters(self):
        return scattering_filter_factory(self.N_padded, self.J, self.Q, self.T)

    phi_f = property(lambda self: self._filters[0], doc="dict: The low-pass filter.")
    psi1_f = property(lambda self: self._filters[1], doc="list of dict: First-order wavelets.")
    psi2_f = property(lambda self: self._filters[2], doc="list of dict: Second-order wavelets.")

    def _plan(self):
        return get_plan(self._spec, self.max_order, self.average, self.oversampling)

    # ---------------------------------------------------------------- paths
    def meta(self):
        """Describe every output path, in the output's order.

        Kymatio: ``ScatteringBase1D.meta`` (``compute_meta_scattering``).

        Returns
        -------
        dict
            ``'order'`` (int, ``(C,)``); ``'xi'``, ``'sigma'`` (cycles per sample), ``'j'``
            and ``'n'`` (float, ``(C, max_order)``, NaN beyond the path's order);
            ``'key'``: list of the tuples ``n`` (the keys of ``out_type='dict'``).
        """
        paths = [p for layer in walk(self._spec, self.max_order) for p in layer]
        pad = self.max_order

        def field(name):
            return np.array([getattr(p, name) + (math.nan,) * (pad - p.order) for p in paths])
        return {"order": np.array([p.order for p in paths]), "xi": field("xi"),
                "sigma": field("sigma"), "j": field("j"), "n": field("n"),
                "key": [p.n for p in paths]}

    def output_size(self, detail=False):
        """Count the output paths.

        Kymatio: ``ScatteringBase1D.output_size``.

        Parameters
        ----------
        detail : bool, default False
            Give the count per order.

        Returns
        -------
        int or list of int
            ``C``, or the paths of orders 0 … ``max_order``.
        """
        sizes = [len(layer) for layer in walk(self._spec, self.max_order)]
        return sizes if detail else sum(sizes)

    # ---------------------------------------------------------------- transform
    def scattering(self, x, *, n_jobs=None, memory_budget=None):
        """Scatter the signals ``x``.

        Kymatio: ``ScatteringNumPy1D.scattering`` (``kymatio/scattering1d/core/scattering1d.py``).

        Parameters
        ----------
        x : array_like, float32 or float64, shape (..., N)
            Real signals, time last; any batch shape. float32 is computed in float32.
        n_jobs : int, optional
            Threads for FFTs and kernels (default: all cores); results do not depend on it.
        memory_budget : int, optional
            Bound on the bytes of work arrays (default 128 MiB, or the least the plan needs);
            see :func:`scatnet.sc_propagate`.

        Returns
        -------
        ndarray or list of dict or dict
            ``out_type='array'``: shape ``(..., C, T')``; ``'list'``: per path
            ``{'coef': (..., T_p), 'j': tuple, 'n': tuple}``; ``'dict'``: ``{n: coef}``.
            Paths are in the order of :meth:`meta`.

        Raises
        ------
        InputTypeError
            If ``x`` is not a real float32/float64 array.
        InputError
            If ``x`` has no axis, its last axis is not ``N`` long, it is empty or not finite.
        OptionError
            If ``out_type='array'`` without averaging.
        """
        check_out_type(self.out_type, self.average)
        n_jobs = n_threads(n_jobs)
        check_memory_budget(memory_budget)  # checked now; None keeps the default rule
        xb, batch_shape = _signals(x, self._spec.N)
        kp = self._plan()
        real = xb.dtype
        cplx = np.result_type(real, np.complex64)
        K = xb.shape[0]
        index = self._spec.reflect_index()
        sink = RowSink(kp.plan, K, real, cplx, not kp.average, False)
        S, U, _ = run_blocks(kp.plan, K, lambda r0, r1: np.take(xb[r0:r1], index, axis=1), sink,
                             real_dtype=real, complex_dtype=cplx, want_U=not kp.average,
                             want_Y=False, n_jobs=n_jobs, memory_budget=memory_budget)
        groups = [lw.blur.out_groups if kp.average else lw.groups for lw in kp.plan.layers]
        return _format(kp.paths, groups, S if kp.average else U, batch_shape, self.out_type)

    __call__ = scattering

    def __repr__(self):
        return (f"Scattering1D(J={self.J}, shape={self.shape[0]}, Q={self.Q}, T={self.T}, "
                f"max_order={self.max_order}, average={self.average}, "
                f"oversampling={self.oversampling}, out_type={self.out_type!r})")


def _signals(x, N):
    """``x`` as C-contiguous ``(K, N)`` float rows, and its batch shape."""
    x = as_array(x)  # lists (ragged ones refused), big-endian floats made native
    if not isinstance(x, np.ndarray):
        raise InputTypeError(f"x must be a numpy array of shape (..., N={N}); got {type(x).__name__}")
    if np.iscomplexobj(x) or x.dtype not in (np.float32, np.float64):
        raise InputTypeError(f"x must be real float32 or float64; got dtype={x.dtype}. Cast it "
                             "explicitly, e.g. x.astype(np.float64)")
    if x.ndim == 0 or x.shape[-1] != N:
        raise InputError(f"x must have shape (..., N) with N={N} (the shape given to "
                         f"Scattering1D); got shape={x.shape}")
    if x.size == 0:
        raise InputError(f"x holds no signal (shape={x.shape})")
    if not np.isfinite(x).all():
        bad = tuple(np.argwhere(~np.isfinite(x))[0].tolist())
        raise InputError(f"x contains NaN or Inf (first at index {bad}): clean it first")
    return np.ascontiguousarray(x.reshape(-1, N)), x.shape[:-1]


def _format(paths, groups, arrays, batch_shape, out_type):
    """Lay the per-group output arrays ``(K, rows, T_p)`` out as ``out_type``."""
    if out_type == "array":
        n_out = arrays[0][0].shape[-1]
        out = np.empty((arrays[0][0].shape[0], sum(map(len, paths)), n_out), arrays[0][0].dtype)
        base = 0
        for layer_paths, layer_groups, layer_arrays in zip(paths, groups, arrays):
            for g, a in zip(layer_groups, layer_arrays):
                out[:, base + g.rows] = a
            base += len(layer_paths)
        return out.reshape(batch_shape + out.shape[1:])
    coefs = []
    for layer_paths, layer_groups, layer_arrays in zip(paths, groups, arrays):
        layer = [None] * len(layer_paths)
        for g, a in zip(layer_groups, layer_arrays):
            for local, row in enumerate(g.rows):
                layer[row] = a[:, local].reshape(batch_shape + a.shape[-1:])
        coefs += [(p, c) for p, c in zip(layer_paths, layer)]
    if out_type == "dict":
        return {p.n: c for p, c in coefs}
    return [{"coef": c, "j": p.j, "n": p.n} for p, c in coefs]
