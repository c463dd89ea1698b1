"""How many signals a block holds, and how the last layer is cut so that the budget is a bound.

The work arrays of one block of ``B`` signals (:mod:`scatnet._core.engine`) are of two kinds:

* *fixed* ones, ``B·F`` bytes: the input rows, for every layer but the last the spectra of
  ``U_m``, the spectra of ``Y_{m+1}`` and ``U_{m+1}`` (one buffer each, sized for the largest
  layer), the blurred half spectra, and the S arrays of the block;
* the *pieces* of the last scatter (:mod:`scatnet._core.last_layer`): the last layer ``U_M``
  is never held whole when neither U nor Y is returned. It is made a piece of rows at a time
  (its Y spectra, its joint outputs, its real rows, their spectra) and blurred at once, so a
  piece of at most ``E`` samples per row group costs ``B·(c + r)·max(E, L)`` bytes (``c``,
  ``r``: complex and real item sizes; ``L``: the length of its rows), plus, for joint and
  spiral layers, the time-scatter outputs of one γ2 block (``c·n1·L``), which every piece of
  that block reads.

:func:`schedule` picks ``B`` and ``E``: whole layers and as many signals as fit when one
signal fits whole; otherwise as many signals as fit with pieces of :data:`PIECE_SAMPLES_MAX`
samples (at least one signal, with the largest pieces that fit). If even
one signal with one row per piece does not fit an explicit budget, it raises
:class:`~scatnet._errors.MemoryBudgetError` before any computation, with the figure.
"""
import math
from dataclasses import dataclass

import numpy as np

from .._errors import MemoryBudgetError
from .fft import RFFT_INTO

MiB = 2 ** 20
#: Samples per piece at most (per signal of the block): pieces of about 12 MiB in float64 keep
#: their work arrays in the caches and leave the rest of the budget unused rather than
#: touching it (the piece size does not change the results).
PIECE_SAMPLES_MAX = 2 ** 19
#: Rows of a joint matrix per matrix product (:func:`scatnet._core.last_layer.joint_product`);
#: the pieces of a joint block hold a multiple of it.
JOINT_TILE = 16


