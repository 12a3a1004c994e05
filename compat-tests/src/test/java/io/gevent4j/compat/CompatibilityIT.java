package io.gevent4j.compat;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every {@link Row}: N greenlets making the row's blocking call at once, in a JVM without the agent
 * (the control), one that calls {@code Monkey.patchAll()}, and one started with {@code -javaagent}.
 * Each cell must measure the verdict its row declares. After the last row, writes the matrix to
 * target/compat/COMPATIBILITY.md when every row was measured (scripts/publish-compatibility.sh publishes it to docs/).
 */
class CompatibilityIT {
    static final int N = 50;

    private static final Map<Row, Map<Mode, Cell>> MEASURED = new EnumMap<>(Row.class);

    @BeforeAll
    static void sayWhatRuns() {
        System.err.println("compat: N=" + N + ", agent " + CaseJvm.AGENT_JAR + ", core " + CaseJvm.CORE_JAR);
    }

    /** Every row; {@code -Dcompat.rows=SOCKET,FIFO} picks some while working on them (the matrix is then COMPATIBILITY-partial.md). */
    static List<Row> rows() {
        String only = System.getProperty("compat.rows", "");
        return java.util.Arrays.stream(Row.values())
                .filter(r -> only.isBlank() || List.of(only.split(",")).contains(r.name()))
                .toList();
    }

    /**
     * Longer than the module's 5 min default: a row is three fresh JVMs, and a cell only slow is measured
     * again; a row whose calls hold the hub takes 20 s or more per cell. Each JVM is killed by
     * {@link CaseJvm} after {@value CaseJvm#TIMEOUT_SECONDS} s (its threads printed first).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    @Timeout(value = 15, unit = TimeUnit.MINUTES)
    void greenletsCooperateOnOneHub(Row row) {
        Map<String, String> properties = Servers.propertiesFor(row); // fails with what to install
        var wrap = Servers.wrapperFor(row);
        Map<Mode, Cell> cells = new EnumMap<>(Mode.class);
        Cell control = null;
        for (Mode mode : Mode.values()) {
            Cell cell = Cell.of(row, mode, N, CaseJvm.run(row, mode, N, properties, wrap), control);
            if (cell.slowOnly(row) && row.expected(mode) == Verdict.COOPERATIVE) {
                System.err.println("compat: " + row + " in mode " + mode.id + " was slow without holding the hub ("
                        + cell.why() + "); measuring again");
                cell = Cell.of(row, mode, N, CaseJvm.run(row, mode, N, properties, wrap), control);
            }
            if (mode == Mode.PLAIN) {
                control = cell;
            }
            cells.put(mode, cell);
            synchronized (MEASURED) {
                MEASURED.put(row, new EnumMap<>(cells));
            }
            System.err.printf(
                    "compat: %-20s %-6s %-28s wall %6d ms, longest hold %6d ms%n",
                    row, mode.id, cell.text(), cell.elapsedMs(), cell.stallMs());
        }
        List<String> wrong = new ArrayList<>();
        for (Cell cell : cells.values()) {
            Verdict want = row.expected(cell.mode());
            if (cell.verdict() != want) {
                wrong.add(cell.mode().column + ": expected '" + want.text + "', measured '" + cell.text() + "'"
                        + (cell.why() == null ? "" : " (" + cell.why() + ")") + "\n" + cell.output());
            }
        }
        assertTrue(
                wrong.isEmpty(),
                () -> row + " (" + row.label + "):\n" + String.join("\n", wrong)
                        + "\nFix the cause, or, for a documented limitation, declare the verdict and explain it in Row.java.");
    }

    @AfterAll
    static void writeMatrix() throws Exception {
        try {
            String md;
            boolean complete;
            synchronized (MEASURED) {
                md = Matrix.render(MEASURED, N, Servers.versions());
                complete = MEASURED.size() == Row.values().length
                        && MEASURED.values().stream().allMatch(m -> m.size() == Mode.values().length);
            }
            // The build never rewrites tracked files: scripts/publish-compatibility.sh copies a complete matrix to
            // docs/.
            Matrix.write(Servers.WORK.resolve(complete ? "COMPATIBILITY.md" : "COMPATIBILITY-partial.md"), md);
            System.err.println(
                    "compat: wrote " + Servers.WORK.resolve(complete ? "COMPATIBILITY.md" : "COMPATIBILITY-partial.md")
                            + (complete ? "" : " (not every row was measured)"));
        } finally {
            Servers.closeAll();
        }
    }
}
