"""Streaming for every front end: ``sc_stream`` and ``sc_stream_file``.

Both take scattering.m's ``archs`` or ScatNet's ``Wop``.

* scattering.m (:func:`scatnet.scattering_m.stream.sc_stream`): the chunks of a chunked
  architecture, scattered as their samples arrive; frames in ``sc_format`` order.
* ScatNet (:func:`scatnet.scatnet_1d.stream.scat_stream`): overlapping segments of ``Wop.N``
  samples; frames in ``format_scat`` order.

Both hold only the samples of the next batch and run on the shared engine.
"""
import numbers
from collections.abc import Mapping

import numpy as np

from ._errors import InputError, InputTypeError
from .io._paths import existing_file
from .scatnet_1d.factory import WaveletOperators
from .scatnet_1d.stream import scat_stream
from .scattering_m.architecture import Architecture, check_archs
from .scattering_m.stream import sc_stream as _sc_stream_scattering_m

__all__ = ["sc_stream", "sc_stream_file"]

_KEYWORDS = {Architecture: ("layers", "n_jobs", "chunks_per_batch", "memory_budget"),
             WaveletOperators: ("margin", "segments_per_batch", "n_jobs", "memory_budget")}


def _check_options(archs, options, who):
    """The front end of ``archs`` (its class), after checking ``archs`` and the option names."""
    kind = next((k for k in _KEYWORDS if isinstance(archs, k)), None)
    if kind is None:
        if isinstance(archs, (list, tuple)) or (isinstance(archs, Mapping) and "time" in archs):
            check_archs(archs, who)  # scattering.m options: "call sc_setup(opts) first"
        raise InputTypeError(f"{who} needs an Architecture (sc_setup) or WaveletOperators "
                             f"(wavelet_factory_1d); got {type(archs).__name__}")
    wrong = sorted(set(options) - set(_KEYWORDS[kind]))
    if wrong:
        raise InputTypeError(f"{who} with {kind.__name__} takes {list(_KEYWORDS[kind])}; "
                             f"got {wrong}")
    return kind


def sc_stream(blocks, archs, **options):
    """Scatter a long signal given block by block; yield the formatted S frames as they are ready.

    MATLAB: scattering.m's chunked ``sc_propagate`` + ``sc_unchunk`` + ``sc_format`` (for an
    ``archs``), or ScatNet's ``format_scat(scat(x, Wop))`` over overlapping segments (for a
    ``Wop``), without holding the signal in memory.

    Parameters
    ----------
    blocks : iterable of array_like
        Consecutive pieces of the signal, each ``(n,)`` or ``(K, n)`` (time last, any ``n``,
        the same K and dtype throughout).
    archs : Architecture or WaveletOperators
        From :func:`scatnet.sc_setup` (chunked) or :func:`scatnet.wavelet_factory_1d`.
    **options
        For an ``Architecture``: ``layers``, ``n_jobs``, ``chunks_per_batch``,
        ``memory_budget`` (:func:`scatnet.scattering_m.stream.sc_stream`). For
        ``WaveletOperators``: ``margin``, ``segments_per_batch``, ``n_jobs``,
        ``memory_budget`` (:func:`scatnet.scatnet_1d.stream.scat_stream`).

    Returns
    -------
    generator of ndarray
        Yields the next frames, shape ``(n_features, n_frames)`` or ``(K, n_features,
        n_frames)``; concatenated along the last axis they form the whole table. The checks
        below run when ``sc_stream`` is called, before the first block is read.

    Raises
    ------
    InputTypeError
        ``archs`` is neither (the ``opts`` list: call ``sc_setup(opts)`` first), or an option
        does not belong to its front end.

    Examples
    --------
    >>> import numpy as np
    >>> from scatnet import default_filter_options, wavelet_factory_1d, sc_stream
    >>> Wop, _ = wavelet_factory_1d(8192, default_filter_options('audio', 256))
    >>> x = np.random.default_rng(0).standard_normal(30000)
    >>> sum(F.shape[-1] for F in sc_stream(np.array_split(x, 5), Wop))
    235
    """
    kind = _check_options(archs, options, "sc_stream")
    if kind is WaveletOperators:
        return scat_stream(blocks, archs, **options)
    return _sc_stream_scattering_m(blocks, archs, **options)


