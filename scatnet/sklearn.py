"""Scattering features as a scikit-learn transformer (``pip install 'scatnet[sklearn]'``).

:class:`ScatteringTransformer` turns a stack of signals ``X`` of shape ``(n_samples, N)``
(one signal per row, time last) into a feature matrix, with either front end:

* scattering.m (``opts=``, a list of layer dicts): :func:`scatnet.sc_setup`, then
  :func:`scatnet.sc_propagate` and :func:`scatnet.sc_format` (orders >= 1);
* Kymatio (``J=``, ``Q=``, ``T=``, ``max_order=``, ``oversampling=``):
  :class:`scatnet.kymatio.Scattering1D`, with ``shape`` taken from ``X`` (all orders, S0
  included).

It follows scikit-learn's conventions: ``__init__`` only stores its arguments (so that
:func:`sklearn.base.clone`, ``get_params``/``set_params``, :class:`~sklearn.pipeline.Pipeline`
and :class:`~sklearn.model_selection.GridSearchCV` work), everything is checked in
:meth:`ScatteringTransformer.fit`, and fitted state ends in ``_``.
"""
import copy
import numbers

import numpy as np

from ._errors import InputError, InputTypeError, OptionError, OptionTypeError, ScatnetError


class MissingDependencyError(ScatnetError, ImportError):
    """An optional dependency of scatnet is not installed (the message names the extra)."""


try:
    from sklearn.base import BaseEstimator, TransformerMixin
    from sklearn.exceptions import NotFittedError as _SklearnNotFittedError
except ImportError as e:
    raise MissingDependencyError(
        "scatnet.sklearn needs scikit-learn, which is not installed: "
        "pip install 'scatnet[sklearn]'") from e

__all__ = ["MissingDependencyError", "NotFittedError", "ScatteringTransformer"]

#: Values of ``average``: the mean over frames, or every frame kept (flattened).
_AVERAGES = ("time", None)

#: Kymatio arguments and their defaults (they must stay at these values when ``opts`` is given).
_KYMATIO_DEFAULTS = {"J": None, "Q": 1, "T": None, "max_order": 2, "oversampling": 0}


class NotFittedError(ScatnetError, _SklearnNotFittedError):
    """``transform`` was called before ``fit`` (also scikit-learn's ``NotFittedError``)."""


