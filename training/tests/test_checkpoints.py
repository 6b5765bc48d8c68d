"""Reused member checkpoints are the members the run's plan describes."""
import pytest
import torch

from skinlesion import pipeline, pool


def test_checkpoint_of_the_planned_seed_and_recipe_is_accepted(tmp_path):
    path = str(tmp_path / "member0.pt")
    pool.save_checkpoint(path, {"w": torch.zeros(2)}, [], 3, 1.5, seed=44, recipe="B")

    pipeline.check_checkpoint(path, torch.load(path, map_location="cpu"), seed=44, recipe="B")


@pytest.mark.parametrize("seed, recipe", [(0, "B"), (44, "A"), (0, "A")])
def test_checkpoint_of_another_seed_or_recipe_is_refused_naming_both(tmp_path, seed, recipe):
    path = str(tmp_path / "member0.pt")
    pool.save_checkpoint(path, {"w": torch.zeros(2)}, [], 3, 1.5, seed=44, recipe="B")

    with pytest.raises(SystemExit, match=f"trained with seed 44, recipe B; this run plans seed {seed}, recipe {recipe}"):
        pipeline.check_checkpoint(path, torch.load(path, map_location="cpu"), seed=seed, recipe=recipe)
