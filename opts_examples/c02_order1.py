"""c02_order1: one layer only (S0, S1).

MATLAB::

    opts{1}.time = struct('size', 4096, 'T', 512, 'max_Q', 4, 'is_chunked', false);
"""
opts = [
    {"time": {"size": 4096, "T": 512, "max_Q": 4, "is_chunked": False}},
]
