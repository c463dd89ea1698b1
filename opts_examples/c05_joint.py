"""c05_joint: joint time-frequency scattering (scaled-down example_joint).

MATLAB::

    opts{1} = default_auditory(8192, 8192, 8);
    opts{2}.time = struct('nFilters_per_octave', 1);
    opts{2}.gamma = struct('nFilters_per_octave', 1);
"""
from scatnet import default_auditory

opts = [
    default_auditory(8192, 8192, 8),
    {"time": {"nFilters_per_octave": 1}, "gamma": {"nFilters_per_octave": 1}},
]
