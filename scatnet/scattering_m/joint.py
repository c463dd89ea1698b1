"""Joint time–frequency and spiral layers: filtering U along γ1 (and octaves) inside a layer.

MATLAB: scattering.m ``forward/U_to_Y.m`` (multi-bank routing), ``operators/nephew_scatter.m``,
``firstborn_scatter.m`` / ``firstborn_blur.m`` along γ, ``hierarchy/prepare_firstborn_scatter_spiral.m``
(spec §3.6–3.7).

After the time bank of layer m has produced, for each γ2, the complex tensor ``Y[γ1, t]``
(γ1 zero-padded to ``P = 2**nextpow2(n1 + T_γ/2)``):

* the ``gamma`` bank filters along γ1: ψ route (each γγ, both spins θ) at
  ``r = min(lr_γ(γγ) + U_log2_oversampling, 0)`` and φ route at
  ``r = min(1 − log2 T_γ + S_log2_oversampling, 0)``, with the filters of the support of length P;
* spiral layers then write the γ1 axis into ``chroma × octave`` (``nChromas·2**r`` chromas, the
  octave axis zero-padded to ``2**nextpow2(ceil(n1/nChromas) + T_j)``) and the ``j`` bank filters
  along octaves (ψ and φ routes);
* the nonlinearity makes U; the invariant blurs every tensor along time to make S.

The same numba kernel as time filtering does the work: the filtered axis is moved last and every
other axis (signals, time, spins, chromas) becomes the kernel's batch axis.

Routes are ordered as MATLAB's linear routing index (time, gamma[, j] subscripts, 1 = ψ,
2 = φ): joint ``(1,1), (1,2)``; spiral ``(1,1,1), (1,2,1), (1,1,2), (1,2,2)``.
"""
import math
from dataclasses import dataclass, field

import numpy as np

from .. import kernels
from .._core import fft as fftb
from .._core.filtering import CastCache, apply
from .._matlab import nextpow2


def _two_adic(n):
    v = 0
    while n % 2 == 0 and n > 0:
        n //= 2
        v += 1
    return v


@dataclass
class RouteFilter:
    """One filtering along one axis: filter indices of a support, output length, log2 rate."""

    filters: object  #: TrimmedFilters of the support
    indices: np.ndarray  #: packed filter index of each output (γγ, θ column-major / jj)
    length_in: int
    length_out: int
    r: int


@dataclass
class JointTensor:
    """Descriptor of one output tensor of a joint/spiral layer (one MATLAB cell leaf)."""

    route: tuple[int, ...]  #: MATLAB routing subscripts (1 = ψ, 2 = φ), time first
    gamma2: int
    gamma_gamma: int  #: 1-based γγ (0 on the γ-φ route)
    gamma_j: int  #: 1-based j-filter (0 on the j-φ route or in joint layers)
    axes: tuple[str, ...]  #: non-batch axes, time last
    shape: tuple[int, ...]  #: sizes of the non-time axes
    valid: tuple[int, ...]  #: valid (unpadded) length of each non-time axis
    steps: tuple[int, ...]  #: index step of each non-time axis (γ1 or octave units)
    ranges: dict
    cell: dict
    matlab_path: str  #: e.g. '{3}{1}.data{2}{4}' (prefix with S/U/Y)
    rows: slice = None  #: rows of this tensor in the layer's row space (S and U)
    block: int = 0
    block_rows: slice = None  #: rows inside its block's (B, R_block, L2) array
    key: tuple = None  #: key of its array in :func:`run_block`'s result

    @property
    def n_rows(self):
        return int(np.prod(self.shape))


