"""The path walk: which filters apply to which paths, at which rates (spec §3.5, §3.10).

The walk runs on the architecture alone, without data: it yields the static
:class:`~scatnet._core.plan.Plan` that :mod:`scatnet._core.engine` executes on every block of signals, and from which
the paths tables are made (so metadata cannot drift from the computation; STYLE G5).

Rates are log2 samplings relative to the bank size N: a path at ``ls`` has ``N·2**ls`` samples
(hop ``2**-ls`` in original samples).

MATLAB: ``operators/firstborn_scatter.m``, ``secondborn_scatter.m``, ``sibling_scatter.m``,
``firstborn_blur.m``, ``secondborn_blur.m``, ``sibling_blur.m``.
"""
import math

import numpy as np

from .._core.plan import Group, LayerPlan, Plan, Step, group_jobs
from .._errors import OptionError
from . import invariants, joint

#: Path-mask stop index (spec §7 #4): the original enables filters from the stop index itself
#: (third order) or from 1 (second order, loop stopped at γ = 1) and then crashes; scatnet
#: uses "first enabled γ = stop index + 1", the fix the reference data were made with.
FIX_PATH_MASK_STOP = True


def enabled_gammas(bank, behavior, candidates, prev_bandwidth, first_order):
    """List the enabled filters of a bank and, per filter, the last parent index it accepts.

    First order: ``γ = max(gb1, 1) … min(gb2, n)``, every parent. Higher orders (spec §3.5,
    ``secondborn_scatter``/``sibling_scatter``): walking γ from n down to 1,
    ``max_sib(γ)`` is the last existing parent index ``c`` with
    ``res(γ) < sibling_mask_factor · bw_prev(c)``; the walk stops at the first γ without one.

    Parameters
    ----------
    bank : FilterBank
        The bank of the layer.
    behavior : BankBehavior
        Its behaviour (``gamma_bounds``, ``sibling_mask_factor``).
    candidates : iterable of int
        The 1-based last filter index of each parent path (ignored at the first order).
    prev_bandwidth : ndarray or None
        Bandwidths of the previous layer's filters (resolution units); None at the first
        order.
    first_order : bool
        Whether the bank is the first layer's.

    Returns
    -------
    enabled : list of int
        The enabled filters γ (1-based), increasing.
    max_sib : dict of int to int
        For each enabled γ of a higher order, the last parent index it accepts (empty at the
        first order).
    """
    n = bank.n_gammas
    gb_lo, gb_hi = behavior.gamma_bounds
    hi = int(min(gb_hi, n))
    if first_order:
        lo = int(max(gb_lo, 1))
        return list(range(lo, hi + 1)), {}
    res = bank.metas.resolution
    factor = behavior.sibling_mask_factor
    cands = sorted(set(candidates))
    max_sib, stop = {}, 0
    for g in range(n, 0, -1):
        ok = [c for c in cands if res[g - 1] < factor * prev_bandwidth[c - 1]]
        if not ok:
            stop = g
            break
        max_sib[g] = ok[-1]
    first = stop + 1 if FIX_PATH_MASK_STOP else max(stop, 1)
    lo = int(max(gb_lo, first))
    return [g for g in range(lo, hi + 1) if g in max_sib], max_sib


def _group_by_ls(children, n_rows_before=0):
    """Split (path, ls) rows (MATLAB order) into groups of equal ls, keeping global row numbers."""
    groups = {}
    for row, (path, ls) in enumerate(children):
        groups.setdefault(ls, []).append((row, path))
    out = []
    for ls in sorted(groups, reverse=True):
        rows = groups[ls]
        out.append((ls, [p for _, p in rows], np.array([r for r, _ in rows], dtype=np.int64)))
    return out


def blur_log2_rate(inv_spec, first):
    """Get the log2 rate of ``S_m``: ``1 − log2(T) + S_log2_oversampling`` (at most 0 for S_0).

    Parameters
    ----------
    inv_spec : scatnet.scattering_m.options.spec.InvariantSpec
        The invariant of layer m (``T``, ``S_log2_oversampling``).
    first : bool
        Whether it is the invariant of the input (S_0), which is never upsampled.

    Returns
    -------
    int
        ``ls``: S_m has ``N·2**ls`` frames, one every ``2**-ls`` samples.
    """
    target = 1 - round(math.log2(inv_spec.T)) + int(inv_spec.S_log2_oversampling)
    return min(target, 0) if first else target


def _blur_step(archs, m, groups, n_paths, N):
    if archs[m].invariant_spec.invariance != "blurred":  # S_m from U_m (invariants.py)
        return invariants.empty_blur()
    target = blur_log2_rate(archs[m].invariant_spec, m == 0)
    sources = {}
    for gi, g in enumerate(groups):
        for local, row in enumerate(g.rows):
            sources[int(row)] = (gi, local, 0)
    out = Group(ls=target, length=int(N * 2.0 ** target), paths=[None] * n_paths,
                rows=np.arange(n_paths, dtype=np.int64))
    return Step(filters=archs[m].invariant.phis[0], out_groups=[out],
                calls=group_jobs(groups, [out], sources))