def _n(groups, half=False):
    """Elements per signal of the rows of ``groups`` (or of their half spectra)."""
    return sum(len(g.rows) * (g.length // 2 + 1 if half else g.length) for g in groups)


def streamed(plan, lean):
    """Tell whether the last scatter of ``plan`` runs in pieces (:mod:`scatnet._core.last_layer`).

    Parameters
    ----------
    plan : scatnet._core.plan.Plan
        The execution plan.
    lean : bool
        Whether neither U nor Y is returned.

    Returns
    -------
    bool
        True when neither U nor Y is returned and the plan has a scatter step.
    """
    return lean and len(plan.layers) > 1 and plan.layers[-2].scatter is not None


def arena(plan, into):
    """Count the elements per signal of the buffer a lean run shares between layers.

    Every layer but the last two puts ``Y_{m+1}`` at its front and, when the real FFT writes
    into it (``into``), the spectra of ``U_m`` at its back; the layer before the last only its
    spectra (its scatter runs in pieces); a plan without scatter, its first layer's spectra.

    Parameters
    ----------
    plan : scatnet._core.plan.Plan
        The execution plan.
    into : bool
        Whether the real FFT writes into the buffer (:data:`~scatnet._core.fft.RFFT_INTO`).

    Returns
    -------
    int
        Complex elements per signal.
    """
    layers = plan.layers
    spectra = [_n(lw.groups, half=True) for lw in layers]
    if not streamed(plan, True):
        return spectra[0] if into else 0
    sizes = [(s + _n(lw.scatter.out_groups)) if into else _n(lw.scatter.out_groups)
             for s, lw in zip(spectra[:-2], layers[:-2])]
    return max(sizes + [spectra[-2] if into else 0])


@dataclass(frozen=True)
class Footprint:
    """Bytes per signal of a plan's work arrays (see the module docstring)."""

    fixed: int  #: F: everything but the pieces of the last scatter
    piece_min: int  #: the pieces with one row each (the least that runs)
    piece_full: int  #: the pieces when the last scatter runs whole
    per_sample: int  #: bytes per sample of a piece row (c + r)
    joint: int  #: bytes of the largest γ2 block's time-scatter outputs (0 without joint)
    piece_row_min: int  #: the samples of the smallest piece

    @property
    def least(self):
        """Count the bytes per signal with the smallest pieces (the least budget that runs).

        Returns
        -------
        int
            ``fixed + piece_min``.
        """
        return self.fixed + self.piece_min

    @property
    def whole(self):
        """Count the bytes per signal when the last layer runs whole.

        Returns
        -------
        int
            ``fixed + piece_full``.
        """
        return self.fixed + self.piece_full


def footprint(plan, real_dtype, lean=True):
    """Count the bytes per signal of the work arrays of ``plan``.

    Parameters
    ----------
    plan : scatnet._core.plan.Plan
        The execution plan.
    real_dtype : dtype-like, float32 or float64
        Precision of the signals.
    lean : bool, default True
        Whether neither U nor Y is returned (then layers share buffers and the last scatter
        runs in pieces).

    Returns
    -------
    Footprint
        Fixed bytes and bytes of the pieces, per signal.
    """
    real = np.dtype(real_dtype)
    r = real.itemsize
    c = np.dtype(np.result_type(real, np.complex64)).itemsize
    layers = plan.layers
    spectra = [_n(lw.groups, half=True) for lw in layers]
    Y = [_n(lw.scatter.out_groups) if lw.scatter else 0 for lw in layers]
    joint_Y = [sum(b.n_rows * b.length for b in lw.joint) if lw.joint else 0 for lw in layers]
    U = [_n(lw.groups) for lw in layers]
    H = max(_n(lw.blur.out_groups, half=True) for lw in layers)
    S = sum(_n(lw.blur.out_groups) for lw in layers)
    into = real in RFFT_INTO
    base = plan.size * r + H * c + S * r
    if not lean:  # every layer keeps its own spectra, Y (and joint outputs) and U
        fixed = base + (max(spectra) + sum(Y) + sum(joint_Y)) * c + sum(U[1:]) * r
        return Footprint(fixed, 0, 0, c + r, 0, 0)
    if not streamed(plan, lean):
        return Footprint(base + spectra[0] * c, 0, 0, c + r, 0, 0)
    M = len(layers) - 1
    spectra_alloc = 0 if into else max(spectra[:M])  # rfft allocates its output
    fixed = base + (arena(plan, into) + spectra_alloc) * c + max(U[1:M] + [0]) * r
    last = layers[M - 1]
    blocks = last.joint or []
    joint = max([b.n1 * b.length for b in blocks] + [0]) * c
    row_max = max([g.length for g in layers[M].groups] + [1])
    # a piece: Y or joint outputs (complex; their buffer then holds the spectra) and U (real);
    # without `into` the rfft allocates the spectra (half a complex row per row)
    per_sample = c + r + (0 if into else c // 2)
    if blocks:  # the joint outputs of a whole block and the time-scatter outputs
        piece_full = max(b.n_rows * b.length for b in blocks) * per_sample + joint
    else:
        piece_full = max([len(g.rows) * g.length for g in layers[M].groups] + [0]) * per_sample
    rows_min = row_max * (JOINT_TILE if blocks else 1)
    piece_min = rows_min * per_sample + joint
    return Footprint(int(fixed), int(piece_min), int(piece_full), per_sample, int(joint), rows_min)


@dataclass(frozen=True)
class Schedule:
    """Signals per block and the piece size of the last scatter (None: whole groups)."""

    B: int
    piece_samples: int | None


def minimum_budget(plan, real_dtype, lean=True):
    """Compute the least memory budget that runs ``plan`` (one signal, pieces of one row).

    Parameters
    ----------
    plan : scatnet._core.plan.Plan
        The execution plan.
    real_dtype : dtype-like, float32 or float64
        Precision of the signals.
    lean : bool, default True
        Whether neither U nor Y is returned.

    Returns
    -------
    int
        Bytes.
    """
    return footprint(plan, real_dtype, lean).least


def signal_bytes(plan, real_dtype, lean=True):
    """Count the bytes of work arrays per signal when the last layer runs whole (no pieces).

    Parameters
    ----------
    plan : scatnet._core.plan.Plan
        The execution plan.
    real_dtype : dtype-like, float32 or float64
        Precision of the signals.
    lean : bool, default True
        Whether neither U nor Y is returned.

    Returns
    -------
    int
        Bytes per signal.
    """
    return footprint(plan, real_dtype, lean).whole


def schedule(plan, K, real_dtype, budget, lean=True, strict=True, hint="", B=None):
    """Choose the signals per block and the pieces of the last scatter that fit ``budget``.

    Parameters
    ----------
    plan : scatnet._core.plan.Plan
        The execution plan.
    K : int >= 1
        Number of rows (signals) to scatter.
    real_dtype : dtype-like, float32 or float64
        Precision of the signals.
    budget : int
        Bytes of work arrays allowed.
    lean : bool, default True
        Whether neither U nor Y is returned.
    strict : bool, default True
        Whether ``budget`` was given by the user: then a plan that cannot fit raises;
        otherwise (the default budget) the budget grows to :func:`minimum_budget`.
    hint : str, optional
        Options that would shrink the plan, appended to the error message.
    B : int, optional
        Signals per block imposed by the caller (e.g. the K signals of a stream): the pieces
        are sized for ``B`` signals. Default: chosen here.

    Returns
    -------
    Schedule
        ``B`` signals per block (1 … K) and the samples per piece (None: whole groups).

    Raises
    ------
    MemoryBudgetError
        ``strict`` and one signal, cut in the smallest pieces, needs more than ``budget``.
    """
    f = footprint(plan, real_dtype, lean)
    n = B or 1
    least = n * f.least
    if least > budget:
        if strict:
            what = ("the fixed work arrays of one signal" if lean else
                    "one signal with its U and Y (return_U/return_Y keep every layer whole)")
            raise MemoryBudgetError(
                f"memory_budget={budget} bytes ({budget / MiB:.1f} MiB) cannot hold {what}"
                + (f" times {n} signals" if n > 1 else "") + ": "
                f"this plan needs at least {least} bytes ({least / MiB:.1f} MiB) in "
                f"{np.dtype(real_dtype).name}. Pass memory_budget >= {least}"
                + (", or float32 signals (half the bytes)" if np.dtype(real_dtype) ==
                   np.float64 else "")
                + (", or leave return_U/return_Y False" if not lean else "")
                + (f"; {hint}" if hint else "") + ". Nothing was computed.")
        budget = least
    whole = f.whole
    if B is None and whole <= budget:
        return Schedule(int(max(1, min(K, budget // max(whole, 1)))), None)
    if B is not None and n * whole <= budget:
        return Schedule(n, None)
    if B is None:  # as many signals as fit with pieces at the cap (bigger FFT batches)
        at_cap = f.fixed + f.joint + f.per_sample * max(f.piece_row_min, PIECE_SAMPLES_MAX)
        n = int(max(1, min(K, budget // at_cap)))
    rest = budget // n - f.fixed - f.joint
    return Schedule(n, int(max(f.piece_row_min, min(PIECE_SAMPLES_MAX, rest // f.per_sample))))


def block_size(plan, K, real_dtype, budget, lean=True):
    """Choose the number of signals per block (:func:`schedule` with the default budget rule).

    Parameters
    ----------
    plan : scatnet._core.plan.Plan
        The execution plan.
    K : int >= 1
        Number of rows (signals) to scatter.
    real_dtype : dtype-like, float32 or float64
        Precision of the signals.
    budget : int
        Memory budget of the work arrays of one block, in bytes.
    lean : bool, default True
        Whether neither U nor Y is returned.

    Returns
    -------
    int
        Signals per block, at least 1 and at most ``K``.
    """
    return schedule(plan, K, real_dtype, budget, lean, strict=False).B


def split(n_rows, length, piece_samples, multiple=1):
    """Cut ``n_rows`` rows of ``length`` samples into pieces of at most ``piece_samples`` samples.

    Parameters
    ----------
    n_rows : int
        Rows to cut.
    length : int
        Samples per row.
    piece_samples : int or None
        Samples per piece (at least one row per piece); None: one piece.
    multiple : int, default 1
        Rows per piece are a multiple of it (at least ``multiple`` rows per piece).

    Returns
    -------
    list of (int, int)
        ``(start, stop)`` row ranges, in order.
    """
    if piece_samples is None:
        return [(0, n_rows)] if n_rows else []
    step = max(multiple, piece_samples // length // multiple * multiple)
    n = math.ceil(n_rows / step)
    return [(i * step, min(n_rows, (i + 1) * step)) for i in range(n)]