@dataclass
class JointBlock:
    """Everything needed to run the γ (and j) banks on the tensor of one γ2."""

    gamma2: int
    out_group: int  #: time-scatter output group holding this γ2
    local_rows: slice  #: rows of the γ2 block inside that group
    n1: int
    first_gamma1: int
    P: int
    length: int  #: time length L2 of the block
    ls: int
    gamma_psi: list[tuple[int, RouteFilter]]  #: (γγ, filter over both spins)
    gamma_phi: RouteFilter | None
    spiral: dict | None = None  #: chroma/octave geometry and j filters per γ route
    tensors: list[JointTensor] = field(default_factory=list)
    n_rows: int = 0
    _matrix: np.ndarray | None = field(default=None, repr=False)
    _casts: CastCache = field(default_factory=CastCache, repr=False)

    def matrix(self, complex_dtype=np.complex128):
        """The γ (and j) filtering of this block as one matrix ``(n_rows, n1)`` (read-only).

        Every operation along γ1 (FFT, filtering, subsampling, the chroma × octave layout, the
        octave filtering) is linear and the same at every time sample, so the whole joint
        filtering of a γ2 tensor is ``Z[b, :, t] = M @ Y[b, :, t]`` with
        ``M = joint(identity)``: :func:`run_into` on the ``n1`` unit vectors, computed once
        (in float64) and cast to ``complex_dtype`` on first use. The engine applies it as one
        matrix product per block of rows (BLAS), which replaces the FFTs along γ1 and the
        transposes to and from the time axis.

        Parameters
        ----------
        complex_dtype : dtype-like, default complex128
            Precision of the run.

        Returns
        -------
        ndarray, complex, shape (n_rows, n1)
            Row ``r`` holds the weights of output row ``r`` (rows in the block's order).
        """
        if self._matrix is None:  # computing it twice in two threads is harmless
            out = np.empty((1, self.n_rows, self.n1), dtype=np.complex128)
            run_into(self, np.eye(self.n1, dtype=np.complex128)[None], np.complex128, 1, out)
            full = np.ascontiguousarray(out[0])
            full.setflags(write=False)
            self._matrix = full
        return self._casts.get(self._matrix, complex_dtype)

    def fft_plan(self):
        """List the FFTs along γ1 (and octaves) that filtering this block by FFT would take.

        Counted per input row in the FFT bound of ``make bench`` (:meth:`scatnet._core.plan.Plan.fft_plan`)
        although the engine uses :meth:`matrix` instead.

        Returns
        -------
        list of (str, int, int)
            ``(kind, count, length)``: ``'fft'`` (forward) and ``'ifft'`` (inverse) complex
            transforms.
        """
        L2 = self.length
        plan = [("fft", L2, self.P)]
        routes = [(len(rf.indices), rf) for _, rf in self.gamma_psi]
        if self.gamma_phi is not None:
            routes.append((1, self.gamma_phi))
        plan += [("ifft", L2 * n, rf.length_out) for n, rf in routes]
        if self.spiral is not None:
            geo = self.spiral
            O = geo["O"]
            j_routes = [len(jf.indices) for _, jf in geo["j_psi"]]
            j_out = [jf.length_out for _, jf in geo["j_psi"]]
            if geo["j_phi"] is not None:
                j_routes.append(1)
                j_out.append(geo["j_phi"].length_out)
            for n, rf in routes:
                rows = L2 * n * int(geo["n_chromas"] * 2 ** rf.r)
                plan.append(("fft", rows, O))
                plan += [("ifft", rows * nj, length) for nj, length in zip(j_routes, j_out)]
        return plan


def _route_filter(bank, support_len, indices, r):
    s = bank.support_index(support_len)
    return s, RouteFilter(filters=bank.psis[s], indices=np.asarray(indices, np.int64),
                          length_in=support_len, length_out=int(support_len * 2.0 ** r), r=r)


def _psi_routes(bank, behavior, length):
    """ψ filters of a bank along an axis of ``length`` (firstborn_scatter): [(γ, r, indices)]."""
    s = bank.support_index(length)
    n_here = bank.psis[s].shape[0]
    lo = int(max(behavior.gamma_bounds[0], 1))
    hi = int(min(behavior.gamma_bounds[1], n_here))
    out = []
    for g in range(lo, hi + 1):
        r = min(int(bank.metas.log2_resolution[g - 1]) + int(behavior.U_log2_oversampling), 0)
        idx = [g - 1 + t * n_here for t in range(bank.n_thetas)]
        out.append((g, r, idx))
    return s, out


def _phi_route(bank, behavior, length):
    s = bank.support_index(length)
    r = min(1 - round(math.log2(bank.spec.T)) + int(behavior.S_log2_oversampling), 0)
    return s, r


