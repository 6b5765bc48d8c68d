using System.Numerics;

namespace SkinLesion.Cli.Metrics;

/// <summary>
/// numpy's <c>np.random.default_rng(seed)</c> (SeedSequence + PCG64 XSL-RR) and the bounded integers of
/// <c>Generator.integers(0, n, size)</c>, reproduced bit for bit. The training code draws its bootstrap
/// resamples this way (training/skinlesion/metrics.py, bootstrap_ci), so with the same seed and sample
/// order this command resamples the same lesions and its intervals are directly comparable with the
/// manifest's, not merely "another 1000 resamples".
/// </summary>
internal sealed class NumpyRandom
{
    private static readonly UInt128 Multiplier = new(2549297995355413924UL, 4865540595714422341UL);

    private readonly UInt128 _increment;
    private UInt128 _state;
    private bool _hasBufferedUInt32;
    private uint _bufferedUInt32;

    private NumpyRandom(UInt128 initialState, UInt128 sequence)
    {
        _increment = (sequence << 1) | UInt128.One;
        _state = UInt128.Zero;
        Step();
        _state += initialState;
        Step();
    }

    /// <summary>Equivalent of <c>np.random.default_rng(seed)</c> for a non-negative 32-bit seed.</summary>
    public static NumpyRandom FromSeed(uint seed)
    {
        var words = SeedSequence(seed, 8);
        ulong Word(int i) => words[2 * i] | ((ulong)words[(2 * i) + 1] << 32);

        // pcg64_set_seed takes seed = (val[0] << 64) | val[1] and inc = (val[2] << 64) | val[3].
        return new NumpyRandom(new UInt128(Word(0), Word(1)), new UInt128(Word(2), Word(3)));
    }

    public ulong NextUInt64()
    {
        Step();
        ulong high = (ulong)(_state >> 64);
        ulong low = (ulong)_state;
        int rotation = (int)(_state >> 122);
        return BitOperations.RotateRight(high ^ low, rotation);
    }

    /// <summary>numpy's next_uint32 for PCG64: the low half of a 64-bit draw, then its high half.</summary>
    public uint NextUInt32()
    {
        if (_hasBufferedUInt32)
        {
            _hasBufferedUInt32 = false;
            return _bufferedUInt32;
        }

        ulong next = NextUInt64();
        _hasBufferedUInt32 = true;
        _bufferedUInt32 = (uint)(next >> 32);
        return (uint)next;
    }

    /// <summary>One draw of <c>integers(0, exclusiveMax)</c>: Lemire's multiply-shift rejection, as numpy does for ranges below 2^32.</summary>
    public int NextBelow(int exclusiveMax)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(exclusiveMax);
        if (exclusiveMax == 1)
        {
            return 0;
        }

        uint range = (uint)exclusiveMax;
        ulong product = (ulong)NextUInt32() * range;
        uint leftover = (uint)product;
        if (leftover < range)
        {
            uint threshold = (uint.MaxValue - (range - 1)) % range;
            while (leftover < threshold)
            {
                product = (ulong)NextUInt32() * range;
                leftover = (uint)product;
            }
        }

        return (int)(product >> 32);
    }

    private void Step() => _state = (_state * Multiplier) + _increment;

    // numpy.random.SeedSequence(seed).generate_state(count, uint32) with a pool of four words.
    private static uint[] SeedSequence(uint seed, int count)
    {
        const uint InitA = 0x43b0d7e5;
        const uint MultA = 0x931e8875;
        const uint InitB = 0x8b51f9dd;
        const uint MultB = 0x58f38ded;
        const uint MixMultL = 0xca01f9dd;
        const uint MixMultR = 0x4973f715;
        const int PoolSize = 4;

        uint hashConst = InitA;
        uint HashMix(uint value)
        {
            value ^= hashConst;
            hashConst = unchecked(hashConst * MultA);
            value = unchecked(value * hashConst);
            value ^= value >> 16;
            return value;
        }

        static uint Mix(uint x, uint y)
        {
            uint result = unchecked((MixMultL * x) - (MixMultR * y));
            result ^= result >> 16;
            return result;
        }

        // The entropy of an integer seed below 2^32 is the single word [seed].
        var pool = new uint[PoolSize];
        for (int i = 0; i < PoolSize; i++)
        {
            pool[i] = HashMix(i == 0 ? seed : 0u);
        }

        for (int source = 0; source < PoolSize; source++)
        {
            for (int target = 0; target < PoolSize; target++)
            {
                if (source != target)
                {
                    pool[target] = Mix(pool[target], HashMix(pool[source]));
                }
            }
        }

        var state = new uint[count];
        uint hashB = InitB;
        for (int i = 0; i < count; i++)
        {
            uint value = pool[i % PoolSize];
            value ^= hashB;
            hashB = unchecked(hashB * MultB);
            value = unchecked(value * hashB);
            value ^= value >> 16;
            state[i] = value;
        }

        return state;
    }
}
