%% Target waveform
[waveform, sample_rate] = audioread_compat('recording.wav');
n_samples = length(waveform);
N = pow2(nextpow2(n_samples));
signal = cat(1, waveform, zeros(N - n_samples, 1));

%% Wavelet filter bank
opts{1}.time.size = length(signal);
opts{1}.time.U_log2_oversampling = Inf;
opts{1}.time.nFilters_per_octave = 8;
opts{1}.time.T = 256;
opts{1}.time.max_scale = 1024;
opts{1}.time.is_chunked = false;
opts{2}.time.T = 1024;
archs = sc_setup(opts);
archs{1}.banks{1}.behavior.U.is_blurred = false;
archs{2}.banks{1}.behavior.S.log2_oversampling = 2;
archs{2}.invariants{1}.behavior.S.log2_oversampling = 2;
archs{3}.invariants{1}.behavior.S.log2_oversampling = 2;
archs{1}.banks{1}.behavior.gamma_bounds = [0 40];

%% Wavelet modulus
[~, U] = sc_propagate(signal, archs);
full_scalogram = display_scalogram(U{1+1});
sub = full_scalogram(10:40, 100:end);
imagesc(log1p(500 * sub));
axis off;
export_fig figure.png -transparent