def sc_stream_file(path, archs, *, block_seconds=10.0, channels=None, progress=False,
                   **options):
    """Stream a sound file through :func:`sc_stream` (needs the ``audio`` extra: soundfile).

    The file, ``archs``, the options and ``channels`` are checked when ``sc_stream_file`` is
    called, before anything is read or computed.

    Parameters
    ----------
    path : str or path-like
        Any format libsndfile reads (WAV, FLAC, OGG, …).
    archs : Architecture or WaveletOperators
        A chunked architecture (:func:`scatnet.sc_setup`) or ScatNet's operators.
    block_seconds : float
        Seconds read per block (> 0).
    channels : sequence of int, optional
        Channels to scatter (default all); they form the K axis.
    progress : bool
        Show a progress bar (needs tqdm).
    **options
        As for :func:`sc_stream` (e.g. ``layers``, ``n_jobs``).

    Returns
    -------
    generator of ndarray
        Yields ``F`` of shape ``(K, n_features, n_frames)``: the next frames of the table.

    Raises
    ------
    InputError
        ``path`` does not exist, is a folder or is not a sound file libsndfile can read;
        ``block_seconds`` is not > 0; a channel is out of range.
    InputTypeError
        ``archs`` is neither an Architecture nor WaveletOperators (the ``opts`` list: call
        ``sc_setup(opts)`` first), or an option does not belong to its front end.
    """
    _check_options(archs, options, "sc_stream_file")
    path = existing_file(path, "sc_stream_file", "sound file")
    try:
        import soundfile
    except ImportError as e:  # pragma: no cover - depends on the environment
        raise ImportError("sc_stream_file needs soundfile: pip install 'scatnet[audio]'") from e
    try:
        info = soundfile.info(str(path))
    except (RuntimeError, OSError, ValueError) as e:  # soundfile.LibsndfileError is a RuntimeError
        raise InputError(f"sc_stream_file: {str(path)!r} is not a sound file that libsndfile can "
                         f"read ({e}); convert it to WAV or FLAC (e.g. ffmpeg -i in.mp3 out.wav) "
                         "or load it yourself and use sc_stream(blocks, archs)") from e
    if isinstance(block_seconds, bool) or not isinstance(block_seconds, numbers.Real) \
            or not block_seconds > 0 or not np.isfinite(block_seconds):
        raise InputError(f"sc_stream_file: block_seconds={block_seconds!r} must be a number of "
                         "seconds > 0, e.g. block_seconds=10")
    if channels is not None:
        channels = list(channels)
        bad = [c for c in channels if isinstance(c, bool) or not isinstance(c, numbers.Integral)
               or not -info.channels <= c < info.channels]
        if bad or not channels:
            raise InputError(f"sc_stream_file: channels={channels!r}: {str(path)!r} has "
                             f"{info.channels} channel(s); pass indices in 0 … "
                             f"{info.channels - 1}")
    block = max(1, int(block_seconds * info.samplerate))
    tqdm = None
    if progress:
        try:
            from tqdm import tqdm
        except ImportError as e:  # pragma: no cover
            raise ImportError("progress=True needs tqdm: pip install 'scatnet[progress]'") from e
    return _stream_file(soundfile, path, archs, block, channels, tqdm, info.frames, options)


def _stream_file(soundfile, path, archs, block, channels, tqdm, n_frames, options):
    """The generator of :func:`sc_stream_file`, once everything is checked."""
    bar = None if tqdm is None else tqdm(total=n_frames, unit="sample", unit_scale=True,
                                         desc=str(path))

    def blocks():
        for data in soundfile.blocks(str(path), blocksize=block, always_2d=True, dtype="float64"):
            if bar is not None:
                bar.update(data.shape[0])
            yield data.T if channels is None else data.T[channels]
    try:
        yield from sc_stream(blocks(), archs, **options)
    finally:
        if bar is not None:
            bar.close()
