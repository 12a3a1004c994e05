package io.gevent4j.internal;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.text.MessageFormat;
import java.util.Objects;
import java.util.ResourceBundle;

/**
 * How gevent4j reports what nobody can catch: a failed greenlet, a link callback or server handler that
 * threw, a stalled hub, a warning of the patch agent. Every report goes through a
 * {@link System.Logger} named after its area ({@link #HUB}, {@link #MONITOR}, {@link #SERVER},
 * {@link #THREADPOOL}, {@link #AGENT}), so an application's logging framework receives them.
 *
 * <p>Which logger: the system property {@code gevent4j.log} decides. {@code system} uses
 * {@link System#getLogger}; {@code stderr} prints on {@link System#err}, each report as one block never
 * interleaved with another (the message, then the stack trace, as gevent's hub prints them); the
 * default, {@code auto}, uses {@link System#getLogger} when the application installed a
 * {@link System.LoggerFinder} of its own (SLF4J's and Log4j's bridges do) and stderr otherwise, so
 * that without a logging framework the reports look as they always did. Nothing is decided before the
 * first report.
 *
 * <p>Thread-safety: every method may be called from any thread.
 */
public final class Report {
    /** Failed greenlets, link callbacks and hub callbacks that threw, failed hub observers. */
    public static final String HUB = "io.gevent4j.hub";
    /** The stall monitor's reports (stalls, pins, memory) and its own troubles. */
    public static final String MONITOR = "io.gevent4j.monitor";
    /** Server handlers that threw, failed accepts. */
    public static final String SERVER = "io.gevent4j.server";
    /** The offload thread pool's troubles. */
    public static final String THREADPOOL = "io.gevent4j.threadpool";
    /** The patch agent's warnings. */
    public static final String AGENT = "io.gevent4j.monkey";

    /**
     * Loads the stderr logger with this class: a report may come when no class can be loaded any more
     * (a server's accept failing for want of descriptors).
     */
    private static final Logger STDERR = new StderrLogger(HUB);
    /** Whether reports go to {@link System#getLogger}; null until decided at the first report. */
    private static volatile Boolean platform;

    private Report() {}

    /**
     * The logger of {@code area}: the platform's or gevent4j's stderr logger (see the class comment).
     *
     * @param area the logger's name, one of this class's constants
     * @return the logger
     */
    public static Logger logger(String area) {
        Objects.requireNonNull(area, "area");
        return usePlatformLoggers() ? System.getLogger(area) : area.equals(HUB) ? STDERR : new StderrLogger(area);
    }

    /**
     * Reports a failure of {@code t} as an error.
     *
     * @param area the logger's name, one of this class's constants
     * @param what what failed, one line
     * @param t the failure, whose stack trace follows
     */
    public static void failure(String area, String what, Throwable t) {
        logger(area).log(Level.ERROR, what, t);
    }

    /**
     * Reports a warning with no stack trace.
     *
     * @param area the logger's name, one of this class's constants
     * @param message the warning; lines after the first are printed as they are
     */
    public static void warning(String area, String message) {
        logger(area).log(Level.WARNING, message);
    }

    /**
     * Reports a warning with the stack trace of what caused it.
     *
     * @param area the logger's name, one of this class's constants
     * @param message the warning, one line
     * @param t the cause, whose stack trace follows
     */
    public static void warning(String area, String message, Throwable t) {
        logger(area).log(Level.WARNING, message, t);
    }

    /**
     * Runs a link callback of {@code owner}; one that throws is reported on {@link #HUB} and does not
     * stop the caller.
     *
     * @param callback the callback
     * @param owner the object it is linked to, named in the report
     */
    public static void runCallback(Runnable callback, Object owner) {
        try {
            callback.run();
        } catch (Throwable t) {
            failure(HUB, "link callback " + callback + " of " + owner + " failed", t);
        }
    }

    private static boolean usePlatformLoggers() {
        Boolean p = platform;
        if (p == null) {
            try {
                platform = p = decide();
            } catch (Throwable cannotTellNow) { // e.g. no descriptor left to read the service files
                return false;
            }
        }
        return p;
    }

    private static boolean decide() {
        String mode = System.getProperty("gevent4j.log", "auto");
        if (mode.equalsIgnoreCase("system")) {
            return true;
        }
        if (mode.equalsIgnoreCase("stderr")) {
            return false;
        }
        Module finder = System.LoggerFinder.getLoggerFinder().getClass().getModule();
        boolean jdks = finder.isNamed()
                && (finder.getName().equals("java.base") || finder.getName().equals("java.logging"));
        return !jdks;
    }

    /** Prints reports of {@code INFO} and above on {@link System#err} (as it is at each report). */
    private record StderrLogger(String name) implements Logger {
        @Override
        public String getName() {
            return name;
        }

        @Override
        public boolean isLoggable(Level level) {
            return level != Level.OFF && level.getSeverity() >= Level.INFO.getSeverity();
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
            if (!isLoggable(level)) {
                return;
            }
            synchronized (System.err) {
                System.err.println(msg);
                if (thrown != null) {
                    thrown.printStackTrace();
                }
            }
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String format, Object... params) {
            String msg = params == null || params.length == 0 ? format : MessageFormat.format(format, params);
            log(level, bundle, msg, (Throwable) null);
        }
    }
}
