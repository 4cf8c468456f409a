package org.openloa.cms.alert.web;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The public CAP feeds (/feeds/**): read by anyone, GET only, no session, no cookie; ahead of the UI's chain,
 * which would ask for a login.
 */
@Configuration
class FeedSecurity {

    @Bean
    @Order(0)
    SecurityFilterChain feeds(HttpSecurity http) throws Exception {
        http.securityMatcher("/feeds/**")
                .authorizeHttpRequests(requests -> requests.requestMatchers(HttpMethod.GET, "/feeds/**")
                        .permitAll()
                        .anyRequest()
                        .denyAll())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .securityContext(context -> context.requireExplicitSave(true))
                .csrf(csrf -> csrf.disable());
        return http.build();
    }
}
