package io.gevent4j.monkey.patches;

import io.gevent4j.internal.Report;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Which threads the thread patch leaves as platform threads: option {@code thread.exclude} (agent option
 * string, {@code Monkey.patchAll}) and system property {@code gevent4j.thread.exclude}, added together.
 * Entries are separated by {@code |} (the property also takes {@code ,}):
 * <ul>
 *   <li>a name ending in {@code .}, a package prefix ({@code com.lmax.});</li>
 *   <li>any other name, a class's binary name ({@code org.example.Spinner}, {@code a.Outer$Inner});</li>
 *   <li>{@code name:}<i>prefix</i>, a thread-name prefix ({@code name:disruptor-}).</li>
 * </ul>
 * A class entry is matched against the class whose code calls {@code start()} (for a pool worker, the
 * first application class on the stack), the {@code Thread}'s own class, and the {@code Runnable} it
 * runs. A bad entry is said in one line and ignored. With no entries the test is one volatile read.
 */
public final class ThreadExclusions {
    /** The system property read at start-up. */
    public static final String PROPERTY = "gevent4j.thread.exclude";

    private static final String NAME = "name:";
    private static final Pattern CLASS_OR_PACKAGE =
            Pattern.compile("(\\p{javaJavaIdentifierStart}\\p{javaJavaIdentifierPart}*\\.)*"
                    + "(\\p{javaJavaIdentifierStart}\\p{javaJavaIdentifierPart}*)?");

    private record Rules(List<String> classes, List<String> names) {
        boolean isEmpty() {
            return classes.isEmpty() && names.isEmpty();
        }
    }

    private static volatile Rules rules = new Rules(List.of(), List.of());

    static {
        add(System.getProperty(PROPERTY), "-D" + PROPERTY, "[|,]");
    }

    private ThreadExclusions() {}

    /**
     * Adds the entries of option {@code thread.exclude}.
     *
     * @param value the option's value, entries separated by {@code |}; null or blank adds nothing
     */
    public static void add(String value) {
        add(value, "thread.exclude", "\\|");
    }

    private static synchronized void add(String value, String source, String separators) {
        if (value == null || value.isBlank()) {
            return;
        }
        List<String> classes = new ArrayList<>(rules.classes());
        List<String> names = new ArrayList<>(rules.names());
        for (String raw : value.split(separators)) {
            String entry = raw.strip();
            if (entry.startsWith(NAME) && entry.length() > NAME.length()) {
                names.add(entry.substring(NAME.length()));
            } else if (!entry.isEmpty()
                    && !entry.startsWith(NAME)
                    && CLASS_OR_PACKAGE.matcher(entry).matches()) {
                classes.add(entry);
            } else {
                Report.warning(
                        Report.AGENT,
                        "gevent4j: " + source + ": '" + entry + "' is ignored: an entry is a package prefix ending"
                                + " in '.', a class name, or name:<thread-name prefix>, separated by '|'");
            }
        }
        rules = new Rules(List.copyOf(classes), List.copyOf(names));
    }

    /** Whether any entry is set (else nothing is excluded, and nothing need be looked up). */
    static boolean any() {
        return !rules.isEmpty();
    }

    /**
     * Whether {@code t} stays a platform thread.
     *
     * @param t       the thread being started
     * @param starter the class whose code starts it, or null if unknown
     * @param task    the {@code Runnable} it runs, or null
     */
    static boolean excludes(Thread t, Class<?> starter, Runnable task) {
        Rules r = rules;
        String name = t.getName();
        for (String prefix : r.names()) {
            if (name.startsWith(prefix)) {
                return true;
            }
        }
        for (String entry : r.classes()) {
            if (matches(entry, starter)
                    || matches(entry, t.getClass())
                    || (task != null && matches(entry, task.getClass()))) {
                return true;
            }
        }
        return false;
    }

    private static boolean matches(String entry, Class<?> type) {
        if (type == null) {
            return false;
        }
        String name = type.getName();
        return entry.endsWith(".") ? name.startsWith(entry) : name.equals(entry);
    }
}
