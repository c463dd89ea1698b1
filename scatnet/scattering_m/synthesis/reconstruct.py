"""``sc_reconstruct``: a signal whose scattering matches a target's, by gradient descent.

MATLAB: scattering.m ``lib/export/sc_reconstruct.m``, ``reconstruction/update_reconstruction.m``
(spec §4).
"""
import time
from dataclasses import dataclass, field

import numpy as np

from ..._core.run import n_threads
from ..._core.validation import check_signal
from ..._errors import InputError
from ..architecture import check_archs
from .noise import generate_colored_noise
from .objective import Objective
from .options import fill_reconstruction_opt

__all__ = ["ReconstructionResult", "sc_reconstruct"]

METHODS = ("bold_driver", "lbfgs")


@dataclass
class ReconstructionResult:
    """What :func:`sc_reconstruct` returns: the signal and how the loss went down.

    Attributes
    ----------
    signal : ndarray, float64, shape (N,)
        The reconstructed signal (MATLAB's only output).
    loss_history : ndarray, float64, shape (n_iterations,)
        ``100 · sc_norm(target_S − S) / sc_norm(target_S)`` after each accepted iteration
        (MATLAB's ``relative_loss_chart``), in percent.
    initial_loss : float
        The same at the starting signal.
    layer_distances : ndarray, float64, shape (n_orders,)
        ``100 · ‖target_S_m − S_m‖ / ‖target_S_m‖`` per order at the end (``sc_norm``'s layer
        norms), in percent.
    method : str
        ``'bold_driver'`` or ``'lbfgs'``.
    n_evaluations : int
        Forward passes made (rejected bold-driver steps and line-search trials included).
    time_s : float
        Wall time of the iterations, in seconds.
    time_history : ndarray, float64, shape (n_iterations,)
        Seconds from the start of the iterations to each accepted iteration.
    reconstruction_opt : dict
        The filled options (:func:`fill_reconstruction_opt`).
    snapshots : dict of int to ndarray
        The signal every ``snapshot_period`` iterations (empty when 0).
    """

    signal: np.ndarray
    loss_history: np.ndarray
    initial_loss: float
    layer_distances: np.ndarray
    method: str
    n_evaluations: int
    time_s: float
    time_history: np.ndarray
    reconstruction_opt: dict
    snapshots: dict = field(default_factory=dict)

    def __repr__(self):
        final = self.loss_history[-1] if len(self.loss_history) else self.initial_loss
        return (f"ReconstructionResult(method={self.method!r}, iterations="
                f"{len(self.loss_history)}, loss {self.initial_loss:.2f}% → {final:.2f}%, "
                f"{self.n_evaluations} evaluations, {self.time_s:.2f} s)")


class _Progress:
    """tqdm's bar when tqdm is installed, else one printed line every ``verbosity_period``."""

    def __init__(self, opt, total):
        self.on, self.period = opt["is_verbose"], opt["verbosity_period"]
        self.bar = None
        if self.on:
            try:
                from tqdm.auto import tqdm
                self.bar = tqdm(total=total, desc="sc_reconstruct", unit="it")
            except ImportError:
                pass
        self.digits = len(str(total))

    def update(self, iteration, loss, distances):
        if not self.on:
            return
        line = (f"it = {iteration:0{self.digits}d}  ;  S_m distances = [ "
                + " ".join(f"{d:8.2f}%" for d in distances[1:]) + f" ]  ;  Loss = {loss:.2f}%")
        if self.bar is not None:
            self.bar.update(1)
            if iteration % self.period == 0:
                self.bar.set_postfix_str(line)
        elif iteration % self.period == 0:
            print(line)

    def close(self):
        if self.bar is not None:
            self.bar.close()


def _update(signal, delta, update, lr, opt):
    """One step (``update_reconstruction.m``): shrinkage, momentum, soft thresholding."""
    if opt["is_regularized"]:
        signal = signal - 2 * opt["regularizer"] * signal
    update = opt["momentum"] * update + lr * delta
    signal = signal + update
    if opt["is_thresholded"]:  # pull samples back towards [target_min, target_max]
        outside = ((signal < opt["target_min"]).astype(float)
                   - (signal > opt["target_max"]).astype(float))
        signal = signal + opt["soft_thresholding_factor"] * np.abs(signal) * outside
    return signal, update


