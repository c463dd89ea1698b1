"""Batch feature extraction: ``scatnet extract`` and :func:`extract`, :func:`open_features`.

* :mod:`scatnet.batch.extract`: :func:`extract` (inputs → one output, resumable);
* :mod:`scatnet.batch.features`: :func:`open_features` (read an output back);
* :mod:`scatnet.batch.store`, :mod:`scatnet.batch.h5store`: the output formats (``doc/batch.md``);
* :mod:`scatnet.batch.dask`: Dask workers and :func:`scatnet.dask.scatter_array`;
* :mod:`scatnet.batch.cli`: the ``scatnet`` command (``extract``, ``info``, ``bank``).

h5py, soundfile, tqdm and dask are imported only when used (``pip install 'scatnet[batch]'``).
"""
from .extract import Summary, extract
from .features import Features, open_features

__all__ = ["Features", "Summary", "extract", "open_features"]