class ScatteringTransformer(TransformerMixin, BaseEstimator):
    r"""Scattering coefficients of signals as features for scikit-learn.

    With ``average='time'`` the feature of path ``p`` is the mean over the ``F`` frames of its
    scattering coefficients, ``f_p(x) = (1/F) Σ_t S x[p, t]``; with ``average=None`` every
    frame is a feature (``P·F`` features, path-major). With ``log=True`` the coefficients of
    orders >= 1 are mapped to ``log(max(f, 0) + log_eps)`` after averaging (Kymatio's order 0,
    a low-passed signal that can be negative, stays linear).

    Exactly one front end is used:

    * scattering.m: ``opts`` (a list of layer dicts, MATLAB ``opts{m+1}``), compiled by
      :func:`scatnet.sc_setup` in :meth:`fit`; features of orders >= 1 from
      :func:`scatnet.sc_format`, in its order. Signals longer than ``opts[0]['time']['size']``
      need ``is_chunked`` (its default outside :func:`scatnet.default_auditory`);
    * Kymatio: ``J`` (and ``Q``, ``T``, ``max_order``, ``oversampling``), given to
      :class:`scatnet.kymatio.Scattering1D` with ``shape = X.shape[1]``; features of
      orders 0 … ``max_order`` in the order of its ``meta()``.

    Parameters
    ----------
    opts : list of dict, optional
        Options of scattering.m (see ``doc/options.md``). Not with ``J``.
    J : int >= 0, optional
        Kymatio: log2 of the largest wavelet scale. Not with ``opts``.
    Q : int or tuple of (int, int), default 1
        Kymatio: wavelets per octave, ``Q1`` or ``(Q1, Q2)``.
    T : float, optional
        Kymatio: support of the low-pass in samples (default ``2**J``).
    max_order : int, 1 or 2, default 2
        Kymatio: the largest scattering order.
    oversampling : int >= 0, default 0
        Kymatio: log2 of the oversampling of the outputs.
    average : {'time', None}, default 'time'
        ``'time'``: one feature per path (mean over frames); None: every frame of every path.
    log : bool, default False
        Take ``log(max(f, 0) + log_eps)`` of the features of orders >= 1.
    log_eps : float > 0, default 1e-6
        Floor added before the logarithm (in the units of the coefficients).
    n_jobs : int, optional
        Threads of the scattering (default all cores; results do not depend on it).

    Attributes
    ----------
    n_features_in_ : int
        ``N``, the number of samples per signal seen by :meth:`fit`.
    frontend_ : str
        ``'scattering.m'`` or ``'kymatio'``.
    scattering_ : Architecture or Scattering1D
        The compiled set-up (:func:`scatnet.sc_setup`'s or Kymatio's object).
    path_orders_ : ndarray of int, shape (n_paths,)
        The scattering order of each path, in the order of the features.

    Raises
    ------
    OptionError, OptionTypeError
        From :meth:`fit`: neither or both of ``opts`` and ``J``, Kymatio arguments next to
        ``opts``, an ``average`` or ``log_eps`` out of range, or an option the front end
        refuses.

    See Also
    --------
    scatnet.kymatio.Scattering1D : The Kymatio front end.
    scatnet.sc_setup : The scattering.m front end.

    Notes
    -----
    ``fit`` learns nothing from the data but the signal length: it compiles the filters
    (cached, :func:`scatnet.clear_cache`) and checks the options, so errors come before the
    first ``transform``. float32 signals are scattered in float32.

    Examples
    --------
    >>> import numpy as np
    >>> from scatnet.sklearn import ScatteringTransformer
    >>> X = np.random.default_rng(0).standard_normal((3, 1024))
    >>> ScatteringTransformer(J=6, Q=8, log=True).fit_transform(X).shape
    (3, 126)
    >>> from scatnet import default_auditory
    >>> st = ScatteringTransformer(opts=[default_auditory(1024, 8000, 4), {'time': {}}])
    >>> st.fit_transform(X).shape, st.frontend_
    ((3, 92), 'scattering.m')
    """

    def __init__(self, opts=None, *, J=None, Q=1, T=None, max_order=2, oversampling=0,
                 average="time", log=False, log_eps=1e-6, n_jobs=None):
        self.opts = opts
        self.J = J
        self.Q = Q
        self.T = T
        self.max_order = max_order
        self.oversampling = oversampling
        self.average = average
        self.log = log
        self.log_eps = log_eps
        self.n_jobs = n_jobs

    # ------------------------------------------------------------------ checks
    def _check_params(self):
        """Check the arguments that do not depend on the front end; return the front end."""
        if self.average not in _AVERAGES:
            raise OptionError(f"ScatteringTransformer: average={self.average!r} is not one of "
                              "'time' (mean over frames) or None (every frame)")
        if not isinstance(self.log, (bool, np.bool_)):
            raise OptionTypeError(f"ScatteringTransformer: log must be True or False; got "
                                  f"log={self.log!r}")
        eps = self.log_eps
        if isinstance(eps, (bool, np.bool_)) or not isinstance(eps, numbers.Real):
            raise OptionTypeError(f"ScatteringTransformer: log_eps must be a number > 0; got "
                                  f"log_eps={eps!r}")
        if not (np.isfinite(eps) and eps > 0):
            raise OptionError(f"ScatteringTransformer: log_eps must be finite and > 0; got "
                              f"log_eps={eps!r}")
        if self.opts is None and self.J is None:
            raise OptionError("ScatteringTransformer needs a front end: opts=[...] "
                              "(scattering.m layer dicts) or J=... (Kymatio's Scattering1D)")
        if self.opts is None:
            return "kymatio"
        changed = [f"{k}={getattr(self, k)!r}" for k, default in _KYMATIO_DEFAULTS.items()
                   if not _same(getattr(self, k), default)]
        if changed:
            raise OptionError(f"ScatteringTransformer: {', '.join(changed)} are Kymatio arguments "
                              "but opts= selects scattering.m; give either opts or J (and Q, T, "
                              "max_order, oversampling), not both")
        if not isinstance(self.opts, (list, tuple)):
            raise OptionTypeError("ScatteringTransformer: opts must be a list of layer dicts "
                                  f"(scattering.m opts{{m+1}}); got {type(self.opts).__name__}")
        return "scattering.m"

    def _check_X(self, X, who):
        """``X`` as a C-contiguous float ``(n_samples, N)`` array, checked."""
        try:
            X = np.asarray(X)
        except ValueError as e:  # ragged nested lists
            raise InputError(f"ScatteringTransformer.{who}: X must be a 2-D array (n_samples, N); "
                             f"it could not be made into one ({e})") from e
        if X.dtype.kind in "iub":
            X = X.astype(np.float64)
        if X.dtype not in (np.float32, np.float64):
            raise InputTypeError(f"ScatteringTransformer.{who}: X must hold real numbers (float32 "
                                 f"or float64); got dtype={X.dtype}")
        if X.ndim != 2:
            raise InputError(f"ScatteringTransformer.{who}: X must be 2-D, one signal per row "
                             f"(n_samples, N); got shape={X.shape}")
        if X.shape[0] == 0 or X.shape[1] == 0:
            raise InputError(f"ScatteringTransformer.{who}: X holds no signal (shape={X.shape})")
        if not np.isfinite(X).all():
            bad = tuple(np.argwhere(~np.isfinite(X))[0].tolist())
            raise InputError(f"ScatteringTransformer.{who}: X contains NaN or Inf (first at "
                             f"index {bad})")
        return np.ascontiguousarray(X)

    # ------------------------------------------------------------------ API
    def fit(self, X, y=None):
        """Check the arguments and compile the scattering for the length of ``X``'s signals.

        Parameters
        ----------
        X : array_like, shape (n_samples, N)
            Signals, one per row (only ``N`` is used).
        y : None
            Ignored (scikit-learn's signature).

        Returns
        -------
        ScatteringTransformer
            ``self``, fitted.

        Raises
        ------
        OptionError, OptionTypeError
            Bad or conflicting arguments (see the class).
        InputError, InputTypeError
            ``X`` is not a finite real 2-D array.
        """
        frontend = self._check_params()
        X = self._check_X(X, "fit")
        N = X.shape[1]
        if frontend == "kymatio":
            from .kymatio import Scattering1D
            scattering = Scattering1D(J=self.J, shape=N, Q=self.Q, T=self.T,
                                      max_order=self.max_order, oversampling=self.oversampling)
            orders = np.asarray(scattering.meta()["order"], dtype=np.int64)
        else:
            from .scattering_m import sc_paths, sc_setup
            scattering = sc_setup(copy.deepcopy(list(self.opts)))
            chunked = scattering.plan.input.is_chunked
            if not chunked and N > scattering.size:
                raise InputError(f"ScatteringTransformer.fit: signals of N={N} samples are longer "
                                 f"than opts[0]['time']['size']={scattering.size} without chunking; "
                                 "raise 'size' or set opts[0]['time']['is_chunked'] = True")
            orders = np.asarray(sc_paths(scattering)["order"], dtype=np.int64)
        self.frontend_ = frontend
        self.scattering_ = scattering
        self.path_orders_ = orders
        self.n_features_in_ = N
        return self

    def _scatter(self, X):
        """Scattering coefficients ``(n_samples, n_paths, n_frames)``."""
        if self.frontend_ == "kymatio":
            return self.scattering_(X, n_jobs=self.n_jobs)
        from .scattering_m import sc_format, sc_propagate
        F, _ = sc_format(sc_propagate(X, self.scattering_, n_jobs=self.n_jobs))
        return F

    def transform(self, X):
        """Scatter ``X`` and return the features.

        Parameters
        ----------
        X : array_like, shape (n_samples, N)
            Signals, one per row, of the length seen by :meth:`fit`.

        Returns
        -------
        ndarray, shape (n_samples, n_paths) or (n_samples, n_paths · n_frames)
            ``average='time'``: one feature per path; None: every frame, path-major. Same
            precision as ``X`` (float32 or float64).

        Raises
        ------
        NotFittedError
            :meth:`fit` was not called.
        InputError, InputTypeError
            ``X`` is not a finite real 2-D array, or its signals are not ``n_features_in_``
            samples long.
        """
        if not hasattr(self, "scattering_"):
            raise NotFittedError("This ScatteringTransformer is not fitted yet: call fit(X) "
                                 "first (it compiles the filters for the length of X's signals)")
        X = self._check_X(X, "transform")
        if X.shape[1] != self.n_features_in_:
            raise InputError(f"ScatteringTransformer.transform: X has signals of N={X.shape[1]} "
                             f"samples but fit saw N={self.n_features_in_}; refit, or cut/pad the "
                             "signals to that length")
        S = self._scatter(X)
        feats = S.mean(axis=-1) if self.average == "time" else S
        if self.log:
            higher = self.path_orders_ >= 1
            feats = np.array(feats, copy=True)
            feats[:, higher] = np.log(np.maximum(feats[:, higher], 0) + self.log_eps)
        return feats.reshape(feats.shape[0], -1)


def _same(value, default):
    """Whether a Kymatio argument is still at its default (NumPy scalars compare by value)."""
    if default is None:
        return value is None
    return value is not None and not isinstance(value, (list, tuple)) and value == default