def _start(target, opt, rng):
    if "initial_signal" in opt:
        init = np.asarray(opt["initial_signal"], dtype=np.float64)
        if init.shape != target.shape or not np.all(np.isfinite(init)):
            raise InputError(f"reconstruction_opt['initial_signal'] has shape {init.shape}; it "
                             f"must be finite, of the target's shape {target.shape}")
    else:
        init = generate_colored_noise(target, rng=rng)
    init = init - init.mean()
    norm = np.linalg.norm(init)
    if norm > 0:
        init = init * (np.linalg.norm(target) / norm)
    return init + target.mean()


def sc_reconstruct(target, archs, reconstruction_opt=None, *, method="bold_driver", rng=None,
                   n_jobs=None):
    """Synthesise a signal whose scattering coefficients match those of ``target``.

    MATLAB: ``signal = sc_reconstruct(target_signal, archs, reconstruction_opt)``.

    Start: ``initial_signal`` or coloured noise (:func:`generate_colored_noise`), mean removed,
    scaled to ``‖target‖``, target mean added. ``'bold_driver'`` (the original): repeat
    ``update = momentum·update + lr·Δ``, ``x ← x + update`` with ``Δ = J^T (S(target) − S(x))``
    (:func:`sc_backpropagate`); if the loss ``sc_norm(S(target) − S(x))`` went up, undo,
    ``lr ×= bold_driver_brake`` and ``update ×= bold_driver_brake``; else accept and
    ``lr ×= bold_driver_accelerator``; ``nIterations`` accepted steps. ``'lbfgs'``:
    ``scipy.optimize.minimize`` (L-BFGS-B, at most ``nIterations`` iterations) of
    ``½ Σ_m ‖S_m(x) − S_m(target)‖²`` with its exact gradient (plus ``regularizer·‖x‖²``;
    ``target_min``/``target_max`` become bounds).

    Parameters
    ----------
    target : array_like, shape (N,)
        The target signal (float), any length the architecture accepts.
    archs : Architecture
        From :func:`scatnet.sc_setup`.
    reconstruction_opt : dict, optional
        Options with MATLAB's names (:func:`fill_reconstruction_opt` lists them and their
        defaults).
    method : {'bold_driver', 'lbfgs'}, default 'bold_driver'
        The optimiser.
    rng : int, numpy.random.Generator or None, optional
        Seed of the coloured-noise start (ignored with ``initial_signal``).
    n_jobs : int, optional
        Threads (as in :func:`scatnet.sc_propagate`).

    Returns
    -------
    ReconstructionResult
        ``.signal`` and the loss history (percent of ``sc_norm(S(target))``).

    Raises
    ------
    InputError, InputTypeError
        Checked before any computation: a target that is not one real signal (a batch: loop
        over it), ``initial_signal`` of another shape, an unknown ``method``.
    OptionError, OptionTypeError
        Bad options (:func:`fill_reconstruction_opt`).

    Warns
    -----
    IgnoredOptionWarning
        Options the original accepts but never reads.

    Notes
    -----
    Differences from the original (``doc/differences.md``): the gradient is exact (the
    original's is a scaled pseudo-gradient with dual filters); ``is_regularized`` without a
    ``regularizer`` uses 0.1 (the original stops with an error); soft thresholding pulls
    samples back towards ``[target_min, target_max]`` (the original's sign pushes them away);
    snapshots are kept in ``result.snapshots`` rather than saved as ``.mat`` files. The
    computation runs in float64.

    Examples
    --------
    >>> import numpy as np
    >>> from scatnet import sc_setup, sc_reconstruct, default_auditory
    >>> archs = sc_setup([default_auditory(1024, 1024, 4), {'time': {}}])
    >>> target = np.cos(2 * np.pi * 50 * np.arange(1024) / 1024)
    >>> result = sc_reconstruct(target, archs, {'nIterations': 5, 'is_verbose': False}, rng=0)
    >>> bool(result.loss_history[-1] < result.initial_loss)
    True
    """
    archs = check_archs(archs, "sc_reconstruct")
    if method not in METHODS:
        raise InputError(f"sc_reconstruct: method={method!r} is not one of {METHODS}")
    opt = fill_reconstruction_opt(reconstruction_opt)
    xb, batch = check_signal(target, None if archs.plan.input.is_chunked else archs.size)
    if batch != ():
        raise InputError(f"sc_reconstruct: target has shape {np.shape(target)}; pass one signal "
                         "of shape (N,) (loop over a batch)")
    target = xb[0].astype(np.float64)
    n_jobs = n_threads(n_jobs)
    objective = Objective(archs, target.shape[-1], n_jobs)
    start = _start(target, opt, rng)
    target_S, _ = objective.forward(target)
    run = _bold_driver if method == "bold_driver" else _lbfgs
    return run(objective, target_S, start, opt)


