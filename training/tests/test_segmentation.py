"""The lesion segmenter's training pieces: mask packing, the joint augmentation, the figures and the graph's contract."""
import io
import tarfile

import numpy as np
import pytest
import torch
from PIL import Image

from skinlesion import segmentation_masks, segmentation_train
from skinlesion.segmentation_model import INPUT_NAME, OUTPUT_NAME, DeployedSegmenter, export_onnx, untrained
from skinlesion.segmentation_train import SegmentationConfig, augment, dice_jaccard


def _ellipse(cy=75, cx=100, ry=30, rx=50, h=150, w=200):
    yy, xx = np.mgrid[0:h, 0:w]
    return ((yy - cy) / ry) ** 2 + ((xx - cx) / rx) ** 2 <= 1


def _masks_archive(path, masks):
    with tarfile.open(path, "w:gz") as tar:
        for image_id, mask in masks.items():
            buffer = io.BytesIO()
            Image.fromarray(mask).save(buffer, format="PNG")
            info = tarfile.TarInfo(f"masks/{image_id}_segmentation.png")
            info.size = buffer.tell()
            buffer.seek(0)
            tar.addfile(info, buffer)


def test_packed_masks_come_back_bit_for_bit_with_anti_aliased_edges_cut_at_128(tmp_path):
    grey = (_ellipse() * 255).astype(np.uint8)
    grey[0, 0], grey[0, 1] = 127, 128  # edge pixels of a downsized mask
    _masks_archive(str(tmp_path / "masks.tar.gz"), {"ISIC_1": grey, "ISIC_2": np.zeros((150, 200), np.uint8)})
    masks = segmentation_masks.read_masks_archive(str(tmp_path / "masks.tar.gz"))
    segmentation_masks.pack(masks, str(tmp_path / "masks.npz"))
    back = segmentation_masks.unpack(str(tmp_path / "masks.npz"), ["ISIC_2", "ISIC_1"])
    assert back.shape == (2, 150, 200) and back.dtype == bool
    assert not back[0].any()
    assert np.array_equal(back[1], grey >= 128) and not back[1][0, 0] and back[1][0, 1]
    with pytest.raises(KeyError, match="1 masks missing"):
        segmentation_masks.unpack(str(tmp_path / "masks.npz"), ["ISIC_3"])


def test_dice_and_jaccard_of_known_overlaps():
    a = np.zeros((3, 4, 4), bool)
    b = np.zeros((3, 4, 4), bool)
    a[0, :2] = True
    b[0, 1:3] = True  # 4 shared of 8 + 8: Dice 0.5, Jaccard 1/3
    a[1] = b[1] = True  # identical
    # image 2: both empty, scored 1 (nothing to find, nothing found)
    dice, jaccard = dice_jaccard(a, b)
    assert dice == pytest.approx([0.5, 1.0, 1.0]) and jaccard == pytest.approx([1 / 3, 1.0, 1.0])


def test_augmentation_moves_the_mask_with_the_lesion():
    # A dark ellipse on skin; whatever rotation, zoom and shift is drawn, the mask must still cover the dark pixels.
    mask = _ellipse()
    image = np.where(mask[..., None], np.array([70, 40, 30], np.uint8), np.array([210, 160, 140], np.uint8))
    images = torch.from_numpy(np.repeat(image[None], 16, 0))
    masks = torch.from_numpy(np.repeat(mask[None], 16, 0))
    cfg = SegmentationConfig(colour=0.0, acquisition=segmentation_train.AcquisitionConfig.off())
    gen = torch.Generator().manual_seed(3)
    x, m = augment(images, masks, cfg, gen)
    assert x.shape == (16, 3, 144, 192) and m.shape == (16, 1, 144, 192)
    dark = (x.mean(dim=1, keepdim=True) < (120 / 127.5 - 1)).float()
    agreement = ((dark == m).float().mean(dim=(1, 2, 3)))
    assert float(agreement.min()) > 0.97


def test_threshold_is_chosen_by_validation_jaccard():
    truth = np.zeros((1, 10, 10), bool)
    truth[0, :, :5] = True
    probabilities = np.zeros((1, 10, 10), np.float32)
    probabilities[0, :, :5] = 0.65
    probabilities[0, :, 5:7] = 0.55  # above 0.5, below 0.6: a threshold of 0.6 or 0.7 segments exactly
    assert segmentation_train.choose_threshold(probabilities, truth) == 0.6


def test_graph_declares_the_contract_the_service_reads(tmp_path):
    onnx = pytest.importorskip("onnx", reason="python3-onnx absent")
    torch.manual_seed(0)
    deployed = DeployedSegmenter(untrained()).eval()
    image = torch.randint(0, 256, (2, 150, 200, 3), dtype=torch.uint8)
    with torch.no_grad():
        out = deployed(image)
    assert out.shape == (2, 150, 200) and float(out.min()) >= 0 and float(out.max()) <= 1
    path = str(tmp_path / "seg.onnx")
    export_onnx(deployed, path, 150, 200)
    graph = onnx.load(path).graph
    dims = lambda v: [d.dim_param or d.dim_value for d in v.type.tensor_type.shape.dim]  # noqa: E731
    assert [i.name for i in graph.input] == [INPUT_NAME] and dims(graph.input[0]) == ["N", 150, 200, 3]
    assert graph.input[0].type.tensor_type.elem_type == onnx.TensorProto.UINT8
    assert [o.name for o in graph.output] == [OUTPUT_NAME] and dims(graph.output[0]) == ["N", 150, 200]
