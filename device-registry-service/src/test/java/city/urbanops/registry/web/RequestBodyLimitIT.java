package city.urbanops.registry.web;

import static org.assertj.core.api.Assertions.assertThat;

import city.urbanops.registry.support.RegistryApi;
import city.urbanops.registry.support.RegistryServiceIT;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Flow;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** No request but a bulk import may make the registry hold more than its body bound in memory, with or without a length. */
class RequestBodyLimitIT extends RegistryServiceIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final int FIVE_MB = 5 * 1024 * 1024;

    @Autowired
    private JdbcTemplate jdbc;

    @Test
    void aBodyDeclaredLargerThanTheBoundIsRefusedAs413AndChangesNothing() throws Exception {
        String id = newId("big");
        var response = post(id, HttpRequest.BodyPublishers.ofString(department(id, FIVE_MB)));

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(response.body()).contains("payload-too-large");
        assertThat(jdbc.queryForObject("select count(*) from department where id = ?", Long.class, id)).isZero();
    }

    @Test
    void aBodySentWithoutALengthIsReadOnlyUpToTheBoundThenRefused() throws Exception {
        String id = newId("chunked");
        var response = post(id, chunked(department(id, FIVE_MB)));

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(jdbc.queryForObject("select count(*) from department where id = ?", Long.class, id)).isZero();
    }

    @Test
    void aSmallBodySentWithoutALengthIsHandledAsUsual() throws Exception {
        String id = newId("small");
        var response = post(id, chunked(department(id, 0)));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    }

    @Test
    void withoutATokenTheAnswerIs401WhateverTheSize() throws Exception {
        var request = HttpRequest.newBuilder(URI.create(baseUrl() + "/api/v1/departments"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(department("x", FIVE_MB))).build();

        assertThat(HTTP.send(request, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
    }

    private HttpResponse<String> post(String id, HttpRequest.BodyPublisher body) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(baseUrl() + "/api/v1/departments"))
                .header("Authorization", "Bearer " + RegistryApi.tokenOf("admin"))
                .header("Content-Type", "application/json").POST(body).build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** A department to create, with {@code padding} bytes of a member the registry does not know. */
    private static String department(String id, int padding) {
        return "{\"id\":\"" + id + "\",\"name\":\"limit test\",\"padding\":\"" + "x".repeat(padding) + "\"}";
    }

    /** A publisher without a content length, so the client sends the body chunked. */
    private static HttpRequest.BodyPublisher chunked(String body) {
        var bytes = HttpRequest.BodyPublishers.ofByteArray(body.getBytes(StandardCharsets.UTF_8));
        return new HttpRequest.BodyPublisher() {
            @Override
            public long contentLength() {
                return -1;
            }

            @Override
            public void subscribe(Flow.Subscriber<? super ByteBuffer> subscriber) {
                bytes.subscribe(subscriber);
            }
        };
    }
}
