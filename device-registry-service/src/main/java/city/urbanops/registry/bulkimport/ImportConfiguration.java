package city.urbanops.registry.bulkimport;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Bulk import's settings, and how Tomcat treats a client that asks before it sends a large upload.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ImportProperties.class)
class ImportConfiguration {

    /**
     * Tomcat answers "100 Continue" only once the application reads the body, so a client that asks before sending
     * a file over the upload limit gets the 413 without sending it (by default Tomcat invites every body at once).
     */
    @Bean
    TomcatConnectorCustomizer continueOnlyWhenTheBodyIsRead() {
        return connector -> connector.setProperty("continueResponseTiming", "onRead");
    }
}
