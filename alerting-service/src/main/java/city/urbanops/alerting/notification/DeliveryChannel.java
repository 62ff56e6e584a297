package city.urbanops.alerting.notification;

import java.time.Instant;

/** One way out of the service (SMTP, webhooks); an attempt either returns or throws {@link DeliveryFailure}. */
interface DeliveryChannel {

    Delivery.Channel channel();

    void send(Delivery delivery, Instant now) throws DeliveryFailure;
}
