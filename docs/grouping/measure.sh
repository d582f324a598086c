#!/usr/bin/env bash
# Replays the labelled grouping streams with one rules file (default: built-in defaults) and scores them.
# usage: docs/grouping/measure.sh [rules.yaml]    (from the repository root; data in ../shared/data/grouping)
set -euo pipefail
data=${SIFT_GROUPING_DATA:-../shared/data/grouping}
scorer=${SIFT_GROUPING_SCORER:-../shared/tools/score_grouping.py}
out=$(mktemp -d)
for s in dev dev-seed7 dev-seed11; do
  start=$(date +%s.%N)
  ./sift replay --input "$data/$s/events.jsonl.gz" --output "$out/$s.jsonl" --table 0 ${1:+--config "$1"} >/dev/null
  echo "$s $(echo "$(date +%s.%N) - $start" | bc)" >>"$out/times"
  python3 "$scorer" "$data/$s/truth.jsonl.gz" "$out/$s.jsonl" --json >"$out/$s.json"
done
python3 - "$data" "$out" <<'PY'
import collections, gzip, json, sys
data, out = sys.argv[1:]
times = dict(l.split() for l in open(out + '/times'))
rows = []
for s in ['dev', 'dev-seed7', 'dev-seed11']:
    r = json.load(open('%s/%s.json' % (out, s)))
    truth = {}
    for l in gzip.open('%s/%s/truth.jsonl.gz' % (data, s), 'rt'):
        d = json.loads(l); truth[d['id']] = d['incident']
    labels = {}
    for l in gzip.open('%s/%s/events.jsonl.gz' % (data, s), 'rt'):
        d = json.loads(l); labels[d['id']] = json.dumps(d['labels'], sort_keys=True)
    pred = {}
    for l in open('%s/%s.jsonl' % (out, s)):
        d = json.loads(l); pred[d['id']] = d['incident']
    events = collections.defaultdict(list)
    for i, t in truth.items():
        events[t].append(i)
    size = collections.defaultdict(lambda: [0, 0])   # pairwise recall by distinct alerts per true incident
    for t, ids in events.items():
        k = len(set(labels[i] for i in ids))
        b = '1' if k == 1 else '2-4' if k <= 4 else '5-9' if k <= 9 else '10+'
        c = collections.Counter(pred[i] for i in ids)
        size[b][0] += sum(v * (v - 1) // 2 for v in c.values()); size[b][1] += len(ids) * (len(ids) - 1) // 2
    r['recall_by_size'] = {b: size[b][0] / size[b][1] if size[b][1] else None for b in ['2-4', '5-9', '10+']}
    r['seconds'] = float(times[s]); r['stream'] = s
    rows.append(r)
mean = lambda k: sum(r[k] for r in rows) / len(rows)
print('| stream | pairwise F1 | B-cubed F1 | split | mixed | recall 2-4 / 5-9 / 10+ alerts | noise reduction | replay s |')
print('|---|---|---|---|---|---|---|---|')
for r in rows:
    rs = r['recall_by_size']
    print('| %s | %.3f | %.3f | %.3f | %.3f | %.2f / %.2f / %.2f | %.3f | %.1f |' % (r['stream'], r['pairwise_f1'],
          r['bcubed_f1'], r['split_true_share'], r['mixed_pred_share'], rs['2-4'], rs['5-9'], rs['10+'],
          r['noise_reduction'], r['seconds']))
print('| **mean** | **%.3f** | **%.3f** | %.3f | %.3f | | %.3f | %.1f |' % (mean('pairwise_f1'), mean('bcubed_f1'),
      mean('split_true_share'), mean('mixed_pred_share'), mean('noise_reduction'), mean('seconds')))
PY
rm -rf "$out"
