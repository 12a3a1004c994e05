package io.gevent4j.compat.child;

import java.io.File;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code FileInputStream} reads of a named pipe whose writer (a platform thread of this JVM, blocked
 * opening its end) writes a line L ms after the greenlet opened the pipe, then closes it.
 */
public final class FifoCase extends Case {
    private Path dir;
    private File[] fifos;

    @Override
    protected void setUp() throws Exception {
        dir = Files.createTempDirectory("gevent4j-compat-fifo");
        fifos = new File[ctx.n() + 1];
        List<String> mkfifo = new ArrayList<>(List.of("mkfifo"));
        for (int i = 0; i < fifos.length; i++) {
            fifos[i] = dir.resolve("f" + i).toFile();
            mkfifo.add(fifos[i].getPath());
        }
        if (new ProcessBuilder(mkfifo).inheritIO().start().waitFor() != 0) {
            throw new IllegalStateException("mkfifo failed");
        }
        for (int i = 0; i < fifos.length; i++) {
            int index = i;
            Thread writer = new Thread(
                    () -> {
                        try (FileOutputStream out = new FileOutputStream(fifos[index])) { // waits for the reader
                            Thread.sleep(ctx.l());
                            out.write(Io.bytes("line " + index + "\n"));
                        } catch (Exception e) {
                            e.printStackTrace();
                        }
                    },
                    "fifo-writer-" + i);
            writer.setDaemon(true);
            writer.start();
        }
    }

    @Override
    public String call(int i) throws Exception {
        try (FileInputStream in = new FileInputStream(fifos[i])) {
            byte[] buf = new byte[64];
            int first = in.read();
            int k = in.read(buf, 0, buf.length);
            int eof = in.read(buf);
            return Ctx.expect("line " + i, (char) first + Io.string(buf, k).strip()) + " eof=" + eof;
        }
    }

    @Override
    protected void close() throws Exception {
        for (File f : fifos) {
            Files.deleteIfExists(f.toPath());
        }
        Files.deleteIfExists(dir);
    }
}
