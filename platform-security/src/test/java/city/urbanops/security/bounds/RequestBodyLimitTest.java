package city.urbanops.security.bounds;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/** A body beyond the bound is refused with 413 whether or not its length was declared; an exempt path is not bounded. */
class RequestBodyLimitTest {

    private final RequestBodyLimit limit = RequestBodyLimit.of(10).except("/api/v1/imports",
            "a bulk import has its own limit");

    @Test
    void aBodyDeclaredLargerThanTheBoundIsRefusedBeforeTheChainRuns() throws Exception {
        var response = new MockHttpServletResponse();
        var chain = new MockFilterChain();

        limit.doFilter(request("/api/v1/departments", "x".repeat(11)), response, chain);

        assertThat(response.getStatus()).isEqualTo(413);
        assertThat(response.getContentType()).startsWith("application/problem+json");
        assertThat(response.getContentAsString()).contains("payload-too-large")
                .contains("A request body may be at most 10 bytes (a bulk import has its own limit).");
        assertThat(chain.getRequest()).isNull();
    }

    @Test
    void aBodyWithoutALengthIsReadUpToTheBoundAndRefusedBeyondIt() throws Exception {
        var response = new MockHttpServletResponse();
        var chain = new MockFilterChain();

        limit.doFilter(withoutLength(request("/api/v1/departments", "x".repeat(11))), response, chain);

        assertThat(response.getStatus()).isEqualTo(413);
        assertThat(chain.getRequest()).isNull();
    }

    @Test
    void aBodyWithoutALengthWithinTheBoundReachesTheHandlerWhole() throws Exception {
        var chain = new MockFilterChain();

        limit.doFilter(withoutLength(request("/api/v1/departments", "0123456789")), new MockHttpServletResponse(),
                chain);

        var passed = (HttpServletRequest) chain.getRequest();
        assertThat(passed.getContentLengthLong()).isEqualTo(10);
        assertThat(new String(passed.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("0123456789");
    }

    @Test
    void anExemptPathAndWhatIsBelowItAreNotBounded() throws Exception {
        for (var path : new String[] {"/api/v1/imports", "/api/v1/imports/42/file"}) {
            var response = new MockHttpServletResponse();
            var chain = new MockFilterChain();

            limit.doFilter(request(path, "x".repeat(100)), response, chain);

            assertThat(response.getStatus()).as(path).isEqualTo(200);
            assertThat(chain.getRequest()).as(path).isNotNull();
        }
        var response = new MockHttpServletResponse();
        limit.doFilter(request("/api/v1/importsx", "x".repeat(100)), response, new MockFilterChain());
        assertThat(response.getStatus()).isEqualTo(413);
    }

    @Test
    void withoutExemptionsTheRefusalNamesOnlyTheBound() throws Exception {
        var response = new MockHttpServletResponse();

        RequestBodyLimit.of(10).doFilter(request("/api/v1/rules", "x".repeat(11)), response, new MockFilterChain());

        assertThat(response.getContentAsString()).contains("\"detail\":\"A request body may be at most 10 bytes.\"");
    }

    private static MockHttpServletRequest request(String path, String body) {
        var request = new MockHttpServletRequest("POST", path);
        request.setContent(body.getBytes(StandardCharsets.UTF_8));
        return request;
    }

    /** The request as a chunked one arrives: no declared length. */
    private static HttpServletRequest withoutLength(HttpServletRequest request) {
        return new HttpServletRequestWrapper(request) {
            @Override
            public int getContentLength() {
                return -1;
            }

            @Override
            public long getContentLengthLong() {
                return -1;
            }
        };
    }
}
