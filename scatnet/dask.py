"""Dask arrays of signals → lazy Dask arrays of scattering features.

:func:`scatter_array` (from :mod:`scatnet.batch.dask`) needs ``dask[array]``
(``pip install 'scatnet[batch]'``).
"""
from .batch.dask import scatter_array

__all__ = ["scatter_array"]
