% joint_22k: joint time-frequency scattering at 22.05 kHz (scattering.m's example_joint).
% x: the signal, N x 1 (or N x K for K signals), N a power of two.
opts{1} = default_auditory(length(x), 22050, 8);
opts{2}.time = struct('nFilters_per_octave', 1);
opts{2}.gamma = struct('nFilters_per_octave', 1);