def _diff(target_S, S):
    return [None if t is None else t - s for t, s in zip(target_S, S)]


def _bold_driver(objective, target_S, signal, opt):
    target_norms = objective.loss_norms(target_S)
    target_norm = target_norms.sum()
    S, tape = objective.forward(signal)
    dS = _diff(target_S, S)
    previous_loss = objective.loss_norms(dS).sum()
    initial_loss = 100 * previous_loss / target_norm
    delta = objective.gradient(dS, tape)
    previous, update = signal, np.zeros_like(signal)
    lr = opt["initial_learning_rate"]
    n = opt["nIterations"]
    losses, times, snapshots = np.zeros(n), np.zeros(n), {}
    distances = np.zeros_like(target_norms)
    progress = _Progress(opt, n)
    t0 = time.perf_counter()
    iteration = 0
    try:
        while iteration < n:
            signal, update = _update(previous, delta, update, lr, opt)
            S, tape = objective.forward(signal)
            dS = _diff(target_S, S)
            norms = objective.loss_norms(dS)
            loss = norms.sum()
            if loss > previous_loss:
                lr *= opt["bold_driver_brake"]
                update = update * opt["bold_driver_brake"]
                continue
            losses[iteration] = 100 * loss / target_norm
            iteration += 1
            times[iteration - 1] = time.perf_counter() - t0
            previous, previous_loss = signal, loss
            lr *= opt["bold_driver_accelerator"]
            delta = objective.gradient(dS, tape)
            distances = 100 * norms / np.where(target_norms > 0, target_norms, 1)
            progress.update(iteration, losses[iteration - 1], distances)
            if opt["snapshot_period"] and iteration % opt["snapshot_period"] == 0:
                snapshots[iteration] = signal.copy()
    finally:
        progress.close()
    return ReconstructionResult(previous, losses, float(initial_loss), distances, "bold_driver",
                                objective.n_evaluations, time.perf_counter() - t0, times, opt,
                                snapshots)


def _lbfgs(objective, target_S, signal, opt):
    from scipy.optimize import minimize

    target_norms = objective.loss_norms(target_S)
    target_norm = target_norms.sum()
    reg = opt.get("regularizer", 0.0) if opt["is_regularized"] else 0.0
    last = {}

    def fun(x):
        S, tape = objective.forward(x)
        diff = _diff(S, target_S)  # S − target
        value = 0.5 * sum(float(np.sum(d ** 2)) for d in diff if d is not None)
        grad = objective.gradient(diff, tape)
        last.update(x=x.copy(), norms=objective.loss_norms(diff))
        return value + reg * float(x @ x), grad + 2 * reg * x

    n = opt["nIterations"]
    losses, times, snapshots = [], [], {}
    distances = [np.zeros_like(target_norms)]
    progress = _Progress(opt, n)
    _, _ = fun(signal)
    initial_loss = 100 * last["norms"].sum() / target_norm
    t0 = time.perf_counter()

    def callback(intermediate_result):
        x = intermediate_result.x
        if not np.array_equal(x, last["x"]):
            fun(x)
        norms = last["norms"]
        losses.append(100 * norms.sum() / target_norm)
        times.append(time.perf_counter() - t0)
        distances[0] = 100 * norms / np.where(target_norms > 0, target_norms, 1)
        progress.update(len(losses), losses[-1], distances[0])
        if opt["snapshot_period"] and len(losses) % opt["snapshot_period"] == 0:
            snapshots[len(losses)] = x.copy()

    bounds = ([(opt["target_min"], opt["target_max"])] * signal.size
              if opt["is_thresholded"] else None)
    try:
        res = minimize(fun, signal, jac=True, method="L-BFGS-B", bounds=bounds,
                       callback=callback, options={"maxiter": n, "maxfun": 20 * n})
    finally:
        progress.close()
    return ReconstructionResult(res.x, np.asarray(losses), float(initial_loss), distances[0],
                                "lbfgs", objective.n_evaluations, time.perf_counter() - t0,
                                np.asarray(times), opt, snapshots)
