#!/usr/bin/env bash
# Builds a synthetic JSONL news corpus for ingest benchmarks by recombining the
# sentences of the flagship article (../shared/examples/istanbul-talks.it.txt) and
# English sentences written for parley (below). Deterministic (seeded).
#
#   scripts/make-corpus.sh OUT.jsonl [N=10000]
#
# Each document: 3–8 sentences of one language, a publication date in May–June
# 2025, a URL on one of 12 outlets. The corpus is not committed (it is generated).
set -euo pipefail
out=${1:?usage: make-corpus.sh OUT.jsonl [N]}
n=${2:-10000}
root=$(cd "$(dirname "$0")/.." && pwd)
shared=${PARLEY_SHARED:-$root/../shared}
python3 - "$out" "$n" "$shared/examples/istanbul-talks.it.txt" <<'PY'
import json, random, re, sys
out, n, article = sys.argv[1], int(sys.argv[2]), sys.argv[3]
try:
    it = [s.strip() for s in re.split(r'(?<=[.!?])\s+(?=[A-ZÀ-Ý"«])', open(article, encoding='utf-8').read().replace('\n', ' ')) if len(s.strip()) > 20]
except OSError:
    it = []
en = [
    "Russian and Ukrainian delegations met in Istanbul on Friday for their first direct talks since 2022.",
    "Russia and Ukraine agreed to exchange 1,000 prisoners of war each, the largest such swap of the war.",
    "No agreement was reached on a ceasefire.",
    "Ukraine asked Russia for an unconditional thirty-day ceasefire.",
    "Turkish Foreign Minister Hakan Fidan said both sides agreed in principle to meet again.",
    "Russia rejected Ukraine's demand for an unconditional ceasefire.",
    "Russia and Ukraine exchanged 390 prisoners each on Friday, the first stage of the agreed exchange.",
    "Russian drones attacked Kharkiv overnight, Ukrainian officials said.",
    "A missile hit the port of Odesa, killing two people.",
    "The European Union imposed new sanctions on Russia.",
    "Ukraine accused Russia of shelling Kherson.",
    "President Zelensky urged allies to impose tough sanctions on Moscow.",
    "The United States called on both sides to end the war.",
    "Turkey offered to host a new round of talks.",
    "Moscow demanded that Kyiv withdraw its troops from four regions.",
    "Weather in the region was mild, with light rain expected.",
]
hosts = ["ansa.example.it", "repubblica.example.it", "corriere.example.it", "rainews.example.it",
         "wire.example.com", "daily.example.org", "news.example.net", "kyiv.example.ua",
         "bulletin.example.net", "world.example.co.uk", "post.example.com", "gazette.example.eu"]
rng = random.Random(20250516)
with open(out, "w", encoding="utf-8") as f:
    for i in range(n):
        lang = "it" if it and rng.random() < 0.5 else "en"
        pool = it if lang == "it" else en
        sents = rng.sample(pool, min(len(pool), rng.randint(3, 8)))
        day = rng.randint(0, 60)
        month, d = (5, day + 1) if day < 31 else (6, day - 30)
        host = rng.choice([h for h in hosts if h.endswith(".it")] if lang == "it" else hosts)
        doc = {"id": f"corpus-{i:06d}", "text": "\n".join(sents) + f"\n(#{i})", "lang": lang,
               "published": f"2025-{month:02d}-{d:02d}", "url": f"https://{host}/news/{i}",
               "title": sents[0][:80]}
        f.write(json.dumps(doc, ensure_ascii=False) + "\n")
print(f"wrote {n} documents to {out}", file=sys.stderr)
PY
