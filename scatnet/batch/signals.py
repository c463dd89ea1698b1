"""Samples of one input for ``scatnet extract``: read, hash, pick channels, resample.

Resampling is :func:`scipy.signal.resample_poly` (polyphase, Kaiser window): on the whole signal
for files read at once, and on overlapping segments for streamed files (:class:`BlockResampler`),
which gives the same samples.
"""
import datetime
import hashlib
import io
import math
from fractions import Fraction

import numpy as np
from scipy.signal import resample_poly

from .._errors import InputError

__all__ = ["BlockResampler", "file_attrs", "out_shape", "rate_ratio", "read_item", "stream_item"]

_HASH_BLOCK = 1 << 20
#: Largest up or down factor of a polyphase resampling (its filter has 20 × that many taps).
MAX_FACTOR = 10_000


def rate_ratio(item, fs, resample):
    """Return the resampling factors ``(up, down)`` that bring ``item`` to ``fs`` Hz.

    Parameters
    ----------
    item : scatnet.batch.inputs.Item
        The input (arrays have no rate: they are taken as sampled at ``fs``).
    fs : float or None
        The sample rate the options assume (None: unknown, no check).
    resample : bool
        Whether a different rate may be resampled (``--sr``).

    Returns
    -------
    tuple of int or None
        ``(up, down)``, or None when no resampling is needed.

    Raises
    ------
    InputError
        The rates differ and ``resample`` is False, or their ratio is too fine.
    """
    if item.rate is None or fs is None or item.rate == fs:
        return None
    if not resample:
        raise InputError(f"{item.path}: sample rate {item.rate:g} Hz, but the opts assume fs="
                         f"{fs:g} Hz: pass --sr (resample=True) to resample it with "
                         "scipy.signal.resample_poly, or use opts made for this rate")
    ratio = Fraction(fs) / Fraction(item.rate)
    if max(ratio.numerator, ratio.denominator) > MAX_FACTOR:
        raise InputError(f"{item.path}: resampling {item.rate:g} Hz → {fs:g} Hz needs the factors "
                         f"{ratio.numerator}/{ratio.denominator} (more than {MAX_FACTOR}); "
                         "resample the file first")
    return ratio.numerator, ratio.denominator


