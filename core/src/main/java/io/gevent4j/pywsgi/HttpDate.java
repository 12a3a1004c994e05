package io.gevent4j.pywsgi;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** The {@code Date} header line of responses, formatted once a second and shared by every connection. */
final class HttpDate {
    private record Line(long second, byte[] bytes) {}

    private static final DateTimeFormatter IMF_FIXDATE = DateTimeFormatter.ofPattern(
                    "EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US)
            .withZone(ZoneOffset.UTC);
    private static volatile Line current = new Line(-1, null);

    private HttpDate() {}

    /** {@code Date: <IMF-fixdate>\r\n} for now. */
    static byte[] headerLine() {
        long second = System.currentTimeMillis() / 1000;
        Line line = current;
        if (line.second != second) {
            String date = IMF_FIXDATE.format(Instant.ofEpochSecond(second));
            line = new Line(second, ("Date: " + date + "\r\n").getBytes(StandardCharsets.US_ASCII));
            current = line; // racing formatters write equal lines: no lock needed
        }
        return line.bytes;
    }
}
