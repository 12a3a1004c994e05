"""Turns run-echo.sh's raw.txt into table.md and chart.svg (standard library only)."""
import re
import sys
from pathlib import Path

out = Path(sys.argv[1])
rows = []
for line in (out / "raw.txt").read_text().splitlines():
    name, rest = line.split(" ", 1)
    fields = dict(re.findall(r"(\w+)=(\d+)", rest))
    rows.append((name, int(fields["conns"]), int(fields["msgs_per_s"]), int(fields["p50_us"]),
                 int(fields["p99_us"]), int(fields["errors"])))

servers = list(dict.fromkeys(r[0] for r in rows))
conns = sorted({r[1] for r in rows})
by = {(r[0], r[1]): r for r in rows}

lines = ["| server | connections | messages/s | p50 µs | p99 µs | errors | vs gevent | vs netty-1-loop |",
         "|---|---:|---:|---:|---:|---:|---:|---:|"]
for name in servers:
    for c in conns:
        r = by.get((name, c))
        if not r:
            continue
        g = by.get(("gevent", c))
        n = by.get(("netty-1-loop", c))
        vs = lambda peer: f"{r[2] / peer[2]:.2f}x" if peer else "-"
        lines.append(f"| {name} | {c:,} | {r[2]:,} | {r[3]:,} | {r[4]:,} | {r[5]} | {vs(g)} | {vs(n)} |")
(out / "table.md").write_text("\n".join(lines) + "\n")

# A grouped bar chart: messages/s per connection count, one bar per server.
width, height, margin = 900, 420, 70
top = max(r[2] for r in rows) * 1.1
colors = ["#2b6cb0", "#63b3ed", "#c05621", "#2f855a", "#6b46c1", "#718096", "#b83280", "#d69e2e"]
group_w = (width - 2 * margin) / len(conns)
bar_w = group_w * 0.8 / len(servers)
svg = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height + 40 + 20 * len(servers)}" '
       f'font-family="sans-serif" font-size="12">',
       f'<text x="{width / 2}" y="20" text-anchor="middle" font-size="15">Echo, 64-byte messages: messages/s '
       f'(server on one CPU, load generator on the other)</text>']
for i in range(6):
    v = top * i / 5
    y = height - margin - (height - 2 * margin) * i / 5
    svg.append(f'<line x1="{margin}" y1="{y}" x2="{width - margin}" y2="{y}" stroke="#ddd"/>')
    svg.append(f'<text x="{margin - 5}" y="{y + 4}" text-anchor="end">{v / 1000:.0f}k</text>')
for gi, c in enumerate(conns):
    x0 = margin + gi * group_w + group_w * 0.1
    svg.append(f'<text x="{x0 + group_w * 0.4}" y="{height - margin + 18}" text-anchor="middle">{c:,} connections</text>')
    for si, name in enumerate(servers):
        r = by.get((name, c))
        if not r:
            continue
        h = (height - 2 * margin) * r[2] / top
        x = x0 + si * bar_w
        svg.append(f'<rect x="{x:.1f}" y="{height - margin - h:.1f}" width="{bar_w * 0.9:.1f}" height="{h:.1f}" '
                   f'fill="{colors[si % len(colors)]}"><title>{name}: {r[2]:,}/s, p99 {r[4]:,} µs</title></rect>')
for si, name in enumerate(servers):
    y = height + 10 + 20 * si
    svg.append(f'<rect x="{margin}" y="{y}" width="12" height="12" fill="{colors[si % len(colors)]}"/>')
    svg.append(f'<text x="{margin + 18}" y="{y + 11}">{name}</text>')
svg.append("</svg>")
(out / "chart.svg").write_text("\n".join(svg) + "\n")
