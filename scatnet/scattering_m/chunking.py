"""Chunking of long signals and unchunking of the outputs (spec §3.9).

MATLAB: scattering.m ``forward/initialize_U.m`` (chunked branch), ``export/sc_unchunk.m``,
``audio/unchunk_layer.m``, ``audio/unchunk_data.m``.

A signal of ``L`` samples is cut into chunks of ``size`` samples with hop ``size − 2M`` (margin
``M``); chunk ``k`` (0-based) covers samples ``k·hop − M … k·hop − M + size − 1`` (zeros outside
the signal) and is multiplied by a window. Each chunk keeps, after scattering, the frames of its
central part ``[M, size − M)``: the central parts tile the signal with neither gap nor overlap.
The unchunked output keeps the first ``round(L·Lc/size)`` frames (``Lc`` frames per chunk).

The margin is ``M = min(size/4, 4·T_max)``, ``T_max`` the largest ``T`` of all layers: the
widest low-pass of any S then integrates the chunk's own samples at the first and last kept
frames (a margin from the first layer's ``T`` alone is short for a second layer with a larger
``T``, and does not fall on its frames when ``T₂ > 8·T₁``). ``size`` and every ``T`` are powers
of two, so ``M`` is a whole number of frames of every ``S_m`` whose hop
``T_m/2**(1 + S_log2_oversampling)`` is at most ``M``; :func:`check_chunk_frames` refuses, at
:func:`scatnet.sc_setup`, options where a hop exceeds ``size/4`` (a layer with ``T = size`` and
no S oversampling: two frames per chunk).

Differences from the original (``doc/differences.md``):

* the original's margin is ``M = T`` with a Tukey taper filling the whole margin, and its
  placement is consistent only when ``size = 4T``. scatnet uses ``M = min(size/4, 4·T_max)`` and a
  Tukey window whose tapers stay ``T`` long (ratio ``2T/size``): for ``size = 4T`` this is the
  original exactly (same numbers); for larger chunks the flat part extends ``M − T`` beyond the
  kept part, so the blur at the first and last kept frames no longer integrates tapered signal
  (the original's scheme deviates from the unchunked transform by up to 19% at every chunk
  boundary on a pure tone, whatever the size);
* Hann windowing unchunks by overlap-add normalised by the summed windows (the original butts
  whole chunks end to end and overruns its buffer);
* the unchunked ranges end at the signal length, so ``sc_format`` works on chunked output.
"""
import math
from dataclasses import dataclass

import numpy as np

from .._errors import OptionError
from .walk import blur_log2_rate


def tukey_window(size, ratio):
    """Compute MATLAB's ``tukeywin(size, ratio)``: flat middle, raised-cosine tapers of ``ratio·size/2``.

    Parameters
    ----------
    size : int
        Length of the window.
    ratio : float
        Fraction of the window inside the tapers, in [0, 1]; ``<= 0`` gives a rectangular
        window.

    Returns
    -------
    ndarray, float64, shape (size,)
        The window, 1 in the middle.
    """
    if ratio <= 0:
        return np.ones(size)
    x = np.linspace(0.0, 1.0, size)
    w = np.ones(size)
    lo = x < ratio / 2
    hi = x >= 1 - ratio / 2
    w[lo] = 0.5 * (1 + np.cos(2 * np.pi / ratio * (x[lo] - ratio / 2)))
    w[hi] = 0.5 * (1 + np.cos(2 * np.pi / ratio * (x[hi] - 1 + ratio / 2)))
    return w


def hann_window(size):
    """Compute the periodic Hann window ``0.5(1 − cos(2πt/size))`` (scattering.m ``audio/hann.m``).

    Parameters
    ----------
    size : int
        Length of the window.

    Returns
    -------
    ndarray, float64, shape (size,)
        The window at t = 0 … size − 1 (0 at t = 0).
    """
    return 0.5 * (1 - np.cos(2 * np.pi * np.arange(size) / size))


