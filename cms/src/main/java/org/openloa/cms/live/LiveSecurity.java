package org.openloa.cms.live;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The ingest and the embedded listen mount take no user login ({@link LiveMounts} says why): a chain of their
 * own that lets them through, without sessions, CSRF or a saved request. The live page itself is an ordinary page
 * behind the login.
 */
@Configuration
class LiveSecurity {

    @Bean
    @Order(0)
    SecurityFilterChain liveMountChain(HttpSecurity http) throws Exception {
        http.securityMatcher("/live/ingest/**", "/live/listen/**")
                .authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(csrf -> csrf.disable())
                .requestCache(cache -> cache.disable());
        return http.build();
    }
}
