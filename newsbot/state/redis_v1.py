"""The first Redis layout of the history (one big hash per kind, a set per band key), moved once to the
bucketed layout of `newsbot.state.redis` by the first store that opens the server (under its lock)."""

from __future__ import annotations

from typing import Any

from newsbot.state.simindex import layout

P = "newsbot:"
OLD_EMITTED = P + "emitted"  # hash: article id → run that emitted it
OLD_FP = P + "fp"  # hash: row → "fingerprint in hex:article id"
OLD_FP_TIME = P + "fp:time"  # sorted set: row → time stored


def migrate(store: Any) -> None:
    from newsbot.state.redis import EMITTED_TOTAL, FINAL, FP_LAYOUT, decision_digest, emitted_key, run_key

    r = store.r
    pipe = r.pipeline(transaction=False)
    sites: dict[str, str] = {}
    for article_id, run in r.hscan_iter(OLD_EMITTED, count=1000):
        if run not in sites:
            sites[run] = r.hget(run_key(run), "site") or ""
        pipe.hset(emitted_key(article_id), article_id, sites[run])
    pipe.execute()
    r.set(EMITTED_TOTAL, r.hlen(OLD_EMITTED))
    r.delete(OLD_EMITTED)

    for name in list(r.scan_iter(P + "site:*:final", count=1000)):
        site = name[len(P + "site:") : -len(":final")]
        for key, _ in r.hscan_iter(name, count=1000):
            digest = decision_digest(site, key)
            pipe.hset(FINAL + digest[-4:], digest[:-4], site)
        pipe.execute()
        r.delete(name)
    # retries of each site, and the pending decisions of runs not settled yet: the same hashes, new fields
    renames = [(name, name[len(P + "site:") : -len(":retried")]) for name in r.scan_iter(P + "site:*:retried")]
    for name in list(r.scan_iter(P + "run:*:decisions")):
        renames.append((name, r.hget(name[: -len(":decisions")], "site") or ""))
    for name, site in renames:
        fields = {decision_digest(site, key): value for key, value in r.hgetall(name).items()}
        r.delete(name)
        if fields:
            r.hset(name, mapping=fields)

    r.set(FP_LAYOUT, layout(store.near_bits).name)  # the buckets are filed below, under the current layout
    times = {int(row): at for row, at in r.zscan_iter(OLD_FP_TIME, count=1000)}
    rows = sorted((int(row), value) for row, value in r.hscan_iter(OLD_FP, count=1000))
    for start in range(0, len(rows), 10000):
        batch = []
        for row, value in rows[start : start + 10000]:
            fp_hex, article_id = value.split(":", 1)
            batch.append((int(fp_hex, 16), article_id, times.get(row, 0.0)))
        store.add_fingerprints(batch)
    old_keys = [OLD_FP, OLD_FP_TIME, *r.scan_iter(P + "fpk:*", count=1000)]
    for start in range(0, len(old_keys), 1000):
        r.unlink(*old_keys[start : start + 1000])
