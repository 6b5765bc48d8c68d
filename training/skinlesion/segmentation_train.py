"""Training the lesion segmenter on the HAM10000 masks (same lesion-grouped split as the classifier).

The augmentation moves image and mask together (rotation, flip, zoom in and out with skin around the lesion,
other aspect ratios), then renders the image as other clinics' equipment would (acquisition_augment: hair,
illumination fall-off, white balance, printed grids, blur and sharpening, black borders and circular fields),
so the outline travels as far as the classifier does. The checkpoint (EMA weights) and the probability
threshold are chosen on validation; the test split is scored once, for the report.
"""
from __future__ import annotations

import copy
import math
import time
from dataclasses import dataclass, field, replace
from typing import Callable, Dict, List, Tuple

import numpy as np
import torch
import torch.nn.functional as F

from . import acquisition_augment, metrics, mobilenet
from .acquisition_augment import AcquisitionConfig
from .segmentation_model import NETWORK_HW, DeployedSegmenter, LesionSegmenter, from_imagenet, to_network_input
from .trainer import adamw, update_ema, warmup_cosine


@dataclass
class SegmentationConfig:
    epochs: int = 60
    batch_size: int = 64
    lr: float = 1e-3
    weight_decay: float = 0.01
    warmup_epochs: float = 1.0
    ema_decay: float = 0.998
    scale_range: Tuple[float, float] = (0.55, 1.35)  # <1: lesion smaller in the frame, skin around it
    aspect_range: Tuple[float, float] = (0.8, 1.25)
    translate: float = 0.15
    colour: float = 0.15
    dice_weight: float = 1.0
    bn_recalibration_images: int = 1024
    # The classifier's acquisition renderings, without its own zoom and aspect changes (done above, mask and all).
    acquisition: AcquisitionConfig = field(default_factory=lambda: replace(AcquisitionConfig(), zoom_out=0, aspect=0))


def augment(images: torch.Tensor, masks: torch.Tensor, cfg: SegmentationConfig, gen: torch.Generator):
    """uint8 NHWC images and bool NHW masks -> normalised float [N,3,h,w] and float masks [N,1,h,w]."""
    x = images.permute(0, 3, 1, 2).float()
    m = masks[:, None].float()
    b, dev = x.shape[0], x.device

    def uniform(lo, hi):
        return torch.rand(b, device=dev, generator=gen) * (hi - lo) + lo

    angle = uniform(0, 2 * math.pi)
    scale = uniform(*cfg.scale_range)
    aspect = uniform(*cfg.aspect_range)
    sx, sy = scale * aspect.sqrt(), scale / aspect.sqrt()
    flip = torch.where(torch.rand(b, device=dev, generator=gen) < 0.5, -1.0, 1.0)
    cos, sin = torch.cos(angle), torch.sin(angle)
    # Output pixel -> input pixel: rotate, then divide by the scale (scale < 1 shows more around the lesion).
    theta = torch.stack([
        torch.stack([cos * flip / sx, -sin / sx, uniform(-cfg.translate, cfg.translate)], 1),
        torch.stack([sin * flip / sy, cos / sy, uniform(-cfg.translate, cfg.translate)], 1),
    ], 1)
    h, w = NETWORK_HW
    grid = F.affine_grid(theta, [b, 3, h, w], align_corners=False)
    moved = F.grid_sample(x, grid, mode="bilinear", padding_mode="zeros", align_corners=False)
    m = F.grid_sample(m, grid, mode="bilinear", padding_mode="zeros", align_corners=False)
    inside = F.grid_sample(torch.ones_like(x[:, :1]), grid, mode="bilinear", padding_mode="zeros", align_corners=False)
    # Where the frame has no content, skin of the image's own colour with a little low-frequency texture.
    noise = F.interpolate(torch.randn(b, 1, 6, 8, device=dev, generator=gen), size=(h, w), mode="bicubic", align_corners=False)
    surround = (acquisition_augment.skin_colour(x) * (1 + 0.04 * noise.clamp(-2, 2))).clamp(0, 255)
    x = moved + surround * (1 - inside)
    x = acquisition_augment.apply(x, cfg.acquisition, gen)
    c = cfg.colour
    grey = x.mean(dim=1, keepdim=True)
    x = grey + (x - grey) * uniform(1 - c, 1 + c)[:, None, None, None]
    mean = x.mean(dim=(1, 2, 3), keepdim=True)
    x = ((x - mean) * uniform(1 - c, 1 + c)[:, None, None, None] + mean) * uniform(1 - c, 1 + c)[:, None, None, None]
    return mobilenet.normalise(x.clamp(0, 255)), (m > 0.5).float()


def loss_fn(logits: torch.Tensor, target: torch.Tensor, dice_weight: float) -> torch.Tensor:
    """Binary cross-entropy plus soft Dice per image (the Dice term weighs small lesions as much as large ones)."""
    bce = F.binary_cross_entropy_with_logits(logits, target)
    p = torch.sigmoid(logits)
    inter = (p * target).sum(dim=(1, 2, 3))
    dice = (2 * inter + 1) / (p.sum(dim=(1, 2, 3)) + target.sum(dim=(1, 2, 3)) + 1)
    return bce + dice_weight * (1 - dice).mean()


def dice_jaccard(predicted: np.ndarray, truth: np.ndarray) -> Tuple[np.ndarray, np.ndarray]:
    """Per-image Dice and Jaccard of bool masks [N,H,W]; an image where both are empty scores 1."""
    inter = (predicted & truth).sum(axis=(1, 2)).astype(np.float64)
    a, b = predicted.sum(axis=(1, 2)), truth.sum(axis=(1, 2))
    union = a + b - inter
    both_empty = (a + b) == 0
    dice = np.where(both_empty, 1.0, 2 * inter / np.maximum(a + b, 1))
    jaccard = np.where(both_empty, 1.0, inter / np.maximum(union, 1))
    return dice, jaccard


