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
        _, ya, yb, lam, perm = mix(x, y, cfg, np.random.default_rng(seed))
        assert torch.equal(ya, y) and perm is not None and torch.equal(yb, y[perm]) and 0 <= lam <= 1
    _, ya, yb, lam, perm = mix(x, y, TrainConfig(mix_probability=0.0), np.random.default_rng(0))
    assert perm is None and lam == 1.0 and torch.equal(yb, y)
