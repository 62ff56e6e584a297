package city.urbanops.operatorapi.audit;

import static city.urbanops.operatorapi.audit.AuditEvents.event;
import static city.urbanops.operatorapi.audit.AuditEvents.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.oidcLogin;
import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import city.urbanops.operatorapi.OperatorApiIT;
import city.urbanops.security.AccessScope;
import city.urbanops.security.ScopedPrincipal;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.context.WebApplicationContext;

/**
 * The console's audit page in the running application, signed in as a console session would be (an OIDC user with
 * roles and a scope): supervisors see the chain's status in words and the latest entries; an operator is refused.
 */
class AuditPageIT extends OperatorApiIT {

    @Autowired
    WebApplicationContext context;

    @Autowired
    AuditTrail trail;

    @Autowired
    PlatformTransactionManager transactions;

    private MockMvc mvc;

    /** A console session's user: roles as authorities, the scope as the console's sign-in will carry it. */
    static final class ScopedOidcUser extends DefaultOidcUser implements ScopedPrincipal {
        private final AccessScope scope;

        ScopedOidcUser(String name, String role, AccessScope scope) {
            super(List.of(new SimpleGrantedAuthority("ROLE_" + role)), OidcIdToken.withTokenValue("id-token")
                    .subject(name).claim("preferred_username", name).build(), "preferred_username");
            this.scope = scope;
        }

        @Override
        public AccessScope accessScope() {
            return scope;
        }
    }

    @BeforeEach
    void mockMvc() {
        mvc = MockMvcBuilders.webAppContextSetup(context).apply(springSecurity()).build();
    }

    @Test
    void aSupervisorSeesTheChainStatusInWordsAndTheLatestEntries() throws Exception {
        String id = unique("page");
        new TransactionTemplate(transactions).executeWithoutResult(s -> trail.record(event(id + ":1", id)));

        MvcResult result = mvc.perform(get("/audit").param("targetId", id).with(oidcLogin()
                        .oidcUser(new ScopedOidcUser("supervisor", "SUPERVISOR", AccessScope.unrestricted()))))
                .andReturn();

        String page = result.getResponse().getContentAsString();
        assertThat(result.getResponse().getStatus()).as(page).isEqualTo(200);
        assertThat(page).contains("Audit log").contains("Intact").contains("entries hold their hashes and links");
        assertThat(page).contains(id + ":1").contains("rule.enabled").contains("storm season");
        assertThat(page).contains("aria-current=\"page\"");
    }

    @Test
    void aFilterThatIsNotATimeIsExplainedOnThePage() throws Exception {
        MvcResult result = mvc.perform(get("/audit").param("from", "yesterday").with(oidcLogin()
                        .oidcUser(new ScopedOidcUser("analyst", "ANALYST", AccessScope.unrestricted()))))
                .andReturn();

        assertThat(result.getResponse().getStatus()).isEqualTo(400);
        assertThat(result.getResponse().getContentAsString()).contains("These filters cannot be used")
                .contains("from: must be a date and time");
    }

    @Test
    void aReaderOutsideAnEntrysScopeDoesNotSeeIt() throws Exception {
        String id = unique("page-scope");
        new TransactionTemplate(transactions).executeWithoutResult(s -> trail.record(event(id + ":1", id)));

        String page = mvc.perform(get("/audit").param("targetId", id).with(oidcLogin().oidcUser(
                        new ScopedOidcUser("analyst", "ANALYST", new AccessScope(Set.of("transport"), Set.of("*"))))))
                .andReturn().getResponse().getContentAsString();

        assertThat(page).doesNotContain(id + ":1").contains("No entries match");
    }

    @Test
    void anOperatorIsRefused() throws Exception {
        int status = mvc.perform(get("/audit").with(oidcLogin()
                        .oidcUser(new ScopedOidcUser("operator", "OPERATOR", AccessScope.unrestricted()))))
                .andReturn().getResponse().getStatus();

        assertThat(status).isEqualTo(403);
    }
}
