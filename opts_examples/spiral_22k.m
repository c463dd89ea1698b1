% spiral_22k: spiral scattering at 22.05 kHz -- wavelets along time, chroma and octaves.
% Q1 = 16 wavelets per octave (a power of two, as the chroma x octave reshape needs).
% x: the signal, N x 1 (or N x K for K signals), N a power of two.
opts{1} = default_auditory(length(x), 22050, 16);
opts{2}.time = struct();
opts{2}.gamma = struct();
opts{2}.j = struct();
