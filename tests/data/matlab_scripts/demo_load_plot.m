% Second-order scattering of a demo recording, then pictures (structure of a toolbox example).

%% Load the demo signal
load handel;
N = 8192; % a power of 2
Q = 8;
signal = y(1:N);

%% Options
opts{1} = default_auditory(N, Fs, Q);
opts{2}.time = struct();

%% Architectures
archs = sc_setup(opts);

%% Scattering
[S, U, Y] = sc_propagate(signal, archs);

%% Pictures
display_scalogram(U{1+1});
img = U{1+2}.data{4}.';
imagesc(img);
colormap rev_gray;
