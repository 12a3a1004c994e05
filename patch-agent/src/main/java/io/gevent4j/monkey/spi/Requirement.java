package io.gevent4j.monkey.spi;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a {@link Patch} needs to apply: classes that must be present, a least Java feature version.
 * Checked before {@link Patch#declare} runs, without loading or initialising any class.
 *
 * <pre>{@code
 * Requirement.classes("com.acme.LegacyClient").and(Requirement.java(22))
 * }</pre>
 */
public final class Requirement {
    /** Needs nothing. */
    public static final Requirement NONE = new Requirement(List.of(), 0);

    private final List<String> classNames;
    private final int java;

    private Requirement(List<String> classNames, int java) {
        this.classNames = List.copyOf(classNames);
        this.java = java;
    }

    /**
     * These classes must be visible to the patch's class loader (as class files: none is loaded).
     *
     * @param names binary names, as {@code Class.getName()} gives them
     * @return a requirement of those classes and no Java version
     */
    public static Requirement classes(String... names) {
        return new Requirement(List.of(names), 0);
    }

    /**
     * The JVM must be Java {@code featureVersion} or newer.
     *
     * @param featureVersion a feature version, as {@code Runtime.version().feature()} gives it
     * @return a requirement of that version and no class
     */
    public static Requirement java(int featureVersion) {
        return new Requirement(List.of(), featureVersion);
    }

    /**
     * Both this and {@code other}.
     *
     * @param other another requirement
     * @return a requirement of the classes of both and the greater of their versions
     */
    public Requirement and(Requirement other) {
        List<String> names = new ArrayList<>(classNames);
        names.addAll(other.classNames);
        return new Requirement(names, Math.max(java, other.java));
    }

    /**
     * The classes required.
     *
     * @return their binary names, unmodifiable, in the order given
     */
    public List<String> classNames() {
        return classNames;
    }

    /**
     * The least Java feature version required.
     *
     * @return the version, or 0 for any
     */
    public int javaVersion() {
        return java;
    }

    /**
     * What is missing when the patch's classes come from {@code loader}. Loads and initialises nothing.
     *
     * @param loader the patch's class loader; null means the system class loader
     * @return the first thing missing, in words ("class com.acme.Client", "Java 22 or newer"), or empty
     *         when the requirement holds
     */
    public Optional<String> unmet(ClassLoader loader) {
        if (Runtime.version().feature() < java) {
            return Optional.of("Java " + java + " or newer");
        }
        ClassLoader l = loader != null ? loader : ClassLoader.getSystemClassLoader();
        for (String name : classNames) {
            if (l.getResource(name.replace('.', '/') + ".class") == null) {
                return Optional.of("class " + name);
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return "Requirement" + classNames + (java > 0 ? " and Java " + java : "");
    }
}
