package city.urbanops.localplatform.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.Session;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class MailSinkTest {

    @Test
    void aMailWithTextAndHtmlIsReadFromItsTextPart() throws Exception {
        var alternative = new MimeMultipart("alternative");
        alternative.addBodyPart(part("<p>Water above <b>1 m</b></p>", "text/html; charset=utf-8"));
        alternative.addBodyPart(part("Water above 1 m", "text/plain; charset=utf-8"));
        var mixed = new MimeMultipart("mixed");
        var wrapper = new MimeBodyPart();
        wrapper.setContent(alternative);
        mixed.addBodyPart(wrapper);

        assertThat(MailSink.readableBody(message(mixed))).contains("Water above 1 m");
    }

    @Test
    void anHtmlOnlyMailIsShownAsItsSource() throws Exception {
        var message = new MimeMessage(Session.getInstance(new Properties()));
        message.setContent("<p>Water above 1 m</p>", "text/html; charset=utf-8");
        message.saveChanges();

        assertThat(MailSink.readableBody(message)).contains("<p>Water above 1 m</p>");
    }

    private static MimeBodyPart part(String content, String type) throws Exception {
        var part = new MimeBodyPart();
        part.setContent(content, type);
        return part;
    }

    private static MimeMessage message(MimeMultipart content) throws Exception {
        var message = new MimeMessage(Session.getInstance(new Properties()));
        message.setContent(content);
        message.saveChanges();
        return message;
    }
}
