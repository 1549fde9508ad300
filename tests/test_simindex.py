"""Band keys: every pair within the distance shares a key; unrelated fingerprints mostly share none."""

import random

import pytest

from newsbot.state.simindex import band_keys


def flip(value: int, positions: list[int]) -> int:
    for p in positions:
        value ^= 1 << p
    return value


@pytest.mark.parametrize("bits", [0, 3, 6, 10])
def test_every_pair_within_the_distance_shares_a_key(bits):
    rng = random.Random(bits)
    for _ in range(300):
        a = rng.getrandbits(64)
        b = flip(a, rng.sample(range(64), bits))
        assert set(band_keys(a, bits)) & set(band_keys(b, bits))


def test_keys_fit_a_signed_64_bit_integer_and_count_pairs_of_blocks():
    keys = band_keys((1 << 64) - 1, 6)
    assert len(keys) == 28  # C(8, 2)
    assert all(0 <= k < 1 << 63 for k in keys)


def test_far_apart_fingerprints_rarely_share_a_key():
    rng = random.Random(7)
    shared = sum(
        bool(set(band_keys(rng.getrandbits(64), 6)) & set(band_keys(rng.getrandbits(64), 6))) for _ in range(2000)
    )
    assert shared < 20  # 28 keys of 16 bits: about 28/65536 of random pairs


def test_a_distance_outside_the_range_is_refused():
    with pytest.raises(ValueError, match="0 to 14"):
        band_keys(0, 20)
