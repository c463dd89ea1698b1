"""``.mat`` I/O (scatnet.io): the nested-cell layout against the reference files' S_paths
(indices, data, ranges, keys), the flat layout, an Octave round trip, and load_signal."""
import functools
import shutil
import subprocess

import numpy as np
import pytest
import scipy.io

from scatnet import InputError, InputTypeError, sc_format, sc_propagate, sc_setup
from scatnet.io import AXIS_KEYS, load_signal, parse_matlab_ref, save_mat, tensor_to_matlab
from scatnet.matlab import opts_from_matlab

from _reference import assert_parity, case_opts, case_signal, load_case

#: Plain, multichannel, third-order, joint and spiral outputs.
NESTED_CASES = ("c01_plain", "c08_multichannel", "c09_order3", "c05_joint", "c06_spiral")


@functools.cache
def scattered(case):
    return sc_propagate(case_signal(case), sc_setup(case_opts(case)), return_U=True)


def follow(cell_array, indices):
    """MATLAB ``c{i}{j}…`` with linear (column-major) indices on loadmat's object arrays."""
    for i in indices:
        cell_array = cell_array.ravel(order="F")[int(i) - 1]
    return cell_array


def _strings(cell):
    return [str(np.asarray(v).ravel()[0]) for v in cell.ravel(order="F")]


@pytest.mark.parametrize("case", NESTED_CASES)
def test_nested_layout_indexes_like_the_original(case, tmp_path):
    S, U = scattered(case)
    ours = {t.matlab_ref: t for layer in S for t in layer}
    batched = len(S.batch_shape) > 0
    mat = scipy.io.loadmat(save_mat(tmp_path / case, S, U))
    entries = load_case(case)["S_paths"]
    assert len(entries) == len(ours), f"{case}: {len(ours)} tensors, reference {len(entries)}"
    for e in entries:
        ref = e["matlab_ref"]
        layer = mat["S"][0, int(e["layer"])]
        struct = follow(layer, np.atleast_1d(e["routing_index"]))
        data_index = np.atleast_1d(e["data_index"])
        data = follow(struct["data"][0, 0], data_index)
        ranges = follow(struct["ranges"][0, 0][0, 0], data_index)
        expected = tensor_to_matlab(ours[ref].data, batched)
        np.testing.assert_array_equal(data, expected, err_msg=f"{case} {ref}")
        assert_parity(data.reshape(np.shape(e["data"])), e["data"], f"{case} {ref}")
        keys = _strings(struct["keys"][0, 0][0, 0])
        assert keys == list(np.atleast_1d(e["tensor_keys"])), f"{case} {ref}: keys {keys}"
        cell_keys = [k for level in struct["keys"][0, 0].ravel()[:0:-1] for k in _strings(level)]
        assert cell_keys == list(np.atleast_1d(e["cell_keys"])), f"{case} {ref}: {cell_keys}"
        ref_ranges = np.asarray(e["ranges"], float).reshape(3, -1, order="F")
        if "octave" in ours[ref].axes:
            # spiral quirk (spec §7 #13): the toolbox's chroma range starts at 2 ([2;1;9] on ψ
            # routes, [2;4;10] on φ routes); scatnet keeps [1;1;8] / [1;4;8]. Same valid counts.
            count = np.floor((ranges[2] - ranges[0] + 1) / ranges[1])
            ref_count = np.floor((ref_ranges[2] - ref_ranges[0] + 1) / ref_ranges[1])
            np.testing.assert_array_equal(count, ref_count, err_msg=f"{case} {ref}")
            ranges, ref_ranges = np.delete(ranges, 1, 1), np.delete(ref_ranges, 1, 1)
        np.testing.assert_array_equal(ranges, ref_ranges, err_msg=f"{case} {ref}")


