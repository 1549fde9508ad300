"""Spiders: one per site definition (built in `sites.py`), plus `generic` and `sample`."""
