"""Band keys: every pair within the distance shares a key (checked on every set of blocks the flipped bits can
touch, and on hand-made pairs); unrelated fingerprints mostly share none; the fold screens, never hides."""

import random
from itertools import combinations

import pytest

from newsbot.state.simindex import band_keys, fold, layout, screen


def flip(value: int, positions: list[int]) -> int:
    for p in positions:
        value ^= 1 << p
    return value


def block_mask(bits: int, blocks: tuple[int, ...]) -> int:
    """The fingerprint bits of these blocks."""
    mask = 0
    for b in blocks:
        shift, width = layout(bits).blocks[b]
        mask |= ((1 << width) - 1) << shift
    return mask


@pytest.mark.parametrize("bits", [6, 7, 10, 14])
def test_any_blocks_the_flipped_bits_can_touch_leave_a_table_whole(bits):
    """The guarantee itself: `bits` flipped bits touch at most `bits` blocks, and every such set misses a table."""
    lay = layout(bits)
    tables = [set(t) for t in lay.tables]
    for touched in combinations(range(len(lay.blocks)), bits):
        assert any(not t & set(touched) for t in tables), touched


def test_the_plane_of_order_four_covers_six_blocks_and_no_more():
    """7 blocks can meet all 20 lines (a blocking set of the plane): 7 flipped bits need another layout."""
    tables = [set(t) for t in layout(6).tables]
    assert len(tables) == 20 and all(len(t) == 4 for t in tables)
    assert any(all(t & set(s) for t in tables) for s in combinations(range(16), 7))
    assert layout(7).name == "pairs9"


@pytest.mark.parametrize("bits", [0, 3, 6, 7, 10, 14])
def test_every_pair_within_the_distance_shares_a_key(bits):
    rng = random.Random(bits)
    for _ in range(300):
        a = rng.getrandbits(64)
        b = flip(a, rng.sample(range(64), bits))
        assert set(band_keys(a, bits)) & set(band_keys(b, bits))


def test_hand_made_pairs_across_blocks_share_exactly_the_untouched_tables():
    """One bit flipped in each of d blocks (the hardest spread): the keys shared are those of the tables the d
    blocks miss, at least one up to d = 6; d = 7 on a blocking set of the plane shares none."""
    lay = layout(6)
    base = 0x0123456789ABCDEF
    for d in range(7):
        for touched in list(combinations(range(16), d))[::97] or [()]:
            other = flip(base, [lay.blocks[b][0] + (b % 4) for b in touched])
            shared = set(band_keys(base, 6)) & set(band_keys(other, 6))
            whole = [t for t in lay.tables if not set(t) & set(touched)]
            assert len(shared) == len(whole) >= 1, (d, touched)
    blocking = next(s for s in combinations(range(16), 7) if all(set(t) & set(s) for t in lay.tables))
    other = flip(base, [lay.blocks[b][0] for b in blocking])
    assert not set(band_keys(base, 6)) & set(band_keys(other, 6))


def test_keys_fit_a_signed_64_bit_integer_one_per_table():
    for bits, tables in ((6, 20), (7, 36), (14, 120)):
        keys = band_keys((1 << 64) - 1, bits)
        assert len(keys) == tables
        assert all(0 <= k < 1 << 63 for k in keys)


def test_far_apart_fingerprints_rarely_share_a_key():
    rng = random.Random(7)
    shared = sum(
        bool(set(band_keys(rng.getrandbits(64), 6)) & set(band_keys(rng.getrandbits(64), 6))) for _ in range(2000)
    )
    assert shared < 20  # 20 keys of 16 bits: about 20/65536 of random pairs


def test_the_fold_of_a_near_pair_is_as_near():
    rng = random.Random(3)
    for _ in range(2000):
        a = rng.getrandbits(64)
        b = flip(a, rng.sample(range(64), rng.randrange(15)))
        assert (fold(a) ^ fold(b)).bit_count() <= (a ^ b).bit_count()
        assert 0 <= fold(a) < 1 << 32


def test_a_distance_outside_the_range_is_refused():
    with pytest.raises(ValueError, match="0 to 14"):
        band_keys(0, 20)


def test_screen_keeps_exactly_the_folds_within_the_distance():
    rng = random.Random(11)
    for _ in range(500):
        fp, bits = rng.getrandbits(64), rng.randrange(15)
        count = rng.choice([rng.randrange(60), rng.randrange(90, 400)])  # both ways of screening: a few, many
        folds = [fold(fp) ^ sum(1 << p for p in rng.sample(range(32), rng.randrange(33))) for _ in range(count)]
        packed = b"".join(f.to_bytes(4, "little") for f in folds)
        assert screen(packed, fp, bits) == {f for f in folds if (f ^ fold(fp)).bit_count() <= bits}
