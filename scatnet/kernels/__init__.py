"""Numba kernels: plain arrays and scalars in, preallocated outputs filled (STYLE G9).

Nothing here imports from the rest of scatnet.
"""
from .fold import multiply_fold
from .pad import pad_rows
from .pointwise import modulus, transpose_last2, uniform_log
from .spectral import multiply_resample

__all__ = ["modulus", "multiply_fold", "multiply_resample", "pad_rows", "transpose_last2",
           "uniform_log"]
