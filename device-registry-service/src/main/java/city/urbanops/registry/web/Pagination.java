package city.urbanops.registry.web;

import city.urbanops.registry.config.RegistryProperties;
import city.urbanops.security.problem.InvalidRequestException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/** The bounds of list requests and the {@code Link: rel="next"} of their answers. */
@Component
public class Pagination {

    private final RegistryProperties properties;

    public Pagination(RegistryProperties properties) {
        this.properties = properties;
    }

    /** The page size asked for, the default when none; 400 naming {@code limit} outside 1..max. */
    public int limit(Integer requested) {
        if (requested == null) {
            return properties.defaultPageSize();
        }
        if (requested < 1 || requested > properties.maxPageSize()) {
            throw new InvalidRequestException("limit", "must be between 1 and " + properties.maxPageSize());
        }
        return requested;
    }

    /** 200 with the page as body and, when more follow, a {@code Link} to the next page of the same query. */
    public static <T> ResponseEntity<Page<T>> ok(Page<T> page) {
        ResponseEntity.BodyBuilder response = ResponseEntity.ok();
        if (page.next() != null) {
            String next = ServletUriComponentsBuilder.fromCurrentRequest()
                    .replaceQueryParam("cursor", page.next()).build().toUriString();
            response.header(HttpHeaders.LINK, "<" + next + ">; rel=\"next\"");
        }
        return response.body(page);
    }
}