@dataclass(frozen=True)
class ChunkPlan:
    """Geometry of the chunks of a signal of ``length`` samples."""

    size: int
    T: int
    length: int
    windowing: str
    padding: str = None  #: non-chunked signals shorter than size: 'periodic', 'symmetric', 'zero'
    T_max: int = None  #: largest T of all layers (sets the margin); None: ``T``

    @classmethod
    def for_options(cls, plan, length):
        """Make the chunk geometry of resolved options for signals of ``length`` samples.

        Parameters
        ----------
        plan : scatnet.scattering_m.options.spec.Plan
            Resolved options (``archs.plan``).
        length : int
            Samples per signal.

        Returns
        -------
        ChunkPlan
            Chunks of ``opts[0]['time']['size']`` samples with the first layer's ``T`` (window)
            and :func:`largest_T` (margin), or, for non-chunked options, one padded chunk.
        """
        inp = plan.input
        return cls(size=inp.size, T=inp.T, length=length,
                   windowing=inp.windowing if inp.is_chunked else "none",
                   padding=None if inp.is_chunked else plan.layers[0].banks[0].behavior.padding,
                   T_max=largest_T(plan))

    @property
    def margin(self):
        """Count the samples on each side of a chunk's kept part: ``min(size/4, 4·T_max)``.

        ``T`` if ``size = 4T`` and no layer has a larger ``T`` (the original's margin).

        Returns
        -------
        int
            The margin M, in samples.
        """
        return min(self.size // 4, 4 * max(self.T, self.T_max or 0))

    @property
    def hop(self):
        return self.size - 2 * self.margin

    @property
    def single(self):
        """Whether there is one chunk: a non-chunked signal, or a chunked one no longer than one hop.

        Returns
        -------
        bool
            True for a padded (non-chunked) signal or a signal of at most one hop (which is
            then zero-padded, without window).
        """
        return self.padding is not None or self.length <= self.hop

    @property
    def n_chunks(self):
        if self.single:
            return 1
        return math.ceil((2 * self.margin + self.length) / self.hop)

    def window(self):
        if self.windowing == "hann":
            return hann_window(self.size)
        if self.windowing == "tukey":
            return tukey_window(self.size, 2 * self.T / self.size)
        return np.ones(self.size)

    def chunk_start(self, k):
        """Locate the first sample (may be negative) of chunk ``k``.

        Parameters
        ----------
        k : int
            The chunk, 0-based.

        Returns
        -------
        int
            ``k·hop − margin``, or 0 for a single chunk.
        """
        return 0 if self.single else k * self.hop - self.margin

    def chunks(self, x, k0, k1, window=None, offset=0):
        """Cut the windowed chunks ``k0 … k1−1`` of ``x``.

        Parameters
        ----------
        x : ndarray, shape (K, n)
            The signal's samples ``offset … offset + n − 1`` (a streaming buffer); samples
            outside it and beyond ``length`` count as zeros.
        k0, k1 : int
            First and one-past-last chunk (0-based).
        window : ndarray, shape (size,), optional
            The window; default :meth:`window`. Not applied to a single chunk.
        offset : int, default 0
            Index in the signal of ``x[:, 0]``.

        Returns
        -------
        ndarray, shape (K, k1 − k0, size)
            The chunks, of the dtype of ``x``; for a padded (non-chunked) signal, ``x`` padded
            to ``size`` as ``(K, 1, size)``, whatever ``k0`` and ``k1``.
        """
        K, n = x.shape
        if self.padding is not None:
            return _pad(x, self.size, self.padding)[:, None, :]
        out = np.zeros((K, k1 - k0, self.size), dtype=x.dtype)
        w = self.window() if window is None else window
        end = min(offset + n, self.length)
        for i, k in enumerate(range(k0, k1)):
            a = self.chunk_start(k)
            lo, hi = max(a, offset, 0), min(a + self.size, end)
            if hi > lo:
                out[:, i, lo - a:hi - a] = x[:, lo - offset:hi - offset]
        if not self.single:
            out *= w.astype(x.dtype)
        return out

    def kept(self, n_frames):
        """Find the frames ``[a, b)`` of a chunk's ``n_frames`` that tile the signal (the central part).

        Parameters
        ----------
        n_frames : int
            Frames of a chunk's output.

        Returns
        -------
        a : int
            First kept frame (0 for a single chunk).
        b : int
            One past the last kept frame (``n_frames`` for a single chunk).

        Raises
        ------
        OptionError
            If the margin does not fall on a whole frame (:func:`check_chunk_frames` refuses
            such options for S at :func:`scatnet.sc_setup`).
        """
        if self.single:
            return 0, n_frames
        M = self.margin
        if (M * n_frames) % self.size:
            raise OptionError(
                f"a chunk output of {n_frames} frames (one every {self.size / n_frames:g} "
                f"samples) cannot keep its central part [{M}, {self.size - M}) on whole frames: "
                f"the margin min(size/4, 4·max T) = {M} must be a multiple of the frame hop. Raise "
                f"the oversampling of that output, raise opts[0]['time']['size'] (now "
                f"{self.size}) to at least {4 * self.size // n_frames}, or set "
                f"opts[0]['time']['is_chunked'] = False")
        a = M * n_frames // self.size
        return a, n_frames - a

    def hann_weights(self, n_in, n_out):
        """Sum the Hann windows of the chunks at the ``n_out`` unchunked frames.

        Parameters
        ----------
        n_in : int
            Frames per chunk.
        n_out : int
            Frames of the unchunked output.

        Returns
        -------
        ndarray, float64, shape (n_out,)
            The summed windows, at least the smallest positive float (a divisor).
        """
        w = self.window()[(np.arange(n_in) * self.size) // n_in]
        total = np.zeros(n_out)
        for c in range(self.n_chunks):
            start = self.chunk_start(c) * n_in // self.size
            lo, hi = max(start, 0), min(start + n_in, n_out)
            if hi > lo:
                total[lo:hi] += w[lo - start:hi - start]
        return np.maximum(total, np.finfo(float).tiny)

    def n_frames_out(self, n_frames):
        """Count the frames of the unchunked output for ``n_frames`` frames per chunk.

        MATLAB: ``sc_unchunk``.

        Parameters
        ----------
        n_frames : int
            Frames per chunk.

        Returns
        -------
        int
            ``round(L·n_frames/size)``, at least 1 and at most ``n_frames·n_chunks``.
        """
        return max(1, min(round(self.length * n_frames / self.size), n_frames * self.n_chunks))


def largest_T(plan):
    """Get the largest averaging scale ``T`` of all layers, which sets the chunk margin.

    Parameters
    ----------
    plan : scatnet.scattering_m.options.spec.Plan
        Resolved options (``archs.plan``).

    Returns
    -------
    int
        ``max_m opts[m]['time']['T']`` (as resolved: layers without ``T`` inherit the previous
        layer's).
    """
    return max(layer.invariant.T for layer in plan.layers)


def check_chunk_frames(plan):
    """Refuse chunked options whose chunks cannot keep their central part on whole S frames.

    A chunk keeps the frames of ``[M, size − M)``, ``M = min(size/4, 4·T_max)``
    (:attr:`ChunkPlan.margin`); ``S_m`` has a frame every ``T_m/2**(1 + S_log2_oversampling)``
    samples (``2**-ls``, :func:`scatnet.scattering_m.walk.blur_log2_rate`), and all are powers
    of two, so the kept part falls on whole frames of ``S_m`` if and only if that hop is at most
    ``M``. Decided from the options alone, before any filter is designed or signal scattered.
    Non-chunked options, and chunked ones kept chunked (``is_unchunked = False``, unchunked
    later by :func:`scatnet.sc_unchunk`), are not checked.

    Parameters
    ----------
    plan : scatnet.scattering_m.options.spec.Plan
        Resolved options.

    Raises
    ------
    OptionError
        If a layer's S frames are more than ``M`` samples apart; the message names the layer's
        ``T`` and ``S_log2_oversampling`` and the settings that fix it.
    """
    inp = plan.input
    if not (inp.is_chunked and inp.is_unchunked):
        return
    geometry = ChunkPlan(size=inp.size, T=inp.T, length=0, windowing=inp.windowing,
                         T_max=largest_T(plan))
    M = geometry.margin
    for m, layer in enumerate(plan.layers):
        inv = layer.invariant
        hop = 2.0 ** -blur_log2_rate(inv, m == 0)
        if hop <= M:
            continue
        needed = round(math.log2(hop / M))
        raise OptionError(
            f"opts[{m}]['time'] (MATLAB opts{{{m + 1}}}.time) has T = {inv.T} and "
            f"S_log2_oversampling = {inv.S_log2_oversampling}: S[{m}] has a frame every {hop:g} "
            f"samples, but chunks of opts[0]['time']['size'] = {inp.size} samples keep their "
            f"central part [{M}, {inp.size - M}) (margin min(size/4, 4·max T) = {M}), which "
            f"does not start on a frame, so the chunks could not be unchunked. Set "
            f"opts[{m}]['time']['S_log2_oversampling'] to at least "
            f"{inv.S_log2_oversampling + needed}, or opts[0]['time']['size'] to at least "
            f"{int(4 * hop)} (4 frame hops), or opts[0]['time']['is_chunked'] = False (signals "
            f"of at most size samples)")


def _pad(x, size, mode):
    """Pad the last axis of ``x`` to ``size`` samples: 'zero', 'periodic' or 'symmetric'."""
    L = x.shape[-1]
    if L == size:
        return x
    if mode == "zero":
        return np.concatenate([x, np.zeros(x.shape[:-1] + (size - L,), x.dtype)], axis=-1)
    if mode == "periodic":
        idx = np.arange(size) % L
    elif mode == "symmetric":
        period = np.concatenate([np.arange(L), np.arange(L - 1, -1, -1)])
        idx = period[np.arange(size) % (2 * L)]
    else:
        raise OptionError(f"padding={mode!r} is not one of 'periodic', 'symmetric', 'zero'")
    return x[..., idx]


def unchunk_array(data, plan, chunk_axis):
    """Unchunk one tensor whose axis ``chunk_axis`` runs over chunks and whose last axis is time.

    Tukey/none windows keep each chunk's central frames and concatenate them; Hann windows
    overlap-add whole chunks and divide by the summed windows.

    Parameters
    ----------
    data : ndarray, shape (..., time)
        The per-chunk tensor, ``Lc`` frames per chunk.
    plan : ChunkPlan
        The chunk geometry.
    chunk_axis : int
        The axis of ``data`` that runs over chunks.

    Returns
    -------
    ndarray
        The unchunked tensor: chunk axis removed, ``round(L·Lc/size)`` frames on the last axis.
    """
    data = np.moveaxis(data, chunk_axis, -2)  # (..., chunk, Lc)
    n_c, n_in = data.shape[-2], data.shape[-1]
    n_out = plan.n_frames_out(n_in)
    if plan.windowing == "hann" and not plan.single:
        out = np.zeros(data.shape[:-2] + (n_out,), dtype=data.dtype)
        for c in range(n_c):
            start = plan.chunk_start(c) * n_in // plan.size
            lo, hi = max(start, 0), min(start + n_in, n_out)
            if hi > lo:
                out[..., lo:hi] += data[..., c, lo - start:hi - start]
        return out / plan.hann_weights(n_in, n_out)
    a, b = plan.kept(n_in)
    kept = data[..., a:b]
    return kept.reshape(kept.shape[:-2] + (-1,))[..., :n_out]


def chunk_rows(xb, chunks, r0, r1, window):
    """Cut rows ``r0 … r1−1`` of the (signal, chunk) grid as windowed chunks.

    Row ``r`` is chunk ``r % n_chunks`` of signal ``r // n_chunks``.

    Parameters
    ----------
    xb : ndarray, shape (K, n)
        The signals.
    chunks : ChunkPlan
        The chunk geometry.
    r0, r1 : int
        First and one-past-last row.
    window : ndarray, shape (size,)
        The window of the chunks.

    Returns
    -------
    ndarray, shape (r1 − r0, size)
        The windowed chunks, of the dtype of ``xb``.
    """
    n_c = chunks.n_chunks
    parts = []
    r = r0
    while r < r1:
        k, c0 = divmod(r, n_c)
        c1 = min(n_c, c0 + (r1 - r))
        parts.append(chunks.chunks(xb[k:k + 1], c0, c1, window)[0])
        r += c1 - c0
    return parts[0] if len(parts) == 1 else np.concatenate(parts, axis=0)
