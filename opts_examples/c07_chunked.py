"""c07_chunked: chunked input (is_chunked defaults to true), size 1024.

MATLAB::

    opts{1}.time = struct('size', 1024, 'T', 256, 'max_Q', 4);
    opts{2}.time = struct();
"""
opts = [
    {"time": {"size": 1024, "T": 256, "max_Q": 4}},
    {"time": {}},
]
