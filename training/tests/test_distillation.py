"""Knowledge distillation's loss and the mixing it follows (train.py --distill-from)."""
import numpy as np
import pytest
import torch

from skinlesion.trainer import TrainConfig, distillation_loss, mix


def test_distillation_loss_is_zero_when_the_student_matches_the_teacher_and_grows_with_disagreement():
    teacher = torch.tensor([[2.0, 0.0, -1.0], [0.5, 0.5, 3.0]])
    assert float(distillation_loss(teacher.clone(), teacher, teacher, 1.0, 2.0)) == pytest.approx(0.0, abs=1e-6)
    near = float(distillation_loss(teacher + torch.tensor([0.3, 0.0, 0.0]), teacher, teacher, 1.0, 2.0))
    far = float(distillation_loss(teacher.flip(1), teacher, teacher, 1.0, 2.0))
    assert 0 < near < far


def test_a_mixed_batch_is_distilled_towards_the_mixed_teachers():
    a = torch.tensor([[4.0, 0.0]])
    b = torch.tensor([[0.0, 4.0]])
    # Halfway between two confident teachers the target is uniform, which equal student logits meet exactly.
    assert float(distillation_loss(torch.zeros(1, 2), a, b, 0.5, 1.0)) == pytest.approx(0.0, abs=1e-6)
    assert float(distillation_loss(torch.zeros(1, 2), a, b, 0.9, 1.0)) > 0.1


def test_mix_returns_the_permutation_that_gave_the_second_targets():
    x = torch.arange(8, dtype=torch.float32).view(8, 1, 1, 1).expand(8, 3, 4, 4).contiguous()
    y = torch.arange(8)
    cfg = TrainConfig(mix_probability=1.0)
    for seed in range(6):
        _, ya, yb, lam, perm, _ = mix(x, y, cfg, np.random.default_rng(seed))
        assert torch.equal(ya, y) and perm is not None and torch.equal(yb, y[perm]) and 0 <= lam <= 1
    _, ya, yb, lam, perm, _ = mix(x, y, TrainConfig(mix_probability=0.0), np.random.default_rng(0))
    assert perm is None and lam == 1.0 and torch.equal(yb, y)


def test_a_companion_view_is_mixed_exactly_as_the_batch_is():
    x = torch.rand(8, 3, 16, 16, generator=torch.Generator().manual_seed(0))
    y = torch.arange(8)
    cfg = TrainConfig(mix_probability=1.0)
    kinds = set()
    for seed in range(12):
        mixed, _, _, lam, _, companion = mix(x, y, cfg, np.random.default_rng(seed), companion=x * 2)
        assert torch.allclose(companion, mixed * 2)
        kinds.add("cutmix" if bool((mixed == x).any()) else "mixup")
    # Both kinds of mixing were drawn, so both kept the companion aligned.
    assert kinds == {"cutmix", "mixup"}
    # The random draws do not depend on whether a companion is given: runs without one are reproduced exactly.
    alone = mix(x, y, cfg, np.random.default_rng(3))
    paired = mix(x, y, cfg, np.random.default_rng(3), companion=x)
    assert torch.equal(alone[0], paired[0]) and alone[3] == paired[3] and alone[5] is None


def test_teacher_logits_are_computed_once_and_reused_from_the_work_folder(tmp_path, monkeypatch):
    from skinlesion import onnxcheck, pipeline

    calls = []

    def fake_run(path, images, threads, batch):
        calls.append(len(images))
        return {"logits": np.arange(len(images) * 2, dtype=np.float64).reshape(len(images), 2)}

    # The teacher graph is a true boundary here (onnxruntime is not installed on every machine that runs these tests).
    monkeypatch.setattr(onnxcheck, "run", fake_run)
    graph = tmp_path / "teacher.onnx"
    graph.write_bytes(b"graph-a")
    images = np.zeros((3, 2, 2, 3), np.uint8)
    log = pipeline.Log(str(tmp_path / "log.txt"))
    first = pipeline.teacher_logits(str(graph), images, str(tmp_path / "work"), log)
    again = pipeline.teacher_logits(str(graph), images, str(tmp_path / "work"), log)
    assert calls == [3] and first.dtype == np.float32 and np.array_equal(first, again)
    # Another graph or other images are another cache entry.
    graph.write_bytes(b"graph-b")
    pipeline.teacher_logits(str(graph), images, str(tmp_path / "work"), log)
    pipeline.teacher_logits(str(graph), images + 1, str(tmp_path / "work"), log)
    assert calls == [3, 3, 3]


def test_max_views_keeps_every_candidate_at_or_below_the_cap():
    from skinlesion.selection import ensemble_candidates

    rng = np.random.default_rng(0)
    yv = np.tile(np.arange(7), 6)
    logits = rng.normal(size=(2, 8, len(yv), 7)) + np.eye(7)[yv] * 2
    per_view = {1: 1.0, 2: 2.0, 4: 4.0, 8: 8.0}
    capped = ensemble_candidates(logits, yv, np.full(7, 1 / 7), per_view, max_members=2, budget_ms=100, max_views=1)
    assert {c["views"] for c in capped} == {1} and len(capped) == 3
    free = ensemble_candidates(logits, yv, np.full(7, 1 / 7), per_view, max_members=2, budget_ms=100)
    assert {c["views"] for c in free} == {1, 2, 4, 8}


def test_the_card_says_which_view_of_the_batch_the_teacher_saw():
    from skinlesion.card import _distillation

    base = {"sha256": "f" * 64, "mode": "consistent", "weight": 0.7, "temperature": 2.0, "teacherNetworkSize": 224,
            "teacher": "skin-lesion-mobilenetv2 2.0.0"}
    same = _distillation({"distillation": base})[0]
    clean = _distillation({"distillation": {**base, "view": "clean: the batch before the acquisition renderings and colour jitter"}})[0]
    assert "saw every augmented and mixed batch the student saw" in same
    assert "`clean` view (the batch before the acquisition renderings and colour jitter)" in clean
    assert "saw every augmented" not in clean
