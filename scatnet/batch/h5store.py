"""The HDF5 output of ``scatnet extract`` (``doc/batch.md``): staged entries, atomic merges.

Entries are committed to the staging folder ``OUT.parts/`` (a :class:`~scatnet.batch.store.DirStore`
of ``.npy`` files) and merged into ``OUT`` by :meth:`H5Store.close`: a new file is written beside
it (the old entries copied, the staged ones added, newer ones replacing older ones) and renamed
over it. The HDF5 file is therefore always whole; the staging folder holds what a killed run
committed since, and the next ``--resume`` merges it.
"""
import json
import os
import pathlib

import numpy as np

from .._errors import InputError
from .store import TMP, DirStore, identity_mismatch

__all__ = ["H5Store", "h5_config", "h5_entries", "h5_failures", "h5_paths", "parts_folder"]


def _h5py():
    try:
        import h5py
    except ImportError as e:
        raise ImportError("the HDF5 output needs h5py: pip install 'scatnet[batch]' (or use "
                          "--format npz)") from e
    return h5py


def parts_folder(path):
    """Get the staging folder of an HDF5 output.

    Parameters
    ----------
    path : path-like
        The HDF5 file.

    Returns
    -------
    pathlib.Path
        ``OUT.parts`` beside it.
    """
    path = pathlib.Path(path)
    return path.with_name(path.name + ".parts")


def h5_config(f):
    """Read the configuration stored at the root of an output file.

    Parameters
    ----------
    f : h5py.File
        An output of ``scatnet extract``.

    Returns
    -------
    dict
        As ``scatnet.json`` of the folder formats.

    Raises
    ------
    InputError
        The file was not written by ``scatnet extract``.
    """
    if "scatnet_config" not in f.attrs:
        raise InputError(f"{f.filename} is an HDF5 file but not an output of scatnet extract (no "
                         "scatnet_config attribute at its root)")
    return json.loads(f.attrs["scatnet_config"])


def _visit(group):
    h5py = _h5py()
    found = []
    group.visititems(lambda name, obj: found.append((name, obj))
                     if isinstance(obj, h5py.Dataset) else None)
    return found


def h5_entries(f):
    """List the complete entries of an output file.

    Parameters
    ----------
    f : h5py.File
        An output of ``scatnet extract``.

    Returns
    -------
    dict
        Maps key → attributes, for the datasets under ``/features`` marked complete.
    """
    if "features" not in f:
        return {}
    return {name: {k: (v.item() if isinstance(v, np.generic) else v) for k, v in ds.attrs.items()}
            for name, ds in _visit(f["features"]) if ds.attrs.get("complete", False)}


def h5_failures(f):
    """List the failures recorded in an output file.

    Parameters
    ----------
    f : h5py.File
        An output of ``scatnet extract``.

    Returns
    -------
    dict
        Maps key → ``{'source', 'error'}``.
    """
    if "failures" not in f:
        return {}
    return {name: {"source": str(ds.attrs.get("source", "")), "error": str(ds.attrs.get("error", ""))}
            for name, ds in _visit(f["failures"])}


def _write_root(f, config):
    h5py = _h5py()
    f.attrs["scatnet_config"] = json.dumps({k: v for k, v in config.items() if k != "paths"},
                                           default=str)
    f.attrs["scatnet_version"] = config["scatnet_version"]
    f.attrs["opts_json"] = json.dumps(config["opts"], default=str)
    f.attrs["opts_m"] = config["opts_m"]
    f.attrs["fs"] = np.nan if config["fs"] is None else config["fs"]
    paths = f.create_group("paths")
    for name, column in config["paths"].items():
        if column and isinstance(column[0], str):
            paths.create_dataset(name, data=column, dtype=h5py.string_dtype())
        else:
            paths.create_dataset(name, data=np.asarray(column))


