package io.gevent4j.monkey.agent;

import io.gevent4j.monkey.spi.Patch;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which patches there are and which the options select. Patches are found with {@link ServiceLoader}
 * ({@code META-INF/services/io.gevent4j.monkey.spi.Patch}): the agent's own, listed in its jar, first and
 * in that file's order; then those of the application class path, and of the calling thread's context
 * class loader, in class path order.
 */
public final class Patches {
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]*");
    private static final String OWN = "io.gevent4j.monkey.patches.";

    /**
     * The patches to apply, and the names the options gave explicitly.
     *
     * @param patches  the patches selected, in the order found
     * @param named    the names the options gave (not through {@code all})
     * @param settings the options of the form {@code key=value} (keys lower-case; a key given twice has
     *                 its values joined by {@code |})
     */
    public record Selection(List<Patch> patches, Set<String> named, Map<String, String> settings) {}

    /** The keys of {@code key=value} options. */
    private static final Set<String> SETTINGS = Set.of("thread.exclude");

    private Patches() {}

    /**
     * Every patch on the class path (one instance per class). A patch that cannot be loaded or has a
     * bad name is said in one line and left out.
     *
     * @return the agent's own patches first, then the others
     */
    public static List<Patch> discover() {
        Map<String, Patch> found = new LinkedHashMap<>();
        ClassLoader own = Patches.class.getClassLoader();
        Set<ClassLoader> loaders = new LinkedHashSet<>();
        loaders.add(own);
        loaders.add(ClassLoader.getSystemClassLoader());
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        if (context != null) {
            loaders.add(context);
        }
        for (ClassLoader loader : loaders) {
            Iterator<Patch> it = ServiceLoader.load(Patch.class, loader).iterator();
            String lastError = null;
            while (true) {
                try {
                    if (!it.hasNext()) {
                        break;
                    }
                    Patch p = it.next();
                    String name = p.name();
                    if (name == null || !NAME.matcher(name).matches() || name.equals("all")) {
                        Agent.log("patch " + p.getClass().getName() + " is left out: its name '" + name
                                + "' is not lower-case letters, digits and '-' starting with a letter (or is 'all')");
                    } else {
                        found.putIfAbsent(p.getClass().getName(), p);
                    }
                } catch (ServiceConfigurationError | RuntimeException | LinkageError e) {
                    if (String.valueOf(e).equals(lastError)) {
                        break; // the iterator is stuck on it
                    }
                    lastError = String.valueOf(e);
                    Agent.log("a patch could not be loaded: " + e);
                }
            }
        }
        List<Patch> ordered = new ArrayList<>();
        found.values().stream().filter(p -> isOwn(p, own)).forEach(ordered::add);
        found.values().stream().filter(p -> !isOwn(p, own)).forEach(ordered::add);
        return ordered;
    }

    private static boolean isOwn(Patch p, ClassLoader own) {
        return p.getClass().getClassLoader() == own && p.getClass().getName().startsWith(OWN);
    }

    /**
     * Selects from {@code found} by an option string: names separated by {@code ,} {@code ;} {@code +} or
     * blanks; {@code all} is every patch applied by default; {@code -name} leaves a patch out;
     * {@code key=value} is a setting ({@code thread.exclude}), an unknown one said in one line and ignored. When no
     * default patch is named (nothing given, only opt-in ones like {@code main}, or only exclusions),
     * every default patch is selected.
     *
     * @param options the option string, or null
     * @param found   the patches to select from, as {@link #discover} returns them
     * @return the selection, its patches in {@code found}'s order
     * @throws IllegalArgumentException for a name no patch has
     */
    public static Selection select(String options, List<Patch> found) {
        Set<String> known = new LinkedHashSet<>();
        Set<String> defaults = new LinkedHashSet<>();
        for (Patch p : found) {
            known.add(p.name());
            if (p.byDefault()) {
                defaults.add(p.name());
            }
        }
        Set<String> wanted = new LinkedHashSet<>();
        Set<String> named = new LinkedHashSet<>();
        Set<String> excluded = new LinkedHashSet<>();
        Map<String, String> settings = new LinkedHashMap<>();
        if (options != null && !options.isBlank()) {
            for (String raw : options.strip().split("[,;+\\s]+")) {
                int eq = raw.indexOf('=');
                if (eq >= 0) {
                    String key = raw.substring(0, eq).toLowerCase(Locale.ROOT);
                    if (SETTINGS.contains(key)) {
                        settings.merge(key, raw.substring(eq + 1), (a, b) -> a + "|" + b);
                    } else {
                        Agent.log("option '" + raw + "' is ignored: no such setting (known: " + SETTINGS + ")");
                    }
                    continue;
                }
                String token = raw.toLowerCase(Locale.ROOT);
                boolean exclude = token.startsWith("-");
                String name = exclude ? token.substring(1) : token;
                if (name.equals("all") && !exclude) {
                    wanted.addAll(defaults);
                } else if (!known.contains(name)) {
                    throw new IllegalArgumentException("unknown gevent4j patch '" + raw + "'; known: " + known
                            + " (all: every one but " + notDefault(known, defaults) + "), and -name to leave one out");
                } else if (exclude) {
                    excluded.add(name);
                } else {
                    wanted.add(name);
                    named.add(name);
                }
            }
        }
        if (wanted.stream().noneMatch(defaults::contains)) {
            wanted.addAll(defaults);
        }
        wanted.removeAll(excluded);
        List<Patch> patches =
                found.stream().filter(p -> wanted.contains(p.name())).toList();
        return new Selection(patches, Set.copyOf(named), Map.copyOf(settings));
    }

    private static Set<String> notDefault(Set<String> known, Set<String> defaults) {
        Set<String> rest = new LinkedHashSet<>(known);
        rest.removeAll(defaults);
        return rest;
    }
}
