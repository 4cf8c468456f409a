package org.openloa.cms.edge;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.time.Clock;
import java.util.concurrent.atomic.LongAdder;
import javax.sql.DataSource;
import org.openloa.cms.audio.AudioLibrary;
import org.openloa.cms.device.Enrolments;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * The security of /edge (the protocol is /edge/v1), apart from the users' chains: its own matcher (ordered
 * before the others, which would otherwise take these paths and send a box to the login page), stateless, no CSRF (no cookie authenticates), device credentials only. No
 * HTTP Basic and no API tokens here; and the API chain does not know device credentials, so they are refused on
 * /api/**. Enrolment is open: the one-time code is its credential.
 *
 * <p>Also registers the hot manifest path ({@link ManifestFilter}) as a servlet filter on
 * /edge/v1/manifest, first of all filters: Spring Security's runs at order -100, the observation filter (which
 * times requests for http.server.requests) at {@code HIGHEST_PRECEDENCE + 1}; polls answered from memory are
 * counted by their own counters instead (openloa.edge.manifest.memory, tag answer=304|200).
 */
@Configuration
class EdgeConfiguration {

    static final String ENROLL = "/edge/v1/enroll";
    static final String MANIFEST = "/edge/v1/manifest";

    @Bean
    @Order(0)
    SecurityFilterChain edge(
            HttpSecurity http, Enrolments enrolments, ObjectProvider<ManifestIndex> index, EdgeProblems problems)
            throws Exception {
        AuthenticationEntryPoint unauthenticated = (request, response, e) -> {
            response.setHeader("WWW-Authenticate", "Bearer realm=\"OpenLoa edge\"");
            problems.write(request, response, HttpStatus.UNAUTHORIZED, "edge-unauthenticated", "edge.unauthenticated");
        };
        AccessDeniedHandler denied = (request, response, e) ->
                problems.write(request, response, HttpStatus.FORBIDDEN, "forbidden", "problem.forbidden");
        http.securityMatcher("/edge/**")
                .authorizeHttpRequests(requests -> requests.requestMatchers(HttpMethod.POST, ENROLL)
                        .permitAll()
                        .anyRequest()
                        .hasRole("DEVICE"))
                .addFilterBefore(
                        DeviceAuthentication.filter(enrolments, index, unauthenticated), AuthorizationFilter.class)
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(csrf -> csrf.disable())
                .requestCache(cache -> cache.disable())
                .securityContext(context -> context.requireExplicitSave(true))
                .exceptionHandling(
                        e -> e.authenticationEntryPoint(unauthenticated).accessDeniedHandler(denied));
        return http.build();
    }

    /** The device credential as an OpenAPI security scheme, for the /edge/v1 operations that name it. */
    @Bean
    OpenApiCustomizer deviceSecurityScheme() {
        return api -> api.getComponents()
                .addSecuritySchemes(
                        "device",
                        new SecurityScheme()
                                .type(SecurityScheme.Type.HTTP)
                                .scheme("bearer")
                                .description(
                                        "the device credential (oled_…) from POST /edge/v1/enroll; valid on /edge/v1 only"));
    }

    /** The rules of a poll answered from memory, shared by the servlet filter and the fast listener. */
    @Bean
    ManifestHotPath manifestHotPath(ObjectProvider<ManifestIndex> index, EdgeProperties properties, Clock clock) {
        return new ManifestHotPath(index, properties, clock);
    }

