package city.urbanops.operatorapi.relay;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import java.net.http.HttpClient;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;
import org.springframework.web.client.RestClient;

/**
 * One {@link RestClient} per service operator-api reads from, each relaying the user's token ({@link UserTokenRelay})
 * with bounded connect and read timeouts. Inject them by name: {@code alertingClient}, {@code registryClient},
 * {@code rulesClient}, {@code telemetryClient}.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(OperatorServicesProperties.class)
public class ServiceClients {

    @Bean
    UserTokenRelay userTokenRelay(OAuth2AuthorizedClientManager authorizedClientManager) {
        return new UserTokenRelay(authorizedClientManager);
    }

    @Bean
    public RestClient alertingClient(OperatorServicesProperties services, UserTokenRelay relay) {
        return client(services, relay, services.alerting().toString());
    }

    @Bean
    public RestClient registryClient(OperatorServicesProperties services, UserTokenRelay relay) {
        return client(services, relay, services.registry().toString());
    }

    @Bean
    public RestClient rulesClient(OperatorServicesProperties services, UserTokenRelay relay) {
        return client(services, relay, services.rules().toString());
    }

    @Bean
    public RestClient telemetryClient(OperatorServicesProperties services, UserTokenRelay relay) {
        return client(services, relay, services.telemetry().toString());
    }

    private static RestClient client(OperatorServicesProperties services,
            UserTokenRelay relay, String baseUrl) {
        var http = HttpClient.newBuilder().connectTimeout(services.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        var requests = new JdkClientHttpRequestFactory(http);
        requests.setReadTimeout(services.readTimeout());
        return RestClient.builder()
                .baseUrl(baseUrl)
                .requestFactory(requests)
                .requestInterceptor(relay)
                .build();
    }
}
