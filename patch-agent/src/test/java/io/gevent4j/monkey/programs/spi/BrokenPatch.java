package io.gevent4j.monkey.programs.spi;

import io.gevent4j.monkey.spi.Patch;
import io.gevent4j.monkey.spi.Patching;

/** A patch that cannot be applied: its redirect target does not fit the method. */
public final class BrokenPatch implements Patch {
    @Override
    public String name() {
        return "broken";
    }

    @Override
    public void declare(Patching patching) {
        patching.method(LibraryPatch.LIBRARY, "next", long.class).redirectTo(BrokenPatch.class, "next");
    }

    static String next(Library library, long x) {
        return "wrong return type";
    }
}
