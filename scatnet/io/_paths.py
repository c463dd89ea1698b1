"""Checks of the files given to scatnet's readers and writers, before any work (STYLE G7).

Each check names the function, the file and the fix, and raises a scatnet error instead of the
third-party one (scipy, h5py, libsndfile) that would otherwise surface.
"""
import os
import pathlib
import struct
import zlib

import scipy.io

from scatnet._errors import InputError, InputTypeError

#: What the readers of ``.mat`` files raise on a file that is not one (scipy: ValueError for an
#: unknown header, OSError "could not read bytes" for a truncated file, MatReadError for an
#: empty one; h5py: OSError).
MAT_READ_ERRORS = (ValueError, TypeError, OSError, EOFError, IndexError, KeyError,
                   struct.error, zlib.error, scipy.io.matlab.MatReadError)


def as_path(path, who):
    """``path`` as a :class:`pathlib.Path`.

    Parameters
    ----------
    path : str or os.PathLike
        The path given by the user.
    who : str
        The public function, for messages.

    Returns
    -------
    pathlib.Path
        The path.

    Raises
    ------
    InputTypeError
        ``path`` is neither a str nor path-like.
    InputError
        ``path`` is empty.
    """
    try:
        text = os.fspath(path)
    except TypeError:
        raise InputTypeError(f"{who}: path={path!r} must be a file name (str or os.PathLike); "
                             f"got {type(path).__name__}") from None
    if isinstance(text, bytes):
        text = os.fsdecode(text)
    if not text:
        raise InputError(f"{who}: path is empty; pass a file name such as 'out.mat'")
    return pathlib.Path(text)


def mat_destination(path, who="save_mat"):
    """Check where a ``.mat`` file will be written; append ``.mat`` when missing.

    Parameters
    ----------
    path : str or os.PathLike
        The destination given by the user.
    who : str
        The public function, for messages.

    Returns
    -------
    pathlib.Path
        The file to write (``.mat`` appended when ``path`` has another suffix).

    Raises
    ------
    InputError
        ``path`` (or ``path + '.mat'``) is an existing folder, its folder does not exist or
        is not a folder, or that folder cannot be written.
    InputTypeError
        ``path`` is neither a str nor path-like.
    """
    given = as_path(path, who)
    if given.is_dir():
        raise InputError(f"{who}: path={str(given)!r} is a folder; pass a file name inside it, "
                         f"e.g. {str(given / 'out.mat')!r}")
    target = given if given.suffix == ".mat" else given.with_name(given.name + ".mat")
    if target.is_dir():
        raise InputError(f"{who}: {str(target)!r} (path={str(given)!r} with '.mat' appended) is "
                         "a folder; choose another file name")
    folder = target.parent
    if not folder.exists():
        raise InputError(f"{who}: cannot write {str(target)!r}: its folder {str(folder)!r} does "
                         f"not exist. Create it first (os.makedirs({str(folder)!r}, "
                         "exist_ok=True)) or choose an existing folder")
    if not folder.is_dir():
        raise InputError(f"{who}: cannot write {str(target)!r}: {str(folder)!r} is a file, not "
                         "a folder; choose another path")
    if not os.access(folder, os.W_OK):
        raise InputError(f"{who}: cannot write {str(target)!r}: the folder {str(folder)!r} is "
                         "not writable (permission denied); choose a folder you can write to")
    return target


def write_mat(target, variables, who="save_mat", **options):
    """``scipy.io.savemat(target, variables, **options)``, its OS errors named as scatnet's.

    Parameters
    ----------
    target : pathlib.Path
        From :func:`mat_destination`.
    variables : dict
        The variables of the file.
    who : str
        The public function, for messages.
    **options
        Passed to :func:`scipy.io.savemat` (``do_compression``, ``oned_as``).

    Returns
    -------
    pathlib.Path
        ``target``.

    Raises
    ------
    InputError
        The file could not be written (disk full, permissions changed, …).
    """
    try:
        scipy.io.savemat(target, variables, **options)
    except OSError as e:
        raise InputError(f"{who}: could not write {str(target)!r} ({e.strerror or e}); check "
                         "the free space and the permissions of its folder") from e
    return target


def existing_file(path, who, what="file"):
    """Check that ``path`` names an existing file (not a folder).

    Parameters
    ----------
    path : str or os.PathLike
        The file given by the user.
    who : str
        The public function, for messages.
    what : str
        What the file should be (e.g. ``'sound file'``), for messages.

    Returns
    -------
    pathlib.Path
        The path.

    Raises
    ------
    InputError
        ``path`` does not exist or is a folder.
    InputTypeError
        ``path`` is neither a str nor path-like.
    """
    p = as_path(path, who)
    if p.is_dir():
        raise InputError(f"{who}: {str(p)!r} is a folder; pass the {what} itself")
    if not p.is_file():
        where = p.parent if str(p.parent) not in ("", ".") else pathlib.Path.cwd()
        raise InputError(f"{who}: {what} {str(p)!r} does not exist (looked in {str(where)!r}); "
                         "check the name, or pass an absolute path")
    return p
