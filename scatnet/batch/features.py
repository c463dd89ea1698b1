"""``open_features``: read the output of ``scatnet extract`` back, lazily, whatever its format."""
import json
import math
import os
import pathlib
from collections.abc import Mapping

import numpy as np

from .._errors import InputError
from ..scattering_m.result import PathTable
from .h5store import _h5py, h5_config, h5_entries, h5_failures, h5_paths, parts_folder
from .store import CONFIG_NAME, DirStore

__all__ = ["Features", "open_features"]


class Features(Mapping):
    """The features of an output, by input key (dict-like; an entry is read when asked for).

    ``F = feats['speaker1/a.wav']`` is the ``(n_features, n_frames)`` array of a mono input
    (``(K, n_features, n_frames)`` for K channels or a ``(K, N)`` stack), in ``sc_format``
    order: ``feats.paths`` describes its rows. For the ``mat`` format an entry is the dict of
    variables that :func:`scatnet.save_mat` wrote (``S``, ``F``, ``paths``, …).

    Parameters
    ----------
    out : path-like
        An HDF5 file, or the folder of the ``npz``/``mat`` formats.
    """

    def __init__(self, out):
        self.out = pathlib.Path(os.fspath(out))
        self._file, self._parts = None, None
        parts = parts_folder(self.out)
        if self.out.is_dir():
            if not (self.out / CONFIG_NAME).exists():
                raise InputError(f"open_features: {self.out} is a folder without {CONFIG_NAME}: "
                                 "not an output of scatnet extract")
            with open(self.out / CONFIG_NAME, encoding="utf-8") as fh:
                fmt = json.load(fh)["format"]
            self._dir = DirStore(self.out, fmt, readonly=True)
            self.config = self._dir.config
            self._entries, self._failed = self._dir.complete(), self._dir.failures()
            return
        self._dir = None
        if parts.is_dir():  # staged by a run that did not end (killed, or still going)
            self._parts = DirStore(parts, "npy", readonly=True)
        if self.out.exists():
            self._file = _h5py().File(self.out, "r")
            self.config = dict(h5_config(self._file), paths=h5_paths(self._file))
            entries, failed = h5_entries(self._file), h5_failures(self._file)
        elif self._parts is not None:
            self.config, entries, failed = self._parts.config, {}, {}
        else:
            raise InputError(f"open_features: {self.out} does not exist")
        self._entries = {k: ("h5", v) for k, v in entries.items()}
        if self._parts is not None:
            staged, staged_failed = self._parts.complete(), self._parts.failures()
            for k in staged_failed:
                self._entries.pop(k, None)
            self._entries.update({k: ("parts", v) for k, v in staged.items()})
            failed = {k: v for k, v in failed.items() if k not in staged}
            failed.update(staged_failed)
        self._failed = failed

    def __getitem__(self, key):
        if key not in self._entries:
            raise KeyError(f"{key!r} is not a complete entry of {self.out} ({len(self)} entries"
                           f"{', failed: ' + self._failed[key]['error'] if key in self._failed else ''})")
        if self._dir is not None:
            return self._dir.read(key)
        where, _ = self._entries[key]
        if where == "parts":
            return np.array(self._parts.read(key))
        return self._file["features"][key][()]

    def __iter__(self):
        return iter(sorted(self._entries))

    def __len__(self):
        return len(self._entries)

    def attrs(self, key):
        """Get the attributes of one entry.

        Parameters
        ----------
        key : str
            The input's key.

        Returns
        -------
        dict
            The ``source``, ``size``, ``mtime``, ``sample_rate``, ``fs``, ``sha256``,
            ``n_samples``, … of the input.
        """
        value = self._entries[key]
        return dict(value if self._dir is not None else value[1])

    @property
    def staged(self):
        """Get the keys committed but not yet merged into the HDF5 file (a run was killed).

        Returns
        -------
        list of str
            Empty once a run (or ``--resume``) has ended.
        """
        if self._dir is not None:
            return []
        return sorted(k for k, (where, _) in self._entries.items() if where == "parts")

    @property
    def failures(self):
        """Get the inputs whose last try failed.

        Returns
        -------
        dict
            Maps key → error message.
        """
        return {k: v["error"] for k, v in sorted(self._failed.items())}

    @property
    def paths(self):
        """Get the paths table: one row per feature (``order``, ``gamma1``, ``xi1_hz``, …).

        Returns
        -------
        PathTable
            As :func:`scatnet.sc_paths` gives it.
        """
        return PathTable({k: np.asarray(v, dtype=object if k == "matlab_ref" else None)
                          for k, v in self.config["paths"].items()})

    @property
    def opts(self):
        """Get the options the features were made with.

        Returns
        -------
        list of dict
            ``opts[m]`` is MATLAB's ``opts{m+1}``.
        """
        return self.config["opts"]

    @property
    def fs(self):
        """Get the sample rate the features were made at (None if unknown).

        Returns
        -------
        float or None
            In Hz.
        """
        fs = self.config.get("fs")
        return None if fs is None or (isinstance(fs, float) and math.isnan(fs)) else fs

    def close(self):
        """Close the HDF5 file."""
        if self._file is not None:
            self._file.close()
            self._file = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def __repr__(self):
        return (f"Features({str(self.out)!r}: {len(self)} entries, {len(self._failed)} failed, "
                f"{len(self.config['paths'].get('order', []))} features, fs={self.fs})")


def open_features(out):
    """Open the output of ``scatnet extract`` (or :func:`scatnet.extract`) for reading.

    Parameters
    ----------
    out : str or os.PathLike
        The HDF5 file, or the folder of the ``npz``/``mat`` formats. After a killed run, the
        entries it committed but did not merge (``OUT.parts/``) are included.

    Returns
    -------
    Features
        A read-only mapping key → features, with ``paths``, ``opts``, ``fs``, ``failures``
        and ``attrs(key)``; close it (or use ``with``) to release the HDF5 file.

    Raises
    ------
    InputError
        ``out`` does not exist or is not an output of ``scatnet extract``.

    Examples
    --------
    >>> import numpy as np, os, tempfile
    >>> from scatnet import extract, open_features
    >>> folder = tempfile.mkdtemp()
    >>> np.save(os.path.join(folder, 'x.npy'), np.random.default_rng(0).standard_normal(4096))
    >>> opts = [{'time': {'size': 1024, 'T': 128, 'max_Q': 2}}, {'time': {}}]
    >>> summary = extract(folder, opts, os.path.join(folder, 'out'), format='npz', quiet=True)
    >>> with open_features(os.path.join(folder, 'out')) as feats:
    ...     feats['x.npy'].shape == (len(feats.paths), 64)
    True
    """
    return Features(out)
