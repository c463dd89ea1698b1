"""Streaming ScatNet scattering of long signals: segments in, ``format_scat`` frames out.

ScatNet has no chunking: ``scat`` takes signals of at most ``N_f`` samples. A long recording is
scattered here in overlapping segments of ``Wop.N`` samples, taken ``Wop.N − 2·margin`` apart on
the frame grid, of which only the frames at least ``margin`` samples from a cut are kept (all of
them at the two ends of the stream): the frames tile the signal exactly as
``format_scat(scat(x, Wop_long))`` would for filters designed for the whole length, up to the
boundary padding the margin removes. Segments are scattered in batches (one ``scat`` call, the
segments as its K axis); only the samples of the next batch are held in memory.
"""
import numpy as np

from .._core.run import check_memory_budget, n_threads
from .._core.validation import check_signal
from .._errors import InputError, OptionError
from .post import format_scat
from .scat import scat

__all__ = ["scat_stream"]


def _table_resolution(Wop):
    """The common resolution of every S path (the 'table' format needs one)."""
    metas = Wop.plan(Wop.N)[1]
    res = {int(r) for s_meta, _ in metas for r in s_meta["resolution"]}
    if len(res) != 1:
        raise OptionError(f"streaming yields format_scat tables, which need every order at one "
                          f"resolution; these operators give resolutions {sorted(res)}: set "
                          "filt_opt['J'] = T_to_J(T, filt_opt) after changing Q")
    return res.pop()


def scat_stream(blocks, Wop, *, margin=None, segments_per_batch=8, n_jobs=None,
                memory_budget=None):
    """Scatter a long signal given block by block with ScatNet's ``Wop``; yield table frames.

    MATLAB: ``format_scat(scat(x, Wop))`` for signals longer than the filters allow, in
    overlapping segments (no equivalent in ScatNet).

    Parameters
    ----------
    blocks : iterable of array_like
        Consecutive pieces of the signal, each ``(n,)`` or ``(K, n)`` (time last, any ``n``,
        the same K and dtype throughout).
    Wop : WaveletOperators
        From :func:`scatnet.wavelet_factory_1d`; segments have ``Wop.N`` samples.
    margin : int, optional
        Samples discarded at each inner cut of a segment; a multiple of the hop ``2**R`` of S,
        less than ``Wop.N/2``. Default: ``4·2**(R + oversampling)``, four times the averaging
        scale T: frames next to a cut then deviate from the one-shot transform by at most
        ~5e-4 of their path's maximum (~1e-2 at 2T, ~1e-4 at 8T; measured for Q = [8 1]).
    segments_per_batch : int
        Segments scattered together (one ``scat`` call).
    n_jobs : int, optional
        As for :func:`scatnet.scat`.
    memory_budget : int, optional
        As for :func:`scatnet.scat`.

    Yields
    ------
    F : ndarray, shape ``(P, n_frames)`` or ``(K, P, n_frames)``
        The next frames of the table (``format_scat`` order of paths).

    Raises
    ------
    OptionError
        Orders at different resolutions, or a ``margin`` that is not a multiple of the hop or
        leaves no kept frame.
    InputError
        Blocks that change their number of signals, or an empty stream.

    Examples
    --------
    >>> import numpy as np
    >>> from scatnet import default_filter_options, wavelet_factory_1d
    >>> Wop, _ = wavelet_factory_1d(8192, default_filter_options('audio', 256))
    >>> x = np.random.default_rng(0).standard_normal(20000)
    >>> F = np.concatenate(list(scat_stream(np.array_split(x, 7), Wop)), axis=-1)
    >>> F.shape[-1]   # 1 + floor((20000 − 1)/128) frames, as format_scat of one scat
    157
    """
    n_jobs = n_threads(n_jobs)
    check_memory_budget(memory_budget)  # checked now; None keeps the default rule
    R = _table_resolution(Wop)
    hop = 2 ** R
    N = Wop.N - Wop.N % hop  # segments start on the frame grid and end on it
    if margin is None:
        margin = 4 * 2 ** (R + Wop.scat_opt["oversampling"])
    if margin % hop or not 0 <= margin < N // 2:
        raise OptionError(f"margin={margin} must be a multiple of the hop {hop} and less than "
                          f"N/2 = {N // 2} (N = {Wop.N}, the segment length)")
    step = N - 2 * margin
    batch = max(1, int(segments_per_batch))
    buffer, offset, total, start = None, 0, 0, 0  # buffer holds samples offset … offset+len−1
    squeeze = None
    for piece in blocks:
        xb, batch_shape = check_signal(piece)
        if buffer is None:
            squeeze = len(batch_shape) == 0
            buffer = np.zeros((xb.shape[0], 0), dtype=xb.dtype)
        if xb.shape[0] != buffer.shape[0]:
            raise InputError(f"a block has {xb.shape[0]} signals but the stream started with "
                             f"{buffer.shape[0]}: every block must have the same K")
        buffer = np.concatenate([buffer, xb.astype(buffer.dtype, copy=False)], axis=1)
        total += xb.shape[1]
        while start + (batch - 1) * step + N <= total:  # a whole batch of full segments
            yield _emit(Wop, buffer, offset, start, batch, step, N, margin, hop, squeeze,
                        n_jobs, memory_budget, first=start == 0)
            start += batch * step
            keep = start - offset
            buffer, offset = buffer[:, keep:], start
    if buffer is None:
        raise InputError("the stream was empty: pass at least one block of samples")
    n_full = max(0, (total - N - start) // step + 1) if total >= start + N else 0
    if n_full:
        yield _emit(Wop, buffer, offset, start, n_full, step, N, margin, hop, squeeze, n_jobs,
                    memory_budget, first=start == 0)
        start += n_full * step
    if start == 0 or start + margin < total:  # the tail: one shorter segment
        seg = buffer[:, start - offset:total - offset]
        S = scat(seg, Wop, n_jobs=n_jobs, memory_budget=memory_budget)
        table = format_scat(S)[0]
        table = table[None] if table.ndim == 2 else table
        a = 0 if start == 0 else margin // hop
        F = table[..., a:]
        yield F[0] if squeeze else F


def _emit(Wop, buffer, offset, start, n_seg, step, N, margin, hop, squeeze, n_jobs,
          memory_budget, first):
    """Scatter ``n_seg`` full segments from ``start`` and return their kept frames in order."""
    K = buffer.shape[0]
    idx = (start - offset) + np.arange(n_seg)[:, None] * step + np.arange(N)
    segs = buffer[:, idx].reshape(K * n_seg, N)  # (K, n_seg, N) → rows k·n_seg + s
    S = scat(segs, Wop, n_jobs=n_jobs, memory_budget=memory_budget)
    table = format_scat(S)[0]  # (K·n_seg, P, frames)
    a, b = margin // hop, (N - margin) // hop
    kept = table[..., a:b].reshape(K, n_seg, table.shape[1], b - a)
    if first:  # the stream's first frames have no left neighbour: keep them
        head = table[::n_seg, :, :a]
        out = np.concatenate([head, np.moveaxis(kept, 1, 2).reshape(K, table.shape[1], -1)],
                             axis=-1)
    else:
        out = np.moveaxis(kept, 1, 2).reshape(K, table.shape[1], -1)
    return out[0] if squeeze else out
