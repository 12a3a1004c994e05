"""For run-http.sh (standard library only).

  http_report.py --parse-wrk < wrk-output   one line: requests_per_s=N p50_us=N p99_us=N errors=N
  http_report.py OUT                         OUT/raw.txt -> OUT/table.md

The table gives, for each workload and server, the median of the rounds for requests/s, p50 and p99
(each its own median), the lowest and highest requests/s, the errors summed over the rounds, and the
ratios of the medians to pywsgi's and to Jetty's.
"""
import re
import statistics
import sys
from pathlib import Path

UNITS = {"us": 1, "ms": 1000, "s": 1_000_000}


def micros(text):
    value, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text).groups()
    return round(float(value) * UNITS[unit])


def parse_wrk(text):
    rate = re.search(r"Requests/sec:\s+([\d.]+)", text)
    p50 = re.search(r"^\s+50%\s+(\S+)", text, re.M)
    p99 = re.search(r"^\s+99%\s+(\S+)", text, re.M)
    errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", text))
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    errors += int(non2xx.group(1)) if non2xx else 0
    if not rate:
        return "requests_per_s=0 p50_us=0 p99_us=0 errors=1"
    return (f"requests_per_s={round(float(rate.group(1)))} p50_us={micros(p50.group(1)) if p50 else 0} "
            f"p99_us={micros(p99.group(1)) if p99 else 0} errors={errors}")


def table(out):
    runs = {}
    for line in (out / "raw.txt").read_text().splitlines():
        name, rest = line.split(" ", 1)
        path = re.search(r"path=(\S+)", rest).group(1)
        fields = {k: int(v) for k, v in re.findall(r"(\w+)=(\d+)", rest)}
        runs.setdefault((path, fields["conns"], name), []).append(fields)
    median = lambda ms, key: round(statistics.median(m[key] for m in ms))
    rows = ["| workload | connections | server | requests/s (median) | lowest–highest | p50 ms | p99 ms | errors "
            "| rounds | vs pywsgi | vs Jetty |",
            "|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    points = {}
    for (path, conns, name), ms in runs.items():
        points[(path, conns, name)] = (median(ms, "requests_per_s"), ms)
    for (path, conns, name), (rate, ms) in points.items():
        def vs(peer):
            other = points.get((path, conns, peer))
            return f"{rate / other[0]:.2f}x" if other and other[0] else "-"
        work = "hello" if path == "/" else "sleep 10 ms"
        rows.append(f"| {work} | {conns:,} | {name} | {rate:,} | {min(m['requests_per_s'] for m in ms):,}–"
                    f"{max(m['requests_per_s'] for m in ms):,} | {median(ms, 'p50_us') / 1000:.2f} | "
                    f"{median(ms, 'p99_us') / 1000:.2f} | {sum(m['errors'] for m in ms)} | {len(ms)} | "
                    f"{vs('pywsgi')} | {vs('jetty-1-selector-vthreads')} |")
    (out / "table.md").write_text("\n".join(rows) + "\n")


if __name__ == "__main__":
    if sys.argv[1] == "--parse-wrk":
        print(parse_wrk(sys.stdin.read()))
    else:
        table(Path(sys.argv[1]))