def test_nested_level_ranges_and_u1(tmp_path):
    S, U = scattered("c09_order3")
    mat = scipy.io.loadmat(save_mat(tmp_path / "c09", S, U))
    s3, s4 = mat["S"][0, 2], mat["S"][0, 3]
    np.testing.assert_array_equal(s3["ranges"][0, 0][0, 1], [[5], [1], [8]])  # γ2 of S{3}
    np.testing.assert_array_equal(s4["ranges"][0, 0][0, 2], [[6], [1], [8]])  # γ3 of S{4}
    np.testing.assert_array_equal(follow(s4["ranges"][0, 0][0, 1], [2]), [[5], [1], [6]])
    assert s3["data"][0, 0].shape == (4, 1)  # cell(nEnabled_gammas, 1), as the toolbox
    ref = load_case("c01_plain")
    S1, U1 = scattered("c01_plain")
    u = scipy.io.loadmat(save_mat(tmp_path / "c01", S1, U1))["U"][0, 1]
    for e in ref["U1_paths"]:
        band = follow(u["data"][0, 0], np.atleast_1d(e["data_index"]))
        assert_parity(band.ravel(), e["data"], f"c01 {e['matlab_ref']}")


def test_joint_and_spiral_routing_cells(tmp_path):
    S, _ = scattered("c06_spiral")
    routing = scipy.io.loadmat(save_mat(tmp_path / "c06", S))["S"][0, 2]
    assert routing.shape == (3, 3, 3)
    filled = [i + 1 for i, v in enumerate(routing.ravel(order="F")) if v.size]
    assert filled == [1, 4, 10, 13]
    assert routing[0, 0, 0]["data"][0, 0][0, 0].shape == (3, 2)  # data{γ2}{γγ, jj}
    assert parse_matlab_ref("S{3}{13}.data{4}") == (3, 13, (4,))
    with pytest.raises(ValueError, match="not a MATLAB reference"):
        parse_matlab_ref("S[2][0]")


def test_flat_layout(tmp_path):
    S, _ = scattered("c08_multichannel")
    x = case_signal("c08_multichannel")
    mat = scipy.io.loadmat(save_mat(tmp_path / "flat.mat", S, layout="both", x=x,
                                    opts=case_opts("c08_multichannel")))
    F, paths = sc_format(S, layout="matlab")
    np.testing.assert_array_equal(mat["F"], F)
    assert mat["F"].shape == (759, 16)  # the reference's sc_format shape (features × time)
    np.testing.assert_array_equal(mat["S0"], S[0][0].data.T)
    np.testing.assert_array_equal(mat["x"], x.T)
    p = mat["paths"][0, 0]
    np.testing.assert_array_equal(p["gamma1"].ravel(), paths["gamma1"])
    assert [str(r[0]) for r in p["matlab_ref"].ravel()] == list(paths["matlab_ref"])
    assert opts_from_matlab(str(mat["opts_m"][0])) == case_opts("c08_multichannel")
    assert int(mat["scatnet"][0, 0]["n_signals"][0, 0]) == 3 and "S" in mat


def test_save_mat_errors(tmp_path):
    S, U = scattered("c01_plain")
    with pytest.raises(InputTypeError, match="S must be the S returned by sc_propagate"):
        save_mat(tmp_path / "a", U)
    with pytest.raises(InputTypeError, match="U must be the U"):
        save_mat(tmp_path / "a", S, S)
    with pytest.raises(InputError, match="layout='cells' is not one of"):
        save_mat(tmp_path / "a", S, layout="cells")
    with pytest.raises(InputError, match="U has batch shape"):
        save_mat(tmp_path / "a", S, scattered("c08_multichannel")[1])
    with pytest.raises(InputError, match=r"x must have shape \(N,\) or \(K, N\)"):
        save_mat(tmp_path / "a", S, x=np.zeros((2, 2, 2)))


OCTAVE = shutil.which("octave-cli") or shutil.which("octave")

