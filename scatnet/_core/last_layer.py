"""The last scatter in pieces: ``Y_M`` → (joint filtering) → ``U_M`` → ``S_M``, a piece of rows at a time.

When neither U nor Y is returned, the last layer ``U_M`` is only blurred: each of its rows
gives one row of ``S_M``. So it is never held whole. For every piece of rows (at most
``piece_samples`` samples, :func:`scatnet._core.memory.schedule`) the engine

1. writes the spectra of the piece's ``Y_M`` rows (the scatter calls restricted to those rows)
   and inverts them in place;
2. for a joint or spiral layer, multiplies the time-scatter outputs of the γ2 block by the
   block's matrix (``Z = M_block[rows] @ Y``, one BLAS product; see
   :meth:`scatnet.scattering_m.joint.JointBlock.matrix`);
3. applies the nonlinearity, pads the rows if the front end asks for it, and takes their
   ``rfft``;
4. blurs them into the half spectra of their ``S_M`` rows (the blur calls restricted to the
   piece's rows), which one ``irfft`` per group turns into ``S_M`` at the end.

A piece's work arrays are reused by the next; their sizes are bounded by the schedule. The
pieces and their restricted kernel calls depend only on the plan and the piece size, and are
kept on the plan.
"""
from dataclasses import dataclass

import numpy as np

from .fft import RFFT_INTO, ifft_inplace, irfft, rfft, rfft_into
from .filtering import apply, views
from .memory import JOINT_TILE, split
from .plan import Calls
from .pointwise import nonlinearity, pad_groups


@dataclass
class Piece:
    """Rows ``u_rows`` of group ``u_group`` of the last layer, and the calls that make them."""

    u_group: int
    u_rows: tuple[int, int]
    blur: list  #: Calls of the last blur restricted to these rows (``job_src`` shifted)


@dataclass
class Unit:
    """Rows ``y_rows`` of scatter output group ``y_group``, made once, then cut into pieces."""

    y_group: int
    y_rows: tuple[int, int]
    scatter: list  #: Calls of the last scatter restricted to these rows (``job_out`` shifted)
    block: object  #: the joint block fed by these rows, or None
    pieces: list


def _restrict(calls, field, lo, hi):
    """The jobs of ``calls`` whose ``field`` (``'job_out'`` or ``'job_src'``) is in ``[lo, hi)``,
    that index shifted by ``−lo``."""
    out = []
    for c in calls:
        idx = getattr(c, field)
        keep = (idx >= lo) & (idx < hi)
        if not keep.any():
            continue
        parts = {k: getattr(c, k)[keep] for k in ("job_src", "job_filter", "job_out")}
        parts[field] = parts[field] - lo
        out.append(Calls(c.src_group, c.out_group, **parts))
    return out


def units(plan, piece_samples):
    """Cut the last scatter of ``plan`` into units and pieces (kept on the plan per size).

    Parameters
    ----------
    plan : scatnet._core.plan.Plan
        The execution plan (its last layer has no scatter).
    piece_samples : int or None
        Samples per piece (None: one piece per group or joint block).

    Returns
    -------
    list of Unit
        In the order of the scatter's output groups and rows.
    """
    key = ("last_layer_units", piece_samples)
    hit = plan.extra.get(key)
    if hit is not None:
        return hit
    scatter, last = plan.layers[-2].scatter, plan.layers[-1]
    blocks = plan.layers[-2].joint
    out = []
    if blocks:
        for bi, b in enumerate(blocks):
            lo, hi = b.local_rows.start, b.local_rows.stop
            g = last.groups[bi]
            pieces = [Piece(bi, (a, z), _restrict(_from(last.blur.calls, bi), "job_src", a, z))
                      for a, z in split(len(g.rows), g.length, piece_samples, JOINT_TILE)]
            out.append(Unit(b.out_group, (lo, hi),
                            _restrict(_to(scatter.calls, b.out_group), "job_out", lo, hi),
                            b, pieces))
    else:
        for gi, g in enumerate(last.groups):
            for a, z in split(len(g.rows), g.length, piece_samples):
                out.append(Unit(gi, (a, z), _restrict(_to(scatter.calls, gi), "job_out", a, z),
                                None, [Piece(gi, (a, z), _restrict(_from(last.blur.calls, gi),
                                                                  "job_src", a, z))]))
    plan.extra[key] = out
    return out


def _largest(plan, piece_samples):
    """Elements per signal of the largest Y slab, joint output and U piece of :func:`units`."""
    key = ("last_layer_sizes", piece_samples)
    hit = plan.extra.get(key)
    if hit is None:
        lengths = [g.length for g in plan.layers[-2].scatter.out_groups]
        y = z = u = 0
        for unit in units(plan, piece_samples):
            L = lengths[unit.y_group]
            y = max(y, (unit.y_rows[1] - unit.y_rows[0]) * L)
            for piece in unit.pieces:
                n = (piece.u_rows[1] - piece.u_rows[0]) * L
                u = max(u, n)
                z = max(z, n if unit.block is not None else 0)
        hit = plan.extra[key] = (y, z, u)
    return hit


