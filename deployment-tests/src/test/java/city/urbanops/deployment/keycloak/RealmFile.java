package city.urbanops.deployment.keycloak;

import city.urbanops.deployment.Repository;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;

/** A realm export as Keycloak imports it (a RealmRepresentation in JSON). */
record RealmFile(String path, JsonNode json) {

    static final String DEMO = "platform-security/src/main/resources/keycloak/city-realm.json";
    static final String PRODUCTION = "deploy/keycloak/city-realm.production.json";

    static RealmFile demo() {
        return read(DEMO);
    }

    static RealmFile production() {
        return read(PRODUCTION);
    }

    static RealmFile read(String path) {
        return new RealmFile(path, Repository.json(Repository.file(path)));
    }

    String name() {
        return json.path("realm").asString();
    }

    List<JsonNode> clients() {
        List<JsonNode> clients = new ArrayList<>();
        json.path("clients").forEach(clients::add);
        return clients;
    }

    Optional<JsonNode> client(String clientId) {
        return clients().stream().filter(client -> clientId.equals(client.path("clientId").asString())).findFirst();
    }

    Set<String> realmRoles() {
        Set<String> roles = new TreeSet<>();
        json.path("roles").path("realm").forEach(role -> roles.add(role.path("name").asString()));
        return roles;
    }

    static List<JsonNode> mappers(JsonNode client) {
        List<JsonNode> mappers = new ArrayList<>();
        client.path("protocolMappers").forEach(mappers::add);
        return mappers;
    }

    static Set<String> audiences(JsonNode client) {
        Set<String> audiences = new TreeSet<>();
        for (JsonNode mapper : mappers(client)) {
            if ("oidc-audience-mapper".equals(mapper.path("protocolMapper").asString())) {
                audiences.add(mapper.path("config").path("included.custom.audience").asString());
            }
        }
        return audiences;
    }

    @Override
    public String toString() {
        return path;
    }
}
