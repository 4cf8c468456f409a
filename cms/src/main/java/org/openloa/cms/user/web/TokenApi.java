package org.openloa.cms.user.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.openloa.cms.access.CurrentCaller;
import org.openloa.cms.user.ApiToken;
import org.openloa.cms.user.TokenService;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/tokens")
@Tag(name = "API tokens", description = "The caller's own personal API tokens (Authorization: Bearer olt_…)")
class TokenApi {

    private final TokenService tokens;

    TokenApi(TokenService tokens) {
        this.tokens = tokens;
    }

    record TokenView(
            UUID id,
            String name,
            String hint,
            Instant createdAt,
            Instant expiresAt,
            Instant lastUsedAt,
            Instant revokedAt,
            String token) {

        static TokenView of(ApiToken t, String secret) {
            return new TokenView(
                    t.id(), t.name(), t.hint(), t.createdAt(), t.expiresAt(), t.lastUsedAt(), t.revokedAt(), secret);
        }
    }

    record NewToken(String name, Integer validDays) {}

    @GetMapping
    List<TokenView> list() {
        return tokens.ownedBy(CurrentCaller.get()).stream()
                .map(t -> TokenView.of(t, null))
                .toList();
    }

    @PostMapping
    @Operation(summary = "Create a token; the answer is the only time its value is shown")
    ResponseEntity<TokenView> create(@RequestBody NewToken body) {
        TokenService.IssuedToken issued = tokens.issue(CurrentCaller.get(), body.name(), body.validDays());
        return ResponseEntity.status(HttpStatus.CREATED).body(TokenView.of(issued.token(), issued.secret()));
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> revoke(@PathVariable UUID id) {
        tokens.revoke(CurrentCaller.get(), id);
        return ResponseEntity.noContent().build();
    }
}