def joint_product(M, Y, a, z, out):
    """Compute ``out = M[a:z] @ Y`` (per signal), in products of :data:`JOINT_TILE` rows.

    The products start at multiples of :data:`JOINT_TILE` (``a`` is one), so every row of
    ``M`` is always computed by the same BLAS call, whatever the pieces: results do not depend
    on the memory budget.

    Parameters
    ----------
    M : ndarray, complex, shape (R, n1)
        The joint matrix of a γ2 block.
    Y : ndarray, complex, shape (B, n1, L)
        The block's time-scatter outputs.
    a, z : int
        The rows of ``M`` to apply; ``a`` a multiple of :data:`JOINT_TILE`.
    out : ndarray, complex, shape (B, z − a, L)
        Written in place.

    Returns
    -------
    ndarray, shape (B, z − a, L)
        ``out``.
    """
    for t0 in range(a, z, JOINT_TILE):
        t1 = min(z, t0 + JOINT_TILE)
        np.matmul(M[t0:t1], Y, out=out[:, t0 - a:t1 - a])
    return out


def _to(calls, group):
    return [c for c in calls if c.out_group == group]


def _from(calls, group):
    return [c for c in calls if c.src_group == group]


def run(plan, spectra, B, piece_samples, work, complex_dtype, real_dtype, n_jobs):
    """Make ``S_M`` from the spectra of ``U_{M−1}``, the last layer a piece at a time.

    Parameters
    ----------
    plan : scatnet._core.plan.Plan
        The execution plan.
    spectra : list of ndarray, complex, shape (B, R, length // 2 + 1)
        The ``rfft`` half spectra of the groups of ``U_{M−1}``.
    B : int
        Signals in the block.
    piece_samples : int or None
        Samples per piece (:func:`scatnet._core.memory.schedule`).
    work : scatnet._core.workspace.Workspace
        Work arrays (keys ``'pY'``, ``'pZ'``, ``'pU'``, ``'H'``).
    complex_dtype, real_dtype : numpy.dtype
        Precision of the run.
    n_jobs : int >= 1
        Threads for the FFTs.

    Returns
    -------
    list of ndarray, real, shape (B, R, length)
        ``S_M`` per blur output group.
    """
    prev, last = plan.layers[-2], plan.layers[-1]
    src_lengths = [g.length for g in prev.groups]
    H_shapes = [(B, len(g.rows), g.length // 2 + 1) for g in last.blur.out_groups]
    H_flat = work.get("H", (sum(int(np.prod(s)) for s in H_shapes),), complex_dtype)
    Hs = views(H_flat, H_shapes)
    into = real_dtype in RFFT_INTO
    # the piece buffers at their largest first: growing them piece by piece would hold the
    # old and the new one at once
    for name, n, dtype in zip(("pY", "pZ", "pU"), _largest(plan, piece_samples),
                              (complex_dtype, complex_dtype, real_dtype)):
        work.get(name, (B * max(n, 1),), dtype)
    for unit in units(plan, piece_samples):
        Y = _scatter(prev, unit, spectra, src_lengths, B, work, complex_dtype, n_jobs)
        L = prev.scatter.out_groups[unit.y_group].length
        for piece in unit.pieces:
            a, z = piece.u_rows
            if unit.block is not None:  # Z = M[a:z] @ Y
                Z = joint_product(unit.block.matrix(complex_dtype), Y, a, z,
                                  work.get("pZ", (B, z - a, L), complex_dtype))
            else:
                Z = Y
            U = nonlinearity(prev.nonlinearity, [Z], work.get("pU", (B * (z - a) * L,), real_dtype),
                             Z.reshape(-1))[0]
            pad_groups([U], [last.groups[piece.u_group]])
            if into:  # the spectra overwrite Z (no longer needed)
                F = rfft_into(U, Z.reshape(-1)[:U.size // L * (L // 2 + 1)].reshape(
                    B, z - a, L // 2 + 1), n_jobs)
            else:
                F = rfft(U, n_jobs)
            for c in piece.blur:
                apply(last.blur.filters, F, L, True, c.job_src, c.job_filter, c.job_out,
                      Hs[c.out_group], last.blur.out_groups[c.out_group].length, True,
                      complex_dtype)
    return [irfft(H, g.length, n_jobs) for H, g in zip(Hs, last.blur.out_groups)]


def _scatter(prev, unit, spectra, src_lengths, B, work, complex_dtype, n_jobs):
    """The time-domain rows ``y_rows`` of the last scatter's group ``y_group``: (B, rows, L)."""
    lo, hi = unit.y_rows
    L = prev.scatter.out_groups[unit.y_group].length
    Y = work.get("pY", (B, hi - lo, L), complex_dtype)
    for c in unit.scatter:
        apply(prev.scatter.filters, spectra[c.src_group], src_lengths[c.src_group], True,
              c.job_src, c.job_filter, c.job_out, Y, L, False, complex_dtype)
    return ifft_inplace(Y, n_jobs)
