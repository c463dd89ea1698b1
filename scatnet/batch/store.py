"""Where ``scatnet extract`` writes: one entry per input, each written completely or not at all.

* :class:`DirStore` (``--format npz|mat``, and the staging folder of the HDF5 output): a folder
  with ``scatnet.json`` (options, paths table, settings), ``features/<key>.npz`` (or ``.mat``)
  beside ``features/<key>.json`` (the attributes) and ``failures/<key>.json``. Every file is
  written under a temporary name and renamed into place (atomic), the data file last: its
  presence is the entry's completion mark.
* :class:`H5Store` (default): one HDF5 file. Results are committed to ``OUT.parts/`` as above
  while the run goes on and merged into ``OUT`` at its end (or at the end of the ``--resume``
  that follows a killed run) by writing a new file and renaming it over the old one, so the
  HDF5 file is never modified in place and a kill at any moment leaves it readable.

The layout is described in ``doc/batch.md``.
"""
import difflib
import json
import os
import pathlib
import shutil

import numpy as np

from .._errors import InputError

__all__ = ["CONFIG_NAME", "DirStore", "identity_mismatch", "replace_atomic"]

CONFIG_NAME = "scatnet.json"
#: Fields of the configuration that must match to add to an existing output.
IDENTITY = ("fs", "dtype", "channels")
TMP = ".tmp-"


def replace_atomic(path, write):
    """Write a file under a temporary name with ``write(tmp_path)``, then rename it to ``path``.

    Parameters
    ----------
    path : pathlib.Path
        Destination.
    write : callable
        Called with the temporary path (same folder and suffix as ``path``).
    """
    tmp = path.with_name(f"{path.stem}{TMP}{os.getpid()}{path.suffix}")
    try:
        write(tmp)
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()


def _write_json(path, data):
    def write(tmp):
        with open(tmp, "w", encoding="utf-8") as fh:
            json.dump(data, fh, indent=1, default=str)
    replace_atomic(path, write)


def identity_mismatch(old, new):
    """Describe how two output configurations differ (empty if the same output can hold both).

    Parameters
    ----------
    old, new : dict
        Configurations (``scatnet.json`` contents).

    Returns
    -------
    str
        The differences, one per line, with a diff of the options' MATLAB text.
    """
    lines = [f"  {k}: {old.get(k)!r} (in the output) vs {new.get(k)!r} (now)"
             for k in IDENTITY if old.get(k) != new.get(k)]
    if old.get("opts_m") != new.get("opts_m") and old.get("plan_sha256") != new.get("plan_sha256"):
        diff = difflib.unified_diff(str(old.get("opts_m")).splitlines(),
                                    str(new.get("opts_m")).splitlines(), "in the output", "now",
                                    lineterm="", n=0)
        lines.append("  opts differ:\n    " + "\n    ".join(list(diff)[:24]))
    return "\n".join(lines)


