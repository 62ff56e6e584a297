package city.urbanops.registry.config;

import city.urbanops.security.bounds.RequestBodyLimit;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.security.SecureRandom;
import java.time.Clock;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wiring that belongs to no feature: the clock, the secret generator's randomness, settings, the request body bound, the
 * OpenAPI header.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RegistryProperties.class)
public class RegistryConfiguration {

    @Bean
    @ConditionalOnMissingBean
    public Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    @ConditionalOnMissingBean
    public SecureRandom secureRandom() {
        return new SecureRandom();
    }

    /**
     * Every request body within {@code max-request-bytes} but a bulk import's, which has its own, larger bound and
     * streams its file.
     */
    @Bean
    public FilterRegistrationBean<RequestBodyLimit> requestBodyLimit(RegistryProperties properties) {
        return RequestBodyLimit.of(properties.maxRequestBytes())
                .except("/api/v1/imports", "a bulk import has its own limit").registration("/*");
    }

    @Bean
    public OpenAPI registryOpenApi() {
        return new OpenAPI()
                .info(new Info().title("UrbanOps device registry").version("v1")
                        .description("Departments, districts, sites, device types, devices and gateways; their "
                                + "lifecycle, quarantine and gateway credentials."))
                .components(new Components().addSecuritySchemes("bearer",
                        new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer").bearerFormat("JWT")))
                .addSecurityItem(new SecurityRequirement().addList("bearer"));
    }
}
