package city.urbanops.rules.management;

import city.urbanops.rules.rule.KnownGroups;
import city.urbanops.rules.rule.RuleDocument;
import city.urbanops.rules.rule.RuleDocuments;
import city.urbanops.rules.rule.RuleValidation;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Rule management's one {@link RuleDocuments} (the schema is loaded once): checks submitted documents, and reads and
 * writes stored ones and releases with the same mapper rules-service reads them with.
 */
@Component
class RuleDocumentCodec {

    private final RuleDocuments documents = new RuleDocuments();

    RuleValidation validate(JsonNode rule, KnownGroups groups) {
        return documents.validate(rule, groups);
    }

    RuleDocument read(String storedJson) {
        return documents.mapper().readValue(storedJson, RuleDocument.class);
    }

    JsonNode tree(String storedJson) {
        return documents.mapper().readTree(storedJson);
    }

    String text(JsonNode rule) {
        return documents.mapper().writeValueAsString(rule);
    }

    byte[] bytes(Object value) {
        return documents.mapper().writeValueAsBytes(value);
    }
}
