"""c04_gammatone_varQ: gammatone first order in its variable-Q regime.

MATLAB::

    opts{1}.time = struct('size', 16384, 'T', 1024, 'max_Q', 8, 'max_scale', 1024, ...
                          'wavelet_handle', @gammatone_1d, 'is_chunked', false);
    opts{2}.time = struct();
"""
opts = [
    {"time": {"size": 16384, "T": 1024, "max_Q": 8, "max_scale": 1024,
              "wavelet_handle": "@gammatone_1d", "is_chunked": False}},
    {"time": {}},
]
