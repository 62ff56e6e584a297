package city.urbanops.operatorapi.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import city.urbanops.operatorapi.ConsoleSessions;
import city.urbanops.operatorapi.OperatorApiIT;
import city.urbanops.testkit.keycloak.KeycloakServer;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

/**
 * A console session does not outlive what Keycloak says of its user: before every action the user's roles and scope
 * are asked of Keycloak again. People of this test are its own, created in the real Keycloak and changed there by its
 * administration API while they are signed in to the console.
 */
class ConsoleReauthorizationIT extends OperatorApiIT {

    @Autowired
    WebApplicationContext context;
    @Autowired
    ConsoleSessions sessions;

    private MockMvc mvc;
    private String person;

    @BeforeEach
    void signInAFreshSupervisor() {
        mvc = MockMvcBuilders.webAppContextSetup(context).apply(springSecurity()).build();
        person = "reauth-" + UUID.randomUUID().toString().substring(0, 8);
        KeycloakServer.shared().admin().createUser(person, "pw-" + person, List.of("supervisor"), List.of("*"),
                List.of("*"));
    }

    @Test
    void aSupervisorDemotedWhileSignedInCannotChangeAFlagAtTheirNextAction() throws Exception {
        MockHttpSession session = sessions.signedIn(person, KeycloakServer.shared().signIn(person, "pw-" + person));

        MockHttpServletResponse before = changeFlag(session);
        assertThat(before.getStatus()).isEqualTo(302);
        assertThat(before.getRedirectedUrl()).isEqualTo("/commands");

        KeycloakServer.shared().admin().removeRealmRole(person, "supervisor");

        MockHttpServletResponse after = changeFlag(session);
        assertThat(after.getStatus()).as("the same session, one action later").isEqualTo(403);
        var principal = (ConsoleUser) ((SecurityContext) session.getAttribute(
                HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY)).getAuthentication().getPrincipal();
        assertThat(principal.getAuthorities()).extracting(Object::toString).doesNotContain("ROLE_SUPERVISOR");
    }

    @Test
    void aPersonWhoseKeycloakSessionsWereEndedIsSentToSignInAtTheirNextAction() throws Exception {
        MockHttpSession session = sessions.signedIn(person, KeycloakServer.shared().signIn(person, "pw-" + person));
        assertThat(changeFlag(session).getStatus()).isEqualTo(302);

        KeycloakServer.shared().admin().endSessions(person);

        MockHttpServletResponse after = changeFlag(session);
        assertThat(after.getStatus()).isEqualTo(302);
        assertThat(after.getRedirectedUrl()).endsWith("/oauth2/authorization/keycloak");
        assertThat(session.isInvalid()).as("the console session is over").isTrue();
    }

    @Test
    void anHtmxActionOfAnEndedSessionIsToldWhereToSignIn() throws Exception {
        MockHttpSession session = sessions.signedIn(person, KeycloakServer.shared().signIn(person, "pw-" + person));
        KeycloakServer.shared().admin().endSessions(person);

        MockHttpServletResponse answer = mvc.perform(post("/commands/flags").session(session).with(csrf())
                .header("HX-Request", "true").param("type", "CLOSE_VALVE").param("department", "environment")
                .param("district", "*").param("enabled", "false")).andReturn().getResponse();

        assertThat(answer.getStatus()).isEqualTo(401);
        assertThat(answer.getHeader("HX-Redirect")).isNotBlank();
    }

    private MockHttpServletResponse changeFlag(MockHttpSession session) throws Exception {
        return mvc.perform(post("/commands/flags").session(session).with(csrf())
                .param("type", "CLOSE_VALVE").param("department", "environment").param("district", "*")
                .param("enabled", "false").param("reason", "re-authorisation test")).andReturn().getResponse();
    }
}
