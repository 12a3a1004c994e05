package io.gevent4j.monkey.programs.spi;

import io.gevent4j.monkey.spi.Patch;
import io.gevent4j.monkey.spi.Patching;

/** Offloads a method of {@code old.Old}, a Java 6 class file that PatchSpiIT writes. */
public final class OldClassPatch implements Patch {
    @Override
    public String name() {
        return "old-class";
    }

    @Override
    public void declare(Patching patching) {
        patching.method("old.Old", "get").offload();
    }
}
