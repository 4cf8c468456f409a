package org.openloa.cms.edge;

import java.util.List;
import java.util.UUID;
import org.openloa.cms.access.BearerCredential;
import org.openloa.cms.device.Enrolments;
import org.openloa.cms.device.Secrets;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.authentication.AuthenticationEntryPointFailureHandler;
import org.springframework.security.web.authentication.AuthenticationFilter;
import org.springframework.security.web.authentication.preauth.PreAuthenticatedAuthenticationToken;

/**
 * "Authorization: Bearer oled_…" as a device (the hot manifest path has answered before this from memory, when it
 * could). Any other bearer, a user's API token included, is refused: on /edge/v1 only devices are callers.
 *
 * <p>A credential whose current manifest this node holds ({@link ManifestIndex#byCredential}) is its device's without
 * a database read, by the rule the downloads from memory follow ({@link MediaFilter}): a revocation, a new
 * credential or a retirement drops the device from the index at that commit on this node, and within the refresh
 * on the others. The rest is checked against the database. A woken fleet posts two item events per box within
 * seconds of its polls (docs/benchmarks.md, "Emergency: time to air"); each looked its credential up first.
 */
final class DeviceAuthentication implements AuthenticationManager {

    private final Enrolments enrolments;
    private final ObjectProvider<ManifestIndex> index;

    DeviceAuthentication(Enrolments enrolments, ObjectProvider<ManifestIndex> index) {
        this.enrolments = enrolments;
        this.index = index;
    }

    @Override
    public Authentication authenticate(Authentication presented) {
        String secret = ((BearerCredential) presented).secret();
        if (!secret.startsWith(Secrets.CREDENTIAL_PREFIX)) {
            throw new BadCredentialsException("not a device credential");
        }
        String hash = Secrets.sha256(secret);
        CachedManifest held = index.getObject().byCredential(hash);
        UUID device = held != null
                ? held.deviceId()
                : enrolments
                        .deviceWithCredential(hash)
                        .orElseThrow(() -> new BadCredentialsException("not a device credential"));
        return new PreAuthenticatedAuthenticationToken(
                new EdgeDevice(device, hash), null, List.of(new SimpleGrantedAuthority("ROLE_DEVICE")));
    }

    /** The filter: a request with a bearer either authenticates as a device or is answered 401 at once. */
    static AuthenticationFilter filter(
            Enrolments enrolments, ObjectProvider<ManifestIndex> index, AuthenticationEntryPoint unauthenticated) {
        AuthenticationFilter filter =
                new AuthenticationFilter(new DeviceAuthentication(enrolments, index), BearerCredential.CONVERTER);
        filter.setSuccessHandler((request, response, authentication) -> {});
        filter.setFailureHandler(new AuthenticationEntryPointFailureHandler(unauthenticated));
        return filter;
    }
}
