package dev.sift.app.notification;

import dev.sift.core.notification.Channel;
import dev.sift.core.notification.Notification;
import jakarta.mail.Address;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.time.Clock;
import java.util.Date;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Sends a notification as a plain-text mail over SMTP (Jakarta Mail): STARTTLS when the channel asks for it (then
 * required, never silently skipped), and authentication when it has a username. The dedup key goes into the
 * {@code X-Sift-Delivery} header, so a mail filter can drop a re-delivery.
 */
final class MailSender implements Sender {
    private static final String TIMEOUT_MILLIS = "10000";

    private final Clock clock;

    MailSender(Clock clock) {
        this.clock = clock;
    }

    @Override
    public void send(Channel channel, Notification n) throws DeliveryFailed {
        Channel.Email mail = (Channel.Email) channel;
        Properties p = new Properties();
        p.put("mail.smtp.host", mail.host());
        p.put("mail.smtp.port", Integer.toString(mail.port()));
        p.put("mail.smtp.connectiontimeout", TIMEOUT_MILLIS);
        p.put("mail.smtp.timeout", TIMEOUT_MILLIS);
        p.put("mail.smtp.writetimeout", TIMEOUT_MILLIS);
        if (mail.starttls()) {
            p.put("mail.smtp.starttls.enable", "true");
            p.put("mail.smtp.starttls.required", "true");
        }
        p.put("mail.smtp.auth", Boolean.toString(mail.username() != null));
        Session session = Session.getInstance(p);
        try {
            MimeMessage m = new MimeMessage(session);
            m.setFrom(new InternetAddress(mail.from()));
            Address[] to = new Address[mail.to().size()];
            for (int i = 0; i < to.length; i++) {
                to[i] = new InternetAddress(mail.to().get(i));
            }
            m.setRecipients(Message.RecipientType.TO, to);
            m.setSubject(subject(n), "UTF-8");
            m.setText(text(n), "UTF-8");
            m.setSentDate(Date.from(clock.instant()));
            m.setHeader(WebhookSender.DELIVERY, n.dedupKey());
            m.setHeader(WebhookSender.EVENT, n.event().wireName());
            if (mail.username() != null) {
                Transport.send(m, mail.username(), mail.password().value());
            } else {
                Transport.send(m);
            }
        } catch (AuthenticationFailedException e) {
            throw new DeliveryFailed("the SMTP server refused the username or password", false);
        } catch (SendFailedException e) {
            boolean permanent = e.getInvalidAddresses() != null && e.getInvalidAddresses().length > 0;
            throw new DeliveryFailed("the SMTP server refused the mail: " + message(e)
                    + (permanent ? " (not retried: invalid addresses)" : ""), !permanent);
        } catch (MessagingException e) {
            throw new DeliveryFailed("SMTP " + mail.host() + ":" + mail.port() + ": " + message(e), true);
        }
    }

    static String subject(Notification n) {
        return "[Sift] #" + n.incidentId() + " " + n.priority() + " " + n.event().phrase() + ": " + n.title();
    }

    static String text(Notification n) {
        StringBuilder b = new StringBuilder();
        b.append(n.message() == null ? n.event().phrase() : n.message()).append("\n\n");
        b.append("Incident:  #").append(n.incidentId()).append(' ').append(n.title()).append('\n');
        b.append("Status:    ").append(n.status()).append('\n');
        b.append("Priority:  ").append(n.priority());
        if (n.previousPriority() != null) {
            b.append(" (was ").append(n.previousPriority()).append(')');
        }
        b.append('\n');
        b.append("Queue:     ").append(n.queue()).append('\n');
        if (n.runbook() != null) {
            b.append("Runbook:   ").append(n.runbook()).append('\n');
        }
        b.append("When:      ").append(n.at()).append('\n');
        if (!n.labels().isEmpty()) {
            b.append("\nLabels:\n");
            for (Map.Entry<String, String> e : new TreeMap<>(n.labels()).entrySet()) {
                b.append("  ").append(e.getKey()).append('=').append(e.getValue()).append('\n');
            }
        }
        b.append("\n-- \nSift, event ").append(n.event().wireName()).append(", delivery ").append(n.dedupKey())
                .append('\n');
        return b.toString();
    }

    private static String message(Exception e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause(); // the root cause says it best: "Connection refused"
        }
        String m = t.getMessage();
        return WebhookSender.abbreviate(m == null ? t.getClass().getSimpleName() : m);
    }
}
