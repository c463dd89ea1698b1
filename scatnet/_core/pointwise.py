"""The pointwise steps between a scatter and the next layer: nonlinearity and row padding."""
import numpy as np

from .. import kernels
from .filtering import pick, views


def nonlinearity(spec, Ys, U_flat, Y_flat=None):
    """Apply ``U = ρ(Y)`` to every group of a layer (scattering.m ``opts{m}.nonlinearity``).

    ScatNet's ``modulus_layer`` is the modulus.

    The U groups are consecutive views of ``U_flat``. ``Y_flat``, if given, is the 1-D array of
    every Y group in order: the modulus then runs as one kernel call over all of them.

    Parameters
    ----------
    spec : object or None
        The layer's nonlinearity (``name`` ``'modulus'`` or ``'uniform_log'`` with its
        ``denominator``, or a ``handle``); None: the modulus.
    Ys : list of ndarray, complex, shape (B, R, length)
        The Y groups of the layer.
    U_flat : ndarray, real, 1-D
        Holds at least the elements of every group; written in place.
    Y_flat : ndarray, complex, 1-D, optional
        The Y groups as one flat array (consecutive, in order).

    Returns
    -------
    list of ndarray, real, shape (B, R, length)
        The U groups, views of ``U_flat``.
    """
    Us = views(U_flat, [Y.shape for Y in Ys])
    if (spec is None or spec.name == "modulus") and Y_flat is not None:
        pick(kernels.modulus, Y_flat.size)(Y_flat, U_flat[:Y_flat.size])
        return Us
    for Y, U in zip(Ys, Us):
        if spec is None or spec.name == "modulus":
            pick(kernels.modulus, Y.size)(Y.reshape(-1), U.reshape(-1))
        elif spec.name == "uniform_log":
            pick(kernels.uniform_log, Y.size)(Y.reshape(-1), U.reshape(-1),
                                              Y.shape[-1] / spec.denominator)
        else:
            U[...] = np.asarray(spec.handle(Y), dtype=U.dtype)
    return Us


def pad_groups(arrays, groups):
    """Write the padding of every group that has one (:attr:`Group.pad`) into its rows.

    Parameters
    ----------
    arrays : list of ndarray, shape (B, R, length)
        The U arrays of one layer, one per group, modified in place.
    groups : list of scatnet._core.plan.Group
        The groups of that layer, in the order of ``arrays``; a group whose ``pad`` is None or
        empty is left as it is.
    """
    for a, g in zip(arrays, groups):
        if g.pad is not None and len(g.pad):
            rows = a.reshape(-1, a.shape[-1])
            pick(kernels.pad_rows, rows.size)(rows, g.valid, g.pad)