#: Octave: rebuild sc_format(S) from the nested cells and their ranges (reference README §4.4:
#: cut each axis to floor((last − first + 1)/step), reshape column-major to (time, −1),
#: concatenate in cell order, transpose), compare it with F, and print a few indexed tensors.
OCTAVE_SCRIPT = r"""
1;
function blocks = walk(node, blocks)
  if iscell(node)
    for i = 1:numel(node); blocks = walk(node{i}, blocks); end
  elseif isstruct(node)
    blocks = walk_data(node.data, node.ranges{1}, blocks);
  end
end
function blocks = walk_data(d, r, blocks)
  if iscell(d)
    for i = 1:numel(d)
      if ~isempty(d{i}); blocks = walk_data(d{i}, r{i}, blocks); end
    end
  else
    n = floor((r(3, :) - r(1, :) + 1) ./ r(2, :));
    idx = arrayfun(@(k) 1:n(k), 1:numel(n), 'UniformOutput', false);
    t = d(idx{:});
    blocks{end + 1} = reshape(t, size(t, 1), []);
  end
end
for f = 1:numel(files)
  load(files{f});
  blocks = {};
  for m = 2:numel(S); blocks = walk(S{m}, blocks); end
  G = cat(2, blocks{:}).';
  printf('F %d %d %d %.17g\n', f, size(G, 1), size(G, 2), max(abs(G(:) - F(:))));
  for k = 1:numel(refs{f})
    v = eval(refs{f}{k});
    printf('R %d %d %s %.17g\n', f, k, sprintf('%d,', size(v)), sum(v(:)));
  end
end
y = [(1:4096)', (4096:-1:1)'];
save('-v7', signal_file, 'y');
"""


@pytest.mark.skipif(OCTAVE is None, reason="octave is not installed (optional tool: "
                    "apt-get install --no-install-recommends octave)")
def test_octave_reads_the_nested_layout(tmp_path):
    cases = ("c01_plain", "c08_multichannel", "c09_order3", "c05_joint", "c06_spiral")
    files, refs, expect = [], [], []
    for case in cases:
        S, U = scattered(case)
        U = U if case in ("c01_plain", "c08_multichannel") else None  # U of one plain case
        files.append(str(save_mat(tmp_path / case, S, U, layout="both")))
        tensors = [t for layer in list(S) + list(U or []) for t in layer][::5]
        refs.append([t.matlab_ref for t in tensors])
        expect.append([tensor_to_matlab(t.data, len(S.batch_shape) > 0) for t in tensors])
    cells = "{" + ", ".join(f"'{f}'" for f in files) + "}"
    ref_cells = "{" + ", ".join("{" + ", ".join(f"'{r}'" for r in rs) + "}" for rs in refs) + "}"
    script = tmp_path / "check.m"
    signal_file = tmp_path / "signal.mat"
    script.write_text(f"files = {cells};\nrefs = {ref_cells};\nsignal_file = '{signal_file}';\n"
                      + OCTAVE_SCRIPT)
    run = subprocess.run([OCTAVE, "--no-gui", "--quiet", "--norc", str(script)],
                         capture_output=True, text=True, timeout=120, check=False)
    lines = run.stdout.split("\n")
    assert run.returncode == 0, run.stderr[-2000:]
    for f, case in enumerate(cases, start=1):
        F, _ = sc_format(scattered(case)[0], layout="matlab")
        rows, cols, err = next(line.split()[2:] for line in lines if line.startswith(f"F {f} "))
        assert (int(rows), int(cols)) == F.shape and float(err) <= 1e-12 * np.abs(F).max(), case
        for k, (ref, arr) in enumerate(zip(refs[f - 1], expect[f - 1]), start=1):
            shape, total = next(line.split()[3:] for line in lines
                                if line.startswith(f"R {f} {k} "))
            dims = list(arr.shape)
            while len(dims) > 2 and dims[-1] == 1:
                dims.pop()
            assert shape == "".join(f"{n}," for n in dims), f"{case} {ref}: {shape}"
            assert np.isclose(float(total), arr.sum(), rtol=1e-12, atol=1e-300), f"{case} {ref}"
    assert load_signal(signal_file).shape == (2, 4096)
    np.testing.assert_array_equal(load_signal(signal_file)[1], np.arange(4096, 0, -1))


