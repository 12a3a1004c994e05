package io.gevent4j.monkey.programs;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Named pipes for the tests, made with one mkfifo process; deleted when the JVM exits. */
final class Fifos {
    private Fifos() {}

    static File[] make(Path dir, int n) throws Exception {
        File[] fifos = new File[n];
        dir.toFile().deleteOnExit(); // registered first, so deleted last
        List<String> cmd = new ArrayList<>(List.of("mkfifo"));
        for (int i = 0; i < n; i++) {
            fifos[i] = dir.resolve("f" + i).toFile();
            fifos[i].deleteOnExit();
            cmd.add(fifos[i].getPath());
        }
        if (n > 0 && new ProcessBuilder(cmd).inheritIO().start().waitFor() != 0) {
            throw new IllegalStateException("mkfifo failed");
        }
        return fifos;
    }
}
