"""ScatNet's layers: ``S{m+1}`` / ``U{m+1}`` as a list of signals plus their meta.

MATLAB: the layer structs of ScatNet (``core/scat.m``, ``core/wavelet_layer_1d.m``): a layer has
``signal`` (a 1 × P cell, one array per path) and ``meta`` (``j``: m × P 0-based wavelet
indices, highest frequency first; ``bandwidth``: 1 × P in rad/sample; ``resolution``: 1 × P,
log2 of the hop). In scatnet each signal is an array ``(*batch, n_p)``, time last: ``(n_p,)``
for one input signal, ``(K, n_p)`` for K signals (MATLAB: n_p × 1 × K).
"""
import numpy as np

__all__ = ["ScatLayer", "ScatResult"]


class ScatLayer:
    """One order of a ScatNet scattering (MATLAB ``S{m+1}`` or ``U{m+1}``).

    Each parameter is kept as the attribute of the same name (a list, a dict and a tuple).

    Parameters
    ----------
    signal : iterable of ndarray
        ``signal[p]`` is path p (0-based; MATLAB ``signal{p+1}``), shape ``(*batch, n_p)``.
    meta : mapping of str to ndarray
        ``'j'`` (int64, ``(m, P)``, 0-based, −1 where a path is shorter), ``'bandwidth'``
        (float, ``(P,)``, rad/sample), ``'resolution'`` (int64, ``(P,)``); optional fields
        of the original (``'order'`` after :func:`flatten_scat`, ``'fr_j'``, …) as ``(r, P)`` or
        ``(P,)`` arrays.
    batch_shape : tuple, default ()
        ``()`` for one signal, ``(K,)`` for K signals.
    """

    __slots__ = ("batch_shape", "meta", "signal")

    def __init__(self, signal, meta, batch_shape=()):
        self.signal = list(signal)
        self.meta = dict(meta)
        self.batch_shape = tuple(batch_shape)

    def __len__(self):
        return len(self.signal)

    def copy(self, signal=None, **meta):
        """Copy the layer, with ``signal`` replaced (if given) and meta fields updated.

        Parameters
        ----------
        signal : list of ndarray, optional
            The paths of the new layer; default: this layer's (the same arrays, in a new
            list).
        **meta : ndarray
            Meta fields to set or replace.

        Returns
        -------
        ScatLayer
            The new layer: copies of this layer's meta arrays, updated with ``meta``, and the
            same ``batch_shape``.
        """
        new_meta = {k: np.array(v, copy=True) for k, v in self.meta.items()}
        new_meta.update(meta)
        return ScatLayer(self.signal if signal is None else signal, new_meta, self.batch_shape)

    def __repr__(self):
        order = self.meta["j"].shape[0] if "j" in self.meta else "?"
        return f"ScatLayer(order {order}: {len(self.signal)} paths, batch={self.batch_shape})"


class ScatResult(list):
    """ScatNet's ``S`` (or ``U``) cell: a list of :class:`ScatLayer`, index m = order m.

    Parameters
    ----------
    layers : iterable of ScatLayer
        The layers, order 0 first.
    kind : {'S', 'U'}, default 'S'
        Which output of :func:`scatnet.scat` this is (kept as ``kind``).
    """

    def __init__(self, layers, kind="S"):
        super().__init__(layers)
        self.kind = kind

    def __repr__(self):
        return (f"ScatResult({self.kind}: "
                + ", ".join(f"{self.kind}{m}: {len(layer)} paths" for m, layer in enumerate(self))
                + ")")
