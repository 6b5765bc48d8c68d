"""Fine-tuning one ensemble member on GPU-resident uint8 images."""
from __future__ import annotations

import copy
import math
import time
from dataclasses import dataclass, field
from typing import Callable, Dict, List

import numpy as np
import torch
import torch.nn.functional as F

from . import acquisition_augment, graph_teacher, metrics, mobilenet
from .acquisition_augment import AcquisitionConfig
from .model import LesionNet, dihedral_views, from_imagenet, shades_of_gray, to_network_input


@dataclass
class TrainConfig:
    epochs: int = 40
    batch_size: int = 128
    lr: float = 1e-3
    weight_decay: float = 0.05
    warmup_epochs: float = 1.0
    ema_decay: float = 0.997
    mix_probability: float = 0.6
    mixup_alpha: float = 0.4
    cutmix_alpha: float = 1.0
    rotation: bool = True
    scale_range: tuple = (0.85, 1.2)
    translate: float = 0.08
    colour: float = 0.15
    dropout: float = 0.2
    bn_recalibration_images: int = 2048
    # Loss weight of class c is proportional to frequency(c)^-power (0: plain cross-entropy).
    class_weight_power: float = 0.0
    # How other clinics' equipment renders a lesion (acquisition_augment.py); AcquisitionConfig.off() for model 1's recipe.
    acquisition: AcquisitionConfig = field(default_factory=AcquisitionConfig)
    # Shades of Gray colour constancy at the network's input (model.shades_of_gray), in training and in the graph.
    colour_constancy: bool = False
    # Knowledge distillation (train.py --distill-from): the loss is (1 - w) x cross-entropy + w x T^2 x KL(teacher || student)
    # at temperature T. The teacher's logits are either those of the un-augmented training image (fixed, computed once)
    # or, with distill_graph set (--distill-mode consistent), the graph's own on each augmented and mixed batch, which
    # it sees at distill_graph_size before the batch is resized to the student's size.
    distill_weight: float = 0.0
    distill_temperature: float = 2.0
    distill_graph: str | None = None
    distill_graph_size: int = 224
    # With distill_graph: weight of the embedding term, the student's pooled features against the teacher's first
    # member's (the graph's `embedding` output, on which the screening is fitted), squared error relative to the
    # teacher's mean square. Keeps the space the screening head and the OOD distances live in (ADR 0026).
    distill_embedding: float = 0.0
    # With distill_graph: what the teacher is shown of each batch (train.py --distill-teacher-view; ADR 0029). "same": the
    # student's batch. "clean": the same crops, turns, flips and mixing without the acquisition renderings and the colour
    # jitter, so its answer for the lesion as HAM10000's equipment showed it is the target for the rendered view.
    # "unoccluded": the student's batch without what hides the lesion (hair, grid, frame), light and colour kept.
    distill_teacher_view: str = "same"


@dataclass
class MemberResult:
    seed: int
    state: Dict[str, torch.Tensor]
    best_epoch: int
    history: List[dict] = field(default_factory=list)
    seconds: float = 0.0


TEACHER_VIEWS = ("same", "clean", "unoccluded")


