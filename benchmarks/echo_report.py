"""Turns one run of run-echo.sh (its raw.txt) into table.md and chart.svg (standard library only).

Every (server, connections) point was measured once per round; the table gives the median of the
rounds for messages/s, p50 and p99 (each its own median), the lowest and highest messages/s, and the
ratios of the medians to gevent's and to Netty's. Below it, per round: each server's ratio to gevent
and to Netty within that round (servers of one round were measured minutes apart at most), and in how
many rounds its p99 was lower than Netty's.

One run only: rounds of different runs may be of different code and of a machine whose speed drifted,
so they are never pooled. A raw.txt holding the same point twice (two runs' lines in one file) is
refused.

    python3 benchmarks/echo_report.py benchmarks/target/echo/<time>
"""
import re
import statistics
import sys
from pathlib import Path

if len(sys.argv) != 2:
    sys.exit("usage: echo_report.py <one run directory of run-echo.sh>")
out = Path(sys.argv[1])
runs = {}
by_round = {}
for line in (out / "raw.txt").read_text().splitlines():
    name, rest = line.split(" ", 1)
    fields = {k: int(v) for k, v in re.findall(r"(\w+)=(\d+)", rest)}
    key = (name, fields["conns"], fields["round"])
    if key in by_round:
        sys.exit(f"{out / 'raw.txt'} measures {name} at {fields['conns']} connections twice in round {fields['round']}: "
                 "lines of several runs? Report each run on its own; runs are never pooled.")
    by_round[key] = fields
    runs.setdefault((name, fields["conns"]), []).append(fields)


class Point:
    def __init__(self, name, conns, measured):
        self.name, self.conns, self.rounds = name, conns, len(measured)
        median = lambda key: round(statistics.median(m[key] for m in measured))
        self.rate, self.p50, self.p99 = median("msgs_per_s"), median("p50_us"), median("p99_us")
        self.low = min(m["msgs_per_s"] for m in measured)
        self.high = max(m["msgs_per_s"] for m in measured)
        self.errors = sum(m["errors"] for m in measured)


points = [Point(name, conns, measured) for (name, conns), measured in runs.items()]
servers = list(dict.fromkeys(p.name for p in points))
conns = sorted({p.conns for p in points})
by = {(p.name, p.conns): p for p in points}