def _scatter_step(archs, m, groups, paths):
    layer = archs[m]
    bank, behavior = layer.banks[0], layer.bank_plans[0].behavior
    first_order = m == 0
    prev_bw = None if first_order else archs[m - 1].banks[0].metas.bandwidth
    candidates = [p[-1] for p in paths] if not first_order else []
    enabled, max_sib = enabled_gammas(bank, behavior, candidates, prev_bw, first_order)
    cap = 0 if first_order else math.ceil(math.log2(behavior.sibling_mask_factor))
    src_of = {}
    for gi, g in enumerate(groups):
        for local, (row, path) in enumerate(zip(g.rows, g.paths)):
            src_of[int(row)] = (gi, local, g.ls, path)
    children, sources = [], []
    for gamma in enabled:
        ls = min(int(bank.metas.log2_resolution[gamma - 1]) + int(behavior.U_log2_oversampling), cap)
        for prow, ppath in enumerate(paths):
            if not first_order and ppath[-1] > max_sib[gamma]:
                continue
            gi, local, _, _ = src_of[prow]
            children.append((ppath + (gamma,), ls))
            sources.append((gi, local, gamma - 1))
    N = archs.size
    out_groups = [Group(ls=ls, length=int(N * 2.0 ** ls), paths=ps, rows=rows)
                  for ls, ps, rows in _group_by_ls(children)]
    step = Step(filters=bank.psis[0], out_groups=out_groups,
                calls=group_jobs(groups, out_groups, dict(enumerate(sources))))
    return step, [c[0] for c in children]


def _check_supported(archs):
    """Refuse resolved options that the time-scattering walk does not execute (nothing is ignored)."""
    def refuse(m, field, value, fix):
        raise OptionError(f"opts[{m}]['time']['{field}'] (MATLAB opts{{{m + 1}}}.time.{field}) = "
                          f"{value!r} is a valid option of the original but sc_propagate does not "
                          f"support it in this version: {fix}")
    for m, layer in enumerate(archs):
        spec = layer.invariant_spec
        mo = min(m, archs.n_layers - 1)
        if spec.invariance not in ("blurred", "summed", "maxpooled"):
            refuse(mo, "invariance", spec.invariance,
                   "use 'blurred' (the default), 'summed' or 'maxpooled'")
        if not spec.is_S_invariant or spec.is_S_bypassed:
            refuse(mo, "is_S_bypassed" if spec.is_S_bypassed else "is_S_invariant",
                   spec.is_S_bypassed if spec.is_S_bypassed else spec.is_S_invariant,
                   "leave it at its default")
        for plan in layer.bank_plans:
            b = plan.behavior
            if b.is_U_bypassed or not b.is_U_scattered:
                refuse(m, "is_U_bypassed" if b.is_U_bypassed else "is_U_scattered",
                       b.is_U_bypassed if b.is_U_bypassed else b.is_U_scattered,
                       "leave it at its default")
            if plan.variable == "time" and b.is_U_blurred:
                refuse(m, "is_U_blurred", True, "leave it at False (the default)")
    invariants.check_invariants(archs)


def plan_walk(archs):
    """Run the path walk of a time-scattering architecture (no data).

    Parameters
    ----------
    archs : Architecture
        The architecture of :func:`scatnet.sc_setup`.

    Returns
    -------
    scatnet._core.plan.Plan
        The execution plan: per layer its groups, blur and scatter steps, and, for a joint or
        spiral last layer, its blocks and tensor descriptors.

    Raises
    ------
    OptionError
        If an option is valid in the original but not executed here, or a layer other than
        the last has ``gamma``/``j`` banks.
    """
    _check_supported(archs)
    for m, layer in enumerate(archs):
        if len(layer.banks) > 1 and m != archs.n_layers - 1:
            raise OptionError(
                f"opts[{m}] has 'gamma'/'j' options but is not the last layer: joint and spiral "
                "scattering are only defined for the last layer (the original's opts{2} of a "
                "two-layer network); remove the later layers")
    N = archs.size
    groups = [Group(ls=0, length=N, paths=[()], rows=np.zeros(1, dtype=np.int64))]
    paths = [()]
    layers = []
    for m in range(len(archs)):
        blur = _blur_step(archs, m, groups, len(paths), N)
        scatter = None
        if m < len(archs) - 1:
            scatter, child_paths = _scatter_step(archs, m, groups, paths)
        lw = LayerPlan(order=m, groups=groups, paths=paths, blur=blur, scatter=scatter,
                       nonlinearity=archs[m].nonlinearity if scatter is not None else None)
        layers.append(lw)
        if scatter is None:
            break
        groups, paths = scatter.out_groups, child_paths
        if len(archs[m].banks) > 1:
            lw.joint = joint.plan_blocks(archs, m, scatter.out_groups)
            tensors = joint.describe(lw.joint, archs, m)
            for bi, b in enumerate(lw.joint):
                for t in b.tensors:
                    t.block = bi
            groups = [Group(ls=b.ls, length=b.length, paths=[None] * b.n_rows,
                            rows=np.concatenate([np.arange(t.rows.start, t.rows.stop)
                                                 for t in b.tensors]).astype(np.int64))
                      for b in lw.joint]
            paths = [None] * sum(t.n_rows for t in tensors)
            blur = _blur_step(archs, m + 1, groups, len(paths), N)
            layers.append(LayerPlan(order=m + 1, groups=groups, paths=paths, blur=blur,
                                    scatter=None, tensors=tensors))
            break
    walk = Plan(size=N, layers=layers)
    post = invariants.plan_invariants(archs, layers)
    if post:  # summed / max-pooled / γ invariants: S made by reductions (invariants.py)
        walk.extra["invariants"] = post
    return walk
