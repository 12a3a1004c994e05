package io.gevent4j.compat.child;

import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.util.Properties;
import org.eclipse.angus.mail.smtp.SMTPTransport;

/**
 * Jakarta Mail (Eclipse Angus) over SMTP: connect, send one message, QUIT; the parent's SMTP server
 * acknowledges the message L ms after its end.
 */
public final class MailCase extends Case {
    private Session session;

    @Override
    protected void setUp() {
        Properties p = new Properties();
        p.put("mail.smtp.host", "127.0.0.1");
        p.put("mail.smtp.port", Ctx.prop("compat.smtp"));
        p.put("mail.smtp.connectiontimeout", "30000");
        p.put("mail.smtp.timeout", "30000");
        // Named here so that neither EHLO nor Message-ID needs InetAddress.getLocalHost().
        p.put("mail.smtp.localhost", "localhost");
        p.put("mail.from", "compat@localhost");
        session = Session.getInstance(p);
    }

    @Override
    public String call(int i) throws Exception {
        MimeMessage m = new MimeMessage(session);
        m.setFrom(new InternetAddress("greenlet-" + i + "@compat.test"));
        m.setRecipient(Message.RecipientType.TO, new InternetAddress("sink@compat.test"));
        m.setSubject("compat " + ctx.l() + " " + i);
        m.setText("hello " + i);
        try (Transport t = session.getTransport("smtp")) {
            t.connect();
            t.sendMessage(m, m.getAllRecipients());
            return ((SMTPTransport) t).getLastServerResponse();
        }
    }
}
