package city.urbanops.localplatform.inbox;

import com.icegreen.greenmail.mail.MovingMessage;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Address;
import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.time.Clock;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A local SMTP server (GreenMail) that accepts every mail for any address and hands it to a {@link Recent} log, where
 * the inbox page shows it. GreenMail's own mailboxes stay empty: each delivery goes to a recipient that only records
 * it, so a storm of mails is bounded by the log, not kept forever. No IMAP or POP3 is started.
 */
public final class MailSink implements AutoCloseable {

    /** A body above this is cut: the page shows mails to be read, not archived. */
    static final int MAX_BODY_CHARS = 64 * 1024;

    private final GreenMail greenMail;
    private final Recent<Mail> mails;

    private MailSink(GreenMail greenMail, Recent<Mail> mails) {
        this.greenMail = greenMail;
        this.mails = mails;
    }

    /** Starts SMTP on {@code port} of the loopback interface (0: any free port). */
    public static MailSink start(int port, Recent<Mail> mails, Clock clock) {
        var setup = new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP);
        var greenMail = new GreenMail(port == 0 ? setup.dynamicPort() : setup);
        greenMail.getUserManager().setMessageDeliveryHandler((message, recipient) -> {
            mails.add(read(message, recipient.getEmail(), clock));
            return new RecordingOnly(recipient.getEmail());
        });
        greenMail.start();
        return new MailSink(greenMail, mails);
    }

    public int port() {
        return greenMail.getSmtp().getPort();
    }

    public Recent<Mail> mails() {
        return mails;
    }

    @Override
    public void close() {
        greenMail.stop();
    }

    static Mail read(MovingMessage moving, String recipient, Clock clock) throws MessagingException {
        MimeMessage message = moving.getMessage();
        return new Mail(clock.instant(), recipient, addresses(message.getFrom()),
                addresses(message.getRecipients(jakarta.mail.Message.RecipientType.TO)),
                Optional.ofNullable(message.getSubject()).orElse("(no subject)"),
                cut(readableBody(message).orElse("(no text part)")), message.getMessageID());
    }

    /** The text/plain part if there is one anywhere in the structure, else the first text/html part's source. */
    static Optional<String> readableBody(Part part) throws MessagingException {
        try {
            return textPart(part, "text/plain").or(() -> {
                try {
                    return textPart(part, "text/html");
                } catch (MessagingException | IOException e) {
                    return Optional.of("(unreadable body: " + e.getMessage() + ")");
                }
            });
        } catch (IOException e) {
            return Optional.of("(unreadable body: " + e.getMessage() + ")");
        }
    }

    private static Optional<String> textPart(Part part, String type) throws MessagingException, IOException {
        if (part.isMimeType(type) && part.getContent() instanceof String text) {
            return Optional.of(text);
        }
        if (part.isMimeType("multipart/*") && part.getContent() instanceof Multipart multipart) {
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart child = multipart.getBodyPart(i);
                var found = textPart(child, type);
                if (found.isPresent()) {
                    return found;
                }
            }
        }
        return Optional.empty();
    }

    private static String addresses(Address[] addresses) {
        return addresses == null ? "" : Arrays.stream(addresses).map(Address::toString)
                .collect(Collectors.joining(", "));
    }

    private static String cut(String body) {
        return body.length() <= MAX_BODY_CHARS ? body
                : body.substring(0, MAX_BODY_CHARS) + "\n… (cut at " + MAX_BODY_CHARS + " characters)";
    }

    /** The delivery target GreenMail gets: the mail was recorded already, so storing it is skipped. */
    private record RecordingOnly(String email) implements GreenMailUser {
        @Override
        public String getEmail() {
            return email;
        }

        @Override
        public String getLogin() {
            return email;
        }

        @Override
        public void deliver(MovingMessage msg) {
            // Recorded by the delivery handler; keeping a second copy would grow without bound.
        }

        @Override
        public void deliver(MimeMessage msg) {
            // As above.
        }

        // No mailbox, no login: nobody reads this sink over IMAP or POP3, so there is nothing to create, delete or
        // protect with a password.
        @Override
        public void create() {
        }

        @Override
        public void delete() {
        }

        @Override
        public String getPassword() {
            return "";
        }

        @Override
        public void setPassword(String password) {
        }

        @Override
        public void authenticate(String password) {
        }

        @Override
        public String getQualifiedMailboxName() {
            return email;
        }
    }
}
