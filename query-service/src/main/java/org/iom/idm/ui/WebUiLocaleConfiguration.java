package org.iom.idm.ui;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.LocaleResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.i18n.AcceptHeaderLocaleResolver;
import org.springframework.web.servlet.i18n.CookieLocaleResolver;
import org.springframework.web.servlet.i18n.LocaleChangeInterceptor;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * English, French or Spanish (IOM's official languages): the browser's preference until the user picks one with
 * the switch ({@code ?lang=fr}), which a cookie then remembers.
 */
@Configuration
class WebUiLocaleConfiguration implements WebMvcConfigurer {

    static final List<Locale> LANGUAGES = List.of(Locale.ENGLISH, Locale.FRENCH, Locale.forLanguageTag("es"));
    private static final String SWITCH_PARAMETER = "lang";
    private static final String COOKIE = "idm_lang";
    private static final Duration REMEMBERED = Duration.ofDays(365);

    @Bean
    LocaleResolver localeResolver() {
        AcceptHeaderLocaleResolver browser = new AcceptHeaderLocaleResolver();
        browser.setSupportedLocales(LANGUAGES);
        browser.setDefaultLocale(Locale.ENGLISH);
        CookieLocaleResolver chosen = new CookieLocaleResolver(COOKIE) {
            @Override
            public void setLocale(HttpServletRequest request, HttpServletResponse response, Locale locale) {
                if (locale == null || LANGUAGES.stream().anyMatch(l -> l.getLanguage().equals(locale.getLanguage()))) {
                    super.setLocale(request, response, locale == null ? null : Locale.forLanguageTag(locale.getLanguage()));
                }
            }
        };
        chosen.setCookieMaxAge(REMEMBERED);
        chosen.setCookieSameSite("Strict");
        chosen.setDefaultLocaleFunction(browser::resolveLocale);
        return chosen;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        LocaleChangeInterceptor change = new LocaleChangeInterceptor();
        change.setParamName(SWITCH_PARAMETER);
        change.setIgnoreInvalidLocale(true);
        registry.addInterceptor(change);
    }
}
