"""c10_oversampled: S oversampled by 2 at both layers, first-order gamma_bounds [5 40].

MATLAB::

    opts{1} = default_auditory(8192, 8192, 8);
    opts{1}.time.S_log2_oversampling = 1;
    opts{1}.time.gamma_bounds = [5 40];
    opts{2}.time = struct('S_log2_oversampling', 1);
"""
from scatnet import default_auditory

opts = [
    default_auditory(8192, 8192, 8),
    {"time": {"S_log2_oversampling": 1}},
]
opts[0]["time"]["S_log2_oversampling"] = 1
opts[0]["time"]["gamma_bounds"] = [5, 40]
