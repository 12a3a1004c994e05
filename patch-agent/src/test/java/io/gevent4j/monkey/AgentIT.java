package io.gevent4j.monkey;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.gevent4j.monkey.programs.MainOptionProgram;
import io.gevent4j.monkey.programs.MonkeyProgram;
import io.gevent4j.monkey.programs.QuietProgram;
import io.gevent4j.testkit.Prerequisites;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The agent as a whole: entry points, options, old JDKs, and programs that never use greenlets. */
class AgentIT {
    @Test
    void aProgramWithoutGreenletsBehavesIdentically() {
        Jvm.Result with = Jvm.withAgent(null, List.of(), QuietProgram.class);
        Jvm.Result without = Jvm.withoutAgent(List.of(), QuietProgram.class);
        assertEquals(0, with.exit(), with::toString);
        assertEquals(without.out(), with.out());
        assertEquals(without.err(), with.err());
        assertEquals("stderr line\n", with.err());
    }

    @Test
    void noFlagIsNeededWithTheAgent() {
        // No --add-opens: the agent opens java.lang to gevent4j-core itself.
        Jvm.Result r = Jvm.run(Jvm.JAVA, List.of("-javaagent:" + Jvm.AGENT_JAR), MonkeyProgram.class.getName());
        assertEquals(0, r.exit(), r::toString);
        assertEquals("true", r.line("before"), r::toString);
        assertEquals("true", r.line("hubThreadSleepRanTask"), r::toString);
        assertEquals("", r.err(), r::toString);
    }

    @Test
    void monkeyPatchAllSelfAttachesAndPatchesLate() {
        Jvm.Result r = Jvm.run(Jvm.JAVA, List.of("-XX:+EnableDynamicAgentLoading"), MonkeyProgram.class.getName());
        assertEquals(0, r.exit(), r::toString);
        assertEquals("false", r.line("before"), r::toString);
        assertEquals("[time, socket, dns, io, process, thread]", r.line("patched"), r::toString);
        assertEquals("true", r.line("hubThreadSleepRanTask"), r::toString);
        assertEquals("", r.err(), "no dynamic-agent or Unsafe warning: " + r);
    }

    @Test
    void monkeyPatchAllWithASubset() {
        Jvm.Result r =
                Jvm.run(Jvm.JAVA, List.of("-XX:+EnableDynamicAgentLoading"), MonkeyProgram.class.getName(), "time,dns");
        assertEquals(0, r.exit(), r::toString);
        assertEquals("[time, dns]", r.line("patched"), r::toString);
    }

    @Test
    void optionMainRunsMainAsTheRootGreenlet() {
        Jvm.Result r = Jvm.withAgent("main", List.of(), MainOptionProgram.class, "a", "b");
        assertEquals(0, r.exit(), r::toString);
        assertEquals("true", r.line("mainInGreenlet"), r::toString);
        assertEquals("a,b", r.line("args"), r::toString);
        assertEquals("true", r.line("sleepRanOtherGreenlet"), r::toString);
        assertEquals("", r.err(), r::toString);

        Jvm.Result plain = Jvm.withAgent(null, List.of(), MainOptionProgram.class, "a");
        assertEquals("false", plain.line("mainInGreenlet"), plain::toString);
    }

    @Test
    void optionMainRethrowsWhatMainThrowsOnce() {
        Jvm.Result with = Jvm.withAgent("main", List.of(), MainOptionProgram.class, "fail");
        Jvm.Result without = Jvm.withoutAgent(List.of(), MainOptionProgram.class, "fail");
        assertEquals(without.exit(), with.exit());
        assertTrue(
                with.err().startsWith("Exception in thread \"main\" java.lang.IllegalStateException: boom from main"),
                with::toString);
        assertEquals(1, with.err().split("boom from main", -1).length - 1, with::toString);
    }

    @Test
    void anUnknownPatchNameIsReportedAndTheProgramStillRuns() {
        Jvm.Result r = Jvm.withAgent("time,bogus", List.of(), MainOptionProgram.class);
        assertEquals(0, r.exit(), r::toString);
        assertTrue(r.err().startsWith("gevent4j: the patch agent failed to start"), r::toString);
        assertEquals(1, r.err().lines().count(), r::toString);
        assertEquals("false", r.line("mainInGreenlet"), r::toString);
    }

    @Test
    void onJdk17TheAgentWarnsOnceAndTheProgramRuns() throws Exception {
        // What docs/AGENT.md promises for old JVMs: without a JDK 17 this test fails, unless scripts/test.sh
        // could not install one (no root, no package registry), which then fails the run naming this test.
        Path java17 = Jdk17.java().orElseGet(() -> {
            Prerequisites.abortIfUnavailable("jdk17", "AgentIT.onJdk17TheAgentWarnsOnceAndTheProgramRuns");
            return fail("No JDK 17 found (none named by -Dgevent4j.jdk17 or GEVENT4J_JDK17, none in " + Jdk17.DIRS
                    + "): install one with `apt-get install openjdk-17-jdk-headless` (scripts/test.sh does this when it"
                    + " runs as root or with sudo) or name its home with GEVENT4J_JDK17.");
        });
        Path dir = Files.createTempDirectory("gevent4j-jdk17");
        Path source = dir.resolve("Hello17.java");
        Files.writeString(
                source,
                "public class Hello17 { public static void main(String[] a) throws Exception {"
                        + " Thread.sleep(10); System.out.println(\"hello from \" + System.getProperty(\"java.specification.version\")); } }");
        Jvm.Result r = Jvm.run(java17.toString(), List.of("-javaagent:" + Jvm.AGENT_JAR + "=main"), source.toString());
        assertEquals(0, r.exit(), r::toString);
        assertEquals("hello from 17\n", r.out(), r::toString);
        assertEquals(1, r.err().lines().count(), r::toString);
        assertTrue(
                r.err().startsWith("gevent4j: the patch agent needs Java 21 or newer, this is Java 17"), r::toString);
        assertFalse(r.err().contains("Exception"), r::toString);
        Files.delete(source);
        Files.delete(dir);
    }
}
