"""Source of the bundled sample site: content.toml and its generator (not installed; the pages are)."""
