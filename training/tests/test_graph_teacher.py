"""The PyTorch rebuild of a deployed graph (consistent distillation, train.py --distill-mode consistent)."""
import json
import os
import re

import numpy as np
import pytest
import torch

onnx = pytest.importorskip("onnx", reason="python3-onnx absent")

from conftest import HAM, REPO  # noqa: E402
from skinlesion import fuse, graph_teacher, mobilenet  # noqa: E402
from skinlesion.model import DeployedModel, LesionNet, export_onnx, to_network_input, untrained  # noqa: E402
from skinlesion.trainer import (TrainConfig, TrainingState, adamw, class_weights, embedding_loss,  # noqa: E402
                                train_epoch)

MODELS = os.path.join(REPO, "models")


def _shipped_like(seed):
    """A member as the pipeline ships it: BN folded, weights rounded to fp16, BN statistics not trivial."""
    torch.manual_seed(seed)
    net = untrained().eval()
    with torch.no_grad():
        for m in net.modules():
            if isinstance(m, torch.nn.BatchNorm2d):
                m.running_mean.normal_(0, 0.1)
                m.running_var.uniform_(0.5, 2.0)
    return fuse.round_to_fp16(fuse.fold_batchnorm(net))


def test_the_rebuilt_teacher_gives_the_exported_graphs_logits(tmp_path):
    members = [_shipped_like(1), _shipped_like(2)]
    deployed = DeployedModel(members, views=1, temperature=1.3, size=96).eval()
    path = str(tmp_path / "two-members.onnx")
    export_onnx(deployed, path, 150, 200)
    fuse.store_initializers_as_fp16(path)

    teacher = graph_teacher.load(path, 96)
    images = torch.randint(0, 256, (3, 150, 200, 3), dtype=torch.uint8)
    with torch.no_grad():
        expected = deployed(images)[1]
        got = teacher(to_network_input(images, 96))
    assert len(teacher.members) == 2
    assert torch.allclose(got, expected, atol=1e-4)
    # The embedding the screening is fitted on: the graph's first member's pooled features.
    with torch.no_grad():
        _, embedding = teacher.logits_and_embedding(to_network_input(images, 96))
        assert torch.allclose(embedding, deployed(images)[2], atol=1e-4)
    # One member alone is not the ensemble: the check can tell members apart.
    with torch.no_grad():
        assert not torch.allclose(teacher.members[0](to_network_input(images, 96)), expected, atol=1e-2)


def test_a_graph_that_is_not_the_member_architecture_is_refused(tmp_path):
    class Tiny(torch.nn.Sequential):
        def __init__(self):
            super().__init__(torch.nn.Conv2d(3, 8, 3, stride=8, padding=1), torch.nn.ReLU6())

    path = str(tmp_path / "tiny.onnx")
    export_onnx(DeployedModel([LesionNet(Tiny(), feature_dim=8).eval()], views=1, temperature=1.0, size=32), path, 150, 200)
    with pytest.raises(SystemExit, match="1 Conv and 1 Gemm nodes"):
        graph_teacher.load(path, 32)


def test_the_shipped_graph_rebuilt_gives_its_reference_probabilities():
    images_tar = os.path.join(HAM, "images.tar.gz")
    if not os.path.exists(images_tar):
        pytest.skip("../shared/data/ham10000 absent")
    from skinlesion import data

    with open(os.path.join(MODELS, "skin-lesion-mobilenetv2.json")) as f:
        manifest = json.load(f)
    with open(os.path.join(MODELS, "reference-predictions.json")) as f:
        reference = json.load(f)["images"][:6]
    size = int(re.search(r"to (\d+)x\1", manifest["input"]["normalization"]).group(1))
    teacher = graph_teacher.load(os.path.join(MODELS, manifest["file"]), size)
    images = data.load_images(images_tar, [r["imageId"] for r in reference])
    with torch.no_grad():
        logits = teacher(to_network_input(torch.from_numpy(images), size))
    probabilities = torch.softmax(logits / manifest["calibration"]["temperature"], dim=1).numpy()
    assert np.abs(probabilities - np.array([r["probabilities"] for r in reference])).max() < 1e-4


def test_consistent_distillation_shows_the_teacher_its_size_and_the_student_its_own():
    seen = []

    class Teacher(torch.nn.Module):
        def forward(self, x):
            seen.append(tuple(x.shape[-2:]))
            return torch.zeros(x.shape[0], 7)

    saved = mobilenet.NETWORK_SIZE
    mobilenet.NETWORK_SIZE = 32
    try:
        cfg = TrainConfig(epochs=1, batch_size=4, distill_weight=0.7, distill_graph="unused.onnx", distill_graph_size=48)
        model = untrained()
        ema = untrained().eval()
        train_x = torch.randint(0, 256, (8, 150, 200, 3), dtype=torch.uint8)
        train_y = torch.arange(8) % 7
        gen = torch.Generator().manual_seed(0)
        state = TrainingState(model, ema, adamw(model, cfg), lambda step: 1e-4, class_weights(train_y, cfg),
                              np.random.default_rng(0), gen, teacher_net=Teacher())
        student_sizes = []
        model.features.register_forward_pre_hook(lambda _m, args: student_sizes.append(tuple(args[0].shape[-2:])))
        loss = train_epoch(state, train_x, train_y, cfg)
    finally:
        mobilenet.NETWORK_SIZE = saved
    assert seen == [(48, 48), (48, 48)] and student_sizes == [(32, 32), (32, 32)]
    assert np.isfinite(loss) and loss > 0


