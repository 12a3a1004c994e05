"""Turns run-echo.sh's raw.txt into table.md and chart.svg (standard library only).

Every (server, connections) point was measured once per round; the table gives the median of the
rounds for messages/s, p50 and p99 (each its own median), the lowest and highest messages/s, and the
ratios of the medians to gevent's and to Netty's.
"""
import re
import statistics
import sys
from pathlib import Path

out = Path(sys.argv[1])
runs = {}
for line in (out / "raw.txt").read_text().splitlines():
    name, rest = line.split(" ", 1)
    fields = {k: int(v) for k, v in re.findall(r"(\w+)=(\d+)", rest)}
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
