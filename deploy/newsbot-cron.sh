#!/usr/bin/env bash
# Run every site once, for cron: one run at a time (flock), a log file per run, JOBDIR so a stopped
# run resumes, and crawlall's exit code passed on (non-zero = a site failed or an alarm fired).
# Then the day's digest (Tehran day, HTML and Markdown) from the archive, rewritten by every run of the day.
set -uo pipefail
NEWSBOT_HOME=${NEWSBOT_HOME:-$(cd "$(dirname "$0")/.." && pwd)}
LOG_DIR=${NEWSBOT_LOG_DIR:-$NEWSBOT_HOME/logs}
LOCK=${NEWSBOT_LOCK:-$NEWSBOT_HOME/data/cron.lock}
JOBDIR_ROOT=${NEWSBOT_JOBDIR:-$NEWSBOT_HOME/data/jobs}
KEEP_LOGS_DAYS=${NEWSBOT_KEEP_LOGS_DAYS:-30}
DIGEST_DIR=${NEWSBOT_DIGEST_DIR:-$NEWSBOT_HOME/output/digests}
mkdir -p "$LOG_DIR" "$(dirname "$LOCK")" "$JOBDIR_ROOT"
cd "$NEWSBOT_HOME" || exit 2
stamp=$(date -u +%Y-%m-%dT%H-%M-%SZ)
log="$LOG_DIR/crawlall-$stamp.log"
exec 9>"$LOCK"
if ! flock -n 9; then
    echo "newsbot: another run holds $LOCK; skipping this one" | tee -a "$log" >&2
    exit 75  # EX_TEMPFAIL: cron mail says it was skipped, not broken
fi
# JOBDIR is per site: crawlall runs several spiders, and one JOBDIR must not be shared between them.
.venv/bin/scrapy crawlall --logfile "$log" -s NEWSBOT_JOBDIR_ROOT="$JOBDIR_ROOT" "$@"
code=$?
tail -n 40 "$log" | grep -E "crawlall:|ALARM" || true
# the digest reads the archive the crawl wrote: pass it the same -s settings (NEWSBOT_STATE and the like)
settings=()
args=("$@")
for ((i = 0; i + 1 < ${#args[@]}; i++)); do
    if [ "${args[i]}" = "-s" ]; then settings+=(-s "${args[i + 1]}"); fi
done
day=$(TZ=Asia/Tehran date +%F)
for fmt in html md; do
    if ! .venv/bin/scrapy digest --from "$day" -o "$DIGEST_DIR/$day.$fmt" --logfile "$log" "${settings[@]}"; then
        echo "newsbot: the $fmt digest of $day could not be written; see $log" >&2
        [ "$code" -eq 0 ] && code=1
    fi
done
find "$LOG_DIR" -name 'crawlall-*.log' -mtime +"$KEEP_LOGS_DAYS" -delete 2>/dev/null || true
echo "newsbot: crawlall exited $code; log $log"
exit $code
