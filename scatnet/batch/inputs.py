"""Inputs of ``scatnet extract``: sound files, stacked ``.npy``/``.mat`` matrices, folders, lists.

Each input becomes an :class:`Item` with a *key*, its name in the output: the file name for a
file named directly, the path relative to the folder for a file found in a folder, the path as
written for a line of a list file.
"""
import os
import pathlib
from dataclasses import dataclass

import numpy as np

from .._errors import InputError

__all__ = ["ARRAY_SUFFIXES", "LIST_SUFFIXES", "SOUND_SUFFIXES", "Item", "collect", "scan"]

#: Sound files read through soundfile (libsndfile).
SOUND_SUFFIXES = (".wav", ".flac", ".ogg", ".oga", ".opus", ".mp3", ".aif", ".aiff", ".aifc", ".au",
                  ".snd", ".caf", ".w64", ".rf64", ".wavex", ".voc", ".sd2", ".htk")
#: Stacked signals, time last: ``(N,)`` or ``(K, N)`` (``.mat`` through :func:`scatnet.load_signal`).
ARRAY_SUFFIXES = (".npy", ".mat")
#: Text files listing inputs, one path a line (relative to the list's folder; ``#`` comments).
LIST_SUFFIXES = (".txt", ".lst", ".list")


@dataclass(frozen=True)
class Item:
    """One input: where it is, what its header says, and its key in the output."""

    key: str
    path: str  #: absolute path
    kind: str  #: 'sound' or 'array'
    size: int  #: bytes
    mtime_ns: int
    rate: float | None  #: native sample rate (None for arrays)
    frames: int  #: samples per channel, native rate
    channels: int  #: channels (sound) or stacked signals K (arrays)
    ndim: int  #: 1: one signal (mono sound, ``(N,)`` array); 2: channels or a ``(K, N)`` stack


def _suffix(path):
    return pathlib.Path(path).suffix.lower()


def _clean_key(key, path):
    parts = pathlib.PurePosixPath(key.replace(os.sep, "/")).parts
    if not parts or any(p in ("..", ".") for p in parts) or parts[0] == "/":
        return pathlib.Path(path).name
    return "/".join(parts)


def _from_folder(folder, glob):
    found = []
    for f in sorted(folder.glob(glob)):
        hidden = any(part.startswith(".") for part in f.relative_to(folder).parts)
        if f.is_file() and not hidden and _suffix(f) in SOUND_SUFFIXES + ARRAY_SUFFIXES:
            found.append((f.relative_to(folder).as_posix(), f))
    return found


def _from_list(listing):
    found = []
    with open(listing, encoding="utf-8") as fh:
        for line in fh:
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            p = pathlib.Path(line)
            full = p if p.is_absolute() else listing.parent / p
            if not full.is_file():
                raise InputError(f"list file {listing}: {line!r} is not a file")
            found.append((_clean_key(line if not p.is_absolute() else p.name, p), full))
    return found


def collect(inputs, *, glob="**/*"):
    """Expand the inputs into ``(key, path)`` pairs, one per file.

    Parameters
    ----------
    inputs : str, os.PathLike or sequence of them
        Sound files, ``.npy``/``.mat`` files, folders (searched with ``glob``) and list files.
    glob : str
        Pattern for folders (``'**/*'``: everything, recursively; ``'*.wav'``: the folder
        itself, WAV only). Files with other suffixes than sound or array ones, and hidden
        files and folders (a name starting with ``.``), are skipped.

    Returns
    -------
    list of (str, pathlib.Path)
        In the order given, folders sorted.

    Raises
    ------
    InputError
        An input does not exist or has an unknown suffix, or two files get the same key.
    """
    if isinstance(inputs, (str, os.PathLike)):
        inputs = [inputs]
    pairs = []
    for raw in inputs:
        p = pathlib.Path(raw)
        if p.is_dir():
            pairs += _from_folder(p, glob)
        elif not p.exists():
            raise InputError(f"input {str(raw)!r} does not exist")
        elif _suffix(p) in LIST_SUFFIXES:
            pairs += _from_list(p)
        elif _suffix(p) in SOUND_SUFFIXES + ARRAY_SUFFIXES:
            pairs.append((p.name, p))
        else:
            raise InputError(f"input {str(raw)!r}: suffix {_suffix(p)!r} is neither a sound file "
                             f"{SOUND_SUFFIXES[:6]}…, an array {ARRAY_SUFFIXES} nor a list "
                             f"{LIST_SUFFIXES}")
    seen, out = {}, []
    for key, path in pairs:
        path = path.resolve()
        if key in seen:
            if seen[key] != path:
                raise InputError(f"two inputs have the same key {key!r}: {seen[key]} and {path}; "
                                 "pass their common folder instead (keys are paths relative "
                                 "to it) or rename one")
            continue
        seen[key] = path
        out.append((key, path))
    return out


def scan(key, path):
    """Read what the header of one input says (no samples are decoded).

    Parameters
    ----------
    key : str
        The input's key in the output.
    path : pathlib.Path
        The file.

    Returns
    -------
    Item
        Key, path, kind, size, modification time, rate, frames and channels.

    Raises
    ------
    InputError
        The file cannot be read as a sound file or an array of one or two dimensions.
    """
    st = os.stat(path)
    kind = "array" if _suffix(path) in ARRAY_SUFFIXES else "sound"
    try:
        if kind == "sound":
            import soundfile

            info = soundfile.info(str(path))
            rate, frames, channels = float(info.samplerate), int(info.frames), int(info.channels)
            ndim = 1 if channels == 1 else 2
        else:
            if _suffix(path) == ".npy":
                shape = np.load(path, mmap_mode="r", allow_pickle=False).shape
            else:
                from ..io import load_signal

                shape = load_signal(path).shape
            if len(shape) not in (1, 2):
                raise InputError(f"{path}: an array input must be (N,) or (K, N), time last; got "
                                 f"shape={shape}")
            rate, frames, channels = None, int(shape[-1]), 1 if len(shape) == 1 else int(shape[0])
            ndim = len(shape)
    except InputError:
        raise
    except ImportError as e:
        raise ImportError("reading sound files needs soundfile: pip install 'scatnet[batch]'") from e
    except Exception as e:
        raise InputError(f"{path}: cannot be read ({type(e).__name__}: {e})") from e
    if frames == 0:
        raise InputError(f"{path}: the file has no samples")
    return Item(key=key, path=str(path), kind=kind, size=st.st_size, mtime_ns=st.st_mtime_ns,
                rate=rate, frames=frames, channels=channels, ndim=ndim)
