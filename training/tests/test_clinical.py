"""The clinical fields' encoding, the fusion's fitting and its graph's contract."""
import numpy as np
import pytest
import torch

from skinlesion import clinical, clinical_fusion
from skinlesion.clinical_fusion import Cases


def test_ham10000_values_map_to_the_api_lists_and_unknown_is_not_given():
    assert clinical.site_index("lower extremity") == clinical.SITES.index("lower-extremity") + 1
    assert clinical.site_index("unknown") == 0 and clinical.site_index("") == 0
    assert clinical.sex_index("Female") == 1 and clinical.sex_index("male") == 2 and clinical.sex_index("unknown") == 0
    assert clinical.age_value("45.0") == 45.0 and clinical.age_value("unknown") == -1.0 and clinical.age_value("130") == -1.0


def test_a_field_not_given_contributes_only_its_not_given_entries():
    model = clinical.ClinicalFusion()
    features = model.encode(torch.tensor([50.0, -1.0]), torch.tensor([2, 0]), torch.tensor([3, 0]))
    given, missing = features[0], features[1]
    assert given[:3].tolist() == pytest.approx([0.5, 0.25, 0.0])
    assert missing[:3].tolist() == [0.0, 0.0, 1.0]
    assert missing[3] == 1 and missing[3 + len(clinical.SEXES) + 1] == 1 and float(missing.sum()) == 3.0


def test_fit_learns_a_field_that_carries_the_diagnosis_and_the_masking_keeps_image_only_sane():
    # Two classes told apart by sex only; the image is uninformative. The fitted fusion must use sex, and with sex
    # not given fall back to the base rate.
    rng = np.random.default_rng(0)
    n = 400
    sex = rng.integers(1, 3, n)
    y = np.where(sex == 2, clinical_fusion.INDEX["mel"], clinical_fusion.INDEX["nv"])
    probabilities = np.full((n, 7), 1 / 7, np.float32)
    cases = Cases(probabilities, {"age": np.full(n, -1, np.float32), "sex": sex.astype(np.int64), "site": np.zeros(n, np.int64)},
                  y, [str(i) for i in range(n)])
    model = clinical_fusion.fit(cases, l2=1e-3)
    with_sex = clinical_fusion.predict(model, probabilities, cases.fields)
    assert (with_sex.argmax(1) == y).mean() > 0.99
    without = clinical_fusion.predict(model, probabilities, cases.only(()))
    assert without[0, clinical_fusion.INDEX["mel"]] == pytest.approx(0.5, abs=0.1)


def test_folds_keep_a_lesion_in_one_fold():
    groups = ["a", "a", "b", "c", "c", "c", "d"]
    folds = clinical_fusion.folds(groups, 3, seed=1)
    assert sorted(np.concatenate(folds).tolist()) == list(range(7))
    for fold in folds:
        lesions = {groups[i] for i in fold}
        assert all(groups[i] in lesions for i in range(7) if groups[i] in lesions) and all(
            i in fold for i in range(7) if groups[i] in lesions)


def test_fusion_graph_declares_its_inputs_and_outputs(tmp_path):
    onnx = pytest.importorskip("onnx", reason="python3-onnx absent")
    path = str(tmp_path / "fusion.onnx")
    clinical.export_onnx(clinical.ClinicalFusion(), path)
    graph = onnx.load(path).graph
    assert [i.name for i in graph.input] == clinical.INPUT_NAMES
    assert [o.name for o in graph.output] == clinical.OUTPUT_NAMES
    types = {i.name: i.type.tensor_type.elem_type for i in graph.input}
    assert types == {"image_probabilities": onnx.TensorProto.FLOAT, "age": onnx.TensorProto.FLOAT,
                     "sex": onnx.TensorProto.INT64, "site": onnx.TensorProto.INT64}