    @Bean
    FilterRegistrationBean<ManifestFilter> manifestFilter(
            ManifestHotPath hotPath, ObjectProvider<LongPolls> longPolls, Clock clock) {
        FilterRegistrationBean<ManifestFilter> registration =
                new FilterRegistrationBean<>(new ManifestFilter(hotPath, longPolls, clock));
        registration.setAsyncSupported(true);
        registration.addUrlPatterns(MANIFEST);
        registration.setName("edgeManifestHotPath");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    /**
     * The boxes' reports take a lane of the connection pool ({@link ReportLane}), before Spring Security's filters
     * (order -100), whose credential check may read the database too.
     */
    @Bean
    FilterRegistrationBean<ReportLane> reportLane(
            EdgeProperties properties, ObjectProvider<DataSource> dataSource, EdgeProblems problems) {
        int width = properties.reportConnections() != null
                ? properties.reportConnections()
                : dataSource.getIfAvailable() instanceof HikariDataSource hikari
                        ? Math.max(1, hikari.getMaximumPoolSize() - 4)
                        : 6;
        FilterRegistrationBean<ReportLane> registration =
                new FilterRegistrationBean<>(new ReportLane(width, properties.reportPatience(), problems));
        registration.addUrlPatterns(ReportLane.PATHS);
        registration.setName("edgeReportLane");
        registration.setOrder(-101);
        return registration;
    }

    @Bean
    MeterBinder edgeReportLaneMeters(FilterRegistrationBean<ReportLane> reportLane) {
        return registry -> Gauge.builder("openloa.edge.reports.waiting", reportLane.getFilter(), ReportLane::waiting)
                .description("boxes' reports waiting for their turn at the database (heartbeats, play logs, events)")
                .register(registry);
    }

    /** Downloads of the media a device's manifest held in memory lists ({@link MediaFilter}). */
    @Bean
    FilterRegistrationBean<MediaFilter> mediaFilter(
            ObjectProvider<ManifestIndex> index,
            ObjectProvider<AudioLibrary> audio,
            FilterRegistrationBean<ManifestFilter> manifestFilter) {
        FilterRegistrationBean<MediaFilter> registration =
                new FilterRegistrationBean<>(new MediaFilter(index, audio, manifestFilter.getFilter()));
        registration.addUrlPatterns(MediaFilter.PREFIX + "*");
        registration.setName("edgeMediaHotPath");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    /** Item events of a device whose manifest this node holds in memory ({@link EventsFilter}). */
    @Bean
    FilterRegistrationBean<EventsFilter> eventsFilter(
            FilterRegistrationBean<ManifestFilter> manifestFilter,
            ObjectProvider<ItemEvents> events,
            ObjectProvider<JsonMapper> json) {
        FilterRegistrationBean<EventsFilter> registration =
                new FilterRegistrationBean<>(new EventsFilter(manifestFilter.getFilter(), events, json));
        registration.addUrlPatterns(EventsFilter.PATH);
        registration.setName("edgeEventsHotPath");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    @Bean
    MeterBinder edgeEventsMeters(FilterRegistrationBean<EventsFilter> eventsFilter) {
        return registry -> FunctionCounter.builder(
                        "openloa.edge.events.memory", eventsFilter.getFilter().served, LongAdder::doubleValue)
                .description("item event posts stored without the security chain (manifest held in memory)")
                .register(registry);
    }

    @Bean
    MeterBinder edgeHeldPolls(LongPolls polls) {
        return registry -> io.micrometer.core.instrument.Gauge.builder(
                        "openloa.edge.manifest.held", polls, LongPolls::held)
                .description("manifest polls held open (Prefer: wait) on this node")
                .register(registry);
    }

    /** Bound once the registry exists (the filter itself is made before it). */
    @Bean
    MeterBinder edgeManifestMeters(ManifestHotPath filter) {
        return registry -> {
            FunctionCounter.builder("openloa.edge.manifest.memory", filter.notModified, LongAdder::doubleValue)
                    .tag("answer", "304")
                    .description("manifest polls answered from memory")
                    .register(registry);
            FunctionCounter.builder("openloa.edge.manifest.memory", filter.served, LongAdder::doubleValue)
                    .tag("answer", "200")
                    .description("manifest polls answered from memory")
                    .register(registry);
        };
    }

    @Bean
    MeterBinder edgeItemEventMeters(ItemEvents events) {
        return registry -> FunctionCounter.builder(
                        "openloa.edge.events.transactions", events.transactionsRun, LongAdder::doubleValue)
                .description(
                        "transactions that stored the boxes' item event posts: posts that arrive together share one")
                .register(registry);
    }

    @Bean
    MeterBinder edgeWarmerMeters(ManifestWarmer warmer) {
        return registry -> {
            FunctionCounter.builder("openloa.edge.manifest.built.ahead", warmer.built, LongAdder::doubleValue)
                    .description(
                            "manifests built again right after the commit that changed them, before their box asked")
                    .register(registry);
            io.micrometer.core.instrument.Gauge.builder(
                            "openloa.edge.manifest.warm.last", warmer, w -> w.lastBurstSeconds)
                    .baseUnit("seconds")
                    .description("how long the last burst of builds ahead took, from the commit to the last build")
                    .register(registry);
        };
    }

    @Bean
    MeterBinder edgeMediaMeters(FilterRegistrationBean<MediaFilter> mediaFilter) {
        return registry -> FunctionCounter.builder(
                        "openloa.edge.media.memory", mediaFilter.getFilter().served, LongAdder::doubleValue)
                .description("media downloads answered without the database (manifest held in memory)")
                .register(registry);
    }
}
