package org.openloa.cms.shell;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.LocaleResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.i18n.CookieLocaleResolver;
import org.springframework.web.servlet.i18n.LocaleChangeInterceptor;

@Configuration
class ShellConfiguration implements WebMvcConfigurer {

    static final Locale VIETNAMESE = Locale.forLanguageTag("vi");
    static final List<Locale> SUPPORTED = List.of(VIETNAMESE, Locale.ENGLISH);

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    /**
     * The UI speaks Vietnamese until the user switches (?lang=en, kept in a cookie), whatever the browser
     * asks: officials share computers set up in any language. API callers get what their Accept-Language
     * asks for, Vietnamese when it asks for nothing we speak.
     */
    @Bean
    LocaleResolver localeResolver() {
        CookieLocaleResolver resolver = new CookieLocaleResolver("openloa-lang");
        resolver.setDefaultLocaleFunction(request -> {
            String header = request.getHeader("Accept-Language");
            if (header != null
                    && !header.isBlank()
                    && request.getRequestURI().startsWith(request.getContextPath() + "/api/")) {
                try {
                    Locale match = Locale.lookup(Locale.LanguageRange.parse(header), SUPPORTED);
                    if (match != null) {
                        return match;
                    }
                } catch (IllegalArgumentException malformedHeader) {
                    return VIETNAMESE;
                }
            }
            return VIETNAMESE;
        });
        return resolver;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        LocaleChangeInterceptor interceptor = new LocaleChangeInterceptor() {
            @Override
            public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
                    throws jakarta.servlet.ServletException {
                // An upload from a page (a bulletin's audio) is not read for ?lang= either: reading a parameter
                // parses the multipart body there, and one over the size limit failed outside the controller, as
                // Tomcat's HTML 413 the page's script could not read. The controller answers it as problem+json.
                String type = request.getContentType();
                if (type != null && type.toLowerCase(Locale.ROOT).startsWith("multipart/")) {
                    return true;
                }
                return super.preHandle(request, response, handler);
            }
        };
        interceptor.setParamName("lang");
        interceptor.setIgnoreInvalidLocale(true);
        // Pages only: the API's language is Accept-Language, and reading a parameter there would parse a
        // multipart upload before the controller asks for it, so a too-large one could not be answered with 413.
        registry.addInterceptor(interceptor).excludePathPatterns("/api/**", "/edge/**");
    }
}
