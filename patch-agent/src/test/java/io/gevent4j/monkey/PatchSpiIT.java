package io.gevent4j.monkey;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gevent4j.monkey.programs.MonkeyProgram;
import io.gevent4j.monkey.programs.spi.OldClassPatch;
import io.gevent4j.monkey.programs.spi.OldClassProgram;
import io.gevent4j.monkey.programs.spi.SpiProgram;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.ClassFileVersion;
import net.bytebuddy.description.modifier.Ownership;
import net.bytebuddy.description.modifier.Visibility;
import net.bytebuddy.implementation.FixedValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Patches of a third party ({@code programs.spi}), found on the class path: offload and redirect of an
 * application class's methods, a patch that cannot apply (reported once, the rest applies), one whose
 * library is absent (silent unless named), and options that leave patches out.
 */
class PatchSpiIT {
    @Test
    void aThirdPartyPatchOffloadsAndRedirectsInHubCodeOnly() {
        Jvm.Result r = Jvm.withTestPatches(null, SpiProgram.class);
        assertEquals(0, r.exit(), r::toString);
        assertEquals("[time, socket, dns, io, process, thread, library]", r.line("patched"), r::toString);
        // Outside any hub, every method runs as written, on the calling thread.
        assertEquals("42 on main", r.line("plain.twice(21)"), r::toString);
        assertEquals("lib greets you on main", r.line("plain.greet"), r::toString);
        assertEquals("threw java.io.IOException: boom from lib on main", r.line("plain.fail"), r::toString);
        assertEquals("2 on main", r.line("plain.next"), r::toString);
        assertEquals("returned on main", r.line("plain.check"), r::toString);
        // In a greenlet: offloaded to the hub's pool (results and exceptions the method's own), kept
        // inline where the patch says so, redirected (checked exceptions included).
        assertEquals("42 on pool", r.line("greenlet.twice(21)"), r::toString);
        assertEquals("4 on greenlet", r.line("greenlet.twice(2)"), r::toString);
        assertEquals("lib greets you on pool", r.line("greenlet.greet"), r::toString);
        assertEquals("threw java.io.IOException: boom from lib on pool", r.line("greenlet.fail"), r::toString);
        assertEquals("101 on redirected", r.line("greenlet.next"), r::toString);
        assertEquals(
                "threw java.lang.Exception: checked, from the redirect on redirected",
                r.line("greenlet.check"),
                r::toString);
        // The broken patch is reported once; the absent library's patch is silent.
        assertEquals(1, r.err().lines().count(), r::toString);
        assertTrue(r.err().startsWith("gevent4j: patch 'broken' failed, its calls run unpatched: "), r::toString);
        assertTrue(
                r.err()
                        .contains(
                                "BrokenPatch has no static method next(io.gevent4j.monkey.programs.spi.Library, long)"),
                r::toString);
    }

    @Test
    void optionsLeavePatchesOutAndNameUnmetOnes() {
        Jvm.Result r = Jvm.withTestPatches("all,-thread,-library,-broken,absent", SpiProgram.class);
        assertEquals(0, r.exit(), r::toString);
        assertEquals("[time, socket, dns, io, process]", r.line("patched"), r::toString);
        assertEquals("42 on greenlet", r.line("greenlet.twice(21)"), r::toString);
        assertEquals(
                "gevent4j: patch 'absent' needs class com.example.absent.Client, it is left out\n",
                r.err(),
                r::toString);
    }

    @Test
    void monkeyPatchAllLeavesOutWhatItIsTold() {
        Jvm.Result r = Jvm.run(
                Jvm.JAVA, List.of("-XX:+EnableDynamicAgentLoading"), MonkeyProgram.class.getName(), "-thread,-socket");
        assertEquals(0, r.exit(), r::toString);
        assertEquals("[time, dns, io, process]", r.line("patched"), r::toString);
        assertEquals("", r.err(), r::toString);
    }

    @Test
    void aClassFileTooOldForTheWovenCallIsLeftAsItIsAndSaidSo(@TempDir Path dir) throws Exception {
        // A Java 6 class file cannot hold an invokedynamic: weaving one into it would keep it from loading.
        byte[] old = new ByteBuddy(ClassFileVersion.JAVA_V6)
                .subclass(Object.class)
                .name("old.Old")
                .defineMethod("get", String.class, Visibility.PUBLIC, Ownership.STATIC)
                .intercept(FixedValue.value("from a Java 6 class"))
                .make()
                .getBytes();
        Files.createDirectories(dir.resolve("old"));
        Files.write(dir.resolve("old/Old.class"), old);
        Path services = dir.resolve("META-INF/services/io.gevent4j.monkey.spi.Patch");
        Files.createDirectories(services.getParent());
        Files.writeString(services, OldClassPatch.class.getName() + "\n");

        Jvm.Result r = Jvm.withClassPath(dir, null, OldClassProgram.class);
        assertEquals(0, r.exit(), r::toString);
        assertEquals("from a Java 6 class", r.line("get"), r::toString);
        assertEquals("[time, socket, dns, io, process, thread]", r.line("patched"), r::toString);
        assertEquals(1, r.err().lines().count(), r::toString);
        assertTrue(
                r.err().startsWith("gevent4j: patch 'old-class' failed, its calls run unpatched: ")
                        && r.err()
                                .contains(
                                        "old.Old is a class file of Java 6: only Java 7 or newer class files can be patched"),
                r::toString);
    }
}
