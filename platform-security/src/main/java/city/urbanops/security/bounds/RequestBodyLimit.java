package city.urbanops.security.bounds;

import city.urbanops.security.problem.ProblemTypes;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Bounds the body of every request it is registered for: one declared larger than {@code maxBytes} is refused with
 * 413 problem+json ({@code payload-too-large}) before a byte is read; one sent without a length is read up to the
 * bound and refused once it goes beyond. So no request makes a service hold an unbounded JSON document in memory.
 * A path with its own, larger bound (a streamed upload) is exempted with {@link #except}, and the refusal says so.
 * Register it with {@link #registration}, which places it after Spring Security's filter chain, so a caller without a
 * token learns nothing but 401 whatever the size.
 */
public final class RequestBodyLimit extends OncePerRequestFilter {

    private final long maxBytes;
    private final List<String> exemptPaths;
    private final List<String> exemptionNotes;

    private RequestBodyLimit(long maxBytes, List<String> exemptPaths, List<String> exemptionNotes) {
        if (maxBytes < 1) {
            throw new IllegalArgumentException("maxBytes must be positive, was " + maxBytes);
        }
        this.maxBytes = maxBytes;
        this.exemptPaths = List.copyOf(exemptPaths);
        this.exemptionNotes = List.copyOf(exemptionNotes);
    }

    /** A limit of {@code maxBytes} on every request body. */
    public static RequestBodyLimit of(long maxBytes) {
        return new RequestBodyLimit(maxBytes, List.of(), List.of());
    }

    /**
     * This limit, but not for {@code path} (within the context path) and everything below it, which bounds its body
     * itself; {@code note} (e.g. "a bulk import has its own limit") is added to the refusal of every other request.
     */
    public RequestBodyLimit except(String path, String note) {
        var paths = new ArrayList<>(exemptPaths);
        paths.add(path);
        var notes = new ArrayList<>(exemptionNotes);
        notes.add(note);
        return new RequestBodyLimit(maxBytes, paths, notes);
    }

    /** This filter registered for {@code urlPatterns}, after Spring Security's filter chain (order -100). */
    public FilterRegistrationBean<RequestBodyLimit> registration(String... urlPatterns) {
        var registration = new FilterRegistrationBean<>(this);
        registration.addUrlPatterns(urlPatterns);
        registration.setOrder(Ordered.LOWEST_PRECEDENCE - 10);
        return registration;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return exemptPaths.stream().anyMatch(exempt -> path.equals(exempt) || path.startsWith(exempt + "/"));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long declared = request.getContentLengthLong();
        if (declared > maxBytes) {
            refuse(response);
            return;
        }
        if (declared >= 0) {
            chain.doFilter(request, response);
            return;
        }
        byte[] body = request.getInputStream().readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
        if (body.length > maxBytes) {
            refuse(response);
            return;
        }
        chain.doFilter(new InMemoryBody(request, body), response);
    }

    private void refuse(HttpServletResponse response) throws IOException {
        response.setStatus(HttpStatus.CONTENT_TOO_LARGE.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        String notes = exemptionNotes.isEmpty() ? "" : " (" + String.join("; ", exemptionNotes) + ")";
        response.getWriter().write("""
                {"type":"%s","title":"Request body too large","status":413,\
                "detail":"A request body may be at most %d bytes%s."}"""
                .formatted(ProblemTypes.of("payload-too-large"), maxBytes, notes));
    }

    /** The request with its body already read, within the bound. */
    private static final class InMemoryBody extends HttpServletRequestWrapper {

        private final byte[] body;

        InMemoryBody(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            var in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] buffer, int offset, int length) {
                    return in.read(buffer, offset, length);
                }

                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    // Everything is in memory: available at once, then all read.
                    try {
                        listener.onDataAvailable();
                        listener.onAllDataRead();
                    } catch (IOException failure) {
                        listener.onError(failure);
                    }
                }
            };
        }

        @Override
        public BufferedReader getReader() {
            Charset charset = getCharacterEncoding() == null ? StandardCharsets.UTF_8
                    : Charset.forName(getCharacterEncoding());
            return new BufferedReader(new InputStreamReader(getInputStream(), charset));
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }
    }
}
