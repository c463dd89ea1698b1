"""The execution plan: what the engine runs on every block of signals, for any front end.

A front end (scattering.m's path walk, ScatNet's planner, …) compiles its options into a
:class:`Plan` without touching data; :mod:`scatnet._core.engine` executes it and the paths tables
are made from it (so metadata cannot drift from the computation; STYLE G5).

Per layer m, the rows of ``U_m`` are stored in :class:`Group` arrays ``(B, rows, length)``, one
per length. A :class:`Step` filters them: the *blur* makes ``S_m`` (real), the *scatter* makes
``Y_{m+1}`` (complex), whose nonlinearity gives ``U_{m+1}``. Each step's filters follow one
spectral rule (:mod:`scatnet._core.filtering`).
"""
from dataclasses import dataclass, field

import numpy as np


@dataclass
class Group:
    """Paths of one layer that share a length: rows of one ``(B, R, length)`` array.

    ``length`` is the FFT length of the rows. Only the ``valid`` samples from ``offset`` on
    are signal (kept in the outputs): the first ones by default, a centred window after
    padding on both sides (Kymatio's ``unpad``). When ``pad`` is given (with ``offset = 0``),
    samples ``valid … length − 1`` are copies of samples ``pad[i]`` (−1: zero), written after
    the nonlinearity (ScatNet's ``pad_signal``).
    """

    ls: int  #: log2 rate (relative to the front end's reference grid)
    length: int
    paths: list[tuple[int, ...]]  #: front-end indices of each row's path
    rows: np.ndarray  #: global index of each row in the layer (feature order)
    valid: int | None = None
    pad: np.ndarray | None = None
    offset: int = 0  #: first kept sample of each row

    def __post_init__(self):
        if self.valid is None:
            self.valid = self.length


@dataclass
class Calls:
    """Kernel calls from one source group to one output group."""

    src_group: int
    out_group: int
    job_src: np.ndarray
    job_filter: np.ndarray
    job_out: np.ndarray


@dataclass
class Step:
    """Filtering of a layer's groups into output groups (scatter) or S groups (blur)."""

    filters: object  #: a filter set of :mod:`scatnet._core.filtering` (``rule`` + packed arrays)
    out_groups: list[Group]
    calls: list[Calls]


@dataclass
class LayerPlan:
    """Layer m: its U groups, the blur that makes S_m and the scatter that makes U_{m+1}."""

    order: int
    groups: list[Group]
    paths: list  #: all paths of U_m in feature order
    blur: Step
    scatter: Step | None
    nonlinearity: object = None  #: applied to the scatter's outputs (None: modulus)
    #: post-scatter blocks (scattering.m joint/spiral layers): each has ``out_group`` and
    #: ``local_rows`` (its rows among the scatter's outputs), ``n1``, ``n_rows``, ``length``,
    #: ``matrix(complex_dtype)`` (``n_rows × n1``: its output rows from its input rows at every
    #: time sample) and ``fft_plan()`` (the FFTs of the same filtering done by FFT)
    joint: object = None
    tensors: object = None  #: front-end descriptors of the layer's tensors


@dataclass
class Plan:
    """The layers of one architecture; ``size`` is the length of an input row."""

    size: int
    layers: list[LayerPlan]
    extra: dict = field(default_factory=dict)  #: derived data kept with the plan

    def fft_plan(self, joint=True):
        """List the FFTs one input row costs.

        ``make bench`` times them with scipy.fft alone: the *FFT bound* of the plan.

        Parameters
        ----------
        joint : bool, default True
            Include the transforms along γ1 and octaves of joint and spiral layers.

        Returns
        -------
        list of (str, int, int)
            ``(kind, count, length)`` per group: ``kind`` is ``'rfft'`` (forward transforms
            of each layer's U groups), ``'irfft'`` (the inverse transforms that make S) or
            ``'ifft'`` (the complex inverse transforms that make Y); ``count`` transforms of
            ``length`` samples. Joint and spiral layers add the complex transforms
            (``'fft'``, ``'ifft'``) along γ1 and octaves that filtering them by FFT takes.
        """
        plan = []
        for lw in self.layers:
            plan += [("rfft", len(g.rows), g.length) for g in lw.groups]
            plan += [("irfft", len(g.rows), g.length) for g in lw.blur.out_groups]
            if lw.scatter is not None:
                plan += [("ifft", len(g.rows), g.length) for g in lw.scatter.out_groups]
            for block in (lw.joint or []) if joint else []:
                plan += block.fft_plan()
        return plan


def group_jobs(src_groups, out_groups, sources):
    """Group the jobs of a step into kernel calls, one per (source group, output group) pair.

    Parameters
    ----------
    src_groups : list of Group
        The groups of the layer the step filters (unused: the group indices come from
        ``sources``).
    out_groups : list of Group
        The output groups of the step.
    sources : mapping or sequence
        ``sources[global_out_row] = (src_group, src_row, filter_idx)`` for every row of
        ``out_groups``.

    Returns
    -------
    list of Calls
        Per output group, one call per source group (in increasing source group), its jobs
        in the order of the output rows.
    """
    calls = []
    for gi, og in enumerate(out_groups):
        by_src = {}
        for local, row in enumerate(og.rows):
            sg, sr, f = sources[int(row)]
            by_src.setdefault(sg, []).append((sr, f, local))
        for sg, jobs in sorted(by_src.items()):
            j = np.array(jobs, dtype=np.int64).reshape(-1, 3)
            calls.append(Calls(sg, gi, j[:, 0].copy(), j[:, 1].copy(), j[:, 2].copy()))
    return calls
