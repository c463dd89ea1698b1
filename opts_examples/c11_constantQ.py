"""c11_constantQ: strictly constant Q (max_scale = Inf), Morlet second order.

MATLAB::

    opts{1}.time = struct('size', 8192, 'T', 256, 'max_Q', 8, 'max_scale', Inf, ...
                          'is_chunked', false);
    opts{2}.time = struct('wavelet_handle', @morlet_1d);
"""
import math

opts = [
    {"time": {"size": 8192, "T": 256, "max_Q": 8, "max_scale": math.inf, "is_chunked": False}},
    {"time": {"wavelet_handle": "@morlet_1d"}},
]
