package org.iom.idm.system;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Finds the next broken page before a user does: after a scenario with data in every state, it follows every link
 * of the web UI that leads to that data, as each role, in each language, at desktop and phone width, and checks each
 * page: no 5xx, never raw JSON, no untranslated message key, no sideways scrolling on a phone.
 */
@ExtendWith(SystemUnderTestExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebUiCrawlTest {

    private static final List<String> LANGUAGES = List.of("en", "fr", "es");
    /** Enough for every page of the scenario; a bound, so a link that makes new addresses cannot run away. */
    private static final int MOST_PAGES = 80;

    /** What each page is checked for, in the page itself. */
    private static final String PROBLEMS = """
            const problems = [];
            const navigation = performance.getEntriesByType('navigation')[0];
            const status = navigation ? navigation.responseStatus : 0;
            if (status >= 500) problems.push('HTTP ' + status);
            if (!document.contentType.startsWith('text/html')) problems.push('served as ' + document.contentType);
            const text = document.body ? document.body.innerText.trim() : '';
            if (text.startsWith('{') || text.includes('"code"')) problems.push('raw JSON: ' + text.substring(0, 80));
            const html = document.documentElement.outerHTML;
            const untranslated = html.match(/\\?\\?[\\w.\\-]+_[a-z]{2}\\?\\?/g);
            if (untranslated) problems.push('untranslated: ' + [...new Set(untranslated)].join(', '));
            if (/Whitelabel|Exception|TemplateProcessing/.test(text)) problems.push('an error shows: ' + text.substring(0, 120));
            if (arguments[0] && document.documentElement.scrollWidth > window.innerWidth) {
              problems.push(document.documentElement.scrollWidth + ' px wide in a ' + window.innerWidth + ' px screen');
            }
            return problems;""";

    private static final String LINKS = """
            return [...document.querySelectorAll('a[href]')].map(a => a.href);""";

    private RichScenario scenario;
    private Api api;

    @BeforeAll
    void prepare(SystemUnderTest system) {
        api = system.api();
        scenario = RichScenario.create(api);
    }

    @AfterAll
    void restore() {
        if (scenario != null) {
            scenario.reinstate(api);
        }
    }

    @Test
    void everyPageReachableByEveryRoleInEveryLanguageAtBothWidthsIsAWorkingTranslatedPageThatFitsAPhone() {
        List<String> problems = new ArrayList<>();
        for (String user : List.of("secretariat", "chair", "observer", "delegate-phl",
                "delegate-" + scenario.suspendedState().toLowerCase())) {
            try (Browser browser = new Browser(api.queryService(), "en")) {
                browser.signIn(user);
                for (String language : LANGUAGES) {
                    browser.open("/consultations?lang=" + language);
                    Set<String> pages = crawl(browser, problems, user + " " + language);
                    browser.resize(Browser.PHONE);
                    pages.forEach(page -> check(browser, page, true, problems, user + " " + language + " 375 px"));
                    browser.resize(Browser.DESKTOP);
                    System.out.printf("[crawl] %s in %s: %d pages at 1280 px and at 375 px%n", user, language,
                            pages.size());
                    assertThat(pages).as("pages of the scenario reached").hasSizeGreaterThan(5);
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    /** Every page of the scenario reachable from the consultations, each checked at desktop width. */
    private Set<String> crawl(Browser browser, List<String> problems, String who) {
        Set<String> seen = new LinkedHashSet<>();
        Deque<String> next = new ArrayDeque<>(List.of("/consultations"));
        while (!next.isEmpty() && seen.size() < MOST_PAGES) {
            String page = next.poll();
            if (!seen.add(page)) {
                continue;
            }
            check(browser, page, false, problems, who);
            for (Object link : (List<?>) browser.script(LINKS)) {
                String target = local(String.valueOf(link));
                if (target != null && !seen.contains(target) && ofTheScenario(target)) {
                    next.add(target);
                }
            }
        }
        return seen;
    }

    private static void check(Browser browser, String page, boolean phone, List<String> problems, String who) {
        browser.open(page);
        for (Object problem : (List<?>) browser.script(PROBLEMS, phone)) {
            problems.add(who + " " + page + ": " + problem);
        }
    }

    /** The path and query of a link to a page of this site; none for the API, assets, signing out or a language. */
    private String local(String href) {
        URI link = URI.create(href);
        URI base = api.queryService();
        if (!base.getHost().equals(link.getHost()) || base.getPort() != link.getPort()) {
            return null;
        }
        String path = link.getRawPath();
        String query = link.getRawQuery();
        if (path.startsWith("/api/") || path.startsWith("/assets/") || path.equals("/logout")
                || (query != null && query.contains("lang="))) {
            return null;
        }
        return query == null ? path : path + "?" + query;
    }

    /** The scenario's consultations and the pages about all of them; not the other tests' data. */
    private boolean ofTheScenario(String page) {
        String path = page.contains("?") ? page.substring(0, page.indexOf('?')) : page;
        if (path.equals("/consultations") || path.equals("/member-states") || page.equals("/audit")
                || path.equals("/member-states/" + scenario.suspendedState() + "/delegation")) {
            return true;
        }
        return scenario.consultations().stream().anyMatch(cid -> path.equals("/consultations/" + cid)
                || path.startsWith("/consultations/" + cid + "/"));
    }
}
