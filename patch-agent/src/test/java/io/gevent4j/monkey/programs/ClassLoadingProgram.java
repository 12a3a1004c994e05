package io.gevent4j.monkey.programs;

import io.gevent4j.Gevent;
import io.gevent4j.Greenlet;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.FileInputStream;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;

/**
 * args: n. Writes n small classes to a directory, then greenlets load them with {@code Class.forName}
 * from a class loader over that directory: the VM reads each class file with {@code FileInputStream}
 * inside native frames, so the greenlet is pinned. Prints the {@code FileInputStream} {@code io.gevent4j.Offload} events
 * recorded meanwhile ("classLoadingOffloads="), then those of a plain file read in a greenlet, which
 * is not pinned ("plainReadOffloads="), and "loaded=" (classes loaded), and "loadMs=" (their time).
 */
public final class ClassLoadingProgram {
    private static final int GREENLETS = 10;

    public static void main(String[] args) throws Exception {
        int n = Harness.intArg(args, 0, 300);
        Path dir = Files.createTempDirectory("gevent4j-classes");
        Files.createDirectories(dir.resolve("pinned"));
        for (int i = 0; i < n; i++) {
            Files.write(dir.resolve("pinned/C" + i + ".class"), emptyClass("pinned/C" + i));
        }
        Path plain = dir.resolve("plain.txt");
        Files.writeString(plain, "plain");
        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, null);
                Recording recording = new Recording()) {
            recording.enable("io.gevent4j.Offload").withThreshold(java.time.Duration.ZERO);
            recording.start();
            long t0 = System.nanoTime();
            int loaded = Gevent.run(() -> {
                List<Greenlet<Integer>> all = new ArrayList<>();
                for (int g = 0; g < GREENLETS; g++) {
                    int first = g;
                    all.add(Gevent.spawn(() -> {
                        int count = 0;
                        for (int i = first; i < n; i += GREENLETS) {
                            Class.forName("pinned.C" + i, true, loader);
                            count++;
                        }
                        return count;
                    }));
                }
                Gevent.joinAll(all);
                int sum = 0;
                for (Greenlet<Integer> g : all) {
                    sum += g.get();
                }
                return sum;
            });
            long loadMs = (System.nanoTime() - t0) / 1_000_000;
            System.out.println("loaded=" + loaded);
            System.out.println("loadMs=" + loadMs);
            System.out.println("classLoadingOffloads=" + offloads(recording, dir.resolve("1.jfr")));
            Gevent.run(() -> {
                try (FileInputStream in = new FileInputStream(plain.toFile())) {
                    return in.read(new byte[16]);
                }
            });
            System.out.println("plainReadOffloads=" + offloads(recording, dir.resolve("2.jfr")));
        }
    }

    /** {@code FileInputStream} offload events recorded since the last call (the recording is dumped and read). */
    private static int offloads(Recording recording, Path file) throws IOException {
        recording.dump(file);
        int count = 0;
        for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
            // Reading the recording back is a RandomAccessFile read on a hub's thread: not counted.
            if (e.getEventType().getName().equals("io.gevent4j.Offload")
                    && e.getString("api").startsWith("FileInputStream.")) {
                count++;
            }
        }
        int fresh = count - counted;
        counted = count;
        return fresh;
    }

    /** Offload events counted by {@link #offloads} so far. */
    private static int counted;

    /** The class file of {@code public class <name>} with no members (Java 8 format). */
    private static byte[] emptyClass(String name) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(0xCAFEBABE);
        out.writeShort(0);
        out.writeShort(52);
        out.writeShort(5); // constant pool: 1 utf8 name, 2 class, 3 utf8 Object, 4 class
        out.writeByte(1);
        out.writeUTF(name);
        out.writeByte(7);
        out.writeShort(1);
        out.writeByte(1);
        out.writeUTF("java/lang/Object");
        out.writeByte(7);
        out.writeShort(3);
        out.writeShort(0x0021); // public super
        out.writeShort(2);
        out.writeShort(4);
        out.writeShort(0); // interfaces
        out.writeShort(0); // fields
        out.writeShort(0); // methods
        out.writeShort(0); // attributes
        return bytes.toByteArray();
    }
}
