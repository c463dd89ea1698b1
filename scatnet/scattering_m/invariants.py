"""Summed and max-pooled invariants: S made from U by reductions (spec §1.2.9, §3.8).

MATLAB: ``forward/Y_to_S.m`` with ``operators/sum_Y.m`` and ``operators/maxpool_Y.m``.

The original applies a layer's invariants in the order time, γ:

* along time, ``'blurred'`` is the engine's blur (low-pass and subsampling); ``'summed'`` gives
  ``S_m[λ] = Σ_t U_m[λ](t)`` and ``'maxpooled'`` gives ``S_m[λ] = L_λ · max_t U_m[λ](t)``
  (``map_maxpool.m`` multiplies the max by the number ``L_λ`` of samples), over the samples of
  ``U_m`` as stored (at the path's rate, "× hop" convention), one frame per path;
* along γ (``opts{m}.invariants.gamma``), ``'summed'`` / ``'maxpooled'`` reduce the γ1 axis of
  every tensor of the layer: ``S_m[γ2, …] = Σ_{γ1} S_m[γ1, γ2, …]`` (or ``n_γ1 · max``), one
  row per tensor; its paths carry ``γ1 = 0``.

The reductions are planned with the path walk (:func:`plan_invariants`, kept in
``Plan.extra['invariants']``) and applied to the engine's S and U arrays by
:func:`apply_invariants`, one NumPy reduction per group of rows.
"""
from dataclasses import dataclass

import numpy as np

from .._core.plan import Group, Step
from .options.custom import check_plan

__all__ = ["LayerInvariants", "apply_invariants", "needs_U", "plan_invariants"]


@dataclass
class LayerInvariants:
    """How ``S_m`` is made, when it is not the engine's blur alone.

    Attributes
    ----------
    time : {'blurred', 'summed', 'maxpooled'}
        The invariant along time.
    gamma : {'summed', 'maxpooled'} or None
        The invariant along γ1 applied after it, if any.
    starts : ndarray of int
        First row (in the layer's row order) of each tensor whose γ1 axis is reduced.
    group : scatnet._core.plan.Group
        The layout of the S rows: ``length`` frames, ``paths`` (γ1 = 0 where reduced).
    """

    time: str
    gamma: str | None
    starts: np.ndarray
    group: Group


def _runs(paths):
    """First row of each run of consecutive rows sharing ``path[1:]`` (one MATLAB tensor)."""
    return np.array([i for i in range(len(paths)) if i == 0 or paths[i][1:] != paths[i - 1][1:]],
                    dtype=np.int64)


def check_invariants(archs):
    """Refuse combinations of custom invariants that the walk does not execute.

    The same check runs in :func:`scatnet.sc_setup`
    (:func:`scatnet.scattering_m.options.custom.check_plan`); repeated here for architectures
    made another way.

    Parameters
    ----------
    archs : Architecture
        From :func:`scatnet.sc_setup`.

    Raises
    ------
    OptionError
        See :func:`scatnet.scattering_m.options.custom.check_plan`.
    """
    check_plan(archs.plan)


def empty_blur():
    """A blur step with no output: the layer's S is made from its U by a reduction.

    Returns
    -------
    scatnet._core.plan.Step
        No filters, no output groups, no calls.
    """
    return Step(filters=None, out_groups=[], calls=[])


def plan_invariants(archs, layers):
    """Plan the reductions of every layer whose S is not the engine's blur alone.

    Parameters
    ----------
    archs : Architecture
        From :func:`scatnet.sc_setup`.
    layers : list of scatnet._core.plan.LayerPlan
        The walk's layers (their paths, groups and blur steps).

    Returns
    -------
    list of LayerInvariants or None
        Per layer, its reductions; None for a layer made by the blur alone. The list is
        empty when no layer has custom invariants.
    """
    plan = archs.plan
    out = []
    for m, lw in enumerate(layers):
        time = archs[m].invariant_spec.invariance
        post = plan.post_invariants(m)
        gamma = post[0].invariance if post else None
        if time == "blurred" and gamma is None:
            out.append(None)
            continue
        if time == "blurred":
            blurred = lw.blur.out_groups[0]
            ls, length = blurred.ls, blurred.length
        else:
            ls, length = -round(np.log2(plan.input.size)), 1
        paths = list(lw.paths)
        starts = _runs(paths) if gamma else np.arange(len(paths), dtype=np.int64)
        if gamma:
            paths = [(0,) + tuple(paths[i][1:]) for i in starts]
        group = Group(ls=ls, length=length, paths=paths,
                      rows=np.arange(len(paths), dtype=np.int64))
        out.append(LayerInvariants(time, gamma, starts, group))
    return out if any(x is not None for x in out) else []


def needs_U(walk):
    """Whether some S of the plan is made from U (a summed or max-pooled time invariant).

    Parameters
    ----------
    walk : scatnet._core.plan.Plan
        The execution plan.

    Returns
    -------
    bool
        True when the engine must return U for :func:`apply_invariants`.
    """
    return any(x is not None and x.time != "blurred" for x in walk.extra.get("invariants", []))


def apply_invariants(walk, S_arrays, U_arrays):
    """Make the S of every layer with custom invariants from the engine's S and U arrays.

    MATLAB: ``Y_to_S.m`` (``sum_Y``, ``maxpool_Y`` along time, then along γ).

    Parameters
    ----------
    walk : scatnet._core.plan.Plan
        The execution plan (``walk.extra['invariants']`` from :func:`plan_invariants`).
    S_arrays : list of ndarray or None
        Per layer, the blurred S ``(K, rows, frames)`` (None where the blur step is empty).
    U_arrays : list of list of ndarray or None
        Per layer, U per group ``(K, rows_g, length_g)``; needed when :func:`needs_U`.

    Returns
    -------
    list of ndarray
        Per layer, S ``(K, rows', frames')``: one frame per path for a summed/max-pooled time
        invariant, one row per tensor after a γ invariant.

    Examples
    --------
    >>> import numpy as np
    >>> from scatnet import sc_setup, sc_propagate
    >>> opts = [{'banks': {'time': {'size': 1024, 'T': 1024, 'is_chunked': False}},
    ...          'invariants': {'time': {'invariance': 'summed'}}}]
    >>> x = np.cos(np.arange(1024) / 3)
    >>> S = sc_propagate(x, sc_setup(opts))
    >>> bool(np.isclose(S[0][0].data[0], x.sum())), S[1][0].data.shape   # S0 = Σ x; S1: γ1 × 1
    (True, (10, 1))
    """
    plans = walk.extra.get("invariants", [])
    if not plans:
        return S_arrays
    out = []
    for m, (lw, inv) in enumerate(zip(walk.layers, plans)):
        S = S_arrays[m]
        if inv is None:
            out.append(S)
            continue
        if inv.time != "blurred":
            U = U_arrays[m]
            S = np.empty(U[0].shape[:-2] + (len(lw.paths), 1), dtype=U[0].dtype)
            for g, u in zip(lw.groups, U):
                if inv.time == "summed":
                    S[..., g.rows, 0] = u.sum(axis=-1)
                else:  # map_maxpool.m: the max times the number of samples
                    S[..., g.rows, 0] = u.max(axis=-1) * u.shape[-1]
        if inv.gamma == "summed":
            S = np.add.reduceat(S, inv.starts, axis=-2)
        elif inv.gamma == "maxpooled":
            counts = np.diff(np.append(inv.starts, S.shape[-2]))
            S = np.maximum.reduceat(S, inv.starts, axis=-2) * counts[:, None]
        out.append(S)
    return out
