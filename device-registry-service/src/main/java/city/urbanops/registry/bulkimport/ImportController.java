package city.urbanops.registry.bulkimport;

import city.urbanops.security.AccessScope;
import city.urbanops.security.Role;
import city.urbanops.security.problem.InvalidRequestException;
import city.urbanops.security.problem.ResourceNotFoundException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Bulk import of devices: upload a CSV or JSON file as a job, follow it, read its report. Admins import anywhere,
 * integrators within their departments and districts (rows elsewhere are bad rows); a job is visible to whoever
 * submitted it and to admins (to anyone else it does not exist).
 */
@RestController
@RequestMapping("/api/v1/imports")
@PreAuthorize("hasAnyRole('ADMIN', 'INTEGRATOR')")
class ImportController {

    private static final int MAX_PAGE = 1000;

    private final SubmittingImport submitting;
    private final ImportJobRepository jobs;

    ImportController(SubmittingImport submitting, ImportJobRepository jobs) {
        this.submitting = submitting;
        this.jobs = jobs;
    }

    @PostMapping
    @Operation(summary = "Import devices from a CSV or JSON file as a job", requestBody = @RequestBody(
            required = true, description = "The devices: a CSV with a header, or a JSON array of device objects",
            content = {@Content(mediaType = "text/csv"), @Content(mediaType = "application/json")}))
    ResponseEntity<JobView> submit(@RequestParam(defaultValue = "ALL_OR_NOTHING") ImportMode mode,
            HttpServletRequest request, Authentication caller, @Parameter(hidden = true) AccessScope scope)
            throws IOException {
        ImportFormat format = format(request.getContentType());
        var submitter = new SubmittingImport.Submitter(caller.getName(),
                isAdmin(caller) ? AccessScope.unrestricted() : scope);
        ImportJob job = submitting.submit(submitter, format, mode, request.getContentLengthLong(),
                request.getInputStream());
        return ResponseEntity.accepted().location(URI.create("/api/v1/imports/" + job.id())).body(JobView.of(job));
    }

    @GetMapping("/{id}")
    JobView job(@PathVariable UUID id, Authentication caller) {
        return JobView.of(visible(id, caller));
    }

    @GetMapping("/{id}/errors")
    ErrorPage errors(@PathVariable UUID id, @RequestParam(required = false) String cursor,
            @RequestParam(defaultValue = "100") int limit, Authentication caller) {
        visible(id, caller);
        if (limit < 1 || limit > MAX_PAGE) {
            throw new InvalidRequestException("limit", "must be between 1 and " + MAX_PAGE);
        }
        int after = cursor(cursor);
        var page = jobs.errors(id, after, limit + 1);
        var items = page.stream().limit(limit).map(e -> e.problem()).toList();
        String next = page.size() > limit ? Integer.toString(page.get(limit - 1).seq()) : null;
        return new ErrorPage(items, next);
    }

    private ImportJob visible(UUID id, Authentication caller) {
        return jobs.find(id).filter(job -> isAdmin(caller) || job.createdBy().equals(caller.getName()))
                .orElseThrow(() -> new ResourceNotFoundException("No import " + id + " that you may see."));
    }

    private static ImportFormat format(String contentType) {
        if (contentType == null) {
            throw ImportRefusedException.unsupportedFormat("is missing; send text/csv or application/json");
        }
        MediaType type;
        try {
            type = MediaType.parseMediaType(contentType);
        } catch (IllegalArgumentException e) {
            throw ImportRefusedException.unsupportedFormat("cannot be read; send text/csv or application/json");
        }
        if (type.getCharset() != null && !type.getCharset().equals(StandardCharsets.UTF_8)) {
            throw ImportRefusedException.unsupportedFormat("names charset " + type.getCharset() + "; imports are "
                    + "UTF-8 only");
        }
        return ImportFormat.of(type).orElseThrow(() -> ImportRefusedException.unsupportedFormat("is " + contentType
                + "; send text/csv or application/json"));
    }

    private static int cursor(String cursor) {
        if (cursor == null) {
            return 0;
        }
        try {
            int after = Integer.parseInt(cursor);
            if (after >= 0) {
                return after;
            }
        } catch (NumberFormatException e) {
            // Answered below, like a negative cursor.
        }
        throw new InvalidRequestException("cursor", "is not a cursor this endpoint gave out");
    }

    private static boolean isAdmin(Authentication caller) {
        return caller.getAuthorities().stream().anyMatch(a -> Role.ADMIN.authority().equals(a.getAuthority()));
    }

    /** A job as the API shows it. */
    record JobView(UUID id, JobStatus status, ImportMode mode, ImportFormat format, String createdBy,
                   long fileBytes, ImportJob.Counts counts, int attempts, String failureReason, Instant submittedAt,
                   Instant startedAt, Instant finishedAt, String errors) {

        static JobView of(ImportJob job) {
            return new JobView(job.id(), job.status(), job.mode(), job.format(), job.createdBy(), job.fileBytes(),
                    job.counts(), job.attempts(), job.failureReason(), job.submittedAt(), job.startedAt(),
                    job.finishedAt(), "/api/v1/imports/" + job.id() + "/errors");
        }
    }

    /** One page of a job's report; {@code next} is the cursor of the following page, null on the last. */
    record ErrorPage(List<RowProblem> items, String next) {
    }
}
