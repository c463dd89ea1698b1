"""c08_multichannel: three signals at once, Q1 = 12, fs = 16 kHz.

MATLAB::

    opts{1} = default_auditory(4096, 16000, 12);
    opts{2}.time = struct();
"""
from scatnet import default_auditory

opts = [
    default_auditory(4096, 16000, 12),
    {"time": {}},
]
