"""Where the outputs of blocks of rows go: per-chunk, unchunked or unpadded arrays."""
import numpy as np


class RowSink:
    """Keeps the outputs of every input row as they are: arrays ``(n_rows, rows, valid)``.

    Each output keeps the ``Group.valid`` samples of its rows from ``Group.offset`` on (all of
    them, unless the front end pads rows for the FFT as ScatNet and Kymatio do). Used for
    signals (ScatNet, Kymatio) and for chunks kept chunked (scattering.m's
    ``is_unchunked = false``). S, U and Y are lists over layers of lists over groups.

    Parameters
    ----------
    walk : scatnet._core.plan.Plan
        The execution plan (its groups give the shapes of the outputs).
    K : int
        Number of input rows (signals, or signals times chunks).
    real_dtype : dtype-like, float32 or float64
        Dtype of S and U.
    complex_dtype : dtype-like, complex64 or complex128
        Dtype of Y.
    want_U : bool
        Whether to keep U.
    want_Y : bool
        Whether to keep Y.
    """

    def __init__(self, walk, K, real_dtype, complex_dtype, want_U, want_Y):
        def arrays(groups, dtype):
            return [np.empty((K, len(g.rows), g.valid), dtype=dtype) for g in groups]
        self.S = [arrays(lw.blur.out_groups, real_dtype) for lw in walk.layers]
        self.U = [arrays(lw.groups, real_dtype) for lw in walk.layers] if want_U else None
        self.Y = [arrays(lw.groups, complex_dtype) for lw in walk.layers[1:]] if want_Y else None

        def offsets(layers, kind):
            return [[g.offset for g in kind(lw)] for lw in layers]
        self.offsets = (offsets(walk.layers, lambda lw: lw.blur.out_groups)
                        + (offsets(walk.layers, lambda lw: lw.groups) if want_U else [])
                        + (offsets(walk.layers[1:], lambda lw: lw.groups) if want_Y else []))

    def put(self, r0, r1, S_blk, U_blk, Y_blk):
        for dsts, srcs, offsets in zip(self.S + (self.U or []) + (self.Y or []),
                                       S_blk + (U_blk or []) + (Y_blk or []), self.offsets):
            for dst, src, o in zip(dsts, srcs, offsets):
                dst[r0:r1] = src[..., o:o + dst.shape[-1]]

    def finish(self):
        return self.S, self.U, self.Y


class Sink:
    """Places the outputs of blocks of (signal, chunk) rows into the unchunked output arrays.

    Tukey/none windowing keeps the central frames of every chunk (they tile the signal); Hann
    windowing overlap-adds whole chunks and divides by the summed windows at the end. Both need
    the chunk margin on whole frames of every output; that is checked here, before any block
    is scattered.

    Parameters
    ----------
    walk : scatnet._core.plan.Plan
        The execution plan (its groups give the shapes of the outputs).
    K : int
        Number of signals; input row ``r`` is chunk ``r % n_chunks`` of signal
        ``r // n_chunks``.
    chunks : scatnet.scattering_m.chunking.ChunkPlan
        How the signals were cut into chunks.
    real_dtype : dtype-like, float32 or float64
        Dtype of S and U.
    complex_dtype : dtype-like, complex64 or complex128
        Dtype of Y.
    want_U : bool
        Whether to keep U.
    want_Y : bool
        Whether to keep Y.

    Raises
    ------
    OptionError
        If the margin of the chunks is not a whole number of frames of some output
        (``chunks.kept``).
    """

    def __init__(self, walk, K, chunks, real_dtype, complex_dtype, want_U, want_Y):
        self.chunks = chunks
        self.hann = chunks.windowing == "hann" and not chunks.single
        alloc = np.zeros if self.hann else np.empty
        self.n_in = {}

        def arrays(groups, dtype):
            out = []
            for g in groups:
                arr = alloc((K, len(g.rows), chunks.n_frames_out(g.length)), dtype=dtype)
                self.n_in[id(arr)] = g.length
                out.append(arr)
            return out
        self.S = [arrays(lw.blur.out_groups, real_dtype) for lw in walk.layers]
        self.U = [arrays(lw.groups, real_dtype) for lw in walk.layers] if want_U else None
        self.Y = [arrays(lw.groups, complex_dtype) for lw in walk.layers[1:]] if want_Y else None
        if not chunks.single:
            for n_in in sorted(set(self.n_in.values())):
                chunks.kept(n_in)

    def _place(self, dst, src, r0, r1):
        cp = self.chunks
        n_c, n_in, n_out = cp.n_chunks, src.shape[-1], dst.shape[-1]
        a, b = (0, n_in) if self.hann else cp.kept(n_in)
        r = r0
        while r < r1:
            k, c0 = divmod(r, n_c)
            c1 = min(n_c, c0 + (r1 - r))
            seg = src[r - r0:r - r0 + (c1 - c0), :, a:b]  # (chunks, R, kept)
            if self.hann:
                for i in range(seg.shape[0]):
                    start = cp.chunk_start(c0 + i) * n_in // cp.size
                    lo, hi = max(start, 0), min(start + n_in, n_out)
                    if hi > lo:
                        dst[k, :, lo:hi] += seg[i][:, lo - start:hi - start]
            else:
                h = b - a
                lo, hi = c0 * h, min(c1 * h, n_out)
                if hi > lo:
                    flat = np.moveaxis(seg, 0, 1).reshape(seg.shape[1], -1)
                    dst[k, :, lo:hi] = flat[:, :hi - lo]
            r += c1 - c0

    def _arrays(self):
        for groups in self.S + (self.U or []) + (self.Y or []):
            yield from groups

    def put(self, r0, r1, S_blk, U_blk, Y_blk):
        for dsts, srcs in zip(self.S + (self.U or []) + (self.Y or []),
                              S_blk + (U_blk or []) + (Y_blk or [])):
            for dst, src in zip(dsts, srcs):
                self._place(dst, src, r0, r1)

    def finish(self):
        if self.hann:
            for arr in self._arrays():
                arr /= self.chunks.hann_weights(self.n_in[id(arr)], arr.shape[-1])
        return self.S, self.U, self.Y