lines = ["| server | connections | messages/s (median) | lowest–highest | p50 µs | p99 µs | errors | rounds "
         "| vs gevent | vs netty-1-loop |",
         "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
for name in servers:
    for c in conns:
        r = by.get((name, c))
        if not r:
            continue
        vs = lambda peer: f"{r.rate / peer.rate:.2f}x" if peer and peer.rate else "-"
        lines.append(f"| {name} | {c:,} | {r.rate:,} | {r.low:,}–{r.high:,} | {r.p50:,} | {r.p99:,} | {r.errors} "
                     f"| {r.rounds} | {vs(by.get(('gevent', c)))} | {vs(by.get(('netty-1-loop', c)))} |")

machine = out / "machine.txt"
code = next((l.split(":", 1)[1].strip() for l in machine.read_text().splitlines() if l.startswith("code:")), None) \
    if machine.exists() else None
lines.append("")
lines.append(f"Per round (one run{', code ' + code if code else ''}; a ratio compares two servers measured in the same "
             "round, minutes apart at most):")
lines.append("")
lines.append("| server | connections | vs gevent, per round | vs netty-1-loop, per round | at least 1.0x netty | p99 lower than netty's |")
lines.append("|---|---:|---|---|---:|---:|")
rounds = sorted({r for (_, _, r) in by_round})


def per_round(name, c, peer):
    """Ratios of name's messages/s to peer's, round by round (None where either has no figure)."""
    out_ = []
    for r in rounds:
        mine, theirs = by_round.get((name, c, r)), by_round.get((peer, c, r))
        out_.append(mine["msgs_per_s"] / theirs["msgs_per_s"] if mine and theirs and theirs["msgs_per_s"] else None)
    return out_


def ratios_text(values):
    shown = ", ".join("-" if v is None else f"{v:.2f}" for v in values)
    known = [v for v in values if v is not None]
    return shown + (f" (median {statistics.median(known):.2f})" if known else "")


for name in servers:
    if name in ("gevent", "netty-1-loop"):
        continue
    for c in conns:
        if (name, c) not in by:
            continue
        vs_netty = per_round(name, c, "netty-1-loop")
        measured = [v for v in vs_netty if v is not None]
        at_least = f"{sum(v >= 1.0 for v in measured)} of {len(measured)} rounds" if measured else "-"
        p99 = [(by_round.get((name, c, r)), by_round.get(("netty-1-loop", c, r))) for r in rounds]
        p99 = [(m, n) for m, n in p99 if m and n and m["msgs_per_s"] and n["msgs_per_s"]]
        p99_lower = f"{sum(m['p99_us'] < n['p99_us'] for m, n in p99)} of {len(p99)} rounds" if p99 else "-"
        lines.append(f"| {name} | {c:,} | {ratios_text(per_round(name, c, 'gevent'))} | {ratios_text(vs_netty)} "
                     f"| {at_least} | {p99_lower} |")
(out / "table.md").write_text("\n".join(lines) + "\n")

# A grouped bar chart: median messages/s per connection count, one bar per server, whiskers from the
# lowest to the highest round.
width, height, margin = 900, 420, 70
top = max(p.high for p in points) * 1.1
colors = ["#2b6cb0", "#63b3ed", "#c05621", "#2f855a", "#6b46c1", "#718096", "#b83280", "#d69e2e"]
group_w = (width - 2 * margin) / len(conns)
bar_w = group_w * 0.8 / len(servers)
y_of = lambda rate: height - margin - (height - 2 * margin) * rate / top
svg = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height + 40 + 20 * len(servers)}" '
       f'font-family="sans-serif" font-size="12">',
       f'<text x="{width / 2}" y="20" text-anchor="middle" font-size="15">Echo, 64-byte messages: messages/s '
       f'(server on one CPU, load generator on the other; '
       f'median of the rounds, whiskers lowest to highest)</text>']
for i in range(6):
    v = top * i / 5
    y = y_of(v)
    svg.append(f'<line x1="{margin}" y1="{y}" x2="{width - margin}" y2="{y}" stroke="#ddd"/>')
    svg.append(f'<text x="{margin - 5}" y="{y + 4}" text-anchor="end">{v / 1000:.0f}k</text>')
for gi, c in enumerate(conns):
    x0 = margin + gi * group_w + group_w * 0.1
    svg.append(f'<text x="{x0 + group_w * 0.4}" y="{height - margin + 18}" text-anchor="middle">{c:,} connections</text>')
    for si, name in enumerate(servers):
        r = by.get((name, c))
        if not r:
            continue
        x = x0 + si * bar_w
        svg.append(f'<rect x="{x:.1f}" y="{y_of(r.rate):.1f}" width="{bar_w * 0.9:.1f}" '
                   f'height="{height - margin - y_of(r.rate):.1f}" fill="{colors[si % len(colors)]}">'
                   f'<title>{name}: {r.rate:,}/s (median of {r.rounds}), p99 {r.p99:,} µs</title></rect>')
        mid = x + bar_w * 0.45
        svg.append(f'<line x1="{mid:.1f}" y1="{y_of(r.low):.1f}" x2="{mid:.1f}" y2="{y_of(r.high):.1f}" stroke="#222"/>')
for si, name in enumerate(servers):
    y = height + 10 + 20 * si
    svg.append(f'<rect x="{margin}" y="{y}" width="12" height="12" fill="{colors[si % len(colors)]}"/>')
    svg.append(f'<text x="{margin + 18}" y="{y + 11}">{name}</text>')
svg.append("</svg>")
(out / "chart.svg").write_text("\n".join(svg) + "\n")
