package io.gevent4j.monkey.programs;

import java.io.File;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * args: n, L, mode (fis | raf). Each greenlet reads a FIFO whose writer, a platform thread (the
 * "peer"), writes its line L ms after start. A FIFO read pins the carrier on JDK 25.
 */
public final class FifoProgram {
    public static void main(String[] args) throws Exception {
        int n = Harness.intArg(args, 0, 100);
        int l = Harness.intArg(args, 1, 1000);
        String mode = args.length > 2 ? args[2] : "fis";
        Path dir = Files.createTempDirectory("gevent4j-fifo");
        File[] fifos = Fifos.make(dir, n);
        for (int i = 0; i < n; i++) {
            int index = i;
            Thread peer = new Thread(() -> {
                // Opening the write end waits for the reader: answer L ms after the greenlet asks.
                try (FileOutputStream out = new FileOutputStream(fifos[index])) {
                    Thread.sleep(l);
                    out.write(("line " + index + "\n").getBytes(StandardCharsets.UTF_8));
                } catch (Exception e) {
                    e.printStackTrace();
                }
            });
            peer.setDaemon(true);
            peer.start();
        }
        Harness.run(n, i -> {
            byte[] buf = new byte[64];
            if (mode.equals("raf")) {
                try (RandomAccessFile raf = new RandomAccessFile(fifos[i], "r")) {
                    int first = raf.read();
                    int k = raf.read(buf, 0, buf.length);
                    int eof = raf.read(buf);
                    return (char) first + new String(buf, 0, k, StandardCharsets.UTF_8).strip() + " eof=" + eof;
                }
            }
            try (FileInputStream in = new FileInputStream(fifos[i])) {
                int first = in.read();
                int k = in.read(buf, 0, buf.length);
                int eof = in.read(buf);
                return (char) first + new String(buf, 0, k, StandardCharsets.UTF_8).strip() + " eof=" + eof;
            }
        });
        // Exceptions are the JDK's own: a read of a closed stream.
        FileInputStream closed = new FileInputStream(fifos.length > 0 ? "/dev/null" : "/dev/null");
        closed.close();
        System.out.println("closedRead="
                + io.gevent4j.Gevent.run(() -> {
                    try {
                        return "read " + closed.read();
                    } catch (java.io.IOException e) {
                        return e.getClass().getName() + ": " + e.getMessage();
                    }
                }));
        for (File f : fifos) {
            f.delete();
        }
        Files.delete(dir);
    }
}
