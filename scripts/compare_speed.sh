#!/usr/bin/env bash
# Scoring time of this checkout against an earlier revision (code and shipped model), on the same
# documents, in the same run: `classify --jobs 1` over N corpus documents, the two versions
# interleaved R times; prints each run and the median ratio. The machine is shared and noisy,
# so only this same-run ratio means something (make bench measures against spaCy instead).
#
#     scripts/compare_speed.sh 64e2c90 [N=300] [R=3]
set -euo pipefail
base=${1:?usage: scripts/compare_speed.sh REVISION [N] [R]}
n=${2:-300}
repeats=${3:-3}
root=$(cd "$(dirname "$0")/.." && pwd)
python=$root/.venv/bin/python
work=$(mktemp -d)
trap 'git -C "$root" worktree remove --force "$work/old" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT

git -C "$root" worktree add -q "$work/old" "$base"
mkdir "$work/docs"
# the same documents for both: a fixed sample of the corpus files both revisions have
git -C "$work/old" ls-files data/raw | sort | awk -v n="$n" 'NR % 2 == 1 && c < n { print; c++ }' |
    while read -r path; do cp "$root/$path" "$work/docs/"; done

run() { # version source-folder
    local start end
    start=$(date +%s.%N)
    PYTHONPATH=$2 "$python" -c "import sys; from classifier.cli import classify_app; sys.argv = ['classify', '$work/docs', '--jobs', '1', '--quiet', '--out', '$work/$1.jsonl', '--model', '$2/classifier/models/default']; classify_app()" >/dev/null 2>&1 || true
    end=$(date +%s.%N)
    echo "$1 $(echo "$end - $start" | bc)"
}
for _ in $(seq "$repeats"); do
    run base "$work/old/src"
    run this "$root/src"
done | tee "$work/times"
"$python" - "$work/times" <<'EOF'
import statistics, sys
times = {}
for line in open(sys.argv[1]):
    version, seconds = line.split()
    times.setdefault(version, []).append(float(seconds))
base, this = statistics.median(times["base"]), statistics.median(times["this"])
print(f"median {base:.2f} s (base) against {this:.2f} s (this checkout): {this / base:.2f}x")
EOF