def h5_paths(f):
    """Read the paths table stored in an output file.

    Parameters
    ----------
    f : h5py.File
        An output of ``scatnet extract``.

    Returns
    -------
    dict
        Maps column → 1-D array (``matlab_ref`` as ``str``).
    """
    out = {}
    for name, ds in f["paths"].items():
        out[name] = ds.asstr()[()] if ds.dtype.kind == "O" else ds[()]
    return out


class H5Store:
    """One HDF5 file, written by staging and atomic merges (see the module docstring).

    Parameters
    ----------
    path : path-like
        The HDF5 file.
    config : dict
        Options, settings and paths table (compared with those of an existing file).
    """

    def __init__(self, path, config):
        h5py = _h5py()
        self.path, self.config = pathlib.Path(path), config
        self.old = {}
        self.old_failures = {}
        if self.path.exists():
            try:
                with h5py.File(self.path, "r") as f:
                    why = identity_mismatch(h5_config(f), config)
                    self.old, self.old_failures = h5_entries(f), h5_failures(f)
            except OSError as e:
                raise InputError(f"output {self.path} exists but cannot be read as HDF5 ({e}); "
                                 "move it away or pass --overwrite") from e
            if why:
                raise InputError(f"output {self.path} holds features made with other settings; "
                                 f"refusing to mix them:\n{why}\nWrite to another output, or "
                                 "pass --overwrite (overwrite=True) to replace it")
        self.parts = DirStore(parts_folder(self.path), "npy", config)

    def complete(self):
        """Get the committed entries (merged or staged) and their attributes.

        Returns
        -------
        dict
            Maps key → attributes.
        """
        staged = self.parts.complete()
        failed = self.parts.failures()
        out = {k: v for k, v in self.old.items() if k not in failed}
        out.update(staged)
        return out

    def write(self, result):
        """Commit one result to the staging folder.

        Parameters
        ----------
        result : scatnet.batch.work.Result
            The features and attributes of one input.
        """
        self.parts.write(result)

    def fail(self, key, source, message):
        """Record a failure in the staging folder.

        Parameters
        ----------
        key : str
            The input's key.
        source : str
            Its path.
        message : str
            The error.
        """
        self.parts.fail(key, source, message)

    def failures(self):
        """Get the inputs whose last try failed.

        Returns
        -------
        dict
            Maps key → ``{'source', 'error'}``.
        """
        staged = self.parts.complete()
        out = {k: v for k, v in self.old_failures.items() if k not in staged}
        out.update(self.parts.failures())
        return out

    def close(self):
        """Merge the staged entries into the HDF5 file (atomically) and remove the staging folder."""
        staged, failed = self.parts.complete(), self.parts.failures()
        if self.path.exists() and not staged and not failed:
            self.parts.close()
            self.parts.remove()
            return
        h5py = _h5py()
        tmp = self.path.with_name(f"{self.path.name}{TMP}{os.getpid()}")
        try:
            with h5py.File(tmp, "w") as new:
                _write_root(new, self.config)
                new.create_group("features")
                new.create_group("failures")
                if self.path.exists():
                    with h5py.File(self.path, "r") as old:
                        for folder, skip in (("features", set(staged) | set(failed)),
                                             ("failures", set(staged) | set(failed))):
                            if folder not in old:
                                continue
                            for name, ds in _visit(old[folder]):
                                if name not in skip:
                                    parent, _, base = f"{folder}/{name}".rpartition("/")
                                    old.copy(ds, new.require_group(parent), name=base)
                for key, attrs in staged.items():
                    ds = new.create_dataset(f"features/{key}", data=self.parts.read(key))
                    ds.attrs.update(attrs)
                    ds.attrs["complete"] = True
                for key, info in failed.items():
                    ds = new.create_dataset(f"failures/{key}", data=h5py.Empty("f"))
                    ds.attrs.update(info)
            os.replace(tmp, self.path)
        finally:
            if tmp.exists():
                tmp.unlink()
        self.parts.close()
        self.parts.remove()
