package io.gevent4j.monkey.programs.spi;

import io.gevent4j.monkey.spi.Patch;
import io.gevent4j.monkey.spi.Patching;
import io.gevent4j.monkey.spi.Requirement;

/** A patch for a library this program does not have: left out, silently unless named. */
public final class AbsentLibraryPatch implements Patch {
    @Override
    public String name() {
        return "absent";
    }

    @Override
    public Requirement requires() {
        return Requirement.classes("com.example.absent.Client");
    }

    @Override
    public void declare(Patching patching) {
        throw new AssertionError("never declared: its requirement is unmet");
    }
}
