package org.openloa.cms.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.util.regex.Pattern;
import org.openloa.cms.access.CallerDetails;
import org.openloa.cms.audit.AuditLog;
import org.openloa.cms.problem.ProblemDetails;
import org.openloa.cms.user.UserDirectory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.core.Authentication;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.ExceptionTranslationFilter;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.context.DelegatingSecurityContextRepository;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.web.servlet.LocaleResolver;
import tools.jackson.databind.json.JsonMapper;

/**
 * Three chains: the API (/api/**: Basic or bearer token, stateless, no CSRF since no cookie
 * authenticates it), Actuator (health and info open, the rest, system-wide, for national administrators)
 * and the UI (form login with CSRF; each request's rights are the account's present ones). Rights by role
 * and area are checked in each concept's service, not by URL.
 */
@Configuration
class SecurityConfiguration {

    private static final String[] PUBLIC_UI = {
        "/login",
        "/css/**",
        "/js/**",
        "/images/**",
        "/webjars/**",
        "/favicon.ico",
        "/error",
        "/v3/api-docs",
        "/v3/api-docs/**",
        "/swagger-ui/**",
        "/swagger-ui.html"
    };

    /**
     * No Micrometer observation around each of Spring Security's filters, authentications and authorizations:
     * with a registry present it wraps every filter of every request, which perf showed as 3 % of cms's CPU in a
     * woken fleet's wave (a meter looked up and tags made per filter, docs/benchmarks.md). http.server.requests
     * still times each request; nothing read these.
     */
    @Bean
    SecurityObservationSettings securityObservations() {
        return SecurityObservationSettings.noObservations();
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        return Passwords.encoder();
    }

    @Bean
    AuthenticationManager authenticationManager(
            UserDirectory directory, PasswordEncoder passwords, LoginThrottle throttle, AuditLog audit) {
        DaoAuthenticationProvider passwordCheck = new DaoAuthenticationProvider(directory);
        passwordCheck.setPasswordEncoder(passwords);
        passwordCheck.setUserDetailsPasswordService(directory);
        ProviderManager manager =
                new ProviderManager(new ThrottlingAuthenticationProvider(passwordCheck, throttle, audit, directory));
        manager.setEraseCredentialsAfterAuthentication(true);
        return manager;
    }

    @Bean
    ProblemEntryPoint problemEntryPoint(
            ProblemDetails problems, LocaleResolver localeResolver, JsonMapper json, Clock clock) {
        return new ProblemEntryPoint(problems, localeResolver, json, clock);
    }

