package city.urbanops.registry.bulkimport;

import java.util.Optional;
import org.springframework.http.MediaType;

/** The file formats an import accepts, by the upload's media type. */
enum ImportFormat {
    CSV(MediaType.parseMediaType("text/csv")),
    JSON(MediaType.APPLICATION_JSON);

    private final MediaType mediaType;

    ImportFormat(MediaType mediaType) {
        this.mediaType = mediaType;
    }

    static Optional<ImportFormat> of(MediaType contentType) {
        for (ImportFormat format : values()) {
            if (format.mediaType.isCompatibleWith(contentType) && !contentType.isWildcardType()
                    && !contentType.isWildcardSubtype()) {
                return Optional.of(format);
            }
        }
        return Optional.empty();
    }
}