def out_shape(item, channels, ratio):
    """Return the signals and samples of an input once channels are picked and it is resampled.

    Parameters
    ----------
    item : scatnet.batch.inputs.Item
        The input.
    channels : {'all', 'mono'} or int
        Channel handling (sound files only).
    ratio : tuple of int or None
        From :func:`rate_ratio`.

    Returns
    -------
    K : int
        Signals.
    N : int
        Samples per signal.
    ndim : int
        1 when the features have no leading K axis, else 2.
    """
    n = item.frames if ratio is None else -(-item.frames * ratio[0] // ratio[1])
    if item.kind == "sound" and channels != "all":
        return 1, n, 1
    return item.channels, n, item.ndim


def _pick(x, item, channels):
    """``x`` (C, n) with the channels asked for (sound files only)."""
    if item.kind != "sound" or channels == "all":
        return x
    if channels == "mono":
        return x.mean(axis=0, keepdims=True) if x.shape[0] > 1 else x
    if not 0 <= channels < item.channels:
        raise InputError(f"{item.path}: channel={channels} but the file has {item.channels} "
                         f"channel(s) (0 … {item.channels - 1})")
    return x[channels:channels + 1]


def file_attrs(item, fs, ratio, channels, sha256):
    """Make the attributes stored with an input's features.

    Parameters
    ----------
    item : scatnet.batch.inputs.Item
        The input.
    fs : float or None
        Sample rate of the scattered signal.
    ratio : tuple of int or None
        Resampling factors.
    channels : {'all', 'mono'} or int
        Channel handling.
    sha256 : str
        Hex digest of the file's bytes.

    Returns
    -------
    dict
        ``source``, ``size``, ``mtime`` (ISO 8601, UTC), ``mtime_ns``, ``sample_rate`` (native,
        NaN for arrays), ``fs``, ``sha256``, ``channels`` (native), ``channel_mode``,
        ``n_samples`` (scattered, per signal), ``duration_s``, ``resampled``.
    """
    _, n, _ = out_shape(item, channels, ratio)
    rate = fs if fs is not None else item.rate
    mtime = datetime.datetime.fromtimestamp(item.mtime_ns / 1e9, datetime.timezone.utc)
    return {"source": item.path, "size": item.size, "mtime": mtime.isoformat(),
            "mtime_ns": item.mtime_ns, "sample_rate": math.nan if item.rate is None else item.rate,
            "fs": math.nan if rate is None else float(rate), "sha256": sha256,
            "channels": item.channels, "channel_mode": str(channels), "n_samples": n,
            "duration_s": math.nan if rate is None else n / rate, "resampled": ratio is not None}


def read_item(item, *, fs, resample, channels, dtype):
    """Read a whole input: samples ``(K, N)`` ready to scatter, and its attributes.

    Parameters
    ----------
    item : scatnet.batch.inputs.Item
        The input.
    fs : float or None
        The sample rate the options assume.
    resample : bool
        Resample a different rate (else it is an error).
    channels : {'all', 'mono'} or int
        Channel handling.
    dtype : {'float64', 'float32'}
        Precision of the result.

    Returns
    -------
    x : ndarray, shape (K, N)
        The samples, channels picked and resampled.
    attrs : dict
        :func:`file_attrs`.

    Raises
    ------
    InputError
        Unreadable file, wrong shape, a rate mismatch without ``resample``, a wrong channel.
    """
    ratio = rate_ratio(item, fs, resample)
    with open(item.path, "rb") as fh:
        data = fh.read()
    digest = hashlib.sha256(data).hexdigest()
    try:
        if item.kind == "sound":
            import soundfile

            x = soundfile.read(io.BytesIO(data), dtype="float64", always_2d=True)[0].T
        elif item.path.lower().endswith(".npy"):
            x = np.load(io.BytesIO(data), allow_pickle=False)
        else:
            from ..io import load_signal

            x = load_signal(item.path)
    except Exception as e:
        raise InputError(f"{item.path}: cannot be read ({type(e).__name__}: {e})") from e
    x = np.atleast_2d(np.asarray(x, dtype=np.float64))
    x = _pick(x, item, channels)
    if ratio is not None:
        x = resample_poly(x, ratio[0], ratio[1], axis=-1)
    return np.ascontiguousarray(x, dtype=dtype), file_attrs(item, fs, ratio, channels, digest)


class BlockResampler:
    """``resample_poly(x, up, down)`` of a signal given block by block, with the same samples.

    Each call resamples the samples kept (from a multiple of ``down``) and returns the outputs
    whose filter support is complete; the others wait for the next block or :meth:`finish`.

    Parameters
    ----------
    up, down : int
        Factors, as for :func:`scipy.signal.resample_poly`.
    """

    def __init__(self, up, down):
        g = math.gcd(up, down)
        self.up, self.down = up // g, down // g
        half = 10 * max(self.up, self.down)
        pre = self.down - half % self.down
        self.delay = (half + pre) // self.down  # resample_poly's n_pre_remove
        self.taps = pre + 2 * half + 1
        self.buf, self.start, self.done, self.seen = None, 0, 0, 0

    def push(self, x, *, final=False):
        """Add the next samples; return the outputs now complete.

        Parameters
        ----------
        x : ndarray, shape (K, n)
            The next samples.
        final : bool
            ``x`` ends the signal (zero-padded beyond, as ``resample_poly`` does).

        Returns
        -------
        ndarray, shape (K, m)
            The next resampled samples (``m`` may be 0).
        """
        self.buf = x if self.buf is None else np.concatenate([self.buf, x], axis=1)
        self.seen += x.shape[1]
        up, down = self.up, self.down
        n_out = -(-self.seen * up // down)
        end = self.start + self.buf.shape[1]
        hi = n_out if final else min(n_out, (end * up - 1) // down - self.delay + 1)
        if hi <= self.done:
            return self.buf[:, :0]
        y = resample_poly(self.buf, up, down, axis=-1)
        offset = self.start * up // down
        out = y[:, self.done - offset:hi - offset]
        self.done = hi
        first = -(-((hi + self.delay) * down - self.taps + 1) // up)  # oldest sample still needed
        keep = max(self.start, (max(first, 0) // down) * down)
        self.buf, self.start = self.buf[:, keep - self.start:], keep
        return out

    def finish(self):
        """Return the last outputs (the signal ends here).

        Returns
        -------
        ndarray, shape (K, m)
            The remaining resampled samples.
        """
        if self.buf is None:
            return np.zeros((1, 0))
        return self.push(self.buf[:, :0], final=True)


def stream_item(item, *, fs, resample, channels, dtype, block_seconds=10.0):
    """Read a sound file block by block: a generator of ``(K, n)`` blocks, and its attributes.

    Parameters
    ----------
    item : scatnet.batch.inputs.Item
        A sound file.
    fs : float or None
        The sample rate the options assume.
    resample : bool
        Resample a different rate (else it is an error).
    channels : {'all', 'mono'} or int
        Channel handling.
    dtype : {'float64', 'float32'}
        Precision of the blocks.
    block_seconds : float
        Seconds read per block.

    Returns
    -------
    blocks : generator of ndarray
        Consecutive ``(K, n)`` blocks of the picked, resampled signal.
    attrs : dict
        :func:`file_attrs` (the hash is computed first, in a separate pass over the file).

    Raises
    ------
    InputError
        A rate mismatch without ``resample`` or a wrong channel (before any block is read).
    """
    import soundfile

    ratio = rate_ratio(item, fs, resample)
    _pick(np.zeros((item.channels, 0)), item, channels)  # a wrong channel fails here
    h = hashlib.sha256()
    with open(item.path, "rb") as fh:
        for part in iter(lambda: fh.read(_HASH_BLOCK), b""):
            h.update(part)
    attrs = file_attrs(item, fs, ratio, channels, h.hexdigest())
    size = max(1, int(block_seconds * item.rate))

    def blocks():
        rs = None if ratio is None else BlockResampler(*ratio)
        for b in soundfile.blocks(item.path, blocksize=size, always_2d=True, dtype="float64"):
            x = _pick(b.T, item, channels)
            if rs is not None:
                x = rs.push(x)
            if x.shape[1]:
                yield np.ascontiguousarray(x, dtype=dtype)
        if rs is not None:
            x = rs.finish()
            if x.shape[1]:
                yield np.ascontiguousarray(x, dtype=dtype)
    return blocks(), attrs