def test_each_teacher_view_shows_the_teacher_what_it_names(monkeypatch):
    from skinlesion import acquisition_augment

    # A stand-in white balance paints every image grey 100 and a stand-in grid paints it black (after the white balance),
    # so what the teacher saw shows which view it got: the student's batch is black, the unoccluded view grey, the clean
    # view the picture itself.
    monkeypatch.setattr(acquisition_augment, "white_balance", lambda x, _cfg, _gen: torch.full_like(x, 100.0))
    monkeypatch.setattr(acquisition_augment, "grid_lines", lambda x, _cfg, _gen: torch.zeros_like(x))

    def first_batch_the_teacher_saw(view):
        seen = []

        class Teacher(torch.nn.Module):
            def forward(self, x):
                seen.append(x.detach().clone())
                return torch.zeros(x.shape[0], 7)

        saved = mobilenet.NETWORK_SIZE
        mobilenet.NETWORK_SIZE = 32
        try:
            cfg = TrainConfig(epochs=1, batch_size=4, distill_weight=0.7, distill_graph="unused.onnx", distill_graph_size=32,
                              colour=0.0, mix_probability=0.0, distill_teacher_view=view)
            model, ema = untrained(), untrained().eval()
            train_x = torch.randint(1, 256, (4, 150, 200, 3), dtype=torch.uint8, generator=torch.Generator().manual_seed(1))
            state = TrainingState(model, ema, adamw(model, cfg), lambda step: 0.0, class_weights(torch.arange(4), cfg),
                                  np.random.default_rng(0), torch.Generator().manual_seed(0), teacher_net=Teacher())
            train_epoch(state, train_x, torch.arange(4), cfg)
        finally:
            mobilenet.NETWORK_SIZE = saved
        return seen[0][:, 0]

    def flat(level):
        return torch.full((4, 32, 32), float(mobilenet.normalise(torch.full((1, 3, 1, 1), level))[0, 0, 0, 0]))

    assert torch.allclose(first_batch_the_teacher_saw("same"), flat(0.0))
    assert torch.allclose(first_batch_the_teacher_saw("unoccluded"), flat(100.0))
    clean = first_batch_the_teacher_saw("clean")
    assert not torch.isclose(clean, flat(0.0)).all() and not torch.isclose(clean, flat(100.0)).all()


def test_a_teacher_view_needs_a_consistent_teacher():
    from skinlesion import pipeline

    for view in ("clean", "unoccluded"):
        with pytest.raises(SystemExit, match=f"--distill-teacher-view {view} needs"):
            pipeline.main(["--data", "x", "--weights", "y", "--out", "z", "--distill-teacher-view", view])


def test_the_embedding_term_is_relative_to_the_teachers_embedding():
    teacher = torch.rand(4, 1280) * 6
    assert float(embedding_loss(teacher, teacher)) == 0.0
    assert abs(float(embedding_loss(torch.zeros_like(teacher), teacher)) - 1.0) < 1e-6
    assert abs(float(embedding_loss(teacher * 3, teacher * 3)) - 0.0) < 1e-6
    assert abs(float(embedding_loss(teacher * 0.5, teacher)) - 0.25) < 1e-6


def test_the_embedding_term_adds_to_the_loss_only_when_weighed():
    class Teacher(torch.nn.Module):
        def forward(self, x):
            return self.logits_and_embedding(x)[0]

        def logits_and_embedding(self, x):
            return torch.zeros(x.shape[0], 7), torch.full((x.shape[0], 1280), 5.0)

    def loss_with(weight):
        saved = mobilenet.NETWORK_SIZE
        mobilenet.NETWORK_SIZE = 32
        try:
            cfg = TrainConfig(epochs=1, batch_size=4, distill_weight=0.7, distill_graph="unused.onnx", distill_graph_size=32,
                              distill_embedding=weight)
            torch.manual_seed(0)
            model, ema = untrained(), untrained().eval()
            train_x = torch.randint(0, 256, (4, 150, 200, 3), dtype=torch.uint8, generator=torch.Generator().manual_seed(1))
            state = TrainingState(model, ema, adamw(model, cfg), lambda step: 0.0, class_weights(torch.arange(4), cfg),
                                  np.random.default_rng(0), torch.Generator().manual_seed(0), teacher_net=Teacher())
            return train_epoch(state, train_x, torch.arange(4), cfg)
        finally:
            mobilenet.NETWORK_SIZE = saved

    without, weighed = loss_with(0.0), loss_with(2.0)
    # An untrained student's pooled features are far from the teacher's 5.0, so the term is about 2 x 1.
    assert 1.0 < weighed - without < 2.1


def test_the_embedding_term_needs_a_consistent_teacher():
    from skinlesion import pipeline

    with pytest.raises(SystemExit, match="--distill-embedding needs"):
        pipeline.main(["--data", "x", "--weights", "y", "--out", "z", "--distill-embedding", "1.0"])


def test_out_is_required_when_the_run_exports():
    from skinlesion import pipeline

    with pytest.raises(SystemExit, match="--out is required"):
        pipeline.main(["--data", "x", "--weights", "y"])


def test_out_is_optional_for_a_train_only_run(monkeypatch):
    from skinlesion import pipeline

    # The run gets past the argument checks and into start(); stopping it there proves --out was not asked for.
    def stop(args):
        assert args.out is None and args.train_only == "0,1"
        raise RuntimeError("reached start")

    monkeypatch.setattr(pipeline, "start", stop)
    with pytest.raises(RuntimeError, match="reached start"):
        pipeline.main(["--data", "x", "--weights", "y", "--train-only", "0,1"])
