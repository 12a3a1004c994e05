package io.gevent4j.compat;

import io.gevent4j.compat.child.CaseProgram;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * One measured cell: a row's case run in one mode, and what the run says about it.
 *
 * @param tag    for a cell that fails, how, in two words
 * @param ratio  N·L divided by the wall time of the N greenlets (0 when the run did not finish)
 * @param why    for a cell that is not cooperative, what was seen
 */
record Cell(
        Mode mode,
        Verdict verdict,
        String tag,
        double ratio,
        long elapsedMs,
        long stallMs,
        String why,
        List<String> results,
        String counts,
        CaseJvm.Output output) {

    /** Judges a run. {@code control} is the plain run of the same row (null for the plain run itself). */
    static Cell of(Row row, Mode mode, int n, CaseJvm.Output out, Cell control) {
        Map<String, String> kv = new TreeMap<>();
        List<String> results = new ArrayList<>();
        for (String line : out.out().split("\n")) {
            int eq = line.indexOf('=');
            if (line.startsWith("result ") || line.startsWith("warmup=")) {
                results.add(line);
            } else if (eq > 0) {
                kv.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        if (out.exit() != 0 || !kv.containsKey("newThreads")) {
            String err = out.err();
            String first = err.lines()
                    .filter(l -> l.startsWith("hung: "))
                    .findFirst()
                    .or(() -> err.lines()
                            .filter(l -> l.contains("Exception") || l.contains("Error"))
                            .findFirst())
                    .or(() -> err.lines().filter(l -> !l.isBlank()).findFirst())
                    .orElse("no output");
            if (out.exit() == CaseProgram.HUNG) {
                return failed(mode, "hangs", first, results, out);
            }
            return failed(
                    mode,
                    out.exit() < 0 ? "hangs" : "crashes",
                    "the program " + (out.exit() < 0 ? "was killed" : "exited with " + out.exit()) + ": " + first,
                    results,
                    out);
        }
        long elapsed = Long.parseLong(kv.get("elapsedMs"));
        long stall = Long.parseLong(kv.get("maxStallMs"));
        double ratio = elapsed == 0 ? n : (double) n * row.latencyMs / elapsed;
        String[] fds = kv.get("fds").split(" ");
        String[] threads = kv.get("threads").split(" ");
        String retiring = kv.getOrDefault("retiringThreads", "0");
        String counts = "descriptors " + fds[0] + " → " + fds[1] + ", platform threads " + threads[0] + " → "
                + threads[1] + (retiring.equals("0") ? "" : " (and " + retiring + " idle in a process-wide cache)");
        String why = null;
        String tag = null;
        Verdict verdict = Verdict.COOPERATIVE;
        String threw =
                results.stream().filter(r -> r.contains("=threw ")).findFirst().orElse(null);
        if (threw != null) {
            why = "a call failed: " + threw;
            tag = "exception";
        } else if (results.size() != n + 1) {
            why = results.size() - 1 + " results for " + n + " greenlets";
            tag = "results missing";
        } else if (control != null && control.verdict != Verdict.FAILS && !results.equals(control.results)) {
            why = "results differ from the control's: " + firstDifference(results, control.results);
            tag = "results differ";
        } else if (!kv.get("maxRunning").equals("1") || !kv.get("carriers").equals(kv.get("hubThread"))) {
            why = "greenlets ran in parallel: at most " + kv.get("maxRunning") + " at once, on " + kv.get("carriers");
            tag = "not one at a time";
        } else if (Integer.parseInt(fds[1]) > Integer.parseInt(fds[0])) {
            why = "descriptor leak: " + counts;
            tag = "leaks descriptors";
        } else if (!kv.get("newThreads").equals("[]")) {
            why = "thread leak: " + kv.get("newThreads") + " still alive";
            tag = "leaks threads";
        }
        if (why != null) {
            verdict = Verdict.FAILS;
        } else if (stall * 10 >= row.latencyMs * 9L) {
            verdict = Verdict.BLOCKS;
            why = "the hub's thread was held for " + stall + " ms at once";
        } else if (elapsed >= 2L * row.latencyMs) {
            verdict = Verdict.BLOCKS;
            why = "the run took " + elapsed + " ms, 2·L or more (longest hold of the hub: " + stall + " ms)";
        } else if (ratio < row.minRatio) {
            verdict = Verdict.BLOCKS;
            why = String.format(
                    Locale.ROOT,
                    "the calls overlapped only %.1f× (the run took %d ms), under the row's minimum of"
                            + " %.0f× (longest hold of the hub: %d ms)",
                    ratio,
                    elapsed,
                    row.minRatio,
                    stall);
        }
        return new Cell(mode, verdict, tag, ratio, elapsed, stall, why, List.copyOf(results), counts, out);
    }

    private static Cell failed(Mode mode, String tag, String why, List<String> results, CaseJvm.Output out) {
        return new Cell(mode, Verdict.FAILS, tag, 0, -1, -1, why, List.copyOf(results), "", out);
    }

    private static String firstDifference(List<String> a, List<String> b) {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            if (!a.get(i).equals(b.get(i))) {
                return "'" + a.get(i) + "' where the control has '" + b.get(i) + "'";
            }
        }
        return a.size() + " lines where the control has " + b.size();
    }

    /** Only slow (2·L or more, or under the row's minimum ratio), never holding the hub: worth measuring again on a busy machine. */
    boolean slowOnly(Row row) {
        return verdict == Verdict.BLOCKS && stallMs * 10 < row.latencyMs * 9L;
    }

    /** The matrix cell: verdict and ratio. */
    String text() {
        return verdict.text
                + (tag == null ? "" : " (" + tag + ")")
                + (ratio > 0 ? String.format(Locale.ROOT, ", %.1f×", ratio) : "");
    }
}