def plan_blocks(archs, m, out_groups):
    """Plan the γ/j filtering of every γ2 tensor produced by the time bank of ``archs[m]``.

    Parameters
    ----------
    archs : Architecture
        The architecture; ``archs[m]`` has a ``gamma`` bank (and a ``j`` bank for spirals).
    m : int
        The layer (0-based) whose time scatter makes the tensors.
    out_groups : list of scatnet._core.plan.Group
        The output groups of that time scatter; consecutive rows of one γ2 form one tensor.

    Returns
    -------
    list of JointBlock
        One block per γ2 tensor, in the order of ``out_groups`` and their rows (``tensors``
        still empty: see :func:`describe`).
    """
    layer = archs[m]
    t_plan = layer.bank_plans[0]
    g_bank, g_plan = layer.bank("gamma"), layer.bank_plans[1]
    j_bank = layer.bank("j") if len(layer.banks) > 2 else None
    j_plan = layer.bank_plans[2] if j_bank is not None else None
    pad = int(t_plan.behavior.gamma_padding_length)
    blocks = []
    for gi, g in enumerate(out_groups):
        start = 0
        while start < len(g.paths):
            gamma2 = g.paths[start][-1]
            stop = start
            while stop < len(g.paths) and g.paths[stop][-1] == gamma2:
                stop += 1
            n1 = stop - start
            P = 2 ** nextpow2(n1 + pad)
            _, psis = _psi_routes(g_bank, g_plan.behavior, P)
            gamma_psi = []
            for gg, r, idx in psis:
                _, rf = _route_filter(g_bank, P, [], r)
                rf.indices = np.asarray(idx, np.int64)
                gamma_psi.append((gg, rf))
            gamma_phi = None
            if g_plan.behavior.is_U_blurred:
                s, r = _phi_route(g_bank, g_plan.behavior, P)
                gamma_phi = RouteFilter(filters=g_bank.phis[s], indices=np.zeros(1, np.int64),
                                        length_in=P, length_out=int(P * 2.0 ** r), r=r)
            block = JointBlock(gamma2=gamma2, out_group=gi, local_rows=slice(start, stop), n1=n1,
                               first_gamma1=g.paths[start][0], P=P, length=g.length, ls=g.ls,
                               gamma_psi=gamma_psi, gamma_phi=gamma_phi)
            if j_bank is not None:
                block.spiral = _plan_spiral(block, j_bank, j_plan)
            blocks.append(block)
            start = stop
    return blocks


def _chroma_rate(n_chromas, r):
    """Log2 rate along γ1 that keeps an integer number of chromas per octave.

    The original crashes when ``nChromas·2**r`` is not an integer (e.g. Q = 12: 1.5 chromas,
    spec §7 #13); scatnet subsamples less on that route instead (documented difference).
    """
    return max(r, -_two_adic(n_chromas))