def augment(images: torch.Tensor, cfg: TrainConfig, gen: torch.Generator, size: int | None = None, teacher_view: str = "same"):
    """uint8 NHWC -> normalised float at ``size`` (default: the network's) with random rotation, flip, scale, shift,
    acquisition renderings and colour. For a teacher view other than "same" (TrainConfig.distill_teacher_view), a pair:
    that batch and the teacher's view of it. The batch and the generator's state afterwards do not depend on the view."""
    if teacher_view not in TEACHER_VIEWS:
        raise ValueError(f"teacher view {teacher_view!r}: one of {', '.join(TEACHER_VIEWS)}")
    x = images.permute(0, 3, 1, 2).float()
    b = x.shape[0]
    dev = x.device

    def uniform(lo, hi):
        return torch.rand(b, device=dev, generator=gen) * (hi - lo) + lo

    angle = uniform(0, 2 * math.pi) if cfg.rotation else torch.zeros(b, device=dev)
    scale = 1.0 / uniform(*cfg.scale_range)  # >1 zooms in
    flip = torch.where(torch.rand(b, device=dev, generator=gen) < 0.5, -1.0, 1.0)
    cos, sin = torch.cos(angle) * scale, torch.sin(angle) * scale
    theta = torch.stack(
        [
            torch.stack([cos * flip, -sin, uniform(-cfg.translate, cfg.translate)], dim=1),
            torch.stack([sin * flip, cos, uniform(-cfg.translate, cfg.translate)], dim=1),
        ],
        dim=1,
    )
    size = mobilenet.NETWORK_SIZE if size is None else size
    grid = F.affine_grid(theta, [b, 3, size, size], align_corners=False)
    x = F.grid_sample(x, grid, mode="bilinear", padding_mode="reflection", align_corners=False)
    reference = x
    if teacher_view == "unoccluded":
        # Two passes from one generator state draw the same renderings; the second lays none of the occluders.
        state = gen.get_state()
        x = acquisition_augment.apply(reference, cfg.acquisition, gen)
        after = gen.get_state()
        gen.set_state(state)
        reference = acquisition_augment.apply(reference, cfg.acquisition, gen, occluders=False)
        gen.set_state(after)
    else:
        x = acquisition_augment.apply(x, cfg.acquisition, gen)
    if cfg.colour_constancy:
        x = shades_of_gray(x)
        if teacher_view != "same":
            reference = shades_of_gray(reference)
    c = cfg.colour
    brightness = uniform(1 - c, 1 + c)[:, None, None, None]
    contrast = uniform(1 - c, 1 + c)[:, None, None, None]
    saturation = uniform(1 - c, 1 + c)[:, None, None, None]

    def jitter(t):
        grey = t.mean(dim=1, keepdim=True)
        t = grey + (t - grey) * saturation
        mean = t.mean(dim=(1, 2, 3), keepdim=True)
        t = (t - mean) * contrast + mean
        return (t * brightness).clamp(0, 255)

    x = jitter(x)
    if teacher_view == "same":
        return mobilenet.normalise(x)
    # The clean view has neither renderings nor jitter; the unoccluded one has the same light and colour as the batch.
    reference = reference.clamp(0, 255) if teacher_view == "clean" else jitter(reference)
    return mobilenet.normalise(x), mobilenet.normalise(reference)


