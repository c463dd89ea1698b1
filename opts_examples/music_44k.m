% music_44k: music at 44.1 kHz -- 12 wavelets per octave (semitones), T = 1024 samples (23 ms).
% x: the signal, N x 1 (or N x K for K signals), N a power of two.
opts{1} = default_auditory(length(x), 44100, 12);
opts{2}.time = struct();
