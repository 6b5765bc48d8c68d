namespace SkinLesion.Tests.Shared;

/// <summary>Uniform values in [-1, 1] on a grid of the given cell size, bilinearly interpolated.</summary>
internal sealed class ValueNoise
{
    private readonly double[,] _grid;
    private readonly double _cell;

    public ValueNoise(Random random, int width, int height, double cell)
    {
        _cell = cell;
        _grid = new double[(int)(height / cell) + 2, (int)(width / cell) + 2];
        for (int i = 0; i < _grid.GetLength(0); i++)
        {
            for (int j = 0; j < _grid.GetLength(1); j++)
            {
                _grid[i, j] = (random.NextDouble() * 2) - 1;
            }
        }
    }

    public double At(int x, int y)
    {
        double fx = x / _cell, fy = y / _cell;
        int ix = (int)fx, iy = (int)fy;
        double tx = fx - ix, ty = fy - iy;
        double top = (_grid[iy, ix] * (1 - tx)) + (_grid[iy, ix + 1] * tx);
        double bottom = (_grid[iy + 1, ix] * (1 - tx)) + (_grid[iy + 1, ix + 1] * tx);
        return (top * (1 - ty)) + (bottom * ty);
    }
}
