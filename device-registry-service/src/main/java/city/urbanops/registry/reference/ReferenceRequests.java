package city.urbanops.registry.reference;

import city.urbanops.events.registry.DeviceKind;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** Request bodies of the reference data endpoints; the patterns are the schema's own id checks. */
final class ReferenceRequests {

    static final String LOWER_ID = "^[a-z0-9][a-z0-9-]{0,63}$";
    static final String SITE_ID = "^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$";
    static final String LOWER_ID_RULE = "must be 1-64 lowercase letters, digits or '-', starting with a letter or digit";

    private ReferenceRequests() {
    }

    record NewDepartment(@NotNull @Pattern(regexp = LOWER_ID, message = LOWER_ID_RULE) String id,
                         @NotBlank @Size(max = 200) String name) {
    }

    record DepartmentChange(@NotBlank @Size(max = 200) String name) {
    }

    record NewDistrict(@NotNull @Pattern(regexp = LOWER_ID, message = LOWER_ID_RULE) String id,
                       @NotBlank @Size(max = 200) String name, JsonNode boundary) {
    }

    record DistrictChange(@NotBlank @Size(max = 200) String name, JsonNode boundary) {
    }

    record NewSite(@NotNull @Pattern(regexp = SITE_ID,
                           message = "must be 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit")
                   String id,
                   @NotBlank @Size(max = 200) String name,
                   @NotBlank String districtId,
                   @DecimalMin("-90") @DecimalMax("90") Double latitude,
                   @DecimalMin("-180") @DecimalMax("180") Double longitude) {
    }

    record SiteChange(@NotBlank @Size(max = 200) String name,
                      @DecimalMin("-90") @DecimalMax("90") Double latitude,
                      @DecimalMin("-180") @DecimalMax("180") Double longitude) {
    }

    record NewDeviceType(@NotNull @Pattern(regexp = LOWER_ID, message = LOWER_ID_RULE) String id,
                         @NotNull DeviceKind kind,
                         @Size(max = 500) String description,
                         @NotNull @Size(max = 64) List<@NotBlank String> measurements) {
    }

    record DeviceTypeChange(@Size(max = 500) String description,
                            @NotNull @Size(max = 64) List<@NotBlank String> measurements) {
    }
}
