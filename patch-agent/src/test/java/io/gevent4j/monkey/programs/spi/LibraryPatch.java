package io.gevent4j.monkey.programs.spi;

import io.gevent4j.monkey.spi.Patch;
import io.gevent4j.monkey.spi.Patching;

/** A third party's patch of {@link Library}: every word of the SPI. */
public final class LibraryPatch implements Patch {
    static final String LIBRARY = "io.gevent4j.monkey.programs.spi.Library";

    @Override
    public String name() {
        return "library";
    }

    @Override
    public void declare(Patching patching) {
        patching.method(LIBRARY, "twice", int.class).offload().unless(LibraryPatch.class, "small");
        patching.method(LIBRARY, "greet", String.class).offload();
        patching.method(LIBRARY, "fail").offload();
        patching.method(LIBRARY, "next", long.class).redirectTo(LibraryPatch.class, "next");
        patching.method(LIBRARY, "check").redirectTo(LibraryPatch.class, "check");
    }

    static boolean small(int x) {
        return x < 10;
    }

    static long next(Object library, long x) {
        Library.ranOn = "redirected";
        return x + 100;
    }

    static void check(Library library) throws Exception {
        Library.ranOn = "redirected";
        throw new Exception("checked, from the redirect");
    }
}