    @Bean
    @Order(1)
    SecurityFilterChain api(
            HttpSecurity http,
            AuthenticationManager authenticationManager,
            ProblemEntryPoint problems,
            UserDirectory directory,
            AuditLog audit)
            throws Exception {
        http.securityMatcher("/api/**")
                .addFilterBefore(new RefusalAudit(audit), ExceptionTranslationFilter.class)
                .authenticationManager(authenticationManager)
                .authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
                .httpBasic(basic -> basic.authenticationEntryPoint(problems))
                .addFilterBefore(ApiTokenAuthentication.filter(directory, problems), BasicAuthenticationFilter.class)
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(csrf -> csrf.disable())
                .requestCache(cache -> cache.disable())
                .exceptionHandling(e -> e.authenticationEntryPoint(problems).accessDeniedHandler(problems));
        return http.build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain actuator(
            HttpSecurity http,
            AuthenticationManager authenticationManager,
            ProblemEntryPoint problems,
            UserDirectory directory,
            AuditLog audit)
            throws Exception {
        // A scraper (Prometheus every 15 s) may present a national administrator's API token instead of a password:
        // a password costs an Argon2 check per scrape.
        http.securityMatcher("/actuator/**")
                .addFilterBefore(ApiTokenAuthentication.filter(directory, problems), BasicAuthenticationFilter.class)
                .addFilterBefore(new RefusalAudit(audit), ExceptionTranslationFilter.class)
                .authenticationManager(authenticationManager)
                .authorizeHttpRequests(requests -> requests.requestMatchers(
                                "/actuator/health", "/actuator/health/**", "/actuator/info")
                        .permitAll()
                        .anyRequest()
                        .access(NationalAdministrator.ONLY))
                .httpBasic(basic -> basic.authenticationEntryPoint(problems))
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(csrf -> csrf.disable())
                .exceptionHandling(e -> e.authenticationEntryPoint(problems).accessDeniedHandler(problems));
        return http.build();
    }

    @Bean
    @Order(3)
    SecurityFilterChain ui(
            HttpSecurity http, AuthenticationManager authenticationManager, AuditLog audit, UserDirectory directory)
            throws Exception {
        SecurityContextRepository sessions = new DelegatingSecurityContextRepository(
                new RequestAttributeSecurityContextRepository(), new HttpSessionSecurityContextRepository());
        http.authenticationManager(authenticationManager)
                .securityContext(context -> context.securityContextRepository(sessions))
                .addFilterBefore(new SessionFollowsAccount(directory, sessions), AnonymousAuthenticationFilter.class)
                .addFilterBefore(new RefusalAudit(audit), ExceptionTranslationFilter.class)
                .authorizeHttpRequests(requests -> requests.requestMatchers(PUBLIC_UI)
                        .permitAll()
                        .anyRequest()
                        .authenticated())
                .formLogin(form -> form.loginPage("/login")
                        .successHandler(new AuditedLoginSuccess(audit))
                        .failureHandler(LOGIN_FAILURE)
                        .permitAll())
                .logout(logout -> logout.logoutSuccessUrl("/login?logout"))
                .headers(headers -> headers.contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
                        .referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN))
                        .addHeaderWriter(SecurityConfiguration::permissionsPolicy));
        return http.build();
    }

    /**
     * Scripts and styles come from files of this origin only: no inline script, style element or style attribute
     * runs. The one hash is that of the empty string: FullCalendar adds an empty style element and fills it through
     * the CSSOM (which a policy does not govern), and nothing with content matches it. FullCalendar's icon font
     * is a data: URL: a font runs nothing, so data: fonts are let in rather than refused on every calendar.
     */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; img-src 'self' data:; font-src 'self' data:; "
            + "style-src 'self' 'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='; script-src 'self'; "
            + "media-src 'self' blob:; object-src 'none'; base-uri 'self'; frame-ancestors 'none'";

    /**
     * The bulletin editor, a live session's page, the emergency form (*Ghi âm ngay*) and an emergency's page (its
     * *Cập nhật* records) use the microphone; no other page may, nor the camera or location.
     */
    private static final Pattern RECORDING_PAGE =
            Pattern.compile("/(bulletins|live|emergencies)/[0-9a-fA-F-]{36}|/emergencies/new");

    static final String PERMISSIONS_POLICY = "microphone=(), camera=(), geolocation=()";
    static final String RECORDING_PERMISSIONS_POLICY = "microphone=(self), camera=(), geolocation=()";

    private static void permissionsPolicy(HttpServletRequest request, HttpServletResponse response) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        response.setHeader(
                "Permissions-Policy",
                RECORDING_PAGE.matcher(path).matches() ? RECORDING_PERMISSIONS_POLICY : PERMISSIONS_POLICY);
    }

    private static final AuthenticationFailureHandler LOGIN_FAILURE =
            (request, response, exception) -> response.sendRedirect(request.getContextPath()
                    + (exception instanceof LoginThrottledException ? "/login?throttled" : "/login?error"));

    /** Records a successful UI login (an API call with Basic is not a login and is not recorded). */
    static final class AuditedLoginSuccess extends SavedRequestAwareAuthenticationSuccessHandler {

        private final AuditLog audit;

        AuditedLoginSuccess(AuditLog audit) {
            this.audit = audit;
            setDefaultTargetUrl("/");
        }

        @Override
        public void onAuthenticationSuccess(
                HttpServletRequest request, HttpServletResponse response, Authentication authentication)
                throws IOException, jakarta.servlet.ServletException {
            if (authentication.getPrincipal() instanceof CallerDetails details) {
                audit.recordAlone(
                        details.getUsername(), "LOGIN", details.caller().scopePath(), "form", request.getRemoteAddr());
            }
            super.onAuthenticationSuccess(request, response, authentication);
        }
    }
}
