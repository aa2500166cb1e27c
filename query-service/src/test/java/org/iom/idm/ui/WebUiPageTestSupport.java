package org.iom.idm.ui;

import jakarta.servlet.http.Cookie;
import org.iom.idm.actor.Role;
import org.iom.kit.security.AccessTokens;
import org.iom.kit.security.IdmUser;
import org.iom.idm.readmodel.AbstractProjectionTest;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

import java.time.Duration;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

/** Pages of the web UI asked for as a signed-in browser asks: with the session cookie and Accept: text/html. */
abstract class WebUiPageTestSupport extends AbstractProjectionTest {

    @Autowired
    private WebApplicationContext context;
    @Autowired
    private AccessTokens tokens;
    protected MockMvc mvc;

    @BeforeEach
    void webStack() {
        mvc = MockMvcBuilders.webAppContextSetup(context).apply(SecurityMockMvcConfigurers.springSecurity()).build();
    }

    protected MvcResult page(String user, Role role, String memberState, String path) throws Exception {
        return mvc.perform(asBrowser(get(path), user, role, memberState)).andReturn();
    }

    protected MockHttpServletRequestBuilder asBrowser(MockHttpServletRequestBuilder request, String user, Role role,
                                                      String memberState) {
        String token = tokens.issue(new IdmUser(user, null, role, memberState), Duration.ofMinutes(5));
        return request.cookie(new Cookie(AccessTokens.SESSION_COOKIE, token)).accept(MediaType.TEXT_HTML);
    }
}
