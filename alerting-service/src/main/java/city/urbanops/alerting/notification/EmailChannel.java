package city.urbanops.alerting.notification;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.time.Instant;
import java.util.Date;
import java.util.Properties;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.mail.MailException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.stereotype.Component;

/**
 * Sends a delivery as a plain-text email through SMTP ({@code spring.mail.*}). Its Message-ID is the delivery's own
 * (derived, so a resend keeps it); an update carries {@code In-Reply-To}/{@code References} of the group's first
 * email, so mail clients show one thread.
 */
@Component
class EmailChannel implements DeliveryChannel {

    /** Jakarta Mail waits forever by default; a hung SMTP server must not stall the dispatcher. */
    private static final String TIMEOUT_MS = "10000";

    private final ObjectProvider<JavaMailSender> sender;
    private final NotificationProperties properties;
    private final Session session = Session.getInstance(new Properties());

    EmailChannel(ObjectProvider<JavaMailSender> sender, NotificationProperties properties) {
        this.sender = sender;
        this.properties = properties;
        sender.ifAvailable(mail -> {
            if (mail instanceof JavaMailSenderImpl impl) {
                Properties p = impl.getJavaMailProperties();
                p.putIfAbsent("mail.smtp.connectiontimeout", TIMEOUT_MS);
                p.putIfAbsent("mail.smtp.timeout", TIMEOUT_MS);
                p.putIfAbsent("mail.smtp.writetimeout", TIMEOUT_MS);
            }
        });
    }

    @Override
    public Delivery.Channel channel() {
        return Delivery.Channel.EMAIL;
    }

    @Override
    public void send(Delivery delivery, Instant now) throws DeliveryFailure {
        JavaMailSender mail = sender.getIfAvailable();
        if (mail == null) {
            throw new DeliveryFailure("no SMTP server configured (spring.mail.host)", false);
        }
        try {
            MimeMessage message = new FixedIdMessage(session, delivery.messageId());
            message.setFrom(new InternetAddress(properties.mailFrom()));
            message.setRecipients(MimeMessage.RecipientType.TO, InternetAddress.parse(delivery.target()));
            message.setSubject(delivery.subject(), "UTF-8");
            message.setText(delivery.body(), "UTF-8");
            message.setSentDate(Date.from(now));
            if (delivery.threadId() != null) {
                message.setHeader("In-Reply-To", delivery.threadId());
                message.setHeader("References", delivery.threadId());
            }
            message.setHeader("X-UrbanOps-Delivery", delivery.id());
            mail.send(message);
        } catch (MessagingException | MailException e) {
            throw new DeliveryFailure("SMTP: " + e.getMessage(), false);
        }
    }

    /** Jakarta Mail replaces the Message-ID on save; ours must survive so threads and resends line up. */
    private static final class FixedIdMessage extends MimeMessage {
        private final String messageId;

        FixedIdMessage(Session session, String messageId) {
            super(session);
            this.messageId = messageId;
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", messageId);
        }
    }
}