class _Lock:
    """An exclusive lock on ``path`` (released by the system if the process dies)."""

    def __init__(self, path):
        self.fh = open(path, "a+")  # noqa: SIM115 - held until release()
        try:
            import fcntl
        except ImportError:  # pragma: no cover - Windows: no lock
            return
        try:
            fcntl.flock(self.fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as e:
            self.fh.close()
            raise InputError(f"output {path.parent}: another scatnet extract is writing it (its "
                             "lock is held); wait for it to end or write elsewhere") from e

    def release(self):
        self.fh.close()


class DirStore:
    """A folder of entries committed by atomic renames (see the module docstring).

    Parameters
    ----------
    root : path-like
        The folder.
    fmt : {'npz', 'mat', 'npy'}
        Format of the data files (``npy``: the staging folder of the HDF5 output).
    config : dict
        Options, settings and paths table; written to ``scatnet.json`` on creation, compared
        with it (:func:`identity_mismatch`) when the folder exists.
    opts : list of dict
        The options (written into ``.mat`` files as ``opts_m``).
    readonly : bool
        Only read (no lock, ``config`` read from the folder).
    """

    def __init__(self, root, fmt, config=None, opts=None, *, readonly=False):
        self.root, self.fmt, self.opts = pathlib.Path(root), fmt, opts
        self._lock = None
        cfg = self.root / CONFIG_NAME
        if readonly:
            with open(cfg, encoding="utf-8") as fh:
                self.config = json.load(fh)
            return
        self.root.mkdir(parents=True, exist_ok=True)
        self._lock = _Lock(self.root / ".lock")
        if cfg.exists():
            with open(cfg, encoding="utf-8") as fh:
                old = json.load(fh)
            why = identity_mismatch(old, config)
            if why:
                self._lock.release()
                raise InputError(f"output {self.root} holds features made with other settings; "
                                 f"refusing to mix them:\n{why}\nWrite to another output, or "
                                 "pass --overwrite (overwrite=True) to replace it")
        else:
            _write_json(cfg, config)
        self.config = config
        for tmp in self.root.rglob(f"*{TMP}*"):  # left by a killed run
            tmp.unlink()

    def _base(self, folder, key):
        return self.root / folder / key

    def _data(self, key):
        return self._base("features", key).with_name(pathlib.Path(key).name + "." + self.fmt)

    def _attrs(self, key):
        return self._base("features", key).with_name(pathlib.Path(key).name + ".json")

    def _failure(self, key):
        return self._base("failures", key).with_name(pathlib.Path(key).name + ".json")

    def _keys(self, folder, suffix):
        base = self.root / folder
        if not base.exists():
            return []
        return sorted(p.relative_to(base).as_posix()[:-len(suffix)]
                      for p in base.rglob("*" + suffix) if TMP not in p.name)

    def complete(self):
        """Get the committed entries and their attributes.

        Returns
        -------
        dict
            Maps key → attributes (``source``, ``size``, ``mtime_ns``, …).
        """
        out = {}
        for key in self._keys("features", "." + self.fmt):
            try:
                with open(self._attrs(key), encoding="utf-8") as fh:
                    out[key] = json.load(fh)
            except (OSError, ValueError):
                continue
        return out

    def failures(self):
        """Get the inputs whose last try failed.

        Returns
        -------
        dict
            Maps key → ``{'source', 'error'}``.
        """
        out = {}
        for key in self._keys("failures", ".json"):
            with open(self._failure(key), encoding="utf-8") as fh:
                out[key] = json.load(fh)
        return out

    def write(self, result):
        """Commit one result: attributes first, then the data file (the completion mark).

        Parameters
        ----------
        result : scatnet.batch.work.Result
            Features (``.npz``, ``.npy``) or the ``S`` of ``sc_propagate`` (``.mat``).
        """
        data = self._data(result.key)
        data.parent.mkdir(parents=True, exist_ok=True)
        _write_json(self._attrs(result.key), result.attrs)
        if self.fmt in ("npz", "npy"):
            def write(tmp):
                with open(tmp, "wb") as fh:
                    if self.fmt == "npz":
                        np.savez(fh, features=result.data)
                    else:
                        np.save(fh, result.data, allow_pickle=False)
        else:
            from ..io import save_mat

            def write(tmp):
                save_mat(tmp, result.data, layout="both", opts=self.opts)
        replace_atomic(data, write)
        self._failure(result.key).unlink(missing_ok=True)

    def fail(self, key, source, message):
        """Record that an input failed (and drop a stale entry of it).

        Parameters
        ----------
        key : str
            The input's key.
        source : str
            Its path.
        message : str
            The error.
        """
        path = self._failure(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        _write_json(path, {"source": source, "error": message})
        self._data(key).unlink(missing_ok=True)
        self._attrs(key).unlink(missing_ok=True)

    def read(self, key):
        """Load one entry's data.

        Parameters
        ----------
        key : str
            The input's key.

        Returns
        -------
        ndarray or dict
            The features (``.npz``; ``.npy``: memory-mapped), or the variables of the ``.mat``
            file.
        """
        if self.fmt == "npy":
            return np.load(self._data(key), mmap_mode="r", allow_pickle=False)
        if self.fmt == "npz":
            with np.load(self._data(key), allow_pickle=False) as z:
                return z["features"]
        import scipy.io

        return scipy.io.loadmat(self._data(key))

    def close(self):
        """Release the lock."""
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    def remove(self):
        """Delete the folder (after :meth:`close`)."""
        shutil.rmtree(self.root, ignore_errors=True)
