package city.urbanops.security.problem;

import java.net.URI;

/** Stable RFC 9457 {@code type} URIs of the platform's problem responses; clients may switch on them. */
public final class ProblemTypes {

    private static final String BASE = "https://urbanops.city/problems/";

    public static final URI UNAUTHENTICATED = URI.create(BASE + "unauthenticated");
    public static final URI FORBIDDEN = URI.create(BASE + "forbidden");
    public static final URI IDENTITY_PROVIDER_UNAVAILABLE = URI.create(BASE + "identity-provider-unavailable");
    public static final URI INVALID_REQUEST = URI.create(BASE + "invalid-request");
    public static final URI NOT_FOUND = URI.create(BASE + "not-found");
    public static final URI CONFLICT = URI.create(BASE + "conflict");
    public static final URI INTERNAL_ERROR = URI.create(BASE + "internal-error");

    private ProblemTypes() {
    }

    /** A type URI for a service-specific problem, under the same base, e.g. {@code of("rule-not-enabled")}. */
    public static URI of(String slug) {
        return URI.create(BASE + slug);
    }
}
