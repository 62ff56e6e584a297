package city.urbanops.alerting.notification;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Binds the notification and webhook settings; the webhook secrets' cipher refuses to start without a key. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({NotificationProperties.class, WebhookProperties.class})
class NotificationConfiguration {

    @Bean
    WebhookSecretCipher webhookSecretCipher(WebhookProperties properties) {
        return WebhookSecretCipher.of(properties.encryptionKeys());
    }
}
