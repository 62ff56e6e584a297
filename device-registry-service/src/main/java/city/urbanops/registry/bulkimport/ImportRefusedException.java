package city.urbanops.registry.bulkimport;

import city.urbanops.security.problem.FieldProblem;
import city.urbanops.security.problem.ProblemTypes;
import city.urbanops.security.problem.Problems;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * An upload refused before any job exists (so nothing changed): answered as problem+json with a stable type, the
 * offending field (the file, a header column, the mode) under {@code errors}, and {@code Retry-After} when the caller
 * may simply come back.
 */
class ImportRefusedException extends ErrorResponseException {

    static final String FILE = "file";

    private ImportRefusedException(HttpStatus status, String slug, String title, FieldProblem problem,
            HttpHeaders headers) {
        super(status, problem(status, slug, title, problem), null);
        getHeaders().addAll(headers);
    }

    /** 400: the file cannot be an import (encoding, header, shape). */
    static ImportRefusedException invalidFile(String field, String reason) {
        return new ImportRefusedException(HttpStatus.BAD_REQUEST, "invalid-import-file", "Invalid import file",
                new FieldProblem(field, reason), HttpHeaders.EMPTY);
    }

    /** 413: the file is larger than the upload limit. */
    static ImportRefusedException tooLarge(long limitBytes) {
        return new ImportRefusedException(HttpStatus.CONTENT_TOO_LARGE, "import-too-large", "Import too large",
                new FieldProblem(FILE, "is larger than the limit of " + limitBytes + " bytes; split it"),
                HttpHeaders.EMPTY);
    }

    /** 415: neither text/csv nor application/json, or a charset other than UTF-8. */
    static ImportRefusedException unsupportedFormat(String reason) {
        return new ImportRefusedException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-import-format",
                "Unsupported import format", new FieldProblem("Content-Type", reason), HttpHeaders.EMPTY);
    }

    /** 429: the import queue or the upload slots are full; retry later. */
    static ImportRefusedException busy(String reason, int retryAfterSeconds) {
        var headers = new HttpHeaders();
        headers.set(HttpHeaders.RETRY_AFTER, Integer.toString(retryAfterSeconds));
        return new ImportRefusedException(HttpStatus.TOO_MANY_REQUESTS, "import-capacity-exhausted",
                "Import capacity exhausted", new FieldProblem(FILE, reason), headers);
    }

    @Override
    public String getMessage() {
        return getBody().getDetail();
    }

    private static ProblemDetail problem(HttpStatus status, String slug, String title, FieldProblem problem) {
        ProblemDetail detail = ProblemDetail.forStatusAndDetail(status, "'" + problem.field() + "' " + problem.reason()
                + ".");
        detail.setType(ProblemTypes.of(slug));
        detail.setTitle(title);
        detail.setProperty(Problems.ERRORS, List.of(problem));
        return detail;
    }
}
