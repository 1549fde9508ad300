"""A misbehaving news site on 127.0.0.1 for the hostile-input tests (tests/test_hostile.py)."""