def _mat(tmp_path, **variables):
    path = tmp_path / "signal.mat"
    scipy.io.savemat(path, variables)
    return path


@pytest.mark.parametrize("shape, kwargs, expected", [
    ((4096, 1), {}, (4096,)), ((1, 4096), {}, (4096,)), ((4096, 3), {}, (3, 4096)),
    ((3, 4096), {}, (3, 4096)), ((4096, 1, 3), {}, (3, 4096)),
    ((100, 100), {"orientation": "columns"}, (100, 100)), ((100, 60), {"size": 60}, (100, 60)),
    ((100, 60), {"size": 100}, (60, 100)), ((100, 60), {"orientation": "rows"}, (100, 60)),
])
def test_load_signal_orientation(tmp_path, shape, kwargs, expected):
    a = np.arange(np.prod(shape), dtype=float).reshape(shape)
    x = load_signal(_mat(tmp_path, x=a), **kwargs)
    assert x.shape == expected and x.flags.c_contiguous and x.dtype == np.float64
    if len(shape) == 2 and 1 not in shape:
        transposed = kwargs.get("orientation") == "columns" or (
            "orientation" not in kwargs and x.shape != shape)
        np.testing.assert_array_equal(x, a.T if transposed else a)


def test_load_signal_dtypes_and_variables(tmp_path):
    assert load_signal(_mat(tmp_path, x=np.ones(64, np.float32))).dtype == np.float32
    assert load_signal(_mat(tmp_path, x=np.ones(64, np.int16))).dtype == np.float64
    path = _mat(tmp_path, x=np.ones(64), fs=44100.0, y=np.zeros((2, 64)))
    assert load_signal(path, variable="y").shape == (2, 64)
    S = scattered("c08_multichannel")[0]
    written = save_mat(tmp_path / "out", S, x=case_signal("c08_multichannel"))
    np.testing.assert_array_equal(load_signal(written, variable="x"),
                                  case_signal("c08_multichannel"))


@pytest.mark.parametrize("variables, kwargs, error, match", [
    ({"x": np.ones((100, 60))}, {}, InputError, r"shape \(100, 60\): time cannot be told"),
    ({"x": np.ones((64, 64))}, {"size": 64}, InputError, "both axes has size=64"),
    ({"x": np.ones((64, 32))}, {"size": 100}, InputError, "neither axis has size=100"),
    ({"x": np.ones(64), "y": np.ones(64)}, {}, InputError, "2 numeric non-scalar variables"),
    ({"x": np.ones(64)}, {"variable": "z"}, InputError, "has no variable 'z'"),
    ({"x": np.ones(64) * 1j}, {}, InputTypeError, "expected a real numeric array"),
    ({"x": np.ones((4, 4, 4))}, {}, InputError, r"shape \(4, 4, 4\)"),
    ({"x": np.ones(64)}, {"orientation": "time"}, InputError, "orientation='time' is not one"),
])
def test_load_signal_errors(tmp_path, variables, kwargs, error, match):
    with pytest.raises(error, match=match):
        load_signal(_mat(tmp_path, **variables), **kwargs)


def test_load_signal_missing_file_and_v73_without_h5py(tmp_path, monkeypatch):
    with pytest.raises(InputError, match="does not exist"):
        load_signal(tmp_path / "none.mat")
    path = _mat(tmp_path, x=np.ones(8))

    def v73(*args, **kwargs):
        raise NotImplementedError("Please use HDF reader for matlab v7.3 files")
    monkeypatch.setattr(scipy.io, "loadmat", v73)
    monkeypatch.setitem(__import__("sys").modules, "h5py", None)
    with pytest.raises(InputError, match=r"v7\.3 \(HDF5\).*h5py"):
        load_signal(path)


def test_name_table_covers_every_axis():
    axes = {a for case in NESTED_CASES for layer in scattered(case)[0] for t in layer
            for a in t.axes}
    assert axes <= set(AXIS_KEYS), axes - set(AXIS_KEYS)
