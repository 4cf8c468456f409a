package org.openloa.cms.user.web;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
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

    @Schema(description = "A personal API token")
    record TokenView(
            @Schema(description = "the token's id") UUID id,

            @Schema(description = "what the owner named it for")
            String name,

            @Schema(description = "the start of the token's value, to recognise it")
            String hint,

            @Schema(description = "when it was created") Instant createdAt,

            @Schema(description = "when it stops working; null for never")
            Instant expiresAt,

            @Schema(description = "when it was last used; null if never")
            Instant lastUsedAt,

            @Schema(description = "when it was revoked; null while valid")
            Instant revokedAt,

            @Schema(description = "the token's value (olt_…): only in the answer that created it, null otherwise")
            String token) {

        static TokenView of(ApiToken t, String secret) {
            return new TokenView(
                    t.id(), t.name(), t.hint(), t.createdAt(), t.expiresAt(), t.lastUsedAt(), t.revokedAt(), secret);
        }
    }

    @Schema(description = "A new personal API token")
    record NewToken(
            @Schema(description = "what it is for, at most 100 characters", requiredMode = REQUIRED)
            String name,

            @Schema(description = "days it stays valid, 1..3650; absent means until revoked")
            Integer validDays) {}

    @GetMapping
    @Operation(summary = "The caller's tokens, without their values")
    List<TokenView> list() {
        return tokens.ownedBy(CurrentCaller.get()).stream()
                .map(t -> TokenView.of(t, null))
                .toList();
    }

    @PostMapping
    @Operation(summary = "Create a token; the answer is the only time its value is shown")
    @ApiResponse(responseCode = "201", description = "created; token holds its value")
    @ApiResponse(responseCode = "422", description = "a blank or too long name, or validDays out of range")
    ResponseEntity<TokenView> create(@RequestBody NewToken body) {
        TokenService.IssuedToken issued = tokens.issue(CurrentCaller.get(), body.name(), body.validDays());
        return ResponseEntity.status(HttpStatus.CREATED).body(TokenView.of(issued.token(), issued.secret()));
    }

    @DeleteMapping("/{id}")
    @Operation(summary = "Revoke one of the caller's tokens")
    @ApiResponse(responseCode = "204", description = "revoked")
    ResponseEntity<Void> revoke(@PathVariable UUID id) {
        tokens.revoke(CurrentCaller.get(), id);
        return ResponseEntity.noContent().build();
    }
}