def _plan_spiral(block, j_bank, j_plan):
    spiral = j_plan.behavior.spiral
    n_chromas = int(spiral.nChromas)
    n_octaves_valid = -(-block.n1 // n_chromas)
    O = 2 ** nextpow2(n_octaves_valid + int(spiral.octave_padding_length))
    geometry = {"n_chromas": n_chromas, "O": O, "octaves_valid": n_octaves_valid}
    _, psis = _psi_routes(j_bank, j_plan.behavior, O)
    j_psi = []
    for jj, r, idx in psis:
        _, rf = _route_filter(j_bank, O, idx, r)
        j_psi.append((jj, rf))
    j_phi = None
    if j_plan.behavior.is_U_blurred:
        s, r = _phi_route(j_bank, j_plan.behavior, O)
        j_phi = RouteFilter(filters=j_bank.phis[s], indices=np.zeros(1, np.int64), length_in=O,
                            length_out=int(O * 2.0 ** r), r=r)
    geometry["j_psi"], geometry["j_phi"] = j_psi, j_phi
    # the γ routes are recomputed at a rate that keeps whole chromas (identical when nfo = 2^k)
    for k, (gg, rf) in enumerate(block.gamma_psi):
        r = _chroma_rate(n_chromas, rf.r)
        if r != rf.r:
            rf.r, rf.length_out = r, int(rf.length_in * 2.0 ** r)
    if block.gamma_phi is not None:
        rf = block.gamma_phi
        r = _chroma_rate(n_chromas, rf.r)
        rf.r, rf.length_out = r, int(rf.length_in * 2.0 ** r)
    return geometry


def _filter_last(spectrum, rf, complex_dtype):
    """Apply the filters of ``rf`` along the last axis of a full complex ``spectrum`` (…, L).

    Returns the filtered signals (not spectra), shape ``(…, n_filters, length_out)``.
    """
    lead = spectrum.shape[:-1]
    X = np.ascontiguousarray(spectrum.reshape(-1, 1, spectrum.shape[-1]))
    n = len(rf.indices)
    out = np.empty((X.shape[0], n, rf.length_out), dtype=complex_dtype)
    apply(rf.filters, X, rf.length_in, False, np.zeros(n, np.int64), rf.indices,
          np.arange(n, dtype=np.int64), out, rf.length_out, False, complex_dtype)
    return out.reshape(lead + (n, rf.length_out))


def _to_spiral(W, n_chromas_r, O):
    """Write the γ1 axis (last) into a zero ``chroma × octave`` grid: returns (…, chroma, octave)."""
    length = W.shape[-1]
    total = n_chromas_r * O
    grid = np.zeros(W.shape[:-1] + (total,), dtype=W.dtype)
    if length <= total:
        grid[..., :length] = W
    else:  # the original cuts (length − total)/2 entries from both ends
        cut = (length - total) // 2
        grid[...] = W[..., cut:cut + total]
    # MATLAB's column-major reshape to [chroma × octave]: index = c + n_chromas·o
    return np.swapaxes(grid.reshape(W.shape[:-1] + (O, n_chromas_r)), -1, -2)


def run_block(block, Y, complex_dtype, n_jobs):
    """Filter the γ2 tensor ``Y`` (B, n1, L2) along γ1 (and octaves); returns Y arrays per tensor.

    Parameters
    ----------
    block : JointBlock
        The plan of this γ2.
    Y : ndarray, complex, shape (B, n1, L2)
        The time-scatter outputs of the γ2, γ1 on the rows.
    complex_dtype : dtype-like, complex64 or complex128
        Precision of the run.
    n_jobs : int >= 1
        Threads for the FFTs.

    Returns
    -------
    dict
        Result key (``(γ route, γγ)`` for joint layers, ``(γ route, γγ, j route, jj)`` for
        spirals; route 1 = ψ, 2 = φ) → ``(array, names)``: the array has shape
        ``(B, L2, *axes)``, ``names`` naming its axes after the first two (e.g.
        ``('theta', 'gamma1')``).
    """
    B, n1, L2 = Y.shape
    Z = np.zeros((B, L2, block.P), dtype=complex_dtype)
    Z[:, :, :n1] = np.swapaxes(Y, 1, 2)
    G = fftb.fft(Z, n_jobs, overwrite_x=True)
    gamma_outputs = []
    for gg, rf in block.gamma_psi:
        W = fftb.ifft(_filter_last(G, rf, complex_dtype), n_jobs, overwrite_x=True)  # (B, L2, θ, P_r)
        gamma_outputs.append(((1, gg), rf, W))
    if block.gamma_phi is not None:
        rf = block.gamma_phi
        W = fftb.ifft(_filter_last(G, rf, complex_dtype), n_jobs, overwrite_x=True)[:, :, 0]  # (B, L2, P_r)
        gamma_outputs.append(((2, 0), rf, W))
    if block.spiral is None:
        return {key: (W, ("theta", "gamma1") if key[0] == 1 else ("gamma1",))
                for key, _, W in gamma_outputs}
    geo = block.spiral
    results = {}
    for (gr, gg), rf, W in gamma_outputs:
        n_chromas_r = int(geo["n_chromas"] * 2 ** rf.r)
        V = _to_spiral(W, n_chromas_r, geo["O"])  # (B, L2, [θ,] chroma, O)
        names = (("theta",) if gr == 1 else ()) + ("chroma",)
        H = fftb.fft(V, n_jobs)
        for jj, jf in geo["j_psi"]:
            out = fftb.ifft(_filter_last(H, jf, complex_dtype), n_jobs,
                            overwrite_x=True)  # (B, L2, [θ,] chroma, θj, O_r)
            if out.shape[-2] == 1:
                results[(gr, gg, 1, jj)] = (out[..., 0, :], names + ("octave",))
            else:
                results[(gr, gg, 1, jj)] = (out, names + ("theta_j", "octave"))
        if geo["j_phi"] is not None:
            out = fftb.ifft(_filter_last(H, geo["j_phi"], complex_dtype), n_jobs,
                            overwrite_x=True)[..., 0, :]
            results[(gr, gg, 2, 0)] = (out, names + ("octave",))
    return results


def run_into(block, Y, complex_dtype, n_jobs, out):
    """Filter one γ2 tensor along γ (and j) into ``out``: the engine's ``Plan.joint_runner``.

    Parameters
    ----------
    block : JointBlock
        The plan of this γ2, its ``tensors`` described (:func:`describe`).
    Y : ndarray, complex, shape (B, n1, L2)
        The time-scatter outputs of the γ2.
    complex_dtype : dtype-like, complex64 or complex128
        Precision of the run.
    n_jobs : int >= 1
        Threads for the FFTs.
    out : ndarray, complex, shape (B, R_block, L2)
        Written in place: the rows of every tensor of the block, in the block's order.
    """
    results = run_block(block, Y, complex_dtype, n_jobs)
    for t in block.tensors:
        array, names = results[t.key]
        to_rows(array, names, out=out[:, t.block_rows])


#: Axis order of scatnet's joint/spiral tensors: MATLAB's non-time axes reversed, so that a
#: row-major flattening equals MATLAB's column-major feature order.
AXIS_ORDER = ("theta_j", "theta", "octave", "chroma", "gamma1")


def to_rows(array, names, out=None):
    """Move the time axis last: (B, L2, *names) → (B, rows, L2) with the rows in :data:`AXIS_ORDER`.

    Parameters
    ----------
    array : ndarray, shape (B, L2, *axes)
        A result of :func:`run_block`.
    names : tuple of str
        The names of the axes after the first two.
    out : ndarray, shape (B, rows, L2), optional
        Where to write, e.g. a slice of rows of a bigger array (rows contiguous in each batch
        item): the rows are written there in one strided copy. Default: a new array.

    Returns
    -------
    ndarray, shape (B, rows, L2)
        ``out``, rows ordered by :data:`AXIS_ORDER` (row-major over those axes).
    """
    order = sorted(range(len(names)), key=lambda i: AXIS_ORDER.index(names[i]))
    if order != sorted(order):  # the row axes in AXIS_ORDER, time still second
        array = np.ascontiguousarray(np.transpose(array, (0, 1) + tuple(2 + i for i in order)))
    B, L2 = array.shape[:2]
    if out is None:
        out = np.empty((B, array[0, 0].size, L2), dtype=array.dtype)
    kernels.transpose_last2(np.ascontiguousarray(array).reshape(B, L2, -1), out)
    return out


def _route_index(route):
    """MATLAB linear index of a routing cell (3 routes per bank, column-major)."""
    return 1 + sum((r - 1) * 3 ** k for k, r in enumerate(route))


def describe(blocks, archs, m):
    """Describe the output tensors of a joint/spiral layer in MATLAB order, with their row offsets.

    Each block's ``tensors`` and ``n_rows`` are filled in as a side effect.

    Parameters
    ----------
    blocks : list of JointBlock
        The blocks of :func:`plan_blocks`.
    archs : Architecture
        The architecture.
    m : int
        The layer (0-based) whose time scatter makes the tensors.

    Returns
    -------
    list of JointTensor
        The tensors in MATLAB's order (by route, then γ2, then cell), each with its rows in
        the layer's row space and in its block.
    """
    layer = archs[m]
    spiral = len(layer.banks) > 2
    j_bank = layer.bank("j") if spiral else None
    routes = ([(1, 1, 1), (1, 2, 1), (1, 1, 2), (1, 2, 2)] if spiral else [(1, 1), (1, 2)])
    blocks = sorted(blocks, key=lambda b: b.gamma2)
    tensors, row = [], 0
    block_fill = {id(b): 0 for b in blocks}
    for route in routes:
        for i2, b in enumerate(blocks, start=1):
            for key, cell_pos, gg, jj in _cells(b, route, spiral):
                t = _tensor(b, route, key, gg, jj, j_bank)
                if t is None:
                    continue
                t.matlab_path = f"{{{m + 2}}}{{{_route_index(route)}}}.data{{{i2}}}" + cell_pos
                t.cell = {"gamma2": b.gamma2}
                if gg:
                    t.cell["gamma_gamma"] = gg
                if jj:
                    t.cell["gamma_j"] = jj
                t.rows = slice(row, row + t.n_rows)
                row += t.n_rows
                start = block_fill[id(b)]
                t.block_rows = slice(start, start + t.n_rows)
                block_fill[id(b)] = start + t.n_rows
                t.key = key
                b.tensors.append(t)
                tensors.append(t)
    for b in blocks:
        b.n_rows = block_fill[id(b)]
    return tensors


def _cells(b, route, spiral):
    """(result key, MATLAB cell suffix, γγ, jj) of the cells of one route for one γ2."""
    gr = route[1]
    ggs = [gg for gg, _ in b.gamma_psi] if gr == 1 else [0]
    if not spiral:
        if gr == 2 and b.gamma_phi is None:
            return []
        return [((gr, gg), f"{{{i}}}" if gr == 1 else "", gg, 0) for i, gg in enumerate(ggs, 1)]
    jr = route[2]
    if (gr == 2 and b.gamma_phi is None) or (jr == 2 and b.spiral["j_phi"] is None):
        return []
    jjs = [jj for jj, _ in b.spiral["j_psi"]] if jr == 1 else [0]
    out = []
    for ji, jj in enumerate(jjs):
        for gi, gg in enumerate(ggs):
            if gr == 1 and jr == 1:
                suffix = f"{{{gi + 1 + len(ggs) * ji}}}"
            elif gr == 1:
                suffix = f"{{{gi + 1}}}"
            elif jr == 1:
                suffix = f"{{{ji + 1}}}"
            else:
                suffix = ""
            out.append(((gr, gg, jr, jj), suffix, gg, jj))
    return out


def _tensor(b, route, key, gg, jj, j_bank):
    gr = route[1]
    rf = dict(b.gamma_psi)[gg] if gr == 1 else b.gamma_phi
    step = 2 ** (-rf.r)
    n_thetas = len(rf.indices) if gr == 1 else 1
    if b.spiral is None:
        names = ("theta", "gamma1") if gr == 1 else ("gamma1",)
        sizes = {"theta": n_thetas, "gamma1": rf.length_out}
        valid = {"theta": n_thetas, "gamma1": b.n1 // step}
        steps = {"theta": 1, "gamma1": step}
        ranges = {"gamma1": (b.first_gamma1, step, b.first_gamma1 + b.n1 - 1)}
    else:
        geo = b.spiral
        jf = dict(geo["j_psi"])[jj] if route[2] == 1 else geo["j_phi"]
        jstep = 2 ** (-jf.r)
        n_chromas_r = int(geo["n_chromas"] * 2 ** rf.r)
        names = (("theta",) if gr == 1 else ()) + ("chroma",)
        n_thetas_j = len(jf.indices) if route[2] == 1 else 1
        names += (("theta_j",) if n_thetas_j > 1 else ()) + ("octave",)
        sizes = {"theta": n_thetas, "chroma": n_chromas_r, "theta_j": n_thetas_j, "octave": jf.length_out}
        valid = {"theta": n_thetas, "chroma": n_chromas_r, "theta_j": n_thetas_j,
                 "octave": geo["octaves_valid"] // jstep}
        steps = {"theta": 1, "chroma": step, "theta_j": 1, "octave": jstep}
        ranges = {"chroma": (1, step, geo["n_chromas"]), "octave": (1, jstep, geo["octaves_valid"])}
    if any(valid[n] == 0 for n in names):
        valid = {n: max(v, 0) for n, v in valid.items()}
    axes = tuple(sorted(names, key=AXIS_ORDER.index))
    if "theta" in axes:
        ranges["theta"] = (1, 1, n_thetas)
    if "theta_j" in axes:
        ranges["theta_j"] = (1, 1, n_thetas_j)
    return JointTensor(route=route, gamma2=b.gamma2, gamma_gamma=gg, gamma_j=jj,
                       axes=axes + ("time",), shape=tuple(sizes[n] for n in axes),
                       valid=tuple(int(valid[n]) for n in axes), steps=tuple(steps[n] for n in axes),
                       ranges=ranges, cell={}, matlab_path="")