@torch.no_grad()
def predict(net: LesionSegmenter, images: torch.Tensor, batch: int = 256) -> np.ndarray:
    """Lesion probabilities float32 [N,150,200] of the deployed graph's computation."""
    deployed = DeployedSegmenter(net).eval()
    out = []
    for i in range(0, images.shape[0], batch):
        out.append(deployed(images[i : i + batch]).float().cpu())
    return torch.cat(out).numpy()


@dataclass
class SegmentationResult:
    state: Dict[str, torch.Tensor]
    best_epoch: int
    history: List[dict]
    seconds: float


def train(weights: str, train_x: torch.Tensor, train_m: torch.Tensor, val_x: torch.Tensor, val_m: np.ndarray,
          cfg: SegmentationConfig, seed: int = 0, log: Callable[..., None] = print,
          max_seconds: float = float("inf")) -> SegmentationResult:
    """train_x uint8 NHWC and train_m bool NHW on the device; val_m bool on the host. Past max_seconds no new
    epoch starts (a device call has a hard time limit; the best epoch so far is kept and the log says so)."""
    device = train_x.device
    torch.manual_seed(seed)
    rng = np.random.default_rng(seed)
    gen = torch.Generator(device=device)
    gen.manual_seed(seed)
    started = time.time()
    net = from_imagenet(weights).to(device)
    pick = torch.from_numpy(rng.choice(train_x.shape[0], min(cfg.bn_recalibration_images, train_x.shape[0]), replace=False)).to(device)
    # As the classifier: real BN statistics before BN trains (mobilenet.recalibrate_batchnorm says why).
    mobilenet.recalibrate_batchnorm(net.features, (to_network_input(train_x[pick[i : i + 256]]) for i in range(0, len(pick), 256)))
    net = net.to(memory_format=torch.channels_last)
    optimiser = adamw(net, cfg)
    steps_per_epoch = math.ceil(train_x.shape[0] / cfg.batch_size)
    lr_at = warmup_cosine(cfg, steps_per_epoch)
    ema = copy.deepcopy(net).eval()
    for p in ema.parameters():
        p.requires_grad_(False)
    step, history, best = 0, [], (-1.0, None, -1)
    use_amp = device.type == "cuda"
    for epoch in range(cfg.epochs):
        if time.time() - started > max_seconds:
            log(f"  time budget of {max_seconds:.0f} s reached: stopped before epoch {epoch + 1} of {cfg.epochs}")
            break
        net.train()
        order = torch.from_numpy(rng.permutation(train_x.shape[0])).to(device)
        loss_sum = torch.zeros((), device=device)
        for i in range(0, len(order), cfg.batch_size):
            idx = order[i : i + cfg.batch_size]
            if len(idx) < 2:
                continue
            x, m = augment(train_x[idx], train_m[idx], cfg, gen)
            for group in optimiser.param_groups:
                group["lr"] = lr_at(step)
            with torch.autocast(device_type=device.type, dtype=torch.bfloat16, enabled=use_amp):
                out = net(x.contiguous(memory_format=torch.channels_last))
            loss = loss_fn(out.float(), m, cfg.dice_weight)
            optimiser.zero_grad(set_to_none=True)
            loss.backward()
            optimiser.step()
            step += 1
            update_ema(ema, net, step, cfg.ema_decay)
            loss_sum += loss.detach() * len(idx)
        dice, jaccard = dice_jaccard(predict(ema, val_x) >= 0.5, val_m)
        row = {"epoch": epoch + 1, "trainLoss": round(float(loss_sum) / train_x.shape[0], 5),
               "valDice": round(float(dice.mean()), 5), "valJaccard": round(float(jaccard.mean()), 5),
               "seconds": round(time.time() - started, 1)}
        history.append(row)
        log(f"  epoch {epoch + 1:2d}/{cfg.epochs} loss {row['trainLoss']:.4f} val Dice {row['valDice']:.4f} "
            f"Jaccard {row['valJaccard']:.4f} ({row['seconds']:.0f} s)")
        if row["valJaccard"] > best[0]:
            best = (row["valJaccard"], {k: v.detach().clone() for k, v in ema.state_dict().items()}, epoch + 1)
    return SegmentationResult(best[1], best[2], history, time.time() - started)


def choose_threshold(probabilities: np.ndarray, truth: np.ndarray, candidates=(0.3, 0.4, 0.5, 0.6, 0.7)) -> float:
    """The probability threshold of the best mean Jaccard on validation (ties: the one nearest 0.5)."""
    scored = [(float(dice_jaccard(probabilities >= t, truth)[1].mean()), -abs(t - 0.5), t) for t in candidates]
    return max(scored)[2]


def figures(probabilities: np.ndarray, truth: np.ndarray, threshold: float, groups: List[str], reps: int) -> dict:
    """Mean Dice and Jaccard with 95% bootstrap intervals (lesions resampled, as every other figure here)."""
    dice, jaccard = dice_jaccard(probabilities >= threshold, truth)
    out = {"images": int(len(dice))}
    for name, values in (("dice", dice), ("jaccard", jaccard)):
        lo, hi = metrics.bootstrap_ci(lambda idx, v=values: float(v[idx].mean()), len(values), groups, reps=reps)
        out[name] = {"value": round(float(values.mean()), 4), "ci95": [round(lo, 4), round(hi, 4)]}
    return out