def mix(x: torch.Tensor, y: torch.Tensor, cfg: TrainConfig, rng: np.random.Generator, companion: torch.Tensor | None = None):
    """Mixup or CutMix on a batch; returns inputs, both targets, the first target's weight, the permutation that gave the
    second (None when the batch was not mixed) and ``companion`` (another view of the same batch, e.g. a clean teacher's)
    mixed exactly as the inputs were."""
    if rng.random() >= cfg.mix_probability:
        return x, y, y, 1.0, None, companion
    perm = torch.from_numpy(rng.permutation(x.shape[0])).to(x.device)
    if rng.random() < 0.5:
        lam = float(rng.beta(cfg.mixup_alpha, cfg.mixup_alpha))

        def blend(t):
            return None if t is None else lam * t + (1 - lam) * t[perm]

        return blend(x), y, y[perm], lam, perm, blend(companion)
    lam = float(rng.beta(cfg.cutmix_alpha, cfg.cutmix_alpha))
    h, w = x.shape[2], x.shape[3]
    ch, cw = int(h * math.sqrt(1 - lam)), int(w * math.sqrt(1 - lam))
    cy, cx = int(rng.integers(0, h)), int(rng.integers(0, w))
    y0, y1 = max(cy - ch // 2, 0), min(cy + ch // 2, h)
    x0, x1 = max(cx - cw // 2, 0), min(cx + cw // 2, w)

    def paste(t):
        if t is None:
            return None
        t = t.clone()
        t[:, :, y0:y1, x0:x1] = t[perm, :, y0:y1, x0:x1]
        return t

    lam = 1 - (y1 - y0) * (x1 - x0) / (h * w)
    return paste(x), y, y[perm], lam, perm, paste(companion)


@torch.no_grad()
def predict_logits(model: LesionNet, images: torch.Tensor, views: int = 1, batch: int = 256) -> np.ndarray:
    """[views, N, classes] float32 logits of the deployed preprocessing, in fp32."""
    model.eval()
    out = []
    for i in range(0, images.shape[0], batch):
        x = to_network_input(images[i : i + batch], colour_constancy=model.colour_constancy)
        out.append(torch.stack([model(v) for v in dihedral_views(x, views)]).float().cpu())
    return torch.cat(out, dim=1).numpy()


def imagenet_start(weights: str, train_x: torch.Tensor, cfg: TrainConfig, rng: np.random.Generator) -> LesionNet:
    """The ImageNet network with real BN statistics of training images before BN trains
    (see mobilenet.recalibrate_batchnorm), in channels-last layout."""
    device = train_x.device
    model = from_imagenet(weights, dropout=cfg.dropout, colour_constancy=cfg.colour_constancy).to(device)
    pick = torch.from_numpy(rng.choice(train_x.shape[0], min(cfg.bn_recalibration_images, train_x.shape[0]), replace=False)).to(device)
    mobilenet.recalibrate_batchnorm(model.features, (to_network_input(train_x[pick[i : i + 256]], colour_constancy=cfg.colour_constancy) for i in range(0, len(pick), 256)))
    return model.to(memory_format=torch.channels_last)


def adamw(model: LesionNet, cfg: TrainConfig) -> torch.optim.AdamW:
    """AdamW with weight decay on the weight matrices and kernels only (not on biases or BN parameters)."""
    decay, no_decay = [], []
    for name, p in model.named_parameters():
        (no_decay if p.ndim <= 1 else decay).append(p)
    return torch.optim.AdamW(
        [{"params": decay, "weight_decay": cfg.weight_decay}, {"params": no_decay, "weight_decay": 0.0}], lr=cfg.lr
    )


def warmup_cosine(cfg: TrainConfig, steps_per_epoch: int):
    """The learning rate of each step: linear warm-up, then cosine decay to zero at the last step."""
    total = steps_per_epoch * cfg.epochs
    warmup = int(steps_per_epoch * cfg.warmup_epochs)

    def lr_at(step):
        if step < warmup:
            return cfg.lr * (step + 1) / warmup
        return cfg.lr * 0.5 * (1 + math.cos(math.pi * (step - warmup) / max(total - warmup, 1)))

    return lr_at


def class_weights(train_y: torch.Tensor, cfg: TrainConfig) -> torch.Tensor:
    frequency = torch.bincount(train_y, minlength=int(train_y.max()) + 1).float() / len(train_y)
    class_weight = frequency.pow(-cfg.class_weight_power)
    return class_weight / (frequency * class_weight).sum()  # mean weight over the data is 1


@torch.no_grad()
def update_ema(ema: LesionNet, model: LesionNet, step: int, decay: float) -> None:
    """Moves the average towards the model; the decay ramps up over the first steps, and buffers are copied."""
    d = min(decay, (1 + step) / (10 + step))
    if hasattr(torch, "_foreach_lerp_"):
        torch._foreach_lerp_(list(ema.parameters()), list(model.parameters()), 1 - d)
    else:  # torch < 2.0 (Debian's 1.13)
        for pe, pm in zip(ema.parameters(), model.parameters()):
            pe.lerp_(pm, 1 - d)
    for be, bm in zip(ema.buffers(), model.buffers()):
        be.copy_(bm)


@dataclass
class TrainingState:
    """What one member's training steps share: the model, its average, the optimiser, the schedule and the
    random sources, and the number of steps taken so far."""
    model: LesionNet
    ema: LesionNet
    optimiser: torch.optim.Optimizer
    lr_at: Callable[[int], float]
    class_weight: torch.Tensor
    rng: np.random.Generator
    gen: torch.Generator
    step: int = 0
    teacher_logits: torch.Tensor | None = None  # [N, classes] of the training images, for distillation
    teacher_net: torch.nn.Module | None = None  # consistent distillation: the teacher sees every augmented batch


def train_epoch(training: TrainingState, train_x: torch.Tensor, train_y: torch.Tensor, cfg: TrainConfig) -> float:
    """One pass over the training images in a random order; returns the mean training loss."""
    device = train_x.device
    use_amp = device.type == "cuda"
    training.model.train()
    order = torch.from_numpy(training.rng.permutation(train_x.shape[0])).to(device)
    loss_sum, seen = torch.zeros((), device=device), 0
    for i in range(0, len(order), cfg.batch_size):
        idx = order[i : i + cfg.batch_size]
        if len(idx) < 2:
            continue
        teacher_net = training.teacher_net
        size = None if teacher_net is None else cfg.distill_graph_size
        view = "same" if teacher_net is None else cfg.distill_teacher_view
        augmented = augment(train_x[idx], cfg, training.gen, size, teacher_view=view)
        x, reference = (augmented, None) if view == "same" else augmented
        y = train_y[idx]
        x, ya, yb, lam, perm, reference = mix(x, y, cfg, training.rng, reference)
        taught = taught_embedding = None
        if teacher_net is not None:
            shown = (x if reference is None else reference).contiguous(memory_format=torch.channels_last)
            with torch.no_grad(), torch.autocast(device_type=device.type, dtype=torch.bfloat16, enabled=use_amp):
                if cfg.distill_embedding > 0:
                    taught, taught_embedding = teacher_net.logits_and_embedding(shown)
                    taught_embedding = taught_embedding.float()
                else:
                    taught = teacher_net(shown)
                taught = taught.float()
            if x.shape[-1] != mobilenet.NETWORK_SIZE:
                x = F.interpolate(x, size=(mobilenet.NETWORK_SIZE, mobilenet.NETWORK_SIZE), mode="bilinear",
                                  align_corners=False, antialias=True)
        x = x.contiguous(memory_format=torch.channels_last)
        for group in training.optimiser.param_groups:
            group["lr"] = training.lr_at(training.step)
        with torch.autocast(device_type=device.type, dtype=torch.bfloat16, enabled=use_amp):
            pooled = training.model.embed(x)
            out = training.model.classify(pooled)
        out = out.float()
        loss = (lam * training.class_weight[ya] * F.cross_entropy(out, ya, reduction="none")
                + (1 - lam) * training.class_weight[yb] * F.cross_entropy(out, yb, reduction="none")).mean()
        if taught is not None and cfg.distill_weight > 0:
            # The teacher saw the mixed batch itself, so its logits are already the mixed target.
            loss = (1 - cfg.distill_weight) * loss + cfg.distill_weight * distillation_loss(
                out, taught, taught, 1.0, cfg.distill_temperature)
        if taught_embedding is not None:
            loss = loss + cfg.distill_embedding * embedding_loss(pooled.float(), taught_embedding)
        elif training.teacher_logits is not None and cfg.distill_weight > 0:
            teacher = training.teacher_logits[idx]
            loss = (1 - cfg.distill_weight) * loss + cfg.distill_weight * distillation_loss(
                out, teacher, teacher if perm is None else teacher[perm], lam, cfg.distill_temperature)
        training.optimiser.zero_grad(set_to_none=True)
        loss.backward()
        training.optimiser.step()
        training.step += 1
        update_ema(training.ema, training.model, training.step, cfg.ema_decay)
        loss_sum += loss.detach() * len(idx)
        seen += len(idx)
    return float(loss_sum) / max(seen, 1)


def distillation_loss(student: torch.Tensor, teacher_a: torch.Tensor, teacher_b: torch.Tensor, lam: float, temperature: float) -> torch.Tensor:
    """T^2 x KL(teacher || student) at temperature T, the two teachers of a mixed batch weighed as its labels are."""
    log_student = F.log_softmax(student / temperature, dim=1)
    target = lam * F.softmax(teacher_a / temperature, dim=1) + (1 - lam) * F.softmax(teacher_b / temperature, dim=1)
    return F.kl_div(log_student, target, reduction="batchmean") * temperature ** 2


def embedding_loss(student: torch.Tensor, teacher: torch.Tensor) -> torch.Tensor:
    """Squared error of the pooled features relative to the teacher's mean square (0: the same embedding; 1: as far as
    an embedding of zeros)."""
    return ((student - teacher) ** 2).mean() / (teacher ** 2).mean().clamp(min=1e-6)


def validation_figures(ema: LesionNet, val_x: torch.Tensor, val_y: np.ndarray, epoch: int, train_loss: float, started: float) -> dict:
    probs = metrics.softmax(predict_logits(ema, val_x)[0])
    return {
        "epoch": epoch + 1,
        "trainLoss": round(train_loss, 5),
        "valLoss": round(metrics.nll(val_y, probs), 5),
        "valBalancedAccuracy": round(metrics.balanced_accuracy(val_y, probs.argmax(1), probs.shape[1]), 5),
        "valMacroAuc": round(metrics.macro_auc(val_y, probs), 5),
        "seconds": round(time.time() - started, 1),
    }


def train_member(
    weights: str,
    train_x: torch.Tensor,
    train_y: torch.Tensor,
    val_x: torch.Tensor,
    val_y: np.ndarray,
    seed: int,
    cfg: TrainConfig,
    log=print,
    teacher_logits: torch.Tensor | None = None,
) -> MemberResult:
    device = train_x.device
    torch.manual_seed(seed)
    rng = np.random.default_rng(seed)
    gen = torch.Generator(device=device)
    gen.manual_seed(seed)
    started = time.time()

    model = imagenet_start(weights, train_x, cfg, rng)
    optimiser = adamw(model, cfg)
    lr_at = warmup_cosine(cfg, math.ceil(train_x.shape[0] / cfg.batch_size))
    ema = copy.deepcopy(model).eval()
    for p in ema.parameters():
        p.requires_grad_(False)
    teacher_net = None
    if cfg.distill_graph:
        teacher_net = graph_teacher.load(cfg.distill_graph, cfg.distill_graph_size).to(device).to(memory_format=torch.channels_last)
    training = TrainingState(model, ema, optimiser, lr_at, class_weights(train_y, cfg), rng, gen, teacher_logits=teacher_logits,
                             teacher_net=teacher_net)
    history: List[dict] = []
    best_auc, best_state, best_epoch = -1.0, None, -1
    for epoch in range(cfg.epochs):
        val = validation_figures(ema, val_x, val_y, epoch, train_epoch(training, train_x, train_y, cfg), started)
        history.append(val)
        log(f"  seed {seed} epoch {epoch + 1:2d}/{cfg.epochs} loss {val['trainLoss']:.4f} val loss {val['valLoss']:.4f} "
            f"bal acc {val['valBalancedAccuracy']:.4f} macro AUC {val['valMacroAuc']:.4f} ({val['seconds']:.0f} s)")
        # The checkpoint is chosen on validation: the EMA weights of the best macro-AUC epoch.
        if val["valMacroAuc"] > best_auc:
            best_auc, best_epoch = val["valMacroAuc"], epoch + 1
            best_state = {k: v.detach().clone() for k, v in ema.state_dict().items()}

    return MemberResult(seed, best_state, best_epoch, history, time.time() - started)
